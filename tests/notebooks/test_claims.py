"""Checked claims: the mechanism (in process and in a real kernel), and every notebook's Answer backed."""

import json
import shutil

import nbformat
import pytest

from analysis.cli import main
from analysis.notebooks import claims, vocabulary
from analysis.notebooks.run import Run
from analysis.notebooks.runner import notebook_paths
from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT)
#: Each notebook states at least this many checked findings.
MIN_CLAIMS = 3


def a_run(results_dir, notebook="00-test"):
    """A notebook's run writing into ``results_dir`` (as ``setup`` makes it in a notebook)."""
    return Run(notebook=notebook, parameters={}, lang="en", figures_dir=results_dir.parent / "figures",
               results_dir=results_dir)


@pytest.fixture
def run(tmp_path):
    return a_run(tmp_path / "results")


@pytest.fixture
def results_dir(run):
    return run.results_dir


class TestCheck:
    def test_a_claim_that_holds_is_recorded_with_its_numbers(self, run, results_dir):
        assert run.check("subsidy-slower", "The subsidy grew more slowly than income.", 0.065 < 0.081,
                            subsidy_cagr=0.065, income_cagr=0.081)
        recorded = json.loads((results_dir / "claims" / "00-test.json").read_text())
        assert recorded == [{"id": "subsidy-slower", "sentence": "The subsidy grew more slowly than income.",
                             "holds": True, "numbers": {"subsidy_cagr": 0.065, "income_cagr": 0.081},
                             "margin": None, "knife_edge": None, "finding": None}]  # a plain boolean: no margin

    def test_a_claim_that_does_not_hold_stops_with_one_line_and_is_recorded(self, run, results_dir):
        with pytest.raises(claims.ClaimFailed) as err:
            run.check("both-faster", "Both grew faster than income.", 0.065 > 0.081, subsidy_cagr=0.065,
                         income_cagr=0.081)
        assert str(err.value) == ('claim does not hold: 00-test [both-faster] "Both grew faster than income." '
                                  "(subsidy_cagr=0.065, income_cagr=0.081)")
        assert "\n" not in str(err.value)
        assert claims.load(results_dir / "claims")["00-test"][0]["holds"] is False

    def test_holds_must_be_a_computed_boolean(self, run):
        with pytest.raises(TypeError, match="boolean"):
            run.check("x", "X.", 0.5)

    def test_a_missing_number_makes_a_comparison_false(self, run):
        with pytest.raises(claims.ClaimFailed):
            run.check("gap", "Income rose.", float("nan") > 1.0, income=float("nan"))

    def test_a_rerun_of_the_notebook_starts_its_claims_afresh(self, run, results_dir):
        run.check("a", "A.", True)
        run.check("b", "B.", True)
        assert [c["id"] for c in claims.load(results_dir / "claims")["00-test"]] == ["a", "b"]
        rerun = a_run(results_dir)
        rerun.check("c", "C.", True)
        assert [c["id"] for c in claims.load(results_dir / "claims")["00-test"]] == ["c"]

    def test_claim_shows_the_checked_sentence_with_its_id(self, run):
        md = run.claim("rose", "Enrolment rose.", True, first=1, last=2)
        assert md.data == "Enrolment rose. [claim:rose]"


class TestAnswerMarkers:
    CELL = ("# Title\n\n**Question.** Q?\n\n**Answer.** Premiums rose. [claim:rose]\n"
            "Incomes rose more slowly. [claim:slower]\n\nA paragraph after the Answer needs no marker.")

    def test_every_sentence_marked_and_recorded(self):
        assert claims.answer_problems(self.CELL, {"rose", "slower"}) == []

    def test_an_unmarked_sentence_is_named(self):
        cell = self.CELL.replace(" [claim:slower]", "")
        assert claims.answer_problems(cell, {"rose"}) == ["sentence without a claim: 'Incomes rose more slowly.'"]

    def test_a_marker_for_an_unrecorded_claim_is_named(self):
        assert claims.answer_problems(self.CELL, {"rose"}) == [
            "marker names a claim the notebook does not record: slower"]


