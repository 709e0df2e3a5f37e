"""Turn printed cells into numbers and printed units into base units.

Format cleaning only: no judgement about what a number means. Printed
placeholders become missing (never zero); a cell that is neither a number nor a
placeholder is an error naming file, row and column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from ..errors import DataError

#: Cells printed to mean "no figure": blank, the ellipsis and dashes used in NBS tables.
PLACEHOLDERS = frozenset({"", "…", "...", "-", "—", "–", "--", "…………"})

#: A printed number: ASCII digits only (full-width ２７２ or other scripts' digits are refused, not read by accident).
_NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?$")

#: Qualifying words printed in front of a number in press statements.
QUALIFIERS = {
    "about": "about",
    "around": "about",
    "nearly": "nearly",
    "近": "nearly",
    "超过": "more than",
    "more than": "more than",
    "over": "more than",
    "约": "about",
}


def parse_decimal(text: str, *, file: str, row: int, column: str) -> Decimal | None:
    """Exact decimal of a printed cell, ``None`` for a printed placeholder (blank, ``…``, ``-``).

    Thousands separators as printed (``2,476``) are accepted; anything else raises :class:`DataError`."""
    cell = text.strip().replace("\t", "").strip()
    if cell in PLACEHOLDERS:
        return None
    if _NUMBER.match(cell):
        return Decimal(cell.replace(",", ""))
    raise DataError(file, row, column, text, "a number, or a printed placeholder ('…', '-', blank)")


def scale(number: Decimal | None, *factors: float) -> float:
    """``number`` times unit factors, computed exactly in decimal (so 10569.71 亿 is 1056971000000)."""
    if number is None:
        return math.nan
    for f in factors:
        number = number * Decimal(repr(float(f)))
    return float(number)


@dataclass(frozen=True)
class Statement:
    """A number read from a press or communiqué sentence."""

    value: Decimal
    qualifier: str  # "" when the number is stated exactly
    multiplier: float  # a scale word printed inside the value (e.g. "349.7 billion")


_SCALE_WORDS = {"billion": 1e9, "million": 1e6, "trillion": 1e12}
_ZH_YI = re.compile(r"^(\d+)[亿億](\d{1,3}(,\d{3})*|\d+)$")


def parse_statement(text: str, *, file: str, row: int, column: str) -> Statement:
    """Parse a value printed in a sentence: ``About 427``, ``超过13``, ``349.7 billion``.

    Rules: a leading qualifier word is kept as ``qualifier``; a trailing scale
    word becomes ``multiplier``; ``13億5,404`` (in 万) is 13 × 10 000 + 5 404.
    Several numbers in one cell, or words only, raise :class:`DataError`.
    """
    cell = text.strip()
    qualifier = ""
    lowered = cell.lower()
    for word, meaning in QUALIFIERS.items():
        if lowered.startswith(word):
            qualifier = meaning
            cell = cell[len(word) :].strip()
            lowered = cell.lower()
            break
    multiplier = 1.0
    for word, factor in _SCALE_WORDS.items():
        if lowered.endswith(" " + word):
            multiplier = factor
            cell = cell[: -len(word)].strip()
            break
    m = _ZH_YI.match(cell)
    if m:
        return Statement(Decimal(m.group(1)) * 10_000 + Decimal(m.group(2).replace(",", "")), qualifier, multiplier)
    value = parse_decimal(cell, file=file, row=row, column=column)
    if value is None:
        raise DataError(file, row, column, text, "a stated number (a placeholder is not a statement)")
    return Statement(value, qualifier, multiplier)


@dataclass(frozen=True)
class Unit:
    """A printed unit resolved to a multiplier of a base unit."""

    printed: str
    factor: float
    base: str  # "persons", "yuan", "person-times", "counties", "%", "index", "per mille", "" (scale only)


#: Printed unit strings seen in the raw files, with their factor to the base unit.
#: A bare scale ("million") takes its base from the indicator it measures.
_UNITS: dict[str, tuple[float, str]] = {
    "persons": (1, "persons"),
    "person": (1, "persons"),
    "人": (1, "persons"),
    "10 000 persons": (1e4, "persons"),
    "万人": (1e4, "persons"),
    "萬人": (1e4, "persons"),
    "100 million persons": (1e8, "persons"),
    "亿人": (1e8, "persons"),
    "億人": (1e8, "persons"),
    "10 000 persons-times": (1e4, "person-times"),
    "10 000 person-times": (1e4, "person-times"),
    "100 million person-times": (1e8, "person-times"),
    "yuan": (1, "yuan"),
    "元": (1, "yuan"),
    "yuan per capita": (1, "yuan"),
    "10 000 yuan": (1e4, "yuan"),
    "万元": (1e4, "yuan"),
    "萬元": (1e4, "yuan"),
    "100 million yuan": (1e8, "yuan"),
    "亿元": (1e8, "yuan"),
    "億元": (1e8, "yuan"),
    "billion yuan": (1e9, "yuan"),
    "billion cny": (1e9, "yuan"),
    "trillion yuan": (1e12, "yuan"),
    "trillion cny": (1e12, "yuan"),
    "unit": (1, "counties"),
    "个": (1, "counties"),
    "個": (1, "counties"),
    "亿人次": (1e8, "person-times"),
    "億人次": (1e8, "person-times"),
    "million people": (1e6, "persons"),
    "counties": (1, "counties"),
    "percent": (1, "%"),
    "yuan per person": (1, "yuan"),
    "元/人·年": (1, "yuan"),
    "元/人": (1, "yuan"),
    "元/年": (1, "yuan"),
    "%": (1, "%"),
    "‰": (1, "per mille"),
    "preceding year=100": (1, "index"),
    "million": (1e6, ""),
    "billion": (1e9, ""),
    "juta (million)": (1e6, ""),
}


def units_named(text: str) -> set[tuple[float, str]]:
    """The (factor, base unit) of every unit a free-text description names, longest names first and each
    stretch of text used once: ``"10 000 persons; proportion %"`` names 10 000 persons and %, not persons."""
    rest = " ".join(text.lower().split())
    found = set()
    for key in sorted(_UNITS, key=len, reverse=True):
        if len(key) < 2 and not re.search(r"[\u3000-\u9fff%‰]", key):
            continue  # one Latin letter is no unit name
        while key in rest:
            found.add((float(_UNITS[key][0]), _UNITS[key][1]))
            rest = rest.replace(key, " | ", 1)
    return found


def parse_unit(printed: str, *, file: str, row: int | None = None, column: str | None = None) -> Unit:
    """Resolve a printed unit (``10 000 persons``, ``亿元``, ``million``) to a factor and base unit."""
    key = " ".join(printed.strip().lower().split())
    if key not in _UNITS:
        raise DataError(file, row, column, printed, f"a known unit (one of: {', '.join(sorted(_UNITS))})")
    factor, base = _UNITS[key]
    return Unit(printed.strip(), float(factor), base)


_HEADING_UNIT = re.compile(r"^(?P<label>.*?)\s*\((?P<unit>[^()]*)\)\s*(?P<tail>\d{4})?\s*$")


def split_heading(heading: str) -> tuple[str, str, int | None]:
    """Split a printed column heading into label, printed unit and trailing year.

    ``"Number of Enrollees (10 000 persons)"`` → ``("Number of Enrollees", "10 000 persons", None)``;
    ``"... of Rural Residents (yuan) 2009"`` → ``(..., "yuan", 2009)``. A heading
    with no unit in parentheses gives ``""`` as unit.
    """
    text = " ".join(heading.split())
    m = _HEADING_UNIT.match(text)
    if not m:
        return text, "", None
    tail = m.group("tail")
    return m.group("label").strip(), m.group("unit").strip(), int(tail) if tail else None
