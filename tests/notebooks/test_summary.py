"""The summary that ends make test: every key result that moved, claim that fails, cell that differs, input
that changed since the references were accepted."""

import json

from analysis.notebooks.summary import changed_inputs, failed_cells, summary_lines
from conftest import ROOT


def test_the_summary_of_an_unchanged_run_says_none(notebook_run):
    lines = summary_lines(notebook_run, None, ROOT)
    # another CPU's float noise, if any, is named after the list and is not a change
    assert all(line.startswith("(") and "float noise" in line for line in lines[6:])
    assert lines[:6] == ["== what moved in this run", "key results that moved: none",
                     "claims that do not hold or whose margin changed: none",
                     "notebook outputs that differ from their stored references: none",
                     "figures that moved (stored, new and difference images): none",
                     "raw files changed since the references were accepted: none"]


def test_the_summary_names_everything_that_moved(tmp_path, notebook_run):
    import shutil
    run = tmp_path / "run"
    shutil.copytree(notebook_run / "results", run / "results")
    results = json.loads((run / "results" / "05-who-pays.json").read_text())
    results["subsidy_cagr"] += 0.01
    results["income_cagr"] -= 0.01
    (run / "results" / "05-who-pays.json").write_text(json.dumps(results))
    claims = json.loads((run / "results" / "claims" / "05-who-pays.json").read_text())
    claims[0]["holds"] = False
    (run / "results" / "claims" / "05-who-pays.json").write_text(json.dumps(claims))
    junit = tmp_path / "nb.xml"
    junit.write_text('<testsuites><testsuite><testcase classname="notebooks.05-who-pays.ipynb" name="Cell 12">'
                     '<failure message="moved">Cell 12: Cell outputs differ\n#x1B[94m output \'text/html\' moved (stored '
                     '→ this run):#x1B[0m\n  row 2024, share: 0.364 → 0.371\n</failure></testcase>'
                     '<testcase classname="notebooks.01-data-coverage.ipynb" name="Cell 1"/></testsuite></testsuites>')
    text = "\n".join(summary_lines(run, junit, ROOT))
    assert "key results that moved: 2" in text and "subsidy_cagr moved" in text and "income_cagr moved" in text
    assert "claims that do not hold or whose margin changed: 1" in text and f"[{claims[0]['id']}] does not hold" in text
    assert ("notebook outputs that differ from their stored references: 1\n  - notebooks/05-who-pays.ipynb::Cell 12"
            "  (output 'text/html' moved (stored → this run): row 2024, share: 0.364 → 0.371)") in text


def test_a_claim_whose_margin_moved_is_listed(tmp_path, notebook_run, monkeypatch):
    import shutil
    from analysis.notebooks import summary
    run = tmp_path / "run"
    shutil.copytree(notebook_run / "results", run / "results")
    path = run / "results" / "claims" / "05-who-pays.json"
    claims = json.loads(path.read_text())
    accepted = {"05-who-pays": {c["id"]: c.get("margin") for c in claims}}
    accepted["05-who-pays"][claims[0]["id"]] = 0.5
    accepted["05-who-pays"]["gone-claim"] = 0.2
    claims[0]["margin"] = 0.25
    path.write_text(json.dumps(claims))
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / summary.ACCEPTED_CLAIMS).write_text(json.dumps(accepted))
    monkeypatch.setattr(summary, "layout", lambda root=None: type("L", (), {"notebooks": folder})())
    moved = summary.changed_claims(run / "results")
    assert moved == [f"05-who-pays [{claims[0]['id']}] margin moved from 0.5 to 0.25",
                     "05-who-pays [gone-claim] is no longer recorded"]


def test_the_summary_points_to_the_images_of_a_figure_that_moved(tmp_path, notebook_run):
    import shutil
    run = tmp_path / "run"
    shutil.copytree(notebook_run / "results", run / "results")
    (run / "image-diffs").mkdir()
    for kind in ("reference", "this-run", "difference"):
        (run / "image-diffs" / f"02-premiums-vs-income-Cell_5-{kind}.png").write_bytes(b"")
    text = "\n".join(summary_lines(run, None, ROOT))
    assert ("figures that moved (stored, new and difference images): 1\n  - 02-premiums-vs-income-Cell_5: "
            f"{run}/image-diffs/02-premiums-vs-income-Cell_5-{{reference,this-run,difference}}.png") in text


