"""Saving a figure for a paper: the source line under it, PDF, SVG and PNG that are byte-identical on
rerun, and the provenance manifest (``manifest.json`` beside the files)."""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Mapping

import matplotlib.pyplot as plt
import pandas as pd

from ..errors import DataError
from ..paths import layout
from . import labels
from .style import DPI, MM_PER_INCH, style


#: Set to ``1`` to write the PNG only (the test suite's notebook run). The figure is drawn exactly as for
#: the full set — every format, in the same order, since constrained layout and wrapped text carry state
#: from one draw to the next — so the PNG, the figure shown in the notebook and the manifest are the same
#: bytes as in the full set and every check on them applies.
DRAFT_ENV = "ANALYSIS_FIGURES_DRAFT"
#: Formats of the full set, vector first.
FORMATS = ("pdf", "svg", "png")
#: Fixed metadata: no creation dates, so reruns are byte-identical.
_METADATA = {"pdf": {"CreationDate": None, "ModDate": None, "Producer": "analysis", "Creator": "analysis"},
             "svg": {"Date": None, "Creator": "analysis"}, "png": {"Software": "analysis"}}
#: Size of the source line under a chart, in points.
SOURCE_FONT_PT = 6


def source_note(fig, text: str, prefix: str = "Source: ") -> None:
    """Print ``Source: …`` under the figure, inside its printed width (constrained layout makes room).
    Matplotlib wraps text at spaces only; a Chinese line has none, so it is broken here (:func:`wrap_cjk`)."""
    line = f"{prefix}{text}"
    cjk = bool(_CJK.search(line))
    if cjk:
        line = wrap_cjk(line, fig.get_figwidth() * MM_PER_INCH, SOURCE_FONT_PT)
    fig.supxlabel(line, x=0.0, ha="left", fontsize=SOURCE_FONT_PT, color="#444444", wrap=not cjk)


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
#: A Chinese line may break between any two characters except before closing punctuation; a run of Latin
#: letters, digits and the characters that join them (``2009``, ``21-47``, ``petawa.com``) stays whole, and
#: with the 表 (table) before it.
_TOKEN = re.compile(r"表?[A-Za-z0-9.\-/]+[，。；、：）」”’%]*|.[，。；、：）」”’]*", re.S)


