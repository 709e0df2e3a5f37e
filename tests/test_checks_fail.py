"""Tests of the tests: each kind of regression check fails on a deliberate change.

(The data checks' failures are in test_build.py, the key results' in test_key_results.py and the
text-pair check's in test_notebooks.py.)
"""

import os
import shutil
import subprocess
import sys

import nbformat

from conftest import ROOT


def run_pytest(args, cwd, tmp_path):
    env = dict(os.environ, ANALYSIS_FIGURES_DIR=str(tmp_path / "figs"), ANALYSIS_RESULTS_DIR=str(tmp_path / "res"))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", *args],
                          cwd=cwd, capture_output=True, text=True, env=env)


def test_nbval_fails_when_a_stored_result_differs(tmp_path):
    nb_path = ROOT / "notebooks" / "05-who-pays.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    changed = False
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/markdown", "")
            if "a year, the subsidy" in text and not changed:
                out["data"]["text/markdown"] = text.replace("grew ", "grew 99.9% (was ", 1)
                changed = True
    assert changed
    nbformat.write(nb, tmp_path / nb_path.name)
    shutil.copy(ROOT / "notebooks" / "sanitize.cfg", tmp_path)
    r = run_pytest(["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "sanitize.cfg", nb_path.name],
                   tmp_path, tmp_path)
    assert r.returncode != 0
    assert "99.9% (was" in r.stdout and "1 failed" in r.stdout


def test_nbval_passes_on_the_unchanged_notebook(tmp_path):
    shutil.copy(ROOT / "notebooks" / "05-who-pays.ipynb", tmp_path)
    shutil.copy(ROOT / "notebooks" / "sanitize.cfg", tmp_path)
    r = run_pytest(["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "sanitize.cfg", "05-who-pays.ipynb"],
                   tmp_path, tmp_path)
    assert r.returncode == 0, r.stdout[-2000:]


def test_figure_regression_fails_with_an_html_report_when_a_plot_changes(tmp_path):
    (tmp_path / "test_changed.py").write_text('''
import pandas as pd
import pytest
from analysis import figures

@pytest.mark.mpl_image_compare(style=figures.STYLE, tolerance=2, savefig_kwargs={"dpi": 100},
                               filename="test_time_series_with_break_gap_and_event.png")
def test_time_series_with_break_gap_and_event():
    d = pd.DataFrame({"year": [2008, 2009, 2010], "v": [0.4, 0.9, 0.5]})   # different data
    fig, ax = figures.figure("single")
    figures.time_series(d, "year", "v", ax=ax)
    return fig
''', encoding="utf-8")
    r = run_pytest(["--mpl", f"--mpl-baseline-path={ROOT / 'tests' / 'baseline'}", f"--mpl-results-path={tmp_path / 'mpl'}",
                    "--mpl-generate-summary=html", "test_changed.py"], tmp_path, tmp_path)
    assert r.returncode != 0 and "Error: Image files did not match" in r.stdout
    assert (tmp_path / "mpl" / "fig_comparison.html").is_file()
