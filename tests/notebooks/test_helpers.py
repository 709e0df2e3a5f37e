from analysis.notebooks.helpers import listed


class TestListed:
    def test_names_are_joined_with_and_before_the_last(self):
        assert listed(["Beijing"]) == "Beijing"
        assert listed(["Beijing", "Shanghai"]) == "Beijing and Shanghai"
        assert listed({"Beijing": 1, "Shanghai": 2, "Zhejiang": 3}) == "Beijing, Shanghai and Zhejiang"
