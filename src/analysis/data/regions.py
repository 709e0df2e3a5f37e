"""The 31 provincial-level divisions and the one normaliser for their names.

Every region name found in a raw file goes through :func:`to_code`. The
reference table ``reference/regions.csv`` holds the GB/T 2260 code, the English
name as NBS prints it, Chinese full and short names, pinyin, the NBS four-region
grouping and a tile-grid position for map-like plots.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pandas as pd

from ..errors import DataError
from ..paths import REGIONS_CSV

#: Code used for national figures (GB/T 2260 has no code for the whole country).
NATIONAL = "000000"

#: Spellings of "the whole country" seen in the raw tables.
NATIONAL_NAMES = (
    "National Total",
    "Total",
    "National Average",
    "Total National",
    "National",
    "China",
    "全国",
    "全国总计",
    "全國",
    "全国合计",
)

#: NBS four-region grouping (East, Central, West, Northeast), in NBS order.
REGION4 = ("East", "Central", "West", "Northeast")

#: Provincial-level divisions of mainland China covered by the yearbooks.
N_PROVINCES = 31


@lru_cache(maxsize=1)
def reference() -> pd.DataFrame:
    """The province reference table, one row per province, ordered by code."""
    df = pd.read_csv(REGIONS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    df["tile_row"] = df["tile_row"].astype(int)
    df["tile_col"] = df["tile_col"].astype(int)
    return df.sort_values("code").reset_index(drop=True)


def _key(name: str) -> str:
    """Fold a printed name: width, case, inner spaces (``北 京`` → ``北京``)."""
    text = unicodedata.normalize("NFKC", name).strip().casefold()
    return re.sub(r"\s+", " " if re.search(r"[a-z]", text) else "", text)


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for row in reference().itertuples(index=False):
        names = [row.code, row.name_en, row.name_zh, row.name_zh_short, row.pinyin]
        names += [a for a in row.aliases.split("|") if a]
        for name in names:
            table[_key(name)] = row.code
    for name in NATIONAL_NAMES:
        table[_key(name)] = NATIONAL
    return table


def to_code(name: str, *, file: str = "<input>", row: int | None = None, column: str | None = "region") -> str:
    """Return the 6-digit code for a printed region name, or raise :class:`DataError`.

    Accepts English (``Inner Mongolia``), Chinese full or short (``内蒙古自治区``,
    ``内蒙古``, ``北 京``), pinyin, the GB/T code, and the national spellings
    (``National Total``, ``Total``, ``全国``…), which give :data:`NATIONAL`.
    """
    code = _lookup().get(_key(name))
    if code is None:
        raise DataError(
            file, row, column, name, "a province or national name listed in src/analysis/data/reference/regions.csv"
        )
    return code


def try_code(name: str) -> str | None:
    """Like :func:`to_code` but returns ``None`` for an unknown name."""
    return _lookup().get(_key(name))


def province_codes() -> list[str]:
    """The 31 province codes in NBS order."""
    return reference()["code"].tolist()


def name_en(code: str) -> str:
    """English name for a code (``"China"`` for :data:`NATIONAL`)."""
    if code == NATIONAL:
        return "China"
    return reference().set_index("code").at[code, "name_en"]
