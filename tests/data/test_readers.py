import math

import pandas as pd
import pytest

from analysis.errors import DataError, ReadFailed
from analysis.data.readers import (REGION_INFERRED, REGION_MISPRINT, parse_period, read_by_region, read_file,
                              read_nbs_export)
from analysis.data import catalog as cat
from conftest import FIXTURES, RAW, manifest_row, write_csv

NCMS_HEADER = ("Region,Number of Counties (unit),Number of Enrollees (10 000 persons),Per Capita Premiums (yuan),"
               "Premiums This Year (100 million yuan)\n")


def read_ncms(path, **meta):
    fam = cat.family("ncms_by_region")
    return read_by_region(path, "data/raw/yearbook/test.csv", manifest_row(**meta), "ncms_by_region", fam)


class TestReadByRegion:
    def test_converts_units_and_keeps_source_row(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Total,3,300.5,200.0,6.01\nBeijing,1,100.5,200.0,2.01\n"
                      "Tianjin,2,,,\n")
        df = read_ncms(p)
        bj = df[(df.geo_code == "110000") & (df.indicator == "ncms_enrollees")].iloc[0]
        assert bj["value"] == 1_005_000 and bj["source_row"] == 3 and bj["year"] == 2011
        assert bj["source_column"] == "Number of Enrollees (10 000 persons)"

    def test_printed_blank_is_missing_not_zero(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Tianjin,16,,,\n")
        tj = read_ncms(p).set_index("indicator")
        assert tj.loc["ncms_counties", "value"] == 16
        assert math.isnan(tj.loc["ncms_enrollees", "value"])

    def test_unknown_province_names_file_row_and_string(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,1,1,1\nAtlantis,1,1,1,1\n")
        with pytest.raises(DataError, match=r"file data/raw/yearbook/test.csv, row 3, column 'region': value 'Atlantis'"):
            read_ncms(p)

    def test_non_numeric_cell_is_an_error(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,12O.5,1,1\n")
        with pytest.raises(ReadFailed, match=r"row 2, column 'Number of Enrollees \(10 000 persons\)': value '12O.5'"):
            read_ncms(p)

    def test_every_bad_cell_of_a_file_is_reported_together(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,12O.5,1,1\nTianjin,x,1,1,1\n")
        with pytest.raises(ReadFailed) as err:
            read_ncms(p)
        assert [m.split(": value")[1] for m in err.value.problems] == [" '12O.5'; expected a number, or a printed "
                                                                        "placeholder ('…', '-', blank)",
                                                                        " 'x'; expected a number, or a printed "
                                                                        "placeholder ('…', '-', blank)"]

    def test_duplicate_province_is_an_error(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,1,1,1\n北京,1,1,1,1\n")
        with pytest.raises(DataError, match="row 3.*already on row 2"):
            read_ncms(p)

    def test_unmapped_column_is_an_error_pointing_at_the_catalog(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", "Region,Number of Hospitals (unit)\nBeijing,3\n")
        with pytest.raises(DataError, match=r"column 'Number of Hospitals \(unit\)'.*catalog.toml"):
            read_ncms(p)

    def test_unit_mismatch_is_an_error(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", "Region,Number of Enrollees (100 million yuan)\nBeijing,3\n")
        with pytest.raises(ReadFailed, match="unit mismatch"):
            read_ncms(p)

    def test_short_row_is_an_error(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,1\n")
        with pytest.raises(DataError, match="row 2.*3 cells"):
            read_ncms(p)

    def test_does_not_change_the_input_file(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,1,1,1\n")
        before = p.read_bytes()
        read_ncms(p)
        assert p.read_bytes() == before


class TestRegionFlags:
    def test_garbled_names_use_the_row_order_column_and_are_flagged(self):
        m = pd.read_csv(RAW / "manifest.csv", dtype=str, keep_default_na=False).set_index("path", drop=False)
        df = read_file(RAW, m.loc["yearbook/nypc2_5-2-6.csv"])
        prov = df[df.geo_code != "000000"]
        assert prov["geo_code"].nunique() == 31
        assert (prov["region_flag"] == REGION_INFERRED).all()

    def test_misprinted_english_name_is_corrected_and_flagged(self):
        m = pd.read_csv(RAW / "manifest.csv", dtype=str, keep_default_na=False).set_index("path", drop=False)
        df = read_file(RAW, m.loc["yearbook/prov-hunan2011_19-18.csv"])
        shaanxi = df[df.geo_code == "610000"].iloc[0]
        assert shaanxi["region_as_printed"] == "Shanxi" and shaanxi["region_flag"] == REGION_MISPRINT
        assert (df[df.geo_code == "140000"]["region_flag"] == "").all()


class TestReadNbsExport:
    def test_reads_a_file_exactly_as_the_nbs_website_exports_it(self):
        fam = cat.family("nbs_province_export")
        df = read_nbs_export(FIXTURES / "nbs_export_rural_income.csv", "data/raw/nbs_database/new.csv",
                             manifest_row(table_id="", family="nbs_province_export"), "nbs_province_export", fam)
        assert set(df["indicator"]) == {"rural_disposable_income"}
        got = df.set_index(["geo_code", "year"])["value"]
        assert got[("110000", 2024)] == 39856 and got[("540000", 2023)] == 19924
        assert len(df) == 6
        assert df.set_index(["geo_code", "year"]).loc[("120000", 2024), "source_row"] == 6

    def test_matches_the_transcribed_export_of_the_same_table(self):
        m = pd.read_csv(RAW / "manifest.csv", dtype=str, keep_default_na=False).set_index("path", drop=False)
        transcribed = read_file(RAW, m.loc["nbs_database/nbsdb_rural-disposable-income_2016-2025.csv"])
        fam = cat.family("nbs_province_export")
        exported = read_nbs_export(FIXTURES / "nbs_export_rural_income.csv", "x", manifest_row(table_id=""),
                                   "nbs_province_export", fam)
        a = transcribed.set_index(["geo_code", "year"])["value"]
        for r in exported.itertuples():
            assert a[(r.geo_code, r.year)] == r.value

    def test_unknown_indicator_is_an_error(self, tmp_path):
        p = write_csv(tmp_path / "e.csv", "数据库：分省年度数据\n指标：铁路里程(公里)\n地区,2024年\n北京市,1\n")
        with pytest.raises(DataError, match="铁路里程"):
            read_nbs_export(p, "x", manifest_row(), "nbs_province_export", cat.family("nbs_province_export"))


class TestParsePeriod:
    @pytest.mark.parametrize("text, year", [("2013", 2013), ("end-2016", 2016), ("2010 (current)", 2010),
                                            ("2013 (截至2013年底 / 2013年度)", 2013), ("截至2014年底", 2014)])
    def test_whole_year_or_year_end(self, text, year):
        assert parse_period(text) == year

    @pytest.mark.parametrize("text", ["end-Sept 2008", "as of 2007-03-31", "census 2020-11-01", "2024 vs 2023",
                                      "end-Aug 2012", "2008-09-30"])
    def test_part_year_or_census_date_is_not_read(self, text):
        assert parse_period(text) is None


class TestEveryRawFile:
    def test_every_manifest_family_has_a_reader_and_reads(self):
        m = pd.read_csv(RAW / "manifest.csv", dtype=str, keep_default_na=False)
        for _, meta in m.iterrows():
            df = read_file(RAW, meta)
            assert (df["source_file"] == f"data/raw/{meta['path']}").all()
