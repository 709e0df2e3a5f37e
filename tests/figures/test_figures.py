import json

import matplotlib
import numpy as np
import pandas as pd
import pytest

from analysis.figures import save as figures_save
from analysis.figures import style as figures_style
from analysis import figures
from analysis.figures import OKABE_ITO, province_scatter, ranked_bars, tile_map, time_series
from analysis.figures.style import SIZES_MM, figure
from analysis.figures.plots import heatmap
from analysis.figures.save import save
from analysis.data.regions import reference


@pytest.fixture
def provinces():
    ref = reference()
    return pd.DataFrame({"geo_code": ref["code"], "name_en": ref["name_en"],
                         "x": np.arange(31, dtype=float), "y": np.arange(31, dtype=float) ** 0.5})


class TestPlotFunctionsReturnAxes:
    def test_time_series_keeps_gaps_and_breaks(self):
        d = pd.DataFrame({"year": [2010, 2011, 2013, 2016, 2017], "v": [1.0, 2.0, 3.0, 4.0, 5.0],
                          "concept": ["net", "net", "net", "disposable", "disposable"]})
        fig, ax = figure()
        out = time_series(d, "year", "v", break_col="concept", ax=ax, events={2016: "merger"})
        assert out is ax
        lines = [l for l in ax.get_lines() if l.get_marker() == "o"]
        assert len(lines) == 2  # one segment per income concept, never joined
        assert np.isnan(lines[0].get_ydata()[2])  # 2012 missing: a gap, not interpolated

    def test_time_series_draws_derived_values_hollow_and_breaks_the_line_there(self):
        d = pd.DataFrame({"year": [2015, 2016, 2017, 2018], "v": [1.0, 2.0, 3.0, 4.0],
                          "s": ["a", "a", "a", "a"], "derived": [False, True, False, False]})
        fig, ax = figure()
        time_series(d, "year", "v", hue="s", derived="derived", ax=ax)
        line = [l for l in ax.get_lines() if l.get_marker() == "o"][0]
        assert np.isnan(line.get_ydata()[1]) and line.get_ydata()[2] == 3.0  # broken at 2016, not joined through it
        (points,) = ax.collections  # one hollow marker, in the line's colour, with a white face
        assert points.get_offsets().tolist() == [[2016.0, 2.0]]
        assert matplotlib.colors.to_hex(points.get_facecolor()[0]) == "#ffffff"
        assert matplotlib.colors.to_hex(points.get_edgecolor()[0]) == matplotlib.colors.to_hex(line.get_color())
        assert points.get_label() == "derived from printed figures"

    def test_coverage_heatmap_names_a_derived_row_by_its_indicator_marked_derived(self):
        from analysis.figures import coverage_heatmap
        grid = pd.DataFrame({2016: [1, 0], 2017: [0, 1]}, index=pd.Index(
            ["min_individual_contribution", "min_individual_contribution (derived)"], name="indicator"))
        grid.columns.name = "year"
        fig, ax = figure()
        coverage_heatmap(grid, ax=ax, annotate=False, colorbar=False)
        names = [t.get_text() for t in ax.get_yticklabels()]
        assert names[1] == names[0] + " (derived)" and names[0] != "min_individual_contribution"

    def test_province_scatter_labels_every_point_on_request(self, provinces):
        fig, ax = figure()
        assert province_scatter(provinces, "x", "y", ax=ax, labels="all") is ax
        assert sorted(t.get_text() for t in ax.texts) == sorted(provinces["name_en"])

    def test_province_scatter_names_the_outliers_by_default(self, provinces):
        d = provinces.assign(y=provinces["y"].where(provinces["name_en"] != "Shanghai", 40.0))
        fig, ax = figure()
        province_scatter(d, "x", "y", ax=ax, labels=3)
        assert len(ax.texts) == 3 and "Shanghai" in {t.get_text() for t in ax.texts}

    def test_province_scatter_draws_the_fitted_line_with_its_band(self, provinces):
        from analysis.stats import ols_robust
        fit = ols_robust(provinces, "y", "x")
        fig, ax = figure()
        province_scatter(provinces, "x", "y", ax=ax, fit=fit, labels=0)
        band = ax.collections[0].get_paths()[0].vertices
        line = [l for l in ax.get_lines() if len(l.get_xdata()) == 50][0]
        assert band[:, 0].min() == pytest.approx(0.0) and band[:, 0].max() == pytest.approx(30.0)
        assert line.get_ydata()[0] == pytest.approx(fit.table.loc["const", "coef"])

    def test_a_share_axis_starts_at_zero_and_years_are_whole(self):
        fig, ax = figure()
        time_series(pd.DataFrame({"year": [2010, 2011, 2012], "v": [0.4, 0.5, 0.45]}), "year", "v", ax=ax)
        figures.percent_axis(ax)
        fig.canvas.draw()
        assert ax.get_ylim()[0] == 0
        assert all(float(t.get_text().replace("−", "-")).is_integer() for t in ax.get_xticklabels() if t.get_text())

    def test_concepts_keep_their_colour_and_hue_groups_get_their_own(self):
        d = pd.DataFrame({"year": [2010, 2011] * 2, "v": [1.0, 2.0, 3.0, 4.0],
                          "series": ["government subsidy"] * 2 + ["individual contribution"] * 2})
        fig, ax = figure()
        time_series(d, "year", "v", hue="series", ax=ax)
        colours = {l.get_label(): l.get_color() for l in ax.get_lines()}
        assert colours == {"government subsidy": figures.COLOURS["government_subsidy"],
                           "individual contribution": figures.COLOURS["individual_contribution"]}
        assert "#F0E442" not in figures.PALETTE  # no yellow points or lines

    def test_ranked_bars_marks_missing(self, provinces):
        d = provinces.assign(x=provinces["x"].where(provinces["x"] > 0))
        fig, ax = figure()
        ranked_bars(d, "x", ax=ax)
        assert any("no data" in t.get_text() for t in ax.texts)

    def test_tile_map_draws_31_tiles_and_greys_missing(self, provinces):
        fig, ax = figure("double")
        tile_map(provinces[provinces.geo_code != "120000"], "x", ax=ax)
        assert len(ax.patches) == 31
        assert any(t.get_text() == "Tianjin\n–" for t in ax.texts)
        assert any(t.get_text().startswith("Inner\nMongolia\n") for t in ax.texts)

    def test_export_refuses_a_chart_without_sources(self, built, tmp_path, monkeypatch):
        monkeypatch.setattr("analysis.paths.find_root", lambda: built)  # the data of the session's build
        fig, _ = figure()
        with pytest.raises(ValueError, match="every chart must name its sources"):
            figures_save.export(fig, "x", notebook="n", indicators=["census_share_ncms"], tables=[], dest=tmp_path)

    def test_heatmap_keeps_gaps_blank_and_annotates_with_contrast(self):
        d = pd.DataFrame({"r": ["a", "a", "b"], "c": [1, 2, 1], "v": [1.0, 2.0, 30.0]})
        fig, ax = figure()
        assert heatmap(d, "r", "c", "v", ax=ax, annotate=True) is ax
        cells = ax.collections[0].get_array()
        assert cells.shape == (2, 2) and np.ma.is_masked(cells[1, 1])  # (b, 2) has no value: no colour
        texts = {t.get_text(): t for t in ax.texts}
        assert sorted(texts) == ["1", "2", "30"]  # no text in the gap
        assert texts["1"].get_color() != texts["30"].get_color()  # dark and light cells get different ink
        assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b"]


