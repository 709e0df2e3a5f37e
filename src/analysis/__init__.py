"""Rural social insurance, premiums and incomes in China: data, checks and figures.

Architecture (each layer imports only the layers above it in this list)::

    paths.py, errors.py   where things live; errors that name file, row, column and value
    data/                 the pipeline: manifest, catalog (+ catalog.toml, reference/), regions,
                          parsing, readers, harmonise, derive, validate, build, export
    datasets.py           the processed tables, one call each, and trace() back to raw rows
    stats.py              measures and models the notebooks compute (growth, indices, robust fits)
    enrolment.py          the enrolment decline as a population account, premium vs pension, benefit per member
    figures/              style, axes-level plots, saving with provenance
    notebooks/            helpers used in notebooks, claims and key results, runner, report, lab
    cli.py                the command line (python -m analysis)

The data build depends only on ``data/`` (with ``paths`` and ``errors``), so editing a plot
never rebuilds the data. ``from analysis import datasets, figures, stats``
and ``run = setup(...)`` (``analysis.notebooks.helpers``) are what a notebook needs.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: Short names a notebook imports, resolved on first use (a no-op command imports nothing it does not need).
_LAZY = {"claims": "analysis.notebooks.claims", "results": "analysis.notebooks.results"}


def __getattr__(name: str):
    if name in _LAZY:
        return importlib.import_module(_LAZY[name])
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
