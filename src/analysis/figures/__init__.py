"""Paper-ready figures: one project style, axes-level plot functions, deterministic saving.

``style`` sets the look once (Okabe–Ito palette, journal widths in millimetres, fonts embedded
in PDF); ``plots`` holds axes-level functions in seaborn's convention (``data=`` and column
names in, an optional ``ax=``, the Axes out); ``save`` writes PDF, SVG and PNG that are
byte-identical on rerun, with the source line under the chart and the provenance in
``manifest.json``; ``labels`` gives every text a figure shows in English or Chinese. What notebooks use is
re-exported here (``from analysis import figures``); making a figure, its texts in the run's language and saving
go through the notebook's run (``run.figure``, ``run.text``, ``run.export``), and the rest is imported from its
module. No module here holds a figure language: a figure carries its own (``style.Figure``).
"""

from .plots import colour, coverage_heatmap, province_scatter, ranked_bars, tile_map, time_series
from .style import COLOURS, OKABE_ITO, PALETTE, percent_axis, rows_height_mm, year_axis

#: The names notebooks use (a test checks that every one is used, and that notebooks use no other).
__all__ = [
    "COLOURS",
    "OKABE_ITO",
    "PALETTE",
    "colour",
    "coverage_heatmap",
    "percent_axis",
    "province_scatter",
    "ranked_bars",
    "rows_height_mm",
    "tile_map",
    "time_series",
    "year_axis",
]
