"""Derived columns of the processed tables: the wide panel and national series, participation ratios,
financing checks, the premium burden, the policy-standards table.

Each derived column is defined (unit, description, formula, inputs) in ``catalog.toml`` under
``[derived]``; the functions here compute it. Judgement lives in their docstrings.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .catalog import group_column
from .harmonise import DERIVED_TIER
from .regions import NATIONAL, reference

#: The premium of policy year Y is collected in the autumn of Y and buys cover for Y + COVER_LAG_YEARS
#: (NHSA/MOF/STA annual notices, e.g. the 2023 notice raising the contribution to 380 yuan for 2024 cover).
#: Burdens set a policy year's standard against income of the same year, when it is paid; what a fund
#: received for cover year C is compared with the standard of policy year C - COVER_LAG_YEARS.
COVER_LAG_YEARS = 1
#: How the policy table's ``*_source`` column starts for a standard derived from printed ones (the rest names
#: the inputs' files, rows and columns), e.g. 2025's contribution = printed total − printed subsidy, 2016's =
#: 2017's printed contribution − the increase the same statement prints.
DERIVED_SOURCE = "derived: "


def wide_from_long(long: pd.DataFrame, geo: str) -> pd.DataFrame:
    """Pivot the preferred values to one row per (geo_code, year), one column per indicator.

    A value for a sub-group (income quintile, census sub-population) becomes a
    column ``<indicator>__<group>``.
    """
    national = long["geo_code"].eq(NATIONAL)
    use = long.loc[
        long["preferred"] & (national if geo == "national" else ~national),
        ["geo_code", "year", "indicator", "group", "value"],
    ]
    # Grouped, not pivot_table: the same table (a preferred value is never missing) at half the cost.
    wide = (
        use.assign(column=group_column(use["indicator"], use["group"]))
        .groupby(["geo_code", "year", "column"])["value"]
        .first()
        .unstack("column")
        .sort_index(axis=1)
    )
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
        return wide.assign(ncms_enrollment_ratio=np.nan, ncms_enrollment_over_100=pd.NA)
    ratio = wide["ncms_enrollees"] / wide["rural_population"]
    # Missing where the ratio is: "not above 100%" is not known without both figures.
    over = ratio.gt(1.0).astype("boolean").mask(ratio.isna())
    return wide.assign(ncms_enrollment_ratio=ratio, ncms_enrollment_over_100=over)


def add_financing_check(wide: pd.DataFrame) -> pd.DataFrame:
    """Add ``ncms_financing_per_enrollee_computed`` = funds raised ÷ enrollees, its gap to the printed
    figure, and ``ncms_reimbursements_per_enrollee`` = reimbursement person-times ÷ enrollees."""
    if "ncms_funds_raised" not in wide or "ncms_enrollees" not in wide:
        return wide
    computed = wide["ncms_funds_raised"] / wide["ncms_enrollees"]
    printed = wide.get("ncms_financing_per_enrollee", pd.Series(np.nan, index=wide.index))
    visits = wide.get("ncms_beneficiary_visits", pd.Series(np.nan, index=wide.index))
    return wide.assign(
        ncms_financing_per_enrollee_computed=computed,
        ncms_financing_gap_yuan=computed - printed,
        ncms_reimbursements_per_enrollee=visits / wide["ncms_enrollees"],
    )


def burden(contribution, income):
    """The burden of a contribution: ``contribution`` ÷ ``income`` per capita (yuan ÷ yuan, a share 0-1), the
    one formula behind every burden of the collection (the panel's and national series' minimum-standard burden
    index, the income fifths' burdens, the scenarios). Scalars or aligned Series; a gap in either stays a gap.
    Which contribution goes with which income is the caller's rule (:func:`add_burden`: the standard of policy
    year Y against income of year Y)."""
    return contribution / income


def add_burden(wide: pd.DataFrame, policy: pd.DataFrame) -> pd.DataFrame:
    """Add ``burden_min_contribution``, the *minimum-standard burden index*: national minimum individual
    contribution ÷ rural income per capita.

    Alignment (:data:`COVER_LAG_YEARS`): the standard of policy year Y, paid in the autumn of Y, against
    income of year Y. A year without a published standard gives a gap, never an estimate. Income is
    per capita of the concept in ``income_concept``. The index leaves out what provinces charge above
    the national minimum and contributions paid for people by medical assistance.
    """
    contrib = policy.set_index("year")["min_individual_contribution"]
    c = wide["year"].map(contrib)
    return wide.assign(min_individual_contribution=c, burden_min_contribution=burden(c, wide["rural_income"]))


def region_flags(long: pd.DataFrame, panel: pd.DataFrame) -> pd.Series:
    """Per panel row, how the province of each flagged value was identified, value by value:
    ``"inferred from row order: census_share_ncms__…, …"``. Values read under their printed name are not
    listed, so a clean value in a row beside an inferred one is not tainted by it."""
    flagged = long[long["preferred"] & long["region_flag"].ne("") & long["geo_code"].ne(NATIONAL)]
    columns = group_column(flagged["indicator"], flagged["group"])
    # Plain dicts over the few flagged values: (place, year) → flag → the columns it applies to.
    found: dict[tuple, dict[str, set[str]]] = {}
    for geo, year, flag, column in zip(
        flagged["geo_code"].tolist(), flagged["year"].tolist(), flagged["region_flag"].tolist(), columns.tolist()
    ):
        found.setdefault((geo, year), {}).setdefault(flag, set()).add(column)
    text = {
        key: "; ".join(f"{flag}: {', '.join(sorted(cols))}" for flag, cols in sorted(flags.items()))
        for key, flags in found.items()
    }
    return pd.Series(
        [text.get(key, "") for key in zip(panel["geo_code"].tolist(), panel["year"].tolist())], index=panel.index
    )


def add_region_columns(wide: pd.DataFrame) -> pd.DataFrame:
    """Add English name and NBS four-region group."""
    ref = reference().set_index("code")
    return wide.assign(name_en=wide["geo_code"].map(ref["name_en"]), region4=wide["geo_code"].map(ref["region4"]))


def policy_table(long: pd.DataFrame) -> pd.DataFrame:
    """Policy standards by year: minimum individual contribution and subsidy, each with its source row.

    Years are those the compiled policy series lists (2003 on); a year without
    a published standard keeps a gap. ``min_total`` is contribution + subsidy
    only where both were published; ``individual_share`` = contribution ÷ total.
    A standard derived from printed ones (tier ``derived``: a contribution = printed total − printed
    subsidy, see ``difference_of`` in catalog.toml; a standard = the next policy year's printed standard −
    the increase the same statement prints, see ``change_indicator``) has the source :data:`DERIVED_SOURCE` +
    its inputs, and its year gives no ``min_total`` or ``individual_share``: those are of published pairs of
    standards only (a total derived from 2025's printed total would restate its inputs).
    """
    indicators = ["min_individual_contribution", "min_fiscal_subsidy"]
    used = ["year", "indicator", "value", "preferred", "tier", "source_file", "source_row", "derivation"]
    pol = long.loc[long["indicator"].isin(indicators), used]  # only these columns: each is copied
    pref = pol[pol["preferred"]].assign(source=lambda d: d["source_file"] + "#row" + d["source_row"].astype(str))
    pref = pref.assign(source=pref["source"].where(pref["tier"].ne(DERIVED_TIER), DERIVED_SOURCE + pref["derivation"]))
    out = pd.DataFrame({"year": sorted(pol["year"].unique())})
    for ind in indicators:
        sub = pref[pref["indicator"].eq(ind)].set_index("year")
        out[ind] = out["year"].map(sub["value"]).astype(float)
        out[f"{ind}_source"] = out["year"].map(sub["source"]).fillna("")
    published = ~(
        out["min_individual_contribution_source"].str.startswith(DERIVED_SOURCE)
        | out["min_fiscal_subsidy_source"].str.startswith(DERIVED_SOURCE)
    )
    out["min_total"] = (out["min_individual_contribution"] + out["min_fiscal_subsidy"]).where(published)
    out["individual_share"] = out["min_individual_contribution"] / out["min_total"]
    return out.astype({"year": int})


def derive_tables(long: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """All processed tables from the harmonised long table."""
    policy = policy_table(long)
    panel = (
        wide_from_long(long, "province")
        .pipe(add_rural_income)
        .pipe(add_participation)
        .pipe(add_financing_check)
        .pipe(add_burden, policy)
        .pipe(add_region_columns)
    )
    panel = panel.assign(region_flag=region_flags(long, panel))
    front = [
        "geo_code",
        "name_en",
        "region4",
        "year",
        "rural_income",
        "income_concept",
        "min_individual_contribution",
        "burden_min_contribution",
        "ncms_enrollees",
        "rural_population",
        "ncms_enrollment_ratio",
        "ncms_enrollment_over_100",
        "ncms_financing_per_enrollee",
        "ncms_financing_per_enrollee_computed",
        "ncms_financing_gap_yuan",
        "ncms_reimbursements_per_enrollee",
        "region_flag",
    ]
    panel = panel[front + sorted(c for c in panel.columns if c not in front)]
    national = (
        wide_from_long(long, "national").pipe(add_rural_income).pipe(add_burden, policy).drop(columns=["geo_code"])
    )
    nat_front = ["year", "rural_income", "income_concept", "min_individual_contribution", "burden_min_contribution"]
    national = national[nat_front + sorted(c for c in national.columns if c not in nat_front)]
    provinces = reference().drop(columns=["aliases"])
    return {
        "province_year_long": long,
        "rural_panel": panel.reset_index(drop=True),
        "national_series": national.reset_index(drop=True),
        "policy_standards": policy,
        "provinces": provinces,
    }
