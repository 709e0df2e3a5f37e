"""JupyterLab with the project kernel, checked in a real headless browser (Debian's Chromium)."""

import json

import pytest

from analysis.notebooks.lab import find_chromium
from analysis.notebooks.runner import KERNEL_DISPLAY_NAME, KERNEL_NAME, ensure_kernel, notebook_paths
from conftest import ROOT

needs_chromium = pytest.mark.skipif(find_chromium() is None,
                                    reason="Debian's chromium is not installed (apt-get install chromium); "
                                           ".ci/run installs it")


def test_every_notebook_selects_the_project_kernel():
    for path in notebook_paths(ROOT):
        spec = json.loads(path.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert spec["name"] == KERNEL_NAME, path.name


def test_project_kernel_lives_in_this_environment_and_runs_its_python():
    import sys
    spec = json.loads((ensure_kernel() / "kernel.json").read_text())
    assert spec["argv"][0] == sys.executable and spec["display_name"] == KERNEL_DISPLAY_NAME
    assert str(ensure_kernel()).startswith(sys.prefix)


@pytest.mark.browser
@needs_chromium
def test_a_notebook_renders_in_jupyterlab_in_a_headless_browser(tmp_path):
    from analysis.notebooks.lab import check_renders
    seen = check_renders("04-regions.ipynb", ROOT, screenshot=tmp_path / "lab.png", expect_text="4. Regions")
    assert seen["cells"] >= 3 and seen["images"] >= 1  # JupyterLab renders only the cells in view
    assert seen["kernel"] == KERNEL_DISPLAY_NAME
    assert (tmp_path / "lab.png").stat().st_size > 10_000
