"""Hand the processed tables to co-authors: CSV, Parquet and Stata ``.dta``, a ``datapackage.json`` and a codebook.

What a do-file can rely on (see docs/exports.md):

- Every ``.dta`` with places has the text key ``geo_code`` (GB/T 2260, ``000000`` = national) and beside it a
  numeric ``province`` (the same code as a number, 0 = national) whose value labels are the province names,
  so ``merge m:1 geo_code using provinces`` works and ``tab province`` reads as names. ``provinces.dta``
  names its key ``geo_code`` too and lists the national row.
- Variable labels are descriptions written for the label (≤ 80 characters, with the unit), and names longer
  than Stata's 32 characters (and the ``__group`` columns) get readable short names; both come from the
  stored table ``reference/stata_variables.csv``, except an indicator column's label, which is the indicator's
  name in ``catalog.toml`` with its unit (the one home of indicator names).
- Value codes come from the stored table ``reference/stata_value_codes.csv``, so an added indicator or group
  takes a new code and never renumbers an existing one.
- Each ``.dta`` carries a data label and Stata notes (``notes`` in Stata) naming the collection and every
  source publication; ``codebook.md`` lists every variable with label, unit, value labels and sources.

R users read everything with ``frictionless::read_package("exports/datapackage.json")`` or
``arrow::read_parquet`` per table (each Parquet column carries its description and unit in its metadata).
"""

from __future__ import annotations

import json
import re
import struct
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from pandas.io.stata import StataWriterUTF8

from . import catalog as cat
from .build import licenses, schema
from .regions import NATIONAL, reference as regions_reference
from ..errors import DataError
from ..paths import STATA_VALUE_CODES_CSV, STATA_VARIABLES_CSV, layout, raw_file

FORMATS = ("csv", "parquet", "dta")
#: Stata limits: variable names of at most 32 characters, labels of at most 80.
STATA_NAME_MAX = 32
STATA_LABEL_MAX = 80
#: Columns exported to Stata as labelled integer codes (few distinct values, each meaningful); their codes are
#: in :data:`~analysis.paths.STATA_VALUE_CODES_CSV`.
VALUE_LABELLED = (
    "region4",
    "income_concept",
    "tier",
    "unit",
    "concept",
    "indicator",
    "group",
    "qualifier",
    "series_break",
    "status",
    "topic",
)
#: The numeric province variable beside ``geo_code``: GB/T 2260 as a number; the national rows have 0.
PROVINCE_VAR = "province"
NATIONAL_NAME = "China (national)"
NATIONAL_NAME_ZH = "全国"
#: Tables of national rows only: their ``.dta`` gets ``geo_code`` = 000000 and ``province`` = 0, so they
#: append to and merge with the province files on the same key.
NATIONAL_TABLES = ("national_series", "policy_standards")
#: Fixed .dta time stamp and byte order, so that an export is byte-identical when rerun on any machine.
DTA_TIME_STAMP = datetime(2026, 1, 1)
DTA_BYTEORDER = "little"
#: What each table is, as its Stata data label (≤ 80 characters).
DATA_LABELS = {
    "province_year_long": "China rural insurance: every value read, with its source (long)",
    "rural_panel": "China rural insurance: province x year panel of preferred values",
    "national_series": "China rural insurance: national series by year",
    "policy_standards": "China rural insurance: national minimum contribution and subsidy",
    "provinces": "China rural insurance: provinces (GB/T 2260), names, NBS region",
    "sum_checks": "China rural insurance: provinces summed against printed national totals",
    "agreement_checks": "China rural insurance: other versions of a figure vs the preferred one",
    "evidence": "China rural insurance: statements on enrolment (text evidence)",
}
_STATA_RESERVED = {
    "_all",
    "_b",
    "byte",
    "_coef",
    "_cons",
    "double",
    "float",
    "if",
    "in",
    "int",
    "long",
    "_n",
    "_N",
    "_pi",
    "_pred",
    "_rc",
    "_skip",
    "strL",
    "using",
    "with",
}


def _relative(path: Path) -> str:
    """``path`` as error messages name files: from the project folder when inside it."""
    from ..paths import PACKAGE_DIR

    root = PACKAGE_DIR.parents[1]
    return path.resolve().relative_to(root).as_posix() if path.resolve().is_relative_to(root) else str(path)


