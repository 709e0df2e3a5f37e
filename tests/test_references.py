"""BibTeX and CSL-JSON a reference manager imports (analysis.references)."""

import json
import re

import pandas as pd
import pytest

from analysis import references
from conftest import ROOT


def _manifest():
    return pd.read_csv(ROOT / "data/raw/manifest.csv", dtype=str, keep_default_na=False)


class TestEntries:
    def test_every_raw_file_has_one_entry_with_a_stable_key_and_the_collection_one(self):
        refs = references.entries()
        keys = [r["key"] for r in refs]
        assert len(keys) == len(set(keys)) == len(_manifest()) + 1
        assert keys[-1] == references.COLLECTION_KEY
        one = next(r for r in refs if r["key"] == "csy2012_21-21")
        assert one["type"] == "book" and one["year"] == "2012"
        assert one["title"].startswith("China Statistical Yearbook 2012 (English), table 21-21: ")
        assert one["url"].startswith("http")

    def test_the_collection_comes_from_citation_cff(self):
        c = references.collection()
        cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
        assert c["title"] in cff and f"version: {c['version']}" in cff and c["license"] == "MIT"

    def test_an_unlisted_file_is_named_in_the_error(self):
        with pytest.raises(ValueError, match="no manifest row for yearbook/nope.csv"):
            references.entries(["data/raw/yearbook/nope.csv"])


class TestFormats:
    def test_bibtex_entries_are_balanced_and_escape_special_characters(self):
        bib = references.bibtex(references.entries())
        blocks = bib.strip().split("\n\n")
        assert len(blocks) == len(_manifest()) + 1
        for block in blocks:
            assert re.match(r"@(book|misc|software)\{[A-Za-z0-9_:-]+,\n", block), block[:60]
            assert block.count("{") == block.count("}"), block[:60]
            for line in block.splitlines()[1:-1]:
                field, _, value = line.strip().partition(" = ")
                if field != "url":
                    assert not re.search(r"(?<!\\)[%&#_]", value), line

    def test_csl_json_items_carry_id_title_author_and_year(self):
        items = json.loads(references.csl_json(references.entries()))
        assert all(i["id"] and i["title"] and i["author"][0]["literal"] for i in items)
        item = next(i for i in items if i["id"] == "csy2012_21-21")
        assert item["issued"] == {"date-parts": [[2012]]} and item["type"] == "book"

    def test_write_gives_the_files_a_copied_figure_needs(self, tmp_path):
        paths = references.write(tmp_path, ["data/raw/yearbook/csy2012_21-21.csv"], stem="fig")
        assert [p.name for p in paths] == ["fig.bib", "fig.csl.json"]
        assert [i["id"] for i in json.loads(paths[1].read_text(encoding="utf-8"))] == [
            "csy2012_21-21", references.COLLECTION_KEY]


def test_a_compiled_file_names_the_column_of_its_rows_addresses_not_a_url_that_is_not_one():
    from analysis.references import entries
    compiled = [e for e in entries() if "each row's address is in its column" in e["note"]]
    assert compiled and all(e["url"] == "" for e in compiled)
    assert not any(e["url"].startswith("per row") for e in entries())
