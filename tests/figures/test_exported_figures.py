"""Every figure the notebooks export meets a journal's rules (checked on the test run's figure manifest,
whose entries are measured on the figure when it is saved)."""

import json

import pytest

from analysis.figures import save as figures_save
from analysis.figures import style as figures_style
from analysis.figures.style import MIN_TEXT_PT, SIZES_MM

#: Journal column widths in millimetres: single and double column.
WIDTHS_MM = {SIZES_MM["single"][0], SIZES_MM["double"][0]}


def test_the_rules_are_the_ones_the_chinese_set_is_held_to():
    """`figures --lang zh` (make all LANG=zh) fails on what these tests fail on: figures_save.layout_problems."""
    assert set(figures_save.JOURNAL_WIDTHS_MM) == WIDTHS_MM
    entry = {"width_mm": 100.0, "min_text_pt": 5.0, "overlapping_texts": ["'a' / 'b'"],
             "texts_outside_page": ["Source: x"], "texts_over_points": ["'甘肃' covers 1 point"]}
    assert figures_save.layout_problems(entry) == [
        "100.0 mm wide, not a column width (89.0 or 183.0 mm)", f"text of 5.0 pt, under {MIN_TEXT_PT} pt",
        "overlapping text 'a' / 'b'", "text off the page 'Source: x'", "text over a point: '甘肃' covers 1 point"]
    assert figures_save.layout_problems({**entry, "width_mm": 89.0, "min_text_pt": 6.0, "overlapping_texts": [],
                                         "texts_outside_page": [], "texts_over_points": []}) == []


@pytest.fixture(scope="module")
def manifest(notebook_run):
    return json.loads((notebook_run / "figures" / "manifest.json").read_text(encoding="utf-8"))


def test_every_notebook_exports_figures(manifest):
    assert {e["notebook"][:2] for e in manifest.values()} == {f"{i:02d}" for i in range(1, 11)}


def test_figures_have_exact_column_widths(manifest):
    assert {name: e["width_mm"] for name, e in manifest.items() if e["width_mm"] not in WIDTHS_MM} == {}


def test_every_text_is_legible_at_print_size(manifest):
    assert {name: e["min_text_pt"] for name, e in manifest.items() if e["min_text_pt"] < MIN_TEXT_PT} == {}


def test_no_text_overlaps_another(manifest):
    assert {name: e["overlapping_texts"] for name, e in manifest.items() if e["overlapping_texts"]} == {}


def test_no_text_runs_off_the_page(manifest):
    assert {name: e["texts_outside_page"] for name, e in manifest.items() if e["texts_outside_page"]} == {}


def test_no_text_covers_a_plotted_point(manifest):
    assert {name: e["texts_over_points"] for name, e in manifest.items() if e["texts_over_points"]} == {}


def test_source_lines_cite_publications_not_files_or_compilations(manifest):
    bad = {name: e["caption_source"] for name, e in manifest.items()
           if "data/raw" in e["caption_source"] or "compiled from" in e["caption_source"].lower()
           or not e["caption_source"].endswith(".")}
    assert bad == {}


class TestTheChecksCatchAFault:
    """The measurements behind these tests, on figures built to fail them."""

    def test_overlapping_labels_are_found(self):
        from analysis import figures
        fig, ax = figures_style.figure("single")
        ax.text(0.5, 0.5, "Shanghai", fontsize=7)
        ax.text(0.51, 0.5, "Beijing", fontsize=7)
        assert figures_save.text_overlaps(fig) == ["'Shanghai' / 'Beijing'"]

    def test_a_label_over_a_point_is_found(self):
        from analysis import figures
        fig, ax = figures_style.figure("single")
        ax.scatter([1, 2, 3], [1, 1, 1])
        ax.set_xlim(0, 4)
        ax.set_ylim(0, 2)
        ax.text(1.85, 0.97, "Guizhou", fontsize=7)  # over the point at (2, 1)
        ax.text(0.2, 1.5, "Gansu", fontsize=7)  # clear of every point
        assert figures_save.texts_over_points(fig) == ["'Guizhou' covers 1 point"]

    def test_text_cut_off_at_the_edge_is_found(self):
        import matplotlib.pyplot as plt
        from analysis import figures
        fig = plt.figure(figsize=(3.5, 2.4))
        fig.text(0.9, 0.5, "a label far too long for the space left to it")
        assert figures_save.texts_outside(fig) == ["a label far too long for the space left to it"]

    def test_small_text_is_measured_and_hidden_ticks_are_not(self):
        from analysis import figures
        from analysis.figures.save import drawn_texts
        fig, ax = figures_style.figure("single")
        ax.text(0.5, 0.5, "tiny", fontsize=4.5)
        ax.set_ylim(0, 1)
        ax.set_yticks([-5, 0.5])  # a tick outside the view is not drawn
        sizes = figures_save.text_sizes_pt(fig)
        assert min(sizes) == 4.5
        assert "−5" not in [t.get_text() for t, _ in drawn_texts(fig)]


def test_every_figure_has_its_plotted_values_beside_it(manifest, notebook_run):
    import pandas as pd
    for name, e in manifest.items():
        data = pd.read_csv(notebook_run / "figures" / e["data"], dtype=str, keep_default_na=False)
        assert len(data) > 0 and data["y"].ne("").any(), name


def test_multi_panel_figures_carry_their_letters_in_order(manifest):
    letters = {name: [p["letter"] for p in e["panels"]] for name, e in manifest.items()}
    assert {n: ls for n, ls in letters.items() if len(ls) > 1 and ls != [chr(97 + i) for i in range(len(ls))]} == {}
    assert {n: ls for n, ls in letters.items() if len(ls) == 1 and ls != [""]} == {}
    assert sum(len(ls) > 1 for ls in letters.values()) >= 5  # 03, 04 (two), 06 (three)


def test_a_traced_plotted_value_is_the_raw_value_it_names(manifest, notebook_run, long):
    """Each value of the printed-figure charts is traced to a raw file and row, and that row of the long table
    holds the value (as plotted, or scaled to millions etc.)."""
    import numpy as np
    import pandas as pd
    from analysis.figures.save import SHOWN_FACTORS
    rows = long.set_index(["source_file", "source_row", "geo_code", "year", "indicator"])["value"]
    for name in ("03_participation", "04_ncms_financing_2011", "06_census_coverage"):
        data = pd.read_csv(notebook_run / "figures" / manifest[name]["data"], dtype=str, keep_default_na=False)
        values = data[data["series"] != "no data"]
        assert (values["source_file"] != "computed").all(), (name, values[values["source_file"] == "computed"])
        for r in values.itertuples():
            stored = rows.loc[(r.source_file, int(r.source_row), r.geo_code, int(r.year), r.indicator)]
            stored = float(np.atleast_1d(stored)[0])
            assert any(np.isclose(stored * f, float(r.y), rtol=1e-9) for f in SHOWN_FACTORS), (name, r)
    gap = pd.read_csv(notebook_run / "figures" / manifest["04_ncms_financing_2011"]["data"], dtype=str,
                      keep_default_na=False)
    assert gap.loc[gap["series"] == "no data", ["label", "y"]].values.tolist() == [["Tianjin", ""]]
