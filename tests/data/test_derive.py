import math

import pandas as pd

from analysis.data.derive import add_burden, add_financing_check, add_participation, add_rural_income, burden


class TestAddRuralIncome:
    def test_disposable_where_published_else_net_with_concept(self):
        w = pd.DataFrame({"year": [2008, 2016, 2010], "rural_net_income": [4000.0, math.nan, math.nan],
                          "rural_disposable_income": [math.nan, 12000.0, math.nan]})
        out = add_rural_income(w)
        assert out["rural_income"].tolist()[:2] == [4000.0, 12000.0] and math.isnan(out["rural_income"].iloc[2])
        assert out["income_concept"].tolist() == ["net", "disposable", ""]


class TestAddParticipation:
    def test_ratio_above_one_is_flagged_not_capped(self):
        w = pd.DataFrame({"ncms_enrollees": [110.0, 50.0], "rural_population": [100.0, 100.0]})
        out = add_participation(w)
        assert out["ncms_enrollment_ratio"].tolist() == [1.1, 0.5]
        assert out["ncms_enrollment_over_100"].tolist() == [True, False]

    def test_flag_is_missing_where_a_figure_is_missing(self):
        w = pd.DataFrame({"ncms_enrollees": [110.0, math.nan], "rural_population": [100.0, 100.0]})
        out = add_participation(w)
        assert out["ncms_enrollment_over_100"].iloc[0] is True or out["ncms_enrollment_over_100"].iloc[0] == True  # noqa: E712
        assert pd.isna(out["ncms_enrollment_over_100"].iloc[1])


class TestAddFinancingCheck:
    def test_gap_between_computed_and_printed(self):
        w = pd.DataFrame({"ncms_funds_raised": [2000.0], "ncms_enrollees": [10.0], "ncms_financing_per_enrollee": [199.5]})
        out = add_financing_check(w)
        assert out["ncms_financing_per_enrollee_computed"].iloc[0] == 200.0
        assert out["ncms_financing_gap_yuan"].iloc[0] == 0.5


class TestAddBurden:
    def test_year_without_a_standard_stays_a_gap(self):
        w = pd.DataFrame({"year": [2018, 2019], "rural_income": [14617.0, 16021.0]})
        policy = pd.DataFrame({"year": [2018, 2019], "min_individual_contribution": [220.0, math.nan]})
        out = add_burden(w, policy)
        assert out["burden_min_contribution"].iloc[0] == 220.0 / 14617.0
        assert math.isnan(out["burden_min_contribution"].iloc[1])


class TestBurden:
    def test_contribution_over_income_with_gaps_kept(self):
        out = burden(pd.Series([220.0, math.nan, 380.0]), pd.Series([14617.0, 16021.0, math.nan]))
        assert out.iloc[0] == 220.0 / 14617.0 and out.iloc[1:].isna().all()

    def test_the_panel_burden_is_computed_by_it(self, monkeypatch):
        import analysis.data.derive as derive
        monkeypatch.setattr(derive, "burden", lambda c, i: c * 0 + 7.0)
        w = pd.DataFrame({"year": [2018], "rural_income": [14617.0]})
        out = derive.add_burden(w, pd.DataFrame({"year": [2018], "min_individual_contribution": [220.0]}))
        assert out["burden_min_contribution"].tolist() == [7.0]
