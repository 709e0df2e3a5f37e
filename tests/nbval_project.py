"""pytest plugin for the notebook stage of ``make test`` (``-p nbval_project``).

* nbval's kernels talk to pytest over IPC (Unix sockets, see
  :func:`analysis.notebooks.runner.ipc_kernel_manager`) instead of TCP, as the runner's do: kernels started in
  parallel cannot race for a free port (a kernel that loses such a race dies at start-up), and no kernel warns
  about unencrypted TCP.
* Figures shown in a notebook (PNG outputs, which nbval alone skips) are compared with the stored ones as a
  reader would see them (:mod:`analysis.figures.compare`): another CPU's float noise passes, a moved label, a
  changed bar or a changed character fails the cell. A figure that moved is reported by the same measure, and
  the stored figure, this run's and their difference are written as PNGs to the folder given by
  ``--image-diffs DIR`` (``make test``: ``build/test-run/image-diffs/``).
* Any other output that moved is reported as what a reader would see change: the cells of a table that differ,
  the lines of a text that differ (:func:`analysis.notebooks.outputs.output_difference`).
* With ``--run-dir DIR`` each notebook is run as ``papermill -p OUTPUT_DIR DIR -p DRAFT_FIGURES True`` would run
  it: the two values are set at the end of its ``parameters`` cell (which shows no output, so nothing nbval
  compares changes), and the notebook's run writes its figures (PNG only) into ``DIR/figures`` and its key
  results and claims into ``DIR/results`` (:mod:`analysis.notebooks.run`).
"""

import base64
from pathlib import Path

import nbval.kernel
import nbval.plugin
import pytest

from analysis.figures.compare import compare_png, write_difference
from analysis.notebooks.outputs import output_difference
from analysis.notebooks.run import DRAFT_PARAMETER, OUTPUT_PARAMETER
from analysis.notebooks.kernel import ipc_kernel_manager
from analysis.notebooks.runner import longest_first

nbval.kernel.KernelManager = ipc_kernel_manager()

#: Where the images of a figure that moved are written without ``--image-diffs`` (below the working folder).
IMAGE_DIFFS = "build/image-diffs"


def _figures(outputs) -> list[str]:
    return [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]


_compare_outputs = nbval.plugin.IPyNbCell.compare_outputs


def _compare_outputs_and_figures(self, test, ref, skip_compare=None):
    """nbval's comparison of the text outputs, then the figures within the tolerance."""
    if not _compare_outputs(self, test, ref, skip_compare):
        return False
    stored, now = _figures(ref), _figures(test)
    cc = self.colors
    if len(stored) != len(now):
        self.comparison_traceback.append(f"{cc.OKBLUE} the cell shows {len(now)} figures; "
                                         f"{len(stored)} are stored{cc.ENDC}")
        return False
    for k, (a, b) in enumerate(zip(stored, now), start=1):
        if a == b:
            continue
        a, b = base64.b64decode(a), base64.b64decode(b)
        difference = compare_png(a, b)
        if not difference.passed:
            name = f"{Path(str(self.parent.fspath)).stem}-{self.name}" + (f"-{k}" if len(now) > 1 else "")
            folder = Path(self.config.getoption("--image-diffs") or IMAGE_DIFFS)
            stem = write_difference(folder, name, a, b).name.removesuffix("-difference.png")
            self.comparison_traceback += [f"{cc.OKBLUE} figure moved: {difference.describe()}; images in "
                                          f"{folder}/{stem}-{{reference,this-run,difference}}.png{cc.ENDC}", ""]
            return False
    return True


def _format_output_compare(self, key, left, right):
    cc = self.colors
    self.comparison_traceback += [f"{cc.OKBLUE} output {key!r} moved (stored → this run):{cc.ENDC}",
                                  *(f"  {line}" for line in output_difference(key, left, right)), ""]


nbval.plugin.IPyNbCell.compare_outputs = _compare_outputs_and_figures
nbval.plugin.IPyNbCell.format_output_compare = _format_output_compare


def pytest_addoption(parser):
    parser.addoption("--run-dir", default=None,
                     help="the notebooks' OUTPUT_DIR (figures as PNG only): where their figures and results go")
    parser.addoption("--image-diffs", default=None,
                     help=f"where the images of a figure that moved are written (default {IMAGE_DIFFS})")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Longest notebooks first; give each notebook the run folder as its parameters (see the module's docstring).

    pytest-xdist hands whole notebooks to its two workers in the collection's order (make test passes
    ``--no-loadscope-reorder``; by default it orders them by number of cells), so a long notebook handed out
    last keeps one worker busy while the other waits: the order is that of ``make all``
    (:func:`analysis.notebooks.runner.longest_first`)."""
    notebooks = longest_first(sorted({item.path for item in items if _notebook(item.path)}))
    order = {path: i for i, path in enumerate(notebooks)}
    items[:] = sorted(items, key=lambda item: order.get(item.path, -1))  # stable: cells keep their order
    folder = config.getoption("--run-dir")
    if folder is None:
        return
    given = f"\n{OUTPUT_PARAMETER} = {str(Path(folder).resolve())!r}\n{DRAFT_PARAMETER} = True\n"
    for item in items:
        cell = getattr(item, "cell", None)
        if cell is not None and "parameters" in cell.get("metadata", {}).get("tags", []):
            cell.source += given


def _notebook(path) -> bool:
    return Path(path).suffix == ".ipynb"
