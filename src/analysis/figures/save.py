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
import numpy as np
import pandas as pd

from ..errors import DataError
from ..languages import LANGS
from ..paths import language_folder, layout
from . import labels
from .plots import place_labels_in_final_layout
from .style import DPI, FONTS, MIN_TEXT_PT, MM_PER_INCH, SIZES_MM, figure_language, style


#: Formats of the full set, vector first.
FORMATS = ("pdf", "svg", "png")
#: The formats drawn after the PNG, on its layout (the full set only; a draft writes the PNG alone).
VECTOR_FORMATS = tuple(ext for ext in FORMATS if ext != "png")
#: Fixed metadata: no creation dates, so reruns are byte-identical.
_METADATA = {
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": "analysis", "Creator": "analysis"},
    "svg": {"Date": None, "Creator": "analysis"},
    "png": {"Software": "analysis"},
}
#: Size of the source line under a chart, in points.
SOURCE_FONT_PT = 6


def source_note(fig, text: str, prefix: str = "Source: ") -> None:
    """Print ``Source: …`` under the figure, inside its printed width (constrained layout makes room).
    Matplotlib wraps text at spaces only; a Chinese line has none, so it is broken here (:func:`wrap_cjk`), as
    measured in the fonts of the figure's language."""
    line = f"{prefix}{text}"
    cjk = bool(_CJK.search(line))
    if cjk:
        line = wrap_cjk(line, fig.get_figwidth() * MM_PER_INCH, SOURCE_FONT_PT, FONTS[figure_language(fig)])
    fig.supxlabel(line, x=0.0, ha="left", fontsize=SOURCE_FONT_PT, color="#444444", wrap=not cjk)


_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
#: A Chinese line may break between any two characters except before closing punctuation; a run of Latin
#: letters, digits and the characters that join them (``2009``, ``21-47``, ``petawa.com``) stays whole, and
#: with the 表 (table) before it.
_TOKEN = re.compile(r"表?[A-Za-z0-9.\-/]+[，。；、：）」”’%]*|.[，。；、：）」”’]*", re.S)


def wrap_cjk(text: str, width_mm: float, size_pt: float, family=FONTS["zh"]) -> str:
    """``text`` with line breaks so that no line is wider than ``width_mm``, measured in the fonts ``family`` at
    the screen's and the paper PNG's resolution (hinting makes text a little wider at some resolutions),
    breaking between characters as Chinese typesetting does (never before a closing mark)."""
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=list(family), size=size_pt)
    renderers = [RendererAgg(1, 1, dpi) for dpi in (100, DPI)]

    def too_wide(s: str) -> bool:
        return any(
            r.get_text_width_height_descent(s, prop, ismath=False)[0] > 0.98 * width_mm / MM_PER_INCH * r.dpi
            for r in renderers
        )

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


#: A panel letter as it starts a panel's title: ``(a) Title`` (the same in every figure language).
PANEL_LETTER = re.compile(r"^\(([a-z])\)(?: |$)")


def panel_axes(fig) -> list:
    """The panels of ``fig`` in reading order: its axes, without colour bars and without a twin drawn over
    another panel's place."""
    out, places = [], set()
    for ax in fig.axes:
        place = tuple(round(v, 6) for v in ax.get_position().bounds)
        if hasattr(ax, "_colorbar") or place in places:
            continue
        places.add(place)
        out.append(ax)
    return out


def add_panel_letters(fig) -> None:
    """Start each panel's title with its letter, ``(a)``, ``(b)`` … when a figure has more than one panel (a panel
    without a title gets the letter alone, at its left). Adding them twice changes nothing."""
    axes = panel_axes(fig)
    if len(axes) < 2:
        return
    for i, ax in enumerate(axes):
        letter = f"({chr(ord('a') + i)})"
        title = ax.get_title()
        if PANEL_LETTER.match(title) or PANEL_LETTER.match(ax.get_title(loc="left")):
            continue
        if title:
            ax.set_title(f"{letter} {title}")
        else:
            ax.set_title(letter, loc="left", fontweight="bold")


