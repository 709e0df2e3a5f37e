"""The project figure style: palette, journal sizes in millimetres, fonts per figure language, and the figure
factory.

A figure knows its language: :func:`figure` makes a :class:`Figure`, whose ``lang`` the plot functions
read and which draws every one of its texts in that language's fonts (WenQuanYi Micro Hei for Chinese, a
TrueType font that PDFs embed as a subset) each time it is drawn, with a glyph the fonts lack an error, so a
figure never prints empty boxes. Nothing here holds a language between calls: an English and a Chinese figure
can be drawn side by side in one session.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib import figure as mpl_figure
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..errors import DataError
from ..languages import LANGS

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

STYLE: dict = {
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


#: The Chinese figure font and the Debian package that installs it (``make fonts``; pinned in the Makefile).
CJK_FONT = "WenQuanYi Micro Hei"
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
#: Font families per figure language; DejaVu Sans is matplotlib's own font (always present).
FONTS = {"en": ("DejaVu Sans",), "zh": (CJK_FONT, "DejaVu Sans")}
#: Matplotlib's warning for a character the fonts cannot draw: an error while a figure is drawn.
MISSING_GLYPH = r"Glyph \d+ .*missing from (current )?font"


def check_language(lang: str) -> str:
    """``lang`` if it is a figure language (:data:`analysis.languages.LANGS`), else an error naming it."""
    if lang not in LANGS:
        raise DataError("<figure language>", None, "lang", lang, f"one of {', '.join(LANGS)}")
    return lang


def font_available(family: str = CJK_FONT) -> bool:
    """Whether matplotlib finds ``family`` itself (not a fallback)."""
    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return False
    return True


def check_fonts(lang: str) -> str:
    """``lang`` if its fonts are installed, else an error saying what to install (one line)."""
    check_language(lang)
    if lang == "zh" and not font_available():
        raise DataError(
            "<fonts>",
            None,
            "font.family",
            CJK_FONT,
            f"the font installed (Debian package {CJK_FONT_PACKAGE}: run `make fonts`)",
        )
    return lang


def language_rc(lang: str) -> dict:
    """The matplotlib settings of figure language ``lang`` (its fonts), applied over :data:`STYLE`."""
    return {"font.family": list(FONTS[check_language(lang)])}


def set_style() -> None:
    """Apply the project style globally (a notebook's ``setup`` calls it): the same in every figure language (a
    figure's language is its own, see :class:`Figure`)."""
    plt.rcParams.update(STYLE)


@contextmanager
def style(lang: str = "en"):
    """The project style in figure language ``lang`` for a ``with`` block."""
    with plt.rc_context({**STYLE, **language_rc(lang)}):
        yield


@contextmanager
def drawing_in(lang: str):
    """A ``with`` block that draws in ``lang``: its fonts for every text made in the block, and a glyph the fonts
    lack is an error (matplotlib's warning raised)."""
    with plt.rc_context(language_rc(lang)), warnings.catch_warnings():
        warnings.filterwarnings("error", message=MISSING_GLYPH)
        yield


class Figure(mpl_figure.Figure):
    """A matplotlib figure in one language (``lang``, English unless given; named as matplotlib's, whose repr it
    keeps in a notebook's output): every draw (saving, showing in a notebook,
    measuring texts for their layout) sets each of its texts to the language's fonts first, wherever and
    whenever the text was made, and fails on a glyph the fonts lack."""

    def __init__(self, *args, lang: str = "en", **kwargs):
        super().__init__(*args, **kwargs)
        self.lang = check_fonts(lang)
        #: The PNG the figure was saved as, at screen size (set when it is saved): what a notebook shows.
        self.shown_png: bytes | None = None

    def _ipython_display_(self):
        """In a notebook, a saved figure shows the PNG it was saved as, scaled to the screen: the notebook's
        reader sees the exported figure. Drawn again at screen resolution its hinted text would run wider than
        in the file (a title or a source line off the page). A figure not saved, or changed since it was
        saved (matplotlib marks it stale), is drawn as it is."""
        import io

        from IPython.display import display

        png = None if self.stale else self.shown_png
        if png is None:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=self.dpi)
            png = buffer.getvalue()
        display({"image/png": png, "text/plain": repr(self)}, raw=True)

    def draw(self, renderer):
        with drawing_in(self.lang):
            family = list(FONTS[self.lang])
            for text in self.findobj(Text):
                text.set_fontfamily(family)
            super().draw(renderer)


def figure_language(fig_or_ax) -> str:
    """The language of a figure (or of the figure an Axes is on): its ``lang`` (:func:`figure`), English for a
    figure made otherwise."""
    return check_language(getattr(fig_or_ax.get_figure(root=True), "lang", LANGS[0]))


def figure(
    size: str = "single", nrows: int = 1, ncols: int = 1, height_mm: float | None = None, *, lang: str = "en", **kw
):
    """A figure in language ``lang`` (:class:`Figure`) sized from a journal preset (``single``,
    ``double``, ``slide``); returns (fig, ax or axes). A notebook makes its figures with ``run.figure(…)``, in
    its run's language."""
    w, h = SIZES_MM[size]
    h = height_mm or h
    with style(lang):
        fig, ax = plt.subplots(
            nrows,
            ncols,
            figsize=(w / MM_PER_INCH, h / MM_PER_INCH),
            layout="constrained",
            FigureClass=Figure,
            lang=lang,
            **kw,
        )
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
