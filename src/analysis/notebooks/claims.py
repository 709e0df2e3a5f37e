"""Checked claims: every finding a notebook states is a sentence with the finding that makes it true.

>>> from analysis.notebooks import vocabulary as v
>>> slower = v.slower_than(subsidy_cagr, income_cagr)
>>> run.claim("subsidy-slower", f"The subsidy grew {slower} rural income.", slower,
...           subsidy_cagr=subsidy_cagr, income_cagr=income_cagr)

(``run`` is the notebook's :class:`~analysis.notebooks.run.Run`, which calls :func:`check` here with its
notebook and its claims folder.)

The words of a finding come from :mod:`analysis.notebooks.vocabulary`, which gives each one meaning and
records the claim's **margin** (how far its numbers are from making it false). A plain boolean is still
accepted (for a finding no word of the vocabulary states, such as which years a table covers) and is
recorded without a margin.

Each check is recorded with its numbers in ``<results>/claims/<notebook>.json`` (``build/results/claims/`` for
the default run; the run's folder otherwise), whether it holds or not, and a claim that does not hold stops the
notebook with one line naming the notebook, the id, the sentence and the numbers. So ``make all``,
``make test``, ``python -m analysis run`` and a plain papermill run all stop on a claim that a
change in the data or the code made false, and ``python -m analysis claims`` lists them all.

A notebook's **Answer** marks each sentence with the claim behind it, ``[claim:subsidy-slower]``;
the test suite fails when an Answer sentence has no marker or a marker names a claim the notebook
does not record.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, Mapping

from ..paths import layout

#: How an Answer sentence names the claim behind it.
MARKER = re.compile(r"\[claim:([a-z0-9][a-z0-9-]*)\]")
#: Claim ids: lower-case words joined by hyphens.
CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class ClaimFailed(AssertionError):
    """A claim that the numbers do not support. Shown as one line in a notebook (no traceback)."""

    def __init__(self, notebook: str, claim_id: str, sentence: str, numbers: Mapping[str, object]):
        self.notebook, self.claim_id, self.sentence, self.numbers = notebook, claim_id, sentence, dict(numbers)
        shown = ", ".join(f"{k}={_fmt(v)}" for k, v in self.numbers.items())
        super().__init__(f'claim does not hold: {notebook} [{claim_id}] "{sentence}" ({shown})')

    def _render_traceback_(self) -> list[str]:  # IPython shows this instead of a traceback
        return [f"ClaimFailed: {self}"]


def _fmt(v) -> str:
    return f"{v:.6g}" if isinstance(v, float) else repr(v)


def _plain(v):
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    raise TypeError(f"claim number of type {type(v).__name__}: record numbers, text or booleans")


def claims_dir(root=None) -> Path:
    return layout(root).results / "claims"


def check(
    notebook: str, folder: Path, claim_id: str, sentence: str, holds, numbers: Mapping[str, Any], fresh: bool = False
) -> bool:
    """Record a claim of ``notebook`` with the numbers it rests on in ``folder/<notebook>.json`` (``fresh``: the
    notebook's first claim of this run, replacing what an earlier run recorded); raise :class:`ClaimFailed` if
    it does not hold. Notebooks call it through their run: ``run.claim(…)``.

    ``holds`` is a :class:`~analysis.notebooks.vocabulary.Finding` (its inputs are recorded as numbers,
    with its margin and its structure) or a real boolean computed from the numbers (a missing number
    makes a comparison False, so a claim on a gap fails rather than passing silently).
    """
    if not CLAIM_ID.fullmatch(claim_id):
        raise ValueError(f"claim id {claim_id!r}: use lower-case words joined by hyphens")
    from .vocabulary import Finding, input_paths

    finding = holds if isinstance(holds, Finding) else None
    if finding is not None:
        holds = finding.holds
        numbers = {k: v for k, v in input_paths(finding.record()).items() if k not in numbers} | dict(numbers)
    if hasattr(holds, "item"):
        holds = holds.item()
    if not isinstance(holds, bool):
        raise TypeError(
            f"claim {claim_id!r}: holds must be a boolean or a vocabulary Finding, not {type(holds).__name__}"
        )
    record = {
        "id": claim_id,
        "sentence": sentence,
        "holds": holds,
        "numbers": {k: _plain(v) for k, v in numbers.items()},
        "margin": None
        if finding is None
        else _plain(finding.margin if math.isfinite(finding.margin) else float("nan")),
        "knife_edge": None if finding is None else finding.knife_edge,
        "finding": None if finding is None else finding.record(),
    }
    path = Path(folder) / f"{notebook}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.exists() and not fresh else []
    recorded = [r for r in recorded if r["id"] != claim_id] + [record]
    path.write_text(json.dumps(recorded, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if not holds:
        raise ClaimFailed(notebook, claim_id, sentence, numbers)
    return True


def load(directory: Path | None = None) -> dict[str, list[dict]]:
    """Claims recorded by the last run, by notebook."""
    directory = Path(directory) if directory is not None else claims_dir()
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))}


def markers(text: str) -> list[str]:
    """Claim ids named by ``[claim:…]`` markers in ``text``, in order."""
    return MARKER.findall(text)


def notebook_file(notebook: str, root=None) -> Path:
    """The committed notebook ``notebooks/<notebook>.ipynb``."""
    from ..paths import layout

    return layout(root).notebooks / f"{notebook}.ipynb"


def notebook_answer(path: Path) -> str:
    """The first cell of the notebook at ``path`` (its question and Answer); empty when the file is missing."""
    import nbformat

    if not Path(path).is_file():
        return ""
    cells = nbformat.read(path, as_version=4).cells
    return cells[0].source if cells else ""


def answer_text(first_cell: str) -> str:
    """The Answer paragraph of a notebook's first cell: from ``**Answer.**`` to the next blank line."""
    body = first_cell.split("**Answer.**", 1)[1] if "**Answer.**" in first_cell else ""
    return " ".join(re.split(r"\n\s*\n", body.strip(), maxsplit=1)[0].split())


def answer_sentences(answer: str) -> list[str]:
    """The sentences of an Answer paragraph, each with the markers that follow it."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z])|(?<=\])\s+(?=[A-Z])", answer)
    out: list[str] = []
    for part in (p.strip() for p in parts if p.strip()):
        if MARKER.fullmatch(part.split()[0] if part.split() else "") and out:
            out[-1] += " " + part  # a marker on its own belongs to the sentence before it
        else:
            out.append(part)
    return out


def answer_problems(first_cell: str, recorded: set[str]) -> list[str]:
    """Sentences of a notebook's Answer without a claim marker, and markers naming claims the notebook did
    not record. Empty when every sentence is backed by a claim that was checked."""
    answer = answer_text(first_cell)
    if not answer:
        return ["no **Answer.** paragraph"]
    out = [f"sentence without a claim: {s!r}" for s in answer_sentences(answer) if not MARKER.search(s)]
    out += [f"marker names a claim the notebook does not record: {c}" for c in markers(answer) if c not in recorded]
    return out
