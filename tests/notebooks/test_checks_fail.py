"""Tests of the tests: each kind of regression check fails on a deliberate change.

(The data checks' failures are in test_build.py, the key results' in test_key_results.py and the
text-pair check's in test_notebooks.py.)
"""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def run_pytest(args, cwd, tmp_path, **environment):
    env = dict(os.environ, **environment)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", *args],
                          cwd=cwd, capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_figure_regression_fails_with_the_images_when_a_plot_changes(tmp_path):
    (tmp_path / "test_changed.py").write_text('''
import pandas as pd
import pytest
from analysis.figures import style as figures_style
from analysis import figures

@pytest.mark.mpl_image_compare(style=figures_style.STYLE, tolerance=2, savefig_kwargs={"dpi": 100},
                               filename="test_time_series_with_break_gap_and_event.png")
def test_time_series_with_break_gap_and_event():
    d = pd.DataFrame({"year": [2008, 2009, 2010], "v": [0.4, 0.9, 0.5]})   # different data
    fig, ax = figures_style.figure("single")
    figures.time_series(d, "year", "v", ax=ax)
    return fig
''', encoding="utf-8")
    r = run_pytest(["--mpl", f"--mpl-baseline-path={ROOT / 'tests' / 'baseline'}", f"--mpl-results-path={tmp_path / 'mpl'}",
                    "--mpl-generate-summary=html", "test_changed.py"], tmp_path, tmp_path)
    assert r.returncode != 0 and "Error: Image files did not match" in r.stdout
    assert (tmp_path / "mpl" / "fig_comparison.html").is_file()
    assert any((tmp_path / "mpl").rglob("result-failed-diff.png"))


@pytest.mark.slow
def test_the_notebook_stage_passes_an_unchanged_notebook_and_fails_a_changed_result_or_figure(tmp_path):
    """The notebook stage as make test runs it (nbval with the project's plugin, which compares figures too:
    nbval alone skips them), on a small notebook that prints a number and shows a figure, each twice or three
    times: a cell as stored passes; a cell whose stored result was changed, or whose stored figure was replaced,
    fails, naming what moved (for a figure: how many pixels, with the images to compare); a stored figure with
    another machine's float noise passes. One notebook, so one kernel runs it."""
    import base64
    import io

    import matplotlib
    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt
    import nbformat
    from nbclient import NotebookClient

    from analysis.notebooks.kernel import KERNEL_NAME, ensure_kernel

    draw = ("import io\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "from IPython.display import Image\nshare = 0.25\n"
            "def png(ys):\n    fig, ax = plt.subplots(figsize=(1, 1), dpi=50)\n    ax.plot([0, 1], ys)\n"
            "    buf = io.BytesIO()\n    fig.savefig(buf, format='png', metadata={'Software': None})\n"
            "    return buf.getvalue()\n")
    same, changed = 1, 2  # cells that print the share
    shown, moved, noisy = 3, 4, 5  # cells that show the figure
    ensure_kernel()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in [
        draw, *["print(f'{share:.1%} paid by individuals')"] * 2, *["Image(png([0, 1]))"] * 3]])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    NotebookClient(nb, kernel_name=KERNEL_NAME).execute()
    assert nb.cells[same].outputs[0]["text"] == "25.0% paid by individuals\n"
    nb.cells[changed].outputs[0]["text"] = "99.9% paid by individuals\n"
    stored_png = nb.cells[shown].outputs[0]["data"]["image/png"]
    matplotlib.use("Agg")
    fig, ax = plt.subplots(figsize=(1, 1), dpi=50)
    ax.plot([0, 1], [1, 0])  # the line the other way: the figure moved
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    nb.cells[moved].outputs[0]["data"]["image/png"] = base64.b64encode(buf.getvalue()).decode()
    # Another machine's float noise: a few pixels of the stored figure one level of 255 off. It passes.
    pixels = mpimg.imread(io.BytesIO(base64.b64decode(stored_png)), format="png")
    pixels[5:9, 10, 0] = pixels[5:9, 10, 0] + (1 / 255 if pixels[5, 10, 0] < 0.5 else -1 / 255)
    noisy_png = io.BytesIO()
    mpimg.imsave(noisy_png, pixels, format="png")
    nb.cells[noisy].outputs[0]["data"]["image/png"] = base64.b64encode(noisy_png.getvalue()).decode()
    assert nb.cells[noisy].outputs[0]["data"]["image/png"] != stored_png
    nbformat.write(nb, tmp_path / "cases.ipynb")
    shutil.copy(ROOT / "notebooks" / "sanitize.cfg", tmp_path)
    diffs = tmp_path / "diffs"
    r = run_pytest(["-p", "nbval_project", "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "sanitize.cfg",
                    "--image-diffs", str(diffs), "cases.ipynb"], tmp_path, tmp_path, PYTHONPATH=str(ROOT / "tests"))
    assert r.returncode == 1 and "2 failed, 4 passed" in r.stdout, r.stdout[-3000:]
    failed = r.stdout.split("short test summary info")[-1]
    assert [f"cases.ipynb::Cell {c}" in failed for c in range(6)] == [False, False, True, False, True, False]
    assert "- 99.9% paid by individuals" in r.stdout
    assert "+ 25.0% paid by individuals" in r.stdout  # the line that moved, stored (-) against this run (+)
    assert "figure moved: " in r.stdout and "pixels differ by more than 8/255" in r.stdout
    assert sorted(p.name for p in diffs.iterdir()) == [
        "cases-Cell_4-difference.png", "cases-Cell_4-reference.png", "cases-Cell_4-this-run.png"]


def test_the_notebook_stage_hands_out_the_longest_notebooks_first(tmp_path):
    """The notebook stage's plugin orders the notebooks by stored size, largest first, each notebook's cells in
    their order (pytest-xdist then hands them out in that order: make test passes --no-loadscope-reorder)."""
    from types import SimpleNamespace

    import nbval_project
    sizes = {"small.ipynb": 10, "large.ipynb": 300, "middle.ipynb": 100}
    for name, size in sizes.items():
        (tmp_path / name).write_bytes(b" " * size)
    items = [SimpleNamespace(path=tmp_path / name, name=f"{name}::Cell {i}") for name in sizes for i in range(2)]
    config = SimpleNamespace(getoption=lambda name: None)
    nbval_project.pytest_collection_modifyitems(config, items)
    assert [item.name for item in items] == ["large.ipynb::Cell 0", "large.ipynb::Cell 1", "middle.ipynb::Cell 0",
                                             "middle.ipynb::Cell 1", "small.ipynb::Cell 0", "small.ipynb::Cell 1"]
