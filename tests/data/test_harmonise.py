import math

import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.data.harmonise import choose_preferred, mark_income_concept


def rows(*specs):
    base = {"geo_code": "000000", "year": 2020, "indicator": "resident_bmi_participants", "group": "",
            "value": 1.0, "tier": "compiled-series", "qualifier": "", "publication_date": "",
            "source_file": "data/raw/a.csv", "source_row": 2, "value_as_printed": "1", "source_rank": 0,
            "source_column": "value_as_printed"}
    return pd.DataFrame([{**base, **s} for s in specs])


class TestChoosePreferred:
    def test_official_table_beats_press(self):
        df = rows({"value": 2.0, "tier": "evidence", "source_row": 2}, {"value": 1.0, "tier": "official-table", "source_row": 3})
        out = choose_preferred(df)
        assert out.loc[out.preferred, "value"].tolist() == [1.0]

    def test_latest_publication_wins_within_a_tier(self):
        df = rows({"value": 101677e4, "publication_date": "2021-03-08", "source_row": 32},
                  {"value": 101676e4, "publication_date": "2021-06-08", "source_row": 44})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [44]

    def test_exact_figure_beats_a_qualified_one(self):
        df = rows({"value": 963e6, "qualifier": "nearly", "source_row": 2}, {"value": 96294e4, "source_row": 3})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [3]

    def test_more_precise_figure_wins_between_equal_sources(self):
        df = rows({"value": 832e6, "tier": "official-table", "value_as_printed": "8.32", "source_row": 3},
                  {"value": 831631e3, "tier": "official-table", "value_as_printed": "83163.1", "source_row": 2,
                   "source_file": "data/raw/b.csv"})
        assert choose_preferred(df).query("preferred")["value"].tolist() == [831631e3]

    def test_user_compiled_panel_ranks_after_the_export_it_copies(self):
        df = rows({"value": 257.0, "tier": "official-database-export-secondary", "value_as_printed": "257.0",
                   "source_file": "data/raw/github-panel.csv", "source_rank": 1},
                  {"value": 257.0, "tier": "official-database-export-secondary", "value_as_printed": "257",
                   "source_file": "data/raw/nbsdb.csv", "source_rank": 0})
        assert choose_preferred(df).query("preferred")["source_file"].tolist() == ["data/raw/nbsdb.csv"]

    def test_printed_blank_never_wins_and_all_versions_are_kept(self):
        df = rows({"value": math.nan, "tier": "official-table"}, {"value": 5.0, "tier": "evidence", "source_row": 3})
        out = choose_preferred(df)
        assert len(out) == 2 and out.query("preferred")["value"].tolist() == [5.0]

    def test_does_not_mutate_input(self):
        df = rows({"value": 1.0})
        before = df.copy()
        choose_preferred(df)
        pd.testing.assert_frame_equal(df, before)


class TestMarkIncomeConcept:
    def test_first_disposable_year_is_marked_as_a_break(self):
        df = rows({"indicator": "rural_net_income", "year": 2012, "geo_code": "110000"},
                  {"indicator": "rural_disposable_income", "year": 2016, "geo_code": "110000"},
                  {"indicator": "rural_disposable_income", "year": 2017, "geo_code": "110000"})
        out = mark_income_concept(df)
        assert out["series_break"].tolist() == ["", "income concept", ""]

    def test_net_income_after_the_old_survey_ended_is_an_error(self):
        df = rows({"indicator": "rural_net_income", "year": 2016, "source_file": "data/raw/x.csv", "source_row": 9})
        with pytest.raises(DataError, match="x.csv, row 9"):
            mark_income_concept(df.assign(source_column="c"))


