"""The project figure style: palette, journal sizes in millimetres, fonts, and the figure factory."""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator, PercentFormatter

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: Figure widths and heights in millimetres: journal single column 89 mm, double column 183 mm, 16:9 slide.
SIZES_MM = {"single": (89.0, 62.0), "double": (183.0, 95.0), "slide": (254.0, 142.9)}
MM_PER_INCH = 25.4
#: Smallest text on a printed figure, in points (journals ask for 5–7 pt at print size).
MIN_TEXT_PT = 6
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


def percent_axis(ax, axis: str = "y", decimals: int = 0):
    """Label a share axis (values 0–1) in percent: ``0.25`` → ``25%``."""
    getattr(ax, f"{axis}axis").set_major_formatter(PercentFormatter(xmax=1, decimals=decimals))
    return ax


def year_axis(ax, axis: str = "x"):
    """Integer ticks on a year axis (no ``2012.5``)."""
    getattr(ax, f"{axis}axis").set_major_locator(MaxNLocator(integer=True))
    return ax
