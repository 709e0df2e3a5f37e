"""analysis.enrolment on small hand-built frames (numbers in millions or yuan chosen to be checked by hand)."""

import math

import numpy as np
import pandas as pd
import pytest

from analysis import enrolment

M = 1e6
NAN = math.nan


def national(**cols):
    years = cols.pop("year")
    return pd.DataFrame({"year": years, **cols})


class TestInsuredPopulation:
    def test_ncms_is_added_only_while_it_was_counted_apart(self):
        n = national(year=[2014, 2018], uebmi_participants=[300 * M, 320 * M], resident_bmi_participants=[300 * M, 1000 * M],
                     ncms_enrollees=[700 * M, 130 * M], bmi_participants=[NAN, 1320 * M],
                     total_population=[1400 * M, 1400 * M])
        out = enrolment.insured_population(n).set_index("year")
        assert out.loc[2014, "members"] == 1300 * M  # 300 + 300 + 700
        assert out.loc[2018, "members"] == 1320 * M  # the 2018 residents' figure already holds the NCMS remainder
        assert out.loc[2018, "not_counted"] == 80 * M and out.loc[2018, "share_insured"] == pytest.approx(1320 / 1400)

    def test_a_year_without_ncms_in_the_material_has_no_total(self):
        n = national(year=[2014], uebmi_participants=[300 * M], resident_bmi_participants=[300 * M], ncms_enrollees=[NAN],
                     total_population=[1400 * M])
        assert math.isnan(enrolment.insured_population(n)["members"].iloc[0])

    def test_the_merger_years_have_no_total_even_where_nbs_prints_one(self):
        n = national(year=[2016], uebmi_participants=[300 * M], resident_bmi_participants=[450 * M],
                     ncms_enrollees=[NAN], bmi_participants=[750 * M], total_population=[1390 * M])
        assert math.isnan(enrolment.insured_population(n)["members"].iloc[0])

    def test_population_falls_back_to_urban_plus_rural_and_says_so(self):
        n = national(year=[2022, 2023], uebmi_participants=[360 * M, 370 * M], resident_bmi_participants=[980 * M, 960 * M],
                     total_population=[1411 * M, NAN], urban_population=[920 * M, 930 * M],
                     rural_population=[491 * M, 477 * M])
        out = enrolment.insured_population(n).set_index("year")
        assert out.loc[2023, "population"] == 1407 * M and out.loc[2023, "population_basis"] == "urban + rural (derived)"
        assert out.loc[2022, "population_basis"] == "printed" and out.loc[2023, "members"] == 1330 * M

    def test_the_components_are_used_where_the_total_is_a_rounded_figure(self):
        # 2023: Xinhua's rounded 13.34亿 beside the bulletin's 37,095万 + 96,294万
        n = national(year=[2023], bmi_participants=[1334.0 * M], uebmi_participants=[370.95 * M],
                     resident_bmi_participants=[962.94 * M], total_population=[1410 * M])
        assert enrolment.insured_population(n)["members"].iloc[0] == pytest.approx(1333.89 * M)

    def test_the_printed_total_is_used_where_a_component_is_missing(self):
        n = national(year=[2023], bmi_participants=[1334.0 * M], uebmi_participants=[370.95 * M],
                     resident_bmi_participants=[NAN], total_population=[1410 * M])
        assert enrolment.insured_population(n)["members"].iloc[0] == 1334.0 * M

    def test_input_is_not_changed(self):
        n = national(year=[2018], uebmi_participants=[1.0], resident_bmi_participants=[1.0], total_population=[3.0])
        before = n.copy()
        enrolment.insured_population(n)
        pd.testing.assert_frame_equal(n, before)


class TestNotCountedWithoutDuplicates:
    def account(self):
        return pd.DataFrame({"year": [2020, 2021, 2022, 2023, 2024],
                             "not_counted": [50 * M, 49 * M, 66 * M, 75 * M, 81 * M]})

    def test_the_stated_duplicates_widen_the_gap_before_the_removal_only(self):
        out = enrolment.not_counted_without_duplicates(self.account(), duplicates=56 * M,
                                                       duplicate_years=(2022, 2023)).set_index("year")
        # 2021, the last year-end before the removal, can hold all 56 of them: 49 + 56 = 105, above 2024's 81
        assert out.loc[2021, "not_counted_deduplicated"] == 105 * M
        assert out.loc[2024, "not_counted_deduplicated"] == 81 * M and out.loc[2023, "duplicates_in_count"] == 0
        # inside the removal (not split by year) and before 2021 (not stated): gaps, never a guess
        assert out.loc[[2020, 2022], "not_counted_deduplicated"].isna().all()
        assert out["not_counted"].tolist() == self.account()["not_counted"].tolist()  # the printed gap kept

    def test_input_is_not_changed(self):
        a = self.account()
        enrolment.not_counted_without_duplicates(a, duplicates=1.0, duplicate_years=(2022, 2023))
        pd.testing.assert_frame_equal(a, self.account())


