"""Execute the notebooks with the project's own kernel, into a build folder or as new references.

``notebooks/*.ipynb`` are the committed references (nbval compares a fresh run
with them). ``python -m analysis notebooks`` executes each one into
``build/notebooks/`` and never touches the references; ``--accept`` re-executes
and writes the outputs back into ``notebooks/`` (and its paired ``.py``) after
an intended change, so ``git diff`` shows what moved.

The main job is incremental (:mod:`analysis.notebooks.cache`); one notebook is executed by
:mod:`analysis.notebooks.execute` in the project's kernel (:mod:`analysis.notebooks.kernel`). Every run
names its output folders as notebook parameters (``OUTPUT_DIR``, ``FIGURE_LANG``), never through the
environment: see :mod:`analysis.notebooks.run`.
"""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Mapping

from ..errors import NotebookFailed
from ..languages import LANGS
from ..paths import language_folder, layout
from .cache import cache_key, figures_present
from .execute import edited_text_version, execute, sync_pair
from .parameters import LANGUAGE_PARAMETER
from .run import OUTPUT_PARAMETER, run_tag


def notebook_paths(root=None) -> list[Path]:
    """The committed notebooks, in reading order."""
    return sorted(layout(root).notebooks.glob("[0-9][0-9]-*.ipynb"))


def longest_first(paths) -> list[Path]:
    """Notebooks in the order to hand them to parallel workers: the longest first, so that no long notebook
    starts last while the other workers wait. A stored notebook's size (its figures, mostly) stands in for its
    run time: on the development machine the order by size is the order by time. Ties keep reading order."""
    return sorted(paths, key=lambda p: -Path(p).stat().st_size)


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

    Every notebook runs with its default parameters, so its run writes into the default folders
    (:mod:`analysis.notebooks.run`). ``lang="zh"`` runs every notebook with ``FIGURE_LANG = "zh"``: the
    Chinese figures go to ``reports/figures/zh/`` beside the English ones, the executed notebooks to
    ``build/notebooks/zh/`` and their key results and claims to ``build/results-zh/`` (the English run's stay
    as they are).
    """

    if lang not in LANGS:
        raise ValueError(f"--lang {lang!r}: the figure languages are {', '.join(LANGS)}")
    if accept and lang != LANGS[0]:
        raise ValueError("--accept stores the English run as the reference; run the Chinese set without it")
    if lang != LANGS[0]:
        lay = layout(root)
        progress(
            f"figures in {lang}: into {language_folder(lay.figures, lang)}, "
            f"notebooks executed into {language_folder(lay.executed, lang)}"
        )
    return _run_all(root, accept, progress, jobs, lang, only)


def _run_all(
    root, accept: bool, progress: Callable[[str], None], jobs: int | None, lang: str, only: list[str] | None = None
) -> list[Path]:
    lay = layout(root)
    executed, figures_dir = language_folder(lay.executed, lang), language_folder(lay.figures, lang)
    parameters = {} if lang == LANGS[0] else {LANGUAGE_PARAMETER: lang}
    todo, out = [], []
    chosen = [src for src in notebook_paths(root) if only is None or src.name in only]
    for src in chosen:
        dest = executed / src.name
        key = cache_key(src, root)
        stamp = lay.cache_keys / (f"{src.stem}.key" if lang == LANGS[0] else f"{src.stem}.{lang}.key")
        fresh = (
            not accept
            and dest.is_file()
            and stamp.is_file()
            and stamp.read_text() == key
            and figures_present(src.name, figures_dir)
        )
        if fresh:
            progress(f"up to date: {src.relative_to(lay.root)}")
        else:
            todo.append((src, dest, stamp, key))
        out.append(dest)

    edited = [
        f"{src.with_suffix('.py').relative_to(lay.root)} was edited after {src.relative_to(lay.root)} and differs "
        f"from it ({differences[0]}): run `.venv/bin/jupytext --sync {src.with_suffix('.py').relative_to(lay.root)}` "
        "first"
        for src, *_ in todo
        if (differences := edited_text_version(src))
    ]
    if edited:  # executing the notebook would silently leave out what was edited in its text version
        raise NotebookFailed(edited)

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
        from ..figures.style import CJK_FONT, CJK_FONT_PACKAGE, font_available

        if not font_available():  # one line here, not one failed notebook per kernel
            raise ValueError(
                f"Chinese figures need the font {CJK_FONT} (Debian package {CJK_FONT_PACKAGE}): run `make fonts`"
            )
    workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))
    failures = []
    items = {item[0]: item for item in todo}
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {src: pool.submit(work, items[src]) for src in longest_first(items)}
        for src in items:  # failures reported in reading order
            try:
                futures[src].result()
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
        sync_pair(src)
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
    """Execute one notebook with parameters into ``output_dir`` (never over the committed notebook): the
    executed copy is ``<output_dir>/<notebook>--<parameters>.ipynb``, and its run writes its figures and key
    results into the folder of the same name (its ``OUTPUT_DIR``, unless ``parameters`` name one)."""
    notebook = Path(notebook).resolve()
    tag = run_tag({k: v for k, v in parameters.items() if k != OUTPUT_PARAMETER})
    dest = Path(output_dir).resolve() / (notebook.stem + (f"--{tag}" if tag else "") + ".ipynb")
    if dest == notebook:
        raise ValueError(f"refusing to overwrite the committed notebook {notebook}")
    given = dict(parameters)
    given.setdefault(OUTPUT_PARAMETER, str(dest.with_suffix("")))
    return execute(notebook, dest, given)
