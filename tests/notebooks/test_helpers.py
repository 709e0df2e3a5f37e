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
