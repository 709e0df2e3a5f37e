"""Paper-ready figures: one project style, axes-level plot functions, deterministic saving.

``style`` sets the look once (Okabe–Ito palette, journal widths in millimetres, fonts embedded
in PDF); ``plots`` holds axes-level functions in seaborn's convention (``data=`` and column
names in, an optional ``ax=``, the Axes out); ``save`` writes PDF, SVG and PNG that are
byte-identical on rerun, with the source line under the chart and the provenance in
``manifest.json``; ``labels`` gives every text a figure shows in English or Chinese. What notebooks use is
re-exported here (``from analysis import figures``); saving goes through the notebook's run (``run.export``),
and the rest is imported from its module.
"""

from .labels import category, text
from .labels import indicator as indicator_name
from .plots import colour, coverage_heatmap, province_scatter, ranked_bars, tile_map, time_series
from .style import COLOURS, OKABE_ITO, PALETTE, figure, percent_axis, rows_height_mm, year_axis

#: The names notebooks use (a test checks that every one is used, and that notebooks use no other).
__all__ = [
    "COLOURS",
    "OKABE_ITO",
    "PALETTE",
    "category",
    "colour",
    "coverage_heatmap",
    "figure",
    "indicator_name",
    "percent_axis",
    "province_scatter",
    "ranked_bars",
    "rows_height_mm",
    "text",
    "tile_map",
    "time_series",
    "year_axis",
]