def test_a_raw_file_changed_since_the_references_were_accepted(project, tmp_path):
    import shutil
    from conftest import register
    shutil.copytree(ROOT / "notebooks", project / "notebooks", ignore=shutil.ignore_patterns("*.ipynb", "*.py"))
    assert changed_inputs(project) == []
    p = project / "data/raw/yearbook/csy2009_3-4.csv"
    p.write_bytes(p.read_bytes() + b"\r\n")
    register(project, "yearbook/csy2009_3-4.csv")
    assert changed_inputs(project) == ["data/raw/yearbook/csy2009_3-4.csv changed"]


def test_failed_cells_come_from_the_notebook_stage_report(tmp_path):
    assert failed_cells(tmp_path / "none.xml") == [f"no report of the notebook stage ({tmp_path / 'none.xml'}): it did "
                                                   "not run"]


def test_diff_and_summary_commands_print_what_moved_and_check_fails_on_it(tmp_path, notebook_run, capsys):
    import shutil

    from analysis.cli import main
    run = tmp_path / "run"
    shutil.copytree(notebook_run / "results", run / "results")
    assert main(["summary", "--run", str(run), "--check"]) == 0  # an unchanged run: nothing moved
    results = json.loads((run / "results" / "04-regions.json").read_text())
    name = sorted(results)[0]
    results[name] = (results[name] or 0) * 1.5 + 1 if isinstance(results[name], (int, float)) else "changed"
    (run / "results" / "04-regions.json").write_text(json.dumps(results))
    capsys.readouterr()
    assert main(["diff", "--run", str(run / "results")]) == 0
    out = capsys.readouterr().out
    assert "key results that moved: 1" in out and f"04-regions: {name} " in out
    assert main(["summary", "--run", str(run), "--check"]) == 1


def test_make_all_prints_what_moved_only_when_a_run_differs(tmp_path, notebook_run, capsys, monkeypatch):
    import shutil

    import analysis.notebooks.runner as runner
    from analysis.cli import main
    from analysis.paths import PATHS
    results = tmp_path / "results"
    shutil.copytree(notebook_run / "results", results)
    monkeypatch.setitem(PATHS, "results", (str(results), PATHS["results"][1]))  # an absolute path: the copy
    # this checkout's executed copies and the difference images an earlier make accept left in build/ aside
    monkeypatch.setitem(PATHS, "build", (str(tmp_path / "build"), PATHS["build"][1]))
    from analysis.notebooks import summary
    monkeypatch.setattr(summary, "moved_outputs", lambda *a, **k: [])
    monkeypatch.setattr(runner, "run_all", lambda root, accept, progress: progress("executing notebooks/05-who-pays"
                                                                                  ".ipynb -> build/notebooks/x"))
    assert main(["notebooks"]) == 0
    assert "what moved" not in capsys.readouterr().err  # the run equals the references: nothing to say
    moved = json.loads((results / "05-who-pays.json").read_text())
    moved["subsidy_cagr"] += 0.01
    (results / "05-who-pays.json").write_text(json.dumps(moved))
    assert main(["notebooks"]) == 0
    err = capsys.readouterr().err
    assert "== what moved in this run" in err and "subsidy_cagr moved" in err and "make accept" in err


def test_a_run_of_one_notebook_is_compared_for_that_notebook_only(tmp_path, notebook_run):
    """`analysis diff --run build/runs/<run>/results` of an `analysis run` of one notebook: the other notebooks
    are not said to have stopped early; a full run (make test's) still is."""
    import shutil
    run = tmp_path / "run" / "results"
    run.mkdir(parents=True)
    shutil.copy(notebook_run / "results" / "05-who-pays.json", run)
    one = summary_lines(run, None, ROOT, partial=True)
    assert one[:3] == ["== what moved in this run",
                       "(compared: 05-who-pays, the notebooks whose results this run holds; the other 9 are not part of it)",
                       "key results that moved: none"]
    assert any("01-data-coverage: no results recorded" in line for line in summary_lines(run, None, ROOT))


def test_a_moved_value_is_shown_with_the_digits_that_tell_it_apart():
    from analysis.notebooks.results import compare
    expected = {"05": {"a": {"value": 0.01362439894839535}, "b": {"value": 0.123456789012}}}
    moved = compare(expected, {"05": {"a": 0.0218112, "b": 0.123456799012}})
    assert moved[0].startswith("05: a moved from 0.0136244 to 0.0218112 (")
    assert moved[1].startswith("05: b moved from 0.12345679 to 0.1234568 (")
