"""Every text a notebook puts on a figure comes from the label table, in the run's language (``run.text``,
``run.category``, ``run.indicator_name``), never a literal string: checked on the notebooks' code (end to end, a plain
papermill run draws notebook 08's figures in Chinese: test_notebooks.py)."""

import ast

import nbformat
import pytest

from analysis.notebooks.runner import notebook_paths
from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT)
#: Calls whose text arguments appear on a figure: Axes and Figure methods, and the label arguments of the
#: project's plot functions.
TEXT_METHODS = {"set_title", "set_xlabel", "set_ylabel", "set_xticks", "set_yticks", "set_xticklabels",
                "set_yticklabels", "text", "annotate", "suptitle", "supxlabel", "supylabel", "legend"}
TEXT_KEYWORDS = {"label", "labels", "title", "events"}
#: Calls that give the text of a label key in the run's language, or a concept's colour (their own string
#: arguments are keys, not figure text): (object, method).
LABEL_CALLS = {("run", "text"), ("run", "category"), ("run", "indicator_name"), ("figures", "colour")}


def literal_texts(code: str) -> list[str]:
    """Literal strings (plain or f-strings) given as figure text in ``code``."""
    found = []

    def strings(node):
        if label_call(node):
            return  # run.text("key", year=...) and the like: the key names a label
        if isinstance(node, ast.Subscript):  # d["group"]: a column name, not text
            strings(node.value)
            return
        if isinstance(node, ast.Compare):  # PREMIUM_MODEL == "yuan": a value compared, not text
            return
        if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            found.append(ast.unparse(node))
            return
        for child in ast.iter_child_nodes(node):
            strings(child)

    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call) or label_call(node):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in TEXT_METHODS:
            for arg in node.args:
                strings(arg)
        for kw in node.keywords:
            if kw.arg in TEXT_KEYWORDS or (name in TEXT_METHODS and kw.arg in ("s", "text", "xlabel", "ylabel")):
                strings(kw.value)
    return found


def label_call(node) -> bool:
    """``run.text(...)``, ``run.category(...)``, …: a call that looks a text up in the label table."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and (node.func.value.id, node.func.attr) in LABEL_CALLS)


def code_of(path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join("\n".join(line for line in c.source.splitlines() if not line.lstrip().startswith(("%", "!")))
                     for c in cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_literal_text_on_a_figure(path):
    assert literal_texts(code_of(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_figure_language_is_a_parameter_set_right_after_the_parameters(path):
    code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    assert 'FIGURE_LANG = "en"' in code[1].source
    assert code[2].source.split("#")[0].strip() == f'run = setup("{path.stem}", globals())'
    assert "OUTPUT_DIR = None" in code[1].source and "DRAFT_FIGURES = False" in code[1].source


def test_the_check_finds_literal_figure_text():
    code = ('ax.set_title("Premiums")\nax.set_xlabel(f"income {YEAR}")\nfigures.time_series(d, "year", "v", '
            'label="observed", events={2013: "break"})\nax.set_xticks(range(2), ["a", run.text("b")])\n'
            'ax.set_ylabel(run.text("share", year=2008))\nax.legend(loc="upper left")')
    assert literal_texts(code) == ["'Premiums'", "f'income {YEAR}'", "'observed'", "'break'", "'a'"]


def test_figures_exports_exactly_what_the_notebooks_use():
    """`from analysis import figures` gives the notebooks what they draw with, and nothing they never use (saving
    goes through their run; the rest is imported from its module)."""
    from analysis import figures
    used = {node.attr for path in NOTEBOOKS for node in ast.walk(ast.parse(code_of(path)))
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "figures"}
    assert used == set(figures.__all__)
