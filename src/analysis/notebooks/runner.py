"""Execute the notebooks with the project's own kernel, into a build folder or as new references.

``notebooks/*.ipynb`` are the committed references (nbval compares a fresh run
with them). ``python -m analysis notebooks`` executes each one into
``build/notebooks/`` and never touches the references; ``--accept`` re-executes
and writes the outputs back into ``notebooks/`` (and its paired ``.py``) after
an intended change, so ``git diff`` shows what moved.

The main job is incremental: a notebook reruns only when its cells, the package modules it
imports (followed through the package's own imports) or the processed tables it reads
changed (:func:`cache_key`). Parameters are injected by papermill's own
``parameterize_notebook``, so ``papermill`` and ``python -m analysis run`` give the same notebook.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from ..errors import NotebookFailed
from ..paths import FIGURES_ENV, PACKAGE_DIR, RESULTS_ENV, layout
from .parameters import LANGUAGE_PARAMETER

#: The project's kernel: installed inside the environment (``sys.prefix``) and pointing at its own Python,
#: so neither JupyterLab nor the runner depends on a globally registered kernel.
KERNEL_NAME = "china-rural-insurance"
KERNEL_DISPLAY_NAME = "Python 3 (china-rural-insurance)"
#: Seconds one cell may take.
CELL_TIMEOUT = 600
#: Names exported by ``analysis/__init__`` that are modules elsewhere in the package.
ALIASES = {"analysis.claims": "analysis.notebooks.claims", "analysis.results": "analysis.notebooks.results"}


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


def notebook_paths(root=None) -> list[Path]:
    """The committed notebooks, in reading order."""
    return sorted(layout(root).notebooks.glob("[0-9][0-9]-*.ipynb"))


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


_TABLE_CALL = re.compile(r"datasets\.(\w+)\(")


def _cells(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell, read as plain JSON (fast; no schema validation)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        (c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in nb["cells"]
    ]


def tables_read(path: Path) -> list[str]:
    """Processed tables a notebook loads (``datasets.<table>()`` calls in its code)."""
    names = set()
    for kind, source in _cells(path):
        if kind == "code":
            names.update(_TABLE_CALL.findall(source))
    return sorted(names)


def _module_file(name: str) -> Path | None:
    """The source file of a module ``analysis.x.y`` (package ``__init__`` for a package), or None."""
    name = ALIASES.get(name, name)
    if not name.startswith("analysis"):
        return None
    parts = name.split(".")[1:]
    if not parts:
        return PACKAGE_DIR / "__init__.py"
    rel = Path(*parts)
    for candidate in (PACKAGE_DIR / rel.with_suffix(".py"), PACKAGE_DIR / rel / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Absolute names of every ``analysis`` module ``tree`` imports (anywhere, lazy imports included)."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = module.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                pkg = ".".join(base + ([node.module] if node.module else []))
            else:
                pkg = node.module or ""
            out.add(pkg)
            out.update(f"{pkg}.{a.name}" for a in node.names)  # `from pkg import module`
    return {n for n in out if n.split(".")[0] == "analysis"}


@lru_cache(maxsize=None)
def _module_imports(path: Path, name: str, mtime_ns: int) -> frozenset[str]:
    """The ``analysis`` modules one module file imports, parsed once per version of the file (every notebook's
    cache key follows the same modules)."""
    return frozenset(_imports(ast.parse(path.read_text(encoding="utf-8")), name, path.name == "__init__.py"))


def modules_used(code: str) -> list[Path]:
    """Package source files that ``code`` (a notebook's cells) depends on: the modules it imports, the
    modules those import, and so on; with each package's ``__init__`` and the tables beside those modules
    (``analysis.data``: catalog and reference tables; ``analysis.figures``: figure labels, Chinese
    publication names)."""
    todo = list(_imports(ast.parse(code), "__notebook__", False))
    seen: dict[Path, str] = {}
    while todo:
        name = todo.pop()
        name = ALIASES.get(name, name)
        path = _module_file(name)
        if path is None or path in seen:
            continue
        seen[path] = name
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))  # parent packages' __init__
        todo.extend(_module_imports(path, name, path.stat().st_mtime_ns))
    files = set(seen)
    for folder in {p.parent for p in seen}:  # tables read by the modules: the catalog, references, figure labels
        found = folder.rglob("*") if folder == PACKAGE_DIR / "data" else folder.glob("*")
        files.update(p for p in found if p.suffix in (".toml", ".csv") and p.is_file())
    return sorted(files)


def cache_key(src: Path, root=None) -> str:
    """What a notebook's outputs depend on: its cells' sources, the package modules it imports (see
    :func:`modules_used`), and the processed tables it reads plus datapackage.json (sources of figures)."""
    lay = layout(root)
    h = hashlib.sha256()
    cells = _cells(src)
    for kind, source in cells:
        h.update(kind.encode() + b"\0" + source.encode("utf-8") + b"\0")
    code = "\n".join(_strip_magics(s) for k, s in cells if k == "code")
    for p in modules_used(code):
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode() + p.read_bytes())
    data = [lay.processed / "datapackage.json"]
    data += [lay.processed / f"{t}.parquet" for t in tables_read(src) if t not in ("trace", "raw_sources")]
    for p in data:
        h.update(p.name.encode() + (p.read_bytes() if p.is_file() else b"<missing>"))
    return h.hexdigest()


def _strip_magics(source: str) -> str:
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _figures_present(name: str, figures_dir: Path) -> bool:
    manifest = figures_dir / "manifest.json"
    if not manifest.is_file():
        return False
    entries = [e for e in json.loads(manifest.read_text(encoding="utf-8")).values() if e["notebook"] == name]
    return bool(entries) and all((figures_dir / f).is_file() for e in entries for f in e["files"])


def run_all(
    root=None,
    accept: bool = False,
    progress: Callable[[str], None] = print,
    jobs: int | None = None,
    lang: str = "en",
    only: list[str] | None = None,
) -> list[Path]:
    """Execute the notebooks into ``build/notebooks/``, in parallel; with ``accept``, update the references.
    ``only`` limits the run to those notebooks (file names, e.g. ``["04-regions.ipynb"]``).

    Without ``accept`` a notebook is skipped when its :func:`cache_key` is unchanged since its last
    successful run and its output notebook and figures still exist, so a rerun with nothing changed
    does nothing.

    ``lang="zh"`` runs every notebook with ``FIGURE_LANG = "zh"``: the Chinese figures go to
    ``reports/figures/zh/`` beside the English ones, the executed notebooks to ``build/notebooks/zh/`` and
    their key results and claims to ``build/results-zh/`` (the English run's stay as they are).
    """
    from ..languages import LANGS

    if lang not in LANGS:
        raise ValueError(f"--lang {lang!r}: the figure languages are {', '.join(LANGS)}")
    if accept and lang != LANGS[0]:
        raise ValueError("--accept stores the English run as the reference; run the Chinese set without it")
    if lang != LANGS[0]:
        lay = layout(root)
        results = lay.build / f"results-{lang}"
        progress(f"figures in {lang}: into {lay.figures / lang}, notebooks executed into {lay.executed / lang}")
        # Both folders named explicitly: the kernel then keeps them (a run with injected parameters otherwise
        # sends its outputs to build/runs/, see analysis.notebooks.helpers).
        with _environment({FIGURES_ENV: str(lay.figures), RESULTS_ENV: str(results)}):
            return _run_all(root, False, progress, jobs, lang, only)
    return _run_all(root, accept, progress, jobs, lang, only)


@contextmanager
def _environment(values: Mapping[str, str]):
    """Set environment variables (inherited by the kernels started) for the block."""
    previous = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in previous.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run_all(
    root, accept: bool, progress: Callable[[str], None], jobs: int | None, lang: str, only: list[str] | None = None
) -> list[Path]:
    lay = layout(root)
    english = lang == "en"
    executed = lay.executed if english else lay.executed / lang
    figures_dir = lay.figures if english else lay.figures / lang
    parameters = {} if english else {LANGUAGE_PARAMETER: lang}
    todo, out = [], []
    for src in notebook_paths(root):
        if only is not None and src.name not in only:
            continue
        dest = executed / src.name
        key = cache_key(src, root)
        stamp = lay.cache_keys / (f"{src.stem}.key" if english else f"{src.stem}.{lang}.key")
        fresh = (
            not accept
            and dest.is_file()
            and stamp.is_file()
            and stamp.read_text() == key
            and _figures_present(src.name, figures_dir)
        )
        if fresh:
            progress(f"up to date: {src.relative_to(lay.root)}")
        else:
            todo.append((src, dest, stamp, key))
        out.append(dest)

    lock = threading.Lock()

    def say(message: str) -> None:  # one whole line at a time: parallel notebooks never run together
        with lock:
            progress(message)

    def work(item):
        src, dest, stamp, key = item
        say(f"executing {src.relative_to(lay.root)} -> {dest.relative_to(lay.root)}")
        started = time.perf_counter()
        execute(src, dest, parameters)
        say(f"done {src.relative_to(lay.root)} in {time.perf_counter() - started:.1f} s")
        if not accept:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.write_text(key)

    if todo and lang == "zh":
        from ..figures.labels import CJK_FONT, CJK_FONT_PACKAGE, font_available

        if not font_available():  # one line here, not one failed notebook per kernel
            raise ValueError(
                f"Chinese figures need the font {CJK_FONT} (Debian package {CJK_FONT_PACKAGE}): run `make fonts`"
            )
    workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))
    failures = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(work, item) for item in todo]:
            try:
                future.result()
            except NotebookFailed as exc:  # run every notebook, then report every failure
                failures += exc.failures
    if failures:
        raise NotebookFailed(failures)
    if accept:
        _accept(lay, root, todo, progress)
    return out


def _accept(lay, root, done, progress: Callable[[str], None]) -> None:
    """Print what moved against the stored references (the same list as ``make test``'s summary), then store the
    executed notebooks as the new references with their ``.py`` pairs, the key results (a stored value within
    its tolerance is kept) and what they rest on."""
    import nbformat

    from .results import accept as accept_results, load_actual
    from .summary import record_accepted, summary_lines

    for line in summary_lines(lay.results, root=root, executed=lay.executed, images=lay.build / "image-diffs"):
        progress(line)
    for src, dest, stamp, key in done:
        nbformat.write(nbformat.read(dest, as_version=4), src)
        _sync_pair(src)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(key)
    accept_results(load_actual(lay.results), lay.key_results)
    record_accepted(lay.results, root)
    from .findings import update_readme

    update_readme(root)
    progress(
        f"accepted {len(done)} notebooks, {lay.key_results.relative_to(lay.root)}, the claims' margins and "
        "the raw files' checksums (notebooks/accepted_claims.json, accepted_inputs.json), README's findings: "
        "review with `git diff notebooks/ README.md`"
    )


def check_parameters(notebook: Path, given: Mapping[str, str]) -> dict[str, object]:
    """Command-line parameters (text) as the values the notebook takes, checked as the notebook itself checks
    them (:mod:`analysis.notebooks.parameters`). Raises :class:`ValueError` with one clear line."""
    from .parameters import from_text

    return from_text(notebook, given)


def in_notebooks_folder(path: Path, root=None) -> Path:
    """``path`` resolved, if it is a notebook (``.ipynb``) inside the project's ``notebooks/`` folder; else a
    :class:`ValueError` saying what is expected."""
    folder = layout(root).notebooks.resolve()
    resolved = Path(path).resolve()
    if resolved.suffix != ".ipynb":
        raise ValueError(
            f"{path}: not a notebook; give one of {', '.join(p.name for p in notebook_paths(root))} "
            "(e.g. notebooks/08-scenarios.ipynb)"
        )
    if not resolved.is_relative_to(folder):
        raise ValueError(f"{path}: notebooks are run from {folder}; give a path inside it")
    if not resolved.is_file():
        raise ValueError(
            f"{path}: no such notebook; the notebooks are {', '.join(p.name for p in notebook_paths(root))}"
        )
    return resolved


def run_one(notebook: Path, parameters: Mapping[str, object], output_dir: Path) -> Path:
    """Execute one notebook with parameters into ``output_dir`` (never over the committed notebook)."""
    notebook = Path(notebook).resolve()
    suffix = "-".join(f"{k}={v}" for k, v in parameters.items()).replace("/", "_").replace(" ", "_")
    dest = Path(output_dir).resolve() / (notebook.stem + (f"--{suffix}" if suffix else "") + ".ipynb")
    if dest == notebook:
        raise ValueError(f"refusing to overwrite the committed notebook {notebook}")
    with redirected_outputs(dest.with_suffix("")):
        return execute(notebook, dest, parameters)


@contextmanager
def redirected_outputs(base: Path):
    """Send figures and key results of the notebooks executed inside the block to ``base``-figures and
    ``base``-results (the kernel inherits the environment), so they never replace the default run's."""
    with _environment({FIGURES_ENV: f"{base}-figures", RESULTS_ENV: f"{base}-results"}):
        yield


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
            out.append(f"cell {i + 1}, line {j + 1}: {first[0]!r} vs {first[1]!r}")
    if len(a) != len(b):
        out.append(f"{ipynb.name} has {len(a)} cells, {py.name} has {len(b)}")
    return out


def _sync_pair(ipynb: Path) -> None:
    """Rewrite the paired py:percent file from the notebook (jupytext)."""
    import jupytext

    nb = jupytext.read(ipynb)
    jupytext.write(nb, ipynb.with_suffix(".py"), fmt="py:percent")
