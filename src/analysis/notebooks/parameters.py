"""A notebook's parameters, checked one way whichever route sets them.

A notebook's ``parameters`` cell (papermill's tag) assigns each parameter its default, with a comment. A value
can come from ``python -m analysis run -p NAME VALUE`` (text, typed here by the default's type), from a plain
``papermill … -p NAME VALUE`` run (injected as a Python value) or from the default. Every notebook's cell after
its parameters creates its run, ``run = setup("NN-name", globals())`` (:func:`analysis.notebooks.run.start`),
so all three routes are checked by the same :func:`check` inside the notebook: a province given in English,
pinyin or Chinese becomes the English name the tables use, and a wrong value stops the notebook in one line
naming the parameter and what it accepts.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Mapping

#: Parameters that name a province: English, pinyin or Chinese, in any case; passed on as the English name.
PROVINCE_PARAMETERS = ("PROVINCE",)
#: The parameter that sets the language of a notebook's figures.
LANGUAGE_PARAMETER = "FIGURE_LANG"
#: Parameters whose default is None but that otherwise take a number (a step in yuan, a growth rate).
NUMBERS = ("PREMIUM_STEP", "PREMIUM_GROWTH", "INCOME_GROWTH")
#: Parameters that take one of a few values.
CHOICES: dict[str, tuple] = {
    "PREMIUM_MODEL": ("yuan", "percent"),
    "GROUP": (None, "Q1 (lowest fifth)"),
}


class ParameterError(ValueError):
    """A parameter value the notebook cannot take. Shown as one line in a notebook (no traceback)."""

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"ParameterError: {self}"]


def defaults(notebook: Path) -> dict[str, object]:
    """The parameters of a notebook (its cell tagged ``parameters``) and their default values, in order."""
    nb = json.loads(Path(notebook).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            out = {}
            for node in ast.parse(source).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    out[node.targets[0].id] = ast.literal_eval(node.value)
            return out
    raise ParameterError(f"{Path(notebook).name} has no cell tagged 'parameters'")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _expected(default) -> str:
    if isinstance(default, bool):
        return "True or False"
    if isinstance(default, int):
        return "a whole number"
    if isinstance(default, float):
        return "a number such as 0.05"
    if isinstance(default, tuple):
        return f"{len(default)} values, e.g. {default!r}"
    return "text"


def check(notebook: Path, values: Mapping[str, object]) -> dict[str, object]:
    """``values`` checked against the notebook's parameters: each name must be one of them; a value must have
    its default's type (a whole number where the default is one, a number where it is a decimal, text where it
    is text; a ``None`` default takes a number, ``None``, a boolean or text), be one of its choices where it has
    some, and a province must be one. Returns the values as the notebook uses them (a province as its English
    name); raises :class:`ParameterError` with one line."""
    from ..data.regions import NATIONAL, name_en, reference, try_code
    from ..languages import LANGS

    known = defaults(notebook)
    out: dict[str, object] = {}
    for name, value in values.items():
        if name not in known:
            raise ParameterError(
                f"{Path(notebook).name} has no parameter {name!r}; its parameters are {', '.join(known)}"
            )
        default = known[name]
        if name == LANGUAGE_PARAMETER and value not in LANGS:
            raise ParameterError(f"{name}: {value!r} is not a figure language; use one of {', '.join(LANGS)}")
        if name in PROVINCE_PARAMETERS and value is not None:
            code = try_code(str(value))
            if code is None or code == NATIONAL:
                raise ParameterError(
                    f"{name}: {value!r} is not a province; use one of "
                    f"{', '.join(reference()['name_en'])} (or its pinyin or Chinese name), or None"
                )
            out[name] = name_en(code)
            continue
        if name in NUMBERS and value is not None and not _is_number(value):
            raise ParameterError(f"{name} expects a number such as 0.05, or None (default {default!r}); got {value!r}")
        if name in CHOICES and value not in CHOICES[name]:
            raise ParameterError(f"{name}: {value!r} is not one of {', '.join(map(repr, CHOICES[name]))}")
        fits = (
            default is None
            and (value is None or isinstance(value, (bool, int, float, str)))
            or isinstance(default, bool)
            and isinstance(value, bool)
            or isinstance(default, int)
            and not isinstance(default, bool)
            and isinstance(value, int)
            and not isinstance(value, bool)
            or isinstance(default, float)
            and _is_number(value)
            or isinstance(default, str)
            and isinstance(value, str)
            or isinstance(default, tuple)
            and isinstance(value, (tuple, list))
            and len(value) == len(default)
        )
        if not fits:
            raise ParameterError(f"{name} expects {_expected(default)} (default {default!r}); got {value!r}")
        out[name] = tuple(value) if isinstance(default, tuple) and isinstance(value, (tuple, list)) else value
    return out


def from_text(notebook: Path, given: Mapping[str, str]) -> dict[str, object]:
    """Command-line parameters (text) read by the type of each default, then :func:`check`-ed. A rate is
    written as a decimal (``0.05``, not ``5%``); ``None``, ``True`` and ``False`` are read as such."""
    known = defaults(notebook)
    typed: dict[str, object] = {}
    for name, text in given.items():
        default = known.get(name)
        if text.endswith("%"):
            raise ParameterError(f"{name}: {text!r} — write rates as decimals, 5% as 0.05")
        if isinstance(default, str) or name in PROVINCE_PARAMETERS and text not in ("None", "none"):
            typed[name] = text
        elif isinstance(default, bool):
            typed[name] = {"true": True, "false": False}.get(text.lower(), text)
        else:
            typed[name] = parse_value(text)
            value = typed[name]
            if isinstance(default, float) and isinstance(value, int):
                typed[name] = float(value)
    return check(notebook, typed)


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


def notebook_path(name: str, root=None) -> Path:
    """The notebook ``name`` (``"05-who-pays"``): in the project's ``notebooks/`` folder, or (a project root
    holding only data, as the tests build) in that of this package's checkout."""
    from ..paths import PACKAGE_DIR, layout

    folders = (layout(root).notebooks, PACKAGE_DIR.parents[1] / "notebooks")
    return next((f / f"{name}.ipynb" for f in folders if (f / f"{name}.ipynb").is_file()), folders[0] / f"{name}.ipynb")
