"""Execute one notebook top to bottom in a fresh kernel, with papermill's parameters cell; keep the text pair.

Parameters are injected by papermill's own ``parameterize_notebook``, so ``papermill`` and
``python -m analysis run`` give the same notebook.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Mapping

from ..errors import NotebookFailed
from .kernel import KERNEL_DISPLAY_NAME, KERNEL_NAME, ensure_kernel, ipc_kernel_manager

#: Seconds one cell may take.
CELL_TIMEOUT = 600


def inject_parameters(nb, parameters: Mapping[str, object]):
    """A copy of ``nb`` with papermill's ``injected-parameters`` cell after the ``parameters`` cell."""
    from papermill.parameterize import parameterize_notebook

    if not any("parameters" in c.get("metadata", {}).get("tags", []) for c in nb.cells):
        raise ValueError("notebook has no cell tagged 'parameters'")
    nb = copy.deepcopy(nb)
    untagged = [c for c in nb.cells if "tags" not in c.metadata]
    for cell in untagged:  # papermill expects every cell to carry a tags list (its loader adds them)
        cell.metadata["tags"] = []
    nb.metadata.setdefault("papermill", {})  # where papermill records the parameters it injected
    out = parameterize_notebook(nb, dict(parameters), kernel_name=KERNEL_NAME, language="python")
    for cell in untagged:
        del cell.metadata["tags"]
    for cell in out.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    return out


def clean(nb):
    """Drop volatile metadata (timings, kernel versions) so reruns diff only where results moved."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
        cell.get("metadata", {}).pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata.pop("papermill", None)
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": lang.get("name", "python")}
    nb.metadata["kernelspec"] = {"display_name": KERNEL_DISPLAY_NAME, "language": "python", "name": KERNEL_NAME}
    return nb


def execute(src: Path, dest: Path, parameters: Mapping[str, object] | None = None) -> Path:
    """Execute ``src`` top to bottom in a fresh kernel (working folder: the notebook's own) and write ``dest``."""
    # Imported here, not at module level: a no-op run of the main job should not pay for them.
    import nbformat
    from nbclient import NotebookClient

    ensure_kernel()
    nb = nbformat.read(src, as_version=4)
    if parameters:
        nb = inject_parameters(nb, parameters)
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(
        nb,
        kernel_name=KERNEL_NAME,
        timeout=CELL_TIMEOUT,
        kernel_manager_class=ipc_kernel_manager(),
        resources={"metadata": {"path": str(src.parent)}},
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        # Keep the executed part (with the error output) for inspection, and say in one line what stopped.
        dest.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(clean(nb), dest)
        cell = next(
            (
                i
                for i, c in enumerate(nb.cells, start=1)
                if any(o.get("output_type") == "error" for o in c.get("outputs", []))
            ),
            "?",
        )
        raise NotebookFailed([f"{src.name}, cell {cell}: {exc.ename}: {exc.evalue} (executed copy: {dest})"]) from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(clean(nb), dest)
    return dest


def pair_differences(ipynb: Path) -> list[str]:
    """Cells where a notebook and its paired py:percent text version differ (empty = in sync)."""
    import jupytext
    import nbformat

    py = ipynb.with_suffix(".py")
    if not py.is_file():
        return [f"{py.name} is missing (jupytext --sync {ipynb.name})"]
    a = [(c.cell_type, c.source.strip()) for c in nbformat.read(ipynb, as_version=4).cells]
    b = [(c.cell_type, c.source.strip()) for c in jupytext.read(py).cells]
    out = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            lx, ly = x[1].splitlines(), y[1].splitlines()
            j = next((k for k, (p, q) in enumerate(zip(lx, ly)) if p != q), min(len(lx), len(ly)))
            first = (lx[j] if j < len(lx) else "<end>", ly[j] if j < len(ly) else "<end>")
            out.append(f"cell {i + 1}, line {j + 1}: {ipynb.name} has {first[0]!r}, {py.name} {first[1]!r}")
    if len(a) != len(b):
        out.append(f"{ipynb.name} has {len(a)} cells, {py.name} has {len(b)}")
    return out


def edited_text_version(ipynb: Path) -> list[str]:
    """Where the paired ``.py`` differs from the notebook when it was saved after it (edited in a text editor and
    not yet synced): the notebook's cells are what runs, so the edit would be left out. Empty when the ``.py`` is
    older (cheap: only then are both read) or the same."""
    py = ipynb.with_suffix(".py")
    if not py.is_file() or py.stat().st_mtime <= ipynb.stat().st_mtime:
        return []
    return pair_differences(ipynb)


def sync_pair(ipynb: Path) -> None:
    """Rewrite the paired py:percent file from the notebook (jupytext)."""
    import jupytext

    nb = jupytext.read(ipynb)
    jupytext.write(nb, ipynb.with_suffix(".py"), fmt="py:percent")
