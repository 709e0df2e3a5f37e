"""Load the processed datasets in one call each.

>>> from analysis import datasets
>>> panel = datasets.rural_panel()          # province × year, derived measures
>>> long = datasets.province_year_long()    # every value with its raw file and row
>>> datasets.trace("rural_income", "110000", 2020)   # where a number comes from

Run ``make all`` (or ``python -m analysis build``) first; a missing table raises
an error that says so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .paths import layout


def _load(name: str, root: Path | str | None = None) -> pd.DataFrame:
    path = layout(root).processed / f"{name}.parquet"
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: run `make all` or `python -m analysis build` first")
    return pd.read_parquet(path)


def province_year_long(root=None) -> pd.DataFrame:
    """Every value read from the raw tables: geo_code, year, indicator, group, value, unit, concept,
    preferred, tier, source_file, source_row, … (the single source of truth)."""
    return _load("province_year_long", root)


def rural_panel(root=None) -> pd.DataFrame:
    """Province × year panel of preferred values with derived measures (income, burden, enrolment ratio)."""
    return _load("rural_panel", root)


def national_series(root=None) -> pd.DataFrame:
    """National series by year (preferred values) with rural income and burden."""
    return _load("national_series", root)


def policy_standards(root=None) -> pd.DataFrame:
    """National minimum individual contribution and fiscal subsidy by policy year, with source rows."""
    return _load("policy_standards", root)


def provinces(root=None) -> pd.DataFrame:
    """The province reference: code, names, NBS region, tile-grid position."""
    return _load("provinces", root)


def sum_checks(root=None) -> pd.DataFrame:
    """Provinces-sum-to-national-total checks with their status (ok / reported)."""
    return _load("sum_checks", root)


def evidence(root=None) -> pd.DataFrame:
    """Statements on the enrolment decline (official explanations, changes, media and academic views), as text."""
    return _load("evidence", root)


def raw_sources(root=None) -> pd.DataFrame:
    """One row per raw file behind the processed data: path, title (publication), table, url, tier, sha256."""
    import json
    pkg = json.loads((layout(root).processed / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}
    rows = res["province_year_long"]["sources"] + res["evidence"]["sources"]
    return pd.DataFrame(rows).drop_duplicates("path").sort_values("path").reset_index(drop=True)


#: Derived panel columns and the indicators they are computed from.
DERIVED_FROM = {
    "rural_income": ["rural_disposable_income", "rural_net_income"],
    "burden_min_contribution": ["min_individual_contribution", "rural_disposable_income", "rural_net_income"],
    "ncms_enrollment_ratio": ["ncms_enrollees", "rural_population"],
    "ncms_financing_per_enrollee_computed": ["ncms_funds_raised", "ncms_enrollees"],
}


def trace(column: str, geo_code: str, year: int, root=None) -> pd.DataFrame:
    """The raw file, row and printed value behind a panel or series number.

    For a derived column, the rows of every indicator it is computed from
    (national policy standards included). Only preferred values are returned.
    """
    long = province_year_long(root)
    inds = DERIVED_FROM.get(column, [column.split("__")[0]])
    geo = [geo_code, "000000"] if column.startswith("burden") else [geo_code]
    hit = long[long["preferred"] & long["indicator"].isin(inds) & long["geo_code"].isin(geo) & long["year"].eq(year)]
    return hit[["geo_code", "year", "indicator", "group", "value", "unit", "value_as_printed", "unit_as_printed",
                "source_file", "source_row", "source_column", "publication"]].reset_index(drop=True)
