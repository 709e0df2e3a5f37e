"""References a reference manager imports: BibTeX and CSL-JSON for the collection (from ``CITATION.cff``) and for
every raw file's publication (from the raw manifest), with stable keys.

A raw file's key is its file name without extension, made a valid BibTeX key (``csy2012_21-21.csv`` →
``csy2012_21-21``): it changes only when the file does, and a new edition is a new file. The collection's key is
``china_rural_insurance_collection``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable

import pandas as pd

from .paths import CITATION_CFF, RAW_MANIFEST, layout, raw_file

COLLECTION_KEY = "china_rural_insurance_collection"
_YEAR = re.compile(r"(19|20)\d{2}")


def _cff_value(text: str, key: str) -> str:
    m = re.search(rf"^{re.escape(key)}:\s*(.+)$", text, re.M)
    return m.group(1).strip().strip('"').strip("'") if m else ""


def collection(cff: Path = CITATION_CFF) -> dict:
    """The collection as ``CITATION.cff`` states it: title, version, date, year, author (the first
    author's ``name``, or family and given names), licence and abstract."""
    text = cff.read_text(encoding="utf-8")
    names = re.findall(r"^\s*-\s*name:\s*\"?([^\"\n]+)\"?", text, re.M)
    date = _cff_value(text, "date-released")
    return {
        "title": _cff_value(text, "title"),
        "version": _cff_value(text, "version"),
        "date": date,
        "year": date[:4],
        "author": " and ".join(names),
        "license": _cff_value(text, "license"),
        "url": _cff_value(text, "repository-code") or _cff_value(text, "url"),
    }


def url_column(text: str) -> str:
    """The column a compiled file names for its rows' addresses ("per row (column source_url)" → "source_url")."""
    m = re.search(r"column\s+(\w+)", text)
    return m.group(1) if m else "source_url"


def _key(path: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:-]", "_", Path(path).stem)


def _bib_escape(text: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(text))


def entries(paths: Iterable[str] | None = None, root=None) -> list[dict]:
    """One reference per raw file (``paths`` as ``data/raw/...`` or as in the manifest; default: every file),
    then the collection. Each is a dict with ``key``, ``type`` (``book`` for a yearbook, else ``misc``),
    ``title`` (the publication and the table's printed title), ``publisher``, ``year``, ``url``, ``note``."""
    manifest = pd.read_csv(layout(root).manifest, dtype=str, keep_default_na=False, encoding="utf-8")
    if paths is not None:
        wanted = {p.removeprefix(raw_file()) for p in paths}
        unknown = wanted - set(manifest["path"])
        if unknown:
            raise ValueError(f"no manifest row for {', '.join(sorted(unknown))} ({RAW_MANIFEST})")
        manifest = manifest[manifest["path"].isin(wanted)]
    out = []
    for m in manifest.sort_values("path").itertuples(index=False):
        publication = m.citation or m.publication
        printed = _YEAR.search(m.published) or _YEAR.search(publication)
        year = printed.group(0) if printed else ""
        table = f", table {m.table_id}" if m.table_id else ""
        url = m.canonical_url or m.retrieved_from
        per_row = url.startswith("per row")  # a compiled file: each row names its own address
        url = "" if per_row else url
        copy = (
            f"; each row's address is in its column {url_column(m.retrieved_from)}"
            if per_row
            else f"; read from a copy at {m.retrieved_from}"
            if m.retrieved_from and not m.canonical_url
            else ""
        )
        out.append(
            {
                "key": _key(m.path),
                "type": "book" if "Yearbook" in publication else "misc",
                "title": f"{publication}{table}: {m.title_as_printed}"
                if m.title_as_printed
                else f"{publication}{table}",
                "publisher": m.publisher,
                "year": year,
                "url": url,
                "note": f"Data years {m.data_years}; raw file {raw_file(m.path)} (sha256 {m.sha256[:12]}){copy}",
            }
        )
    c = collection()
    out.append(
        {
            "key": COLLECTION_KEY,
            "type": "software",
            "title": c["title"],
            "publisher": c["author"],
            "author": c["author"],
            "year": c["year"],
            "url": c["url"],
            "note": f"Version {c['version']}, released {c['date']}; licence {c['license']}",
        }
    )
    return out


def bibtex(refs: list[dict]) -> str:
    """BibTeX of :func:`entries` (``@book``/``@misc``; organisations as corporate authors in double braces)."""
    blocks = []
    for r in refs:
        kind = {"software": "software"}.get(r["type"], r["type"])
        fields = [
            ("author", "{" + _bib_escape(r.get("author") or r["publisher"]) + "}"),
            ("title", "{" + _bib_escape(r["title"]) + "}"),
            ("publisher", _bib_escape(r["publisher"])),
            ("year", r["year"]),
            ("url", r["url"]),
            ("note", _bib_escape(r["note"])),
        ]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
        blocks.append(f"@{kind}{{{r['key']},\n{body}\n}}")
    return "\n\n".join(blocks) + "\n"


def csl_json(refs: list[dict]) -> str:
    """CSL-JSON of :func:`entries` (Zotero, Mendeley and pandoc import it)."""
    items = []
    for r in refs:
        item = {
            "id": r["key"],
            "type": {"book": "book", "misc": "dataset", "software": "software"}[r["type"]],
            "title": r["title"],
            "author": [{"literal": r.get("author") or r["publisher"]}],
            "publisher": r["publisher"],
            "note": r["note"],
        }
        if r["year"]:
            item["issued"] = {"date-parts": [[int(r["year"])]]}
        if r["url"]:
            item["URL"] = r["url"]
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def write(dest: Path, paths: Iterable[str] | None = None, root=None, stem: str = "references") -> list[Path]:
    """Write ``stem.bib`` and ``stem.csl.json`` (CSL-JSON) into ``dest`` for ``paths`` (default every raw file)
    and the collection."""
    refs = entries(paths, root)
    dest.mkdir(parents=True, exist_ok=True)
    bib, csl = dest / f"{stem}.bib", dest / f"{stem}.csl.json"
    bib.write_text(bibtex(refs), encoding="utf-8")
    csl.write_text(csl_json(refs), encoding="utf-8")
    return [bib, csl]
