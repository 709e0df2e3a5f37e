"""Measures and models the notebooks compute (analysis.stats)."""

import math

import pandas as pd

from analysis.stats import cagr, coverage, index_to, quintile_income_ratio


class TestCoverage:
    def test_counts_provinces_with_a_value_and_keeps_empty_years(self):
        long = pd.DataFrame({"geo_code": ["110000", "120000", "110000", "000000"], "year": [2008, 2008, 2011, 2008],
                             "indicator": ["x", "x", "x", "x"], "value": [1.0, math.nan, 2.0, 3.0]})
        grid = coverage(long, "province", years=range(2008, 2012))
        assert grid.loc["x"].tolist() == [1, 0, 0, 1]
        assert coverage(long, "national").loc["x", 2008] == 1


class TestQuintileIncomeRatio:
    def test_group_income_over_the_mean_of_the_latest_year(self):
        q = pd.DataFrame({"geography": ["F"] * 4, "year": [2020, 2020, 2021, 2021], "group": ["Q1", "Q5"] * 2,
                          "income_per_capita": [10.0, 30.0, 20.0, 60.0]})
        assert quintile_income_ratio(q, "F", "Q1") == (0.5, 2021)
