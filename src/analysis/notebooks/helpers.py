"""Notebook helpers: one call to set up display and style, and prose built from computed numbers."""

from __future__ import annotations

import pandas as pd

from ..figures.style import check_fonts, set_style
from .run import Run

#: Display precision for tables in notebooks: enough to read, few enough that last-digit
#: float noise cannot change a stored output.
DISPLAY_PRECISION = 4


def setup(notebook: str, namespace: dict) -> Run:
    """The notebook's run (:class:`~analysis.notebooks.run.Run`), in the cell right after its parameters:
    ``run = setup("05-who-pays", globals())`` checks every parameter (whichever route set it: defaults,
    ``analysis run`` or a plain papermill run) and turns a province in any spelling into its English name,
    chooses the run's folders from its ``OUTPUT_DIR`` (:mod:`analysis.notebooks.run`) and its figure language
    from its ``FIGURE_LANG`` (the run makes its figures in it: ``run.figure``; a missing font stops here, in one
    line). Also sets the project figure style and stable pandas display options."""
    from .run import start

    run = start(notebook, namespace)
    check_fonts(run.lang)
    set_style()
    _inline_without_tight_crop()
    pd.set_option("display.precision", DISPLAY_PRECISION)
    pd.set_option("display.float_format", display_number)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_rows", 60)
    return run


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


def same_method_note(implied: dict, year: int, derived_year: int) -> str:
    """A caveat for a finding that rests on a contribution derived as total − subsidy (``derived_year``): the
    same method gives the ``year`` contribution of ``implied`` (:func:`analysis.datasets.implied_contribution`),
    which differs from the printed one the standards table uses there."""
    if implied["implied"] == implied["used"]:
        precedent = f"gives {num(implied['implied'])} yuan for {year} ({implied['source']}), the printed figure too"
    else:
        precedent = (
            f"gives {num(implied['implied'])} yuan for {year} ({implied['source']}), where the standards table "
            f"prints {num(implied['used'])} ({implied['used_source']}), a difference recorded as a conflict"
        )
    return (
        f"The {derived_year} contribution is a printed total less a printed subsidy, one value with no printed "
        f"contribution beside it; the same method {precedent}."
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
