import pytest

from analysis.errors import DataError
from analysis.data.regions import NATIONAL, province_codes, reference, to_code


class TestReference:
    def test_has_31_provinces_with_unique_codes_and_names(self):
        ref = reference()
        assert len(ref) == 31
        assert ref["code"].is_unique and ref["name_en"].is_unique and ref["name_zh"].is_unique

    def test_tile_positions_are_unique(self):
        ref = reference()
        assert not ref.duplicated(["tile_row", "tile_col"]).any()

    def test_four_nbs_regions_have_the_official_sizes(self):
        # NBS: East 10, Central 6, West 12, Northeast 3.
        assert reference()["region4"].value_counts().to_dict() == {"West": 12, "East": 10, "Central": 6, "Northeast": 3}


class TestToCode:
    @pytest.mark.parametrize("name, code", [
        ("Inner Mongolia", "150000"), ("内蒙古自治区", "150000"), ("内蒙古", "150000"), ("内 蒙 古", "150000"),
        ("北 京", "110000"), ("Tibet", "540000"), ("Xizang", "540000"), ("陝西", "610000"), ("shaanxi", "610000"),
        ("新疆维吾尔自治区", "650000"), ("  Hebei ", "130000"),
    ])
    def test_maps_every_spelling_found_in_the_raw_files(self, name, code):
        assert to_code(name) == code

    @pytest.mark.parametrize("name", ["National Total", "Total", "National Average", "Total National", "全国", "全国总计"])
    def test_maps_national_spellings_to_the_national_code(self, name):
        assert to_code(name) == NATIONAL

    def test_unknown_name_names_file_row_and_string(self):
        with pytest.raises(DataError) as err:
            to_code("Chongqi", file="data/raw/x.csv", row=24)
        assert "data/raw/x.csv" in str(err.value) and "row 24" in str(err.value) and "'Chongqi'" in str(err.value)

    def test_codes_are_in_nbs_order(self):
        assert province_codes()[:3] == ["110000", "120000", "130000"] and province_codes()[-1] == "650000"