def describe_panels(fig) -> list[dict]:
    """What each panel shows, as a caption states it: letter (empty for a one-panel figure), title, x and y axis
    labels (with units, as the figure prints them), legend entries, colour-bar label."""
    axes = panel_axes(fig)
    bars = [ax for ax in fig.axes if hasattr(ax, "_colorbar")]
    colourbars = {}
    for bar in bars:  # a colour bar belongs to the panels it was made for (or to its image's panel)
        parents = getattr(bar, "_colorbar_info", {}).get("parents") or [getattr(bar._colorbar.mappable, "axes", None)]
        for parent in parents:
            colourbars[id(parent)] = bar.get_ylabel() or bar.get_xlabel()
    out = []
    for i, ax in enumerate(axes):
        title = ax.get_title() or ax.get_title(loc="left")
        m = PANEL_LETTER.match(title)
        legend = ax.get_legend() or (fig.legends[0] if fig.legends and i == 0 else None)
        twins = [
            t for t in fig.axes if t is not ax and t not in bars and t.get_position().bounds == ax.get_position().bounds
        ]
        entry = {
            "letter": m.group(1) if m else "",
            "title": PANEL_LETTER.sub("", title).strip(),
            "x": ax.get_xlabel() if ax.axison else "",
            "y": ax.get_ylabel() if ax.axison else "",
            "y_right": " / ".join(t.get_ylabel() for t in twins if t.get_ylabel()),
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
            "colour_bar": colourbars.get(id(ax), ""),
        }
        if not entry["colour_bar"] and len(bars) == 1 and len(axes) == 1:
            entry["colour_bar"] = bars[0].get_ylabel() or bars[0].get_xlabel()
        out.append(entry)
    return out


def _tick_text(ax, axis: str, position: float) -> str:
    """The tick label at ``position`` of a categorical axis (bars, heatmap rows), or ''."""
    ticks = ax.get_yticks() if axis == "y" else ax.get_xticks()
    texts = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    for t, label in zip(ticks, texts):
        if abs(t - position) < 0.5:
            return label.get_text()
    return ""


def plotted_values(fig) -> pd.DataFrame:
    """Exactly the values ``fig`` plots, one row per point: panel letter, series (the legend entry, or what is
    plotted: ``line``, ``points``, ``bar``, ``cell``, ``tile``), label (a bar's or a cell's category, a tile's
    province), x, y (for a bar its length; for a cell or tile its value). Reference lines spanning an axis,
    interval bands and texts are not values."""
    rows: list[tuple] = []
    for ax, entry in zip(panel_axes(fig), describe_panels(fig)):
        letter = entry["letter"]
        for artist in ax.get_children():
            rows += _artist_values(ax, letter, artist)
        for container in ax.containers:
            rows += _bar_values(ax, letter, container)
        for missing in getattr(ax, "_analysis_no_data", []):  # a gap stays a gap: listed, without a value
            rows.append((letter, "no data", missing, np.nan, np.nan))
        for code, value in getattr(ax, "_analysis_tiles", []):
            rows.append((letter, "tile", code, np.nan, value))
    out = pd.DataFrame(rows, columns=["panel", "series", "label", "x", "y"])
    out["x"] = (
        pd.to_numeric(out["x"], errors="coerce")
        if out["x"].map(lambda v: isinstance(v, (int, float, np.number))).all()
        else out["x"]
    )
    return out[out["y"].notna() | out["series"].eq("no data")].reset_index(drop=True)


def _series(label) -> str:
    """The legend entry of an artist's label ('' for matplotlib's hidden ``_…`` labels and non-text)."""
    label = label if isinstance(label, str) else ""
    return "" if label.startswith("_") else label


def _artist_values(ax, letter: str, artist) -> list[tuple]:
    """:func:`plotted_values` rows of one artist: a line in data coordinates, a set of points, or a heatmap's
    cells (none for anything else)."""
    from matplotlib.collections import PathCollection, QuadMesh
    from matplotlib.lines import Line2D

    series = _series(artist.get_label() if hasattr(artist, "get_label") else "")
    if isinstance(artist, Line2D) and artist.get_transform().contains_branch(ax.transData):
        return [
            (letter, series or "line", "", x, y)
            for x, y in zip(np.asarray(artist.get_xdata()), np.asarray(artist.get_ydata()))
        ]
    if isinstance(artist, PathCollection) and len(offsets := np.asarray(artist.get_offsets())):
        return [(letter, series or "points", "", x, y) for x, y in offsets]
    if isinstance(artist, QuadMesh):
        return _cell_values(ax, letter, artist)
    return []