def test_a_false_claim_prints_one_line_in_a_real_kernel(tmp_path):
    """IPython shows ClaimFailed as one line, not a traceback (what nbval, papermill and the runner report)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from analysis.notebooks.kernel import KERNEL_NAME, ensure_kernel
    ensure_kernel()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from pathlib import Path\nfrom analysis.notebooks.run import Run\n"
        f"run = Run('t', {{}}, 'en', Path({str(tmp_path)!r}), Path({str(tmp_path)!r}))\n"
        "run.check('rose', 'Enrolment rose.', 1 > 2, first=1, last=2)")])
    with pytest.raises(CellExecutionError):
        NotebookClient(nb, kernel_name=KERNEL_NAME).execute()
    error = nb.cells[0].outputs[-1]
    assert error["traceback"] == ['ClaimFailed: claim does not hold: t [rose] "Enrolment rose." (first=1, last=2)']


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_answer_sentence_is_backed_by_a_claim_the_run_recorded(path, notebook_run):
    recorded = claims.load(notebook_run / "results" / "claims").get(path.stem, [])
    first = nbformat.read(path, as_version=4).cells[0].source
    assert claims.answer_problems(first, {c["id"] for c in recorded}) == []
    assert len(recorded) >= MIN_CLAIMS and all(c["holds"] for c in recorded)


class TestClaimsCommand:
    def test_lists_every_claim_of_the_run_and_exits_0(self, notebook_run, capsys):
        assert main(["claims", "--run", str(notebook_run / "results")]) == 0
        out = capsys.readouterr().out
        assert "05-who-pays  contribution-faster-subsidy-slower  holds: " in out
        assert out.strip().splitlines()[-1].endswith("; 0 do not hold")

    def test_exits_1_and_names_a_claim_that_does_not_hold(self, tmp_path, capsys):
        with pytest.raises(claims.ClaimFailed):
            a_run(tmp_path, "05-who-pays").check("both-faster", "Both grew faster than income.", False,
                                                 subsidy_cagr=0.065)
        assert main(["claims", "--run", str(tmp_path)]) == 1
        assert ("05-who-pays  both-faster  DOES NOT HOLD: Both grew faster than income.  (subsidy_cagr=0.065)"
                in capsys.readouterr().out)


    def test_exits_1_when_an_answer_names_a_claim_the_run_did_not_record(self, notebook_run, tmp_path, capsys):
        shutil.copytree(notebook_run / "results" / "claims", tmp_path / "claims")
        path = tmp_path / "claims" / "02-premiums-vs-income.json"
        kept = [c for c in json.loads(path.read_text(encoding="utf-8")) if c["id"] != "poorest-fifth-four-times"]
        path.write_text(json.dumps(kept), encoding="utf-8")
        assert main(["claims", "--run", str(tmp_path)]) == 1
        assert capsys.readouterr().err.splitlines() == [
            "error: Answer of 02-premiums-vs-income: marker names a claim the notebook does not record: "
            "poorest-fifth-four-times"]

    def test_json_says_whether_the_answer_states_a_claim_and_what_change_falsifies_it(self, notebook_run, capsys):
        assert main(["claims", "--run", str(notebook_run / "results"), "--format", "json"]) == 0
        listed = {(c["notebook"], c["id"]): c for c in json.loads(capsys.readouterr().out)}
        claim = listed[("02-premiums-vs-income", "poorest-fifth-four-times")]
        assert claim["in_answer"] is True and claim["falsified_by"]
        change = claim["falsified_by"][0]  # one input moved: the recorded finding no longer holds with it
        recorded = claims.load(notebook_run / "results" / "claims")["02-premiums-vs-income"]
        finding = next(c for c in recorded if c["id"] == "poorest-fifth-four-times")["finding"]
        assert vocabulary.evaluate(finding, {}).holds and not vocabulary.evaluate(finding, change).holds


def _answer_claims(path, recorded):
    first = nbformat.read(path, as_version=4).cells[0].source
    named = set(claims.markers(claims.answer_text(first)))
    return [c for c in recorded if c["id"] in named]


def test_the_poorest_fifths_burden_ratio_is_the_same_number_in_02_and_09(notebook_run):
    """One home per finding: both notebooks read stats.burden_by_fifth, so their sentences cannot disagree."""
    recorded = claims.load(notebook_run / "results" / "claims")
    in_02 = {c["id"]: c for c in recorded["02-premiums-vs-income"]}["poorest-fifth-four-times"]
    in_09 = {c["id"]: c for c in recorded["09-poorest-fifth"]}["poorest-fifth-four-times"]
    assert in_02["numbers"]["ratio_latest"] == in_09["numbers"]["ratio_to_average"]
    assert "about four times" in in_02["sentence"] and "about four times" in in_09["sentence"]


def _claim(notebook_run, notebook, claim_id):
    return {c["id"]: c for c in claims.load(notebook_run / "results" / "claims")[notebook]}[claim_id]


def test_06_checks_every_ncms_pilot_year_against_three_quarters(notebook_run):
    """Referee 5: the payout claim tested only 2006, though 2005's ratio is above three quarters. Every pilot year
    (before SCALED_UP_FROM) is now a checked part, worded by what its ratio shows."""
    c = _claim(notebook_run, "06-value-for-money", "payout-above-three-quarters-from-2007")
    pilot = [p for p in c["finding"]["parts"][1:] if p["params"].get("shown") == "three quarters"]
    assert len(pilot) == 3  # 2004, 2005 and 2006: the pilot years with a ratio
    assert {p["word"] for p in pilot} == {"below", "above"}  # 2005 is above, 2004 and 2006 below
    assert "82% in 2005, above three quarters" in c["sentence"]


def test_10_tests_the_lowest_groups_against_both_years_minima(notebook_run):
    """Referee 5: a grouped standard collected the autumn before can refer to the previous year's minimum, so
    the lowest groups are compared with it too (Tianjin's lowest equals it, Beijing's is above it)."""
    c = _claim(notebook_run, "10-enrolment-decline", "provinces-above-minimum")
    against_previous = [p for p in c["finding"]["parts"]
                        if (p["word"] == "same_within" and p["inputs"]["a"] > 0)  # not the count of differences
                        or "previous year's minimum" in p["params"].get("shown", "")]
    assert len(against_previous) == 2
    assert "the same as the previous year's minimum" in c["sentence"]


def test_06_checks_the_minimum_with_the_other_printed_2012_and_2013_contributions(notebook_run):
    """Referee 5: cover years 2013 and 2014 use disputed contributions; the claim is checked with the others."""
    c = _claim(notebook_run, "06-value-for-money", "financing-near-standard")
    assert len(c["finding"]["parts"]) == 2 and c["numbers"]["min_ratio_alternative"] > 1


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_knife_edge_answer_claim_says_only_just(path, notebook_run):
    recorded = claims.load(notebook_run / "results" / "claims").get(path.stem, [])
    edgy = [c["id"] for c in _answer_claims(path, recorded) if c.get("knife_edge") and "only just" not in c["sentence"]]
    assert edgy == []


#: Answer claims stated with a plain boolean rather than a vocabulary finding (none: every notebook is
#: converted); listed here, with a reason, so that none is added silently.
PLAIN_BOOLEAN_ANSWER_CLAIMS: set[tuple[str, str]] = set()
#: Answer claims that no change of ONE input can falsify, with the reason; each is still falsifiable by the
#: data, only not by a single number.
NOT_FALSIFIABLE_BY_ONE_INPUT = {
    # "No robust association" holds while any specification's interval includes zero; in 06 two do (levels
    # and leave-one-out), so one interval moving is not enough: both would have to exclude zero.
    ("06-value-for-money", "reimbursements-no-robust-association"),
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_answer_claim_could_be_falsified_by_the_data(path, notebook_run):
    """For each Answer claim, some change of one recorded input by at most vocabulary.PLAUSIBLE makes it
    false (through the vocabulary's own rule). Lists the claims no such change can falsify, and those
    stated with a plain boolean (which cannot be perturbed)."""
    from analysis.notebooks import vocabulary

    recorded = claims.load(notebook_run / "results" / "claims").get(path.stem, [])
    plain = {(path.stem, c["id"]) for c in _answer_claims(path, recorded) if not c.get("finding")}
    assert plain <= PLAIN_BOOLEAN_ANSWER_CLAIMS, f"plain-boolean Answer claims: {sorted(plain)}"
    unfalsifiable = {(path.stem, c["id"]) for c in _answer_claims(path, recorded)
                     if c.get("finding") and not vocabulary.falsifiers(c["finding"])}
    assert unfalsifiable <= NOT_FALSIFIABLE_BY_ONE_INPUT, (
        f"no plausible change of one input falsifies: {sorted(unfalsifiable - NOT_FALSIFIABLE_BY_ONE_INPUT)}")
