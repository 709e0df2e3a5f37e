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


class TestReadNbsExportSteps:
    """Each step of reading an NBS export: the heading, the indicator, the years, the regions."""

    INDICATOR = "指标：农村居民人均可支配收入(元)\n"

    @staticmethod
    def read(tmp_path, text, **meta):
        p = write_csv(tmp_path / "e.csv", text)
        return read_nbs_export(p, "x.csv", manifest_row(**meta), "nbs_province_export",
                               cat.family("nbs_province_export"))

    def test_without_a_region_heading_it_says_what_it_expected(self, tmp_path):
        with pytest.raises(DataError, match="no header.*a header row starting with 地区 or Region"):
            self.read(tmp_path, self.INDICATOR + "北京市,1\n")

    def test_without_an_indicator_line_the_indicator_and_unit_come_from_the_table_id(self, tmp_path):
        df = self.read(tmp_path, "Region,2024\n北京市,39856\n", table_id="农村居民人均可支配收入(元)")
        assert df["indicator"].tolist() == ["rural_disposable_income"] and df["unit_as_printed"].tolist() == ["元"]
        assert df["value"].tolist() == [39856] and df.attrs["heading_row"] == 1

    def test_a_blank_heading_is_skipped_and_a_heading_that_is_not_a_year_is_an_error(self, tmp_path):
        df = self.read(tmp_path, self.INDICATOR + "地区,2024年,\n北京市,39856,\n")
        assert df["year"].tolist() == [2024] and df.attrs["heading_row"] == 2
        with pytest.raises(DataError, match="row 2, column '合计': value '合计'; expected a year heading such as 2024"):
            self.read(tmp_path, self.INDICATOR + "地区,2024年,合计\n北京市,39856,1\n")

    def test_a_region_printed_twice_is_an_error_naming_its_first_row(self, tmp_path):
        with pytest.raises(DataError, match=r"row 4, column '地区': value '北京市'; expected each region once "
                                            r"\(already on row 3\)"):
            self.read(tmp_path, self.INDICATOR + "地区,2024年\n北京市,39856\n北京市,1\n")

    def test_a_short_row_reads_its_missing_cells_as_blank(self, tmp_path):
        df = self.read(tmp_path, self.INDICATOR + "地区,2024年,2023年\n北京市,39856\n")
        assert df["value"].tolist()[0] == 39856 and math.isnan(df["value"].tolist()[1])


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


class TestNbsScrapeSheets:
    """NBS database sheets as a scraper stores them (years as rows, values exactly as stored)."""

    @staticmethod
    def read(rel, family, tmp_path=None, text=None):
        import pandas as pd
        from analysis.data.readers import read_nbs_year_rows
        path = (RAW / rel) if text is None else write_csv(tmp_path / "s.csv", text)
        meta = pd.Series({"publication": "NBS national data database", "canonical_url": "", "retrieved_from": "x",
                          "data_years": "", "table_id": "", "publisher": "NBS"})
        return read_nbs_year_rows(path, f"data/raw/{rel}", meta, family, cat.family(family))

    def test_quintile_columns_in_the_scrapers_order_map_to_the_right_fifths(self):
        df = self.read("nbs_database/nbsdb-scrape2023_rural-income-quintiles_2013-2022.csv",
                       "nbs_scrape_rural_income_quintiles")
        y2013 = df[df.year.eq(2013)].set_index("group")["value"]
        assert y2013.to_dict() == {"Q4": 11816.0, "Q2": 5966.0, "Q3": 8438.0, "Q1 (lowest fifth)": 2878.0,
                                   "Q5 (highest fifth)": 21324.0}
        assert set(df["indicator"]) == {"rural_disposable_income"} and df["source_row"].min() == 2

    def test_values_are_read_exactly_as_stored(self):
        df = self.read("nbs_database/nbsdb-scrape2022_price-indices_2000-2020.csv", "nbs_scrape_price_indices")
        row = df[df.year.eq(2000)].iloc[0]
        assert row["value_as_printed"] == "99.90000000000001" and row["value"] == 99.90000000000001
        assert set(df["indicator"]) == {"rural_cpi"}  # the six other indices are mapped to "-"

    def test_an_unmapped_column_stops_the_read_and_names_it(self, tmp_path):
        text = ",农村居民消费价格指数(上年=100),新指数\n2020年,102.5,1\n"
        with pytest.raises(DataError, match="新指数"):
            self.read("x.csv", "nbs_scrape_price_indices", tmp_path, text)

    def test_a_lost_column_stops_the_read(self, tmp_path):
        text = ",农村居民消费价格指数(上年=100)\n2020年,102.5\n"
        with pytest.raises(DataError, match="missing column"):
            self.read("x.csv", "nbs_scrape_price_indices", tmp_path, text)

    def test_a_row_that_is_not_a_year_stops_the_read(self, tmp_path):
        header = "," + ",".join(cat.family("nbs_scrape_resident_pension")["columns"])
        with pytest.raises(DataError, match="2013年"):
            self.read("x.csv", "nbs_scrape_resident_pension", tmp_path, header + "\n合计,1,2,3,4,5\n")


