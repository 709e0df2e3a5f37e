"""Load the processed datasets in one call each.

>>> from analysis import datasets
>>> panel = datasets.rural_panel()          # province × year, derived measures
>>> long = datasets.province_year_long()    # every value with its raw file and row
>>> datasets.trace("rural_income", "110000", 2020)   # where a number comes from

Run ``make all`` (or ``python -m analysis build``) first; a missing table raises
an error that says so.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pandas as pd

# group_column: the notebooks name a sub-group's column through datasets; the rule is in data.catalog.
from .data.catalog import VALUE_COLUMNS, group_column as group_column, slug, split_group_column

# Constants for the values of the tables' columns, so notebooks name a tier or the national rows without a literal.
from .data.harmonise import DERIVED_TIER as DERIVED_TIER
from .data.manifest import (
    COMPILED_TIER as COMPILED_TIER,
    DATABASE_COPY_TIER as DATABASE_COPY_TIER,
    EVIDENCE_TIER as EVIDENCE_TIER,
    OFFICIAL_TABLE_TIER as OFFICIAL_TABLE_TIER,
)
from .data.regions import NATIONAL as NATIONAL
from .errors import DataError
from .paths import layout, raw_file


def _path(name: str, root) -> Path:
    path = layout(root).processed / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `make all` or `python -m analysis build` first")
    return path


def _load(name: str, root: Path | str | None = None) -> pd.DataFrame:
    return pd.read_parquet(_path(f"{name}.parquet", root))


def _table(name: str, doc: str):
    def load(root=None) -> pd.DataFrame:
        return _load(name, root)

    load.__name__ = load.__qualname__ = name
    load.__doc__ = doc
    return load


province_year_long = _table(
    "province_year_long",
    """Every value read from the raw tables: geo_code, year, indicator,
    group, value, unit, concept, preferred, tier, source_file, source_row, … (the single source of truth).""",
)
rural_panel = _table(
    "rural_panel", "Province × year panel of preferred values with derived measures (income, burden, enrolment ratio)."
)
national_series = _table("national_series", "National series by year (preferred values) with rural income and burden.")
policy_standards = _table(
    "policy_standards", "National minimum individual contribution and fiscal subsidy by policy year, with source rows."
)
provinces = _table("provinces", "The province reference: code, names, NBS region, tile-grid position.")
sum_checks = _table("sum_checks", "Provinces-sum-to-national-total checks with their status (ok / reported).")
agreement_checks = _table(
    "agreement_checks",
    "Every other version of a figure against the preferred one, with its status (ok / known conflict / failed).",
)
evidence = _table(
    "evidence",
    "Statements on the enrolment decline (official explanations, changes, media and academic views), as text.",
)


def named_evidence(*names: str, root=None) -> pd.DataFrame:
    """The statements of the evidence table with the given names (``reference/named_evidence.csv``, where each
    name is tied to the file, data year, value and address of its statement), in that order, indexed by their
    raw row (``source_row``). A name not listed, or a statement that changed since it was named, is an error."""
    from .data.validate import evidence_lookup

    ev = evidence(root)
    rows, problems = evidence_lookup(ev)
    unknown = [n for n in names if n not in rows]
    if unknown:
        raise KeyError(
            f"evidence not named or not found: {', '.join(unknown)}"
            + (f" ({'; '.join(problems)})" if problems else " (see src/analysis/data/reference/named_evidence.csv)")
        )
    return ev.loc[[rows[n] for n in names]].set_index("source_row")


def statement(name: str, root=None) -> str:
    """The value of the named statement as the evidence file prints it (:func:`named_evidence`)."""
    return str(named_evidence(name, root=root)["value"].iloc[0])


def rural_price_level(base_year: int, root=None) -> pd.Series:
    """The national rural consumer price level by year, ``base_year`` = 100, chained from the printed
    preceding-year indices (:func:`analysis.stats.chain_index`); missing beyond the last printed index.
    Divide nominal yuan by it with :func:`analysis.stats.deflate`."""
    from .stats import chain_index

    return chain_index(national_series(root).set_index("year")["rural_cpi"], base_year)


@lru_cache(maxsize=4)
def _package(path: Path, mtime_ns: int) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def package(root=None) -> dict:
    """``datapackage.json`` of the processed tables (read once per build)."""
    path = _path("datapackage.json", root)
    return _package(path, path.stat().st_mtime_ns)


def raw_sources(root=None) -> pd.DataFrame:
    """One row per raw file behind the processed data: path, title (publication), table, url, tier, sha256."""
    res = {r["name"]: r for r in package(root)["resources"]}
    rows = res["province_year_long"]["sources"] + res["evidence"]["sources"]
    return pd.DataFrame(rows).drop_duplicates("path").sort_values("path").reset_index(drop=True)


_PROVENANCE = ["geo_code", "year", "indicator", "group", "preferred", "source_file", "publication"]


@lru_cache(maxsize=4)
def _provenance(path: Path, mtime_ns: int) -> pd.DataFrame:
    d = pd.read_parquet(path, columns=_PROVENANCE)
    return d[d["preferred"]].drop(columns="preferred").reset_index(drop=True)


def source_publications(
    indicators: Iterable[str],
    *,
    years: Iterable[int] | None = None,
    geo: str | None = None,
    groups: bool | Iterable[str] = False,
    root=None,
) -> pd.DataFrame:
    """The raw files and publications (``source_file``, ``publication``) behind the preferred values of
    ``indicators`` (in ``years``; ``geo`` = "national" or "province"; sub-group values only with
    ``groups=True`` or those listed in ``groups``), one row per pair, sorted."""
    path = _path("province_year_long.parquet", root)
    used = _provenance(path, path.stat().st_mtime_ns)
    used = used[used["indicator"].isin(list(indicators))]
    if groups is False:
        used = used[used["group"].eq("")]
    elif groups is not True:
        used = used[used["group"].isin(list(groups))]
    if years is not None:
        used = used[used["year"].isin(list(years))]
    if geo is not None:
        national = used["geo_code"].eq(NATIONAL)
        used = used[national] if geo == "national" else used[~national]
    return (
        used[["source_file", "publication"]]
        .drop_duplicates()
        .sort_values(["source_file", "publication"])
        .reset_index(drop=True)
    )


TRACE_COLUMNS = [
    *VALUE_COLUMNS,
    "value_as_printed",
    "unit_as_printed",
    "source_file",
    "source_row",
    "source_column",
    "publication",
    "tier",
    "derivation",
]


def trace_inputs(column: str) -> tuple[list[str], list[str], str]:
    """(indicators, indicators read from the national row, group) that a processed column is computed from:
    itself for an indicator column (``code`` or ``code__group``), its catalog ``inputs`` for a derived one."""
    from .data import catalog as cat

    base, group = split_group_column(column)
    if base in cat.indicators():
        national = [base] if cat.indicators()[base].get("geography") == "national" else []
        return [base], national, group
    if column in cat.derived():
        d = cat.derived()[column]
        return d["inputs"], d.get("national_inputs", []), ""
    raise KeyError(f"{column!r} is neither an indicator nor a derived column in catalog.toml")


def trace(column: str, geo_code: str, year: int, root=None) -> pd.DataFrame:
    """The raw file, row and printed value behind a panel or series number.

    For a derived column, the rows of every input named in ``catalog.toml`` (national policy standards
    from the national row). Only preferred values are returned. ``geo_code`` is a province code (``"620000"``,
    or its first two digits ``"62"``), a province name in any spelling (``"Gansu"``, ``"甘肃"``), or ``"000000"``
    for a national figure; anything else is an error naming it (never an empty answer).
    """
    geo_code = _geo_code(geo_code)
    inds, national_inds, group = trace_inputs(column)
    long = province_year_long(root)
    long = long[long["preferred"] & long["year"].eq(year) & long["indicator"].isin(inds)]
    geo = long["geo_code"].eq(geo_code) | (long["indicator"].isin(national_inds) & long["geo_code"].eq(NATIONAL))
    hit = long[geo & (long["group"].map(slug).eq(group) if group else long["group"].eq(""))]
    return hit[TRACE_COLUMNS].reset_index(drop=True)


def _geo_code(given) -> str:
    """The six-digit code of a province or the nation as :func:`trace` accepts it (see there)."""
    import re

    from .data.regions import try_code

    text = str(given).strip()
    if text == NATIONAL:
        return NATIONAL
    code = try_code(text + "0000" if re.fullmatch(r"\d{2}", text) else text)
    if code is None:
        raise DataError(
            "trace", None, "geo_code", given, "a province code (620000 or 62), a province name, or 000000 (national)"
        )
    return code


def raw_mentions(pattern: str, root=None) -> pd.DataFrame:
    """Every line of every file under ``data/raw/`` (numeric tables, context and evidence files, READMEs and
    the manifest alike) that matches the regular expression ``pattern`` (case-insensitive).

    Returns file (relative to the project), line (1-based, the header is line 1) and text. A finding that
    something is *missing from the material* is checked with this, not with the long table, which leaves
    out the context files.
    """
    import re

    raw = layout(root).raw
    rx = re.compile(pattern, re.IGNORECASE)
    rows = [
        (path.relative_to(raw.parent.parent).as_posix(), n, line.rstrip("\n"))
        for path in sorted(p for p in raw.rglob("*") if p.is_file() and p.suffix in {".csv", ".md", ".txt"})
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if rx.search(line)
    ]
    return pd.DataFrame(rows, columns=["file", "line", "text"])


#: The raw files of scattered provincial figures kept as context (not read into the numeric tables), as
#: :func:`raw_mentions` names them: every file under ``provincial/`` and the national file of scattered ones.
PROVINCIAL_CONTEXT_FILES = (raw_file("provincial/"), raw_file("national/news_province-scattered.csv"))

#: The raw table of national minimum standards, and how its notes record a second printed contribution.
POLICY_STANDARDS_RAW = "national/policy_premium_standards.csv"
_CONFLICT_NOTE = r"^CONFLICT:.*?\b(\d+)-yuan premium"


def contribution_conflict(year: int, root=None) -> dict:
    """The two individual contributions the raw standards table records for ``year`` when its note starts
    with ``CONFLICT:`` (2013: 70 yuan in the table, NHFPC September 2013; 60 in the note, Xinhua January
    2013): ``used`` (the table's value, which every notebook uses), ``other`` (the "N-yuan premium" the note
    states), ``file``, ``line`` (1-based, the header is line 1) and ``note``. Both are printed values,
    neither is estimated; a notebook that uses the year says which it used and checks its findings with
    the other. ``known`` is why, from the reviewed table of known source problems
    (``reference/known_problems.csv``, kind ``conflict``), which must list the year's contribution conflict.

    Raises ``ValueError`` naming the file, line and column when the year has no such note or the reviewed
    table does not list it.
    """
    import re

    from .data.validate import known_conflicts

    path = layout(root).raw / POLICY_STANDARDS_RAW
    name = raw_file(POLICY_STANDARDS_RAW)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    rows = table.index[table["year"].eq(str(year))]
    if len(rows) != 1:
        raise ValueError(f"{name}: {len(rows)} rows for year {year} in column 'year', expected one")
    line, note = int(rows[0]) + 2, table.at[rows[0], "notes"]
    found = re.search(_CONFLICT_NOTE, note)
    if not found:
        raise ValueError(
            f"{name} line {line}, column 'notes': no 'CONFLICT: … N-yuan premium' note for {year} (found {note!r})"
        )
    k = known_conflicts()
    known = k[k["indicator"].eq("min_individual_contribution") & k["year"].eq(str(year)) & k["file"].eq(name)]
    if len(known) != 1:
        raise ValueError(
            f"src/analysis/data/reference/known_problems.csv: {len(known)} conflict rows for "
            f"min_individual_contribution {year} in {name}, expected one (the note at line {line} records a conflict)"
        )
    return {
        "known": known["note"].iloc[0],
        "used": float(table.at[rows[0], "individual_contribution_yuan"]),
        "other": float(found.group(1)),
        "file": name,
        "line": line,
        "note": note,
    }


def implied_contribution(year: int, root=None) -> dict:
    """The individual contribution of ``year`` that a printed total financing standard and a subsidy printed on
    the same raw row imply (total − subsidy), beside the contribution used (the preferred printed one): ``used``,
    ``implied``, ``total`` and ``subsidy`` (yuan), ``used_source`` and ``source`` (``<file> row <n>``), and
    ``publication``. Both are from printed figures, neither is estimated; where they differ a notebook that uses
    the year says which it used and checks its findings with the other (as for the two printed 2013
    contributions, :func:`contribution_conflict`).

    Raises ``ValueError`` when no row prints both a total and a subsidy for ``year``, or when the year has no
    printed contribution (then the difference is the year's derived contribution itself, see catalog.toml).
    """
    long = province_year_long(root)
    nat = long[long["geo_code"].eq(NATIONAL) & long["year"].eq(year) & long["value"].notna()]
    cols = ["source_file", "source_row", "value", "publication"]
    total = nat.loc[nat["indicator"].eq("min_total_financing"), cols]
    subsidy = nat.loc[nat["indicator"].eq("min_fiscal_subsidy"), cols]
    pairs = total.merge(subsidy, on=["source_file", "source_row", "publication"], suffixes=("_total", "_subsidy"))
    used = nat[nat["indicator"].eq("min_individual_contribution") & nat["preferred"] & nat["tier"].ne("derived")]
    if len(pairs) != 1 or len(used) != 1:
        raise ValueError(
            f"{year}: {len(pairs)} raw rows print both a total financing standard and a subsidy, and {len(used)} "
            "printed contributions are preferred; expected one of each"
        )
    p, u = pairs.iloc[0], used.iloc[0]
    return {
        "used": float(u["value"]),
        "implied": float(p["value_total"] - p["value_subsidy"]),
        "total": float(p["value_total"]),
        "subsidy": float(p["value_subsidy"]),
        "used_source": f"{u['source_file']} row {u['source_row']}",
        "source": f"{p['source_file']} row {p['source_row']}",
        "publication": p["publication"],
    }
