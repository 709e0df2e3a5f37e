"""Measures and models the notebooks compute (analysis.stats)."""

import math

import pandas as pd

import pytest

from analysis.stats import (ASSOCIATION_COLUMNS, Association, Slope, association, cagr, chain_index, coverage,
                            decompose_change, deflate, index_to, burden_by_fifth, fifth_to_average,
                            mean_step, project_burden, quintile_income_ratio)


class TestCoverage:
    def test_counts_provinces_with_a_value_and_keeps_empty_years(self):
        long = pd.DataFrame({"geo_code": ["110000", "120000", "110000", "000000"], "year": [2008, 2008, 2011, 2008],
                             "indicator": ["x", "x", "x", "x"], "value": [1.0, math.nan, 2.0, 3.0]})
        grid = coverage(long, "province", years=range(2008, 2012))
        assert grid.loc["x"].tolist() == [1, 0, 0, 1]
        assert coverage(long, "national").loc["x", 2008] == 1

    def test_derived_values_of_a_printed_indicator_get_a_row_of_their_own(self):
        long = pd.DataFrame({"geo_code": ["000000"] * 4, "year": [2015, 2016, 2017, 2016],
                             "indicator": ["x", "x", "x", "births"], "value": [1.0, 2.0, 3.0, 9.0],
                             "tier": ["official_table", "derived", "official_table", "derived"]})
        grid = coverage(long, "national", derived_apart=True)
        assert grid.loc["x"].tolist() == [1, 0, 1] and grid.loc["x (derived)"].tolist() == [0, 1, 0]
        assert "births (derived)" not in grid.index  # derived only: its own row already
        assert coverage(long, "national").loc["x"].tolist() == [1, 1, 1]  # merged unless asked


class TestQuintileIncomeRatio:
    def test_group_income_over_the_mean_of_the_latest_year(self):
        q = pd.DataFrame({"geography": ["F"] * 4, "year": [2020, 2020, 2021, 2021], "group": ["Q1", "Q5"] * 2,
                          "income_per_capita": [10.0, 30.0, 20.0, 60.0]})
        assert quintile_income_ratio(q, "F", "Q1") == (0.5, 2021)


class TestBurdenByFifth:
    LONG = pd.DataFrame({
        "geo_code": ["000000"] * 4 + ["350000"], "year": [2020, 2020, 2021, 2021, 2020],
        "group": ["Q1", "Q5", "Q1", "Q5", "Q1"], "indicator": ["rural_disposable_income"] * 5,
        "value": [100.0, 900.0, 200.0, 1000.0, 50.0], "preferred": [True] * 5})
    POLICY = pd.DataFrame({"year": [2020, 2021], "min_individual_contribution": [10.0, float("nan")]})

    def test_each_fifth_and_the_published_average_not_the_mean_of_the_fifths(self):
        out = burden_by_fifth(self.LONG, self.POLICY, pd.Series({2020: 400.0, 2021: 500.0}))
        assert out.loc[2020].to_dict() == {"Q1": 0.1, "Q5": 10 / 900, "average": 0.025}  # not 10 / 500
        assert out.loc[2021].isna().all()  # no standard: a gap, not filled

    def test_the_ratio_to_the_average_leaves_gaps_out(self):
        out = burden_by_fifth(self.LONG, self.POLICY, pd.Series({2020: 400.0, 2021: 500.0}))
        assert fifth_to_average(out, "Q1").to_dict() == {2020: 4.0}

    def test_inputs_are_unchanged(self):
        before = self.LONG.copy()
        burden_by_fifth(self.LONG, self.POLICY, pd.Series({2020: 400.0}))
        pd.testing.assert_frame_equal(self.LONG, before)


def _holds_everywhere(a: Association) -> bool:
    """Every slope's interval excludes zero with the sign of the levels slope, and the rank correlation
    agrees with p < 0.05 (what vocabulary.robustly_associated calls robust)."""
    sign = math.copysign(1, a.ols_hc3.estimate)
    slopes_agree = all(s.excludes_zero and math.copysign(1, s.estimate) == sign for s in a.slopes().values())
    return slopes_agree and math.copysign(1, a.spearman.estimate) == sign and a.spearman.p < 0.05