class TestStyle:
    def test_sizes_are_journal_presets_in_mm(self):
        fig, _ = figure("single")
        assert fig.get_figwidth() * 25.4 == pytest.approx(89.0)
        assert SIZES_MM["double"][0] == 183.0

    def test_palette_is_okabe_ito_without_yellow(self):
        with figures_style.style():
            assert set(matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]) == set(OKABE_ITO) - {"#F0E442"}
            assert matplotlib.rcParams["pdf.fonttype"] == 42


class TestPercentAxis:
    def test_quarter_point_ticks_are_printed_exactly(self):
        """02_burden_national had ticks at 0.25% printed "0.2%" with one decimal."""
        fig, ax = figure("single")
        ax.plot([0, 1], [0, 0.02])
        figures.percent_axis(ax, decimals=1)
        ax.set_yticks([0, 0.0025, 0.005, 0.0075, 0.01])
        fig.canvas.draw()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["0.00%", "0.25%", "0.50%", "0.75%", "1.00%"]

    def test_ticks_that_need_no_more_keep_the_decimals_asked_for(self):
        fig, ax = figure("single")
        ax.plot([0, 1], [0, 0.02])
        figures.percent_axis(ax, decimals=1)
        ax.set_yticks([0, 0.005, 0.01])
        fig.canvas.draw()
        assert [t.get_text() for t in ax.get_yticklabels()] == ["0.0%", "0.5%", "1.0%"]