def _cell_values(ax, letter: str, mesh) -> list[tuple]:
    """:func:`plotted_values` rows of a heatmap: one per cell with a value, labelled by its row and column."""
    values: np.ma.MaskedArray = np.ma.asarray(mesh.get_array()).reshape(
        np.asarray(mesh.get_coordinates()).shape[0] - 1, -1
    )
    return [
        (letter, "cell", _tick_text(ax, "y", r + 0.5), _tick_text(ax, "x", c + 0.5), float(values[r, c]))
        for r in range(values.shape[0])
        for c in range(values.shape[1])
        if not np.ma.is_masked(values[r, c])
    ]


def _bar_values(ax, letter: str, container) -> list[tuple]:
    """:func:`plotted_values` rows of a bar container: one per bar, its category and its length; a horizontal
    bar standing for a province without data is left out (listed as ``no data`` instead)."""
    from matplotlib.container import BarContainer

    if not isinstance(container, BarContainer):
        return []
    series = _series(container.get_label())
    rows = []
    for bar in container:
        if container.orientation == "horizontal":
            category = _tick_text(ax, "y", bar.get_y() + bar.get_height() / 2)
            if category not in getattr(ax, "_analysis_no_data", ()):
                rows.append((letter, series or "bar", category, bar.get_x(), bar.get_width()))
        else:
            centre = bar.get_x() + bar.get_width() / 2
            rows.append((letter, series or "bar", _tick_text(ax, "x", centre), centre, bar.get_height()))
    return rows


#: Factors by which a figure may show a stored value (as stored; per cent of a share; ten thousands, millions,
#: hundred millions, billions), to find the raw cell a plotted number comes from.
SHOWN_FACTORS = (1, 100, 0.01, 1e-4, 1e-6, 1e-8, 1e-9)


def _shows(pool: pd.DataFrame, value: float) -> pd.DataFrame:
    """Rows of ``pool`` whose value the plotted ``value`` shows, as stored or scaled by a :data:`SHOWN_FACTORS`."""
    if not len(pool) or pd.isna(value):
        return pool.iloc[:0]
    hit = np.isclose(
        pool["value"].to_numpy(dtype=float)[:, None] * np.array(SHOWN_FACTORS), float(value), rtol=1e-9, atol=0
    ).any(axis=1)
    return pool[hit]


def _is_year(x) -> bool:
    return bool(
        isinstance(x, (int, float, np.number)) and not pd.isna(x) and float(x).is_integer() and 1900 < float(x) < 2100
    )


def attach_sources(values: pd.DataFrame, candidates: pd.DataFrame) -> pd.DataFrame:
    """``values`` with the raw file and row behind each plotted number: ``source_file``, ``source_row`` (and
    ``indicator``, ``geo_code``, ``year``) of the one preferred raw value among ``candidates`` (province_year_long
    rows) that ``y`` shows — as stored or scaled by one of :data:`SHOWN_FACTORS`, in the plotted year where ``x``
    is a year, of the plotted province for a tile —, and ``x_source_file``, ``x_source_row`` likewise for a
    numeric ``x`` that is not a year (a scatter's income). A number computed from several (a ratio, an index, a
    fitted line) matches none: its ``source_file`` is ``computed`` (its inputs are among the figure's sources;
    ``datasets.trace`` follows any one of them)."""
    from ..data.regions import reference

    ref = reference()
    places = {**dict(zip(ref["name_en"], ref["code"])), **dict(zip(ref["name_zh_short"], ref["code"]))}
    c = candidates.dropna(subset=["value"])
    by_year = {int(y): g for y, g in c.groupby("year")}  # a figure of years looks only in the plotted year
    found = []
    for v in values.itertuples(index=False):
        if v.series == "no data":
            found.append({"geo_code": places.get(v.label, "")})
            continue
        pool = by_year.get(int(v.x), c.iloc[:0]) if _is_year(v.x) else c
        code = v.label if v.series == "tile" else places.get(v.label)  # a tile's code, a bar's province
        if code:
            pool = pool[pool["geo_code"] == code]
        xs = _shows(c, float(v.x)) if isinstance(v.x, (int, float, np.number)) and not _is_year(v.x) else c.iloc[:0]
        ys = _shows(pool, v.y)
        if len(ys) > 1 and len(xs) == 1:  # the point's province and year, from its x
            ys = ys[(ys["geo_code"] == xs.iloc[0]["geo_code"]) & (ys["year"] == xs.iloc[0]["year"])]
        y, x = (ys.iloc[0] if len(ys) == 1 else None), (xs.iloc[0] if len(xs) == 1 else None)
        place = y if y is not None else x
        found.append(
            {
                "indicator": y["indicator"] if y is not None else "",
                "geo_code": place["geo_code"] if place is not None else (code or ""),
                "year": str(place["year"]) if place is not None else "",
                "source_file": y["source_file"] if y is not None else "computed",
                "source_row": str(y["source_row"]) if y is not None else "",
                "x_source_file": x["source_file"] if x is not None else "",
                "x_source_row": str(x["source_row"]) if x is not None else "",
            }
        )
    extra = pd.DataFrame(
        found,
        columns=["indicator", "geo_code", "year", "source_file", "source_row", "x_source_file", "x_source_row"],
        index=values.index,
    ).fillna("")
    return pd.concat([values, extra], axis=1)


