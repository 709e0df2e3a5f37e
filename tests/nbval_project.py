"""pytest plugin for the notebook stage of ``make test`` (``-p nbval_project``).

* nbval's kernels talk to pytest over IPC (Unix sockets, see
  :func:`analysis.notebooks.runner.ipc_kernel_manager`) instead of TCP, as the runner's do: kernels started in
  parallel cannot race for a free port (a kernel that loses such a race dies at start-up), and no kernel warns
  about unencrypted TCP.
* Figures shown in a notebook (PNG outputs) are compared with the stored ones as well.
* A cell whose output moved is reported as the stored ``reference`` against ``this run``, in full, without
  colour codes unless pytest colours its own output. A figure that moved is reported by how many pixels
  differ, and the stored figure, this run's and their difference are written as PNGs to
  ``$ANALYSIS_IMAGE_DIFFS`` (``make test``: ``build/test-run/image-diffs/``) to look at.
"""

import base64
import io
import os
import re
from pathlib import Path

import nbval.kernel
import nbval.plugin

from analysis.notebooks.runner import ipc_kernel_manager

nbval.kernel.KernelManager = ipc_kernel_manager()


#: Where the images of a figure that moved are written (set by ``make test``; default below the working folder).
IMAGE_DIFFS_ENV = "ANALYSIS_IMAGE_DIFFS"


def image_difference(cell: str, stored: str, now: str) -> str:
    """Write the stored and the new figure (base64 PNG) and an image of their difference, named after ``cell``;
    return one line saying how much moved and where the images are."""
    import matplotlib.image as mpimg
    import numpy as np

    folder = Path(os.environ.get(IMAGE_DIFFS_ENV, "build/image-diffs"))
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", cell)
    images = []
    for label, data in (("reference", stored), ("this-run", now)):
        raw = base64.b64decode(data)
        (folder / f"{stem}-{label}.png").write_bytes(raw)
        images.append(mpimg.imread(io.BytesIO(raw), format="png")[..., :3])
    a, b = images
    if a.shape != b.shape:
        return (f"figure size changed from {a.shape[1]}×{a.shape[0]} to {b.shape[1]}×{b.shape[0]} pixels; "
                f"images in {folder}/{stem}-*.png")
    moved = np.abs(a - b).max(axis=2) > 1 / 255
    shown = np.repeat(0.85 + 0.15 * a.mean(axis=2, keepdims=True), 3, axis=2)  # the stored figure, faded
    shown[moved] = (0.85, 0.1, 0.1)  # pixels that moved, in red
    mpimg.imsave(folder / f"{stem}-difference.png", shown)
    return (f"{int(moved.sum())} of {moved.size} pixels differ ({moved.mean():.2%}); images in "
            f"{folder}/{stem}-{{reference,this-run,difference}}.png")


def _format_output_compare(self, key, left, right):
    trim = nbval.plugin._trim_base64
    if key == "image/png" and isinstance(left, str) and isinstance(right, str):
        cell = f"{Path(str(self.parent.fspath)).stem}-{self.name}"
        cc = self.colors
        self.comparison_traceback += [f"{cc.OKBLUE} figure moved: {image_difference(cell, left, right)}{cc.ENDC}", ""]
        return
    left, right = (trim(v) if isinstance(v, str) else v for v in (left, right))
    cc = self.colors
    self.comparison_traceback += [
        f"{cc.OKBLUE} output {key!r} moved{cc.ENDC}",
        "  reference (stored in the notebook):", nbval.plugin._indent(str(left)),
        "  this run:", nbval.plugin._indent(str(right)), ""]


nbval.plugin.IPyNbCell.format_output_compare = _format_output_compare


_nbval_file_init = nbval.plugin.IPyNbFile.__init__


def _init_comparing_figures(self, *args, **kwargs):
    """nbval skips image outputs unless nbdime is used; here every figure a notebook shows is compared byte for
    byte with the stored one too, so a figure that changes, or that is not reproducible, fails the cell."""
    _nbval_file_init(self, *args, **kwargs)
    self.skip_compare = tuple(k for k in self.skip_compare if k != "image/png")


nbval.plugin.IPyNbFile.__init__ = _init_comparing_figures
