"""pytest plugin for the notebook stage of ``make test`` (``-p nbval_ipc``): nbval's kernels talk to pytest over
IPC (Unix sockets, see :func:`analysis.notebooks.runner.ipc_kernel_manager`) instead of TCP, as the runner's
do. Kernels started in parallel then cannot race for the same free port (a kernel that loses such a race dies
at start-up), and no kernel warns about unencrypted TCP."""

import nbval.kernel

from analysis.notebooks.runner import ipc_kernel_manager

nbval.kernel.KernelManager = ipc_kernel_manager()
