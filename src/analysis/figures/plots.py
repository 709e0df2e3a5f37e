"""Axes-level plot functions, seaborn style: ``data=`` and column names in, an optional ``ax=``, the
:class:`~matplotlib.axes.Axes` out. The notebook composes; :mod:`analysis.figures.save` saves.

Each function writes its texts (axis labels, legend entries, province names, "no data") in the language of the
figure it draws on (:func:`analysis.figures.style.figure_language`: the ``lang`` its figure was made with)."""

from __future__ import annotations

from typing import Mapping

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..data.harmonise import DERIVED_ROW
from ..data.regions import reference
from . import labels
from . import labels as _labels  # province_scatter's argument `labels` hides the module
from .style import COLOURS, MIN_TEXT_PT, PALETTE, figure_language, year_axis


def colour(name, i: int = 0) -> str:
    """The colour of a concept (:data:`~analysis.figures.style.COLOURS`, keyed by its label key: ``name`` is the
    key or the concept's text in any language, so a concept keeps its colour in both), else the ``i``-th colour
    of :data:`~analysis.figures.style.PALETTE`."""
    return COLOURS.get(labels.key_of(name) or "") or PALETTE[i % len(PALETTE)]


def _ax(ax):
    return ax if ax is not None else plt.gca()


def time_series(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    hue: str | None = None,
    break_col: str | None = None,
    events: Mapping[int, str] | None = None,
    derived: str | None = None,
    ax=None,
    label: str | None = None,
    **kw,
):
    """Line over years; a new line segment starts where ``break_col`` changes (series break), and
    missing years stay gaps. ``events`` = {year: text} draws annotated policy changes. ``derived`` names a
    boolean column marking values derived from printed ones: each is drawn as a hollow marker in its line's
    colour, apart from the line, which breaks there (one legend entry for them all)."""
    ax = _ax(ax)
    lang = figure_language(ax)
    groups = _groups(data, hue) if hue else [(label or y, data)]
    fixed = kw.pop("color", None)  # one colour for every group when given, else each concept's own colour
    derived_labelled = False
    for i, (name, g) in enumerate(groups):
        g = g.sort_values(x)
        line_colour = fixed or colour(name, i)
        segments = [g] if not break_col else [s for _, s in g.groupby((g[break_col] != g[break_col].shift()).cumsum())]
        for j, seg in enumerate(segments):
            values = seg[y].mask(seg[derived].astype(bool)) if derived else seg[y]
            full = values.set_axis(seg[x]).reindex(range(int(seg[x].min()), int(seg[x].max()) + 1))
            ax.plot(
                full.index,
                full.values,
                marker="o",
                color=line_colour,
                label=labels.category(name, lang) if j == 0 else None,
                **kw,
            )
        hollow = g[g[derived].astype(bool) & g[y].notna()] if derived else g.iloc[:0]
        if len(hollow):
            ax.scatter(
                hollow[x],
                hollow[y],
                zorder=3,
                s=14,
                color="white",
                edgecolors=line_colour,
                label=None if derived_labelled else labels.text("derived_from_printed", lang),
            )
            derived_labelled = True
    for year, text in sorted((events or {}).items()):
        ax.axvline(year, color="#888888", lw=0.6, ls=":")
        ax.annotate(
            text,
            (year, 1),
            xycoords=("data", "axes fraction"),
            rotation=90,
            va="top",
            ha="right",
            fontsize=MIN_TEXT_PT,
            color="#555555",
        )
    year_axis(ax)
    ax.set_xlabel(labels.text("year", lang) if x == "year" else labels.category(x, lang))
    ax.set_ylabel(labels.category(y, lang))
    return ax


def _groups(data: pd.DataFrame, hue: str):
    """``(value, rows)`` per value of ``hue``, in the same order in every figure language (by the value's
    English text), so that legend entries and palette colours match between the English and Chinese figure."""
    return sorted(data.groupby(hue, sort=False), key=lambda item: labels.order(item[0]))


