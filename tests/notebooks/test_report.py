"""The offline book of the notebooks (analysis.notebooks.report): built with Sphinx and MyST-NB from executed
notebooks without re-running them; claims linked, figures numbered with their files, nothing fetched."""

import json
import re
import shutil

import pytest

from analysis.notebooks.lab import CHROMIUM_ARGS, find_chromium
from analysis.notebooks.report import build_book, claim_numbers, link_claims, remote_references
from conftest import ROOT

NOTEBOOKS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.fixture(scope="module")
def book(notebook_run, built, tmp_path_factory):
    """The book of the committed notebooks (their stored outputs) with the test run's figures and claims, one
    figure (02_standards) also drawn in Chinese."""
    figures = tmp_path_factory.mktemp("run") / "figures"
    shutil.copytree(notebook_run / "figures", figures)
    (figures / "zh").mkdir()
    shutil.copy(figures / "02_standards.png", figures / "zh" / "02_standards.png")
    (figures / "zh" / "manifest.json").write_text(json.dumps({"02_standards": {
        "notebook": "02-premiums-vs-income.ipynb", "files": ["02_standards.png"], "lang": "zh",
        "caption_source": "国务院、财政部、国家卫生计生委、国家医保局历年关于城乡居民医保筹资标准的通知。"}}, ensure_ascii=False))
    work = tmp_path_factory.mktemp("book")
    return build_book(ROOT / "notebooks", figures, notebook_run / "results" / "claims", built / "data/processed",
                      work / "site", work / "src").parent


def _page(book, name):
    return (book / name).read_text(encoding="utf-8")


class TestLinkClaims:
    def test_a_marker_becomes_a_numbered_link_to_the_claims_table(self):
        assert link_claims("Rose [claim:a-b].", {"a-b": 7}) == (
            'Rose <a class="claim" href="claims.html#claim-a-b" title="a-b">[claim 7]</a>.')

    def test_a_marker_of_an_unrecorded_claim_stays_visible(self):
        assert "[claim:zz — not recorded]" in link_claims("[claim:zz]", {})

    def test_claims_are_numbered_in_reading_order(self):
        claims = {"02-b": [{"id": "c"}], "01-a": [{"id": "a"}, {"id": "b"}]}
        assert claim_numbers(claims, ["01-a", "02-b"]) == {"a": 1, "b": 2, "c": 3}


class TestBook:
    def test_the_index_lists_every_notebook_in_reading_order_then_the_reference_pages(self, book):
        index = _page(book, "index.html")
        hrefs = re.findall(r'class="reference internal" href="([^"#]+)\.html"', index)
        assert list(dict.fromkeys(h for h in hrefs if h[:2].isdigit())) == NOTEBOOKS  # body and sidebar
        for page in ("figures", "claims", "sources", "datasets"):
            assert f'href="{page}.html"' in index and (book / f"{page}.html").is_file()

    def test_no_raw_claim_marker_is_left_and_every_claim_link_has_its_row(self, book):
        claims = _page(book, "claims.html")
        for nb in NOTEBOOKS:
            page = _page(book, f"{nb}.html")
            assert "[claim:" not in page, nb
            for cid in re.findall(r'href="claims.html#claim-([a-z0-9-]+)"', page):
                assert f'id="claim-{cid}"' in claims, (nb, cid)
        assert len(re.findall(r'<tr id="claim-', claims)) > 40

    def test_each_figure_has_a_numbered_caption_linked_to_its_files_and_its_chinese_version(self, book):
        page = _page(book, "02-premiums-vs-income.html")
        caption = re.search(r'<p class="figure-caption" id="fig-02_standards">.*?</p>', page, re.S).group(0)
        assert re.search(r"<strong>Figure \d+\.</strong>", caption)
        assert 'href="figures/02_standards.png"' in caption and 'href="figures/02_standards.csv"' in caption
        assert '中文: <a href="figures/zh/02_standards.png"' in caption
        for href in re.findall(r'href="(figures/[^"]+)"', _page(book, "figures.html") + page):
            assert (book / href).is_file(), href
        numbers = [int(n) for n in re.findall(r"<strong>Figure (\d+)\.</strong>", _page(book, "figures.html"))]
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 20

    def test_the_sources_and_datasets_pages_list_every_source_and_table(self, book, built):
        pkg = json.loads((built / "data/processed/datapackage.json").read_text(encoding="utf-8"))
        sources, datasets = _page(book, "sources.html"), _page(book, "datasets.html")
        assert "data/raw/yearbook/csy2012_21-21.csv" in sources and "China Statistical Yearbook 2012" in sources
        for res in pkg["resources"]:
            assert res["name"] in datasets

    def test_no_page_fetches_anything_from_the_network(self, book):
        assert remote_references(book) == []

    def test_the_network_check_finds_a_cdn_script(self, tmp_path):
        (tmp_path / "a.html").write_text('<script src="https://cdn.example.org/require.min.js"></script>')
        (tmp_path / "b.html").write_text('<link rel="stylesheet" href="//fonts.example.org/x.css">')
        assert [r.split(":")[0] for r in remote_references(tmp_path)] == ["a.html", "b.html"]


@pytest.mark.browser
@pytest.mark.skipif(find_chromium() is None, reason="Debian's chromium is not installed (apt-get install chromium); "
                                                   ".ci/run installs it")
def test_the_book_opens_offline_in_headless_chromium_every_notebook_reachable_and_searchable(book):
    """Opened from disk with the network blocked: no request fails or leaves the machine, the navigation reaches
    every notebook, and the search page finds a notebook by a word of its text."""
    from playwright.sync_api import sync_playwright

    failed, remote = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(offline=True)
        context.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))  # a file the page misses too
        context.on("request", lambda r: remote.append(r.url) if not r.url.startswith(("file://", "data:")) else None)
        page = context.new_page()
        page.goto((book / "index.html").as_uri())
        links = page.locator(".toctree-wrapper a.reference.internal")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        for nb in NOTEBOOKS:
            page.goto((book / "index.html").as_uri())
            page.locator(f'.toctree-wrapper a[href="{nb}.html"]').first.click()
            page.wait_for_load_state("load")
            assert page.url.endswith(f"{nb}.html") and page.locator("h1").count() >= 1, nb
            assert page.locator("img").count() >= 1, nb
        page.goto((book / "search.html").as_uri() + "?q=enrolment")
        page.wait_for_selector("#search-results li", timeout=30_000)
        found = page.locator("#search-results li a").all_text_contents()
        browser.close()
    assert [h for h in hrefs if h[:2].isdigit()] == [f"{nb}.html" for nb in NOTEBOOKS]
    assert failed == [] and remote == []
    assert any(re.match(r"\d\. ", t) for t in found), found
