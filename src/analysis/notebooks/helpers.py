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
    _inline_without_tight_crop()
    _current["notebook"] = notebook
    if notebook is not None:
        claims.start(notebook)
        _watch_for_papermill_parameters(notebook)
    pd.set_option("display.precision", DISPLAY_PRECISION)
    pd.set_option("display.float_format", display_number)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)


_current: dict[str, str | None] = {"notebook": None}


def current_notebook() -> str:
    """The name given to :func:`setup` in this kernel."""
    if _current["notebook"] is None:
        raise RuntimeError("setup(notebook=...) first: the notebook's name is needed to read its parameters")
    return _current["notebook"]


def check_parameters(namespace: dict) -> None:
    """The cell after a notebook's parameters: ``check_parameters(globals())`` checks every parameter (whichever
    route set it: defaults, ``analysis run`` or a plain papermill run), turns a province in any spelling into
    its English name, and sets the figures' language (see :mod:`analysis.notebooks.parameters`)."""
    from .parameters import check_notebook_parameters

    check_notebook_parameters(namespace, current_notebook())


#: The comment papermill puts at the top of the cell of parameters it injects.
PAPERMILL_MARKER = "# Parameters"


def _watch_for_papermill_parameters(notebook: str) -> None:
    """In a kernel, send figures, key results and claims of a run with injected parameters (a plain
    ``papermill … -p NAME VALUE`` run) to ``build/runs/<notebook>--<parameters>-figures`` and ``-results``,
    so that it never replaces the default run's figures or results. ``python -m analysis run`` and the test
    suite choose the folders themselves; then nothing changes."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None:
        return

    def redirect(info) -> None:
        import os
        import re

        from ..paths import FIGURES_ENV, RESULTS_ENV, layout

        cell = info.raw_cell or ""
        if not cell.startswith(PAPERMILL_MARKER) or FIGURES_ENV in os.environ:
            return
        assigned = re.findall(r"^(\w+) = (.+)$", cell, flags=re.M)
        tag = "-".join(f"{k}={_literal(v)}" for k, v in assigned)
        tag = re.sub(r"[^\w=.-]+", "_", tag)[:120]  # \w keeps Chinese names readable
        base = layout().runs / f"{notebook}--{tag}"
        os.environ[FIGURES_ENV], os.environ[RESULTS_ENV] = f"{base}-figures", f"{base}-results"
        print(f"parameterised run: figures and results go to {base}-figures and -results")

    ip.events.register("pre_run_cell", redirect)


def _literal(text: str) -> str:
    """An injected value as plain text (papermill writes 甘肃 as "\\u7518\\u8083")."""
    import ast

    try:
        return str(ast.literal_eval(text.strip()))
    except (ValueError, SyntaxError):
        return text.strip()


def display_number(v: float) -> str:
    """How a number shows in a notebook table: counts with thousands separators (``1,774,000``, never
    ``1.7740e+06``), ordinary values to two decimals, shares and rates to four."""
    if pd.isna(v):
        return "NaN"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    if abs(v) >= 1:
        return f"{v:,.2f}"
    return f"{v:.{DISPLAY_PRECISION}f}"


def _inline_without_tight_crop() -> None:
    """Show figures inline at their own size: they are laid out for their exact journal width, so the inline
    backend's tight cropping (an extra draw of every figure) changes nothing but the time it takes."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is not None and hasattr(ip, "run_line_magic"):
        try:
            ip.run_line_magic("config", "InlineBackend.print_figure_kwargs = {'bbox_inches': None}")
        except Exception:  # noqa: BLE001 - not an inline-capable kernel: nothing to configure
            pass


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


def listed(items) -> str:
    """Names joined for a sentence: "a", "a and b", "a, b and c" (as the vocabulary lists knife-edge steps)."""
    from .vocabulary import _listed

    return _listed([str(i) for i in items])


def conflict_note(conflict: dict, year: int) -> str:
    """The opening of a sentence that states a year's two printed contribution standards
    (:func:`analysis.datasets.contribution_conflict`): the one used, and the other with the note recording it,
    ending "With <other> yuan" so the sentence goes on to say what holds with it."""
    return (
        f"For {year} the standards table records {num(conflict['used'])} yuan, used here; its note "
        f'({conflict["file"]}, line {conflict["line"]}) records another: "{conflict["note"]}" With '
        f"{num(conflict['other'])} yuan"
    )


#: The two national standards of the policy table and how a sentence names them.
STANDARD_NAMES = {"min_individual_contribution": "individual contribution", "min_fiscal_subsidy": "subsidy"}


def derived_standards(policy: pd.DataFrame) -> pd.DataFrame:
    """The standards of the policy table (:func:`analysis.datasets.policy_standards`) derived from printed ones:
    one row per year and standard (``indicator``, ``value``, ``source`` naming the inputs), in year order. The
    charts draw them hollow."""
    from ..data.derive import DERIVED_SOURCE

    parts = [
        pd.DataFrame(
            {"year": policy["year"], "indicator": ind, "value": policy[ind], "source": policy[f"{ind}_source"]}
        )
        for ind in STANDARD_NAMES
    ]
    out = pd.concat(parts, ignore_index=True)
    out = out[out["source"].str.startswith(DERIVED_SOURCE)]
    return out.sort_values(["year", "indicator"], kind="mergesort").reset_index(drop=True)


def derived_note(policy: pd.DataFrame) -> str:
    """A sentence listing the derived standards: "Derived from printed figures: the individual contribution of
    2016 (150 yuan), …; the subsidy of 2023 (640 yuan)."""
    d = derived_standards(policy)
    parts = [
        f"the {name} of " + listed(f"{y} ({num(x)} yuan)" for y, x in zip(g["year"], g["value"]))
        for ind, name in STANDARD_NAMES.items()
        if len(g := d[d["indicator"].eq(ind)])
    ]
    return "Derived from printed figures (drawn hollow; each source column names the inputs): " + "; ".join(parts) + "."


def implied_note(implied: dict, year: int) -> str:
    """The opening of a sentence that states a year's printed contribution and the one a printed total and subsidy
    imply (:func:`analysis.datasets.implied_contribution`), ending "With <implied> yuan" so the sentence goes on to
    say what holds with it."""
    return (
        f"For {year} the standards table records a contribution of {num(implied['used'])} yuan "
        f"({implied['used_source']}), used here; {implied['source']} prints a total of {num(implied['total'])} and a "
        f"subsidy of {num(implied['subsidy'])} yuan for {year}, which imply {num(implied['implied'])}. With "
        f"{num(implied['implied'])} yuan"
    )
