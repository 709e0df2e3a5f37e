"""What a reader sees in a notebook's outputs, and what moved between the stored reference and a new run.

A table shown as HTML that moved is reported as the cells that differ (``row Gansu, column burden: 0.031 →
0.032``), not as two 490-line HTML texts; other text as the lines that differ; a figure by the measure of
:mod:`analysis.figures.compare`. Volatile text (absolute paths, memory addresses) is masked with the same
patterns nbval uses (``notebooks/sanitize.cfg``).
"""

from __future__ import annotations

import base64
import configparser
import difflib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

#: At most this many differing cells or lines are listed per output (the count of the rest is given).
SHOWN = 8


class _Tables(HTMLParser):
    """The rows of every ``<table>`` in an HTML text, each row a list of its cells' text."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(html: str) -> list[list[str]]:
    """The rows of the tables in ``html`` (header rows included), as text."""
    parser = _Tables()
    parser.feed(html)
    return [r for r in parser.rows if r]


def _table_difference(reference: str, new: str) -> list[str]:
    """Cells that differ, rows matched by their label (first cell) where labels are unique, else by position;
    rows that went or came are named."""
    a, b = table_rows(reference), table_rows(new)
    header = b[0] if b else []
    labels_a, labels_b = [r[0] for r in a[1:]], [r[0] for r in b[1:]]
    out = []
    if len(set(labels_a)) == len(labels_a) and len(set(labels_b)) == len(labels_b):
        gone = [x for x in labels_a if x not in labels_b]
        added = [x for x in labels_b if x not in labels_a]
        if gone or added:
            out.append(
                f"table changed from {len(labels_a)} to {len(labels_b)} rows"
                + (f"; rows gone: {', '.join(gone[:SHOWN])}" if gone else "")
                + (f"; rows added: {', '.join(added[:SHOWN])}" if added else "")
            )
        by_label = {r[0]: r for r in a[1:]}
        pairs = [(a[0], b[0])] if a and b else []
        pairs += [(by_label[r[0]], r) for r in b[1:] if r[0] in by_label]
    else:
        if len(a) != len(b):
            out.append(f"table changed from {len(a)} to {len(b)} rows")
        pairs = list(zip(a, b))
    for x, y in pairs:
        if len(x) != len(y):
            out.append(f"row {y[0] or '(header)'}: {len(x)} cells → {len(y)}")
            continue
        for j, (u, v) in enumerate(zip(x, y)):
            if u != v:
                column = header[j] if j < len(header) and header[j] else f"column {j + 1}"
                out.append(f"row {y[0] or '(header)'}, {column}: {u} → {v}")
    return out


def _text_difference(reference: str, new: str) -> list[str]:
    lines = difflib.ndiff(reference.splitlines(), new.splitlines())
    return [f"{line[0]} {line[2:]}" for line in lines if line[:1] in "-+"]


def _clip(items: list[str]) -> list[str]:
    return items[:SHOWN] + ([f"… and {len(items) - SHOWN} more"] if len(items) > SHOWN else [])


def output_difference(key: str, reference, new) -> list[str]:
    """What differs between two values of one output type (``text/html``, ``text/plain``, …), as short lines;
    empty when they are equal."""
    if reference == new:
        return []
    if not (isinstance(reference, str) and isinstance(new, str)):
        return [f"{key}: {reference!r} → {new!r}"]
    if key == "text/html" and "<table" in reference and "<table" in new:
        return _clip(_table_difference(reference, new)) or ["the HTML differs outside its tables"]
    return _clip(_text_difference(reference, new)) or ["the text differs in white space only"]


def sanitizer(config: Path):
    """A function masking volatile text with the patterns of an nbval sanitize file."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(config, encoding="utf-8")
    rules = [(re.compile(parser[s]["regex"]), parser[s].get("replace", "")) for s in parser.sections()]

    def clean(text: str) -> str:
        for pattern, replace in rules:
            text = pattern.sub(replace, text)
        return text

    return clean


def _outputs(cell: dict) -> dict[str, list]:
    """A code cell's outputs by type (streams by name, display data by MIME type), in order."""
    out: dict[str, list] = {}
    for o in cell.get("outputs", []):
        if o.get("output_type") == "stream":
            out.setdefault(o.get("name", "stream"), []).append("".join(o.get("text", "")))
        elif o.get("output_type") == "error":
            out.setdefault("error", []).append(f"{o.get('ename')}: {o.get('evalue')}")
        for mime, value in o.get("data", {}).items():
            out.setdefault(mime, []).append("".join(value) if isinstance(value, list) else value)
    return out


def notebook_differences(reference: Path, executed: Path, clean=lambda s: s, images: Path | None = None) -> list[str]:
    """Every output of ``executed`` that differs from the stored one in ``reference`` as a reader would see it:
    one line per cell and output, naming the cell; figures compared within the tolerance of
    :mod:`analysis.figures.compare` (with their images written to ``images`` when given)."""
    from ..figures.compare import compare_png, write_difference

    a = json.loads(Path(reference).read_text(encoding="utf-8"))["cells"]
    b = json.loads(Path(executed).read_text(encoding="utf-8"))["cells"]
    name = Path(reference).name
    if [c["cell_type"] for c in a] != [c["cell_type"] for c in b]:
        return [f"{name}: the cells differ ({len(a)} stored, {len(b)} executed); was a parameter injected?"]
    out = []
    code_cells = [(x, y) for x, y in zip(a, b) if x["cell_type"] == "code"]
    for i, (x, y) in enumerate(code_cells):  # numbered as nbval numbers them (code cells from 0): "Cell 6"
        ox, oy = _outputs(x), _outputs(y)
        if ox.get("text/html") != oy.get("text/html"):  # a table that moved: its cells say it, not its text form
            ox.pop("text/plain", None), oy.pop("text/plain", None)
        for key in sorted(set(ox) | set(oy)):
            vx, vy = ox.get(key, []), oy.get(key, [])
            where = f"{name}, Cell {i}"
            if len(vx) != len(vy):
                out.append(f"{where}: {len(vx)} stored {key} outputs, {len(vy)} now")
                continue
            for u, v in zip(vx, vy):
                if key == "image/png":
                    if u != v:
                        d = compare_png(base64.b64decode(u), base64.b64decode(v))
                        if not d.passed:
                            shown = ""
                            if images is not None:
                                stem = f"{Path(reference).stem}-Cell_{i}"
                                write_difference(images, stem, base64.b64decode(u), base64.b64decode(v))
                                shown = f"; images in {images}/{stem}-{{reference,this-run,difference}}.png"
                            out.append(f"{where}: figure moved: {d.describe()}{shown}")
                    continue
                if key in ("image/svg+xml", "application/pdf", "image/jpeg"):
                    continue
                moved = output_difference(key, clean(u), clean(v))
                if moved:
                    out.append(f"{where} ({key}): " + "; ".join(moved))
    return out
