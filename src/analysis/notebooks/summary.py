"""What moved: the one summary that ends ``make test`` (and what ``make accept`` prints).

After both stages of the test suite have run (whatever their outcome), :func:`summary_lines` lists every
key result that moved beyond its tolerance (all of them, not the first), every claim that no longer
holds, every notebook cell whose output differs from its stored reference, every figure that moved (with the
stored, new and difference images written by the notebook stage), and every raw file whose
checksum changed since the references were accepted (``notebooks/accepted_inputs.json``, written by
``make accept``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from ..paths import layout
from . import claims
from .results import compare, load_actual, load_expected

ACCEPTED_INPUTS = "accepted_inputs.json"


def raw_checksums(root=None) -> dict[str, str]:
    """sha256 of every raw file, as the manifest registers them."""
    from ..data.manifest import load_manifest

    manifest = load_manifest(layout(root).raw)
    return {f"data/raw/{p}": s for p, s in zip(manifest["path"], manifest["sha256"])}


def record_accepted_inputs(root=None) -> Path:
    """Record the raw files' checksums beside the accepted references (called by ``make accept``)."""
    path = layout(root).notebooks / ACCEPTED_INPUTS
    path.write_text(json.dumps(raw_checksums(root), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path


def changed_inputs(root=None) -> list[str]:
    """Raw files added, removed or changed since the references were accepted."""
    path = layout(root).notebooks / ACCEPTED_INPUTS
    if not path.is_file():
        return [f"{path.name} is missing: run `make accept` to record the raw files the references rest on"]
    then = json.loads(path.read_text(encoding="utf-8"))
    now = raw_checksums(root)
    return ([f"{p} changed" for p in sorted(set(now) & set(then)) if now[p] != then[p]]
            + [f"{p} added" for p in sorted(set(now) - set(then))]
            + [f"{p} removed" for p in sorted(set(then) - set(now))])


def failed_cells(junit: Path) -> list[str]:
    """Notebook cells that failed or differed in a JUnit report of the nbval stage."""
    if not Path(junit).is_file():
        return [f"no report of the notebook stage ({junit}): it did not run"]
    out = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            folder, _, notebook = case.get("classname", "").partition(".")  # "notebooks.05-who-pays.ipynb"
            out.append(f"{folder}/{notebook}::{case.get('name')}")
    return out


def summary_lines(run: Path, junit: Path | None = None, root=None) -> list[str]:
    """The summary of one test run, as lines to print."""
    run = Path(run)
    moved = compare(load_expected(layout(root).key_results), load_actual(run / "results"))
    recorded = claims.load(run / "results" / "claims") if (run / "results" / "claims").is_dir() else {}
    false = [f"{nb} [{c['id']}] {c['sentence']}  ({c['numbers']})" for nb, items in recorded.items()
             for c in items if not c["holds"]]
    cells = failed_cells(junit) if junit is not None else []
    diffs = run / "image-diffs"
    pictures = [f"{p.name.removesuffix('-reference.png')}: {diffs}/{p.name.removesuffix('reference.png')}"
                "{reference,this-run,difference}.png" for p in sorted(diffs.glob("*-reference.png"))]
    inputs = changed_inputs(root)
    lines = ["== what moved in this run"]
    for title, items in (("key results that moved", moved), ("claims that do not hold", false),
                         ("notebook cells that differ from their stored references", cells),
                         ("figures that moved (stored, new and difference images)", pictures),
                         ("raw files changed since the references were accepted", inputs)):
        lines.append(f"{title}: {len(items) or 'none'}")
        lines += [f"  - {item}" for item in items]
    return lines
