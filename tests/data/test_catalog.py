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