def export(
    fig,
    name: str,
    *,
    notebook: str,
    indicators: Iterable[str],
    tables: Iterable[str],
    years: Iterable[int] | None = None,
    geo: str | None = None,
    groups: bool | Iterable[str] = False,
    parameters: Mapping[str, object] | None = None,
    dest: Path | None = None,
    lang: str | None = None,
    draft: bool = False,
) -> str:
    """Add the source note and :func:`save`; sources are the raw files behind the preferred values
    of ``indicators`` (in ``years`` and for ``geo`` = "national" / "province" if given; values for
    sub-group such as income quintiles only with ``groups=True``, or only those listed in ``groups``).
    ``parameters`` (a parameterised notebook's settings) are stated on the figure, before the sources.
    The source line is in the figure's language (:func:`analysis.figures.style.figure_language`; ``lang``, if
    given, must be the same: a run passes its own); a Chinese figure goes into ``reports/figures/zh/`` with its
    own manifest unless ``dest`` says where (a notebook's run passes its own folder). ``draft``: see :func:`save`.
    Returns the caption source line."""
    from ..datasets import raw_sources, source_publications

    lang = _language(fig, name, lang)
    used = source_publications(indicators, years=years, geo=geo, groups=groups)
    if used.empty:
        raise ValueError(
            f"figure {name}: no source files found for indicators {sorted(indicators)} "
            "(sub-group values need groups=True); every chart must name its sources"
        )
    line = source_line(raw_sources(), used, lang=lang)
    settings, source = labels.stated(parameters, lang), labels.text("source", lang)
    source_note(
        fig,
        f"{settings}{labels.PUNCTUATION[lang][1]}{source}{line}" if settings else line,
        prefix=labels.text("assumptions", lang) if settings else source,
    )
    if dest is None and lang != LANGS[0]:
        dest = language_folder(layout().figures, lang)
    save(
        fig,
        name,
        notebook=notebook,
        tables=tables,
        sources=sorted(set(used["source_file"])),
        caption_source=line,
        parameters=dict(parameters or {}),
        dest=dest,
        lang=lang,
        candidates=_candidates(indicators, years=years, geo=geo, groups=groups),
        draft=draft,
    )
    return line


def _candidates(indicators, *, years=None, geo=None, groups=False) -> pd.DataFrame:
    """The preferred raw values a figure of ``indicators`` can show (as :func:`analysis.datasets.source_publications`
    selects them)."""
    from ..data.regions import NATIONAL
    from ..datasets import province_year_long

    long = province_year_long()
    c = long[long["preferred"] & long["indicator"].isin(list(indicators))]
    if groups is False:
        c = c[c["group"].fillna("").eq("")]
    elif groups is not True:
        c = c[c["group"].isin(list(groups))]
    if years is not None:
        c = c[c["year"].isin(list(years))]
    if geo is not None:
        c = c[c["geo_code"].eq(NATIONAL) == (geo == "national")]
    return c[["geo_code", "year", "indicator", "value", "source_file", "source_row"]]


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
        for tb, b in boxes[i + 1 :]:
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
    return [
        t.get_text()
        for t, b in (drawn if drawn is not None else drawn_texts(fig))
        if b.x0 < -tolerance_px or b.y0 < -tolerance_px or b.x1 > w + tolerance_px or b.y1 > h + tolerance_px
    ]


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
        points = [
            c.get_offset_transform().transform(c.get_offsets()) * scale
            for c in ax.collections
            if isinstance(c, PathCollection) and len(np.asarray(c.get_offsets()))
        ]
        if not points:
            continue
        xy = np.vstack(points)
        for t, b in drawn:
            if t.axes is not ax:
                continue
            n = int(
                (
                    (xy[:, 0] > b.x0 + tolerance_px)
                    & (xy[:, 0] < b.x1 - tolerance_px)
                    & (xy[:, 1] > b.y0 + tolerance_px)
                    & (xy[:, 1] < b.y1 - tolerance_px)
                ).sum()
            )
            if n:
                out.append(f"{t.get_text()!r} covers {n} point{'s' if n > 1 else ''}")
    return out


