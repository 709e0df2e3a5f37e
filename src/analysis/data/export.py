"""Hand the processed tables to co-authors: CSV, Parquet and Stata ``.dta``, with a ``datapackage.json``.

R users read everything with one call, e.g. ``frictionless::read_package("exports/datapackage.json")``
(or ``arrow::read_parquet`` per table); Stata users ``use exports/rural_panel.dta`` and see a variable
label on every variable and value labels on coded variables (region, income concept, tier, …).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pandas as pd

from .build import TABLES
from ..paths import layout

FORMATS = ("csv", "parquet", "dta")
#: Stata limits: variable names of at most 32 characters, labels of at most 80.
STATA_NAME_MAX = 32
STATA_LABEL_MAX = 80
#: Columns exported to Stata as labelled integer codes (few distinct values, each meaningful).
VALUE_LABELLED = ("region4", "income_concept", "tier", "unit", "concept", "indicator", "group", "qualifier",
                  "region_flag", "series_break", "status", "topic")
#: Fixed .dta time stamp, so that an export is byte-identical when rerun.
DTA_TIME_STAMP = datetime(2026, 1, 1)
_STATA_RESERVED = {"_all", "_b", "byte", "_coef", "_cons", "double", "float", "if", "in", "int", "long", "_n",
                   "_N", "_pi", "_pred", "_rc", "_skip", "strL", "using", "with"}


def stata_names(columns: list[str]) -> dict[str, str]:
    """Map column names to unique valid Stata names (letters, digits, _; ≤ 32 characters)."""
    out, taken = {}, set()
    for col in columns:
        base = re.sub(r"[^A-Za-z0-9_]", "_", col)
        if not re.match(r"[A-Za-z_]", base):
            base = "v_" + base
        if base in _STATA_RESERVED:
            base = base + "_"
        name = base[:STATA_NAME_MAX]
        i = 1
        while name in taken:
            suffix = f"_{i}"
            name = base[:STATA_NAME_MAX - len(suffix)] + suffix
            i += 1
        taken.add(name)
        out[col] = name
    return out


def _fields(processed: Path) -> tuple[dict[str, dict[str, dict]], dict]:
    """(fields by table and column name, the whole datapackage) of the processed folder."""
    pkg = json.loads((processed / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in pkg["resources"]}, pkg


def stata_label(name: str, description: str, unit: str = "") -> str:
    """``name: description [unit]`` in at most 80 characters: the description is shortened (with …), never
    the unit, so a co-author always sees what the numbers are in."""
    tail = f" [{unit}]" if unit else ""
    label = f"{name}: {description}"
    if len(label) + len(tail) > STATA_LABEL_MAX:
        label = label[:STATA_LABEL_MAX - len(tail) - 1].rstrip() + "…"
    return label + tail


def code_lists(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """One code list per value-labelled column name, shared by every table that has the column (code 1 of
    ``indicator`` is the same indicator in every .dta file, so a merge on codes matches the same things).
    Codes follow the sorted values; an empty value has no code (it is Stata missing)."""
    values: dict[str, set[str]] = {}
    for df in tables.values():
        for col in VALUE_LABELLED:
            if col in df.columns:
                values.setdefault(col, set()).update(v for v in df[col].dropna().astype(str) if v != "")
    return {col: sorted(v) for col, v in values.items()}


def to_stata_frame(df: pd.DataFrame, fields: dict[str, dict], codes: dict[str, list[str]] | None = None
                   ) -> tuple[pd.DataFrame, dict[str, str], dict[str, str]]:
    """A copy of ``df`` ready for ``to_stata``: valid names, coded categoricals (codes from ``codes``, the
    shared lists of :func:`code_lists`; an empty value is Stata missing), text without missing values.

    Returns (frame, variable labels by Stata name, Stata name by column).
    """
    codes = codes if codes is not None else code_lists({"": df})
    names = stata_names(list(df.columns))
    cols = {}
    labels = {}
    for col in df.columns:
        s = df[col]
        if col in VALUE_LABELLED:
            text = s.astype("string").fillna("")
            s = pd.Categorical(text.where(text != "", None), categories=codes[col])
        elif pd.api.types.is_bool_dtype(s):
            s = s.astype("Int8")  # 1/0, and Stata missing (.) where the flag is unknown
        elif not pd.api.types.is_numeric_dtype(s):
            s = s.fillna("").astype(str)
        cols[names[col]] = s
        f = fields.get(col, {})
        labels[names[col]] = stata_label(col, f.get("description", ""), f.get("unit", ""))
    return pd.DataFrame(cols, index=df.index), labels, names


def export(root=None, dest: Path | str | None = None, formats=FORMATS) -> Path:
    """Write every processed table in ``formats`` into ``dest`` (default ``exports/``) plus a datapackage.json."""
    lay = layout(root)
    dest = Path(dest) if dest is not None else lay.exports
    fields, pkg = _fields(lay.processed)
    dest.mkdir(parents=True, exist_ok=True)
    tables = {r["name"]: pd.read_parquet(lay.processed / f"{r['name']}.parquet") for r in pkg["resources"]}
    codes = code_lists(tables)
    resources = []
    for res in pkg["resources"]:
        name = res["name"]
        df = tables[name]
        entry = {k: v for k, v in res.items() if k not in ("parquet", "hash", "bytes")}
        if "csv" in formats:
            shutil.copyfile(lay.processed / f"{name}.csv", dest / f"{name}.csv")
        if "parquet" in formats:
            shutil.copyfile(lay.processed / f"{name}.parquet", dest / f"{name}.parquet")
            entry["parquet"] = {"path": f"{name}.parquet"}
        if "dta" in formats:
            frame, labels, names = to_stata_frame(df, fields[name], codes)
            long_text = [c for c in frame.columns if frame[c].dtype == object and frame[c].str.len().max() > 244]
            frame.to_stata(dest / f"{name}.dta", write_index=False, version=118, variable_labels=labels,
                           data_label=name.replace("_", " ")[:80], time_stamp=DTA_TIME_STAMP,
                           convert_strl=long_text)
            entry["stata"] = {"path": f"{name}.dta"}
            for field in entry["schema"]["fields"]:
                field["stata_name"] = names[field["name"]]
        if "csv" not in formats:
            entry["path"] = entry.get("parquet", entry.get("stata", {})).get("path", entry["path"])
        resources.append(entry)
    out = dict(pkg, resources=resources)
    (dest / "datapackage.json").write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return dest
