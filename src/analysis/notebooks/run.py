"""A notebook's run: which notebook, its checked parameters, its figure language and where its outputs go.

The cell after a notebook's parameters creates it, ``run = setup("05-who-pays", globals())``, and the notebook
does its work through it: ``run.figure(…)`` makes a figure in the run's language, ``run.text(key)``,
``run.category(value)`` and ``run.indicator_name(code)`` give the texts it shows in that language,
``run.export(fig, "05_growth_index", …)`` saves it, ``run.claim(…)`` checks and states a finding,
``run.record({…})`` writes the key results. Where they go is decided here, from the
notebook's own parameters, and from nothing else (no environment variable, no hidden state):

* ``OUTPUT_DIR`` given (``python -m analysis run``, ``make test``, ``papermill … -p OUTPUT_DIR <folder>``):
  figures into ``<folder>/figures/``, key results and claims into ``<folder>/results/``;
* ``OUTPUT_DIR = None`` and every other parameter at its default: the default run's folders,
  ``reports/figures/`` and ``build/results/`` (:data:`analysis.paths.PATHS`);
* ``OUTPUT_DIR = None`` and some parameter changed (a plain ``papermill … -p PROVINCE 甘肃``):
  ``build/runs/<notebook>--<parameters>/figures/`` and ``results/``, so that it never replaces the default
  run's outputs.

A run in another figure language (``FIGURE_LANG = "zh"``) writes its figures into the ``zh/`` folder of those
figures and its key results and claims beside the English ones, into ``results-zh/``. ``DRAFT_FIGURES = True``
writes each figure as PNG only (the test runs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..languages import LANGS
from ..paths import language_folder, layout
from .parameters import LANGUAGE_PARAMETER

#: The parameter naming the folder a run writes into (``None``: the default folders, see above).
OUTPUT_PARAMETER = "OUTPUT_DIR"
#: The parameter that writes figures as PNG only.
DRAFT_PARAMETER = "DRAFT_FIGURES"
#: Parameters that say where and how a run writes, not what it computes: they never name a run's folder.
OUTPUT_PARAMETERS = (OUTPUT_PARAMETER, DRAFT_PARAMETER)
#: Longest folder name a run with other parameters gets below ``build/runs/``.
MAX_TAG = 120


def run_tag(parameters: Mapping[str, object]) -> str:
    """The folder-name form of a run's parameters: ``PROVINCE=Gansu-END_YEAR=2030`` (characters that a folder
    name cannot hold become ``_``; letters of any script stay readable)."""
    tag = "-".join(f"{k}={v}" for k, v in parameters.items())
    return re.sub(r"[^\w=.-]+", "_", tag)[:MAX_TAG]


def output_folders(notebook: str, values: Mapping[str, object], defaults: Mapping[str, object], root=None):
    """``(figures, results)``: the folders a run of ``notebook`` with the checked parameter ``values`` writes
    into (the rules in this module's docstring)."""
    lay = layout(root)
    lang = str(values.get(LANGUAGE_PARAMETER, LANGS[0]))
    given = values.get(OUTPUT_PARAMETER)
    if given is not None:
        figures, results = Path(str(given)) / "figures", Path(str(given)) / "results"
    else:
        changed = {
            k: v
            for k, v in values.items()
            if k not in (LANGUAGE_PARAMETER, *OUTPUT_PARAMETERS) and k in defaults and v != defaults[k]
        }
        if changed:
            base = lay.runs / f"{notebook}--{run_tag(changed)}"
            figures, results = base / "figures", base / "results"
        else:
            figures, results = lay.figures, lay.results
    if lang != LANGS[0]:
        figures, results = language_folder(figures, lang), results.with_name(f"{results.name}-{lang}")
    return figures.resolve(), results.resolve()


@dataclass
class Run:
    """One execution of a notebook: its name, its checked parameters, its figure language and its folders.

    Created by :func:`analysis.notebooks.helpers.setup`; its methods do the notebook's work."""

    notebook: str
    parameters: dict[str, Any]
    lang: str
    figures_dir: Path
    results_dir: Path
    draft: bool = False
    _fresh: bool = field(default=True, repr=False)

    @property
    def claims_dir(self) -> Path:
        """Where the run's checked claims are recorded (``<results>/claims``)."""
        return self.results_dir / "claims"

    def figure(self, size: str = "single", nrows: int = 1, ncols: int = 1, height_mm: float | None = None, **kw):
        """A figure in the run's language sized from a journal preset (:func:`analysis.figures.style.figure`);
        the plot functions drawing on it write their texts in that language, and it draws in its fonts."""
        from ..figures.style import figure

        return figure(size, nrows, ncols, height_mm, lang=self.lang, **kw)

    def text(self, key: str, **values) -> str:
        """The text of label ``key`` in the run's language (:func:`analysis.figures.labels.text`)."""
        from ..figures.labels import text

        return text(key, self.lang, **values)

    def category(self, value) -> str:
        """A data value as a figure shows it in the run's language (:func:`analysis.figures.labels.category`)."""
        from ..figures.labels import category

        return category(value, self.lang)

    def indicator_name(self, code: str) -> str:
        """An indicator's name in the run's language (:func:`analysis.figures.labels.indicator`)."""
        from ..figures.labels import indicator

        return indicator(code, self.lang)

    def export(self, fig, name: str, **kwargs) -> str:
        """Save ``fig`` (made by :meth:`figure`) as ``name`` into the run's figures folder, in its language, with its
        source line
        (:func:`analysis.figures.save.export`: ``indicators=``, ``tables=``, ``years=``, ``geo=``, ``groups=``,
        ``parameters=``); returns the caption source line."""
        from ..figures.save import export

        return export(
            fig,
            name,
            notebook=f"{self.notebook}.ipynb",
            dest=self.figures_dir,
            lang=self.lang,
            draft=self.draft,
            **kwargs,
        )

    def check(self, claim_id: str, sentence: str, holds, **numbers) -> bool:
        """Record a claim with the numbers it rests on (:func:`analysis.notebooks.claims.check`); the run's first
        claim replaces what an earlier run of the notebook recorded. A claim that does not hold stops the
        notebook in one line."""
        from . import claims

        fresh, self._fresh = self._fresh, False
        return claims.check(self.notebook, self.claims_dir, claim_id, sentence, holds, numbers, fresh=fresh)

    def claim(self, claim_id: str, sentence: str, holds, **numbers):
        """:meth:`check` a claim, then show its sentence as Markdown with its id, so the prose a reader sees is
        exactly the sentence the software checked."""
        from IPython.display import Markdown

        self.check(claim_id, sentence, holds, **numbers)
        return Markdown(f"{sentence} [claim:{claim_id}]")

    def record(self, values: Mapping[str, object]):
        """Write the notebook's key results into the run's results folder and show them as a table
        (:func:`analysis.notebooks.results.record`)."""
        from .results import record

        return record(self.notebook, values, self.results_dir)


def start(notebook: str, namespace: dict, root=None) -> Run:
    """The run of ``notebook`` whose parameters are the values in ``namespace`` (the notebook's globals, right
    after its parameters cell): each one checked (:func:`analysis.notebooks.parameters.check`; a province in
    any spelling becomes its English name, written back into ``namespace``) and its folders chosen
    (:func:`output_folders`)."""
    from .parameters import check, defaults, notebook_path

    path = notebook_path(notebook, root)
    known = defaults(path)
    values = check(path, {k: namespace[k] for k in known if k in namespace})
    namespace.update(values)
    figures, results = output_folders(notebook, values, known, root)
    return Run(
        notebook=notebook,
        parameters=values,
        lang=str(values.get(LANGUAGE_PARAMETER, LANGS[0])),
        figures_dir=figures,
        results_dir=results,
        draft=bool(values.get(DRAFT_PARAMETER, False)),
    )