def wrap_cjk(text: str, width_mm: float, size_pt: float) -> str:
    """``text`` with line breaks so that no line is wider than ``width_mm``, measured with the font in force at
    the screen's and the paper PNG's resolution (hinting makes text a little wider at some resolutions),
    breaking between characters as Chinese typesetting does (never before a closing mark)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=size_pt)
    renderers = [RendererAgg(1, 1, dpi) for dpi in (100, DPI)]

    def too_wide(s: str) -> bool:
        return any(r.get_text_width_height_descent(s, prop, ismath=False)[0] > 0.98 * width_mm / MM_PER_INCH * r.dpi
                   for r in renderers)

    lines, current = [], ""
    for token in _TOKEN.findall(text):
        if current and too_wide(current + token):
            lines.append(current)
            current = token
        else:
            current += token
    return "\n".join(lines + [current])


#: At most this many publications are named under a chart; the manifest lists them all.
MAX_NAMED_SOURCES = 6


#: Where a short citation ends: an opening parenthesis (unless it holds a year, as in "Xie X. (2012)") or
#: the first Chinese character (chart fonts have no CJK glyphs).
_CJK_OR_PAREN = re.compile(r"[(（](?!\d{4}\))|[\u3000-\u9fff]")


def short_citation(publication: str, table: str = "") -> str:
    """A short English citation: the publication up to its first parenthesis or Chinese text, plus the table.

    ``"China Statistical Yearbook 2012 (English)", "21-21"`` → ``"China Statistical Yearbook 2012, table 21-21"``.
    Chart fonts have no Chinese glyphs; the full citation is in the figure manifest and the raw manifest.
    """
    text = _CJK_OR_PAREN.split(publication)[0].strip(" ,;:")
    if table and not _CJK_OR_PAREN.search(table):
        text += f", table {table}"
    return text


def source_line(sources: pd.DataFrame, used, lang: str = "en") -> str:
    """A caption-ready source line naming the publications behind a figure's values.

    ``sources`` has one row per raw file with ``path``, ``title`` (publication), ``table`` and
    ``citation`` (see :func:`analysis.datasets.raw_sources`). ``used`` is a list of raw files, or a
    frame of (``source_file``, ``publication``) pairs (:func:`analysis.datasets.source_publications`).
    A file is cited by its ``citation`` where the manifest gives one, else, for a file compiled from
    several publications (a publication per row), by the publications of the values used, else by its
    publication and table: ``China Statistical Yearbook 2012, table 21-21``; with ``lang="zh"`` the same
    publications in Chinese (:func:`analysis.figures.labels.chinese_citation`): ``中国统计年鉴2012，表21-21``.
    """
    if not isinstance(used, pd.DataFrame):
        used = pd.DataFrame({"source_file": list(used), "publication": ""})
    meta = sources.set_index("path")
    cites = []
    for file, g in used.sort_values(["source_file", "publication"]).groupby("source_file", sort=True):
        if file not in meta.index:
            continue
        m = meta.loc[file]
        if m.get("citation", ""):
            cites.append(m["citation"])
        else:
            rows = [p for p in g["publication"] if p and p != m["title"]]
            cites += [short_citation(p) for p in rows] or [short_citation(m["title"], m["table"])]
    cites = list(dict.fromkeys(c for c in cites if c))
    more = len(cites) - MAX_NAMED_SOURCES
    named = [labels.chinese_citation(c) if lang == "zh" else c for c in cites[:MAX_NAMED_SOURCES]]
    if more > 0:
        named.append(labels.text("and_more", lang, n=more))
    separator, stop = labels.PUNCTUATION[lang]
    return separator.join(named) + stop.rstrip()


def export(fig, name: str, *, notebook: str, indicators: Iterable[str], tables: Iterable[str],
           years: Iterable[int] | None = None, geo: str | None = None, groups: bool | Iterable[str] = False,
           parameters: Mapping[str, object] | None = None, dest: Path | None = None, lang: str | None = None) -> str:
    """Add the source note and :func:`save`; sources are the raw files behind the preferred values
    of ``indicators`` (in ``years`` and for ``geo`` = "national" / "province" if given; values for
    sub-group such as income quintiles only with ``groups=True``, or only those listed in ``groups``).
    ``parameters`` (a parameterised notebook's settings) are stated on the figure, before the sources.
    ``lang`` (default: the :func:`analysis.figures.labels.language` block in force) sets the language of
    the source line; a Chinese figure goes into ``reports/figures/zh/`` with its own manifest.
    Returns the caption source line."""
    from ..datasets import raw_sources, source_publications

    used = source_publications(indicators, years=years, geo=geo, groups=groups)
    if used.empty:
        raise ValueError(f"figure {name}: no source files found for indicators {sorted(indicators)} "
                         "(sub-group values need groups=True); every chart must name its sources")
    lang = lang or labels.current_language()
    line = source_line(raw_sources(), used, lang=lang)
    settings, source = labels.stated(parameters, lang), labels.text("source", lang)
    source_note(fig, f"{settings}{labels.PUNCTUATION[lang][1]}{source}{line}" if settings else line,
                prefix=labels.text("assumptions", lang) if settings else source)
    if dest is None and lang != "en":
        dest = layout().figures / lang
    save(fig, name, notebook=notebook, tables=tables, sources=sorted(set(used["source_file"])),
         caption_source=line, parameters=dict(parameters or {}), dest=dest, lang=lang)
    return line


@contextmanager
def _recording_texts():
    """Within the block, every text drawn is recorded once with its box in the pixels of that draw (yields the
    list, filled as the figure is saved). Texts are recorded as they draw themselves, not per line given to the
    renderer: matplotlib passes a multi-line text (a wrapped source line, a tile's name and value) to the
    renderer without naming it, so a renderer-level record would miss every such text."""
    from matplotlib.text import Text

    seen: dict[int, tuple] = {}
    drawn: list = []
    original = Text.draw

    def record(self, renderer):
        result = original(self, renderer)
        if self.get_visible() and self.get_text().strip() and id(self) not in seen:
            with self._cm_set(text=self._get_wrapped_text()):  # measured as drawn: wrapped, if it wraps
                seen[id(self)] = (self, self.get_window_extent(renderer))
            drawn.append(seen[id(self)])
        return result

    Text.draw = record
    try:
        yield drawn
    finally:
        Text.draw = original


def drawn_texts(fig) -> list:
    """The text artists a draw of ``fig`` at its own resolution really puts on the page (not tick labels
    outside the view, nor those of an axis switched off), each once, with its box in that draw."""
    renderer = fig.canvas.get_renderer()
    with _recording_texts() as drawn:
        fig.draw(renderer)
    return drawn


def text_overlaps(fig, tolerance_px: float = 1.0, drawn=None, dpi: float | None = None) -> list[str]:
    """Pairs of drawn texts whose boxes overlap by more than ``tolerance_px`` in both directions (tick
    labels, titles, legend entries, annotations, province labels), as ``"a" / "b"``. ``drawn``: the result of
    :func:`drawn_texts`, to measure one draw several ways."""
    boxes = [(t.get_text(), b) for t, b in (drawn if drawn is not None else drawn_texts(fig))]
    tolerance_px *= (dpi or fig.dpi) / fig.dpi  # boxes measured in a draw at another resolution
    out = []
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1:]:
            w = min(a.x1, b.x1) - max(a.x0, b.x0)
            h = min(a.y1, b.y1) - max(a.y0, b.y0)
            if w > tolerance_px and h > tolerance_px:
                out.append(f"{ta!r} / {tb!r}")
    return out


def texts_outside(fig, tolerance_px: float = 1.0, drawn=None, dpi: float | None = None) -> list[str]:
    """Drawn texts that run past the edge of the page (cut off in the saved file), e.g. a long axis label."""
    dpi = dpi or fig.dpi
    w, h = fig.get_figwidth() * dpi, fig.get_figheight() * dpi
    tolerance_px *= dpi / fig.dpi
    return [t.get_text() for t, b in (drawn if drawn is not None else drawn_texts(fig))
            if b.x0 < -tolerance_px or b.y0 < -tolerance_px or b.x1 > w + tolerance_px or b.y1 > h + tolerance_px]


def texts_over_points(fig, tolerance_px: float = 1.0, drawn=None, dpi: float | None = None) -> list[str]:
    """Drawn texts (province labels, legend entries, notes) that cover a plotted point of a scatter, which a
    reader then cannot see: ``'Guizhou' covers 1 point``."""
    import numpy as np
    from matplotlib.collections import PathCollection

    dpi = dpi or fig.dpi
    scale = dpi / fig.dpi  # boxes measured in a draw at another resolution
    tolerance_px *= scale
    drawn = drawn if drawn is not None else drawn_texts(fig)
    out = []
    for ax in fig.axes:
        points = [c.get_offset_transform().transform(c.get_offsets()) * scale for c in ax.collections
                  if isinstance(c, PathCollection) and len(c.get_offsets())]
        if not points:
            continue
        xy = np.vstack(points)
        for t, b in drawn:
            if t.axes is not ax:
                continue
            n = int(((xy[:, 0] > b.x0 + tolerance_px) & (xy[:, 0] < b.x1 - tolerance_px)
                     & (xy[:, 1] > b.y0 + tolerance_px) & (xy[:, 1] < b.y1 - tolerance_px)).sum())
            if n:
                out.append(f"{t.get_text()!r} covers {n} point{'s' if n > 1 else ''}")
    return out


def text_sizes_pt(fig, drawn=None) -> list[float]:
    """Font size in points of every drawn text in ``fig`` (the printed size: figures are saved at their
    exact width, never scaled)."""
    return [t.get_fontsize() for t, _ in (drawn if drawn is not None else drawn_texts(fig))]


def save(fig, name: str, *, notebook: str, tables: Iterable[str], sources: Iterable[str], caption_source: str,
         parameters: Mapping[str, object] | None = None, dest: Path | None = None, lang: str = "en") -> list[Path]:
    """Write ``name``.pdf/.svg/.png into ``reports/figures/`` and record it in ``manifest.json``.

    The page is exactly the figure's size (a journal width; no tight cropping), and output bytes
    depend only on the figure: no creation dates, fixed SVG ids, fixed PNG metadata. With
    ``$ANALYSIS_FIGURES_DRAFT=1`` only the PNG is written. The figure is closed after saving.
    """
    dest = Path(dest) if dest is not None else layout().figures
    draft = os.environ.get(DRAFT_ENV) == "1"
    dpi = DPI
    drawn_bytes = {}
    with style():
        for ext in FORMATS:  # a draft draws every format too: later draws depend on earlier ones (layout)
            buffer = io.BytesIO()
            if ext == "png":  # the raster draw is also the one the texts are measured on: no extra draw
                with _recording_texts() as drawn:
                    fig.savefig(buffer, format=ext, dpi=dpi, metadata=_METADATA[ext])
            else:
                fig.savefig(buffer, format=ext, dpi=dpi, metadata=_METADATA[ext])
            drawn_bytes[ext] = buffer.getvalue()
    width_mm, height_mm = (round(v * 25.4, 2) for v in fig.get_size_inches())
    sizes, overlaps, outside = (text_sizes_pt(fig, drawn), text_overlaps(fig, drawn=drawn, dpi=dpi),
                                texts_outside(fig, drawn=drawn, dpi=dpi))
    covering = texts_over_points(fig, drawn=drawn, dpi=dpi)
    source = getattr(fig, "_supxlabel", None)  # the source line may cite an author or a website by its Latin name
    english_left = labels.untranslated(t.get_text() for t, _ in drawn if t is not source) if lang != "en" else []
    plt.close(fig)
    if english_left:  # nothing written: an earlier good version of the figure stays as it was
        raise DataError(f"{_shown(dest)}/{name}.png", None, "text", " | ".join(english_left),
                        f"{lang} text only (give it as a label key of src/analysis/figures/labels.toml, or a value "
                        "the label table translates)")
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext in ("png",) if draft else FORMATS:
        p = dest / f"{name}.{ext}"
        tmp = p.with_name(f".{p.name}.tmp")
        tmp.write_bytes(drawn_bytes[ext])
        os.replace(tmp, p)  # a reader never sees half a file
        paths.append(p)
    entry = {"notebook": notebook, "files": [p.name for p in paths], "tables": sorted(set(tables)),
             "sources": sorted(set(sources)), "caption_source": caption_source, "width_mm": width_mm,
             "height_mm": height_mm, "min_text_pt": min(sizes) if sizes else None, "overlapping_texts": overlaps,
             "texts_outside_page": outside, "texts_over_points": covering}
    if lang != "en":
        entry["lang"] = lang
    if parameters:
        entry["parameters"] = {k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
                               for k, v in parameters.items()}
    _record(dest, name, entry)
    return paths


def _shown(folder: Path) -> str:
    """``folder`` relative to the project when inside it (as error messages name files)."""
    root = layout().root
    return folder.resolve().relative_to(root).as_posix() if folder.resolve().is_relative_to(root) else str(folder)


def _record(dest: Path, name: str, entry: dict) -> None:
    """Add ``entry`` to ``dest/manifest.json``: notebooks run in parallel, so read-modify-write under a lock
    and replace the file in one step."""
    manifest_path = dest / "manifest.json"
    with open(dest / ".manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        manifest[name] = entry
        tmp = manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
        os.replace(tmp, manifest_path)
