"""The documentation a newcomer reads: README short, every link in it and in docs/ resolving."""

import re

import pytest

from conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_readme_keeps_what_a_newcomer_needs_first_in_under_200_lines():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    for needed in ("make all", "make test", "## Headline findings", "## The notebooks", "## How to cite"):
        assert needed in text


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_resolves(doc):
    text = doc.read_text(encoding="utf-8")
    missing = [target for target in LINK.findall(text)
               if "://" not in target and not (doc.parent / target).exists()]
    assert missing == [], f"{doc.name} links to files that do not exist: {missing}"