def outliers(data: pd.DataFrame, x: str, y: str, n: int) -> list[int]:
    """Index labels of the ``n`` points farthest from the centre of the cloud (each axis standardised)."""
    z = (data[[x, y]] - data[[x, y]].mean()) / data[[x, y]].std(ddof=0).replace(0, 1)
    return list((z**2).sum(axis=1).sort_values(ascending=False, kind="mergesort").index[:n])


#: adjustText stops after this many steps. Its default is a one-second time limit, which makes label
#: positions, and so figure bytes, depend on the machine's speed and load; a step count does not.
LABEL_ITERATIONS = 250


def province_scatter(
    data: pd.DataFrame,
    x: str,
    y: str,
    *,
    label: str = "name_en",
    hue: str | None = None,
    labels: str | int = 8,
    fit=None,
    ax=None,
    **kw,
):
    """Provinces as points, named in the figure language. ``labels`` = ``"all"`` or the number of outlying
    provinces to name (placed
    clear of each other with leader lines, by adjustText). ``fit`` (a :class:`analysis.stats.Fit` of
    ``y`` on ``x``) draws the fitted line with its robust 95% interval band."""
    ax = _ax(ax)
    lang = figure_language(ax)
    d = data.dropna(subset=[x, y])
    if fit is not None:
        fit_line(fit, ax=ax, lo=d[x].min(), hi=d[x].max())
    if hue:
        for i, (name, g) in enumerate(_groups(d, hue)):
            ax.scatter(g[x], g[y], color=colour(name, i), label=_labels.category(name, lang), s=12, zorder=3, **kw)
    else:
        ax.scatter(d[x], d[y], color=PALETTE[0], s=12, zorder=3, **kw)
    chosen = d.index if labels == "all" else outliers(d, x, y, int(labels))
    texts = [
        ax.text(d.at[i, x], d.at[i, y], _labels.category(d.at[i, label], lang), fontsize=MIN_TEXT_PT, color="#333333")
        for i in chosen
    ]
    ax.set_xlabel(_labels.category(x, lang))
    ax.set_ylabel(_labels.category(y, lang))
    if texts:
        ax._province_labels = (texts, [t.get_position() for t in texts], d[x].to_numpy(), d[y].to_numpy(), [])
        ax.figure.draw_without_rendering()  # place labels in the layout so far (constrained layout runs at draw)
        _place_labels(ax)
    return ax


def _place_labels(ax) -> None:
    """Place the province labels of ``ax`` clear of each other and of every point, with leader lines (adjustText),
    from their points again: what a label must avoid moves when the layout changes."""
    from adjustText import adjust_text

    texts, anchors, xs, ys, arrows = ax._province_labels
    for arrow in arrows:
        arrow.remove()
    for text, anchor in zip(texts, anchors):
        text.set_position(anchor)
        text.set_horizontalalignment("left")
        text.set_verticalalignment("baseline")
    # force_static three times adjustText's default pushes labels off the points (a name over a dense cluster
    # hid two provinces' points in 04_ncms_2008; the save measures texts_over_points).
    _, arrows[:] = adjust_text(
        texts,
        x=xs,
        y=ys,
        ax=ax,
        expand=(1.3, 1.5),
        force_static=(0.3, 0.5),
        iter_lim=LABEL_ITERATIONS,
        arrowprops={"arrowstyle": "-", "color": "#888888", "lw": 0.4},
    )


def place_labels_in_final_layout(fig) -> None:
    """Place every scatter's province labels again in the figure's final layout (saving calls this before the
    one draw that fixes the layout): a label placed while the figure was being built, before a later panel,
    title or note took room, could end up over a point once the axes had shrunk."""
    labelled = [ax for ax in fig.axes if hasattr(ax, "_province_labels")]
    if labelled:
        fig.draw_without_rendering()
        for ax in labelled:
            _place_labels(ax)