def _stored_variables(path: Path = STATA_VARIABLES_CSV) -> pd.DataFrame:
    """The stored Stata names and labels, checked: one row per column, a label of 1–80 characters, a short name
    that Stata accepts and no other column takes. A bad row is an error naming the file, row, column and value."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    names: dict[str, int] = {}
    for i, r in enumerate(df.itertuples(index=False), start=2):  # CSV line, the header being line 1
        if r.column in set(df["column"].iloc[: i - 2]):
            raise DataError(_relative(path), i, "column", r.column, "each column listed once")
        if r.column in cat.indicators():
            if r.label:
                raise DataError(
                    _relative(path), i, "label", r.label, "no label: an indicator's is its name in catalog.toml"
                )
        elif not 0 < len(r.label) <= STATA_LABEL_MAX:
            raise DataError(_relative(path), i, "label", r.label, f"a label of 1 to {STATA_LABEL_MAX} characters")
        name = r.stata_name or r.column
        if r.stata_name and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", r.stata_name):
            raise DataError(
                _relative(path),
                i,
                "stata_name",
                r.stata_name,
                "a Stata name: letters, digits and _, at most 32 characters, not starting with a digit",
            )
        if name in names:
            raise DataError(_relative(path), i, "stata_name", name, f"a name no other column has (line {names[name]})")
        names[name] = i
    return df.set_index("column")


def stata_names(columns: list[str], stored: dict[str, str] | None = None) -> dict[str, str]:
    """Map column names to unique valid Stata names (letters, digits, _; ≤ 32 characters).

    A column with a short name in ``stored`` (default: the stored table) takes it; any other name is kept
    where valid, else made valid and cut to 32 characters with a numeric suffix where needed."""
    stored = stored if stored is not None else {c: n for c, n in _stored_variables()["stata_name"].items() if n}
    out, taken = {}, set()
    for col in columns:
        if stored.get(col):
            out[col] = stored[col]
            taken.add(stored[col])
    for col in columns:
        if col in out:
            continue
        base = re.sub(r"[^A-Za-z0-9_]", "_", col)
        if not re.match(r"[A-Za-z_]", base):
            base = "v_" + base
        if base in _STATA_RESERVED:
            base = base + "_"
        name = base[:STATA_NAME_MAX]
        i = 1
        while name in taken:
            suffix = f"_{i}"
            name = base[: STATA_NAME_MAX - len(suffix)] + suffix
            i += 1
        taken.add(name)
        out[col] = name
    return out


def stata_label(description: str, unit: str = "") -> str:
    """A variable label from a description: ``description (unit)`` in at most 80 characters; the description
    is shortened (with …), never the unit. Used only for a column the stored table does not list."""
    tail = f" ({unit})" if unit else ""
    label = description.rstrip(".")
    if len(label) + len(tail) > STATA_LABEL_MAX:
        label = label[: STATA_LABEL_MAX - len(tail) - 1].rstrip() + "…"
    return label + tail


def indicator_label(code: str) -> str:
    """An indicator column's variable label: the indicator's name (``catalog.toml``, the one home of indicator
    names) with its unit, ``NCMS enrollees (persons)``."""
    name = cat.name(code)
    return stata_label(name[:1].upper() + name[1:], cat.indicator(code)["unit"])


def variable_labels(columns: list[str], fields: dict[str, dict]) -> dict[str, str]:
    """Label of each column: an indicator's name with its unit (:func:`indicator_label`), else the stored label
    (written for Stata, with its unit), else one made from the datapackage description and unit
    (:func:`stata_label`)."""
    stored = _stored_variables()["label"].to_dict()
    return {
        c: indicator_label(c)
        if c in cat.indicators()
        else stored.get(c) or stata_label(fields.get(c, {}).get("description", ""), fields.get(c, {}).get("unit", ""))
        for c in columns
    }


def stored_codes(path: Path = STATA_VALUE_CODES_CSV) -> dict[str, dict[str, int]]:
    """The stored value codes: variable → {value: code}. A code that is not a positive whole number, or a code or
    value listed twice for a variable, is an error naming the file, row, column and value."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    out: dict[str, dict[str, int]] = {}
    for i, r in enumerate(df.itertuples(index=False), start=2):
        if not r.code.isdigit() or int(r.code) == 0:
            raise DataError(_relative(path), i, "code", r.code, "a whole number from 1")
        codes = out.setdefault(r.variable, {})
        if r.value in codes:
            raise DataError(_relative(path), i, "value", r.value, f"each value of {r.variable} listed once")
        if int(r.code) in codes.values():
            raise DataError(_relative(path), i, "code", r.code, f"a code no other value of {r.variable} has")
        codes[r.value] = int(r.code)
    return out