class TestAssociation:
    """The robust cross-province association, on hand-built provinces."""

    @staticmethod
    def provinces(y):
        return pd.DataFrame({"name_en": [f"P{i:02d}" for i in range(len(y))], "x": [float(i + 1) for i in range(len(y))],
                             "y": [float(v) for v in y]})

    # Four provinces worked by hand: x = 1, 2, 3, 4 and y = 1, 3, 2, 5. Mean x 2.5, Sxx = 5, Sxy = 5.5, so the
    # slope is 1.1 and the intercept 0; residuals -0.1, 0.8, -1.3, 0.6 (SSR 2.7; SST 8.75); leverages
    # 1/4 + (x - 2.5)² / 5 = 0.7, 0.3, 0.3, 0.7. HC3 variance of the slope:
    # Σ (x - 2.5)² e² / (1 - h)² / Sxx². Two residual degrees of freedom: t(0.975, 2) = 4.302652729911275 and
    # the two-sided p of a t statistic T is 1 - |T| / √(2 + T²).
    FOUR = pd.DataFrame({"name_en": ["P1", "P2", "P3", "P4"], "x": [1.0, 2.0, 3.0, 4.0], "y": [1.0, 3.0, 2.0, 5.0]})
    T_975_2DF = 4.302652729911275

    def test_the_levels_slope_matches_the_closed_form_on_four_provinces(self):
        se = math.sqrt((2.25 * 0.01 / 0.09 + 0.25 * 0.64 / 0.49 + 0.25 * 1.69 / 0.49 + 2.25 * 0.36 / 0.09) / 25)
        t = 1.1 / se
        s = association(self.FOUR, "y", "x").ols_hc3
        assert s.estimate == pytest.approx(1.1) and s.se == pytest.approx(se)
        assert s.interval == pytest.approx((1.1 - self.T_975_2DF * se, 1.1 + self.T_975_2DF * se))
        assert s.p == pytest.approx(1 - t / math.sqrt(2 + t * t))
        assert s.n == 4 and s.r2 == pytest.approx(1 - 2.7 / 8.75) and s.dropped == ()
        assert not s.excludes_zero  # 1.1 ± 2.78

    def test_the_rank_correlation_and_the_elasticity_on_four_provinces(self):
        a = association(self.FOUR, "y", "x")
        # ranks of y: 1, 3, 2, 4; squared rank differences sum to 2: rho = 1 - 6·2 / (4·15)
        assert a.spearman.estimate == pytest.approx(0.8) and a.spearman.n == 4
        lx, ly = [math.log(v) for v in self.FOUR["x"]], [math.log(v) for v in self.FOUR["y"]]
        mx, my = sum(lx) / 4, sum(ly) / 4
        elasticity = sum((u - mx) * (w - my) for u, w in zip(lx, ly)) / sum((u - mx) ** 2 for u in lx)
        assert a.loglog_hc3.estimate == pytest.approx(elasticity) and a.loglog_hc3.n == 4

    def test_leave_one_out_drops_the_province_that_moves_the_slope_most(self):
        # Without P1, P2, P3, P4 the slopes are 1, 17/14, 9/7 and 0.5: P4 moves it most (by 0.6).
        # Without P4: x = 1, 2, 3, y = 1, 3, 2, residuals -0.5, 1, -0.5, leverages 5/6, 1/3, 5/6, so the HC3
        # variance is (0.25 · 36 + 0 + 0.25 · 36) / 2² = 4.5; one degree of freedom: t(0.975, 1) = 12.7062047361747.
        loo = association(self.FOUR, "y", "x").leave_one_out
        assert loo.dropped == ("P4",) and loo.n == 3
        assert loo.estimate == pytest.approx(0.5) and loo.se == pytest.approx(math.sqrt(4.5))
        assert loo.interval == pytest.approx((0.5 - 12.7062047361747 * math.sqrt(4.5),
                                              0.5 + 12.7062047361747 * math.sqrt(4.5)))

    def test_nothing_is_dropped_when_the_full_interval_already_includes_zero(self):
        a = association(self.FOUR, "y", "x")
        assert a.drop_until_not_significant == a.ols_hc3 and a.drivers == []

    def test_the_table_shows_each_specification_as_the_attributes_hold_it(self):
        a = association(self.FOUR, "y", "x")
        t = a.table()
        assert list(t.columns) == ASSOCIATION_COLUMNS
        assert list(t["specification"]) == ["ols_hc3", "spearman", "loglog_hc3", "leave_one_out",
                                            "drop_until_not_significant"]
        rows = t.set_index("specification")
        assert rows.loc["ols_hc3", ["estimate", "se", "ci_low", "ci_high", "p", "n", "r2"]].tolist() == [
            a.ols_hc3.estimate, a.ols_hc3.se, a.ols_hc3.ci_low, a.ols_hc3.ci_high, a.ols_hc3.p, 4, a.ols_hc3.r2]
        assert rows.at["spearman", "estimate"] == a.spearman.estimate
        assert math.isnan(rows.at["spearman", "se"]) and rows.at["spearman", "dropped"] == ""
        assert rows.at["leave_one_out", "dropped"] == "P4"

    def test_the_result_cannot_be_changed(self):
        a = association(self.FOUR, "y", "x")
        with pytest.raises(AttributeError):
            a.ols_hc3.estimate = 2.0

    def test_a_clear_monotone_relation_holds_in_every_specification(self):
        noise = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.3, -0.3, 0.1] * 3
        d = self.provinces([2 * (i + 1) + e for i, e in enumerate(noise)])
        a = association(d, "y", "x")
        assert list(a.slopes()) == ["ols_hc3", "loglog_hc3", "leave_one_out"]
        assert 1.95 < a.ols_hc3.estimate < 2.05 and a.ols_hc3.ci_low > 0 and a.ols_hc3.n == 30
        assert _holds_everywhere(a) and a.drivers == []

    def test_an_association_carried_by_one_province_is_fragile_and_names_it(self):
        noise = [0.5, -0.5, 0.4, -0.4, 0.3, -0.3] * 3
        y = [5 + 0.06 * i + e for i, e in enumerate(noise)] + [9.0, 9.5]  # a weak trend, then one high province
        a = association(self.provinces(y), "y", "x")
        assert a.ols_hc3.ci_low > 0  # significant with every province
        assert not _holds_everywhere(a)
        assert a.drivers == ["P19"] and not a.drop_until_not_significant.excludes_zero
        assert a.leave_one_out.dropped == ("P19",)
        assert a.table().set_index("specification").at["drop_until_not_significant", "dropped"] == "P19"

    def test_no_elasticity_where_a_value_is_not_positive(self):
        a = association(self.provinces([0.0] + [float(i) for i in range(1, 20)]), "y", "x")
        assert a.loglog_hc3 is None and "loglog_hc3" not in a.slopes()
        assert "loglog_hc3" not in set(a.table()["specification"])

    def test_missing_values_are_left_out_and_counted(self):
        d = self.provinces([float(i) for i in range(20)])
        d.loc[3, "y"] = math.nan
        a = association(d, "y", "x")
        assert a.ols_hc3.n == a.spearman.n == 19 and a.leave_one_out.n == 18

    def test_inputs_are_unchanged(self):
        d = self.provinces([1.0, 3.0, 2.0, 5.0, 4.0, 7.0])
        before = d.copy()
        association(d, "y", "x")
        pd.testing.assert_frame_equal(d, before)


