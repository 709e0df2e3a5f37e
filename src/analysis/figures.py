"""Paper-ready figures: one project style, axes-level plot functions, deterministic saving.

Plot functions follow seaborn's convention: ``data=`` and column names in, an
optional ``ax=``, the :class:`~matplotlib.axes.Axes` out. The notebook composes
and calls :func:`save`, which writes PDF, SVG and PNG (300 dpi) that are
byte-identical on rerun and records provenance in ``reports/figures/manifest.json``.
"""

from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Mapping

import re

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .paths import layout
from .regions import reference

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: Figure widths and heights in millimetres: journal single column 89 mm, double column 183 mm, 16:9 slide.
SIZES_MM = {"single": (89.0, 62.0), "double": (183.0, 95.0), "slide": (254.0, 142.9)}
MM_PER_INCH = 25.4
#: PNG resolution for papers.
DPI = 300

STYLE = {
    "font.family": "DejaVu Sans", "font.size": 7.5, "axes.titlesize": 8.5, "axes.labelsize": 7.5,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "legend.fontsize": 7, "legend.frameon": False,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.color": "#dddddd",
    "grid.linewidth": 0.5, "lines.linewidth": 1.4, "lines.markersize": 3.5,
    "axes.prop_cycle": matplotlib.cycler(color=list(OKABE_ITO)),
    "pdf.fonttype": 42, "ps.fonttype": 42,  # embed TrueType: text stays editable in PDF
    "svg.fonttype": "none", "svg.hashsalt": "analysis",  # stable ids in SVG
    "savefig.dpi": DPI, "figure.dpi": 100, "image.cmap": "viridis",
}


def set_style() -> None:
    """Apply the project style globally (notebooks call this once, in their imports cell)."""
    plt.rcParams.update(STYLE)


@contextmanager
def style():
    """The project style for a ``with`` block."""
    with plt.rc_context(STYLE):
        yield


def figure(size: str = "single", nrows: int = 1, ncols: int = 1, height_mm: float | None = None, **kw):
    """A figure sized from a journal preset (``single``, ``double``, ``slide``); returns (fig, ax or axes)."""
    w, h = SIZES_MM[size]
    h = height_mm or h
    with style():
        fig, ax = plt.subplots(nrows, ncols, figsize=(w / MM_PER_INCH, h / MM_PER_INCH), layout="constrained", **kw)
    return fig, ax


def _ax(ax):
    return ax if ax is not None else plt.gca()


def time_series(data: pd.DataFrame, x: str, y: str, *, hue: str | None = None, break_col: str | None = None,
                events: Mapping[int, str] | None = None, ax=None, label: str | None = None, **kw):
    """Line over years; a new line segment starts where ``break_col`` changes (series break), and
    missing years stay gaps. ``events`` = {year: text} draws annotated policy changes."""
    ax = _ax(ax)
    groups = data.groupby(hue, sort=True) if hue else [(label or y, data)]
    for i, (name, g) in enumerate(groups):
        g = g.sort_values(x)
        colour = kw.pop("color", None) or OKABE_ITO[i % len(OKABE_ITO)]
        segments = [g] if not break_col else [s for _, s in g.groupby((g[break_col] != g[break_col].shift()).cumsum())]
        for j, seg in enumerate(segments):
            full = seg.set_index(x)[y].reindex(range(int(seg[x].min()), int(seg[x].max()) + 1))
            ax.plot(full.index, full.values, marker="o", color=colour, label=str(name) if j == 0 else None, **kw)
    for year, text in sorted((events or {}).items()):
        ax.axvline(year, color="#888888", lw=0.6, ls=":")
        ax.annotate(text, (year, 1), xycoords=("data", "axes fraction"), rotation=90, va="top", ha="right",
                    fontsize=6, color="#555555")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    return ax


def province_scatter(data: pd.DataFrame, x: str, y: str, *, label: str = "name_en", hue: str | None = None,
                     ax=None, **kw):
    """Provinces as labelled points."""
    ax = _ax(ax)
    d = data.dropna(subset=[x, y])
    if hue:
        for i, (name, g) in enumerate(d.groupby(hue, sort=True)):
            ax.scatter(g[x], g[y], color=OKABE_ITO[i % len(OKABE_ITO)], label=str(name), s=12, **kw)
    else:
        ax.scatter(d[x], d[y], color=OKABE_ITO[4], s=12, **kw)
    for r in d.itertuples():
        ax.annotate(getattr(r, label), (getattr(r, x), getattr(r, y)), fontsize=5, xytext=(2, 2),
                    textcoords="offset points", color="#333333")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    return ax


