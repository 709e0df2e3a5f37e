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
    nbval alone skips them), on a small notebook that prints a number and shows a figure: as stored it passes;
    with a stored result changed, or a stored figure replaced, that cell fails, naming what moved (for a
    figure: how many pixels, with the images to compare)."""
    import base64
    import io

    import matplotlib
    import matplotlib.pyplot as plt
    import nbformat
    from nbclient import NotebookClient

    from analysis.notebooks.kernel import KERNEL_NAME, ensure_kernel

    draw = ("import io\nimport matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
            "from IPython.display import Image\nshare = 0.25\n"
            "def png(ys):\n    fig, ax = plt.subplots(figsize=(1, 1), dpi=50)\n    ax.plot([0, 1], ys)\n"
            "    buf = io.BytesIO()\n    fig.savefig(buf, format='png', metadata={'Software': None})\n"
            "    return buf.getvalue()\n")
    ensure_kernel()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(draw),
                                         nbformat.v4.new_code_cell("print(f'{share:.1%} paid by individuals')"),
                                         nbformat.v4.new_code_cell("Image(png([0, 1]))")])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": KERNEL_NAME, "language": "python"}
    NotebookClient(nb, kernel_name=KERNEL_NAME).execute()
    nbformat.write(nb, tmp_path / "same.ipynb")
    changed = nbformat.from_dict(nb)
    changed.cells[1].outputs[0]["text"] = "99.9% paid by individuals\n"
    nbformat.write(changed, tmp_path / "changed.ipynb")
    matplotlib.use("Agg")
    fig, ax = plt.subplots(figsize=(1, 1), dpi=50)
    ax.plot([0, 1], [1, 0])  # the line the other way: the figure moved
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    moved = nbformat.from_dict(nb)
    moved.cells[2].outputs[0]["data"]["image/png"] = base64.b64encode(buf.getvalue()).decode()
    nbformat.write(moved, tmp_path / "moved.ipynb")
    # Another machine's float noise: a few pixels of the stored figure one level of 255 off. It passes.
    import matplotlib.image as mpimg
    pixels = mpimg.imread(io.BytesIO(base64.b64decode(nb.cells[2].outputs[0]["data"]["image/png"])), format="png")
    pixels[5:9, 10, 0] = pixels[5:9, 10, 0] + (1 / 255 if pixels[5, 10, 0] < 0.5 else -1 / 255)
    noisy_png = io.BytesIO()
    mpimg.imsave(noisy_png, pixels, format="png")
    noisy = nbformat.from_dict(nb)
    noisy.cells[2].outputs[0]["data"]["image/png"] = base64.b64encode(noisy_png.getvalue()).decode()
    nbformat.write(noisy, tmp_path / "noisy.ipynb")
    shutil.copy(ROOT / "notebooks" / "sanitize.cfg", tmp_path)
    diffs = tmp_path / "diffs"
    r = run_pytest(["-p", "nbval_project", "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "sanitize.cfg",
                    "--image-diffs", str(diffs), "same.ipynb", "changed.ipynb", "moved.ipynb", "noisy.ipynb"],
                   tmp_path, tmp_path, PYTHONPATH=str(ROOT / "tests"))
    assert r.returncode == 1 and "2 failed, 10 passed" in r.stdout, r.stdout[-3000:]
    assert "noisy.ipynb" not in r.stdout.split("short test summary info")[-1]
    assert "changed.ipynb::Cell 1" in r.stdout and "- 99.9% paid by individuals" in r.stdout
    assert "+ 25.0% paid by individuals" in r.stdout  # the line that moved, stored (-) against this run (+)
    assert "moved.ipynb::Cell 2" in r.stdout and "figure moved: " in r.stdout and "pixels differ by more than 8/255" in r.stdout
    assert sorted(p.name for p in diffs.iterdir()) == [
        "moved-Cell_2-difference.png", "moved-Cell_2-reference.png", "moved-Cell_2-this-run.png"]
