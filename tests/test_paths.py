"""Where things live: the raw folder and the per-language folders are written out in analysis.paths only, and
tier names and the national code are imported constants, never repeated as literals."""

import ast
import re
from pathlib import Path

from analysis.paths import RAW_DIR, language_folder, raw_file

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "analysis"


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module's code (f-string parts included), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body
        and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """A notebook's code lines (its .py pair without the markdown and comment lines)."""
    return [(i, line) for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if not line.lstrip().startswith("#")]


class TestRawFile:
    def test_a_raw_file_is_cited_from_the_project_root(self):
        assert raw_file("yearbook/csy2012_21-21.csv") == "data/raw/yearbook/csy2012_21-21.csv"
        assert raw_file() == RAW_DIR + "/"

    def test_no_other_module_writes_the_raw_folder_out(self):
        found = [f"{p.relative_to(SRC)}:{line}" for p in sorted(SRC.rglob("*.py")) if p.name != "paths.py"
                 for line, s in _strings(p) if "data/raw" in s]
        assert found == []

    def test_the_notebooks_do_not_either(self):
        found = [f"{p.name}:{i}" for p in sorted((ROOT / "notebooks").glob("*.py")) for i, line in _code_lines(p)
                 if re.search(r"""["']data/raw/""", line)]
        assert found == []


class TestLanguageFolder:
    def test_english_in_the_folder_itself_any_other_language_in_its_subfolder(self, tmp_path):
        assert language_folder(tmp_path, "en") == tmp_path
        assert language_folder(tmp_path, "zh") == tmp_path / "zh"


class TestConstantsNotLiterals:
    #: "evidence" and "derived" also name a table, a family and a catalog section, so only these are searched for.
    LITERALS = ("000000", "official-table", "official-database-export-secondary", "compiled-series")

    def test_tier_names_and_the_national_code_are_defined_once_in_the_package(self):
        homes = {"data/manifest.py", "data/regions.py"}
        found = [f"{p.relative_to(SRC)}:{line} {s!r}" for p in sorted(SRC.rglob("*.py"))
                 if p.relative_to(SRC).as_posix() not in homes for line, s in _strings(p) if s in self.LITERALS]
        assert found == []

    def test_notebooks_name_tiers_and_national_rows_by_the_constants(self):
        literal = re.compile(r"""["'](000000|official-table|official-database-export-secondary|compiled-series)["']"""
                             r"""|\["tier"\]\.eq\(["']""")
        found = [f"{p.name}:{i}" for p in sorted((ROOT / "notebooks").glob("*.py")) for i, line in _code_lines(p)
                 if literal.search(line)]
        assert found == []
