"""The browsable HTML report."""

import re
from pathlib import Path

import pytest

from analysis.notebooks.report import build_report
from conftest import ROOT


@pytest.fixture(scope="module")
def report(notebook_run, built, tmp_path_factory):
    """The report of the committed notebooks (their stored outputs) with the test run's figures, one of them
    (02_standards) also drawn in Chinese."""
    import json
    import shutil
    figures = tmp_path_factory.mktemp("run") / "figures"
    shutil.copytree(notebook_run / "figures", figures)
    (figures / "zh").mkdir()
    shutil.copy(figures / "02_standards.png", figures / "zh" / "02_standards.png")
    (figures / "zh" / "manifest.json").write_text(json.dumps({"02_standards": {
        "notebook": "02-premiums-vs-income.ipynb", "files": ["02_standards.png"], "lang": "zh",
        "caption_source": "国务院、财政部、国家卫生计生委、国家医保局历年关于城乡居民医保筹资标准的通知。"}}, ensure_ascii=False))
    return build_report(ROOT / "notebooks", figures, built / "data/processed", tmp_path_factory.mktemp("reports"))


def test_index_links_every_notebook_figure_and_table_and_all_links_resolve(report):
    text = report.read_text(encoding="utf-8")
    for n in range(1, 11):
        assert f'href="html/{n:02d}-' in text
    assert "02_burden_national" in text and "csy2012_21-21.csv" in text and "rural_panel" in text
    for href in re.findall(r'href="([^"]+)"', text):
        if not href.startswith("http"):
            assert (report.parent / href).resolve().exists(), href


def test_each_notebook_page_shows_its_title_prose_and_figures(report):
    page = (report.parent / "html" / "04-regions.html").read_text(encoding="utf-8")
    assert "4. Regions" in page and "What it does not identify" in page
    assert page.count("data:image/png;base64") >= 3


def test_a_figure_drawn_in_chinese_is_linked_beside_the_english_one(report):
    text = report.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "<td>02_standards</td>" in line)
    assert 'href="../run' in row and '/figures/zh/02_standards.png"' in row and "国务院、财政部" in row
    assert "<td>—</td>" in next(line for line in text.splitlines() if "<td>02_burden_national</td>" in line)
