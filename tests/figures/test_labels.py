"""Figure text in two languages: the label table, province names, the Chinese font and its embedding."""

import json
import re

import numpy as np
import pandas as pd
import pytest

from analysis.figures import plots as figures_plots
from analysis.figures import save as figures_save
from analysis.figures import style as figures_style
from analysis.data.regions import reference
from analysis.errors import DataError
from analysis import figures
from analysis.figures import labels, ranked_bars
from analysis.figures.style import figure
from analysis.figures.save import save


def test_every_label_has_an_english_and_a_chinese_text():
    assert labels.missing_translations() == []
    assert len(labels.table()) >= 20


def test_a_label_without_its_chinese_text_is_reported(monkeypatch):
    monkeypatch.setattr(labels, "table", lambda: {"ok": {"en": "a", "zh": "甲"}, "half": {"en": "b", "zh": " "}})
    assert labels.missing_translations() == ["half zh"]
    with pytest.raises(DataError, match=r"labels.toml, column '\[text.half\] zh'.*a zh text for the key"):
        labels.text("half", "zh")


def test_the_chinese_figures_command_refuses_an_incomplete_label_table(monkeypatch, capsys):
    """`python -m analysis figures --lang zh` checks the label table before running any notebook: one line per
    text without a translation; nothing is executed."""
    from analysis.cli import main
    import analysis.notebooks.runner as runner
    monkeypatch.setattr(labels, "table", lambda: {"ok": {"en": "a", "zh": "甲"}, "half": {"en": "b", "zh": " "}})
    monkeypatch.setattr(runner, "run_all", lambda *a, **k: pytest.fail("a notebook ran"))
    assert main(["figures", "--lang", "zh"]) == 1
    assert capsys.readouterr().err.splitlines() == ["error: label half zh: no text in this language"]


def test_texts_come_from_the_table():
    assert labels.text("source", "en") == "Source: " and labels.text("source", "zh") == "资料来源："  # spacing kept
    assert labels.text("individual_contribution", "en") == "individual contribution"
    assert labels.text("individual_contribution", "zh") == "个人缴费"
    assert labels.text("ncms", "zh") == "新农合"


def test_an_unknown_key_or_language_names_itself():
    with pytest.raises(DataError, match=r"labels.toml, column '\[text.premium\]': value 'premium'"):
        labels.text("premium", "en")
    with pytest.raises(DataError, match=r"column 'lang': value 'fr'; expected one of en, zh"):
        labels.text("ncms", "fr")


def test_province_names_come_from_the_regions_reference():
    assert labels.province("620000", "en") == "Gansu" and labels.province("620000", "zh") == "甘肃"
    assert labels.province("110000", "zh") == "北京" and labels.province("000000", "zh") == "全国"
    with pytest.raises(DataError, match=r"regions.csv, column 'code': value '990000'"):
        labels.province("990000", "zh")


def _bars(lang):
    ref = reference()
    d = pd.DataFrame({"name": [labels.province(c, lang) for c in ref["code"]], "v": np.arange(31.0)})
    fig, ax = figure("single", height_mm=140, lang=lang)
    ranked_bars(d, "v", label="name", ax=ax)
    ax.set_xlabel(labels.text("nominal_yuan_per_person_year", lang))
    ax.set_title(labels.text("individual_contribution", lang))
    return fig


def test_a_chinese_figure_embeds_its_font_as_a_subset_truetype_font_byte_identical_on_rerun(tmp_path, monkeypatch):
    assert figures_style.font_available(), f"install {figures_style.CJK_FONT_PACKAGE} (make fonts)"
    written = []
    for run in ("a", "b"):  # a glyph missing from the font would raise in the save
        paths = save(_bars("zh"), "bars_zh", notebook="test", tables=[], sources=[], caption_source="test",
                     dest=tmp_path / run)
        written.append({p.suffix: p.read_bytes() for p in paths})
    pdf = written[0][".pdf"]
    fonts = set(re.findall(rb"/BaseFont /([A-Z]{6}\+[A-Za-z-]+)", pdf))
    assert any(f.endswith(b"+WenQuanYiMicroHei") for f in fonts), fonts  # subset prefix XXXXXX+
    assert b"/FontFile2" in pdf and b"/CIDFontType2" in pdf and b"/Type3" not in pdf  # TrueType, not Type 3
    assert written[0] == written[1]


