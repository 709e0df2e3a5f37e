from analysis.notebooks.helpers import listed


class TestListed:
    def test_names_are_joined_with_and_before_the_last(self):
        assert listed(["Beijing"]) == "Beijing"
        assert listed(["Beijing", "Shanghai"]) == "Beijing and Shanghai"
        assert listed({"Beijing": 1, "Shanghai": 2, "Zhejiang": 3}) == "Beijing, Shanghai and Zhejiang"


class TestDerivedStandards:
    def test_lists_each_derived_standard_and_says_them_in_one_sentence(self):
        import pandas as pd
        from analysis.notebooks.helpers import derived_note, derived_standards
        policy = pd.DataFrame({
            "year": [2016, 2017, 2023],
            "min_individual_contribution": [150.0, 180.0, 380.0],
            "min_individual_contribution_source": ["derived: a − b", "x.csv#row16", "x.csv#row22"],
            "min_fiscal_subsidy": [420.0, 450.0, 640.0],
            "min_fiscal_subsidy_source": ["x.csv#row15", "x.csv#row16", "derived: c − d"]})
        got = derived_standards(policy)
        assert got[["year", "indicator", "value"]].values.tolist() == [
            [2016, "min_individual_contribution", 150.0], [2023, "min_fiscal_subsidy", 640.0]]
        assert derived_note(policy) == ("Derived from printed figures (drawn hollow; each source column names the "
                                        "inputs): the individual contribution of 2016 (150 yuan); the subsidy of "
                                        "2023 (640 yuan).")


class TestSameMethodNote:
    def test_names_the_year_where_total_less_subsidy_differs_from_the_printed_contribution(self):
        from analysis.notebooks.helpers import same_method_note
        implied = {"used": 60.0, "implied": 50.0, "total": 290.0, "subsidy": 240.0,
                   "used_source": "p.csv row 11", "source": "n.csv row 3"}
        assert same_method_note(implied, 2012, 2025) == (
            "The 2025 contribution is a printed total less a printed subsidy, one value with no printed contribution "
            "beside it; the same method gives 50 yuan for 2012 (n.csv row 3), where the standards table prints 60 "
            "(p.csv row 11), a difference recorded as a conflict.")

    def test_says_so_when_the_method_agrees_with_the_printed_contribution(self):
        from analysis.notebooks.helpers import same_method_note
        implied = {"used": 60.0, "implied": 60.0, "total": 300.0, "subsidy": 240.0,
                   "used_source": "p.csv row 11", "source": "n.csv row 3"}
        assert "the printed figure too" in same_method_note(implied, 2012, 2025)
