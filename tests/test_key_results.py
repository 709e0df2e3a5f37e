"""Key results: recomputed by executing the notebooks, compared with the accepted values."""

import os

import pandas as pd
import pytest

from analysis.build import build
from analysis.manifest import sha256_of
from analysis.notebooks import execute, notebook_paths, redirected_outputs
from analysis.results import compare, load_actual, load_expected
from conftest import ROOT

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

    def test_every_notebook_has_accepted_results(self):
        assert sorted(EXPECTED) == [p.stem for p in notebook_paths(ROOT)]


@pytest.fixture(scope="module")
def fresh_results(executed_notebooks):
    """The key results of a fresh execution of every notebook."""
    nb_dir, _ = executed_notebooks
    return load_actual(f"{nb_dir}-results")


def test_a_fresh_run_reproduces_every_key_result(fresh_results):
    assert compare(EXPECTED, fresh_results) == []


class TestMutation:
    """Change one raw value in a copy of the project: the suite must notice."""

    @pytest.fixture
    def mutated(self, project):
        rel = "nbs_database/nbsdb_rural-disposable-income_2016-2025.csv"
        path = project / "data/raw" / rel
        text = path.read_text(encoding="utf-8")
        gansu = next(line for line in text.splitlines() if line.startswith("甘肃省"))
        cells = gansu.split(",")
        cells[3] = str(int(cells[3]) + 1000)  # 2023
        path.write_text(text.replace(gansu, ",".join(cells)), encoding="utf-8", newline="")
        return project, rel

    def test_an_unregistered_change_stops_the_build(self, mutated):
        project, rel = mutated
        with pytest.raises(Exception, match="sha256"):
            build(project)

    def test_a_registered_change_moves_the_key_results_that_depend_on_it(self, mutated, tmp_path):
        project, rel = mutated
        m = project / "data/raw/manifest.csv"
        df = pd.read_csv(m, dtype=str, keep_default_na=False)
        df.loc[df.path == rel, "sha256"] = sha256_of(project / "data/raw" / rel)
        df.to_csv(m, index=False, lineterminator="\r\n")
        build(project)
        os.environ["ANALYSIS_ROOT"] = str(project)
        try:
            with redirected_outputs(tmp_path / "mut"):
                execute(ROOT / "notebooks" / "04-regions.ipynb", tmp_path / "04.ipynb")
        finally:
            os.environ.pop("ANALYSIS_ROOT")
        moved = compare({"04-regions": EXPECTED["04-regions"]}, load_actual(tmp_path / "mut-results"))
        assert any("burden_map_year_max moved" in m for m in moved), moved
        assert any("burden_region_West moved" in m for m in moved), moved