class TestFileEncodingAndShape:
    """Every malformed file is one clear error naming the file (and line), never a traceback or a shorter table."""

    def test_utf8_with_a_byte_order_mark_is_read(self, tmp_path):
        p = tmp_path / "t.csv"
        p.write_bytes(b"\xef\xbb\xbf" + (NCMS_HEADER + "Beijing,1,2,3,4\n").encode("utf-8"))
        assert read_ncms(p)["geo_code"].iloc[0] == "110000"

    def test_gb18030_is_read(self, tmp_path):
        p = tmp_path / "t.csv"
        p.write_bytes((NCMS_HEADER + "北京,1,2,3,4\n").encode("gb18030"))
        assert read_ncms(p)["region_as_printed"].iloc[0] == "北京"

    def test_undecodable_bytes_name_the_expected_encodings(self, tmp_path):
        p = tmp_path / "t.csv"
        p.write_bytes(NCMS_HEADER.encode() + b"\xff\xfe\xfd\x80\x81,1,2,3,4\n")
        with pytest.raises(DataError, match="UTF-8 .* or GB18030"):
            read_ncms(p)

    def test_an_empty_file(self, tmp_path):
        p = tmp_path / "t.csv"
        p.write_bytes(b"")
        with pytest.raises(DataError, match="test.csv.*empty file"):
            read_ncms(p)

    def test_a_file_cut_inside_a_quote(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + 'Beijing,1,2,3,"4\n')
        with pytest.raises(DataError, match=r"test.csv, row 2: value .unexpected end of data.*quote"):
            read_ncms(p)

    def test_a_row_cut_short_is_not_padded(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,2\n")
        with pytest.raises(DataError, match=r"row 2.*3 cells.*5 cells"):
            read_ncms(p)

    def test_full_width_digits_are_refused_not_read_by_accident(self, tmp_path):
        p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,２７２,3,4\n")
        with pytest.raises(ReadFailed, match="'２７２'"):
            read_ncms(p)


def test_a_printed_placeholder_stays_missing_with_its_own_qualifier(tmp_path):
    from analysis.data.readers import PLACEHOLDER_QUALIFIER
    p = write_csv(tmp_path / "t.csv", NCMS_HEADER + "Beijing,1,…,3,4\nTianjin,1,,3,4\n")
    df = read_ncms(p)
    enrollees = df[df.indicator.eq("ncms_enrollees")].set_index("geo_code")
    assert math.isnan(enrollees.at["110000", "value"]) and enrollees.at["110000", "qualifier"] == PLACEHOLDER_QUALIFIER
    assert math.isnan(enrollees.at["120000", "value"]) and enrollees.at["120000", "qualifier"] == ""  # a blank
