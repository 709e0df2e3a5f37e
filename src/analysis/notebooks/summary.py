"""What moved: one screen that ends ``make test``, that ``make all`` prints when a run differs from the accepted
references, that ``make accept`` prints before it writes, and that ``python -m analysis diff`` prints on demand
(like ``dvc metrics diff``).

It lists every key result that moved beyond its tolerance (name, stored → new, relative change), every claim
that no longer holds or whose margin changed, every notebook output that differs from its stored reference as
a reader would see it (the cells of a table, the lines of a text, a figure by the measure of
:mod:`analysis.figures.compare`, with its stored, new and difference images), and every raw file whose checksum
changed since the references were accepted. ``make accept`` records what the references rest on:
``notebooks/accepted_inputs.json`` (raw checksums) and ``notebooks/accepted_claims.json`` (each claim's margin).
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..paths import layout, raw_file
from . import claims
from .results import compare, load_actual, load_expected

ACCEPTED_INPUTS = "accepted_inputs.json"
ACCEPTED_CLAIMS = "accepted_claims.json"
#: A claim's margin (how far its numbers are from making it false) has changed when it moved by more than this
#: (margins are fractions: 0.001 is a tenth of a percentage point).
MARGIN_TOLERANCE = 1e-3


def raw_checksums(root=None) -> dict[str, str]:
    """sha256 of every raw file, as the manifest registers them."""
    from ..data.manifest import load_manifest

    manifest = load_manifest(layout(root).raw)
    return {raw_file(p): s for p, s in zip(manifest["path"], manifest["sha256"])}


def _margins(recorded: dict[str, list[dict]]) -> dict[str, dict[str, float | None]]:
    return {nb: {c["id"]: c.get("margin") for c in items} for nb, items in sorted(recorded.items())}


def record_accepted(results: Path, root=None) -> list[Path]:
    """Record what the accepted references rest on (called by ``make accept``): the raw files' checksums and the
    margin of every claim of the accepted run (``results``: its key results and claims folder)."""
    folder = layout(root).notebooks
    inputs, margins = folder / ACCEPTED_INPUTS, folder / ACCEPTED_CLAIMS
    inputs.write_text(json.dumps(raw_checksums(root), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    recorded = claims.load(Path(results) / "claims") if (Path(results) / "claims").is_dir() else {}
    margins.write_text(json.dumps(_margins(recorded), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return [inputs, margins]


def changed_inputs(root=None) -> list[str]:
    """Raw files added, removed or changed since the references were accepted."""
    path = layout(root).notebooks / ACCEPTED_INPUTS
    if not path.is_file():
        return [f"{path.name} is missing: run `make accept` to record the raw files the references rest on"]
    then = json.loads(path.read_text(encoding="utf-8"))
    now = raw_checksums(root)
    return (
        [f"{p} changed" for p in sorted(set(now) & set(then)) if now[p] != then[p]]
        + [f"{p} added" for p in sorted(set(now) - set(then))]
        + [f"{p} removed" for p in sorted(set(then) - set(now))]
    )


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not math.isnan(v)


def changed_claims(results: Path, root=None) -> list[str]:
    """Claims of a run that do not hold, and claims whose margin moved (or that appeared or went) since the
    references were accepted."""
    recorded = claims.load(Path(results) / "claims") if (Path(results) / "claims").is_dir() else {}
    out = [
        f"{nb} [{c['id']}] does not hold: {c['sentence']}  ({c['numbers']})"
        for nb, items in recorded.items()
        for c in items
        if not c["holds"]
    ]
    path = layout(root).notebooks / ACCEPTED_CLAIMS
    if not path.is_file():
        return out + [f"{path.name} is missing: run `make accept` to record the claims the references make"]
    then, now = json.loads(path.read_text(encoding="utf-8")), _margins(recorded)
    for nb in sorted(set(then) & set(now)):
        for cid in sorted(set(then[nb]) | set(now[nb])):
            if cid not in now[nb]:
                out.append(f"{nb} [{cid}] is no longer recorded")
            elif cid not in then[nb]:
                out.append(f"{nb} [{cid}] is new (margin {now[nb][cid]}; run `make accept` to record it)")
            else:
                a, b = then[nb][cid], now[nb][cid]
                if _number(a) and _number(b):
                    if abs(a - b) > MARGIN_TOLERANCE:
                        out.append(f"{nb} [{cid}] margin moved from {a:.3g} to {b:.3g}")
                elif a != b:
                    out.append(f"{nb} [{cid}] margin changed from {a!r} to {b!r}")
    return out


#: How the notebook stage's messages of what moved begin (see ``tests/nbval_project.py``).
_MOVED = (
    "figure moved",
    "output ",
    "the cell shows",
    "ClaimFailed",
    "Missing output",
    "Unexpected output",
    "dissimilar",
)


def failed_cells(junit: Path) -> list[str]:
    """Notebook cells that failed or differed in a JUnit report of the nbval stage, each with the first thing
    that moved in it."""
    if not Path(junit).is_file():
        return [f"no report of the notebook stage ({junit}): it did not run"]
    out = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        failure = case.find("failure") if case.find("failure") is not None else case.find("error")
        if failure is None:
            continue
        folder, _, notebook = case.get("classname", "").partition(".")  # "notebooks.05-who-pays.ipynb"
        text = re.sub(
            r"(\x1b|#x1B)\[[0-9;]*m", "", failure.text or failure.get("message") or ""
        )  # no colour codes (escaped in JUnit XML)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        first = next((i for i, line in enumerate(lines) if line.startswith(_MOVED)), None)
        shown = ""
        if first is not None:
            what = lines[first].rstrip(":")
            if what.startswith("output ") and first + 1 < len(lines):
                what += ": " + lines[first + 1]  # the first cell or line of it that moved
            shown = f"  ({what})"
        out.append(f"{folder}/{notebook}::{case.get('name')}{shown}")
    return out


def moved_outputs(executed: Path, root=None, images: Path | None = None) -> list[str]:
    """Outputs of the notebooks executed into ``executed`` that differ from the stored references."""
    from .outputs import notebook_differences, sanitizer

    import shutil

    lay = layout(root)
    clean = sanitizer(lay.notebooks / "sanitize.cfg")
    if images is not None:  # only this comparison's images: none left from an earlier one
        shutil.rmtree(images, ignore_errors=True)
    out = []
    for ref in sorted(lay.notebooks.glob("[0-9][0-9]-*.ipynb")):
        run = Path(executed) / ref.name
        if run.is_file():
            out += notebook_differences(ref, run, clean, images)
    return out


def summary_lines(
    run: Path,
    junit: Path | None = None,
    root=None,
    executed: Path | None = None,
    images: Path | None = None,
    partial: bool = False,
) -> list[str]:
    """What moved in one run, as lines to print. ``run`` holds the run's ``results/`` (or is that folder);
    notebook outputs come from the nbval report ``junit`` (``make test``) or from the executed notebooks in
    ``executed`` (``make all``, ``make accept``, ``python -m analysis diff``). ``partial``: the run may hold some
    notebooks only (``analysis run``): the others are not compared, and the first line says which were."""
    run = Path(run)
    results = run / "results" if (run / "results").is_dir() else run
    expected_all, actual = load_expected(layout(root).key_results), load_actual(results)
    expected = {nb: items for nb, items in expected_all.items() if nb in actual} if partial else expected_all
    moved = compare(expected, actual)  # beyond tolerance
    cells = failed_cells(junit) if junit is not None else []
    if executed is not None:
        cells += moved_outputs(executed, root, images)
    diffs = run / "image-diffs"
    pictures = [
        f"{p.name.removesuffix('-reference.png')}: {p.parent}/{p.name.removesuffix('reference.png')}"
        "{reference,this-run,difference}.png"
        for folder in (diffs, images)
        if folder is not None and Path(folder).is_dir()
        for p in sorted(Path(folder).glob("*-reference.png"))
    ]
    noise = sum(
        1
        for nb, items in load_actual(results).items()
        for name, value in items.items()
        if name in expected.get(nb, {})
        and value != expected[nb][name]["value"]
        and not any(m.startswith(f"{nb}: {name} ") for m in moved)
    )
    lines = ["== what moved in this run"]
    if partial and set(expected) != set(expected_all):
        lines.append(
            f"(compared: {', '.join(sorted(actual)) or 'no notebook'}, the notebooks whose results this run "
            f"holds; the other {len(set(expected_all) - set(expected))} are not part of it)"
        )
    for title, items in (
        ("key results that moved", moved),
        ("claims that do not hold or whose margin changed", changed_claims(results, root)),
        ("notebook outputs that differ from their stored references", cells),
        ("figures that moved (stored, new and difference images)", pictures),
        ("raw files changed since the references were accepted", changed_inputs(root)),
    ):
        lines.append(f"{title}: {len(items) or 'none'}")
        lines += [f"  - {item}" for item in items]
    if noise:
        lines.append(
            f"({noise} key results differ from the accepted values in their last digits only, within "
            "their tolerances: float noise, not a change)"
        )
    return lines


def anything_moved(lines: list[str]) -> bool:
    """Whether a summary lists anything."""
    return any(line.startswith("  - ") for line in lines)
