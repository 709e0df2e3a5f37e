"""Build ``data/processed/`` from ``data/raw/``: verify, read, harmonise, derive, validate, write.

Nothing is written unless every check passes, and the processed folder is
replaced in one step (written beside it, then swapped), so a failed build
leaves the previous outputs untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable

import pandas as pd

from . import catalog as cat
from .harmonise import add_provenance, choose_preferred, mark_income_concept
from .manifest import verify_checksums
from .metrics import (add_burden, add_financing_check, add_participation, add_region_columns, add_rural_income,
                      wide_from_long)
from .paths import Layout, layout as get_layout
from .readers import EVIDENCE_COLUMNS, TEXT_READERS, read_file
from .regions import reference
from .validate import sum_checks, validate_all

#: Processed tables, in the order they are written and documented.
TABLES = ("province_year_long", "rural_panel", "national_series", "policy_standards", "provinces",
          "sum_checks", "evidence")

LONG_ORDER = ["geo_code", "year", "indicator", "group", "value", "unit", "concept", "preferred", "tier", "source_rank",
              "series_break", "qualifier", "region_flag", "value_as_printed", "unit_as_printed", "factor",
              "reference_period", "publication", "publication_date", "source_url", "region_as_printed",
              "source_file", "source_row", "source_column"]

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def read_all(lay: Layout, progress: Progress = _quiet) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Verify checksums, then read every raw file; return (long table, text evidence, manifest).

    Text evidence comes from the families read by :data:`~analysis.readers.TEXT_READERS`.
    """
    manifest = verify_checksums(lay.raw)
    progress(f"checksums: {len(manifest)} raw files verified")
    frames, evidence = [], []
    for i, (_, meta) in enumerate(manifest.iterrows(), start=1):
        df = read_file(lay.raw, meta)
        text = cat.family(meta["family"])["reader"] in TEXT_READERS
        progress(f"[{i:2d}/{len(manifest)}] {meta['path']} ({meta['family']}): {len(df)} {'facts' if text else 'values'}")
        if text:
            evidence.append(df)
        elif len(df):
            frames.append(df)
    evidence = (pd.concat(evidence, ignore_index=True) if evidence
                else pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "source_file", "source_row"]))
    long = pd.concat(frames, ignore_index=True)
    long = long.astype({"year": int, "source_row": int, "value": float, "factor": float})
    long = (long.pipe(add_provenance, manifest)
                .pipe(mark_income_concept)
                .pipe(choose_preferred))
    long = long[LONG_ORDER].sort_values(["geo_code", "year", "indicator", "group", "source_file", "source_row",
                                         "source_column"], kind="mergesort").reset_index(drop=True)
    return long, evidence, manifest


def policy_table(long: pd.DataFrame) -> pd.DataFrame:
    """Policy standards by year: minimum individual contribution and subsidy, each with its source row.

    Years are those the compiled policy series lists (2003 on); a year without
    a published standard keeps a gap. ``min_total`` is contribution + subsidy
    only where both were published; ``individual_share`` = contribution ÷ total.
    """
    indicators = ["min_individual_contribution", "min_fiscal_subsidy"]
    pol = long[long["indicator"].isin(indicators)]
    pref = pol[pol["preferred"]].assign(source=lambda d: d["source_file"] + "#row" + d["source_row"].astype(str))
    out = pd.DataFrame({"year": sorted(pol["year"].unique())})
    for ind in indicators:
        sub = pref[pref["indicator"].eq(ind)].set_index("year")
        out[ind] = out["year"].map(sub["value"]).astype(float)
        out[f"{ind}_source"] = out["year"].map(sub["source"]).fillna("")
    out["min_total"] = out["min_individual_contribution"] + out["min_fiscal_subsidy"]
    out["individual_share"] = out["min_individual_contribution"] / out["min_total"]
    return out.astype({"year": int})


