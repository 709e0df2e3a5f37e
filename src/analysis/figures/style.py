"""The project figure style: palette, journal sizes in millimetres, fonts, and the figure factory."""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator, PercentFormatter

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: The palette charts cycle through: Okabe–Ito without its yellow, which is too faint on white for points
#: and thin lines (contrast 1.2:1), darkest first.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9")
#: One colour per concept, the same in every notebook and language, keyed by the concept's label key
#: (``labels.toml``); plot functions look a series up here first (:func:`analysis.figures.plots.colour`).
COLOURS = {
    "individual_contribution": "#D55E00",
    "government_subsidy": "#0072B2",
    "rural_income": "#009E73",
    "ncms": "#E69F00",
    "residents_scheme": "#CC79A7",
    "employees_scheme": "#0072B2",
    "region_east": "#0072B2",
    "region_central": "#E69F00",
    "region_west": "#D55E00",
    "region_northeast": "#009E73",
    "observed": "#000000",
    "scenario": "#D55E00",
}


#: Figure widths and heights in millimetres: journal single column 89 mm, double column 183 mm, 16:9 slide.
SIZES_MM = {"single": (89.0, 62.0), "double": (183.0, 95.0), "slide": (254.0, 142.9)}
MM_PER_INCH = 25.4
#: Smallest text on a printed figure, in points (journals ask for 5–7 pt at print size).
MIN_TEXT_PT = 6
#: PNG resolution for papers.
DPI = 300

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 7.5,
    "axes.titlesize": 8.5,
    "axes.labelsize": 7.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "legend.fontsize": 7,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.4,
    "lines.markersize": 3.5,
    "axes.prop_cycle": matplotlib.cycler(color=list(PALETTE)),  # type: ignore[attr-defined]
    "pdf.fonttype": 42,
    "ps.fonttype": 42,  # embed TrueType: text stays editable in PDF
    # SVG text as paths: Word or a journal's system on another machine shows the figure as drawn, without the
    # fonts (PDF keeps editable embedded text); stable ids in SVG.
    "svg.fonttype": "path",
    "svg.hashsalt": "analysis",
    "savefig.dpi": DPI,
    "figure.dpi": 100,
    "image.cmap": "viridis",
}


#: Settings of the figure language in force (:func:`analysis.figures.labels.language` sets the font here),
#: applied over :data:`STYLE`.
LANGUAGE_RC: dict = {}


def current_style() -> dict:
    """:data:`STYLE` with the settings of the figure language in force."""
    return {**STYLE, **LANGUAGE_RC}


def set_style() -> None:
    """Apply the project style globally (notebooks call this once, in their imports cell)."""
    plt.rcParams.update(current_style())


@contextmanager
def style():
    """The project style for a ``with`` block."""
    with plt.rc_context(current_style()):
        yield


def figure(size: str = "single", nrows: int = 1, ncols: int = 1, height_mm: float | None = None, **kw):
    """A figure sized from a journal preset (``single``, ``double``, ``slide``); returns (fig, ax or axes)."""
    w, h = SIZES_MM[size]
    h = height_mm or h
    with style():
        fig, ax = plt.subplots(nrows, ncols, figsize=(w / MM_PER_INCH, h / MM_PER_INCH), layout="constrained", **kw)
    return fig, ax


#: Vertical pitch of one labelled row (6-pt label plus leading), and the room titles, axes and the source
#: line take, in millimetres: a figure of ``n`` labelled rows is ``ROW_PITCH_MM * n + ROWS_MARGIN_MM`` high.
ROW_PITCH_MM = 2.9
ROWS_MARGIN_MM = 45.0


def rows_height_mm(n_rows: int) -> float:
    """Height in millimetres of a figure with ``n_rows`` labelled rows (heatmaps, ranked bars), so that row
    labels at :data:`MIN_TEXT_PT` do not overlap."""
    return round(ROW_PITCH_MM * n_rows + ROWS_MARGIN_MM, 1)


class ExactPercentFormatter(PercentFormatter):
    """Percent labels with at least ``decimals`` places and as many more (up to 3) as the ticks need to be
    printed exactly: a tick at 0.25% never reads "0.2%"."""

    def __init__(self, decimals: int = 0):
        super().__init__(xmax=1, decimals=decimals)
        self.min_decimals = decimals

    def format_ticks(self, values):
        self.decimals = next(
            (d for d in range(self.min_decimals, 4) if all(abs(round(100 * x, d) - 100 * x) < 1e-9 for x in values)), 3
        )
        return super().format_ticks(values)


def percent_axis(ax, axis: str = "y", decimals: int = 0, from_zero: bool = True):
    """Label a share axis (values 0–1) in percent, ``0.25`` → ``25%``, starting at 0 (a share axis that does
    not start at 0 exaggerates change; pass ``from_zero=False`` only where the break is marked). Ticks get
    more than ``decimals`` places where they need them to be exact."""
    getattr(ax, f"{axis}axis").set_major_formatter(ExactPercentFormatter(decimals))
    if from_zero:
        getattr(ax, f"set_{axis}lim")(0, None)
    return ax


def year_axis(ax, axis: str = "x"):
    """Integer ticks on a year axis (no ``2012.5``)."""
    getattr(ax, f"{axis}axis").set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=3))
    return ax
