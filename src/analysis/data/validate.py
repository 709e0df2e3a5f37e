"""Validation as code: schemas, keys, ranges and provinces-sum-to-total checks.

Every check returns a list of problems (strings naming file, row, column, value
and expectation) instead of stopping at the first, so one build reports all of
them. :func:`validate_all` raises :class:`ValidationFailed` if any problem is
found; the build then writes nothing.
"""

from __future__ import annotations

import math

import pandas as pd
import pandera.pandas as pa

from . import catalog as cat
from ..errors import ValidationFailed
from .harmonise import TIER_RANK
from .regions import N_PROVINCES, NATIONAL, REGION4, province_codes

GEO_CODES = [NATIONAL, *province_codes()]
#: Data years the project covers (earliest raw value: CPI 1994; latest: 2025).
YEAR_RANGE = (1990, 2030)

#: Sum checks that fail because the source itself is inconsistent, as the manifest's
#: `checks` column records. These are reported, not failed.
KNOWN_INCONSISTENT = {
    ("data/raw/yearbook/csy2010_22-48.csv", "uebmi_retirees"):
        "manifest: retirees 5525.1 vs printed total 5526.9 (Hebei row typo in the source)",
    ("data/raw/yearbook/csy2010_22-48.csv", "uebmi_staff"):
        "manifest: in-service 16410.6 vs printed 16410.5 (rounding, with the Hebei typo)",
}

LONG_SCHEMA = pa.DataFrameSchema(
    {
        "geo_code": pa.Column(str, pa.Check.isin(GEO_CODES)),
        "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE)),
        "indicator": pa.Column(str, pa.Check.isin(list(cat.indicators()))),
        "group": pa.Column(str),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str),
        "concept": pa.Column(str),
        "tier": pa.Column(str, pa.Check.isin(list(TIER_RANK))),
        "source_file": pa.Column(str, pa.Check.str_startswith("data/raw/")),
        "source_row": pa.Column(int, pa.Check.ge(2)),
        "source_column": pa.Column(str),
        "preferred": pa.Column(bool),
        "region_flag": pa.Column(str),
    },
    unique=["source_file", "source_row", "source_column", "geo_code", "year", "indicator", "group"],
    strict=False,
    name="province_year_long",
)