class TestSave:
    def _fig(self):
        fig, ax = figure()
        time_series(pd.DataFrame({"year": [2010, 2011], "v": [1.0, 2.0]}), "year", "v", ax=ax)
        figures_save.source_note(fig, "NBS, China Statistical Yearbook 2012, table 21-20.")
        return fig

    def test_rerun_is_byte_identical_and_recorded(self, tmp_path):
        a = save(self._fig(), "demo", notebook="01", tables=["national_series"], sources=["data/raw/x.csv"],
                 caption_source="NBS", dest=tmp_path / "a")
        b = save(self._fig(), "demo", notebook="01", tables=["national_series"], sources=["data/raw/x.csv"],
                 caption_source="NBS", dest=tmp_path / "b")
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
        assert [p.suffix for p in a] == [".pdf", ".svg", ".png"]
        m = json.loads((tmp_path / "a/manifest.json").read_text())
        assert m["demo"]["notebook"] == "01" and m["demo"]["sources"] == ["data/raw/x.csv"]

    @staticmethod
    def _creeping_fig():
        """A legend about as wide as its axes: constrained layout moves the axes a little on every draw."""
        fig, ax = figure()
        for i in range(6):
            d = pd.DataFrame({"year": range(2013, 2023), "v": np.linspace(0.01, 0.07, 10) * (i + 1) / 3})
            time_series(d, "year", "v", ax=ax, label=f"Q{i + 1} (lowest fifth)")
        ax.legend(ncols=2)
        return fig

    def test_a_draft_draws_only_the_png_and_shows_the_figure_of_the_full_set(self, tmp_path, monkeypatch):
        """The test suite's notebook runs (draft) compare the figure a notebook shows with the stored one, made by
        a full run: the draft shows the same bytes without drawing the PDF and SVG (most of a figure's time),
        and the full set's vector formats are drawn on the PNG's layout, not on one that crept further."""
        import io

        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        from matplotlib.backends.backend_svg import FigureCanvasSVG
        given = dict(notebook="01", tables=[], sources=[], caption_source="")
        full = self._creeping_fig()
        written = save(full, "demo", dest=tmp_path / "full", **given)

        def no_vector_draw(*args, **kwargs):
            raise AssertionError("a draft drew a vector format")
        monkeypatch.setattr(FigureCanvasPdf, "print_pdf", no_vector_draw)
        monkeypatch.setattr(FigureCanvasSVG, "print_svg", no_vector_draw)
        draft = self._creeping_fig()
        [png] = save(draft, "demo", dest=tmp_path / "draft", draft=True, **given)
        assert png.read_bytes() == written[-1].read_bytes() and draft.shown_png == full.shown_png
        positions = [ax.get_position().bounds for ax in full.axes]
        assert [ax.get_position().bounds for ax in draft.axes] == positions
        full.savefig(io.BytesIO(), format="png", dpi=300)  # drawn once more: its layout stays the PNG's
        assert [ax.get_position().bounds for ax in full.axes] == positions

    def test_a_notebook_shows_the_saved_png_at_screen_size(self, tmp_path, monkeypatch):
        """Drawn again at screen resolution, hinted text runs wider than in the file (07's title and source
        line ran off the page): a saved figure shows its saved PNG, scaled from 300 dpi to the figure's dpi."""
        import io

        import IPython.display
        from PIL import Image
        shown = []
        monkeypatch.setattr(IPython.display, "display", lambda bundle, raw=False: shown.append(bundle))
        fig = self._creeping_fig()
        fig._ipython_display_()  # not saved: drawn as it is
        [png] = save(fig, "demo", notebook="01", tables=[], sources=[], caption_source="", dest=tmp_path, draft=True)
        fig._ipython_display_()
        assert [sorted(b) for b in shown] == [["image/png", "text/plain"]] * 2 and shown[1]["text/plain"] == repr(fig)
        assert shown[1]["image/png"] == fig.shown_png
        saved, on_screen = (Image.open(io.BytesIO(b)) for b in (png.read_bytes(), fig.shown_png))
        assert on_screen.size == (round(saved.width * fig.dpi / 300), round(saved.height * fig.dpi / 300))
        assert Image.open(io.BytesIO(shown[0]["image/png"])).size == on_screen.size
        fig.axes[0].set_title("changed after saving")  # drawn as it now is, not the saved PNG
        fig._ipython_display_()
        assert shown[2]["image/png"] not in (fig.shown_png, shown[0]["image/png"])

    def test_pdf_embeds_truetype_fonts(self, tmp_path):
        pdf = save(self._fig(), "demo", notebook="01", tables=[], sources=[], caption_source="",
                   dest=tmp_path)[0].read_bytes()
        assert b"/FontFile2" in pdf and b"CreationDate" not in pdf