def derive_tables(long: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """All processed tables from the harmonised long table."""
    policy = policy_table(long)
    panel = (wide_from_long(long, "province")
             .pipe(add_rural_income)
             .pipe(add_participation)
             .pipe(add_financing_check)
             .pipe(add_burden, policy)
             .pipe(add_region_columns))
    flags = (long[long["preferred"] & long["region_flag"].ne("")]
             .groupby(["geo_code", "year"])["region_flag"].agg(lambda s: "; ".join(sorted(set(s)))))
    panel["region_flag"] = pd.Series(list(zip(panel["geo_code"], panel["year"]))).map(flags).fillna("").values
    front = ["geo_code", "name_en", "region4", "year", "rural_income", "income_concept", "min_individual_contribution",
             "burden_min_contribution", "ncms_enrollees", "rural_population", "ncms_enrollment_ratio",
             "ncms_enrollment_over_100", "ncms_financing_per_enrollee", "ncms_financing_per_enrollee_computed",
             "ncms_financing_gap_yuan", "ncms_reimbursements_per_enrollee", "region_flag"]
    panel = panel[front + sorted(c for c in panel.columns if c not in front)]
    national = (wide_from_long(long, "national").pipe(add_rural_income).pipe(add_burden, policy)
                .drop(columns=["geo_code"]))
    nat_front = ["year", "rural_income", "income_concept", "min_individual_contribution", "burden_min_contribution"]
    national = national[nat_front + sorted(c for c in national.columns if c not in nat_front)]
    provinces = reference().drop(columns=["aliases"])
    return {"province_year_long": long, "rural_panel": panel.reset_index(drop=True),
            "national_series": national.reset_index(drop=True), "policy_standards": policy, "provinces": provinces}


_DESCRIPTIONS = {
    "geo_code": "GB/T 2260 province code; 000000 = national",
    "year": "data year (not publication year; for policy standards: policy year)",
    "indicator": "indicator code (see catalog.toml)", "group": "income quintile or census sub-population; empty = all",
    "value": "value in base unit (persons, yuan, %, counties, person-times); empty = printed blank",
    "unit": "base unit of value", "concept": "income concept where it matters (net vs disposable income)",
    "preferred": "True for the one value per key that charts use (see harmonise.choose_preferred)",
    "tier": "source tier from the raw manifest", "source_rank": "within-tier preference of the source family (catalog.toml rank)", "series_break": "'income concept' on the first disposable-income year",
    "qualifier": "printed qualifier: about, nearly, more than", "region_flag": "how the province was identified when not by its printed name",
    "value_as_printed": "the cell as printed", "unit_as_printed": "the unit as printed", "factor": "printed unit × factor = base unit",
    "reference_period": "reference period as printed (long-format sources)", "publication": "publication the value was printed in",
    "publication_date": "publication date as given (long-format sources)", "source_url": "address of the source",
    "region_as_printed": "region name as printed", "source_file": "raw file the value comes from",
    "source_row": "CSV row in the raw file (header = 1)", "source_column": "column heading in the raw file",
    "name_en": "province name (NBS English)", "region4": "NBS four-region group",
    "rural_income": "rural per-capita income, yuan: disposable where published, else net (see income_concept)",
    "income_concept": "net (old survey, to 2013) or disposable (integrated survey, from 2013)",
    "min_individual_contribution": "national minimum individual contribution of the policy year, yuan",
    "burden_min_contribution": "min_individual_contribution / rural_income (share of per-capita income)",
    "ncms_enrollment_ratio": "NCMS enrollees / resident rural population (can exceed 1)",
    "ncms_enrollment_over_100": "True where NCMS enrollees exceed the resident rural population",
    "ncms_financing_per_enrollee_computed": "NCMS funds raised / enrollees, yuan",
    "ncms_financing_gap_yuan": "computed minus printed financing per enrollee, yuan",
    "ncms_reimbursements_per_enrollee": "NCMS reimbursement person-times / enrollees",
    "min_fiscal_subsidy": "national minimum fiscal subsidy per person of the policy year, yuan",
    "min_total": "contribution + subsidy where both were published, yuan",
    "individual_share": "contribution / (contribution + subsidy)",
    "topic": "kind of statement (official explanation, enrolment change, media or academic attribution)",
    "data_year": "period the statement refers to, as given", "source_type": "who said it",
    "source": "publication as given", "quote": "the statement as printed", "notes": "transcribers' notes",
}


def _field(name: str, dtype) -> dict:
    kind = ("integer" if pd.api.types.is_integer_dtype(dtype) else "boolean" if pd.api.types.is_bool_dtype(dtype)
            else "number" if pd.api.types.is_float_dtype(dtype) else "string")
    base = name.split("__")[0]
    ind = cat.indicators().get(base)
    field = {"name": name, "type": kind}
    if ind:
        field["description"] = ind["description"] + (f" ({name.split('__')[1]})" if "__" in name else "")
        field["unit"] = ind["unit"]
    else:
        field["description"] = _DESCRIPTIONS.get(name, _DESCRIPTIONS.get(name.rsplit("_source", 1)[0], ""))
    return field


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_tables(tables: dict[str, pd.DataFrame], manifest: pd.DataFrame, dest: Path) -> None:
    """Write every table as CSV and Parquet plus ``datapackage.json`` into ``dest`` (deterministic bytes)."""
    dest.mkdir(parents=True, exist_ok=True)
    long = tables["province_year_long"]
    used = sorted(set(long["source_file"]))
    meta = manifest.set_index("data/raw/" + manifest["path"])
    resources = []
    for name in TABLES:
        df = tables[name]
        csv_path, pq_path = dest / f"{name}.csv", dest / f"{name}.parquet"
        df.to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8")
        df.to_parquet(pq_path, index=False, engine="pyarrow", compression="snappy")
        if name in ("province_year_long", "rural_panel", "national_series", "sum_checks"):
            files = used
        elif name == "policy_standards":
            files = sorted(set(long.loc[long["indicator"].str.startswith("min_"), "source_file"]))
        elif name == "evidence":
            files = sorted(set(df["source_file"]))
        else:
            files = ["src/analysis/reference/regions.csv"]
        resources.append({
            "name": name, "path": f"{name}.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "hash": "sha256:" + _sha256(csv_path), "bytes": csv_path.stat().st_size,
            "parquet": {"path": f"{name}.parquet", "hash": "sha256:" + _sha256(pq_path)},
            "schema": {"fields": [_field(c, df[c].dtype) for c in df.columns]},
            "sources": [{"path": f,
                         "title": meta.at[f, "publication"] if f in meta.index else "project reference table",
                         "table": meta.at[f, "table_id"] if f in meta.index else "",
                         "url": (meta.at[f, "canonical_url"] or meta.at[f, "retrieved_from"]) if f in meta.index else "",
                         "tier": meta.at[f, "tier"] if f in meta.index else "",
                         "sha256": meta.at[f, "sha256"] if f in meta.index else ""} for f in files],
        })
    package = {"name": "china-rural-insurance-panel", "title": "Rural social insurance, premiums and incomes in China, by province and year",
               "profile": "tabular-data-package", "resources": resources}
    (dest / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n",
                                           encoding="utf-8")


def _swap_in(tmp: Path, dest: Path) -> None:
    """Replace ``dest`` with ``tmp`` (renames on the same file system)."""
    old = dest.with_name(dest.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if dest.exists():
        os.replace(dest, old)
    os.replace(tmp, dest)
    if old.exists():
        shutil.rmtree(old)


def compute(root: Path | str | None = None, progress: Progress = _quiet) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Read, harmonise, derive and validate; return (tables, manifest). Writes nothing."""
    lay = get_layout(root)
    long, evidence, manifest = read_all(lay, progress)
    tables = derive_tables(long)
    tables["evidence"] = evidence
    sums = sum_checks(long)
    tables["sum_checks"] = sums
    progress(f"validating: {len(long)} values, {len(sums)} sum checks "
             f"({(sums['status'] == 'reported').sum()} reported, {(sums['status'] == 'failed').sum()} failed)")
    validate_all(tables, sums)
    return tables, manifest


def build(root: Path | str | None = None, progress: Progress = _quiet) -> Path:
    """Build ``data/processed/``; return its path. On any error nothing is written."""
    lay = get_layout(root)
    tables, manifest = compute(lay.root, progress)
    lay.processed.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".processed-", dir=lay.processed.parent))
    try:
        write_tables(tables, manifest, tmp)
        _swap_in(tmp, lay.processed)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
    for name in TABLES:
        progress(f"wrote data/processed/{name}.csv, .parquet ({len(tables[name])} rows)")
    return lay.processed


def stderr_progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