def test_chinese_text_in_an_english_figure_is_an_error_not_empty_boxes(tmp_path):
    fig = _bars("en")
    fig.axes[0].set_title("个人缴费")  # DejaVu Sans has no CJK glyphs
    with pytest.raises(UserWarning, match=r"Glyph \d+ .* missing from font"):
        fig.savefig(tmp_path / "x.png")


def test_a_language_names_its_fonts_and_an_unknown_one_is_an_error():
    assert figures_style.language_rc("zh")["font.family"][0] == figures_style.CJK_FONT
    assert figures_style.language_rc("en") == {"font.family": ["DejaVu Sans"]}
    with pytest.raises(DataError, match=r"column 'lang': value 'fr'; expected one of en, zh"):
        figure(lang="fr")


class TestChineseSourceLines:
    def test_every_publication_a_figure_can_cite_has_a_chinese_name(self, built):
        """Every citation source_line can produce from the real raw files (a file's manifest citation, its
        publication and table, or the publication of each row of a compiled file) translates."""
        from analysis.datasets import raw_sources
        from analysis.figures.save import short_citation
        sources = raw_sources(built)
        cites = {m.citation or short_citation(m.title, m.table) for m in sources.itertuples()}
        rows = pd.read_parquet(built / "data/processed/province_year_long.parquet", columns=["source_file", "publication"])
        compiled = set(sources.loc[sources.citation.eq(""), "path"])
        cites |= {short_citation(p) for f, p in rows.drop_duplicates().itertuples(index=False) if f in compiled and p}
        cites.discard("")
        assert len(cites) > 30
        translated = {c: labels.chinese_citation(c) for c in sorted(cites)}
        english_left = {c: z for c, z in translated.items()
                        if re.search(r"Yearbook|NBS|NHSA|bulletin|communiqu|database|Census|news|press", z)}
        assert english_left == {}

    def test_yearbook_tables_and_named_publications(self):
        assert labels.chinese_citation("China Statistical Yearbook 2012, table 21-21") == "中国统计年鉴2012，表21-21"
        assert labels.chinese_citation("Qinghai Statistical Yearbook 2014, table 23-16") == "青海统计年鉴2014，表23-16"
        assert labels.chinese_citation("NBS national data database") == "国家统计局“国家数据”数据库"

    def test_a_publication_without_a_chinese_name_is_an_error_naming_it(self):
        with pytest.raises(DataError, match=r"publications_zh.csv, column 'english': value 'Guizhou Daily'; "
                                            r"expected a row giving this publication's Chinese name"):
            labels.chinese_citation("Guizhou Daily")

    def test_a_long_chinese_source_line_names_six_and_counts_the_rest(self):
        paths = [f"data/raw/yearbook/csy20{y}_21-21.csv" for y in range(10, 17)]
        sources = pd.DataFrame({"path": paths, "title": [f"China Statistical Yearbook 20{y} (NBS)" for y in range(10, 17)],
                                "table": "21-21", "citation": ""})
        line = figures_save.source_line(sources, paths, lang="zh")
        assert line == ("中国统计年鉴2010，表21-21；中国统计年鉴2011，表21-21；中国统计年鉴2012，表21-21；"
                        "中国统计年鉴2013，表21-21；中国统计年鉴2014，表21-21；中国统计年鉴2015，表21-21；"
                        "另有1种（见图表清单）。")
        assert figures_save.source_line(sources, paths).endswith("; and 1 more (listed in the figure manifest).")

    def test_a_chinese_figure_goes_to_its_own_folder_with_a_chinese_caption(self, built, tmp_path, monkeypatch):
        from analysis.notebooks.run import Run, output_folders
        monkeypatch.setattr("analysis.paths.find_root", lambda: built)  # the data of the session's build
        figures_dir, results_dir = output_folders("02", {"FIGURE_LANG": "zh", "OUTPUT_DIR": str(tmp_path)}, {})
        assert (figures_dir, results_dir) == (tmp_path / "figures" / "zh", tmp_path / "results-zh")
        run = Run("02", {}, "zh", figures_dir, results_dir, draft=True)
        fig, ax = run.figure()
        ax.set_title(run.text("individual_contribution"))
        line = run.export(fig, "premium", indicators=["min_individual_contribution"], tables=[])
        manifest = json.loads((figures_dir / "manifest.json").read_text(encoding="utf-8"))
        assert (figures_dir / "premium.png").exists() and not (figures_dir / "premium.pdf").exists()
        assert not (tmp_path / "figures" / "premium.png").exists()
        assert manifest["premium"]["lang"] == "zh" and manifest["premium"]["caption_source"] == line
        # China Daily: the printed 2025 total behind the derived 2025 contribution; People's Daily: the statements
        # of the next year's level and increase behind the derived 2016 and 2019 contributions
        assert line == "中国日报；人民日报；国务院、财政部、国家卫生计生委、国家医保局历年关于城乡居民医保筹资标准的通知。"


    def test_stated_assumptions_are_followed_by_the_word_for_source(self, built, tmp_path, monkeypatch):
        monkeypatch.setattr("analysis.paths.find_root", lambda: built)  # the data of the session's build
        shown = {}
        for lang, params in (("en", {"where": "China"}), ("zh", {"地区": "全国"})):
            fig, ax = figure(lang=lang)
            ax.set_title(labels.text("individual_contribution", lang))
            figures_save.export(fig, "premium", notebook="08", indicators=["min_individual_contribution"], tables=[],
                                parameters=params, dest=tmp_path / lang, draft=True)
            shown[lang] = fig._supxlabel.get_text().replace("\n", "")
        assert shown["en"].startswith("Assumptions: where = China. Source: China Daily; People's Daily; State Council")
        assert shown["zh"].startswith("假设：地区 = 全国。资料来源：中国日报；人民日报；国务院")