def _schema_problems(df: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        out = []
        for _, f in fc.head(50).iterrows():
            idx = f.get("index")
            where = ""
            if idx is not None and not (isinstance(idx, float) and math.isnan(idx)) and "source_file" in df.columns \
                    and idx in df.index:
                r = df.loc[idx]
                where = f"file {r['source_file']}, row {r['source_row']}, "
            out.append(f"{schema.name}: {where}column {f['column']!r}: value {f['failure_case']!r}; "
                       f"expected {f['check']}")
        return out
    return []


def check_long(long: pd.DataFrame) -> list[str]:
    """Schema, unique keys, one preferred value per key, plausible ranges."""
    problems = _schema_problems(long, LONG_SCHEMA)
    pref = long[long["preferred"]]
    dup = pref[pref.duplicated(["geo_code", "year", "indicator", "group"], keep=False)]
    for _, r in dup.head(10).iterrows():
        problems.append(f"province_year_long: file {r['source_file']}, row {r['source_row']}: more than one preferred "
                        f"value for {r['geo_code']} {r['year']} {r['indicator']}; expected one per key")
    for code, d in cat.indicators().items():
        rows = long[long["indicator"].eq(code) & long["value"].notna()]
        bad = rows[(rows["value"] < d["min"]) | (rows["value"] > d["max"])]
        for _, r in bad.head(10).iterrows():
            problems.append(f"file {r['source_file']}, row {r['source_row']}, column {r['source_column']!r}: "
                            f"value {r['value_as_printed']!r} ({r['value']:g} {d['unit']}); expected {code} "
                            f"between {d['min']:g} and {d['max']:g} {d['unit']}")
    return problems


def _decimals(printed: str) -> int:
    s = printed.strip().replace(",", "")
    return len(s.split(".")[1]) if "." in s else 0


def sum_checks(long: pd.DataFrame) -> pd.DataFrame:
    """Provinces against the printed national total, for every raw table that prints one.

    Tolerance = half a unit of the last printed digit for each summed value and
    for the total (``(n + 1) × 0.5 × 10^-decimals``), in the printed unit. Status:
    ``ok``; ``failed`` when all provinces are present and the sum is off;
    ``reported`` when it is off but provinces are missing (partial copies, blank
    rows) or the manifest records the source as inconsistent.
    """
    additive = [c for c, d in cat.indicators().items() if d["additive"]]
    d = long[long["indicator"].isin(additive) & long["value"].notna()]
    rows = []
    for (file, year, ind, group), g in d.groupby(["source_file", "year", "indicator", "group"], sort=True):
        total = g[g["geo_code"].eq(NATIONAL)]
        prov = g[g["geo_code"].ne(NATIONAL)]
        if len(total) != 1 or prov.empty:
            continue
        t = total.iloc[0]
        factor = t["factor"]
        dec = max([_decimals(p) for p in prov["value_as_printed"]] + [_decimals(t["value_as_printed"])])
        # Counts of counties are exact, not rounded: no tolerance.
        tol = 0.0 if t["unit"] == "counties" else (len(prov) + 1) * 0.5 * 10 ** -dec
        s = prov["value"].sum() / factor
        tv = t["value"] / factor
        diff = s - tv
        ok = abs(diff) <= tol + 1e-9
        known = KNOWN_INCONSISTENT.get((file, ind), "")
        if ok:
            status, note = "ok", ""
        elif len(prov) < N_PROVINCES:
            status, note = "reported", f"{N_PROVINCES - len(prov)} province(s) without a value in this table"
        elif known:
            status, note = "reported", known
        else:
            status, note = "failed", ""
        rows.append({"source_file": file, "year": int(year), "indicator": ind, "group": group,
                     "provinces": len(prov), "sum_printed_unit": round(s, 6), "total_printed": t["value_as_printed"],
                     "total_row": int(t["source_row"]), "difference": round(diff, 6), "tolerance": round(tol, 6),
                     "status": status, "note": note})
    return pd.DataFrame(rows, columns=["source_file", "year", "indicator", "group", "provinces", "sum_printed_unit",
                                       "total_printed", "total_row", "difference", "tolerance", "status", "note"])


def sum_check_problems(report: pd.DataFrame) -> list[str]:
    return [f"file {r.source_file}, row {r.total_row}, column {r.indicator}: printed total {r.total_printed}; "
            f"expected the {r.provinces} provinces' sum {r.sum_printed_unit:g} within ±{r.tolerance:g}"
            for r in report[report["status"].eq("failed")].itertuples()]


def key_problems(df: pd.DataFrame, key: list[str], name: str) -> list[str]:
    """One row per key in a processed table."""
    dup = df[df.duplicated(key, keep=False)]
    return [f"{name}: duplicate key {tuple(r[k] for k in key)}; expected one row per {', '.join(key)}"
            for _, r in dup.head(10).iterrows()]


PANEL_SCHEMA = pa.DataFrameSchema(
    {
        "geo_code": pa.Column(str, pa.Check.isin(province_codes())),
        "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE)),
        "name_en": pa.Column(str),
        "region4": pa.Column(str, pa.Check.isin(list(REGION4))),
        "income_concept": pa.Column(str, pa.Check.isin(["net", "disposable", ""])),
        "ncms_enrollment_ratio": pa.Column(float, pa.Check.in_range(0, 3), nullable=True),
        "burden_min_contribution": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    unique=["geo_code", "year"], strict=False, name="rural_panel",
)

NATIONAL_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE), unique=True),
        "income_concept": pa.Column(str, pa.Check.isin(["net", "disposable", ""])),
    },
    strict=False, name="national_series",
)

POLICY_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2003, 2030), unique=True),
        "min_individual_contribution": pa.Column(float, pa.Check.in_range(0, 2000), nullable=True),
        "min_fiscal_subsidy": pa.Column(float, pa.Check.in_range(0, 2000), nullable=True),
        "individual_share": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    strict=False, name="policy_standards",
)


SUMS_SCHEMA = pa.DataFrameSchema(
    {
        "source_file": pa.Column(str, pa.Check.str_startswith("data/raw/")),
        "indicator": pa.Column(str, pa.Check.isin(list(cat.indicators()))),
        "provinces": pa.Column(int, pa.Check.in_range(1, N_PROVINCES)),
        "status": pa.Column(str, pa.Check.isin(["ok", "reported", "failed"])),
    },
    unique=["source_file", "year", "indicator", "group"], strict=False, name="sum_checks",
)


def validate_all(tables: dict[str, pd.DataFrame], sums: pd.DataFrame) -> None:
    """Run every check on the processed tables; raise :class:`ValidationFailed` listing all problems."""
    problems = check_long(tables["province_year_long"])
    problems += sum_check_problems(sums)
    problems += _schema_problems(tables["rural_panel"], PANEL_SCHEMA)
    problems += _schema_problems(tables["national_series"], NATIONAL_SCHEMA)
    problems += _schema_problems(tables["policy_standards"], POLICY_SCHEMA)
    problems += _schema_problems(sums, SUMS_SCHEMA)
    problems += key_problems(tables["provinces"], ["code"], "provinces")
    if problems:
        raise ValidationFailed(problems)
