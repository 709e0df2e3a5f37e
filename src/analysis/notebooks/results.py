"""Key results: the headline numbers each notebook's prose states, recorded and checked with tolerances.

Each notebook ends with ``run.record(…)`` (:func:`record`), which writes its numbers to
``<results>/<notebook>.json`` (``build/results/`` for the default run; the run's folder otherwise). The committed
``notebooks/key_results.json`` holds the accepted values with an absolute and a
relative tolerance each; :func:`compare` reports every number that moved beyond
them, and by how much. ``make accept`` updates the committed values.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Mapping

import pandas as pd

from ..paths import layout

#: Default tolerances: the numbers are computed deterministically from fixed inputs, so anything beyond
#: floating-point noise is a real change. Another CPU's BLAS kernels change robust fits in the 16th significant
#: digit (relative 1e-15), well inside these.
DEFAULT_ABS_TOL = 1e-9
DEFAULT_REL_TOL = 1e-9


def _plain(value) -> float | int | str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (int, float, str)):
        return value
    if hasattr(value, "item"):
        return _plain(value.item())
    raise TypeError(f"key result of type {type(value).__name__}: record numbers or text")


def record(notebook: str, values: Mapping[str, object], folder: Path) -> pd.DataFrame:
    """Write a notebook's headline numbers into ``folder/<notebook>.json`` (sorted, deterministic JSON) and return
    them as a table."""
    data = {k: _plain(v) for k, v in sorted(values.items())}
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{notebook}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return pd.DataFrame({"key result": list(data), "value": list(data.values())}).set_index("key result")


def load_actual(directory: Path) -> dict[str, dict]:
    """Key results recorded in ``directory``, by notebook."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(directory).glob("*.json"))}


def load_expected(path: Path | None = None) -> dict[str, dict]:
    return json.loads((path or layout().key_results).read_text(encoding="utf-8"))


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _within(old, new, abs_tol: float, rel_tol: float) -> bool:
    """Whether ``new`` equals the accepted ``old``: numbers within either tolerance, anything else exactly."""
    if _number(old) and _number(new):
        return math.isclose(new, old, abs_tol=abs_tol, rel_tol=rel_tol)
    return old == new


def _distinct(old, new) -> tuple[str, str]:
    """Two numbers with as few significant digits as tell them apart (at least 6, at most all 17)."""
    for digits in range(6, 18):
        a, b = f"{old:.{digits}g}", f"{new:.{digits}g}"
        if a != b:
            return a, b
    return repr(old), repr(new)


def compare(expected: Mapping[str, Mapping], actual: Mapping[str, Mapping]) -> list[str]:
    """Every key result that is missing, new, or moved beyond its tolerance, as readable messages."""
    problems = []
    for nb, items in sorted(expected.items()):
        got = actual.get(nb)
        if got is None:
            problems.append(f"{nb}: no results recorded (did the notebook run to its end?)")
            continue
        for name, spec in sorted(items.items()):
            if name not in got:
                problems.append(f"{nb}: {name} is no longer recorded (expected {spec['value']!r})")
                continue
            old, new = spec["value"], got[name]
            abs_tol = spec.get("abs_tol", DEFAULT_ABS_TOL)
            rel_tol = spec.get("rel_tol", DEFAULT_REL_TOL)
            if _within(old, new, abs_tol, rel_tol):
                continue
            if _number(old) and _number(new):
                rel = f", {100 * (new - old) / old:+.3g}%" if old else ""
                shown_old, shown_new = _distinct(old, new)
                problems.append(
                    f"{nb}: {name} moved from {shown_old} to {shown_new} ({new - old:+.6g}{rel}; "
                    f"tolerance abs {abs_tol:g}, rel {rel_tol:g})"
                )
            else:
                problems.append(f"{nb}: {name} changed from {old!r} to {new!r}")
        for name in sorted(set(got) - set(items)):
            problems.append(f"{nb}: new key result {name} = {got[name]!r} (run `make accept` to record it)")
    for nb in sorted(set(actual) - set(expected)):
        problems.append(f"{nb}: results recorded but none accepted (run `make accept`)")
    return problems


def accept(actual: Mapping[str, Mapping], path: Path | None = None) -> None:
    """Store ``actual`` as the accepted key results, keeping tolerances already set for each number."""
    path = path or layout().key_results
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    new: dict[str, dict] = {}
    for nb, items in sorted(actual.items()):
        new[nb] = {}
        for name, value in sorted(items.items()):
            prev = old.get(nb, {}).get(name, {})
            abs_tol, rel_tol = prev.get("abs_tol", DEFAULT_ABS_TOL), prev.get("rel_tol", DEFAULT_REL_TOL)
            if "value" in prev and _within(prev["value"], value, abs_tol, rel_tol):
                value = prev["value"]  # the stored value still holds: no churn in the last digits
            new[nb][name] = {"value": value, "abs_tol": abs_tol, "rel_tol": rel_tol}
    path.write_text(json.dumps(new, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
