import math

import pytest

from analysis.errors import DataError
from analysis.data.parsing import parse_statement, parse_unit, scale, parse_decimal, split_heading


class TestParseDecimal:
    @pytest.mark.parametrize("cell", ["", "…", "-", "  ", "\t"])
    def test_printed_placeholders_are_missing_not_zero(self, cell):
        assert parse_decimal(cell, file="f", row=2, column="c") is None

    def test_thousands_separators_as_printed(self):
        assert parse_decimal("16,021", file="f", row=2, column="c") == 16021

    def test_tab_padded_cell(self):
        assert parse_decimal("\t39856", file="f", row=2, column="c") == 39856

    def test_non_numeric_cell_names_file_row_column_and_value(self):
        with pytest.raises(DataError, match=r"file f, row 7, column 'Net Income': value '12a'"):
            parse_decimal("12a", file="f", row=7, column="Net Income")


class TestScale:
    def test_unit_conversion_is_exact_in_decimal(self):
        assert scale(parse_decimal("10569.71", file="f", row=2, column="c"), 1e8) == 1056971000000.0

    def test_missing_stays_missing(self):
        assert math.isnan(scale(None, 1e4))


class TestParseStatement:
    def test_keeps_qualifier(self):
        st = parse_statement("About 427", file="f", row=2, column="c")
        assert (float(st.value), st.qualifier) == (427.0, "about")

    def test_chinese_more_than(self):
        st = parse_statement("超过13", file="f", row=2, column="c")
        assert (float(st.value), st.qualifier) == (13.0, "more than")

    def test_scale_word_inside_value(self):
        st = parse_statement("349.7 billion", file="f", row=2, column="c")
        assert float(st.value) * st.multiplier == pytest.approx(349.7e9)

    def test_yi_wan_notation(self):
        assert float(parse_statement("13億5,404", file="f", row=2, column="c").value) == 135404

    def test_several_numbers_in_one_cell_is_an_error(self):
        with pytest.raises(DataError):
            parse_statement("101676 / 34455 / 136131", file="f", row=2, column="c")


class TestUnits:
    @pytest.mark.parametrize("printed, factor, base", [
        ("10 000 persons", 1e4, "persons"), ("万人", 1e4, "persons"), ("亿元", 1e8, "yuan"),
        ("100 million yuan", 1e8, "yuan"), ("trillion yuan", 1e12, "yuan"), ("million", 1e6, ""),
    ])
    def test_known_units(self, printed, factor, base):
        u = parse_unit(printed, file="f")
        assert (u.factor, u.base) == (factor, base)

    def test_unknown_unit_is_an_error(self):
        with pytest.raises(DataError, match="furlongs"):
            parse_unit("furlongs", file="f", row=3, column="u")

    def test_split_heading(self):
        assert split_heading("Number of Enrollees (10 000 persons)") == ("Number of Enrollees", "10 000 persons", None)
        assert split_heading("Per Capita Consumption Expenditure of Rural Residents (yuan) 2009") == (
            "Per Capita Consumption Expenditure of Rural Residents", "yuan", 2009)
        assert split_heading("Food") == ("Food", "", None)