class TestSlope:
    def test_an_interval_touching_zero_does_not_exclude_it(self):
        assert not Slope(1.0, 0.5, 0.0, 2.0, 0.05, 10, 0.3).excludes_zero
        assert Slope(-1.0, 0.5, -2.0, -0.1, 0.04, 10, 0.3).excludes_zero


class TestProjectBurden:
    def test_yuan_steps_add_the_same_amount_each_year(self):
        out = project_burden(2024, 2026, 400.0, 20000.0, 0.05, premium_step=30.0)
        assert out["contribution"].tolist() == [400.0, 430.0, 460.0]
        assert out["income"].tolist() == pytest.approx([20000.0, 21000.0, 22050.0])
        assert out["burden"].iloc[0] == 400.0 / 20000.0

    def test_percentage_growth_is_the_alternative(self):
        out = project_burden(2024, 2025, 400.0, 20000.0, 0.0, premium_growth=0.1)
        assert out["contribution"].tolist() == pytest.approx([400.0, 440.0])

    def test_exactly_one_premium_model(self):
        with pytest.raises(ValueError, match="exactly one"):
            project_burden(2024, 2025, 400.0, 20000.0, 0.0)
        with pytest.raises(ValueError, match="exactly one"):
            project_burden(2024, 2025, 400.0, 20000.0, 0.0, premium_step=1.0, premium_growth=0.1)

    def test_mean_step(self):
        assert mean_step(pd.Series({2018: 220.0, 2024: 400.0}), 2018, 2024) == 30.0
        assert math.isnan(mean_step(pd.Series({2018: 220.0}), 2018, 2024))


class TestDecomposeChange:
    def test_residual_bounds_are_net_minus_the_stated_components(self):
        t = decompose_change(45.7, {"duplicates": (56.0, 56.0), "moves": (10.0, 16.0)}).set_index("part")
        assert t.loc["net change"].tolist() == [45.7, 45.7]
        assert t.loc["residual (net − stated components)"].tolist() == pytest.approx([45.7 - 72.0, 45.7 - 66.0])