def code_lists(
    tables: dict[str, pd.DataFrame], stored: dict[str, dict[str, int]] | None = None
) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Value codes of every value-labelled column, shared by every table that has it: the stored code of each
    value, and for a value the stored table does not list yet, the next free code (values in sorted order).
    Returns (variable → {value: code}, the new values as ``variable=value``, for a note to add them).
    An empty value has no code (it is Stata missing)."""
    stored = stored if stored is not None else stored_codes()
    codes = {col: dict(stored.get(col, {})) for col in VALUE_LABELLED}
    new = []
    for col in VALUE_LABELLED:
        values: set = set()
        for df in tables.values():
            if col in df.columns:
                values.update(v for v in df[col].dropna().astype(str) if v != "")
        for v in sorted(values - set(codes[col])):
            codes[col][v] = max(codes[col].values(), default=0) + 1
            new.append(f"{col}={v}")
    return {c: v for c, v in codes.items() if v}, new


def province_labels() -> dict[int, str]:
    """Value labels of ``province``: GB/T 2260 numeric code → English name; 0 → the national label."""
    ref = regions_reference()
    return {0: NATIONAL_NAME, **{int(c): n for c, n in zip(ref["code"], ref["name_en"])}}


def export_frame(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The table as every exported format holds it: the provinces table's key is ``geo_code`` (as in every
    other table) and it lists the national code as a row, so every ``geo_code`` of every table is found there."""
    if name != "provinces":
        return df
    out = df.rename(columns={"code": "geo_code"})
    national = pd.DataFrame(
        [
            {
                "geo_code": NATIONAL,
                "name_en": NATIONAL_NAME,
                "name_zh": NATIONAL_NAME_ZH,
                "name_zh_short": NATIONAL_NAME_ZH,
                "pinyin": "Quanguo",
            }
        ]
    )
    out = pd.concat([national, out], ignore_index=True)
    ints = [c for c in df.columns if pd.api.types.is_integer_dtype(df[c])]
    return out.astype({c: "Int64" for c in ints})  # the national row has no region or tile position


def to_stata_frame(
    df: pd.DataFrame, fields: dict[str, dict], codes: dict[str, dict[str, int]] | None = None, national: bool = False
) -> tuple[pd.DataFrame, dict[str, str], dict[str, str], dict[str, dict]]:
    """A copy of ``df`` ready for ``to_stata``: ``geo_code`` with the numeric ``province`` beside it (both added,
    as national, where ``national``), valid names, value-labelled columns as their stored codes (an empty value
    is Stata missing), flags as 1/0/missing, text without missing values.

    Returns (frame, variable labels by Stata name, Stata name by column, value labels by Stata name).
    """
    codes = codes if codes is not None else code_lists({"": df})[0]
    df = df.copy()
    if national and "geo_code" not in df.columns:
        df.insert(0, "geo_code", NATIONAL)
    if "geo_code" in df.columns:
        df.insert(df.columns.get_loc("geo_code") + 1, PROVINCE_VAR, df["geo_code"].astype(int).astype("int32"))
    names = stata_names(list(df.columns))
    labels_by_col = variable_labels(list(df.columns), fields)
    cols, labels, value_labels = {}, {}, {}
    for col in df.columns:
        s = df[col]
        if col in VALUE_LABELLED:
            text = s.astype("string").fillna("")
            s = text.map(lambda v: codes[col].get(v) if v else None).astype("float64")
            s = s.astype("Int16") if s.notna().any() else s
            value_labels[names[col]] = {code: v for v, code in sorted(codes[col].items(), key=lambda kv: kv[1])}
        elif col == PROVINCE_VAR:
            value_labels[names[col]] = province_labels()
        elif pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            s = s.astype("Int8")  # 1/0, and Stata missing (.) where the flag is unknown
        elif not pd.api.types.is_numeric_dtype(s):
            s = s.fillna("").astype(str)
        cols[names[col]] = s
        labels[names[col]] = labels_by_col[col]
    return pd.DataFrame(cols, index=df.index), labels, names, value_labels


