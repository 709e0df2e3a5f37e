"""The project's Jupyter kernel: installed inside the environment, started on private Unix sockets."""

from __future__ import annotations

import json
from pathlib import Path

#: The project's kernel: installed inside the environment (``sys.prefix``) and pointing at its own Python,
#: so neither JupyterLab nor the runner depends on a globally registered kernel.
KERNEL_NAME = "china-rural-insurance"
KERNEL_DISPLAY_NAME = "Python 3 (china-rural-insurance)"


def ipc_kernel_manager(**kwargs):
    """A jupyter_client kernel manager whose kernel listens on Unix sockets in a private temporary folder
    (removed when the kernel is cleaned up) instead of TCP ports: kernels started in parallel cannot race
    for a free port, and the kernel does not warn about unencrypted TCP."""
    import shutil
    import tempfile

    import jupyter_client

    class IPCKernelManager(jupyter_client.KernelManager):
        def __init__(self, **kw):
            self._ipc_folder = tempfile.mkdtemp(prefix="kernel-ipc-")
            super().__init__(transport="ipc", ip=str(Path(self._ipc_folder) / "kernel"), **kw)

        def cleanup_resources(self, restart: bool = False) -> None:
            super().cleanup_resources(restart=restart)
            if not restart:
                shutil.rmtree(self._ipc_folder, ignore_errors=True)

    return IPCKernelManager(**kwargs) if kwargs else IPCKernelManager


def ensure_kernel() -> Path:
    """Install (or refresh) the project kernelspec in this environment; return its folder."""
    import sys

    folder = Path(sys.prefix) / "share" / "jupyter" / "kernels" / KERNEL_NAME
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": KERNEL_DISPLAY_NAME,
        "language": "python",
        "metadata": {"debugger": True},
    }
    path = folder / "kernel.json"
    text = json.dumps(spec, indent=1) + "\n"
    if not path.is_file() or path.read_text() != text:
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return folder
