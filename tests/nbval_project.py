"""pytest plugin for the notebook stage of ``make test`` (``-p nbval_project``).

* nbval's kernels talk to pytest over IPC (Unix sockets, see
  :func:`analysis.notebooks.runner.ipc_kernel_manager`) instead of TCP, as the runner's do: kernels started in
  parallel cannot race for a free port (a kernel that loses such a race dies at start-up), and no kernel warns
  about unencrypted TCP.
* Figures shown in a notebook (PNG outputs) are compared with the stored ones as well.
* A cell whose output moved is reported as the stored ``reference`` against ``this run``, in full, without
  colour codes unless pytest colours its own output.
"""

import nbval.kernel
import nbval.plugin

from analysis.notebooks.runner import ipc_kernel_manager

nbval.kernel.KernelManager = ipc_kernel_manager()


def _format_output_compare(self, key, left, right):
    trim = nbval.plugin._trim_base64
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
