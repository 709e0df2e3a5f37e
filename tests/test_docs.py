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


#: A project file named in the package's docstrings and comments: a path into docs/, notebooks/ or the package,
#: the raw data's README or manifest, or a top-level document (README.md, CONTRIBUTING.md: upper-case names).
#: Bare lower-case names such as ``codebook.md`` are files the package writes, and raw-file paths in examples
#: (``data/raw/yearbook/x.csv``) stand for any file, so neither is looked for.
NAMED_FILE = re.compile(
    r"(?<![\w/.-])((?:docs|notebooks|src/analysis)/[\w./-]+\.\w+|data/raw/(?:README\.md|manifest\.csv)|[A-Z][A-Z_]*\.md)\b")


def test_every_project_file_the_package_names_exists():
    named = {(py.relative_to(ROOT).as_posix(), name)
             for py in sorted((ROOT / "src" / "analysis").rglob("*.py"))
             for name in NAMED_FILE.findall(py.read_text(encoding="utf-8"))}
    missing = sorted(f"{py}: {name}" for py, name in named if not (ROOT / name).exists())
    assert named and missing == [], f"the package names files that are not in the repository: {missing}"
