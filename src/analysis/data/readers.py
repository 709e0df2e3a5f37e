"""One reader per table family: printed layout in, tidy rows out.

Readers do format cleaning only: they know a layout, not its meaning (column
names, numbers, placeholders, units and province names made tidy without
judgement; joining series, marking breaks and deriving rates belong to
``harmonise`` and ``derive``). Each returns a DataFrame with the columns of :data:`TIDY_COLUMNS`:
one row per printed cell, the value converted to its base unit, and the file,
row and column it came from. A printed blank stays a row with a missing value,
so a gap is visible and traceable, never a zero.

Row numbers count CSV records with the header as row 1 (equal to the line
number in every current raw file).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from . import catalog as cat
from ..errors import DataError, ReadFailed
from ..paths import RAW_MANIFEST, raw_file
from .manifest import data_years_set, header_text, single_year
from .parsing import PLACEHOLDERS, parse_decimal, parse_statement, parse_unit, scale, split_heading, units_named
from .regions import N_PROVINCES, NATIONAL, name_en, province_codes, to_code, try_code

TIDY_COLUMNS = [
    *cat.VALUE_COLUMNS,
    "factor",
    "value_as_printed",
    "unit_as_printed",
    "qualifier",
    "reference_period",
    "publication",
    "publication_date",
    "source_url",
    "region_as_printed",
    "region_flag",
    "source_file",
    "source_row",
    "source_column",
]

#: Qualifier of a value printed as a placeholder ('…', '-', '—'): missing, as printed, never a zero.
PLACEHOLDER_QUALIFIER = "printed placeholder"

#: Flags for how a province was identified in the raw file.
REGION_INFERRED = "inferred from row order"
REGION_MISPRINT = "printed name corrected by transcribers"


def _decode(raw: bytes, rel: str) -> str:
    """A raw file's text: UTF-8 (a byte-order mark is dropped), else GB18030 (as the NBS website saves
    exports); anything else is refused with the encodings expected."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(rel, None, None, "undecodable bytes", "a UTF-8 (with or without BOM) or GB18030 text file")