class TestPlotFunctionsInChinese:
    def test_a_concept_keeps_its_colour_in_both_languages(self):
        for key in ("individual_contribution", "government_subsidy", "region_west", "ncms"):
            en, zh = labels.text(key, "en"), labels.text(key, "zh")
            assert figures.colour(zh) == figures.colour(en) == figures.colour(key) == figures.COLOURS[key]
        assert figures.colour("某个未列出的系列", 1) == figures.PALETTE[1]

    def test_tiles_missing_values_and_the_year_axis_speak_the_figure_language(self, tmp_path):
        ref = reference()
        d = pd.DataFrame({"geo_code": ref["code"], "name": ref["name_zh_short"], "v": np.arange(31.0)})
        d.loc[d.geo_code.eq("540000"), "v"] = np.nan
        fig, ax = figure("double", lang="zh")
        figures.tile_map(d, "v", ax=ax)
        tiles = {t.get_text() for t in ax.texts}
        fig2, ax2 = figure("single", height_mm=140, lang="zh")
        ranked_bars(d, "v", label="name", ax=ax2)
        fig3, ax3 = figure(lang="zh")
        figures.time_series(pd.DataFrame({"year": [2020, 2021], "v": [1.0, 2.0]}), "year", "v", ax=ax3)
        for f in (fig, fig2, fig3):
            f.savefig(tmp_path / "x.png")  # no glyph missing
        assert "甘肃\n27" in tiles and "西藏\n–" in tiles
        assert [t.get_text() for t in ax2.texts] == [" 无数据"]
        assert ax3.get_xlabel() == "年份"


    def test_a_province_scatter_labels_its_outliers_in_chinese_clear_of_each_other_and_of_the_points(
            self, panel, tmp_path):
        """Notebook 04's two scatters (named outliers placed by adjustText, regions as hue) in Chinese, with a
        two-line note over the second panel added after the first was labelled (the axes shrink): saved with no
        Latin letter outside the source line (or it fails), no overlapping text, no label covering a point. The
        labels are placed again in the final layout when the figure is saved; placed while it was being built,
        甘肃 and 贵州 ended up over points."""
        d = panel[panel["year"].eq(2008)]
        fig, (ax1, ax2) = figure("double", ncols=2, lang="zh")
        for ax, y in ((ax1, "ncms_financing_per_enrollee_computed"), (ax2, "ncms_enrollment_ratio")):
            figures.province_scatter(d, "rural_income", y, hue="region4", ax=ax, labels=6)
            ax.set_xlabel("农村居民人均纯收入（元）")
            ax.set_ylabel("新农合人均筹资（元）")
        ax1.legend(loc="upper left")
        ax2.get_legend() and ax2.get_legend().remove()
        ax2.set_title(labels.text("not_shown", "zh", names="青海、宁夏、新疆"), loc="right", fontsize="small")
        save(fig, "scatter", notebook="04", tables=[], sources=[], caption_source="", dest=tmp_path, lang="zh",
             draft=True)
        entry = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["scatter"]
        names = [t.get_text() for t in ax1.texts + ax2.texts]
        assert len(names) == 12 and all(n in set(reference()["name_zh_short"]) for n in names), names
        assert entry["overlapping_texts"] == [] and entry["texts_over_points"] == [] and entry["texts_outside_page"] == []