def test_standard_for_cover_year_is_that_of_the_year_before():
    from analysis.stats import standard_for_cover_year
    policy = pd.DataFrame({"year": [2022, 2023], "min_individual_contribution": [350.0, 380.0]})
    assert standard_for_cover_year(policy, 2023) == (350.0, 2022)


class TestMinimumForCoverYear:
    POLICY = pd.DataFrame({"year": [2021, 2022, 2023], "min_individual_contribution": [320.0, 350.0, 380.0],
                           "min_fiscal_subsidy": [580.0, 610.0, float("nan")]})

    def test_last_years_contribution_plus_this_years_subsidy(self):
        from analysis.stats import minimum_for_cover_year
        assert minimum_for_cover_year(self.POLICY, 2022) == (320.0 + 610.0, 320.0, 610.0)  # not 350 + 610

    def test_a_missing_component_is_a_gap(self):
        from analysis.stats import minimum_for_cover_year
        assert math.isnan(minimum_for_cover_year(self.POLICY, 2023)[0])


class TestYuanStepSensitivity:
    def test_at_the_threshold_growth_the_burden_ends_where_it_started(self):
        from analysis.stats import project_burden, threshold_income_growth
        g = threshold_income_growth(400.0, 30.0, 11)
        assert g == pytest.approx((730 / 400) ** (1 / 11) - 1)
        path = project_burden(2024, 2035, 400.0, 23119.0, g, premium_step=30.0)
        assert path["burden"].iloc[-1] == pytest.approx(path["burden"].iloc[0])

    def test_the_grid_is_zero_on_the_threshold_and_falls_with_faster_growth(self):
        from analysis.stats import burden_change_grid, threshold_income_growth
        g = threshold_income_growth(400.0, 30.0, 11)
        grid = burden_change_grid(400.0, [0.0, 30.0], [g, g + 0.01], 11)
        assert grid.loc[30.0, g] == pytest.approx(0.0, abs=1e-12)
        assert grid.loc[30.0, g + 0.01] < 0 and grid.loc[0.0, g] < 0  # a zero step: the burden falls


class TestRealTerms:
    def test_chain_index_forwards_and_backwards_from_the_base(self):
        idx = pd.Series({2014: 102.0, 2015: 110.0, 2016: 105.0})
        level = chain_index(idx, 2015)
        assert level[2015] == 100.0 and level[2016] == pytest.approx(105.0)
        assert level[2014] == pytest.approx(100 / 1.10) and level[2013] == pytest.approx(100 / 1.10 / 1.02)

    def test_a_gap_breaks_the_chain_and_is_never_filled(self):
        idx = pd.Series({2015: 110.0, 2016: 105.0, 2018: 103.0})
        level = chain_index(idx, 2015)
        assert level[2016] == pytest.approx(105.0)
        assert math.isnan(level[2017]) and math.isnan(level[2018])

    def test_deflate_gives_constant_base_year_yuan_and_stops_with_the_index(self):
        level = pd.Series({2015: 100.0, 2016: 105.0})
        real = deflate(pd.Series({2015: 200.0, 2016: 210.0, 2017: 220.0}), level)
        assert real[2015] == 200.0 and real[2016] == pytest.approx(200.0) and math.isnan(real[2017])

    def test_the_real_rural_cpi_chain_stops_where_the_material_does(self, built):
        from analysis import datasets
        level = datasets.rural_price_level(2015, built)
        assert level[2015] == 100.0 and level.loc[1994:2022].notna().all()
        assert level.loc[:1993].isna().all()  # 1991-1993 are not in the material: the chain stops there
        assert 2023 not in level.index or math.isnan(level[2023])


def test_two_waves_gives_each_province_both_years_and_the_change():
    from analysis.stats import two_waves
    panel = pd.DataFrame({"geo_code": ["110000", "110000", "120000"], "name_en": ["Beijing", "Beijing", "Tianjin"],
                          "year": [2008, 2011, 2008], "x": [10.0, 15.0, 7.0]})
    w = two_waves(panel, 2008, 2011, ["x"]).set_index("geo_code")
    assert w.loc["110000", ["x_2008", "x_2011", "x_change"]].tolist() == [10.0, 15.0, 5.0]
    assert math.isnan(w.loc["120000", "x_change"])  # missing in the second wave: no change, not a zero