class TestPublicationDates:
    """Dates parsed with their precision: a bulletin beats its quick report and the press for the same year."""

    def test_bulletin_beats_press_of_the_same_year_known_to_the_day(self):
        # NHSA 2019 bulletin (dated to the year) vs China Daily's rounded report of it (2020-06-26).
        df = rows({"value": 32925e4, "publication_date": "2020 (bulletin; copy dated 2021-11-25)",
                   "value_as_printed": "32925", "source_row": 27},
                  {"value": 329e6, "publication_date": "2020-06-26", "value_as_printed": "329", "source_row": 28})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [27]

    def test_bulletin_beats_a_copy_of_its_quick_report(self):
        df = rows({"value": 34423e4, "publication_date": "2021-03-22 (copy)", "value_as_printed": "34423",
                   "source_row": 31},
                  {"value": 34455e4, "publication_date": "2021 (mid-year)", "value_as_printed": "34455",
                   "source_row": 43})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [43]

    def test_dates_are_compared_as_dates_not_text(self):
        # As text "2020 (…" sorts before "2020-06-26"; as dates, 2021-01 is simply later.
        df = rows({"value": 1.0, "publication_date": "2020-06-26", "source_row": 2},
                  {"value": 2.0, "publication_date": "2021-01", "source_row": 3})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [3]

    def test_overlapping_dates_tie_and_more_digits_win(self):
        # A bulletin dated to the year 2020 and a press report of 2020-06-08 may be either order: digits decide.
        df = rows({"value": 32925e4, "publication_date": "2020", "value_as_printed": "32925", "source_row": 2},
                  {"value": 329e6, "publication_date": "2020-06-08", "value_as_printed": "329", "source_row": 3})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [2]

    def test_a_version_published_wholly_before_another_never_wins(self):
        # 2020 (year) and 2020-06-08 both end before 2021-01 begins: the 2021 figure wins despite fewer digits.
        df = rows({"value": 32925e4, "publication_date": "2020", "value_as_printed": "32925", "source_row": 2},
                  {"value": 329e6, "publication_date": "2020-06-08", "value_as_printed": "329", "source_row": 3},
                  {"value": 330e6, "publication_date": "2021-01", "value_as_printed": "330", "source_row": 4},
                  {"value": 331e6, "publication_date": "", "value_as_printed": "33", "source_row": 5})
        assert choose_preferred(df).query("preferred")["source_row"].tolist() == [4]

    @pytest.mark.parametrize("text, lo, hi", [
        ("2021-06-08", "2021-06-08", "2021-06-08"), ("2025-07", "2025-07-01", "2025-07-31"),
        ("2021 (mid-year)", "2021-05-01", "2021-08-31"), ("2025-07 ('released on the 14th')", "2025-07-14", "2025-07-14"),
        ("2021-03-22 (copy)", "0001-01-01", "2021-03-22"), ("", "0001-01-01", "9999-12-31")])
    def test_interval_of_a_printed_date(self, text, lo, hi):
        from datetime import date
        from analysis.data.harmonise import publication_interval
        assert publication_interval(text) == (date.fromisoformat(lo), date.fromisoformat(hi))