def decline():
    """Residents' members 2019-2024 with births/deaths to 2022 and a population to 2024 (millions)."""
    years = list(range(2019, 2025))
    return national(year=years,
                    resident_bmi_participants=[x * M for x in (1025, 1017, 1009, 983, 963, 947)],
                    uebmi_participants=[330 * M] * 6,
                    births=[14 * M, 12 * M, 10 * M, 9 * M, NAN, NAN],
                    deaths=[10 * M, 10 * M, 10 * M, 11 * M, NAN, NAN],
                    total_population=[x * M for x in (1410, 1412, 1413, 1412, 1410, 1409)])


def bounds(periods):
    n = decline()
    return enrolment.non_renewal_bounds(n, periods, duplicates=56 * M, duplicate_years=(2022, 2023),
                                        moves_per_year=(5 * M, 8 * M), move_years=(2020, 2023)).set_index("period")


class TestNonRenewalBounds:
    def test_one_year_with_births_deaths_and_stated_moves(self):
        b = bounds([(2019, 2020)]).loc["2020"]
        # fall 8; most = 8 + 12 − 5 = 15; least = 8 − 10 − 8 = −10
        assert (b["fall"], b["most"], b["least"]) == (8 * M, 15 * M, -10 * M)
        assert b["natural_basis"] == "births and deaths" and b["duplicates_removed"] == 0
        assert b["unstated_inflows_or_overlap"] == 0  # the most is positive: nothing unstated is required

    def test_the_duplicate_window_uses_the_population_change_where_rates_are_missing(self):
        b = bounds([(2021, 2023)]).loc["2022–2023"]
        # fall 1009 − 963 = 46; births 9 (2022), deaths 11 (2022), population change 2023 = −2;
        # most = 46 + 9 − 2 − 2×5 − 56 = −13; least = 46 − 11 − 2 − 2×8 − 56 = −39
        assert (b["fall"], b["population_change_used"]) == (46 * M, -2 * M)
        assert (b["most"], b["least"]) == (-13 * M, -39 * M)
        # the stated components exceed the fall plus births by 13: unstated inflows or overlap between the components
        assert b["unstated_inflows_or_overlap"] == 13 * M
        assert b["natural_basis"] == "births and deaths 2022; population change 2023"

    def test_a_period_that_splits_the_duplicate_removal_is_refused(self):
        with pytest.raises(ValueError, match="splits the duplicate removal"):
            bounds([(2021, 2022)])

    def test_the_least_is_not_bounded_where_a_year_has_no_stated_move(self):
        b = bounds([(2023, 2024)]).loc["2024"]
        # most = fall 16 + population change −1 − 0 moves
        assert b["most"] == 15 * M and math.isnan(b["least"]) and not b["moves_stated_all_years"]
        assert b["natural_basis"] == "population change"


class TestPremiumToPension:
    def test_same_policy_year_and_gaps_kept(self):
        n = national(year=[2020, 2021, 2022], resident_pension_benefit_per_recipient=[2000.0, 2400.0, NAN])
        policy = pd.DataFrame({"year": [2020, 2021, 2022], "min_individual_contribution": [280.0, NAN, 350.0]})
        out = enrolment.premium_to_pension(n, policy).set_index("year")
        assert out.index.tolist() == [2020, 2021]  # no pension figure for 2022
        assert out.loc[2020, "share"] == 0.14 and math.isnan(out.loc[2021, "share"])
        assert out.loc[2021, "monthly_pension"] == 200.0


class TestBenefitPerMember:
    def test_schemes_by_period_and_the_contribution_collected_the_year_before(self):
        n = national(year=[2014, 2016, 2019], ncms_payout_per_enrollee=[390.0, 500.0, 600.0],
                     ncms_financing_per_enrollee=[410.0, NAN, NAN],
                     resident_bmi_expenditure_per_member=[300.0, 550.0, 800.0],
                     resident_bmi_revenue_per_member=[350.0, 600.0, 840.0])
        policy = pd.DataFrame({"year": [2013, 2015, 2018], "min_individual_contribution": [70.0, 120.0, 220.0]})
        out = enrolment.benefit_per_member(n, policy).set_index("year")
        assert out.index.tolist() == [2014, 2019]  # 2016 is a merger year: neither series
        assert out.loc[2014, ["scheme", "payout", "financing", "contribution"]].tolist() == ["NCMS", 390.0, 410.0, 70.0]
        assert out.loc[2019, ["scheme", "payout", "financing", "contribution"]].tolist() == \
            ["residents' scheme", 800.0, 840.0, 220.0]
        assert out.loc[2019, "payout_per_contribution"] == pytest.approx(800 / 220)
        # 800/220 = (800/840) × (840/220): what the fund paid of what it took in, over the contribution's share of it
        assert out.loc[2019, "payout_per_financing"] == pytest.approx(800 / 840)
        assert out.loc[2019, "contribution_share_of_financing"] == pytest.approx(220 / 840)

    def test_the_ratio_to_the_contribution_falls_when_only_the_members_share_rises(self):
        n = national(year=[2019, 2021], resident_bmi_expenditure_per_member=[900.0, 900.0],
                     resident_bmi_revenue_per_member=[1000.0, 1000.0])
        policy = pd.DataFrame({"year": [2018, 2020], "min_individual_contribution": [200.0, 300.0]})
        out = enrolment.benefit_per_member(n, policy).set_index("year")
        assert out["payout_per_contribution"].tolist() == [4.5, 3.0]
        assert out["payout_per_financing"].tolist() == [0.9, 0.9]
        assert out["contribution_share_of_financing"].tolist() == [0.2, 0.3]


