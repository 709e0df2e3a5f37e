"""Judgement, in named rules: concepts, series breaks, and which source a chart uses.

Each function takes a DataFrame and returns a new one (inputs are not mutated),
so they chain with ``.pipe``.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Iterable
from datetime import date

import numpy as np
import pandas as pd

from . import catalog as cat
from ..errors import DataError
from ..paths import raw_file
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
    by_file = manifest.set_index(raw_file() + manifest["path"])
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
    if (net | disp).any():
        r = long[net | disp].iloc[0]
        raise DataError(
            r["source_file"],
            r["source_row"],
            r["source_column"],
            r["year"],
            f"net income up to {LAST_NET_INCOME_YEAR}, disposable income from {FIRST_DISPOSABLE_INCOME_YEAR}",
        )
    # Only the disposable-income values of all households can open the series: looked at alone, not the whole table.
    can_open = long["indicator"].eq("rural_disposable_income") & long["group"].eq("")
    opening = long.loc[can_open, ["geo_code", "year", "value"]]
    first = opening[opening["value"].notna()].groupby("geo_code")["year"].min()
    is_first = np.zeros(len(long), dtype=bool)
    is_first[np.flatnonzero(can_open)] = (opening["year"] == opening["geo_code"].map(first)).to_numpy()
    return long.assign(series_break=np.where(is_first, "income concept", ""))


#: Tier of a value the sources imply but do not print (computed from printed ones; see
#: :func:`add_levels_from_changes`). Never preferred over a printed figure of the same key.
DERIVED_TIER = "derived"
#: The suffix of a coverage row (``stats.coverage``) that holds an indicator's derived values apart from its printed
#: ones; figures name such a row by the indicator's name and the text ``derived_row``.
DERIVED_ROW = " (derived)"
#: Ranking of sources when several give the same figure (lower is preferred). See :func:`choose_preferred`.
TIER_RANK = {tier: i for i, tier in enumerate((*TIERS, DERIVED_TIER))}


def add_levels_from_changes(long: pd.DataFrame) -> pd.DataFrame:
    """Add the previous year-end levels that a printed level and its printed change imply, where no
    source prints that level: level(Y − 1) = level(Y) − change(Y), both from the same row of the same
    publication (an indicator's ``change_indicator`` in catalog.toml names the change). The same rule gives a
    previous policy year's standard from a statement of the next year's standard and its stated increase
    (``reference/stated_increases.csv``; the indicator's ``previous_period`` names the period).

    A derived row has tier ``derived``, ``value_as_printed`` showing the arithmetic, and ``derivation``
    naming both inputs (file, row, column, and the change as printed), so :func:`analysis.datasets.trace`
    shows where it comes from.
    A printed level of the same key always wins (see :func:`choose_preferred`); where both exist, nothing
    is derived.
    """
    out = long.assign(derivation="")
    rules = _rules(
        {
            "_in0": ind,
            "_in1": d["change_indicator"],
            "_period": d.get("previous_period", "previous year end of "),
        }
        for ind, d in cat.indicators().items()
        if d.get("change_indicator")
    )
    if rules.empty:
        return out
    printed = long["value"].notna()
    same_row = ["source_file", "source_row", "geo_code", "year", "group", "_rule"]
    r = _inputs(long, printed, rules, "_in0").merge(
        _inputs(long, printed, rules, "_in1")[[*same_row, "value", "value_as_printed", "source_column"]],
        on=same_row,
        suffixes=("", "_change"),
    )
    r = _not_printed(r.assign(year=r["year"] - 1), _printed_keys(long, rules["_in0"]))
    if not len(r):
        return out
    row_year = (r["year"] + 1).astype(str)
    new = r.assign(
        value=r["value"] - r["value_change"],
        tier=DERIVED_TIER,
        qualifier="",
        value_as_printed=r["value_as_printed"] + " − (" + r["value_as_printed_change"] + ")",
        source_column=r["source_column"] + " − " + r["source_column_change"],
        reference_period=r["_period"] + r["reference_period"],
        derivation=(
            r["_in0"]
            + " "
            + row_year
            + " ("
            + _cell(r)
            + ") − "
            + r["_in1"]
            + " "
            + row_year
            + " (same row, "
            + r["source_column_change"]
            + ': "'
            + r["value_as_printed_change"]
            + '")'
        ),
    )[out.columns]
    return pd.concat([out, new], ignore_index=True)


_KEY = ["geo_code", "year", "indicator", "group"]
#: Where two inputs of a derived value meet: the same geography, year and group.
_SAME_KEY = ["geo_code", "year", "group"]
#: The columns of a second input that a derived row names (its figure, unit, cell and publication).
_INPUT_COLUMNS = [
    "value",
    "value_as_printed",
    "unit_as_printed",
    "source_column",
    "source_file",
    "source_row",
    "publication",
]


def _rules(rules: Iterable[dict]) -> pd.DataFrame:
    """The derivation rules of one kind as a frame, one row per derived indicator in the catalog's order: ``_rule``
    (that order), ``_derived`` (the indicator derived), its inputs ``_in0``, ``_in1`` (a level derived from its
    change has ``_in0``, the level itself, and no ``_derived``) and the rule's other columns. Every indicator of a
    kind is derived at once, by merging on ``_rule``, instead of a dozen pandas operations per indicator."""
    return pd.DataFrame(list(rules)).reset_index(names="_rule")


def _pair_rules(key: str, with_unit: bool = True) -> pd.DataFrame:
    """:func:`_rules` of the catalog's indicators derived from two others, ``key = [a, b]``: ``_derived`` the
    indicator, ``_in0`` = a, ``_in1`` = b, and with ``with_unit`` the derived value's ``_unit``."""
    return _rules(
        {"_derived": ind, "_in0": d[key][0], "_in1": d[key][1], **({"_unit": d["unit"]} if with_unit else {})}
        for ind, d in cat.indicators().items()
        if key in d
    )


def _inputs(long: pd.DataFrame, where: pd.Series, rules: pd.DataFrame, role: str) -> pd.DataFrame:
    """The rows of ``long`` (those ``where`` is true) that are input ``role`` (``_in0``, ``_in1``, …) of a rule, once
    per such rule and with its columns: in the rules' order, then the table's, as one selection per rule would
    give them."""
    rows = long[where & long["indicator"].isin(rules[role])]
    indicator = rows["indicator"].to_numpy()
    at = [np.flatnonzero(indicator == name) for name in rules[role]]  # each rule's rows (a row may feed two rules)
    of_rule = np.repeat(np.arange(len(rules)), [len(a) for a in at])
    return pd.concat(
        [rows.iloc[np.concatenate(at)].reset_index(drop=True), rules.iloc[of_rule].reset_index(drop=True)], axis=1
    )


def _not_printed(candidates: pd.DataFrame, printed: set[tuple]) -> pd.DataFrame:
    """The candidate rows whose key (geography, year, indicator, group) is not among the ``printed`` keys
    (:func:`_printed_keys`), one per key (the first)."""
    new = np.array([k not in printed for k in zip(*(candidates[k].tolist() for k in _KEY))], dtype=bool)
    return candidates[new].drop_duplicates(_KEY).reset_index(drop=True)


def _printed_keys(long: pd.DataFrame, indicators: pd.Series) -> set[tuple]:
    """The keys (geography, year, indicator, group) of ``indicators`` that some source prints a value for (a set:
    the candidates of a derivation, all of these indicators, are looked up in it one by one, far cheaper than a
    merge)."""
    printed = long.loc[long["value"].notna() & long["indicator"].isin(indicators), _KEY]
    return set(zip(*(printed[k].tolist() for k in _KEY)))


def _pairs(long: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """Per rule, its first input's preferred rows beside its second input's (columns suffixed ``_b``) of the same
    geography, year and group, with ``indicator`` the derived one."""
    r = _inputs(long, long["preferred"], rules, "_in0").merge(
        _inputs(long, long["preferred"], rules, "_in1")[[*_SAME_KEY, "_rule", *_INPUT_COLUMNS]],
        on=[*_SAME_KEY, "_rule"],
        suffixes=("", "_b"),
    )
    return r.assign(indicator=r["_derived"])


def add_differences(long: pd.DataFrame) -> pd.DataFrame:
    """Add totals the sources imply but do not print, as differences of printed ones: an indicator with
    ``difference_of = [a, b]`` in catalog.toml gets ``a − b`` from the *preferred* values of ``a`` and
    ``b`` for each geography, year and group where no source prints it (e.g. residents' medical insurance
    members = all members − employees' members). Run after :func:`choose_preferred`: the derived row is
    preferred (nothing else exists for its key); ``derivation`` names both inputs' file, row and column.
    """
    rules = _pair_rules("difference_of", with_unit=False)
    if rules.empty:
        return long
    r = _not_printed(_pairs(long, rules), _printed_keys(long, rules["_derived"]))
    if not len(r):
        return long
    new = r.assign(
        value=r["value"] - r["value_b"],
        tier=DERIVED_TIER,
        qualifier="",
        preferred=True,
        value_as_printed=r["value_as_printed"] + " − " + r["value_as_printed_b"],
        unit_as_printed=r["unit_as_printed"] + " − " + r["unit_as_printed_b"],
        factor=1.0,
        source_column=r["source_column"] + " − " + r["source_column_b"],
        publication=_join(r["publication"], r["publication_b"]),
        derivation=r["_in0"] + " (" + _cell(r) + ") − " + r["_in1"] + " (" + _cell(r, "_b") + ")",
    )[long.columns]
    return pd.concat([long, new], ignore_index=True)


#: Rates printed per mille (births, deaths per 1 000 of the average population).
PER_MILLE = 1000


def _cell(r: pd.DataFrame, suffix: str = "") -> pd.Series:
    """Where each row's input was printed: ``<file> row <n>, <column>`` (columns ending in ``suffix``)."""
    return (
        r["source_file" + suffix] + " row " + r["source_row" + suffix].astype(str) + ", " + r["source_column" + suffix]
    )


def _join(*texts: pd.Series) -> pd.Series:
    """The distinct texts of each row, in order, joined by " / " (a derived row's publications)."""
    frame = pd.concat([t.rename(i) for i, t in enumerate(texts)], axis=1).astype(str)
    return pd.Series([" / ".join(dict.fromkeys(row)) for row in frame.itertuples(index=False)], index=frame.index)


def add_ratios(long: pd.DataFrame) -> pd.DataFrame:
    """Add per-person amounts the sources imply but do not print: an indicator with ``ratio_of = [a, b]`` in
    catalog.toml gets ``a ÷ b`` from the *preferred* values of ``a`` and ``b`` of the same geography, year and
    group (e.g. residents' pension paid per recipient = fund expenditure ÷ year-end recipients), where no
    source prints it and ``b`` is positive. Run after :func:`add_differences` (a derived denominator, such as
    the 2024 residents' members, is used and named); ``derivation`` names both inputs' file, row and column.
    """
    rules = _pair_rules("ratio_of")
    if rules.empty:
        return long
    r = _pairs(long, rules)
    r = _not_printed(r[r["value_b"] > 0], _printed_keys(long, rules["_derived"]))
    if not len(r):
        return long
    new = r.assign(
        value=r["value"] / r["value_b"],
        unit=r["_unit"],
        tier=DERIVED_TIER,
        qualifier="",
        preferred=True,
        factor=1.0,
        value_as_printed=r["value_as_printed"] + " ÷ " + r["value_as_printed_b"],
        unit_as_printed=r["unit_as_printed"] + " ÷ " + r["unit_as_printed_b"],
        source_column=r["source_column"] + " ÷ " + r["source_column_b"],
        publication=_join(r["publication"], r["publication_b"]),
        derivation=r["_in0"] + " (" + _cell(r) + ") ÷ " + r["_in1"] + " (" + _cell(r, "_b") + ")",
    )[long.columns]
    return pd.concat([long, new], ignore_index=True)


def add_flows_from_rates(long: pd.DataFrame) -> pd.DataFrame:
    """Add flows the sources imply but do not print: an indicator with ``flow_from_rate = [rate, level]`` in
    catalog.toml gets ``rate ÷ 1000 × (level(Y − 1) + level(Y)) ÷ 2`` — a per-mille rate of the year's average
    population, the average being the mean of the two year-end levels that bound the year (NBS's annual
    average population) — from the *preferred* values, where the rate and both year-ends exist and no source
    prints the flow. ``derivation`` names the three inputs' file, row and column.
    """
    rules = _pair_rules("flow_from_rate")
    if rules.empty:
        return long
    keys = [*_SAME_KEY, "_rule"]
    level = _inputs(long, long["preferred"], rules, "_in1")[[*keys, *_INPUT_COLUMNS]]
    r = (
        _inputs(long, long["preferred"], rules, "_in0")
        .merge(level.add_suffix("_e").rename(columns={f"{k}_e": k for k in keys}), on=keys)
        .merge(
            level.assign(year=level["year"] + 1).add_suffix("_s").rename(columns={f"{k}_s": k for k in keys}),
            on=keys,
        )
    )
    r = _not_printed(r.assign(indicator=r["_derived"]), _printed_keys(long, rules["_derived"]))
    if not len(r):
        return long
    year, before = r["year"].astype(str), (r["year"] - 1).astype(str)
    new = r.assign(
        value=r["value"] / PER_MILLE * (r["value_s"] + r["value_e"]) / 2,
        unit=r["_unit"],
        tier=DERIVED_TIER,
        qualifier="",
        preferred=True,
        factor=1.0,
        value_as_printed=(
            r["value_as_printed"]
            + " × ("
            + r["value_as_printed_s"]
            + " + "
            + r["value_as_printed_e"]
            + f") ÷ 2 ÷ {PER_MILLE}"
        ),
        unit_as_printed=r["unit_as_printed"] + " × " + r["unit_as_printed_e"],
        source_column=r["source_column"] + " × mean of " + r["source_column_e"] + " " + before + " and " + year,
        publication=_join(r["publication"], r["publication_s"], r["publication_e"]),
        derivation=(
            r["_in0"]
            + " ("
            + _cell(r)
            + ") × mean of "
            + r["_in1"]
            + " "
            + before
            + " ("
            + _cell(r, "_s")
            + ") and "
            + year
            + " ("
            + _cell(r, "_e")
            + ")"
        ),
    )[long.columns]
    return pd.concat([long, new], ignore_index=True)


def choose_preferred(long: pd.DataFrame) -> pd.DataFrame:
    """Mark with ``preferred`` the one value per (geography, year, indicator, group) that charts use.

    Rule, in order: (1) a value that exists (a printed blank never wins);
    (2) the most authoritative tier: official table, then NBS database export
    (secondary copy), then compiled series, then evidence (press), and within a tier
    the family's rank; (3) an exact figure before a qualified one ('about', 'nearly',
    'more than'); (4) the later publication, where the publication dates, parsed
    with their precision (:func:`publication_interval`), do not overlap (a bulletin
    revises its quick report; a date known only to the year does not outrank a day
    in that year); (5) the figure printed with more significant digits (83163.1 万
    before 8.32 亿); (6) file name, then row, for a stable tie-break. Every other
    version stays in the long table, side by side, with ``preferred`` False.
    """
    keys = ["geo_code", "year", "indicator", "group"]
    # A small frame of integers: the key as a group number, the ranks, the file as its sorted position, the
    # publication interval as day numbers.
    ranked = pd.DataFrame(
        {
            "_key": long.groupby(keys, sort=False, dropna=False).ngroup().to_numpy(),
            "_has": long["value"].isna().astype(int).to_numpy(),
            "_tier": _per_distinct(long["tier"], lambda t: TIER_RANK.get(t, math.nan)) * 10
            + np.asarray(long.get("source_rank", 0)),
            "_qual": long["qualifier"].ne("").astype(int).to_numpy(),
            "_neg_digits": -_per_distinct(long["value_as_printed"], significant_digits),
            "_file": pd.factorize(long["source_file"], sort=True)[0],
            "_row": long["source_row"].to_numpy(),
            "_from": _per_distinct(long["publication_date"], lambda d: publication_interval(d)[0].toordinal()),
            "_until": _per_distinct(long["publication_date"], lambda d: publication_interval(d)[1].toordinal()),
        },
        index=long.index,
    )
    # Rules 1-3, 5 and 6 order the versions of a key by one sort; rule 4 then removes, among the versions that
    # tie on rules 1-3, every one published wholly before another appeared (its latest possible day earlier
    # than the other's earliest), and the first version left is the preferred one.
    ranked = ranked.sort_values(["_key", "_has", "_tier", "_qual", "_neg_digits", "_file", "_row"], kind="mergesort")
    best = ranked.groupby("_key", sort=False)[["_has", "_tier", "_qual"]].transform("first")
    contenders = ranked[(ranked[["_has", "_tier", "_qual"]] == best).all(axis=1)]
    latest_start = contenders.groupby("_key", sort=False)["_from"].transform("max")
    current = contenders[contenders["_until"] >= latest_start]
    winners = current.index[~current.duplicated("_key")]
    return long.assign(preferred=long.index.isin(winners) & long["value"].notna())


def _per_distinct(values: pd.Series, f: Callable) -> np.ndarray:
    """``f`` of each value, worked out once per distinct value (the versions share few tiers, printed texts and
    dates): a plain array, where ``Series.map`` would try to cast the results back to text."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return np.array([f(v) for v in distinct.tolist()])[codes]


_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*(?:\((.*)\))?\s*$")
#: Parts of a year named in a printed date: ``2021 (mid-year)``.
_PART_OF_YEAR = {"early": (1, 4), "mid-year": (5, 8), "late": (9, 12)}


def publication_interval(text: str) -> tuple[date, date]:
    """The earliest and latest day a publication can have appeared, from its date as given.

    ``2021-06-08`` is that day; ``2025-07`` the month; ``2020`` the year; ``2021 (mid-year)`` May–August;
    ``2025-07 ('released on the 14th')`` the 14th. A date followed by ``(copy)`` or ``(posted)`` is when
    a copy appeared, so the publication is on or before it. An empty or unreadable date is unknown
    (any day), so it neither wins nor loses on date.
    """
    m = _DATE.match(str(text or ""))
    if not m:
        return date.min, date.max
    y, mo, d, note = int(m.group(1)), m.group(2), m.group(3), (m.group(4) or "").strip()
    if d:
        lo = hi = date(y, int(mo), int(d))
    elif mo:
        day = re.search(r"on the (\d{1,2})", note)
        lo = date(y, int(mo), int(day.group(1)) if day else 1)
        hi = lo if day else date(y, int(mo), calendar.monthrange(y, int(mo))[1])
    else:
        first, last = _PART_OF_YEAR.get(note, (1, 12))
        lo, hi = date(y, first, 1), date(y, last, calendar.monthrange(y, last)[1])
    if note in ("copy", "posted"):
        lo = date.min
    return lo, hi


_NOT_DIGIT = re.compile(r"\D")


def significant_digits(printed: str) -> int:
    """Number of significant digits in a printed figure (``83163.1`` → 6, ``8.32`` → 3)."""
    text = str(printed).replace(",", "")
    if "." in text:
        text = text.rstrip("0").rstrip(".")  # '257.0' is not more precise than '257'
    return len(_NOT_DIGIT.sub("", text).lstrip("0"))
