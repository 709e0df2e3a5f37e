"""What a journal takes with a figure: panel letters, what each panel shows, the plotted values with their raw
file and row, portable SVG (analysis.figures.save)."""

import json

import numpy as np
import pandas as pd
import pytest

from analysis.figures import save as figures_save
from analysis import figures
from analysis.figures import ranked_bars, tile_map, time_series
from analysis.figures.style import figure
from analysis.figures.save import save
from analysis.figures import labels
from analysis.figures.save import (add_panel_letters, attach_sources, describe_panels, panel_axes,
                                   plotted_values)


def _two_panels(lang="en"):
    fig, (ax1, ax2) = figure("double", ncols=2, lang=lang)
    time_series(pd.DataFrame({"year": [2010, 2011, 2013], "v": [1.0, 2.0, 4.0]}), "year", "v", ax=ax1,
                label=labels.text("individual_contribution", "en"))
    ax1.set_title(labels.text("ncms", lang))
    ax1.set_ylabel(labels.text("nominal_yuan_per_person_year", lang))
    ax1.legend()
    tile_map(pd.DataFrame({"geo_code": ["620000", "110000"], "v": [3.0, 5.0]}), "v", ax=ax2,
             label=labels.text("provinces", lang))
    return fig


class TestPanelLetters:
    def test_each_panel_of_a_multi_panel_figure_gets_its_letter_once(self):
        fig = _two_panels()
        assert len(fig.axes) == 3 and len(panel_axes(fig)) == 2  # the colour bar is no panel
        add_panel_letters(fig)
        add_panel_letters(fig)
        a, b = panel_axes(fig)
        assert a.get_title() == "(a) NCMS" and b.get_title(loc="left") == "(b)"

    def test_a_one_panel_figure_has_no_letter(self):
        fig, ax = figure()
        ax.set_title("x")
        add_panel_letters(fig)
        assert ax.get_title() == "x"

    def test_a_chinese_figure_keeps_its_latin_panel_letters(self, tmp_path, monkeypatch):
        save(_two_panels("zh"), "two", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path,
             lang="zh", draft=True)
        panels = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["two"]["panels"]
        assert [p["letter"] for p in panels] == ["a", "b"] and panels[0]["title"] == "新农合"


class TestDescribePanels:
    def test_axes_legend_and_colour_bar_as_drawn(self):
        fig = _two_panels()
        add_panel_letters(fig)
        a, b = describe_panels(fig)
        assert a == {"letter": "a", "title": "NCMS", "x": "year", "y": "nominal yuan per person per year", "y_right": "",
                     "legend": ["individual contribution"], "colour_bar": ""}
        assert b["letter"] == "b" and b["x"] == "" and b["colour_bar"] == "provinces"


class TestPlottedValues:
    def test_lines_tiles_and_bars_give_exactly_their_values_and_gaps_stay_gaps(self):
        fig = _two_panels()
        add_panel_letters(fig)
        v = plotted_values(fig)
        line = v[v["panel"] == "a"]
        assert line[["x", "y"]].values.tolist() == [[2010, 1.0], [2011, 2.0], [2013, 4.0]]  # 2012: no row
        assert set(line["series"]) == {"individual contribution"}
        tiles = v[v["series"] == "tile"]
        assert sorted(tiles[["label", "y"]].values.tolist()) == [["110000", 5.0], ["620000", 3.0]]

    def test_a_bar_without_data_is_listed_without_a_value(self):
        fig, ax = figure()
        ranked_bars(pd.DataFrame({"name_en": ["Gansu", "Tianjin"], "v": [7.5, np.nan]}), "v", ax=ax)
        v = plotted_values(fig)
        assert v[["series", "label"]].values.tolist() == [["bar", "Gansu"], ["no data", "Tianjin"]]
        assert v["y"].tolist()[0] == 7.5 and np.isnan(v["y"].tolist()[1])


class TestAttachSources:
    CANDIDATES = pd.DataFrame({"geo_code": ["000000", "000000", "620000", "110000", "620000"],
                               "year": [2010, 2011, 2011, 2011, 2008],
                               "indicator": ["ncms_enrollees", "ncms_enrollees", "x", "x", "income"],
                               "value": [8.36e8, 8.32e8, 230.6, 230.6, 2723.79],
                               "source_file": ["a.csv", "a.csv", "b.csv", "b.csv", "c.csv"],
                               "source_row": [4, 5, 7, 8, 9]})

    def test_a_value_shown_in_millions_in_its_year_is_found(self):
        v = pd.DataFrame({"panel": "", "series": "line", "label": "", "x": [2010, 2011], "y": [836.0, 832.0]})
        out = attach_sources(v, self.CANDIDATES)
        assert out[["source_file", "source_row", "year", "indicator"]].values.tolist() == [
            ["a.csv", "4", "2010", "ncms_enrollees"], ["a.csv", "5", "2011", "ncms_enrollees"]]

    def test_equal_values_of_two_provinces_are_told_apart_by_the_bars_name(self):
        v = pd.DataFrame({"panel": "", "series": "bar", "label": ["Gansu", "Beijing"], "x": 0, "y": 230.6})
        out = attach_sources(v, self.CANDIDATES)
        assert out[["geo_code", "source_row"]].values.tolist() == [["620000", "7"], ["110000", "8"]]

    def test_an_ambiguous_or_computed_value_is_marked_computed_never_guessed(self):
        v = pd.DataFrame({"panel": "", "series": "points", "label": "", "x": [5.0, 2723.79], "y": [230.6, 0.123]})
        out = attach_sources(v, self.CANDIDATES)
        assert out["source_file"].tolist() == ["computed", "computed"] and out["source_row"].tolist() == ["", ""]
        assert out.loc[1, ["x_source_file", "x_source_row", "geo_code"]].tolist() == ["c.csv", "9", "620000"]

    def test_a_computed_tile_still_names_its_province(self):
        v = pd.DataFrame({"panel": "", "series": "tile", "label": ["620000"], "x": [np.nan], "y": [0.0284]})
        out = attach_sources(v, self.CANDIDATES)
        assert out[["source_file", "geo_code"]].values.tolist() == [["computed", "620000"]]


class TestSavedFiles:
    def test_the_data_file_and_the_panels_are_written_beside_the_figure(self, tmp_path, monkeypatch):
        save(_two_panels(), "two", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path)
        entry = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["two"]
        assert entry["data"] == "two.csv" and len(entry["panels"]) == 2
        data = pd.read_csv(tmp_path / "two.csv", dtype=str, keep_default_na=False)
        assert list(data.columns) == ["panel", "series", "label", "x", "y", "indicator", "geo_code", "year",
                                      "source_file", "source_row", "x_source_file", "x_source_row"]
        assert len(data) == 5

    def test_svg_text_is_drawn_as_paths_so_no_font_is_needed(self, tmp_path, monkeypatch):
        for lang in ("en", "zh"):
            save(_two_panels(lang), f"two_{lang}", notebook="t", tables=[], sources=[], caption_source="",
                 dest=tmp_path, lang=lang)
            svg = (tmp_path / f"two_{lang}.svg").read_text(encoding="utf-8")
            assert "<text" not in svg and "font-family" not in svg and "<path" in svg