class TestProvincialStandards:
    def long(self, *rows):
        return pd.DataFrame([{"geo_code": g, "year": y, "group": grp, "value": v, "indicator": "province_individual_contribution",
                              "tier": "evidence", "source_file": "data/raw/p.csv", "source_row": i + 2}
                             for i, (g, y, grp, v) in enumerate(rows)])

    policy = pd.DataFrame({"year": [2020, 2021, 2022], "min_individual_contribution": [280.0, 320.0, 350.0]})

    def test_matches_and_above_under_either_reading_of_the_year(self):
        out = enrolment.provincial_standards(self.long(("430000", 2021, "", 280.0), ("420000", 2022, "", 350.0),
                                                       ("120000", 2022, "higher tier", 950.0),
                                                       ("110000", 2022, "elderly", 340.0)), self.policy)
        got = out.set_index(["geo_code", "group"])
        assert got.loc[("430000", ""), "matches"] == "previous" and got.loc[("430000", ""), "above_minimum"] == False  # noqa: E712
        assert got.loc[("420000", ""), "matches"] == "same"
        assert got.loc[("120000", "higher tier"), "above_minimum"] == True  # noqa: E712
        assert pd.isna(got.loc[("110000", "elderly"), "above_minimum"])  # between the two years' minimums

    def test_a_missing_national_year_leaves_it_undecided(self):
        out = enrolment.provincial_standards(self.long(("130000", 2020, "", 250.0)), self.policy)
        r = out.iloc[0]
        assert math.isnan(r["national_previous_year"]) and r["matches"] == "" and pd.isna(r["above_minimum"])
        assert r["check"] == "cannot be checked"

    def test_check_says_equal_unchecked_or_different(self):
        out = enrolment.provincial_standards(self.long(
            ("150000", 2020, "", 280.0),  # equals 2020's minimum though 2019's is a gap
            ("130000", 2020, "", 250.0),  # equals neither printed minimum, and 2019's is a gap
            ("440000", 2022, "", 330.0)), self.policy)  # both 2021 and 2022 printed, equals neither
        assert out.set_index("geo_code")["check"].to_dict() == {
            "130000": "cannot be checked", "150000": "equals a minimum", "440000": "differs from both minima"}


class TestGroupedStandards:
    long = TestProvincialStandards.long
    policy = TestProvincialStandards.policy

    def test_the_lowest_and_highest_group_of_each_province_year_beside_the_minima(self):
        standards = enrolment.provincial_standards(self.long(
            ("110000", 2022, "elderly", 340.0), ("110000", 2022, "working-age residents", 580.0),
            ("110000", 2022, "students and children", 325.0), ("120000", 2022, "higher tier", 950.0),
            ("120000", 2022, "lower tier", 320.0), ("430000", 2021, "", 280.0)), self.policy)
        out = enrolment.grouped_standards(standards).set_index("geo_code")
        assert list(out.index) == ["110000", "120000"]  # a single standard has no row
        assert out.loc["110000", ["groups", "lowest_group", "lowest", "highest_group", "highest"]].tolist() == [
            3, "students and children", 325.0, "working-age residents", 580.0]
        assert out.loc["120000", ["lowest", "highest", "national_same_year", "national_previous_year"]].tolist() == [
            320.0, 950.0, 350.0, 320.0]

    def test_no_grouped_standard_gives_an_empty_table(self):
        standards = enrolment.provincial_standards(self.long(("430000", 2021, "", 280.0)), self.policy)
        assert enrolment.grouped_standards(standards).empty


def test_missing_national_years_are_the_gaps_a_provincial_standard_can_refer_to():
    from analysis.enrolment import missing_national_years
    standards = pd.DataFrame({"year": [2020, 2019, 2021], "national_same_year": [280.0, float("nan"), 280.0],
                              "national_previous_year": [float("nan"), 220.0, 280.0]})
    assert missing_national_years(standards, 1) == [2019]
