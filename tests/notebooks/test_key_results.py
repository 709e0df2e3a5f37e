"""Key results: those of the test run's notebooks compared with the accepted values; a raw change moves them."""

import math

import pytest

from analysis import datasets
from analysis.data.build import build
from analysis.errors import ChecksumError
from analysis.notebooks.results import compare, load_actual, load_expected
from analysis.notebooks.runner import notebook_paths
from analysis.stats import region_means
from conftest import ROOT, register

EXPECTED = load_expected(ROOT / "notebooks" / "key_results.json")


class TestCompare:
    def test_reports_which_number_moved_and_by_how_much(self):
        exp = {"04": {"burden_max": {"value": 0.0289, "abs_tol": 1e-6, "rel_tol": 0}}}
        msg = compare(exp, {"04": {"burden_max": 0.0301}})
        assert msg == ["04: burden_max moved from 0.0289 to 0.0301 (+0.0012, +4.15%; tolerance abs 1e-06, rel 0)"]

    def test_within_tolerance_is_quiet(self):
        exp = {"04": {"x": {"value": 1.0, "abs_tol": 0.01, "rel_tol": 0}}}
        assert compare(exp, {"04": {"x": 1.005}}) == []

    def test_missing_and_new_results_are_reported(self):
        exp = {"04": {"x": {"value": 1.0}}}
        msgs = compare(exp, {"04": {"y": 2.0}})
        assert any("x is no longer recorded" in m for m in msgs) and any("new key result y" in m for m in msgs)

    def test_the_noise_of_another_cpu_is_within_the_default_tolerance(self):
        exp = {"04": {"slope": {"value": -0.024223506026947374}}}
        assert compare(exp, {"04": {"slope": -0.024223506026947384}}) == []
        assert compare(exp, {"04": {"slope": -0.0242235}}) != []

    def test_accepting_keeps_a_stored_value_within_its_tolerance_and_replaces_one_that_moved(self, tmp_path):
        import json

        from analysis.notebooks.results import accept
        path = tmp_path / "key_results.json"
        path.write_text(json.dumps({"04": {"slope": {"value": -0.024223506026947374, "abs_tol": 1e-9, "rel_tol": 1e-9},
                                           "share": {"value": 0.25, "abs_tol": 1e-9, "rel_tol": 1e-9}}}))
        accept({"04": {"slope": -0.024223506026947384, "share": 0.26, "new": "x"}}, path)
        stored = json.loads(path.read_text())["04"]
        assert stored["slope"]["value"] == -0.024223506026947374  # no churn in the 17th digit
        assert stored["share"]["value"] == 0.26 and stored["new"]["value"] == "x"

    def test_every_notebook_has_accepted_results(self):
        assert sorted(EXPECTED) == [p.stem for p in notebook_paths(ROOT)]


def test_the_test_run_reproduces_every_key_result(notebook_run):
    assert compare(EXPECTED, load_actual(notebook_run / "results")) == []


class TestMutation:
    """Change one raw value (Gansu's rural income in the tile-map year) in a copy of the project: the suite
    must notice.

    The key results of notebook 04 that depend on it are computed by package functions (the panel's
    burden and :func:`analysis.stats.region_means`); the mutated build must move them."""

    REL = "nbs_database/nbsdb_rural-disposable-income_2016-2025.csv"
    YEAR = 2024  # notebook 04's MAP_YEAR

    @pytest.fixture
    def mutated(self, project):
        path = project / "data/raw" / self.REL
        text = path.read_text(encoding="utf-8")
        gansu = next(line for line in text.splitlines() if line.startswith("甘肃省"))
        cells, column = gansu.split(","), text.splitlines()[0].split(",").index(str(self.YEAR))
        cells[column] = str(int(cells[column]) + 1000)
        path.write_text(text.replace(gansu, ",".join(cells)), encoding="utf-8", newline="")
        return project

    def test_an_unregistered_change_stops_the_build(self, mutated):
        with pytest.raises(ChecksumError, match="sha256"):
            build(mutated)

    def test_a_registered_change_moves_the_key_results_that_depend_on_it(self, mutated, panel):
        register(mutated, self.REL)
        build(mutated)
        after = datasets.rural_panel(mutated)
        year = self.YEAR
        accepted = EXPECTED["04-regions"]

        def burden_max(p):
            return p.loc[p["year"].eq(year), "burden_min_contribution"].max()

        def west(p):
            reg = region_means(p[p["year"].ge(2016)], "burden_min_contribution", weight="rural_population")
            return reg.set_index(["region4", "year"]).loc[("West", year), "burden_min_contribution"]

        # The package functions reproduce the accepted values on the real data …
        assert math.isclose(burden_max(panel), accepted["burden_map_year_max"]["value"], rel_tol=1e-12)
        assert math.isclose(west(panel), accepted["burden_region_West"]["value"], rel_tol=1e-12)
        # … and the registered change moves both, so compare() would name them.
        moved = compare({"04-regions": {k: accepted[k] for k in ("burden_map_year_max", "burden_region_West")}},
                        {"04-regions": {"burden_map_year_max": burden_max(after), "burden_region_West": west(after)}})
        assert [m.split(" moved")[0] for m in moved] == ["04-regions: burden_map_year_max",
                                                          "04-regions: burden_region_West"], moved
