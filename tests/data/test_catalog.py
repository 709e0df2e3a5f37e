"""The catalog's naming rules: the one function that names a sub-group's column, and its inverse."""

import re
from pathlib import Path

import pandas as pd

from analysis.data.catalog import group_column, split_group_column
from analysis.data.derive import region_flags, wide_from_long

SRC = Path(__file__).resolve().parents[2] / "src" / "analysis"


class TestGroupColumn:
    def test_names_the_column_of_a_sub_group_from_its_printed_name(self):
        assert group_column("census_share_ncms", "Crop farming households") == "census_share_ncms__crop_farming_households"

    def test_a_value_without_a_group_keeps_the_indicator_as_its_column(self):
        assert group_column("rural_income", "") == "rural_income"

    def test_series_are_named_row_by_row(self):
        out = group_column(pd.Series(["a", "b"]), pd.Series(["", "Q1 (lowest fifth)"]))
        assert out.tolist() == ["a", "b__q1_lowest_fifth"]

    def test_split_is_the_inverse(self):
        assert split_group_column("census_share_ncms__crop_farming_households") == (
            "census_share_ncms", "crop_farming_households")
        assert split_group_column("rural_income") == ("rural_income", "")

    def test_the_panel_and_the_region_flags_name_group_columns_by_it(self):
        long = pd.DataFrame({"geo_code": ["620000"] * 2, "year": [2006] * 2, "indicator": ["census_share_ncms"] * 2,
                             "group": ["", "Crop farming households"], "value": [1.0, 2.0], "preferred": True,
                             "region_flag": ["", "inferred from row order"]})
        wide = wide_from_long(long, "province")
        assert group_column("census_share_ncms", "Crop farming households") in wide.columns
        flags = region_flags(long, wide)
        assert flags.tolist() == [f"inferred from row order: {group_column('census_share_ncms', 'Crop farming households')}"]

    def test_no_other_module_joins_an_indicator_and_a_group(self):
        joins = re.compile(r"""\+ ?["']__["']|["']__["'] ?\+|partition\(["']__["']\)|}__{""")
        found = [f"{p.relative_to(SRC)}:{i}" for p in SRC.rglob("*.py") if p.name != "catalog.py"
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if joins.search(line)]
        assert found == []


class TestIndicatorNames:
    """An indicator is named in one place: its ``name`` in catalog.toml, which figures, Stata labels, the data
    package and ``python -m analysis indicators`` read."""

    def test_every_indicator_has_an_english_and_a_chinese_name_and_no_second_label(self):
        from analysis.data.catalog import indicators
        for code, d in indicators().items():
            assert d["name"]["en"].strip() and d["name"]["zh"].strip(), code
            assert "label" not in d, code

    def test_no_other_table_names_an_indicator(self):
        import csv
        import tomllib
        from analysis.data.catalog import indicators
        labels = tomllib.loads((SRC / "figures" / "labels.toml").read_text(encoding="utf-8"))
        assert "indicator" not in labels
        assert sorted(set(labels["text"]) & set(indicators())) == []
        with (SRC / "data" / "reference" / "stata_variables.csv").open(encoding="utf-8") as fh:
            stored = [r for r in csv.DictReader(fh) if r["column"] in indicators() and r["label"]]
        assert stored == []

    def test_figures_stata_and_the_data_package_read_the_catalog_name(self, monkeypatch):
        from analysis.data import build, catalog, export
        from analysis.figures import labels
        renamed = {**catalog.indicators()["ncms_enrollees"], "name": {"en": "members of NCMS", "zh": "新农合成员"}}
        monkeypatch.setitem(catalog.indicators(), "ncms_enrollees", renamed)
        labels.indicators.cache_clear()
        try:
            assert labels.indicator("ncms_enrollees", "zh") == "新农合成员"
            assert export.variable_labels(["ncms_enrollees"], {})["ncms_enrollees"] == "Members of NCMS (persons)"
            assert build._field("ncms_enrollees", float)["title"] == "members of NCMS"
        finally:
            labels.indicators.cache_clear()

    def test_a_stored_stata_label_for_an_indicator_is_an_error(self, tmp_path):
        import pytest
        from analysis.data.export import _stored_variables
        from analysis.errors import DataError
        bad = tmp_path / "stata_variables.csv"
        bad.write_text("column,stata_name,label\nncms_enrollees,,NCMS enrollees (persons)\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"row 2, column 'label'.*expected no label: an indicator's is its name"):
            _stored_variables(bad)