def ranked_bars(data: pd.DataFrame, value: str, *, label: str = "name_en", ax=None, color=OKABE_ITO[4], **kw):
    """Horizontal bars, largest at the top; provinces without a value are listed as 'no data'."""
    ax = _ax(ax)
    d = data.sort_values(value, ascending=True, na_position="first")
    ax.barh(d[label], d[value].fillna(0), color=color, **kw)
    for i, missing in enumerate(d[value].isna()):
        if missing:
            ax.text(0, i, " no data", va="center", fontsize=6, color="#777777")
    ax.set_xlabel(value)
    ax.grid(axis="y", visible=False)
    return ax


def tile_label(name: str) -> str:
    """A province name that fits a tile: two words on two lines, a long single word hyphenated."""
    if " " in name:
        return name.replace(" ", "\n", 1)
    if len(name) > 9:
        cut = len(name) // 2
        return f"{name[:cut]}-\n{name[cut:]}"
    return name


def tile_map(data: pd.DataFrame, value: str, *, code: str = "geo_code", ax=None, cmap: str = "viridis",
             fmt: str = "{:.0f}", vmin=None, vmax=None, label: str | None = None):
    """China's provinces as a tile grid (positions from the province reference); grey = no data.
    ``label`` titles the colour bar (default: the column name)."""
    ax = _ax(ax)
    ref = reference().set_index("code")
    values = data.set_index(code)[value] if len(data) else pd.Series(dtype=float)
    vals = values.reindex(ref.index)
    lo = np.nanmin(vals) if vmin is None and vals.notna().any() else (vmin or 0)
    hi = np.nanmax(vals) if vmax is None and vals.notna().any() else (vmax or 1)
    cm = plt.get_cmap(cmap)
    for c, r in ref.iterrows():
        v = vals.get(c)
        has = v is not None and not pd.isna(v)
        colour = cm((v - lo) / (hi - lo) if hi > lo else 0.5) if has else "#e0e0e0"
        ax.add_patch(plt.Rectangle((r.tile_col, -r.tile_row), 0.95, 0.95, color=colour))
        text = f"{tile_label(r.name_en)}\n{fmt.format(v) if has else '–'}"
        light = has and np.mean(matplotlib.colors.to_rgb(colour)) < 0.5
        ax.text(r.tile_col + 0.475, -r.tile_row + 0.475, text, ha="center", va="center",
                fontsize=4.5, color="white" if light else "black")
    ax.set_xlim(-0.1, ref.tile_col.max() + 1)
    ax.set_ylim(-ref.tile_row.max() - 0.1, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    sm = plt.cm.ScalarMappable(cmap=cm, norm=plt.Normalize(lo, hi))
    ax.figure.colorbar(sm, ax=ax, shrink=0.6, label=label or value)
    return ax


def heatmap(data: pd.DataFrame, row: str, col: str, value: str, *, ax=None, cmap: str = "viridis",
            annotate: bool = False, colorbar: bool = True, fmt: str = "{:.0f}"):
    """Rows × columns coloured by ``value``; missing cells (NaN) stay white, so gaps show as gaps."""
    ax = _ax(ax)
    grid = data.pivot_table(index=row, columns=col, values=value, aggfunc="first", dropna=False)
    im = ax.imshow(np.ma.masked_invalid(grid.values.astype(float)), aspect="auto", cmap=cmap,
                   interpolation="nearest")
    ax.set_yticks(range(len(grid.index)), grid.index)
    ax.set_xticks(range(len(grid.columns)), grid.columns, rotation=90)
    if annotate:
        for (i, j), v in np.ndenumerate(grid.values.astype(float)):
            if not np.isnan(v):
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=4.5, color="white")
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.5, label=value)
    ax.grid(False)
    return ax


def coverage_heatmap(grid: pd.DataFrame, *, ax=None, label: str = "provinces", annotate: bool = True,
                     colorbar: bool = True):
    """Heatmap of an indicator × year count grid (:func:`analysis.metrics.coverage`); zero cells stay white."""
    cells = grid.where(grid > 0).stack(future_stack=True).rename(label).reset_index()
    return heatmap(cells, grid.index.name or "indicator", grid.columns.name or "year", label, ax=ax,
                   annotate=annotate, colorbar=colorbar)