class TestOneTableForEveryText:
    def test_every_indicator_of_the_catalog_has_a_name_in_both_languages(self):
        from analysis.data.catalog import indicators
        assert sorted(labels.indicators()) == sorted(indicators())
        assert labels.indicator("ncms_enrollees", "en") == "NCMS enrollees"
        assert labels.indicator("ncms_enrollees", "zh") == "新农合参合人数"
        with pytest.raises(DataError, match=r"catalog.toml, column '\[indicators.premium\] name.zh': value 'premium'"):
            labels.indicator("premium", "zh")

    def test_no_chinese_text_stands_for_two_english_ones(self):
        assert labels.ambiguous_chinese() == []  # a concept's colour and legend place follow its English text

    def test_fields_are_filled_and_a_missing_one_is_named(self):
        assert labels.text("year_title", "zh", year=2008) == "2008年"
        assert labels.text("nominal_index", "en", year=2013) == "nominal index, 2013 = 100"
        with pytest.raises(DataError, match=r"\[text.nominal_index\] zh.*a value for the field 'year' \(given: yr\)"):
            labels.text("nominal_index", "zh", yr=2013)

    def test_data_values_are_shown_in_the_figure_language(self):
        assert [labels.category(v, "zh") for v in ("East", "Gansu", "ncms_enrollees", "Q1 (lowest fifth)", "Q2", "2008",
                                                   "individual contribution")] == [
            "东部", "甘肃", "新农合参合人数", "低收入组", "中等偏下收入组", "2008", "个人缴费"]
        assert labels.category("East", "en") == "East" and labels.category("ncms_enrollees", "en") == "NCMS enrollees"
        assert labels.category("an unknown series", "zh") == "an unknown series"  # caught when the figure is saved
        assert labels.order("东部") == labels.order("East") == "East"

    def test_legend_entries_and_colours_match_between_the_languages(self):
        d = pd.DataFrame({"year": [2020, 2021] * 4, "v": np.arange(8.0),
                          "region4": ["East"] * 2 + ["Central"] * 2 + ["West"] * 2 + ["Northeast"] * 2})
        legends = {}
        for lang in ("en", "zh"):
            fig, ax = figure(lang=lang)
            figures.time_series(d, "year", "v", hue="region4", ax=ax)
            legends[lang] = [(line.get_label(), line.get_color()) for line in ax.get_lines()]
        assert [name for name, _ in legends["en"]] == ["Central", "East", "Northeast", "West"]
        assert [name for name, _ in legends["zh"]] == ["中部", "东部", "东北", "西部"]
        assert [c for _, c in legends["en"]] == [c for _, c in legends["zh"]]

    def test_every_text_needs_its_language(self):
        with pytest.raises(TypeError, match="lang"):
            labels.text("year")  # type: ignore[call-arg]
        assert labels.text("year", "zh") == "年份" and labels.text("year", "en") == "year"


