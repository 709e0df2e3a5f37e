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
    """Add ``ncms_financing_per_enrollee_computed`` = funds raised ÷ enrollees and its gap to the printed figure."""
    if "ncms_funds_raised" not in wide or "ncms_enrollees" not in wide:
        return wide
    computed = wide["ncms_funds_raised"] / wide["ncms_enrollees"]
    printed = wide.get("ncms_financing_per_enrollee", pd.Series(np.nan, index=wide.index))
    return wide.assign(ncms_financing_per_enrollee_computed=computed,
                       ncms_financing_gap_yuan=computed - printed)


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
