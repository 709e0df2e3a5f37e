"""Judgement, in named rules: concepts, series breaks, and which source a chart uses.

Each function takes a DataFrame and returns a new one (inputs are not mutated),
so they chain with ``.pipe``.
"""

from __future__ import annotations

import re

import pandas as pd

from . import catalog as cat
from ..errors import DataError
from .manifest import TIERS

#: Last data year of rural per-capita *net* income (old rural household survey);
#: 2013 was still published on the old definition as a bridge year (NBS; raw README, problem 2).
LAST_NET_INCOME_YEAR = 2013
#: First data year of rural per-capita *disposable* income (integrated household survey).
FIRST_DISPOSABLE_INCOME_YEAR = 2013
#: Policy year from which NCMS was merged into the urban and rural residents' scheme (State Council 2016 No. 3).
RESIDENTS_SCHEME_MERGER_YEAR = 2016


def add_provenance(long: pd.DataFrame, manifest: pd.DataFrame) -> pd.DataFrame:
    """Add each value's source tier (from the manifest), its family's within-tier rank
    (``rank`` in catalog.toml, 0 by default) and its indicator's concept."""
    by_file = manifest.set_index("data/raw/" + manifest["path"])
    ranks = by_file["family"].map(lambda f: int(cat.family(f).get("rank", 0)))
    out = long.assign(tier=long["source_file"].map(by_file["tier"]), source_rank=long["source_file"].map(ranks))
    concepts = {code: d.get("concept", "") for code, d in cat.indicators().items()}
    return out.assign(concept=out["indicator"].map(concepts).fillna(""))


def mark_income_concept(long: pd.DataFrame) -> pd.DataFrame:
    """Check and mark the rural income series break.

    Rule: ``rural_net_income`` (old survey) exists only up to
    :data:`LAST_NET_INCOME_YEAR`, ``rural_disposable_income`` only from
    :data:`FIRST_DISPOSABLE_INCOME_YEAR`. The two are different concepts; a change
    between them is a break, not growth. Adds ``series_break`` = ``"income concept"``
    on the first disposable-income year of each geography.
    """
    net = long["indicator"].eq("rural_net_income") & long["year"].gt(LAST_NET_INCOME_YEAR)
    disp = long["indicator"].eq("rural_disposable_income") & long["year"].lt(FIRST_DISPOSABLE_INCOME_YEAR)
    bad = long[net | disp]
    if len(bad):
        r = bad.iloc[0]
        raise DataError(r["source_file"], r["source_row"], r["source_column"], r["year"],
                        f"net income up to {LAST_NET_INCOME_YEAR}, disposable income from {FIRST_DISPOSABLE_INCOME_YEAR}")
    disp_rows = long[long["indicator"].eq("rural_disposable_income") & long["value"].notna() & long["group"].eq("")]
    first = disp_rows.groupby("geo_code")["year"].min()
    is_first = (long["indicator"].eq("rural_disposable_income") & long["group"].eq("")
                & long["year"].eq(long["geo_code"].map(first)))
    return long.assign(series_break=is_first.map({True: "income concept", False: ""}))


#: Ranking of sources when several give the same figure (lower is preferred). See :func:`choose_preferred`.
TIER_RANK = {tier: i for i, tier in enumerate(TIERS)}


def choose_preferred(long: pd.DataFrame) -> pd.DataFrame:
    """Mark with ``preferred`` the one value per (geography, year, indicator, group) that charts use.

    Rule, in order: (1) a value that exists (a printed blank never wins);
    (2) the most authoritative tier: official table, then NBS database export
    (secondary copy), then compiled series, then evidence (press); (3) an exact
    figure before a qualified one ('about', 'nearly', 'more than'); (4) the latest
    publication date (a bulletin revises its quick report); (5) the figure printed
    with more significant digits (83163.1 万 before 8.32 亿); (6) file name, then
    row, for a stable tie-break. Every other version stays in the long table,
    side by side, with ``preferred`` False.
    """
    ranked = long.assign(
        _has=long["value"].isna().astype(int),
        _tier=long["tier"].map(TIER_RANK) * 10 + long.get("source_rank", 0),
        _qual=long["qualifier"].ne("").astype(int),
        _date=long["publication_date"].fillna(""),
        _digits=long["value_as_printed"].map(significant_digits),
    ).sort_values(["geo_code", "year", "indicator", "group", "_has", "_tier", "_qual", "_date", "_digits",
                   "source_file", "source_row"],
                  ascending=[True, True, True, True, True, True, True, False, False, True, True], kind="mergesort")
    first = ~ranked.duplicated(["geo_code", "year", "indicator", "group"], keep="first")
    ranked = ranked.assign(preferred=first & ranked["value"].notna())
    return ranked.drop(columns=["_has", "_tier", "_qual", "_date", "_digits"]).sort_index()


def significant_digits(printed: str) -> int:
    """Number of significant digits in a printed figure (``83163.1`` → 6, ``8.32`` → 3)."""
    text = str(printed).replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")  # '257.0' is not more precise than '257'
    return len(re.sub(r"\D", "", text).lstrip("0"))
