"""The headline findings in README: each notebook's Answer, taken from the committed notebook, never typed twice.

README holds a block between ``<!-- findings:start -->`` and ``<!-- findings:end -->`` with, per notebook, its
title and its Answer, each ``[claim:id]`` marker a link to the notebook that checks it. ``make accept`` rewrites
the block from the references it stores; a test fails when README and the notebooks disagree.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..paths import layout
from .claims import MARKER, answer_text

START, END = "<!-- findings:start -->", "<!-- findings:end -->"


def _first_cell(path: Path) -> str:
    cell = json.loads(path.read_text(encoding="utf-8"))["cells"][0]
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def findings_block(root=None) -> str:
    """The Markdown of README's findings block, from the committed notebooks' Answers."""
    lay = layout(root)
    lines = [START, ""]
    for path in sorted(lay.notebooks.glob("[0-9][0-9]-*.ipynb")):
        first = _first_cell(path)
        title = re.sub(r"^#\s*", "", first.strip().splitlines()[0]).strip()
        link = f"notebooks/{path.name}"
        answer = MARKER.sub(lambda m: f"[[claim:{m.group(1)}]]({link})", answer_text(first))
        stop = "" if title.endswith(("?", ".", "!")) else "."
        lines.append(f"- **{title}{stop}** {answer}")
    return "\n".join(lines + ["", END])


def update_readme(root=None) -> Path:
    """Rewrite README's findings block from the notebooks; return README's path."""
    readme = layout(root).root / "README.md"
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{readme}: no findings block ({START} … {END}) to write")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + findings_block(root) + tail, encoding="utf-8")
    return readme
