"""JupyterLab with the project kernel, checked in a real headless browser (Debian's Chromium)."""

import json
import time

import pytest

from analysis.notebooks.kernel import KERNEL_DISPLAY_NAME, KERNEL_NAME, ensure_kernel
from analysis.notebooks.lab import CHROMIUM_ARGS, find_chromium, lab_server
from analysis.notebooks.runner import notebook_paths
from analysis.paths import layout
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


#: Seconds between autosaves in the autosave check (JupyterLab's default is 120).
AUTOSAVE_S = 2


def autosave_in_lab(notebook: str, root) -> dict:
    """Open ``notebook`` in JupyterLab in headless Chromium with autosave every :data:`AUTOSAVE_S` seconds, let
    the kernel connect (which is what changes a notebook's metadata in Lab) and autosave write, and return what
    happened: the saves the server logged, the kernels offered in the launcher, and the files of ``notebooks/``
    whose bytes changed (none, when saving writes what the references hold)."""
    from playwright.sync_api import sync_playwright

    lay = layout(root)
    chromium = find_chromium()  # the test is skipped without it
    before = {p.name: p.read_bytes() for p in lay.notebooks.iterdir() if p.is_file()}
    log = lay.lab / "autosave.log"
    settings = {"@jupyterlab/docmanager-extension:plugin": {"autosave": True, "autosaveInterval": AUTOSAVE_S}}
    with lab_server(lay.notebooks, log, settings) as server:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.url}/lab/tree/{notebook}?token={server.token}", timeout=120_000)
            panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
            page.locator(f'{panel} .jp-Notebook-ExecutionIndicator[data-status="idle"]').first.wait_for(
                state="attached", timeout=120_000
            )
            deadline = time.monotonic() + 60
            while "Saving file at" not in log.read_text(encoding="utf-8", errors="replace"):
                if time.monotonic() > deadline:
                    break
                page.wait_for_timeout(500)
            page.wait_for_timeout(1000 * AUTOSAVE_S)
            specs = page.evaluate("fetch('/api/kernelspecs?token=' + %r).then(r => r.json())" % server.token)
            browser.close()
    after = {p.name: p.read_bytes() for p in lay.notebooks.iterdir() if p.is_file()}
    text = log.read_text(encoding="utf-8", errors="replace")
    return {
        "saves": [line.split("Saving file at", 1)[1].strip() for line in text.splitlines() if "Saving file at" in line],
        "kernels": sorted(specs["kernelspecs"]),
        "changed": sorted(n for n in set(before) | set(after) if before.get(n) != after.get(n)),
    }


@pytest.mark.browser
@needs_chromium
def test_opening_a_notebook_in_lab_and_letting_autosave_run_leaves_the_committed_files_as_they_were():
    """The kernel's connection changes a notebook's metadata in Lab (its full language_info) and autosave then
    writes it: the pre-save hook keeps the saved file equal to the reference, byte for byte. Lab offers only the
    project kernel."""
    seen = autosave_in_lab("02-premiums-vs-income.ipynb", ROOT)
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


def test_make_lab_takes_the_hidden_files_from_the_package_and_repeats_none():
    """The files Lab hides are listed once, in analysis.notebooks.lab (HIDE_GLOBS), and reach `make lab` through
    `python -m analysis lab` (lab_options); the Makefile names no hidden pattern itself."""
    import json
    from pathlib import Path
    from analysis.notebooks.lab import HIDE_GLOBS, lab_options
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text(encoding="utf-8")
    lab_recipe = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "-m analysis lab" in lab_recipe and "hide" not in makefile.lower() and "*.py" not in lab_recipe
    assert f"--ContentsManager.hide_globs={json.dumps(HIDE_GLOBS)}" in lab_options() and "*.py" in HIDE_GLOBS
