"""Execute the notebooks with the project's own kernel, into a build folder or as new references.

``notebooks/*.ipynb`` are the committed references (nbval compares a fresh run
with them). ``python -m analysis notebooks`` executes each one into
``build/notebooks/`` and never touches the references; ``--accept`` re-executes
and writes the outputs back into ``notebooks/`` (and its paired ``.py``) after
an intended change, so ``git diff`` shows what moved.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Callable, Mapping

import nbformat
from nbclient import NotebookClient

from .paths import layout

#: Kernel of the environment running this code (ipykernel's native kernel), never a globally registered one.
KERNEL_NAME = "python3"
#: Seconds one cell may take.
CELL_TIMEOUT = 600


def notebook_paths(root=None) -> list[Path]:
    """The committed notebooks, in reading order."""
    return sorted((layout(root).root / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def inject_parameters(nb, parameters: Mapping[str, object]):
    """Insert a cell tagged ``injected-parameters`` after the ``parameters`` cell (papermill's convention)."""
    nb = copy.deepcopy(nb)
    idx = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if idx is None:
        raise ValueError("notebook has no cell tagged 'parameters'")
    src = "# Parameters injected for this run\n" + "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
    cell["id"] = "injected-parameters"
    nb.cells.insert(idx + 1, cell)
    return nb


def _clean(nb):
    """Drop volatile metadata (timings, kernel versions) so reruns diff only where results moved."""
    for cell in nb.cells:
        cell.get("metadata", {}).pop("execution", None)
    nb.metadata.pop("widgets", None)
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": lang.get("name", "python")}
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL_NAME}
    return nb


def execute(src: Path, dest: Path, parameters: Mapping[str, object] | None = None) -> Path:
    """Execute ``src`` top to bottom in a fresh kernel (working folder: ``notebooks/``) and write ``dest``."""
    nb = nbformat.read(src, as_version=4)
    if parameters:
        nb = inject_parameters(nb, parameters)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(src.parent)}})
    client.execute()
    dest.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(_clean(nb), dest)
    return dest


def run_all(root=None, accept: bool = False, progress: Callable[[str], None] = print) -> list[Path]:
    """Execute every notebook into ``build/notebooks/``; with ``accept``, also update the references."""
    lay = layout(root)
    out = []
    for src in notebook_paths(root):
        dest = lay.root / "build" / "notebooks" / src.name
        progress(f"executing {src.relative_to(lay.root)} -> {dest.relative_to(lay.root)}")
        execute(src, dest)
        if accept:
            nb = nbformat.read(dest, as_version=4)
            nbformat.write(nb, src)
            _sync_pair(src)
            progress(f"accepted {src.relative_to(lay.root)}")
        out.append(dest)
    return out


def parse_value(text: str):
    """A command-line parameter value: int, float, None/True/False, or else the text itself (no eval)."""
    named = {"None": None, "none": None, "True": True, "true": True, "False": False, "false": False}
    if text in named:
        return named[text]
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def run_one(notebook: Path, parameters: Mapping[str, object], output_dir: Path) -> Path:
    """Execute one notebook with parameters into ``output_dir`` (never over the committed notebook)."""
    notebook = Path(notebook).resolve()
    suffix = "-".join(f"{k}={v}" for k, v in parameters.items()).replace("/", "_").replace(" ", "_")
    dest = Path(output_dir).resolve() / (notebook.stem + (f"--{suffix}" if suffix else "") + ".ipynb")
    if dest == notebook:
        raise ValueError(f"refusing to overwrite the committed notebook {notebook}")
    previous = os.environ.get("ANALYSIS_FIGURES_DIR")
    os.environ["ANALYSIS_FIGURES_DIR"] = str(dest.with_suffix("")) + "-figures"
    try:
        return execute(notebook, dest, parameters)
    finally:
        if previous is None:
            os.environ.pop("ANALYSIS_FIGURES_DIR", None)
        else:
            os.environ["ANALYSIS_FIGURES_DIR"] = previous


def _sync_pair(ipynb: Path) -> None:
    """Rewrite the paired py:percent file from the notebook (jupytext)."""
    import jupytext
    nb = jupytext.read(ipynb)
    jupytext.write(nb, ipynb.with_suffix(".py"), fmt="py:percent")
