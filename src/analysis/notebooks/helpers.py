"""Notebook helpers: one call to set up display and style, and prose built from computed numbers."""

from __future__ import annotations

import pandas as pd

from ..figures import set_style

#: Display precision for tables in notebooks: enough to read, few enough that last-digit
#: float noise cannot change a stored output.
DISPLAY_PRECISION = 4


def setup(notebook: str | None = None) -> None:
    """Project figure style, stable pandas display options, and the start of ``notebook``'s claims
    (call once in the imports cell, with the notebook's name, e.g. ``setup("05-who-pays")``)."""
    from . import claims

    set_style()
    if notebook is not None:
        claims.start(notebook)
    pd.set_option("display.precision", DISPLAY_PRECISION)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)


def display(obj):
    """Show ``obj`` in the notebook (IPython's display), for output that is not a cell's last value."""
    from IPython.display import display as show
    show(obj)


def say(text: str):
    """Show a sentence whose numbers were computed in the notebook, as Markdown."""
    from IPython.display import Markdown
    return Markdown(text)


def pct(x: float, digits: int = 1) -> str:
    """``0.01234`` → ``'1.2%'``; missing → ``'no figure'``."""
    return "no figure" if pd.isna(x) else f"{100 * x:.{digits}f}%"


def num(x: float, digits: int = 0) -> str:
    """Thousands-separated number; missing → ``'no figure'``."""
    return "no figure" if pd.isna(x) else f"{x:,.{digits}f}"