def read_records(path: Path, rel: str | None = None) -> list[list[str]]:
    """All CSV records of a raw file as text (RFC 4180; UTF-8 or GB18030). An empty file or one cut inside
    a quoted cell is an error naming the file and line, never a silently shorter table."""
    rel = rel or str(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(rel, None, None, "empty file", "a CSV table with a header row")
    reader = csv.reader(io.StringIO(_decode(raw, rel), newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise DataError(
            rel,
            reader.line_num,
            None,
            str(exc),
            "well-formed CSV (a quote opened in a cell is closed in the same cell)",
        ) from None


def read_table(path: Path, rel: str) -> pd.DataFrame:
    """A raw CSV file as a table of text cells (header = first record); every record must have as many
    cells as the header (a cut or shifted row is an error, never padded with blanks)."""
    records = read_records(path, rel)
    header = records[0]
    for i, rec in enumerate(records[1:], start=2):
        if len(rec) != len(header) and any(c.strip() for c in rec):
            raise DataError(rel, i, None, f"{len(rec)} cells", f"{len(header)} cells as in the header")
    rows = [r for r in records[1:] if len(r) == len(header)]
    return pd.DataFrame(rows, columns=header)


def _rows(df: pd.DataFrame) -> Iterator[tuple[int, dict[str, str]]]:
    """(index, cells by column) of each row of a table of text cells (:func:`read_table`): a plain dict per row,
    where ``iterrows`` would build a Series per row and cost more than reading the row."""
    names, columns = list(df.columns), [df.iloc[:, j].tolist() for j in range(df.shape[1])]
    return zip(df.index, (dict(zip(names, cells)) for cells in zip(*columns)))


class _UnitError(DataError):
    """A printed unit that does not fit (reported once per cell that prints it)."""


class _Rows:
    """Collects tidy rows for one file, filling the per-file columns."""

    def __init__(self, rel: str, meta: pd.Series):
        self.rel = rel
        self.meta = meta
        self.rows: list[dict] = []
        self.problems: list[str] = []
        #: Printed unit cells already found wrong: a unit printed once (in a heading or a row label) is one
        #: problem on the cell that prints it, not one per value it applies to.
        self._bad_units: set[tuple] = set()
        #: Units the manifest row names for the file (empty: it names none, so nothing to hold a unit to).
        self.units = units_named(f"{meta.get('units', '')}; {meta.get('printed_units', '')}")
        # The per-file columns, looked up once (a Series lookup per value costs more than the rest of a row).
        self._publication = meta["publication"]
        self._published = meta.get("published", "")
        self._source_url = meta["canonical_url"] or meta["retrieved_from"]
        #: The factor of each (printed unit, indicator) found good, worked out once per file, not once per value.
        self._factors: dict[tuple[str, str], float] = {}

    def add(self, *, unit_at: tuple[int | None, str] | None = None, **cell) -> None:
        """Add one printed cell; a cell that cannot be read is collected, not raised, so that one read
        reports every bad cell of the file (:meth:`frame` raises them together).

        ``unit_at`` is the (row, column) of the cell that prints the unit when that is not the value's own
        cell (a heading, a row label): a wrong unit there is reported once, on that cell."""
        try:
            self._add(**cell)
        except _UnitError as exc:
            where = unit_at or (exc.row, exc.column)
            if (where, exc.value) not in self._bad_units:
                self._bad_units.add((where, exc.value))
                self.problems.append(str(DataError(self.rel, where[0], where[1], exc.value, exc.expected)))
        except DataError as exc:
            self.problems.append(str(exc))

    def _add(
        self,
        *,
        geo: str,
        year: int,
        indicator: str,
        printed: str,
        unit_printed: str,
        row: int,
        column: str,
        group: str = "",
        region_printed: str = "",
        region_flag: str = "",
        qualifier: str = "",
        reference_period: str = "",
        publication: str | None = None,
        publication_date: str = "",
        source_url: str | None = None,
        statement: bool = False,
        as_printed: str | None = None,
    ) -> None:
        ind = cat.indicator(indicator)
        unit_col = "unit_as_printed" if statement else column
        factor = self._factors.get((unit_printed, indicator))
        if factor is None:
            factor = self._factor(unit_printed, indicator, ind["unit"], row=row, column=unit_col)
            self._factors[(unit_printed, indicator)] = factor
        value, qualifier = self._value(printed, factor, qualifier, statement=statement, row=row, column=column)
        self.rows.append(
            {
                "geo_code": geo,
                "year": int(year),
                "indicator": indicator,
                "group": group,
                "value": value,
                "unit": ind["unit"],
                "factor": factor,
                "value_as_printed": printed if as_printed is None else as_printed,
                "unit_as_printed": unit_printed,
                "qualifier": qualifier,
                "reference_period": reference_period,
                "publication": self._publication if publication is None else publication,
                "publication_date": publication_date or self._published,
                "source_url": self._source_url if source_url is None else source_url,
                "region_as_printed": region_printed,
                "region_flag": region_flag,
                "source_file": self.rel,
                "source_row": int(row),
                "source_column": column,
            }
        )

    def _factor(self, unit_printed: str, indicator: str, base_unit: str, *, row: int, column: str) -> float:
        """The factor from the printed unit to ``base_unit`` (1 where no unit is printed). A unit of another
        base than the indicator's, or one the manifest does not name for the file, is a :class:`_UnitError`."""
        try:
            unit = parse_unit(unit_printed, file=self.rel, row=row, column=column) if unit_printed else None
        except DataError as exc:
            raise _UnitError(exc.file, exc.row, exc.column, exc.value, exc.expected) from None
        if unit is None:
            return 1.0
        if (unit.base or base_unit) != base_unit:
            raise _UnitError(
                self.rel,
                row,
                column,
                unit_printed,
                f"a unit in {base_unit} for indicator {indicator} (unit mismatch)",
            )
        if self.units and not any(f == unit.factor and b in (unit.base, "") for f, b in self.units):
            raise _UnitError(
                self.rel,
                row,
                column,
                unit_printed,
                f"a unit the manifest names for this file in units or printed_units ({self.meta['units']}) "
                "(a changed unit is a new edition: a new file and manifest row)",
            )
        return unit.factor

    def _value(
        self, printed: str, factor: float, qualifier: str, *, statement: bool, row: int, column: str
    ) -> tuple[float, str]:
        """(value in the base unit, qualifier) of a printed cell: a number, or a statement's number with its
        multiplier and qualifier ("more than …"); a printed placeholder ('…', '-', '—') is missing, and
        qualified as such."""
        if statement:
            st = parse_statement(printed, file=self.rel, row=row, column=column)
            value = scale(st.value, st.multiplier, factor)
            qualifier = st.qualifier or qualifier
        else:
            value = scale(parse_decimal(printed, file=self.rel, row=row, column=column), factor)
        if printed.strip() and printed.strip() in PLACEHOLDERS:
            qualifier = PLACEHOLDER_QUALIFIER  # printed '…', '-' or '—': missing, and visibly so
        return value, qualifier

    def frame(self) -> pd.DataFrame:
        if self.problems:
            raise ReadFailed(self.problems)
        if not self.rows:
            return pd.DataFrame(columns=TIDY_COLUMNS)
        # Column by column: a third faster than from a list of row dicts, with the same column types.
        return pd.DataFrame({c: [r[c] for r in self.rows] for c in TIDY_COLUMNS})


def _column_indicator(fam_name: str, fam: dict, rel: str, heading: str) -> tuple[str, str, int | None]:
    """Map a printed heading to (indicator or SKIP, printed unit, year in heading)."""
    label, unit, year = split_heading(heading)
    if re.fullmatch(r"\d{4}", label) and fam.get("year_columns_indicator"):
        return fam["year_columns_indicator"], unit, int(label)
    columns = fam.get("columns", {})
    for key, code in columns.items():
        if " ".join(key.split()) == label:
            return (code[0] if isinstance(code, list) else code), unit, year
    raise DataError(
        rel,
        1,
        heading,
        label,
        f"a column label listed under [families.{fam_name}.columns] in src/analysis/data/catalog.toml "
        '(map it to an indicator, or to "-" to leave it unread)',
    )


def _once_per_heading(rel: str, row: int, header: list[str], keys: dict[int, tuple[str, int | None]]) -> None:
    """Each (indicator, year) printed once in a heading row: a year or a column printed twice is one error on
    the heading ("year 2023 printed twice in the heading"), not one per value it would duplicate."""
    first: dict[tuple, int] = {}
    for j, key in keys.items():
        if key in first:
            ind, year = key
            what = (
                f"year {year} printed twice in the heading"
                if not ind
                else f"{ind}{f' of {year}' if year else ''} printed twice in the heading"
            )
            raise DataError(
                rel,
                row,
                header[j].strip(),
                header[j].strip(),
                f"each heading once ({what}: columns {first[key] + 1} and {j + 1})",
            )
        first[key] = j


def _added_region_column(header: list[str]) -> int | None:
    for i, h in enumerate(header):
        if i and (h.startswith("region_en (added") or h.startswith("Region (inferred")):
            return i
    return None


def _region(rel: str, row_no: int, printed: str, added: str | None, added_heading: str) -> tuple[str, str]:
    """Resolve a row's region: (code, flag).

    Rule: a transcribers' column assigned from row order is used and flagged
    (``REGION_INFERRED``); a transcribers' English column that disagrees with the
    printed name (a misprint such as a second 'Shanxi') is used and flagged
    (``REGION_MISPRINT``); otherwise the printed name is used.
    """
    if added is None:
        return to_code(printed, file=rel, row=row_no, column="region"), ""
    code = to_code(added, file=rel, row=row_no, column=added_heading)
    if "row order" in added_heading:
        return code, REGION_INFERRED if code != NATIONAL else ""
    printed_code = try_code(printed) if printed.strip() else None
    if printed_code is not None and printed_code != code or printed.strip() and printed_code is None:
        return code, REGION_MISPRINT
    return code, ""


def read_by_region(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """Yearbook table by region: regions as rows, printed headings as columns."""
    records = read_records(path, rel)
    header = records[0]
    added = _added_region_column(header)
    mapped = {}
    for j, heading in enumerate(header):
        if j == 0 or j == added:
            continue
        mapped[j] = _column_indicator(fam_name, fam, rel, heading)
    _once_per_heading(rel, 1, header, {j: (ind, hyear) for j, (ind, _, hyear) in mapped.items() if ind != cat.SKIP})
    default_year = single_year(meta["data_years"])
    group = fam.get("group_by_table_id", {}).get(meta["table_id"], "")
    out, seen = _Rows(rel, meta), dict[Any, int]()
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            raise DataError(rel, i, None, f"{len(rec)} cells", f"{len(header)} cells as in the header")
        code, flag = _region(
            rel, i, rec[0], rec[added] if added is not None else None, header[added] if added is not None else ""
        )
        if code in seen:
            raise DataError(rel, i, header[0], rec[0], f"each region once (already on row {seen[code]})")
        seen[code] = i
        for j, (ind, unit, hyear) in mapped.items():
            if ind == cat.SKIP:
                continue
            year = hyear or default_year
            if year is None:
                raise DataError(
                    rel, 1, header[j], meta["data_years"], "one data year in the manifest or a year in the heading"
                )
            out.add(
                geo=code,
                year=year,
                indicator=ind,
                printed=rec[j],
                unit_printed=unit,
                row=i,
                column=header[j],
                group=group,
                region_printed=rec[0],
                region_flag=flag,
                unit_at=(1, header[j]),
            )
    return out.frame()


def read_indicator_rows(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """National table with one printed indicator per row; columns are years or groups."""
    records = read_records(path, rel)
    header = records[0]
    by_years = fam.get("columns_are", "years") == "years"
    groups = fam.get("groups", {})
    cols: dict[int, tuple[int | None, str]] = {}
    for j, h in enumerate(header[1:], start=1):
        h = h.strip()
        if by_years:
            if not re.fullmatch(r"\d{4}", h):
                raise DataError(rel, 1, h, h, "a four-digit year heading")
            cols[j] = (int(h), "")
        else:
            if h not in groups:
                raise DataError(rel, 1, h, h, f"a group listed under [families.{fam_name}.groups]")
            cols[j] = (single_year(meta["data_years"]), groups[h])
    _once_per_heading(
        rel, 1, header, {j: ("", year) if by_years else (group, None) for j, (year, group) in cols.items()}
    )
    geo = NATIONAL if meta["geography"] == "national" else _province_from_meta(rel, meta)
    out = _Rows(rel, meta)
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        ind, unit, _ = _column_indicator(fam_name, fam, rel, rec[0])
        if ind == cat.SKIP:
            continue
        for j, (year, group) in cols.items():
            out.add(
                geo=geo,
                year=year,
                indicator=ind,
                printed=rec[j],
                unit_printed=unit,
                row=i,
                column=header[j],
                group=group,
                unit_at=(i, header[0]),
            )
    return out.frame()


def _province_from_meta(rel: str, meta: pd.Series) -> str:
    """The single province a provincial table describes, named in its publisher."""
    for word in re.findall(r"[A-Za-z]+", meta["publisher"]):
        code = try_code(word)
        if code and code != NATIONAL:
            return code
    raise DataError(
        RAW_MANIFEST,
        None,
        "publisher",
        meta["publisher"],
        f"a province named in the publisher of single-province table {rel}",
    )


def read_group_rows(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """Single-province table: income groups as rows, years as columns, one indicator."""
    records = read_records(path, rel)
    header = records[0]
    _, unit, _ = split_heading(header[0])
    groups = fam["groups"]
    geo = _province_from_meta(rel, meta)
    for h in header[1:]:
        if not re.fullmatch(r"\d{4}", h.strip()):
            raise DataError(rel, 1, h, h, "a four-digit year heading")
    _once_per_heading(rel, 1, header, {j: ("", int(h)) for j, h in enumerate(header[1:], start=1)})
    out = _Rows(rel, meta)
    for i, rec in enumerate(records[1:], start=2):
        label = rec[0].strip()
        if label not in groups:
            raise DataError(rel, i, header[0], label, f"a group listed under [families.{fam_name}.groups]")
        for j, h in enumerate(header[1:], start=1):
            out.add(
                geo=geo,
                year=int(h),
                indicator=fam["indicator"],
                printed=rec[j],
                unit_printed=unit,
                row=i,
                column=h,
                group=groups[label],
                unit_at=(1, header[0]),
            )
    return out.frame()


_NBS_META = ("数据库：", "指标：", "时间：", "数据来源：", "注：")


def read_nbs_export(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """NBS database export (分省年度数据), as transcribed or exactly as the website exports it.

    Accepts the website's header lines (``数据库：分省年度数据``, ``指标：…``,
    ``时间：…``), a ``地区`` or ``Region`` column, year headings written ``2024年``
    or ``2024``, cells padded with tabs or spaces, and the footer
    ``数据来源：国家统计局``. The indicator comes from the ``指标：`` line or else
    from the manifest's ``table_id``.
    """
    records = read_records(path, rel)
    clean = [[c.replace("\t", "").strip() for c in rec] for rec in records]
    header_at, indicator_text, unit_at = _nbs_heading(records, clean, rel, meta)
    ind, unit = _nbs_indicator(indicator_text, rel, fam_name, fam)
    years = _nbs_years(clean[header_at], rel, header_at + 1)
    _once_per_heading(rel, header_at + 1, records[header_at], {j: ("", y) for j, y in years.items()})
    out, seen = _Rows(rel, meta), dict[Any, int]()
    header = clean[header_at]
    for i in range(header_at + 1, len(clean)):
        rec = clean[i]
        if not rec or not any(rec) or rec[0].startswith(_NBS_META):
            continue
        code = to_code(rec[0], file=rel, row=i + 1, column=header[0])
        if code in seen:
            raise DataError(rel, i + 1, header[0], rec[0], f"each region once (already on row {seen[code]})")
        seen[code] = i + 1
        for j, year in years.items():
            out.add(
                geo=code,
                year=year,
                indicator=ind,
                printed=rec[j] if j < len(rec) else "",
                unit_printed=unit,
                row=i + 1,
                column=records[header_at][j].strip(),
                region_printed=rec[0],
                unit_at=unit_at,
            )
    df = out.frame()
    df.attrs["heading_row"] = header_at + 1
    return df


def _nbs_heading(
    records: list[list[str]], clean: list[list[str]], rel: str, meta: pd.Series
) -> tuple[int, str, tuple[int | None, str]]:
    """(index of the heading record, indicator text, where the unit is printed) of an NBS export. The unit
    is printed once: on the ``指标：`` line above the heading, or else in the manifest's ``table_id``."""
    unit_at: tuple[int | None, str] = (None, f"table_id in {RAW_MANIFEST}")
    indicator_text = meta["table_id"]
    for i, rec in enumerate(clean):
        first = rec[0] if rec else ""
        if first.startswith("指标："):
            indicator_text = first.split("：", 1)[1].strip()
            unit_at = (i + 1, records[i][0].strip())
        if first in ("地区", "Region"):
            return i, indicator_text, unit_at
    raise DataError(rel, None, None, "no header", "a header row starting with 地区 or Region")


def _nbs_indicator(indicator_text: str, rel: str, fam_name: str, fam: dict) -> tuple[str, str]:
    """(indicator code, printed unit) of an NBS export's indicator text, such as ``农村居民人均可支配收入(元)``:
    the text (spaces ignored) must be listed in the family; the unit is its last parenthesis."""
    indicators = {k.replace(" ", ""): v for k, v in fam.get("indicators", {}).items()}
    key = indicator_text.replace(" ", "")
    if key not in indicators:
        raise DataError(
            rel,
            None,
            "指标",
            indicator_text,
            f"an indicator listed under [families.{fam_name}.indicators] in src/analysis/data/catalog.toml",
        )
    m = re.search(r"\(([^()]*)\)\s*$", indicator_text)
    return indicators[key], m.group(1) if m else ""


def _nbs_years(header: list[str], rel: str, row: int) -> dict[int, int]:
    """``{column index: year}`` of an NBS export's heading (``2024`` or ``2024年``; blank cells skipped)."""
    years = {}
    for j, h in enumerate(header[1:], start=1):
        ym = re.fullmatch(r"(\d{4})年?", h)
        if ym:
            years[j] = int(ym.group(1))
        elif h != "":
            raise DataError(rel, row, h, h, "a year heading such as 2024 or 2024年")
    return years


def read_panel_long(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """A province × year panel in long form (Province Code, Province, Year, indicators…)."""
    records = read_records(path, rel)
    header = records[0]
    mapped = {j: _column_indicator(fam_name, fam, rel, h) for j, h in enumerate(header) if j >= 3}
    out, seen = _Rows(rel, meta), dict[Any, int]()
    for i, rec in enumerate(records[1:], start=2):
        code = to_code(rec[1], file=rel, row=i, column=header[1])
        if rec[0][:6] != code:
            raise DataError(rel, i, header[0], rec[0], f"a code starting {code} for {rec[1]}")
        year = int(rec[2])
        if (code, year) in seen:
            raise DataError(
                rel, i, header[2], rec[2], f"one row per province-year (already on row {seen[(code, year)]})"
            )
        seen[(code, year)] = i
        for j, (ind, unit, _) in mapped.items():
            if ind != cat.SKIP:
                out.add(
                    geo=code,
                    year=year,
                    indicator=ind,
                    printed=rec[j],
                    unit_printed=unit,
                    row=i,
                    column=header[j],
                    region_printed=rec[1],
                )
    return out.frame()


def read_year_rows(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """National series with one row per year and named columns (compiled series, policy standards)."""
    df = read_table(path, rel)
    year_col = fam.get("year_column", "year")
    if year_col not in df.columns:
        raise DataError(rel, 1, year_col, "missing column", f"a {year_col!r} column")
    columns = {col: spec for col, spec in fam["columns"].items() if spec != cat.SKIP}
    for col in fam["columns"]:
        if col not in df.columns:
            raise DataError(rel, 1, col, "missing column", f"the columns listed under [families.{fam_name}.columns]")
    url_col = next((c for c in ("source_url", "Stored URL") if c in df.columns), None)
    out = _Rows(rel, meta)
    for i, rec in _rows(df):
        row = i + 2
        year = rec[year_col].strip()
        if not re.fullmatch(r"\d{4}", year):
            raise DataError(rel, row, year_col, year, "a four-digit year")
        for col, spec in columns.items():
            ind, unit, group = (*spec, "")[:3]
            out.add(
                geo=NATIONAL,
                year=int(year),
                indicator=ind,
                printed=rec[col],
                unit_printed=unit,
                group=group,
                row=row,
                column=col,
                source_url=rec[url_col] if url_col else None,
            )
    return out.frame()


def read_nbs_year_rows(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """An NBS database sheet as a scraper stores it: years as rows labelled ``2013年``, an empty first
    header cell, columns in the scraper's order, values exactly as stored (``99.90000000000001`` is read
    as that decimal; its unit comes from the family's map, as the sheet prints none).

    Every printed column must be mapped in the family (``[indicator, unit]``, ``[indicator, unit, group]``
    or ``"-"`` to leave it unread), and every mapped column must be there unless the family lists it as
    ``optional``, so a sheet that gained, lost or renamed a column stops the build naming it.
    """
    records = read_records(path, rel)
    if not records:
        raise DataError(rel, 1, None, "empty file", "a header row")
    header = [h.strip() for h in records[0]]
    if header[0] != "":
        raise DataError(rel, 1, header[0], header[0], "an empty first header cell (years as rows)")
    spec = fam["columns"]
    unknown = [h for h in header[1:] if h not in spec]
    if unknown:
        raise DataError(
            rel,
            1,
            unknown[0],
            unknown[0],
            f"a column listed under [families.{fam_name}.columns] "
            'in src/analysis/data/catalog.toml (map it to an indicator, or to "-" to leave it unread)',
        )
    missing = [c for c in spec if c not in header and c not in fam.get("optional", [])]
    if missing:
        raise DataError(rel, 1, missing[0], "missing column", f"every column of [families.{fam_name}.columns]")
    out, seen = _Rows(rel, meta), dict[Any, int]()
    for i, rec in enumerate(records[1:], start=2):
        if not any(c.strip() for c in rec):
            continue
        if len(rec) != len(header):
            raise DataError(rel, i, None, f"{len(rec)} cells", f"{len(header)} cells as in the header")
        m = re.fullmatch(r"(\d{4})年", rec[0].strip())
        if not m:
            raise DataError(rel, i, "(year)", rec[0], "a year label such as 2013年")
        if m.group(1) in seen:
            raise DataError(
                rel,
                i,
                "(year)",
                rec[0],
                f"each year once (year {m.group(1)} printed twice: rows {seen[m.group(1)]} and {i})",
            )
        seen[m.group(1)] = i
        for j, col in enumerate(header[1:], start=1):
            if spec[col] == cat.SKIP:
                continue
            ind, unit, group = (*spec[col], "")[:3]
            out.add(
                geo=NATIONAL,
                year=int(m.group(1)),
                indicator=ind,
                printed=rec[j],
                unit_printed=unit,
                group=group,
                row=i,
                column=col,
            )
    return out.frame()


_PERIOD_PATTERNS = (
    re.compile(r"^(?:end-)?(?P<y>\d{4})(?:\s*\((?P<note>[^)]*)\))?$"),
    re.compile(r"^截至(?P<y>\d{4})年底$"),
)


def parse_period(text: str) -> int | None:
    """Year of a printed reference period that covers a whole year or its end.

    ``2013``, ``end-2016``, ``2010 (current)``, ``2013 (截至2013年底 / 2013年度)``,
    ``截至2014年底`` give the year; a part-year or a census date (``end-Sept
    2008``, ``as of 2007-03-31``, ``census 2020-11-01``) gives ``None``.
    """
    s = text.strip()
    for pat in _PERIOD_PATTERNS:
        m = pat.match(s)
        if m:
            return int(m.group("y"))
    return None


LONG_COLUMNS = (
    "url",
    "publication",
    "publication_date",
    "reference_period",
    "indicator_as_printed",
    "value_as_printed",
    "unit_as_printed",
    "notes",
)


def _long_statement(rec, i: int, year: int, **more) -> dict[str, Any]:
    """Where a value read from row ``i`` (0-based, below the heading) of a long national file comes from: the
    nation, its year, the file row, period, publication, date and address (and ``more``)."""
    return dict(
        geo=NATIONAL,
        year=year,
        row=i + 2,
        reference_period=rec["reference_period"],
        publication=rec["publication"],
        publication_date=rec["publication_date"],
        source_url=rec["url"],
        **more,
    )


def read_national_long(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """Long national series, one printed statement per row.

    A row is read when ``reference/long_labels.csv`` maps its file and
    ``indicator_as_printed`` to an indicator and its reference period is a
    whole year or a year end; other rows stay context (listed, not read).
    """
    df = read_table(path, rel)
    for col in LONG_COLUMNS:
        if col not in df.columns:
            raise DataError(rel, 1, col, "missing column", f"long-format columns {', '.join(LONG_COLUMNS)}")
    labels = cat.long_labels()
    name = Path(rel).name
    out = _Rows(rel, meta)
    for i, rec in _rows(df):
        hit = labels.get((name, rec["indicator_as_printed"]))
        if hit is None:
            continue
        year = parse_period(rec["reference_period"])
        if year is None:
            continue
        ind, qualifier = hit
        common = _long_statement(rec, i, year)
        out.add(
            indicator=ind,
            printed=rec["value_as_printed"],
            unit_printed=rec["unit_as_printed"],
            column="value_as_printed",
            qualifier=qualifier,
            statement=True,
            **common,
        )
        change = cat.indicator(ind).get("change_indicator")
        m = _PRINTED_CHANGE.match(rec["notes"].strip()) if change else None
        if m:
            sign = "-" if m.group("dir") == "减少" else ""
            out.add(
                indicator=change,
                printed=sign + m.group("n"),
                unit_printed=m.group("unit"),
                column="notes",
                as_printed=m.group(0),
                **common,
            )
    add_stated_increases(df, rel, out)
    return out.frame()


def add_stated_increases(df: pd.DataFrame, rel: str, out: _Rows) -> None:
    """Read the statements of ``reference/stated_increases.csv`` from this long file: for each, its level (the
    listed indicator, from ``value_as_printed``) and the increase on the previous year that the same row prints in
    ``indicator_as_printed`` (the indicator's ``change_indicator``), so that harmonise derives the previous year's
    level where no source prints it (:func:`analysis.data.harmonise.add_levels_from_changes`).

    The statement is found by its ``url`` and ``reference_period``; it must still say what was reviewed: the whole
    ``indicator_as_printed`` matches the listed pattern, and a printed base year is the previous year. Otherwise the
    problem names the file, row, column and value, and nothing is built.
    """
    name = Path(rel).name
    listed = cat.stated_increases()
    for s in listed[listed["file"].eq(name)].itertuples(index=False):
        hits = df.index[df["url"].eq(s.url) & df["reference_period"].eq(s.reference_period)]
        if len(hits) != 1:
            out.problems.append(
                str(
                    DataError(
                        rel,
                        None,
                        "url",
                        s.url,
                        f"one row with this url and reference_period {s.reference_period!r} "
                        f"(reference/stated_increases.csv), found {len(hits)}",
                    )
                )
            )
            continue
        i = hits[0]
        rec = df.loc[i]
        year = parse_period(rec["reference_period"])
        m = re.fullmatch(s.pattern, rec["indicator_as_printed"])
        base = m.groupdict().get("base") if m else None
        if m is None or year is None or (base is not None and int(base) != year - 1):
            out.problems.append(
                str(
                    DataError(
                        rel,
                        i + 2,
                        "indicator_as_printed",
                        rec["indicator_as_printed"],
                        f"the statement of an increase on the previous year reviewed in "
                        f"reference/stated_increases.csv (pattern '{s.pattern}')",
                    )
                )
            )
            continue
        common = _long_statement(rec, i, year, unit_printed=rec["unit_as_printed"], statement=True)
        out.add(indicator=s.indicator, printed=rec["value_as_printed"], column="value_as_printed", **common)
        out.add(
            indicator=cat.indicator(s.indicator)["change_indicator"],
            printed=m.group("increase"),
            column="indicator_as_printed",
            as_printed=m.group("phrase"),
            **common,
        )


#: A change on the previous year end as communiqués print it beside a level: 增加375万人, 减少430万人.
_PRINTED_CHANGE = re.compile(r"^(?:比上年末)?(?P<dir>增加|减少)(?P<n>\d+(?:\.\d+)?)(?P<unit>万人|亿人)")


PROVINCE_LONG_COLUMNS = (
    "province",
    "data_year",
    "publication",
    "publication_date",
    "indicator_as_printed",
    "value_as_printed",
    "unit_as_printed",
    "url",
    "notes",
)


def read_province_long(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """Provincial figures as printed by press and secondary pages, one statement per row.

    A row is read when its ``indicator_as_printed`` is listed under ``[families.<family>.labels]`` in
    catalog.toml (as ``[indicator, group]``) and it names a data year; every other row stays context
    (listed, not read). The province is the printed ``province`` name (one normaliser for all files).
    """
    df = read_table(path, rel)
    for col in PROVINCE_LONG_COLUMNS:
        if col not in df.columns:
            raise DataError(
                rel, 1, col, "missing column", f"province long-format columns {', '.join(PROVINCE_LONG_COLUMNS)}"
            )
    labels = fam.get("labels", {})
    out = _Rows(rel, meta)
    for i, rec in _rows(df):
        hit = labels.get(rec["indicator_as_printed"])
        if hit is None or not rec["data_year"].strip():
            continue
        if not re.fullmatch(r"\d{4}", rec["data_year"].strip()):
            raise DataError(rel, i + 2, "data_year", rec["data_year"], "a four-digit year or a blank")
        ind, group = hit
        out.add(
            geo=to_code(rec["province"], file=rel, row=i + 2, column="province"),
            year=int(rec["data_year"]),
            indicator=ind,
            group=group,
            printed=rec["value_as_printed"],
            unit_printed=rec["unit_as_printed"],
            row=i + 2,
            column="value_as_printed",
            statement=True,
            region_printed=rec["province"],
            reference_period=rec["data_year"],
            publication=rec["publication"],
            publication_date=rec["publication_date"],
            source_url=rec["url"],
        )
    return out.frame()


EVIDENCE_COLUMNS = (
    "topic",
    "data_year",
    "publication_date",
    "source_type",
    "source",
    "source_url",
    "quote",
    "value",
    "notes",
)


def read_evidence_rows(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """Facts as text, one per row (for the processed ``evidence`` table), with file and row."""
    df = read_table(path, rel)
    for col in EVIDENCE_COLUMNS:
        if col not in df.columns:
            raise DataError(rel, 1, col, "missing column", f"evidence columns {', '.join(EVIDENCE_COLUMNS)}")
    return df[list(EVIDENCE_COLUMNS)].assign(source_file=rel, source_row=range(2, len(df) + 2))


def read_none(path: Path, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> pd.DataFrame:
    """Context files: checksummed and cited, not read into the numeric tables."""
    return pd.DataFrame(columns=TIDY_COLUMNS)


READERS: dict[str, Callable[..., pd.DataFrame]] = {
    "by_region": read_by_region,
    "indicator_rows": read_indicator_rows,
    "group_rows": read_group_rows,
    "nbs_export": read_nbs_export,
    "panel_long": read_panel_long,
    "year_rows": read_year_rows,
    "nbs_year_rows": read_nbs_year_rows,
    "national_long": read_national_long,
    "province_long": read_province_long,
    "none": read_none,
    "evidence_rows": read_evidence_rows,
}

#: Readers whose output is text evidence, not numeric values.
TEXT_READERS = ("evidence_rows",)
#: The reader that reads the statements of ``reference/stated_increases.csv`` (:func:`add_stated_increases`).
STATED_INCREASES_READER = "national_long"


def check_shape(path: Path, rel: str, meta: pd.Series) -> None:
    """The file still has the header and the number of data rows its manifest row registered (``header``,
    ``rows``): a registered checksum alone does not stop a file that lost a column or was cut short."""
    records = read_records(path, rel)
    registered = meta.get("header", "")
    if registered and header_text(records[0]) != registered:
        now, then = [c.strip() for c in records[0]], registered.split(" | ")
        lost = [c for c in then if c not in now]
        extra = [c for c in now if c not in then]
        what = f"column {lost[0]!r} missing" if lost else f"column {extra[0]!r} added" if extra else "columns reordered"
        raise DataError(
            rel,
            1,
            lost[0] if lost else extra[0] if extra else None,
            what,
            f"the header registered in {RAW_MANIFEST} ({len(then)} columns: {registered[:120]}…)",
        )
    rows = str(meta.get("rows", "")).strip()
    if rows.isdigit():
        n = sum(1 for r in records[1:] if any(c.strip() for c in r))
        if n != int(rows):
            raise DataError(
                rel,
                len(records),
                None,
                f"{n} data rows",
                f"{rows} data rows as the manifest's rows column records (file cut or extended?)",
            )


def read_file(raw_dir: Path, meta: pd.Series) -> pd.DataFrame:
    """Read one raw file with the reader its manifest family names, after checking its registered shape."""
    rel = raw_file(meta["path"])
    check_shape(raw_dir / meta["path"], rel, meta)
    try:
        fam = cat.family(meta["family"])
    except KeyError as exc:
        raise DataError(RAW_MANIFEST, None, "family", meta["family"], str(exc)) from None
    reader = READERS[fam["reader"]]
    df = reader(raw_dir / meta["path"], rel, meta, meta["family"], fam)
    if fam["reader"] not in TEXT_READERS:
        problems = content_problems(df, rel, meta, meta["family"], fam)
        if problems:
            raise ReadFailed(problems)
    return df


#: Missing provinces a problem line names before "and N more".
SHOWN_MISSING = 5


def content_problems(df: pd.DataFrame, rel: str, meta: pd.Series, fam_name: str, fam: dict) -> list[str]:
    """What a table of its family must hold, beyond what its registered header and row count fix (a user
    registering a new edition registers those too):

    - every indicator the family ``requires`` (catalog.toml) has a column (or row) of its own, so a new
      edition that lost one of them stops instead of dropping it from every table of that year;
    - with ``every_province = true``, every province has a row, unless the manifest's ``partial`` column
      says why the copy lacks some;
    - every year with a value lies within the manifest's ``data_years`` (one line per year, on the cell
      printing it); a year heading over blank cells (an export's empty 2025 column) holds no data.
    """
    out: list[str] = []
    if df.empty:
        return out
    have = set(df["indicator"].unique())
    for ind in fam.get("requires", []):
        if ind not in have:
            labels = [k for k, v in fam.get("columns", {}).items() if (v[0] if isinstance(v, list) else v) == ind]
            out.append(
                str(
                    DataError(
                        rel,
                        1,
                        None,
                        f"no heading for {ind}",
                        f"a heading mapped to {ind} ({' or '.join(repr(x) for x in labels)}), which every "
                        f"table of family {fam_name} prints ([families.{fam_name}] requires in "
                        "src/analysis/data/catalog.toml)",
                    )
                )
            )
    if fam.get("every_province") and not str(meta.get("partial", "")).strip():
        present = set(df["geo_code"].unique())
        missing = [c for c in province_codes() if c not in present]
        if missing:
            names = ", ".join(f"{name_en(c)} ({c})" for c in missing[:SHOWN_MISSING])
            names += f" and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING else ""
            out.append(
                str(
                    DataError(
                        rel,
                        None,
                        "region",
                        f"{N_PROVINCES - len(missing)} of {N_PROVINCES} provinces; missing {names}",
                        "a row for every province (a copy that lacks some says why in the manifest's partial column)",
                    )
                )
            )
    return out + _years_outside(df, rel, meta, fam)


def _years_outside(df: pd.DataFrame, rel: str, meta: pd.Series, fam: dict) -> list[str]:
    """One problem per year with a value outside the manifest's ``data_years`` (none when it names no year)."""
    allowed = data_years_set(str(meta.get("data_years", "")))
    if not allowed:
        return []
    # In numpy: a few small arrays per file, where pandas' per-operation overhead would cost more than the check.
    outside = ~np.isin(df["year"].to_numpy(dtype=int), list(allowed)) & ~np.isnan(df["value"].to_numpy(dtype=float))
    if not outside.any():  # the usual case: no copy of the table to filter and group
        return []
    out = []
    for year, g in df[outside].groupby("year", sort=True):
        first = g.sort_values(["source_row", "source_column"], kind="mergesort").iloc[0]
        at_heading = g["source_column"].nunique() == 1 and str(year) in str(first["source_column"])
        row = df.attrs.get("heading_row", 1) if at_heading else int(first["source_row"])
        column = first["source_column"] if at_heading else fam.get("year_column", "(year)")
        out.append(
            str(
                DataError(
                    rel,
                    row,
                    column,
                    str(year),
                    f"a year within the manifest's data_years ({meta['data_years']}); {len(g)} value(s) of {year} read",
                )
            )
        )
    return out


__all__ = ["READERS", "TIDY_COLUMNS", "read_file", "parse_period", "read_records"]
