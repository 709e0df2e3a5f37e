"""Access to ``catalog.toml`` (indicators, table families), ``reference/long_labels.csv`` and
``reference/stated_increases.csv``."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

import pandas as pd

from ..paths import CATALOG_TOML, LONG_LABELS_CSV, STATED_INCREASES_CSV

#: Column value meaning "this printed column is deliberately not read".
SKIP = "-"
#: Between an indicator and its sub-group in a processed column's name: ``census_share_ncms__crop_farming_households``.
GROUP_SEPARATOR = "__"


def slug(text: str) -> str:
    """A group's printed name as a column name shows it: ``Crop farming households`` → ``crop_farming_households``."""
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def group_column(indicator, group):
    """The processed column holding ``indicator`` for a sub-group (census sub-population, income fifth), the one
    rule every table and notebook names such a column by: ``group_column("census_share_ncms", "Crop farming
    households")`` → ``"census_share_ncms__crop_farming_households"``; an empty group gives the indicator itself.
    Takes two strings, or two aligned Series (then returns a Series)."""
    if isinstance(indicator, pd.Series):
        slugs = {g: slug(g) for g in group.unique()}  # few distinct groups: each slugged once
        return indicator.where(group.eq(""), indicator + GROUP_SEPARATOR + group.map(slugs))
    return f"{indicator}{GROUP_SEPARATOR}{slug(group)}" if group else indicator


def split_group_column(column: str) -> tuple[str, str]:
    """``(indicator, group slug)`` of a processed column, the inverse of :func:`group_column` (group ``""``
    for a column without one)."""
    base, _, group = column.partition(GROUP_SEPARATOR)
    return base, group


@lru_cache(maxsize=1)
def catalog() -> dict:
    """The parsed catalog (plain dicts)."""
    with open(CATALOG_TOML, "rb") as fh:
        data = tomllib.load(fh)
    for name, fam in data["families"].items():
        for col, ind in fam.get("columns", {}).items():
            code = ind[0] if isinstance(ind, list) else ind
            if code != SKIP and code not in data["indicators"]:
                raise ValueError(f"{CATALOG_TOML}: family {name!r} column {col!r} maps to unknown indicator {code!r}")
        for code in fam.get("requires", []):
            if code not in data["indicators"]:
                raise ValueError(f"{CATALOG_TOML}: family {name!r} requires unknown indicator {code!r}")
    for name, d in data["indicators"].items():
        for code in [
            *d.get("difference_of", []),
            *d.get("ratio_of", []),
            *d.get("flow_from_rate", []),
            *([d["change_indicator"]] if "change_indicator" in d else []),
        ]:
            if code not in data["indicators"]:
                raise ValueError(f"{CATALOG_TOML}: indicator {name!r} refers to unknown indicator {code!r}")
    for name, d in data.get("derived", {}).items():
        if name in data["indicators"]:
            raise ValueError(f"{CATALOG_TOML}: derived column {name!r} has the name of an indicator")
        for code in d["inputs"] + d.get("national_inputs", []):
            if code not in data["indicators"]:
                raise ValueError(f"{CATALOG_TOML}: derived column {name!r} has unknown input {code!r}")
    return data


def indicators() -> dict[str, dict]:
    """Indicator code → definition (name, unit, additive, min, max, concept, description)."""
    return catalog()["indicators"]


def name(code: str, lang: str = "en") -> str:
    """An indicator's name in ``lang`` (``en`` or ``zh``), as figures, the Stata labels, the data package and
    ``python -m analysis indicators`` show it: ``ncms_enrollees`` → ``NCMS enrollees`` / ``新农合参合人数``. The
    catalog's ``name`` is the one home of indicator names (figures/labels.toml holds every other figure text)."""
    return indicators()[code]["name"][lang]


def indicator(code: str) -> dict:
    return indicators()[code]


def derived() -> dict[str, dict]:
    """Derived column → definition (unit, description, formula, inputs, national_inputs)."""
    return catalog()["derived"]


def describe(column: str) -> tuple[str, str]:
    """(description, unit) of a processed-table column: an indicator (``code`` or ``code__group``),
    a derived column, or a structural column; ``("", "")`` for an unknown name."""
    base, group = split_group_column(column)
    if base in indicators():
        d = indicators()[base]
        return d["description"] + (f" ({group})" if group else ""), d["unit"]
    if column in derived():
        d = derived()[column]
        return d["description"], d["unit"]
    return catalog()["columns"].get(column, ""), ""


def family(name: str) -> dict:
    """A table family's definition; raises ``KeyError`` with the known names."""
    fams = catalog()["families"]
    if name not in fams:
        raise KeyError(f"unknown family {name!r}; known: {', '.join(sorted(fams))}")
    return fams[name]


def families() -> dict[str, dict]:
    return catalog()["families"]


@lru_cache(maxsize=1)
def long_labels() -> dict[tuple[str, str], tuple[str, str]]:
    """(file name, indicator_as_printed) → (indicator, qualifier) for long-format national files."""
    df = pd.read_csv(LONG_LABELS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    out = {}
    for row in df.itertuples(index=False):
        if row.indicator not in indicators():
            raise ValueError(
                f"{LONG_LABELS_CSV}: label {row.indicator_as_printed!r} maps to unknown indicator {row.indicator!r}"
            )
        out[(row.file, row.indicator_as_printed)] = (row.indicator, row.qualifier)
    return out


#: What identifies a value and what it is: the first columns of every table of values (read, long, traced).
VALUE_COLUMNS = ["geo_code", "year", "indicator", "group", "value", "unit"]

#: The groups a stated-increase pattern must name: the number (``increase``) and the words that state it (``phrase``).
INCREASE_GROUPS = ("increase", "phrase")


@lru_cache(maxsize=1)
def stated_increases() -> pd.DataFrame:
    """The reviewed statements of a standard's increase on the previous year (``reference/stated_increases.csv``):
    per row the raw file name, the ``url`` and ``reference_period`` that identify the statement, the level
    ``indicator`` it prints (which must have a ``change_indicator``), and ``pattern``, a regular expression the
    whole ``indicator_as_printed`` must match, with groups ``increase`` (the printed number), ``phrase`` (the words
    that state it) and optionally ``base`` (a printed base year, which must be the previous year). The table holds
    no figures: the reader takes the level and the increase from the raw row."""
    df = pd.read_csv(STATED_INCREASES_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    for i, row in enumerate(df.itertuples(index=False), start=2):
        change = indicators().get(row.indicator, {}).get("change_indicator")
        if not change:
            raise ValueError(
                f"{STATED_INCREASES_CSV} row {i}, column 'indicator': {row.indicator!r} is not an indicator with a "
                "change_indicator in catalog.toml"
            )
        groups = re.compile(row.pattern).groupindex
        if any(g not in groups for g in INCREASE_GROUPS):
            raise ValueError(
                f"{STATED_INCREASES_CSV} row {i}, column 'pattern': {row.pattern!r}; expected the groups "
                + " and ".join(f"(?P<{g}>…)" for g in INCREASE_GROUPS)
            )
    return df