class TestDerivedValues:
    """Values the sources imply but do not print: tier 'derived', inputs named, never over a printed one."""

    def test_previous_year_end_from_a_printed_level_and_its_change(self):
        from analysis.data.harmonise import add_levels_from_changes
        df = rows({"indicator": "resident_pension_participants", "year": 2023, "value": 545.22e6,
                   "value_as_printed": "54522", "source_column": "value_as_printed", "source_row": 7},
                  {"indicator": "resident_pension_participants_change", "year": 2023, "value": -4.3e6,
                   "value_as_printed": "减少430万人", "source_column": "notes", "source_row": 7})
        out = add_levels_from_changes(df.assign(reference_period="end-2023"))
        new = out[out["tier"].eq("derived")].iloc[0]
        assert (new["year"], new["value"]) == (2022, 549.52e6)
        assert new["value_as_printed"] == "54522 − (减少430万人)"
        assert "row 7, value_as_printed" in new["derivation"] and "notes" in new["derivation"]

    def test_nothing_is_derived_where_a_source_prints_the_level(self):
        from analysis.data.harmonise import add_levels_from_changes
        df = rows({"indicator": "resident_pension_participants", "year": 2023, "value": 545.22e6, "source_row": 7},
                  {"indicator": "resident_pension_participants_change", "year": 2023, "value": -4.3e6, "source_row": 7},
                  {"indicator": "resident_pension_participants", "year": 2022, "value": 549.52e6, "source_row": 9,
                   "source_file": "data/raw/b.csv"})
        assert add_levels_from_changes(df.assign(reference_period="")).query("tier == 'derived'").empty

    def test_a_previous_policy_years_standard_from_a_stated_increase(self):
        # People's Daily 2017-05-02: the 2017 contribution "在2016年基础上也提高30元,平均每人每年达到" 180.
        from analysis.data.harmonise import add_levels_from_changes
        df = rows({"indicator": "min_individual_contribution", "year": 2017, "value": 180.0, "value_as_printed": "180",
                   "source_column": "value_as_printed", "source_row": 26, "tier": "evidence"},
                  {"indicator": "min_individual_contribution_increase", "year": 2017, "value": 30.0,
                   "value_as_printed": "在2016年基础上也提高30元", "source_column": "indicator_as_printed",
                   "source_row": 26, "tier": "evidence"})
        out = add_levels_from_changes(df.assign(reference_period="2017"))
        new = out[out["tier"].eq("derived")]
        assert len(new) == 1 and (new["year"].iloc[0], new["value"].iloc[0]) == (2016, 150.0)
        assert new["reference_period"].iloc[0] == "previous policy year of 2017"
        assert new["value_as_printed"].iloc[0] == "180 − (在2016年基础上也提高30元)"
        assert new["derivation"].iloc[0] == (
            "min_individual_contribution 2017 (data/raw/a.csv row 26, value_as_printed) − "
            'min_individual_contribution_increase 2017 (same row, indicator_as_printed: "在2016年基础上也提高30元")')
        assert len(df) == 2 and "derivation" not in df  # the input is unchanged

    def test_a_printed_standard_is_preferred_to_one_derived_from_a_stated_increase(self):
        from analysis.data.harmonise import add_levels_from_changes
        df = rows({"indicator": "min_individual_contribution", "year": 2017, "value": 180.0, "source_row": 26,
                   "tier": "evidence"},
                  {"indicator": "min_individual_contribution_increase", "year": 2017, "value": 30.0, "source_row": 26,
                   "tier": "evidence"},
                  {"indicator": "min_individual_contribution", "year": 2016, "value": 140.0, "source_row": 3,
                   "tier": "evidence", "source_file": "data/raw/b.csv"})
        out = choose_preferred(add_levels_from_changes(df.assign(reference_period="2017")))
        assert out.query("tier == 'derived'").empty
        assert out[out.year.eq(2016) & out.preferred]["value"].tolist() == [140.0]

    def test_standards_derived_from_stated_increases_on_the_real_data(self, long):
        # 2016 and 2019 contributions and the 2023 subsidy: the next year's printed standard less the increase
        # the same statement prints (news_premium-standards-evidence.csv rows 26, 31 and 37; values read by hand).
        d = long[long["tier"].eq("derived") & long["indicator"].isin(["min_individual_contribution", "min_fiscal_subsidy"])
                 & long["derivation"].str.contains("_increase")]
        got = {(r.indicator, r.year): (r.value, r.value_as_printed, r.preferred) for r in d.itertuples()}
        assert got == {("min_individual_contribution", 2016): (150.0, "180 − (在2016年基础上也提高30元)", True),
                       ("min_individual_contribution", 2019): (250.0, "280 − (个人缴费标准同步提高30元)", True),
                       ("min_fiscal_subsidy", 2023): (640.0, "670 − (raise the standard of financial subsidies for "
                                                             "medical insurance for urban and rural residents in 30 "
                                                             "yuan)", True)}
        rows_named = {r.year: r.derivation for r in d.itertuples()}
        for year, row in ((2016, 26), (2019, 31), (2023, 37)):
            assert f"data/raw/national/news_premium-standards-evidence.csv row {row}, value_as_printed" in rows_named[year]
            assert "(same row, indicator_as_printed: " in rows_named[year]
        # 2011's contribution stays a gap: no national statement of it or of 2012's increase is in the material
        contrib = long[long.indicator.eq("min_individual_contribution") & long.preferred & long.geo_code.eq("000000")]
        assert 2011 not in set(contrib["year"])

    def test_a_difference_of_printed_totals_fills_only_an_unprinted_year(self, long):
        res = long[long["indicator"].eq("resident_bmi_participants") & long["geo_code"].eq("000000") & long["preferred"]]
        derived = res[res["tier"].eq("derived")]
        assert derived["year"].tolist() == [2024]
        total = long[long.preferred & long.indicator.eq("bmi_participants") & long.year.eq(2024)]["value"].iloc[0]
        employees = long[long.preferred & long.indicator.eq("uebmi_participants") & long.year.eq(2024)]["value"].iloc[0]
        assert derived["value"].iloc[0] == total - employees
        assert res[res.year.eq(2023)]["tier"].iloc[0] != "derived"  # printed where a source prints it

    def test_a_contribution_from_a_printed_total_and_subsidy_fills_only_an_unprinted_year(self, long):
        # 2025: China Daily prints the total (1,100) and the subsidy (700), not the individual contribution.
        contrib = long[long["indicator"].eq("min_individual_contribution") & long["preferred"]]
        derived = contrib[contrib["tier"].eq("derived") & contrib["year"].eq(2025)]
        assert len(derived) == 1

        def printed(indicator):
            return long[long.preferred & long.indicator.eq(indicator) & long.year.eq(2025)].iloc[0]
        total, subsidy = printed("min_total_financing"), printed("min_fiscal_subsidy")
        assert (total["value"], subsidy["value"]) == (1100, 700)
        assert derived["value"].iloc[0] == total["value"] - subsidy["value"]
        assert derived["value_as_printed"].iloc[0] == "1,100 − 700"
        for row in (total, subsidy):
            assert f"{row['source_file']} row {row['source_row']}, {row['source_column']}" in derived["derivation"].iloc[0]
        # 2012 and 2013 print a total too, and their contribution: the printed one stays (60 and 70)
        assert contrib.set_index("year").loc[[2012, 2013], "value"].tolist() == [60, 70]
        assert contrib[contrib.year.isin([2012, 2013])]["tier"].ne("derived").all()


