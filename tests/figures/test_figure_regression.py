"""Figure regression for the plot functions (pytest-mpl), on small hand-built frames.

Baselines live in tests/baseline/. After an intended change to a plot function or the style,
regenerate them with

    .venv/bin/python -m pytest tests/test_figure_regression.py --mpl-generate-path=tests/baseline

and commit the new PNGs (review them first: `git diff --stat tests/baseline`). A failure writes an
baseline, result and difference PNGs to build/mpl-results/<test name>/.
"""

import numpy as np
import pandas as pd
import pytest

from analysis.figures import plots as figures_plots
from analysis.figures import save as figures_save
from analysis.figures import style as figures_style
from analysis import figures
from analysis.data.regions import reference

#: Rendering of the same pinned matplotlib is identical on every machine; allow only tiny anti-aliasing noise.
TOLERANCE = 2
compare = pytest.mark.mpl_image_compare(style=figures_style.STYLE, tolerance=TOLERANCE, savefig_kwargs={"dpi": 100})


def provinces():
    ref = reference()
    return pd.DataFrame({"geo_code": ref["code"], "name_en": ref["name_en"], "region4": ref["region4"],
                         "x": np.arange(31, dtype=float) * 100 + 2000, "y": (np.arange(31) % 7) * 10.0 + 50})


@compare
def test_time_series_with_break_gap_and_event():
    d = pd.DataFrame({"year": [2008, 2009, 2010, 2012, 2013, 2016, 2017, 2018],
                      "v": [0.4, 0.45, 0.5, 0.75, 0.8, 1.2, 1.3, 1.5],
                      "concept": ["net"] * 5 + ["disposable"] * 3})
    fig, ax = figures_style.figure("single")
    figures.time_series(d, "year", "v", break_col="concept", ax=ax, events={2013: "break"})
    return fig


@compare
def test_province_scatter():
    fig, ax = figures_style.figure("single")
    figures.province_scatter(provinces(), "x", "y", hue="region4", ax=ax)
    return fig


@compare
def test_ranked_bars_with_missing():
    d = provinces().head(8)
    d.loc[3, "y"] = np.nan
    fig, ax = figures_style.figure("single")
    figures.ranked_bars(d, "y", ax=ax)
    return fig


@compare
def test_tile_map():
    d = provinces()
    fig, ax = figures_style.figure("double", height_mm=110)
    figures.tile_map(d[d["geo_code"] != "120000"], "y", ax=ax)
    return fig


@compare
def test_heatmap_with_gaps():
    d = pd.DataFrame({"row": list("aabbc"), "col": [2008, 2011, 2008, 2016, 2011], "v": [31, 30, 12, 31, 5]})
    fig, ax = figures_style.figure("single")
    figures_plots.heatmap(d, "row", "col", "v", ax=ax, annotate=True)
    return fig


def representative(lang: str):
    """One figure as a paper prints it, in ``lang``: title, axis labels, a legend of regions (data values the
    label table translates), province names at outlying points, and the source line of the export."""
    from analysis.figures import labels
    from analysis.figures.save import source_note

    d = provinces()
    fig, ax = figures_style.figure("single", height_mm=75, lang=lang)
    figures.province_scatter(d, "x", "y", hue="region4", labels=4, ax=ax)
    ax.set_xlabel(labels.text("income_axis", lang, concept=labels.text("concept_net", lang), year=2008))
    ax.set_ylabel(labels.text("ncms_financing_axis", lang))
    ax.set_title(labels.indicator("ncms_financing_per_enrollee", lang))
    ax.set_ylim(40, 145)  # room for the legend above the points
    ax.legend(ncols=2, loc="upper left")
    source_note(fig, figures_save.source_line(pd.DataFrame({"path": ["a.csv"], "title": ["China Statistical Yearbook 2009"],
                                                       "table": ["21-47"], "citation": [""]}), ["a.csv"], lang=lang),
                prefix=labels.text("source", lang))
    return fig


@compare
def test_representative_figure_in_english():
    return representative("en")


@compare
def test_representative_figure_in_chinese():
    """The same figure in Chinese (WenQuanYi Micro Hei): every text from the label table or the regions reference."""
    return representative("zh")
