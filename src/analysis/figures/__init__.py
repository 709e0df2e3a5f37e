"""Paper-ready figures: one project style, axes-level plot functions, deterministic saving.

``style`` sets the look once (Okabe–Ito palette, journal widths in millimetres, fonts embedded
in PDF); ``plots`` holds axes-level functions in seaborn's convention (``data=`` and column
names in, an optional ``ax=``, the Axes out); ``save`` writes PDF, SVG and PNG that are
byte-identical on rerun, with the source line under the chart and the provenance in
``manifest.json``; ``labels`` gives every text a figure shows in English or Chinese. Everything is
re-exported here: ``from analysis import figures``.
"""

from .labels import category, text, use as use_language
from .labels import indicator as indicator_name

from .plots import (
    coverage_heatmap,
    fit_line,
    heatmap,
    outliers,
    province_scatter,
    ranked_bars,
    tile_label,
    tile_map,
    time_series,
)
from .save import (
    export,
    save,
    short_citation,
    source_line,
    source_note,
    text_overlaps,
    text_sizes_pt,
    texts_outside,
    texts_over_points,
)
from .style import (
    COLOURS,
    DPI,
    MIN_TEXT_PT,
    MM_PER_INCH,
    OKABE_ITO,
    PALETTE,
    SIZES_MM,
    STYLE,
    colour,
    figure,
    percent_axis,
    rows_height_mm,
    set_style,
    style,
    year_axis,
)

__all__ = [
    "category",
    "indicator_name",
    "text",
    "use_language",
    "COLOURS",
    "DPI",
    "MIN_TEXT_PT",
    "MM_PER_INCH",
    "OKABE_ITO",
    "PALETTE",
    "SIZES_MM",
    "STYLE",
    "colour",
    "coverage_heatmap",
    "export",
    "figure",
    "fit_line",
    "heatmap",
    "outliers",
    "percent_axis",
    "province_scatter",
    "ranked_bars",
    "rows_height_mm",
    "save",
    "set_style",
    "short_citation",
    "source_line",
    "source_note",
    "style",
    "text_overlaps",
    "text_sizes_pt",
    "texts_outside",
    "texts_over_points",
    "tile_label",
    "tile_map",
    "time_series",
    "year_axis",
]