def fit_line(fit, *, ax=None, lo: float | None = None, hi: float | None = None, color: str = "#555555"):
    """The fitted line of a one-regressor :class:`analysis.stats.Fit` and its robust (HC3) 95% interval
    band for the mean, from ``lo`` to ``hi`` (default: the fitted range)."""
    ax = _ax(ax)
    x = fit.result.model.exog[:, 1]
    grid = np.linspace(lo if lo is not None else x.min(), hi if hi is not None else x.max(), 50)
    band = fit.band(grid)
    ax.fill_between(band["x"], band["low"], band["high"], color=color, alpha=0.15, lw=0, zorder=1)
    ax.plot(band["x"], band["fit"], color=color, lw=0.8, zorder=2)
    return ax


def ranked_bars(data: pd.DataFrame, value: str, *, label: str = "name_en", ax=None, color=PALETTE[0], **kw):
    """Horizontal bars, largest at the top; provinces without a value are listed as 'no data' (in the figure
    language)."""
    ax = _ax(ax)
    lang = figure_language(ax)
    d = data.sort_values(value, ascending=True, na_position="first")
    names = d[label].map(lambda v: labels.category(v, lang))
    ax.barh(names, d[value].fillna(0), color=color, **kw)
    ax._analysis_no_data = list(names[d[value].isna()])  # drawn as 0: not values
    for i, missing in enumerate(d[value].isna()):
        if missing:
            ax.text(0, i, " " + labels.text("no_data", lang), va="center", fontsize=MIN_TEXT_PT, color="#777777")
    ax.set_xlabel(labels.category(value, lang))
    ax.grid(axis="y", visible=False)
    return ax


def tile_label(name: str, split: bool = False) -> str:
    """A province name on a tile: two words on two lines; with ``split``, a single word broken at the pinyin
    syllable boundary nearest its middle (``Guangdong`` → ``Guang-``/``dong``), for a tile too narrow for it."""
    if " " in name:
        return name.replace(" ", "\n", 1)
    if not split:
        return name
    vowels = set("aeiou")
    # A syllable starts at a consonant followed by a vowel, or at ch, sh, zh followed by a vowel (whose h
    # starts none), after the first two letters.
    starts = [
        i
        for i in range(2, len(name) - 1)
        if (name[i] not in vowels and name[i + 1] in vowels and not (name[i] == "h" and name[i - 1] in "csz"))
        or (name[i : i + 2] in ("ch", "sh", "zh") and name[i + 2 : i + 3] in vowels)
    ]
    if not starts:
        return name
    cut = min(starts, key=lambda i: (abs(i - len(name) / 2), i))
    return f"{name[:cut]}-\n{name[cut:]}"