def source_note(fig, text: str) -> None:
    """Print ``Source: …`` under the figure."""
    fig.text(0.0, -0.01, f"Source: {text}", ha="left", va="top", fontsize=5.5, color="#444444", wrap=True)


#: At most this many publications are named under a chart; the manifest lists them all.
MAX_NAMED_SOURCES = 6


_CJK_OR_PAREN = re.compile(r"[(（\u3000-\u9fff]")


def short_citation(publication: str, table: str = "") -> str:
    """A short English citation: the publication up to its first parenthesis or Chinese text, plus the table.

    ``"China Statistical Yearbook 2012 (English)", "21-21"`` → ``"China Statistical Yearbook 2012, table 21-21"``.
    Chart fonts have no Chinese glyphs; the full citation is in the figure manifest and the raw manifest.
    """
    text = _CJK_OR_PAREN.split(publication)[0].strip(" ,;:")
    if table and not _CJK_OR_PAREN.search(table):
        text += f", table {table}"
    return text


def source_line(sources: pd.DataFrame, files: Iterable[str]) -> str:
    """A caption-ready source line for the raw files a figure uses.

    ``sources`` has one row per raw file with ``path``, ``title`` (publication) and
    ``table`` (see :func:`analysis.datasets.raw_sources`).
    """
    rows = sources[sources["path"].isin(list(files))].sort_values("path")
    cites = list(dict.fromkeys(short_citation(t, tb) for t, tb in zip(rows["title"], rows["table"])))
    more = len(cites) - MAX_NAMED_SOURCES
    text = "; ".join(cites[:MAX_NAMED_SOURCES])
    return text + (f"; and {more} more (reports/figures/manifest.json)." if more > 0 else ".")


def export(fig, name: str, *, notebook: str, long: pd.DataFrame, indicators: Iterable[str],
           tables: Iterable[str], years: Iterable[int] | None = None, geo: str | None = None,
           groups: bool | Iterable[str] = False, dest: Path | None = None) -> str:
    """Add the source note and :func:`save`; sources are the raw files behind the preferred values
    of ``indicators`` (in ``years`` and for ``geo`` = "national" / "province" if given; values for
    sub-groups such as income quintiles only with ``groups=True``, or only those listed in ``groups``).
    Returns the caption source line."""
    used = long[long["preferred"] & long["indicator"].isin(list(indicators))]
    if groups is False:
        used = used[used["group"].eq("")]
    elif groups is not True:
        used = used[used["group"].isin(list(groups))]
    if years is not None:
        used = used[used["year"].isin(list(years))]
    if geo is not None:
        national = used["geo_code"].eq("000000")
        used = used[national] if geo == "national" else used[~national]
    files = sorted(set(used["source_file"]))
    if not files:
        raise ValueError(f"figure {name}: no source files found for indicators {sorted(indicators)} "
                         "(sub-group values need groups=True); every chart must name its sources")
    from .datasets import raw_sources
    line = source_line(raw_sources(), files)
    source_note(fig, line)
    save(fig, name, notebook=notebook, tables=tables, sources=files, caption_source=line, dest=dest)
    return line


def save(fig, name: str, *, notebook: str, tables: Iterable[str], sources: Iterable[str], caption_source: str,
         dest: Path | None = None) -> list[Path]:
    """Write ``name``.pdf/.svg/.png into ``reports/figures/`` and record it in ``manifest.json``.

    Output bytes depend only on the figure: no creation dates, fixed SVG ids,
    fixed PNG metadata. The figure is closed after saving.
    """
    dest = Path(dest) if dest is not None else layout().figures
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    meta = {"pdf": {"CreationDate": None, "ModDate": None, "Producer": "analysis", "Creator": "analysis"},
            "svg": {"Date": None, "Creator": "analysis"}, "png": {"Software": "analysis"}}
    with style():
        for ext in ("pdf", "svg", "png"):
            p = dest / f"{name}.{ext}"
            fig.savefig(p, format=ext, dpi=DPI, metadata=meta[ext], bbox_inches="tight")
            paths.append(p)
    plt.close(fig)
    manifest_path = dest / "manifest.json"
    # Notebooks run in parallel: read-modify-write the shared manifest under a lock.
    with open(dest / ".manifest.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
        manifest[name] = {"notebook": notebook, "files": [p.name for p in paths], "tables": sorted(set(tables)),
                          "sources": sorted(set(sources)), "caption_source": caption_source}
        tmp = manifest_path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n",
                       encoding="utf-8")
        os.replace(tmp, manifest_path)
    return paths
