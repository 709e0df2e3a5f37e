"""README's headline findings are the committed notebooks' Answers, never a second typed copy."""

import shutil

from analysis.notebooks.findings import END, START, findings_block, update_readme
from conftest import ROOT


def readme_is_current(root) -> bool:
    """Whether README's findings block says what the committed notebooks' Answers say."""
    return findings_block(root) in (root / "README.md").read_text(encoding="utf-8")


def test_readme_states_the_findings_the_notebooks_check():
    assert readme_is_current(ROOT), "README's findings block is stale: run `make accept` (it rewrites it)"


def test_every_answer_is_listed_with_its_claims_linked_to_its_notebook():
    block = findings_block(ROOT)
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        assert f"](notebooks/{path.name})" in block, path.name
    assert "[claim:" not in block.replace("[[claim:", "")  # every marker became a link


def test_a_changed_answer_makes_readme_stale_until_accepted(tmp_path):
    (tmp_path / "data" / "raw").mkdir(parents=True)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks", ignore=shutil.ignore_patterns("*.py"))
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    assert readme_is_current(tmp_path)
    nb = next((tmp_path / "notebooks").glob("04-*.ipynb"))
    nb.write_text(nb.read_text(encoding="utf-8").replace("**Answer.** ", "**Answer.** Not so. ", 1), encoding="utf-8")
    assert not readme_is_current(tmp_path)
    update_readme(tmp_path)
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme_is_current(tmp_path) and text.count(START) == text.count(END) == 1 and "Not so." in text