class TestSourceLine:
    def test_names_the_publications_and_tables_of_the_files_used(self, built):
        from analysis.datasets import raw_sources
        line = figures_save.source_line(raw_sources(built), ["data/raw/yearbook/csy2012_21-21.csv",
                                                        "data/raw/yearbook/csy2009_21-47.csv"])
        assert line == "China Statistical Yearbook 2009, table 21-47; China Statistical Yearbook 2012, table 21-21."

    def test_a_compiled_series_cites_the_publications_of_the_values_used(self):
        sources = pd.DataFrame({"path": ["data/raw/national/x.csv", "data/raw/yearbook/csy2012_21-21.csv"],
                                "title": ["compiled from communiqués", "China Statistical Yearbook 2012 (English)"],
                                "table": ["", "21-21"], "citation": ["", ""]})
        used = pd.DataFrame({"source_file": ["data/raw/national/x.csv", "data/raw/national/x.csv",
                                             "data/raw/yearbook/csy2012_21-21.csv"],
                             "publication": ["NBS 2016 Statistical Communique (repost)", "Xie X. (2012), Journal 29(1)",
                                             "China Statistical Yearbook 2012 (English)"]})
        assert figures_save.source_line(sources, used) == ("NBS 2016 Statistical Communique; Xie X. (2012), Journal 29; "
                                                      "China Statistical Yearbook 2012, table 21-21.")

    def test_a_compilation_is_cited_by_its_manifest_citation(self, built):
        from analysis.datasets import raw_sources, source_publications
        used = source_publications(["min_individual_contribution"], root=built)
        line = figures_save.source_line(raw_sources(built), used)
        assert "State Council, MOF, NHFPC and NHSA notices" in line and "compiled from" not in line
        # the 2025 contribution is derived from China Daily's printed total, the 2016 and 2019 ones from People's
        # Daily's statements of the next year's level and increase (news_premium-standards-evidence.csv)
        assert line.startswith("China Daily; People's Daily; State Council")

    def test_short_citation_drops_chinese_text_for_chart_fonts(self):
        assert figures_save.short_citation("NBS national data database (年度数据), export", "城镇人口(万人)") == \
            "NBS national data database"


def test_label_placement_does_not_depend_on_the_machine_speed(monkeypatch):
    """adjustText's default stops after one second of work: on a slow or busy machine the labels end up
    elsewhere and the figure's bytes change. A clock that runs ten seconds per reading stands in for one."""
    import adjustText
    rng = np.random.default_rng(0)
    d = pd.DataFrame({"name_en": reference()["name_en"][:12], "x": rng.normal(size=12), "y": rng.normal(size=12)})

    def positions():
        fig, ax = figure()
        province_scatter(d, "x", "y", ax=ax, labels="all")
        return [t.get_position() for t in ax.texts]

    fast = positions()
    ticks = iter(range(0, 10 ** 6, 10))
    monkeypatch.setattr(adjustText, "timer", lambda: next(ticks))
    assert positions() == fast