class _NotedStataWriter(StataWriterUTF8):
    """Stata 118 writer that also stores dataset notes (Stata's ``notes``: characteristics ``_dta[note0]``,
    the count, and ``_dta[note1]`` …), which pandas cannot write."""

    def __init__(self, *args, notes: tuple[str, ...] | list[str] = (), **kwargs):
        self._notes = list(notes)
        super().__init__(*args, **kwargs)

    def _characteristic(self, var: str, name: str, contents: str) -> bytes:
        body = (
            var.encode("utf-8").ljust(129, b"\0")
            + name.encode("utf-8").ljust(129, b"\0")
            + contents.encode("utf-8")
            + b"\0"
        )
        return b"<ch>" + struct.pack(self._byteorder + "I", len(body)) + body + b"</ch>"

    def _write_characteristics(self) -> None:
        self._update_map("characteristics")
        chars = [self._characteristic("_dta", "note0", str(len(self._notes)))] if self._notes else []
        chars += [self._characteristic("_dta", f"note{i}", n) for i, n in enumerate(self._notes, start=1)]
        self._write_bytes(self._tag(b"".join(chars), "characteristics"))


def stata_notes(resource: dict, citation: str) -> list[str]:
    """The notes of a table's ``.dta``: how to cite, its key, and each source publication with its table,
    raw file and address."""
    notes = [
        f"Cite the collection: {citation}. Cite the original publications below for any number used.",
        "Key: " + ", ".join(resource["schema"].get("primaryKey", [])) + "; places by geo_code "
        "(GB/T 2260, 000000 = national): merge m:1 geo_code using provinces.dta",
    ]
    for s in resource.get("sources", []):
        table = f", table {s['table']}" if s.get("table") else ""
        url = f" <{s['url']}>" if s.get("url") else ""
        notes.append(f"Source: {s['title']}{table} ({s['path']}){url}")
    return notes


def collection_citation() -> str:
    """The collection as CITATION.cff names it: authors (year). title, version."""
    from ..references import collection

    c = collection()
    return f"{c['author']} ({c['year']}). {c['title']}, version {c['version']}"