def tile_map(
    data: pd.DataFrame,
    value: str,
    *,
    code: str = "geo_code",
    ax=None,
    cmap: str = "viridis",
    fmt: str = "{:.0f}",
    vmin=None,
    vmax=None,
    label: str | None = None,
):
    """China's provinces as a tile grid (positions from the province reference); grey = no data. Tiles are
    named in the figure language (``Gansu`` / ``甘肃``).
    ``label`` titles the colour bar (default: the column name)."""
    ax = _ax(ax)
    lang = figure_language(ax)
    ref = reference().set_index("code")
    values = data.set_index(code)[value] if len(data) else pd.Series(dtype=float)
    vals = values.reindex(ref.index)
    lo = np.nanmin(vals) if vmin is None and vals.notna().any() else (vmin or 0)
    hi = np.nanmax(vals) if vmax is None and vals.notna().any() else (vmax or 1)
    cm = plt.get_cmap(cmap)
    texts = []
    for c, r in ref.iterrows():
        v = vals.get(c)
        has = v is not None and not pd.isna(v)
        colour = cm((v - lo) / (hi - lo) if hi > lo else 0.5) if has else "#e0e0e0"
        ax.add_patch(plt.Rectangle((r.tile_col, -r.tile_row), 0.95, 0.95, color=colour))
        name = tile_label(r.name_en) if lang == "en" else r.name_zh_short
        shown = fmt.format(v) if has else "–"
        light = has and np.mean(matplotlib.colors.to_rgb(colour)) < 0.5
        t = ax.text(
            r.tile_col + 0.475,
            -r.tile_row + 0.475,
            f"{name}\n{shown}",
            ha="center",
            va="center",
            fontsize=MIN_TEXT_PT,
            color="white" if light else "black",
        )
        texts.append((t, r.name_en, shown))
    ax._analysis_tiles = [
        (c, float(v)) for c, v in vals.items() if not pd.isna(v)
    ]  # the values shown, for the data file
    ax.set_xlim(-0.1, ref.tile_col.max() + 1)
    ax.set_ylim(-ref.tile_row.max() - 0.1, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    sm = plt.cm.ScalarMappable(cmap=cm, norm=plt.Normalize(lo, hi))
    ax.figure.colorbar(sm, ax=ax, shrink=0.6, label=label or labels.category(value, lang))
    if lang == "en":  # a pinyin name wider than its tile (small tiles: two maps side by side) is broken in two
        ax.figure.draw_without_rendering()
        renderer = ax.figure.canvas.get_renderer()
        tile_px = abs(ax.transData.transform((0.95, 0))[0] - ax.transData.transform((0, 0))[0])
        for t, name, shown in texts:
            if t.get_window_extent(renderer).width > 0.92 * tile_px:
                t.set_text(f"{tile_label(name, split=True)}\n{shown}")
    return ax


def _row_name(value, lang: str) -> str:
    """A heatmap row's name in ``lang``: an indicator code's name, or for a row of an indicator's derived values
    (``<code>`` + ``DERIVED_ROW``, :func:`analysis.stats.coverage`) that name marked derived."""
    value = str(value)
    if value.endswith(DERIVED_ROW):
        return labels.text("derived_row", lang, name=labels.category(value.removesuffix(DERIVED_ROW), lang))
    return labels.category(value, lang)


def heatmap(
    data: pd.DataFrame,
    row: str,
    col: str,
    value: str,
    *,
    ax=None,
    cmap: str = "viridis",
    annotate: bool = False,
    colorbar: bool = True,
    fmt: str = "{:.0f}",
):
    """Rows × columns coloured by ``value`` (seaborn's heatmap); missing cells (NaN) stay white, so gaps
    show as gaps. Annotations switch between black and white for contrast with their cell."""
    import seaborn as sns

    ax = _ax(ax)
    lang = figure_language(ax)
    grid = data.pivot_table(index=row, columns=col, values=value, aggfunc="first", dropna=False)
    # row names in the figure language (indicator codes → names)
    grid.index = grid.index.map(lambda v: _row_name(v, lang))
    spec = fmt.removeprefix("{:").removesuffix("}")
    sns.heatmap(
        grid.astype(float),
        ax=ax,
        cmap=cmap,
        annot=annotate,
        fmt=spec,
        cbar=colorbar,
        annot_kws={"fontsize": MIN_TEXT_PT},
        cbar_kws={"shrink": 0.5, "label": labels.category(value, lang)},
        xticklabels=True,
        yticklabels=True,
    )
    ax.set_xlabel(labels.text("year", lang) if col == "year" else labels.category(col, lang))
    ax.set_ylabel(labels.category(row, lang))
    ax.tick_params(axis="x", labelrotation=90)
    ax.tick_params(axis="y", labelrotation=0, labelsize=MIN_TEXT_PT)
    ax.grid(False)
    return ax


def coverage_heatmap(
    grid: pd.DataFrame, *, ax=None, label: str | None = None, annotate: bool = True, colorbar: bool = True
):
    """Heatmap of an indicator × year count grid (:func:`analysis.stats.coverage`); zero cells stay white. Rows
    are named by indicator in the figure language; ``label`` titles the colour bar (default: provinces)."""
    ax = _ax(ax)
    label = label or labels.text("provinces", figure_language(ax))
    cells = grid.where(grid > 0).stack(future_stack=True).rename(label).reset_index()
    return heatmap(
        cells,
        grid.index.name or "indicator",
        grid.columns.name or "year",
        label,
        ax=ax,
        annotate=annotate,
        colorbar=colorbar,
    )