def text_sizes_pt(fig, drawn=None) -> list[float]:
    """Font size in points of every drawn text in ``fig`` (the printed size: figures are saved at their
    exact width, never scaled)."""
    return [t.get_fontsize() for t, _ in (drawn if drawn is not None else drawn_texts(fig))]


#: Journal column widths in millimetres (single and double column): every exported figure is one of them.
JOURNAL_WIDTHS_MM = (SIZES_MM["single"][0], SIZES_MM["double"][0])


def layout_problems(entry: Mapping) -> list[str]:
    """What breaks a journal's rules in a figure, from its manifest entry (measured when it was saved): a width
    that is not a column width, text under the smallest print size, overlapping text, text off the page, text
    over a plotted point. Empty when none."""
    out = []
    width, smallest = entry.get("width_mm"), entry.get("min_text_pt")  # a measure not recorded is not checked
    if width is not None and width not in JOURNAL_WIDTHS_MM:
        out.append(f"{width} mm wide, not a column width ({' or '.join(map(str, JOURNAL_WIDTHS_MM))} mm)")
    if smallest is not None and smallest < MIN_TEXT_PT:
        out.append(f"text of {smallest} pt, under {MIN_TEXT_PT} pt")
    out += [f"overlapping text {pair}" for pair in entry.get("overlapping_texts", [])]
    out += [f"text off the page {text!r}" for text in entry.get("texts_outside_page", [])]
    out += [f"text over a point: {covering}" for covering in entry.get("texts_over_points", [])]
    return out


def _draw_png_and_fix_layout(fig, dpi: float):
    """Draw the PNG (the draw the texts are measured on: the checks need no extra draw), keep the layout it
    computed for the vector formats, and keep the PNG at screen size as what a notebook shows
    (:meth:`analysis.figures.style.Figure._ipython_display_`). Constrained layout starts each draw from the
    positions the last one left and can move them again (a legend about as wide as its axes makes the axes
    creep a little on every draw): without this, a figure would depend on how many draws came before it, and a
    draft, which draws the PNG only, would differ from the full set. Returns (PNG bytes, texts drawn)."""
    buffer = io.BytesIO()
    with _recording_texts() as drawn:
        fig.savefig(buffer, format="png", dpi=dpi, metadata=_METADATA["png"])
    fig.set_layout_engine("none")  # the positions stay as the PNG's draw left them
    png = buffer.getvalue()
    fig.shown_png = screen_png(png, fig.dpi / dpi)
    return png, drawn


