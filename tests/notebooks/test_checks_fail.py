"""Tests of the tests: each kind of regression check fails on a deliberate change.

(The data checks' failures are in test_build.py, the key results' in test_key_results.py and the
text-pair check's in test_notebooks.py.)
"""

import os
import shutil
import subprocess
import sys

from conftest import ROOT


def run_pytest(args, cwd, tmp_path):
    env = dict(os.environ, ANALYSIS_FIGURES_DIR=str(tmp_path / "figs"), ANALYSIS_RESULTS_DIR=str(tmp_path / "res"))
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", *args],
                          cwd=cwd, capture_output=True, text=True, env=env)


def test_nbval_passes_an_unchanged_notebook_and_fails_a_changed_stored_result(tmp_path):
    """A two-cell notebook run for real under nbval, once as stored and once with a stored output changed."""
    import nbformat
    from nbclient import NotebookClient

    from analysis.notebooks.runner import KERNEL_NAME, ensure_kernel

    ensure_kernel()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("share = 0.25"),
                                         nbformat.v4.new_code_cell("print(f'{share:.1%} paid by individuals')")])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    NotebookClient(nb, kernel_name=KERNEL_NAME).execute()
    nbformat.write(nb, tmp_path / "same.ipynb")
    nb.cells[1].outputs[0]["text"] = "99.9% paid by individuals\n"
    nbformat.write(nb, tmp_path / "changed.ipynb")
    shutil.copy(ROOT / "notebooks" / "sanitize.cfg", tmp_path)
    r = run_pytest(["--nbval", "--nbval-current-env", "--nbval-sanitize-with", "sanitize.cfg", "same.ipynb",
                    "changed.ipynb"], tmp_path, tmp_path)
    assert r.returncode == 1
    assert "99.9% paid by individuals" in r.stdout and "1 failed, 3 passed" in r.stdout
    assert "changed.ipynb::Cell 1" in r.stdout


def test_figure_regression_fails_with_the_images_when_a_plot_changes(tmp_path):
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
    assert any((tmp_path / "mpl").rglob("result-failed-diff.png"))


def test_a_figure_that_moved_fails_its_cell_with_the_images_to_compare(tmp_path):
    """The notebook stage compares figures too (nbval alone skips them): a two-cell notebook showing a figure,
    run for real with the project's plugin, once as stored and once with the stored figure replaced."""
    import base64
    import io

    import matplotlib
    import matplotlib.pyplot as plt
    import nbformat
    from nbclient import NotebookClient

    from analysis.notebooks.runner import KERNEL_NAME, ensure_kernel

    draw = ("import io\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "from IPython.display import Image\n"
            "def png(ys):\n    fig, ax = plt.subplots(figsize=(1, 1), dpi=50)\n    ax.plot([0, 1], ys)\n"
            "    buf = io.BytesIO()\n    fig.savefig(buf, format='png', metadata={'Software': None})\n"
            "    return buf.getvalue()\n")
    ensure_kernel()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(draw), nbformat.v4.new_code_cell("Image(png([0, 1]))")])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    NotebookClient(nb, kernel_name=KERNEL_NAME).execute()
    nbformat.write(nb, tmp_path / "same.ipynb")
    matplotlib.use("Agg")
    fig, ax = plt.subplots(figsize=(1, 1), dpi=50)
    ax.plot([0, 1], [1, 0])  # the line the other way: the figure moved
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    nb.cells[1].outputs[0]["data"]["image/png"] = base64.b64encode(buf.getvalue()).decode()
    nbformat.write(nb, tmp_path / "moved.ipynb")
    shutil.copy(ROOT / "notebooks" / "sanitize.cfg", tmp_path)
    diffs = tmp_path / "diffs"
    env_before = os.environ.get("PYTHONPATH"), os.environ.get("ANALYSIS_IMAGE_DIFFS")
    os.environ["PYTHONPATH"], os.environ["ANALYSIS_IMAGE_DIFFS"] = str(ROOT / "tests"), str(diffs)
    try:
        r = run_pytest(["-p", "nbval_project", "--nbval", "--nbval-current-env", "--nbval-sanitize-with",
                        "sanitize.cfg", "same.ipynb", "moved.ipynb"], tmp_path, tmp_path)
    finally:
        for k, v in zip(("PYTHONPATH", "ANALYSIS_IMAGE_DIFFS"), env_before):
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    assert r.returncode == 1 and "1 failed, 3 passed" in r.stdout, r.stdout[-3000:]
    assert "moved.ipynb::Cell 1" in r.stdout and "figure moved: " in r.stdout and "pixels differ" in r.stdout
    assert sorted(p.name for p in diffs.iterdir()) == [
        "moved-Cell_1-difference.png", "moved-Cell_1-reference.png", "moved-Cell_1-this-run.png"]