class TestPreferredSources:
    @staticmethod
    def long(*rows):
        base = {"indicator": "ncms_enrollees", "geo_code": "000000", "group": "", "publication": "p"}
        return pd.DataFrame([{**base, **r} for r in rows])

    def test_each_year_names_the_chosen_file_and_the_versions_that_differ(self):
        from analysis.stats import preferred_sources
        long = self.long(
            {"year": 2022, "value": 98328e4, "preferred": True, "tier": "official-database-export-secondary",
             "source_file": "data/raw/nbs_database/nbs.csv"},
            {"year": 2022, "value": 98349e4, "preferred": False, "tier": "compiled-series",
             "source_file": "data/raw/national/nhsa.csv"},
            {"year": 2022, "value": 98328e4 * (1 + 1e-12), "preferred": False, "tier": "evidence",
             "source_file": "data/raw/national/press.csv"},
            {"year": 2004, "value": 8e7, "preferred": True, "tier": "evidence", "source_file": "data/raw/national/press.csv"},
            {"year": 2004, "value": 9e7, "preferred": True, "tier": "evidence", "source_file": "data/raw/national/press.csv",
             "indicator": "other"})
        before = long.copy()
        out = preferred_sources(long, "ncms_enrollees").set_index("year")
        assert out.index.tolist() == [2004, 2022]
        assert out.at[2022, "file"] == "nbs.csv" and out.at[2022, "others"] == (98349e4,)
        assert out.at[2022, "other_files"] == "nhsa.csv"  # the same figure up to float noise is no other version
        assert out.at[2004, "value"] == 8e7 and out.at[2004, "other_files"] == ""
        pd.testing.assert_frame_equal(long, before)


class TestYearRanges:
    def test_consecutive_years_are_joined_by_a_dash(self):
        from analysis.stats import year_ranges
        assert year_ranges([2014, 2004, 2012, 2013]) == "2004, 2012–2014"
        assert year_ranges([2020]) == "2020"


class TestOneBurdenFormula:
    """Every burden stats computes is the one formula of ``analysis.data.derive.burden`` (the notebooks call it as
    ``stats.burden``): replaced by a marker, every burden shows the marker."""

    @pytest.fixture
    def marked(self, monkeypatch):
        import analysis.stats as stats
        monkeypatch.setattr(stats, "burden", lambda c, i: c * 0 + 7.0)
        return stats

    def test_the_fifths_and_the_average(self, marked):
        out = marked.burden_by_fifth(TestBurdenByFifth.LONG, TestBurdenByFifth.POLICY, pd.Series({2020: 400.0}))
        assert out.loc[2020].tolist() == [7.0, 7.0, 7.0]

    def test_the_quintile_table(self, marked):
        long = TestBurdenByFifth.LONG.assign(source_file="f", source_row=2)
        assert set(marked.quintile_burden(long, TestBurdenByFifth.POLICY)["burden"].dropna()) == {7.0}

    def test_the_scenarios(self, marked):
        assert marked.project_burden(2024, 2025, 400.0, 20000.0, 0.0, premium_step=1.0)["burden"].tolist() == [7.0, 7.0]

    def test_the_notebooks_divide_no_contribution_by_an_income_themselves(self):
        from pathlib import Path
        import re
        division = re.compile(r"\b(c|c_\w+|contrib\w*)\s*/\s*(inc|\w*income\w*)\b")
        notebooks = Path(__file__).resolve().parents[1] / "notebooks"
        found = [f"{p.name}:{i}" for p in sorted(notebooks.glob("*.py"))
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if division.search(line)]
        assert found == []


class TestAsPublished:
    LONG = pd.DataFrame({"publication": ["NHSA 2018", "NHSA 2018", "NBS database", "NHSA 2018"],
                         "year": [2018, 2018, 2018, 2017], "geo_code": "000000", "group": "",
                         "indicator": ["a", "b", "a", "a"], "value": [1.0, 2.0, 5.0, 9.0]})

    def test_the_figures_of_one_publication_in_the_order_asked(self):
        from analysis.stats import as_published
        assert as_published(self.LONG, "NHSA 2018", 2018, ["b", "a"]).to_dict() == {"b": 2.0, "a": 1.0}

    def test_a_figure_the_publication_does_not_print_is_an_error(self):
        from analysis.stats import as_published
        with pytest.raises(ValueError, match="'NBS database' prints 0 different values of b for 2018"):
            as_published(self.LONG, "NBS database", 2018, ["a", "b"])


def test_notebooks_find_evidence_by_name_and_versions_by_publication_not_by_row_or_file_name():
    from pathlib import Path
    import re
    by_position = re.compile(r"ev\.(at|loc)\[\s*(\d|\[|[A-Z_]+_ROW)|source_file\"\]\.str\.contains|_ROW = \d")
    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    found = [f"{p.name}:{i}" for p in sorted(notebooks.glob("*.py"))
             for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if by_position.search(line)]
    assert found == []