def _parquet_with_descriptions(df: pd.DataFrame, fields: dict[str, dict], path: Path) -> None:
    """Write ``df`` as Parquet with each column's description and unit in its field metadata (R's arrow shows
    them with ``schema$field(...)$metadata``)."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    new_fields = []
    for f in table.schema:
        meta = {
            k: str(v)
            for k, v in (
                ("description", fields.get(f.name, {}).get("description")),
                ("unit", fields.get(f.name, {}).get("unit")),
            )
            if v
        }
        new_fields.append(f.with_metadata({k.encode(): v.encode() for k, v in meta.items()}))
    table = table.cast(pa.schema(new_fields, metadata=table.schema.metadata))
    pq.write_table(table, path, compression="snappy")


def codebook(resources: list[dict], value_labels: dict[str, dict[str, dict]]) -> str:
    """``codebook.md``: per table, its data label, key, every variable (Stata name, column, label, unit, value
    labels) and its sources."""
    lines = [
        "# Codebook of the exported tables",
        "",
        "Generated by `python -m analysis export`; see docs/exports.md. Stata names and labels come from "
        "`src/analysis/data/reference/stata_variables.csv`, value codes from `stata_value_codes.csv`.",
        "",
    ]
    for res in resources:
        name = res["name"]
        lines += [
            f"## {name}",
            "",
            DATA_LABELS.get(name, name),
            "",
            "Files: "
            + ", ".join(f["path"] for f in (res, res.get("parquet", {}), res.get("stata", {})) if f.get("path")),
            f"Key: {', '.join(res['schema'].get('primaryKey', [])) or '(none: see docs/exports.md)'}",
            "",
            "| Stata name | column | label | unit | value labels |",
            "|---|---|---|---|---|",
        ]
        vl = value_labels.get(name, {})
        for f in res["schema"]["fields"]:
            stata = f.get("stata_name", "")
            codes = vl.get(stata, {})
            shown = "; ".join(f"{k} {v}" for k, v in list(codes.items())[:8]) + (" …" if len(codes) > 8 else "")
            lines.append(
                f"| {stata} | {f['name']} | {f.get('stata_label', f.get('description', ''))} | "
                f"{f.get('unit', '')} | {shown} |".replace("\n", " ")
            )
        for added in res.get("stata", {}).get("added", []):
            codes = vl.get(added["name"], {})
            lines.append(
                f"| {added['name']} | (Stata only) | {added['label']} | | "
                f"{'; '.join(f'{k} {v}' for k, v in list(codes.items())[:4])} … |"
            )
        lines += ["", "Sources:", ""]
        lines += [
            f"- {s['title']}{', table ' + s['table'] if s.get('table') else ''} (`{s['path']}`)"
            for s in res.get("sources", [])
        ]
        lines.append("")
    return "\n".join(lines)


def export(root=None, dest: Path | str | None = None, formats=FORMATS) -> Path:
    """Write every processed table in ``formats`` into ``dest`` (default ``exports/``) plus a datapackage.json
    (with keys and the licence), ``references.bib`` and ``references.csl.json`` (every publication the tables
    come from, and the collection) and, with Stata files, ``codebook.md``."""
    lay = layout(root)
    dest = Path(dest) if dest is not None else lay.exports
    pkg = json.loads((lay.processed / "datapackage.json").read_text(encoding="utf-8"))
    dest.mkdir(parents=True, exist_ok=True)
    tables = {
        r["name"]: export_frame(r["name"], pd.read_parquet(lay.processed / f"{r['name']}.parquet"))
        for r in pkg["resources"]
    }
    codes, new = code_lists(tables)
    if new and "dta" in formats:
        print(
            f"note: value codes not in {STATA_VALUE_CODES_CSV.name} were given the next free codes: "
            f"{', '.join(new)}; add them to that table to keep them",
            file=sys.stderr,
        )
    citation = collection_citation()
    resources, value_labels = [], {}
    for res in pkg["resources"]:
        name = res["name"]
        df = tables[name]
        entry = {k: v for k, v in res.items() if k not in ("parquet", "hash", "bytes")}
        entry["schema"] = schema(
            name,
            df,
            geo_tables=[n for n, t in tables.items() if "geo_code" in t and n != "provinces"],
            provinces_key="geo_code",
        )
        fields = {f["name"]: f for f in entry["schema"]["fields"]}
        if "csv" in formats:
            df.to_csv(dest / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
        if "parquet" in formats:
            _parquet_with_descriptions(df, fields, dest / f"{name}.parquet")
            entry["parquet"] = {"path": f"{name}.parquet"}
        if "dta" in formats:
            frame, labels, names, vlabels = to_stata_frame(df, fields, codes, national=name in NATIONAL_TABLES)
            long_text = [c for c in frame.columns if frame[c].dtype == object and frame[c].str.len().max() > 244]
            writer = _NotedStataWriter(
                dest / f"{name}.dta",
                frame,
                write_index=False,
                variable_labels=labels,
                data_label=DATA_LABELS.get(name, name)[:STATA_LABEL_MAX],
                time_stamp=DTA_TIME_STAMP,
                byteorder=DTA_BYTEORDER,
                convert_strl=long_text,
                value_labels=vlabels,
                notes=stata_notes(entry, citation),
            )
            writer.write_file()
            value_labels[name] = vlabels
            added = [c for c in names if c not in df.columns]
            entry["stata"] = {
                "path": f"{name}.dta",
                "data_label": DATA_LABELS.get(name, name),
                "added": [{"name": names[c], "label": labels[names[c]]} for c in added],
            }
            for field in entry["schema"]["fields"]:
                field["stata_name"] = names[field["name"]]
                field["stata_label"] = labels[names[field["name"]]]
        if "csv" not in formats:
            entry["path"] = entry.get("parquet", entry.get("stata", {})).get("path", entry["path"])
        resources.append(entry)
    out = dict(pkg, licenses=licenses(), resources=resources)
    (dest / "datapackage.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if "dta" in formats:
        (dest / "codebook.md").write_text(codebook(resources, value_labels), encoding="utf-8")
    from ..references import write as write_references

    write_references(
        dest,
        sorted({s["path"] for r in resources for s in r.get("sources", []) if s["path"].startswith(raw_file())}),
        root,
    )
    return dest