class TestDerivationsInOnePass:
    """Every rule of a kind is applied at once (one merge on the rule's number): an input shared by two rules
    feeds both, in the catalog's order, and a catalog without rules of a kind derives nothing."""

    def test_a_denominator_shared_by_two_ratios_feeds_both(self):
        # resident_bmi_participants divides both the fund's revenue and its expenditure (ratio_of in catalog.toml).
        from analysis.data.harmonise import add_ratios
        from analysis.data import catalog as cat
        shared = [c for c, d in cat.indicators().items() if d.get("ratio_of", [None, None])[1] == "resident_bmi_participants"]
        assert len(shared) == 2
        df = rows({"indicator": "resident_bmi_participants", "value": 1e9, "value_as_printed": "10", "source_row": 2},
                  {"indicator": "resident_bmi_fund_revenue", "value": 1e12, "value_as_printed": "10000", "source_row": 3},
                  {"indicator": "resident_bmi_fund_expenditure", "value": 9e11, "value_as_printed": "9000",
                   "source_row": 4}).assign(preferred=True, unit="", unit_as_printed="", factor=1.0, publication="p",
                                            derivation="")
        new = add_ratios(df).query("tier == 'derived'")
        assert new["indicator"].tolist() == [c for c in cat.indicators() if c in shared]  # the catalog's order
        assert new["value"].tolist() == [{"resident_bmi_fund_revenue": 1e3, "resident_bmi_fund_expenditure": 900.0}[
            cat.indicators()[c]["ratio_of"][0]] for c in new["indicator"]]
        assert all("resident_bmi_participants (data/raw/a.csv row 2" in d for d in new["derivation"])

    @pytest.mark.parametrize("step", ["add_levels_from_changes", "add_differences", "add_ratios", "add_flows_from_rates"])
    def test_a_catalog_without_rules_of_a_kind_derives_nothing(self, step, monkeypatch):
        from analysis.data import catalog as cat, harmonise
        kinds = ("change_indicator", "difference_of", "ratio_of", "flow_from_rate")
        plain = {c: {k: v for k, v in d.items() if k not in kinds} for c, d in cat.indicators().items()}
        monkeypatch.setattr(cat, "indicators", lambda: plain)
        df = rows({"indicator": "resident_pension_participants", "value": 5e8, "source_row": 2},
                  {"indicator": "resident_pension_participants_change", "value": -4e6, "source_row": 2}).assign(
            preferred=True, reference_period="", derivation="")
        out = getattr(harmonise, step)(df)
        assert len(out) == len(df) and out["source_row"].tolist() == df["source_row"].tolist()