def screen_png(png: bytes, scale: float) -> bytes:
    """``png`` as a notebook shows a saved figure: scaled by ``scale`` (each screen pixel the mean of the pixels it
    covers), on a white page, without an alpha channel or metadata (fixed bytes, about the size of a PNG drawn at
    screen resolution)."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGBA")
    size = (round(image.width * scale), round(image.height * scale))
    page = Image.new("RGBA", image.size, "white")
    out = io.BytesIO()
    Image.alpha_composite(page, image).convert("RGB").resize(size, Image.Resampling.BOX).save(out, format="png")
    return out.getvalue()


def _no_english_left(fig, name: str, lang: str, drawn, dest: Path) -> None:
    """Raise (closing the figure; nothing written, so an earlier good version of it stays as it was) if a figure
    in a language other than English shows a Latin letter outside its source line, which may cite an author or a
    website by its Latin name."""
    if lang == "en":
        return
    source = getattr(fig, "_supxlabel", None)
    english_left = labels.untranslated(PANEL_LETTER.sub("", t.get_text()) for t, _ in drawn if t is not source)
    if english_left:
        plt.close(fig)
        raise DataError(
            f"{_shown(dest)}/{name}.png",
            None,
            "text",
            " | ".join(english_left),
            f"{lang} text only (give it as a label key of src/analysis/figures/labels.toml, or a value "
            "the label table translates)",
        )


def save(
    fig,
    name: str,
    *,
    notebook: str,
    tables: Iterable[str],
    sources: Iterable[str],
    caption_source: str,
    parameters: Mapping[str, object] | None = None,
    dest: Path | None = None,
    lang: str | None = None,
    candidates: pd.DataFrame | None = None,
    draft: bool = False,
) -> list[Path]:
    """Write ``name``.pdf/.svg/.png into ``reports/figures/`` and record it in ``manifest.json``, with what each
    panel shows (letters on a multi-panel figure: :func:`add_panel_letters`) and ``name``.csv, exactly the plotted
    values (:func:`plotted_values`) with the raw file and row of each where ``candidates`` (the preferred raw
    values the figure may show) holds it (:func:`attach_sources`).

    The page is exactly the figure's size (a journal width; no tight cropping), and output bytes depend only on
    the figure: no creation dates, fixed SVG ids, fixed PNG metadata. The PNG is drawn first, its layout kept
    for the vector formats, and a notebook shows it (:func:`_draw_png_and_fix_layout`). With
    ``draft`` only the PNG is drawn and written (the test suite's notebook runs): the PNG, the figure shown in the
    notebook and the manifest are the same bytes as in the full set, and every check on them applies. The figure
    is closed after saving. The figure is saved in its own language
    (:func:`analysis.figures.style.figure_language`; ``lang``, if given, must be the same).
    """
    lang = _language(fig, name, lang)
    dest = Path(dest) if dest is not None else layout().figures
    dpi = DPI
    drawn_bytes = {}
    add_panel_letters(fig)
    with style(lang):
        place_labels_in_final_layout(fig)
        drawn_bytes["png"], drawn = _draw_png_and_fix_layout(fig, dpi)
        _no_english_left(fig, name, lang, drawn, dest)  # before the vector formats: a failing figure fails fast
        for ext in () if draft else VECTOR_FORMATS:
            buffer = io.BytesIO()
            fig.savefig(buffer, format=ext, dpi=dpi, metadata=_METADATA[ext])
            drawn_bytes[ext] = buffer.getvalue()
    width_mm, height_mm = (round(v * 25.4, 2) for v in fig.get_size_inches())
    sizes, overlaps, outside = (
        text_sizes_pt(fig, drawn),
        text_overlaps(fig, drawn=drawn, dpi=dpi),
        texts_outside(fig, drawn=drawn, dpi=dpi),
    )
    covering = texts_over_points(fig, drawn=drawn, dpi=dpi)
    panels = describe_panels(fig)  # before closing: the figure's texts as drawn
    values = attach_sources(plotted_values(fig), candidates if candidates is not None else _NO_CANDIDATES)
    plt.close(fig)
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    for ext in ("png",) if draft else FORMATS:
        p = dest / f"{name}.{ext}"
        tmp = p.with_name(f".{p.name}.tmp")
        tmp.write_bytes(drawn_bytes[ext])
        os.replace(tmp, p)  # a reader never sees half a file
        paths.append(p)
    data_path = dest / f"{name}.csv"
    tmp = data_path.with_name(f".{data_path.name}.tmp")
    values.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8", float_format="%.12g")
    os.replace(tmp, data_path)
    title = fig._suptitle.get_text() if getattr(fig, "_suptitle", None) else ""
    entry = {
        "notebook": notebook,
        "files": [p.name for p in paths],
        "data": data_path.name,
        "title": title,
        "panels": panels,
        "tables": sorted(set(tables)),
        "sources": sorted(set(sources)),
        "caption_source": caption_source,
        "width_mm": width_mm,
        "height_mm": height_mm,
        "min_text_pt": min(sizes) if sizes else None,
        "overlapping_texts": overlaps,
        "texts_outside_page": outside,
        "texts_over_points": covering,
    }
    if lang != "en":
        entry["lang"] = lang
    if parameters:
        entry["parameters"] = {
            k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v)) for k, v in parameters.items()
        }
    _record(dest, name, entry)
    fig.stale = False  # it looks as saved: a notebook shows the PNG until something on it changes
    return paths


def _language(fig, name: str, lang: str | None) -> str:
    """The language ``fig`` is drawn in; an error naming the figure when ``lang`` says another (a Chinese run's
    figure made without the run's language would otherwise be saved in English)."""
    own = figure_language(fig)
    if lang is not None and lang != own:
        raise DataError(
            f"<figure {name}>", None, "lang", own, f"a figure drawn in {lang} (make it with run.figure(...))"
        )
    return own


_NO_CANDIDATES = pd.DataFrame(columns=["geo_code", "year", "indicator", "value", "source_file", "source_row"])


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
        tmp.write_text(
            json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        os.replace(tmp, manifest_path)