class TestAChineseFigureShowsNoEnglish:
    def test_english_left_on_a_chinese_figure_fails_its_export_naming_the_text(self, tmp_path, monkeypatch):
        from matplotlib.backends.backend_pdf import FigureCanvasPdf
        fig, ax = figure(lang="zh")
        ax.plot([2020, 2021], [1, 2], label="premium")
        ax.legend()
        ax.set_title(labels.text("individual_contribution", "zh"))
        monkeypatch.setattr(FigureCanvasPdf, "print_pdf", lambda *a, **k: pytest.fail("drew the PDF of a failing figure"))
        with pytest.raises(DataError, match=r"x\.png, column 'text': value 'premium'; expected zh text only"):
            save(fig, "x", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path, lang="zh")
        assert list(tmp_path.iterdir()) == []  # nothing half-written

    def test_a_failed_chinese_figure_leaves_the_earlier_good_one_as_it_was(self, tmp_path, monkeypatch):
        fig, ax = figure(lang="zh")
        ax.set_title(labels.text("individual_contribution", "zh"))
        save(fig, "x", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path, lang="zh")
        before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
        fig, ax = figure(lang="zh")
        ax.set_title("premium")
        with pytest.raises(DataError, match="value 'premium'"):
            save(fig, "x", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path, lang="zh")
        assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
        assert sorted(before) == [".manifest.lock", "manifest.json", "x.csv", "x.pdf", "x.png", "x.svg"]

    def test_a_citation_in_latin_letters_may_stay_in_the_source_line(self, tmp_path):
        from analysis.figures.save import source_note
        fig, ax = figure(lang="zh")
        ax.set_title(labels.text("individual_contribution", "zh"))
        source_note(fig, "Xie X.（2012），《中国卫生事业管理》第29卷。", prefix=labels.text("source", "zh"))
        save(fig, "x", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path, lang="zh", draft=True)
        assert (tmp_path / "x.png").is_file()

    def test_a_long_chinese_source_line_is_broken_between_characters_inside_the_page(self):
        from analysis.figures.save import drawn_texts, source_note
        cites = "；".join(f"中国统计年鉴20{y}，表21-{y}" for y in range(10, 22)) + "。"
        fig, ax = figure("single", lang="zh")
        source_note(fig, cites, prefix=labels.text("source", "zh"))
        lines = fig._supxlabel.get_text().split("\n")
        assert figures_save.texts_outside(fig) == [] and len(lines) >= 3
        assert "".join(lines) == "资料来源：" + cites  # nothing added or lost
        assert not any(line[0] in "，。；、）" for line in lines)  # never a closing mark first
        assert not any(re.search(r"表$|表\d+-$|\d-$", line) for line in lines)  # 表21-15 is never split
        drawn = {t.get_text() for t, _ in drawn_texts(fig)}
        assert fig._supxlabel.get_text() in drawn  # a multi-line text is measured too


class TestTilesAndMultiLineTexts:
    def test_overlapping_multi_line_texts_are_found(self):
        fig, ax = figure("single")
        ax.text(0.5, 0.5, "Guangxi\n35%", fontsize=6)
        ax.text(0.52, 0.5, "Guangdong\n71%", fontsize=6)
        assert figures_save.text_overlaps(fig) == ["'Guangxi\\n35%' / 'Guangdong\\n71%'"]

    def test_a_pinyin_name_is_broken_at_a_syllable(self):
        assert [figures_plots.tile_label(n, split=True) for n in ("Guangdong", "Sichuan", "Heilongjiang", "Shanghai")] == [
            "Guang-\ndong", "Si-\nchuan", "Heilong-\njiang", "Shang-\nhai"]
        assert figures_plots.tile_label("Inner Mongolia") == "Inner\nMongolia" and figures_plots.tile_label("Guangdong") == "Guangdong"

    def test_two_maps_side_by_side_have_no_overlapping_names(self):
        ref = reference()
        d = pd.DataFrame({"geo_code": ref["code"], "v": np.arange(31.0)})
        fig, (ax1, ax2) = figure("double", ncols=2, height_mm=110)
        for ax in (ax1, ax2):
            figures.tile_map(d, "v", ax=ax, fmt="{:.1f}%", label="%")
        assert figures_save.text_overlaps(fig) == []
        assert "Guang-\ndong\n18.0%" in {t.get_text() for t in ax1.texts}
