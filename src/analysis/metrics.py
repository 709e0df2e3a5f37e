"""Derived measures: participation ratios, financing checks, the premium burden."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .regions import NATIONAL, reference

#: A computed financing per enrollee may differ from the printed one by rounding of
#: its two printed parts; the CSY2012 21-21 check in the manifest finds at most ±0.2 yuan.
FINANCING_CHECK_TOLERANCE_YUAN = 0.5


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def wide_from_long(long: pd.DataFrame, geo: str) -> pd.DataFrame:
    """Pivot the preferred values to one row per (geo_code, year), one column per indicator.

    A value for a sub-group (income quintile, census sub-population) becomes a
    column ``<indicator>__<group>``.
    """
    use = long[long["preferred"]]
    use = use[use["geo_code"].eq(NATIONAL)] if geo == "national" else use[use["geo_code"].ne(NATIONAL)]
    col = np.where(use["group"].eq(""), use["indicator"], use["indicator"] + "__" + use["group"].map(slug))
    wide = (use.assign(column=col)
               .pivot_table(index=["geo_code", "year"], columns="column", values="value", aggfunc="first")
               .sort_index(axis=1))
    wide.columns.name = None
    return wide.reset_index()


def add_rural_income(wide: pd.DataFrame) -> pd.DataFrame:
    """Add ``rural_income`` and ``income_concept``: the one income figure a year has.

    Rule: disposable income where it exists (integrated survey), else net income
    (old survey, to 2013). The concept column says which, so a chart can break
    its line at the change; the two are never joined as if they were one series.
    """
    disp = wide.get("rural_disposable_income", pd.Series(np.nan, index=wide.index))
    net = wide.get("rural_net_income", pd.Series(np.nan, index=wide.index))
    concept = np.where(disp.notna(), "disposable", np.where(net.notna(), "net", ""))
    return wide.assign(rural_income=disp.where(disp.notna(), net), income_concept=concept)


def add_participation(wide: pd.DataFrame) -> pd.DataFrame:
    """Add ``ncms_enrollment_ratio`` = NCMS enrollees ÷ resident rural population, and a flag > 1.

    NCMS enrols by household registration, the population counts residents, so
    the ratio can exceed 1 (migrants registered at home); it is flagged, not capped.
    """
    if "ncms_enrollees" not in wide or "rural_population" not in wide:
        return wide.assign(ncms_enrollment_ratio=np.nan, ncms_enrollment_over_100=False)
    ratio = wide["ncms_enrollees"] / wide["rural_population"]
    return wide.assign(ncms_enrollment_ratio=ratio, ncms_enrollment_over_100=ratio.gt(1.0))


def add_financing_check(wide: pd.DataFrame) -> pd.DataFrame:
    """Add ``ncms_financing_per_enrollee_computed`` = funds raised ÷ enrollees, its gap to the printed
    figure, and ``ncms_reimbursements_per_enrollee`` = reimbursement person-times ÷ enrollees."""
    if "ncms_funds_raised" not in wide or "ncms_enrollees" not in wide:
        return wide
    computed = wide["ncms_funds_raised"] / wide["ncms_enrollees"]
    printed = wide.get("ncms_financing_per_enrollee", pd.Series(np.nan, index=wide.index))
    visits = wide.get("ncms_beneficiary_visits", pd.Series(np.nan, index=wide.index))
    return wide.assign(ncms_financing_per_enrollee_computed=computed,
                       ncms_financing_gap_yuan=computed - printed,
                       ncms_reimbursements_per_enrollee=visits / wide["ncms_enrollees"])


def add_burden(wide: pd.DataFrame, policy: pd.DataFrame) -> pd.DataFrame:
    """Add ``burden_min_contribution`` = national minimum individual contribution ÷ rural income per capita.

    The contribution is the standard of the policy year equal to the data year
    (a farmer often pays it in autumn for the next year's cover). A year without a
    published standard gives a gap, never an estimate. Income is per capita of the
    concept in ``income_concept``.
    """
    contrib = policy.set_index("year")["min_individual_contribution"]
    c = wide["year"].map(contrib)
    return wide.assign(min_individual_contribution=c, burden_min_contribution=c / wide["rural_income"])


def add_region_columns(wide: pd.DataFrame) -> pd.DataFrame:
    """Add English name and NBS four-region group."""
    ref = reference().set_index("code")
    return wide.assign(name_en=wide["geo_code"].map(ref["name_en"]), region4=wide["geo_code"].map(ref["region4"]))


def coverage(long: pd.DataFrame, geo: str = "province", years: range | None = None) -> pd.DataFrame:
    """Indicator × year: how many provinces (or 1 for national) have a value.

    Counts distinct geographies with a non-missing value from any source, groups
    pooled. Rows are indicators with at least one value in ``years``; columns are
    every year of ``years`` (default: first to last year with data); 0 where nothing exists.
    """
    d = long[long["value"].notna()]
    d = d[d["geo_code"].ne(NATIONAL)] if geo == "province" else d[d["geo_code"].eq(NATIONAL)]
    grid = d.groupby(["indicator", "year"])["geo_code"].nunique().unstack("year", fill_value=0)
    years = years or range(int(grid.columns.min()), int(grid.columns.max()) + 1)
    grid = grid.reindex(columns=years, fill_value=0).sort_index()
    return grid[grid.sum(axis=1) > 0]


def source_profile(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: values, and how many come from secondary copies, inferred names or qualified statements."""
    d = long[long["value"].notna()]
    g = d.groupby("indicator")
    return pd.DataFrame({
        "values": g.size(),
        "official_tables": g["tier"].apply(lambda s: int((s == "official-table").sum())),
        "secondary_copies": g["tier"].apply(lambda s: int((s == "official-database-export-secondary").sum())),
        "compiled_or_press": g["tier"].apply(lambda s: int(s.isin(["compiled-series", "evidence"]).sum())),
        "inferred_region_names": g["region_flag"].apply(lambda s: int(s.str.contains("row order").sum())),
        "qualified_statements": g["qualifier"].apply(lambda s: int(s.ne("").sum())),
        "first_year": g["year"].min(), "last_year": g["year"].max(),
    })


def cagr(values: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate of ``values`` (indexed by year) from ``start`` to ``end``."""
    a, b = values.get(start), values.get(end)
    if a is None or b is None or pd.isna(a) or pd.isna(b) or a <= 0:
        return float("nan")
    return (b / a) ** (1 / (end - start)) - 1


def index_to(values: pd.Series, base_year: int) -> pd.Series:
    """``values`` (indexed by year) as an index, base year = 100; NaN where a year is missing."""
    return 100 * values / values.get(base_year, np.nan)


def region_means(panel: pd.DataFrame, value: str, weight: str | None = None) -> pd.DataFrame:
    """Mean of ``value`` by NBS region and year (weighted by ``weight`` if given), over provinces with a value."""
    d = panel.dropna(subset=[value] + ([weight] if weight else []))
    if weight:
        out = d.groupby(["region4", "year"]).apply(
            lambda g: np.average(g[value], weights=g[weight]), include_groups=False)
    else:
        out = d.groupby(["region4", "year"])[value].mean()
    return out.rename(value).reset_index()


def quintile_burden(long: pd.DataFrame, policy: pd.DataFrame) -> pd.DataFrame:
    """Burden of the national minimum contribution for each income fifth where quintile incomes exist.

    Uses the preferred per-capita income of each quintile (2007 national net
    income; Fujian disposable income 2016–2021) and the national minimum
    contribution of the same policy year. Household burden = contribution ×
    usual residents per household, where household size was printed (2007).
    """
    inc = long[long["preferred"] & long["group"].ne("") &
               long["indicator"].isin(["rural_net_income", "rural_disposable_income"])]
    size = long[long["preferred"] & long["indicator"].eq("household_size")].set_index(["geo_code", "year", "group"])["value"]
    contrib = policy.set_index("year")["min_individual_contribution"]
    out = inc[["geo_code", "year", "group", "indicator", "value", "source_file", "source_row"]].rename(
        columns={"value": "income_per_capita", "indicator": "income_indicator"})
    out = out.assign(
        geography=out["geo_code"].map(lambda c: "China" if c == NATIONAL else reference().set_index("code").at[c, "name_en"]),
        min_individual_contribution=out["year"].map(contrib))
    out["burden"] = out["min_individual_contribution"] / out["income_per_capita"]
    out["household_size"] = [size.get((g, y, q), np.nan) for g, y, q in zip(out["geo_code"], out["year"], out["group"])]
    out["household_premium_yuan"] = out["min_individual_contribution"] * out["household_size"]
    return out.sort_values(["geo_code", "year", "group"]).reset_index(drop=True)


def quintile_income_ratio(quintiles: pd.DataFrame, geography: str, group: str) -> tuple[float, int]:
    """Income of ``group`` relative to the mean of the quintile incomes, in the latest year ``geography``
    prints it; returns (ratio, year). ``quintiles`` is the output of :func:`quintile_burden`."""
    d = quintiles[quintiles["geography"].eq(geography)].dropna(subset=["income_per_capita"])
    year = int(d.loc[d["group"].eq(group), "year"].max())
    same_year = d[d["year"].eq(year)]
    ratio = same_year.loc[same_year["group"].eq(group), "income_per_capita"].iloc[0] / same_year["income_per_capita"].mean()
    return float(ratio), year
