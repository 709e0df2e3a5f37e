"""JupyterLab with the project kernel, checked in a real headless browser (Debian's Chromium)."""

import json

import pytest

from analysis.notebooks.lab import find_chromium
from analysis.notebooks.kernel import KERNEL_DISPLAY_NAME, KERNEL_NAME, ensure_kernel
from analysis.notebooks.runner import notebook_paths
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
    assert "04-regions.ipynb" in seen["listed"] and not any(name.endswith(".py") for name in seen["listed"])


@pytest.mark.browser
@needs_chromium
def test_opening_a_notebook_in_lab_and_letting_autosave_run_leaves_the_committed_files_as_they_were():
    """The kernel's connection changes a notebook's metadata in Lab (its full language_info) and autosave then
    writes it: the pre-save hook keeps the saved file equal to the reference, byte for byte. Lab offers only the
    project kernel."""
    from analysis.notebooks.lab import check_autosave_leaves_files
    seen = check_autosave_leaves_files("02-premiums-vs-income.ipynb", ROOT)
    assert seen["saves"], "autosave did not run: the check proves nothing"
    assert seen["changed"] == []
    assert seen["kernels"] == [KERNEL_NAME]


def test_the_pre_save_hook_keeps_the_metadata_of_the_references():
    from analysis.notebooks.lab import pre_save
    stored = json.loads((ROOT / "notebooks" / "04-regions.ipynb").read_text(encoding="utf-8"))
    model = {"type": "notebook", "content": json.loads(json.dumps(stored))}
    model["content"]["metadata"]["language_info"] = {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"}
    pre_save(model=model, path="04-regions.ipynb", contents_manager=None)
    assert model["content"]["metadata"] == stored["metadata"]
    assert model["content"]["cells"] == stored["cells"]


def test_a_server_error_fails_the_check(tmp_path):
    from analysis.notebooks.lab import server_errors
    log = tmp_path / "server.log"
    log.write_text("[I 10:00:01 ServerApp] 200 GET /api/contents (127.0.0.1) 3ms\n"
                   "[E 10:00:02 ServerApp] 500 GET /api/kernels/x/channels (127.0.0.1) 12ms\n")
    assert server_errors(log) == ["[E 10:00:02 ServerApp] 500 GET /api/kernels/x/channels (127.0.0.1) 12ms"]


def test_a_missing_notebook_fails_at_once(tmp_path):
    from analysis.notebooks.lab import check_renders
    with pytest.raises(ValueError, match="no such notebook"):
        check_renders("99-none.ipynb", ROOT)
