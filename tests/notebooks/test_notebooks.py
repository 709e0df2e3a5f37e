"""The notebooks' shape, their text pairs, and the runner (with a real kernel)."""

import json
import os

import shutil

import nbformat
import pytest

from analysis.notebooks.parameters import parse_value
from analysis.notebooks.execute import execute, inject_parameters, pair_differences
from analysis.notebooks.runner import notebook_paths, run_all, run_one
from conftest import ROOT

NOTEBOOKS = notebook_paths(ROOT)


def test_the_notebooks_are_numbered_in_reading_order():
    assert [p.name[:3] for p in NOTEBOOKS] == [f"{i:02d}-" for i in range(1, 11)]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
class TestNotebookShape:
    def test_opens_with_the_question_and_the_answer(self, path):
        first = nbformat.read(path, as_version=4).cells[0]
        assert first.cell_type == "markdown" and "**Question.**" in first.source and "**Answer.**" in first.source

    def test_one_imports_cell_then_one_parameters_cell(self, path):
        code = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        assert code[0].source.lstrip().startswith("from analysis import")
        tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1 and tagged[0] is code[1]
        assert all(line.split("=")[0].strip().isupper() for line in tagged[0].source.splitlines() if "=" in line)
        assert all("#" in line for line in tagged[0].source.splitlines() if "=" in line)  # each parameter commented
        assert sum("import " in c.source for c in code) == 1

    def test_has_stored_outputs_and_saves_figures(self, path):
        nb = nbformat.read(path, as_version=4)
        assert all(c.outputs for c in nb.cells if c.cell_type == "code" and c.source.strip().endswith(("fig", "say(")))
        assert any("run.export(" in c.source for c in nb.cells)

    def test_states_its_caveats(self, path):
        assert any("caveat" in c.source.lower() or "What is missing" in c.source
                   for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")

    def test_paired_text_version_is_in_sync(self, path):
        assert pair_differences(path) == [], f"run `jupytext --sync {path}`"


def test_pair_check_fails_when_the_text_version_drifts(tmp_path):
    src = NOTEBOOKS[0]
    shutil.copy(src, tmp_path / src.name)
    py = src.with_suffix(".py").read_text(encoding="utf-8")
    (tmp_path / src.with_suffix(".py").name).write_text(py.replace("LAST_YEAR = 2025", "LAST_YEAR = 2024"),
                                                        encoding="utf-8")
    diffs = pair_differences(tmp_path / src.name)
    assert len(diffs) == 1 and "LAST_YEAR" in diffs[0]


class TestATextVersionEditedAfterItsNotebook:
    """A notebook edited as its .py (in a text editor) and not synced: the run would execute the .ipynb without the
    edit. The main job stops before executing anything, with one line naming the file and the first difference."""

    def _copy(self, tmp_path, edit):
        import os
        src = NOTEBOOKS[0]
        (tmp_path / "notebooks").mkdir()
        nb, py = tmp_path / "notebooks" / src.name, tmp_path / "notebooks" / src.with_suffix(".py").name
        shutil.copy(src, nb)
        py.write_text(edit(src.with_suffix(".py").read_text(encoding="utf-8")), encoding="utf-8")
        os.utime(nb, (1_700_000_000, 1_700_000_000))  # the .py saved after the notebook
        return nb

    def test_an_unsynced_edit_stops_the_run_with_one_line(self, tmp_path):
        from analysis.errors import NotebookFailed
        self._copy(tmp_path, lambda text: text.replace("LAST_YEAR = 2025", "LAST_YEAR = 2024"))
        with pytest.raises(NotebookFailed) as err:
            run_all(root=tmp_path, progress=lambda _: None)
        assert len(err.value.failures) == 1
        line = err.value.failures[0]
        assert line.startswith("notebooks/01-data-coverage.py was edited after notebooks/01-data-coverage.ipynb and "
                               "differs from it (cell ") and "LAST_YEAR = 2025" in line and "LAST_YEAR = 2024" in line
        assert "01-data-coverage.ipynb has '" in line and "01-data-coverage.py '" in line  # which side is which
        assert line.endswith("run `.venv/bin/jupytext --sync notebooks/01-data-coverage.py` first")

    def test_a_text_version_saved_later_but_unchanged_is_fine(self, tmp_path):
        from analysis.notebooks.execute import edited_text_version
        assert edited_text_version(self._copy(tmp_path, lambda text: text)) == []


class TestParameters:
    @pytest.mark.parametrize("text, value", [("0.05", 0.05), ("3", 3), ("None", None), ("Gansu", "Gansu"),
                                             ("True", True)])
    def test_parse_value_without_eval(self, text, value):
        assert parse_value(text) == value

    def test_injected_cell_follows_the_parameters_cell(self):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import math"),
                                             nbformat.v4.new_code_cell("X = 1  # x", metadata={"tags": ["parameters"]})])
        out = inject_parameters(nb, {"X": 2})
        assert out.cells[2].source.strip().endswith("X = 2") and out.cells[2].metadata["tags"] == ["injected-parameters"]
        assert len(nb.cells) == 2  # input unchanged

    def test_injection_is_papermills_own(self, tmp_path):
        """`analysis run` and a plain papermill run give the same injected cell."""
        import papermill
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("X = 1  # x", metadata={"tags": ["parameters"]}),
                                             nbformat.v4.new_code_cell("print(X)")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, tmp_path / "in.ipynb")
        papermill.execute_notebook(str(tmp_path / "in.ipynb"), str(tmp_path / "pm.ipynb"),
                                   parameters={"X": 2.5, "PROVINCE": "Gansu"}, prepare_only=True, progress_bar=False)
        theirs = [c.source for c in nbformat.read(tmp_path / "pm.ipynb", as_version=4).cells]
        ours = [c.source for c in inject_parameters(nb, {"X": 2.5, "PROVINCE": "Gansu"}).cells]
        assert ours == theirs and 'PROVINCE = "Gansu"' in ours[1]


class TestRunner:
    @pytest.fixture
    def tiny(self, tmp_path):
        nb = nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("X = 1  # x", metadata={"tags": ["parameters"]}),
            nbformat.v4.new_code_cell("print(X * 10)")])
        path = tmp_path / "nb" / "tiny.ipynb"
        path.parent.mkdir()
        nbformat.write(nb, path)
        return path

    def test_run_with_parameters_writes_elsewhere_and_leaves_the_notebook(self, tiny, tmp_path):
        before = tiny.read_bytes()
        out = run_one(tiny, {"X": 4}, tmp_path / "runs")
        assert tiny.read_bytes() == before
        assert out.parent == tmp_path / "runs" and "X=4" in out.name
        assert nbformat.read(out, as_version=4).cells[-1].outputs[0]["text"] == "40\n"

    def test_a_parameterised_run_is_given_its_own_output_folder(self, tiny, tmp_path):
        nb = nbformat.read(tiny, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell("print(OUTPUT_DIR)"))
        nbformat.write(nb, tiny)
        out = run_one(tiny, {"X": 2}, tmp_path / "runs")
        assert out == tmp_path / "runs" / "tiny--X=2.ipynb"
        assert nbformat.read(out, as_version=4).cells[-1].outputs[0]["text"] == f"{tmp_path / 'runs' / 'tiny--X=2'}\n"

    def test_the_longest_notebooks_are_handed_to_the_workers_first(self, tmp_path, monkeypatch, built):
        """make all runs notebooks two at a time: the longest (by stored size) start first, so the last to
        start are short and the workers end together (in reading order, 01, the longest, started last but one)."""
        import analysis.notebooks.runner as runner
        root = tmp_path / "project"
        shutil.copytree(built / "data", root / "data", symlinks=True)
        (root / "notebooks").mkdir()
        for name, size in {"01-a": 10, "02-b": 300, "03-c": 100, "04-d": 300}.items():
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")], metadata={"pad": "x" * size})
            nbformat.write(nb, root / "notebooks" / f"{name}.ipynb")
        started = []
        monkeypatch.setattr(runner, "execute", lambda src, dest, parameters: started.append(src.stem))
        monkeypatch.setattr(runner, "figures_present", lambda name, folder: False)
        runner.run_all(root, progress=lambda line: None, jobs=1)
        assert started == ["02-b", "04-d", "03-c", "01-a"]

    def test_refuses_to_overwrite_the_source(self, tiny):
        with pytest.raises(ValueError, match="refusing"):
            run_one(tiny, {}, tiny.parent)

    def test_executed_notebook_has_no_volatile_metadata(self, tiny, tmp_path):
        out = execute(tiny, tmp_path / "out.ipynb")
        nb = json.loads(out.read_text())
        assert nb["metadata"]["kernelspec"]["name"] == "china-rural-insurance"
        assert all("execution" not in c["metadata"] for c in nb["cells"])


class TestCacheKey:
    """A notebook reruns only when its cells, the package modules it imports or the tables it reads change."""

    def test_modules_followed_through_the_package_imports(self):
        from analysis.notebooks.cache import PACKAGE_DIR, modules_used
        used = {p.relative_to(PACKAGE_DIR).as_posix() for p in modules_used("from analysis import datasets")}
        assert {"datasets.py", "paths.py", "data/regions.py", "data/derive.py", "data/catalog.toml"} <= used
        assert not any(u.startswith(("figures/", "notebooks/")) for u in used)
        assert "data/readers.py" not in used and "data/build.py" not in used

    def test_lazy_imports_and_aliases_count(self):
        from analysis.notebooks.cache import PACKAGE_DIR, modules_used
        code = "from analysis import claims, figures\nfrom analysis.notebooks.helpers import setup"
        used = {p.relative_to(PACKAGE_DIR).as_posix() for p in modules_used(code)}
        # figures/save.py: imported lazily by the run's export
        assert {"notebooks/claims.py", "notebooks/run.py", "figures/plots.py", "figures/save.py", "datasets.py"} <= used

    @pytest.fixture
    def package_copy(self, tmp_path, monkeypatch):
        import analysis.notebooks.cache as cache
        copy = tmp_path / "analysis"
        shutil.copytree(cache.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(cache, "PACKAGE_DIR", copy)
        return copy

    def test_editing_an_imported_module_changes_the_key_and_an_unused_one_does_not(self, package_copy, built):
        from analysis.notebooks.cache import cache_key
        nb = ROOT / "notebooks" / "05-who-pays.ipynb"
        before = cache_key(nb, built)
        with open(package_copy / "data" / "readers.py", "a") as fh:
            fh.write("\n# a comment\n")
        assert cache_key(nb, built) == before  # the reader is not imported by the notebook: no rerun
        with open(package_copy / "figures" / "plots.py", "a") as fh:
            fh.write("\n# a comment\n")
        assert cache_key(nb, built) != before

    def test_editing_the_text_version_changes_the_key(self, built, tmp_path):
        """An edit made in the .py makes the notebook stale, so the main job checks it (it is not run silently
        without the edit, nor skipped as up to date)."""
        from analysis.notebooks.cache import cache_key
        nb = tmp_path / "05-who-pays.ipynb"
        shutil.copy(ROOT / "notebooks" / nb.name, nb)
        shutil.copy(ROOT / "notebooks" / "05-who-pays.py", nb.with_suffix(".py"))
        before = cache_key(nb, built)
        with open(nb.with_suffix(".py"), "a", encoding="utf-8") as fh:
            fh.write("\n# a comment\n")
        assert cache_key(nb, built) != before

    def test_editing_a_figure_label_changes_the_key(self, package_copy, built):
        """A changed Chinese (or English) text must redraw the figures: the label table counts like a module."""
        from analysis.notebooks.cache import cache_key, modules_used
        nb = ROOT / "notebooks" / "05-who-pays.ipynb"
        assert package_copy / "figures" / "labels.toml" in modules_used("from analysis import figures")
        before = cache_key(nb, built)
        labels = package_copy / "figures" / "labels.toml"
        labels.write_text(labels.read_text(encoding="utf-8").replace('zh = "个人缴费比重"', 'zh = "个人缴费占比"'),
                          encoding="utf-8")
        assert cache_key(nb, built) != before


@pytest.mark.slow
def test_a_plain_papermill_run_in_chinese_with_parameters_writes_where_its_run_says_and_equals_analysis_run(
        tmp_path, notebook_run):
    """`papermill notebooks/08-scenarios.ipynb out.ipynb -p PROVINCE 甘肃 -p FIGURE_LANG zh -p OUTPUT_DIR <folder>`,
    as a Chinese co-author would type it: the notebook itself reads the Chinese name as Gansu; every figure is
    drawn in Chinese (a figure with a Latin letter outside its source line fails the run), in every format, into
    <folder>/figures/zh/ beside nothing English; its key results (<folder>/results-zh) are those of `python -m
    analysis run … -p PROVINCE gansu` in English. The environment variables that once routed outputs are set to
    other folders: nothing goes there."""
    import subprocess
    import sys

    from analysis.notebooks.runner import check_parameters, run_one
    bogus = tmp_path / "bogus"
    env = dict(os.environ, ANALYSIS_FIGURES_DIR=str(bogus / "figures"), ANALYSIS_RESULTS_DIR=str(bogus / "results"),
               ANALYSIS_ROOT=str(bogus / "root"), ANALYSIS_FIGURES_DRAFT="1")
    out = tmp_path / "out.ipynb"
    nb = ROOT / "notebooks" / "08-scenarios.ipynb"
    r = subprocess.run([sys.executable, "-m", "papermill", str(nb), str(out), "-p", "PROVINCE", "甘肃",
                        "-p", "FIGURE_LANG", "zh", "-p", "OUTPUT_DIR", str(tmp_path / "gansu"),
                        "--cwd", str(ROOT / "notebooks"), "--no-progress-bar"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr[-2000:]
    # The parameters cell parses cleanly (papermill's own kernel still warns about TCP: not ours to change).
    assert [line for line in r.stderr.splitlines() if "WARNING" in line and "over TCP" not in line] == []
    assert not bogus.exists()
    figures_dir = tmp_path / "gansu" / "figures"
    figures = json.loads((figures_dir / "zh" / "manifest.json").read_text(encoding="utf-8"))
    english = json.loads((notebook_run / "figures" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(figures) == sorted(k for k, e in english.items() if e["notebook"] == "08-scenarios.ipynb")
    assert all(e["lang"] == "zh" and e["caption_source"].endswith("。") and "People's Daily" not in e["caption_source"]
               and e["overlapping_texts"] == [] and e["texts_outside_page"] == [] for e in figures.values())
    assert all(figures[k]["width_mm"] == english[k]["width_mm"] for k in figures)
    assert figures["08_scenario"]["parameters"]["地区"] == "甘肃"  # the place, in the figure's language
    assert (figures_dir / "zh" / "08_scenario.pdf").is_file()  # DRAFT_FIGURES not set: every format
    assert not list(figures_dir.glob("*.png"))  # only the Chinese set
    by_papermill = json.loads((tmp_path / "gansu" / "results-zh" / "08-scenarios.json").read_text(encoding="utf-8"))
    ours = run_one(nb, check_parameters(nb, {"PROVINCE": "gansu"}), tmp_path / "runs")
    assert ours == tmp_path / "runs" / "08-scenarios--PROVINCE=Gansu.ipynb"
    by_run = json.loads((ours.with_suffix("") / "results" / "08-scenarios.json").read_text())
    national = json.loads((ROOT / "notebooks" / "key_results.json").read_text())["08-scenarios"]["start_income"]
    assert by_papermill == by_run and by_run["start_income"] != national["value"]  # Gansu's, by either route
    # Its sentences describe Gansu's numbers: no national series named, no direction carried over from the default
    # run, no comparison with a 2025 figure Gansu does not have.
    shown = "\n".join(o["data"]["text/markdown"] for c in nbformat.read(out, as_version=4).cells if c.cell_type == "code"
                      for o in c.get("outputs", []) if "text/markdown" in o.get("data", {}))
    assert "Gansu's rural income has no 2025 figure in the material: no comparison with the threshold." in shown
    assert "National rural disposable income" not in shown and "restates the observed rise" not in shown
    import re
    end, start, way = re.search(r"and the index ([\d.]+)%, from ([\d.]+)%\. On this path the index (\w+)", shown).groups()
    assert way == ("rises" if float(end) > float(start) else "falls")  # the way the sentence's own numbers go


class TestOutputFolders:
    """Where a run writes, from its parameters alone (analysis.notebooks.run)."""

    DEFAULTS = {"PROVINCE": None, "END_YEAR": 2030, "FIGURE_LANG": "en", "OUTPUT_DIR": None, "DRAFT_FIGURES": False}

    def folders(self, root, **values):
        from analysis.notebooks.run import output_folders
        return output_folders("08-scenarios", {**self.DEFAULTS, **values}, self.DEFAULTS, root)

    def test_the_default_run_writes_the_deliverables(self, tmp_path):
        assert self.folders(tmp_path) == (tmp_path / "reports" / "figures", tmp_path / "build" / "results")
        assert self.folders(tmp_path, DRAFT_FIGURES=True) == self.folders(tmp_path)

    def test_the_default_run_in_chinese_writes_beside_the_english_one(self, tmp_path):
        assert self.folders(tmp_path, FIGURE_LANG="zh") == (tmp_path / "reports" / "figures" / "zh",
                                                            tmp_path / "build" / "results-zh")

    def test_a_run_with_another_parameter_never_replaces_the_default_outputs(self, tmp_path):
        run = tmp_path / "build" / "runs" / "08-scenarios--PROVINCE=Gansu-END_YEAR=2040"
        assert self.folders(tmp_path, PROVINCE="Gansu", END_YEAR=2040) == (run / "figures", run / "results")
        assert self.folders(tmp_path, END_YEAR=2030) == self.folders(tmp_path)  # a default given is a default

    def test_an_output_folder_given_holds_everything(self, tmp_path):
        given = tmp_path / "elsewhere"
        assert self.folders(tmp_path, OUTPUT_DIR=str(given), PROVINCE="Gansu") == (given / "figures",
                                                                                    given / "results")
        assert self.folders(tmp_path, OUTPUT_DIR=str(given), FIGURE_LANG="zh") == (given / "figures" / "zh",
                                                                                   given / "results-zh")


def test_no_package_code_a_notebook_reaches_reads_the_environment():
    """A notebook's outputs are routed by its run alone: no module a notebook imports (followed through the
    package's imports) reads an environment variable."""
    import re

    from analysis.notebooks.cache import modules_used
    code = "\n".join(c.source for nb in NOTEBOOKS for c in nbformat.read(nb, as_version=4).cells
                     if c.cell_type == "code")
    modules = [p for p in modules_used(code) if p.suffix == ".py"]
    assert any(p.name == "run.py" for p in modules) and any(p.name == "save.py" for p in modules)
    reading = {p.name: re.findall(r"os\.environ|getenv|ANALYSIS_\w+", p.read_text(encoding="utf-8"))
               for p in modules}
    assert {name: found for name, found in reading.items() if found} == {}


class TestDisplay:
    @pytest.mark.parametrize("value, shown", [(1774000.0, "1,774,000"), (23119.0, "23,119"), (98.9, "98.90"),
                                              (0.017301, "0.0173"), (float("nan"), "NaN")])
    def test_numbers_in_notebook_tables(self, value, shown):
        from analysis.notebooks.helpers import display_number
        assert display_number(value) == shown


class TestLanguageRuns:
    def test_only_a_known_language_and_never_as_the_reference(self):
        from analysis.notebooks.runner import run_all
        with pytest.raises(ValueError, match=r"--lang 'fr': the figure languages are en, zh"):
            run_all(ROOT, lang="fr")
        with pytest.raises(ValueError, match=r"--accept stores the English run as the reference"):
            run_all(ROOT, accept=True, lang="zh")

    def test_without_the_chinese_font_the_chinese_set_stops_in_one_line(self, project_built, capsys, monkeypatch):
        from analysis.cli import main
        from analysis.figures import style
        shutil.copytree(ROOT / "notebooks", project_built / "notebooks")
        monkeypatch.setattr(style, "font_available", lambda family=style.CJK_FONT: False)
        assert main(["--root", str(project_built), "figures", "--lang", "zh"]) == 1
        assert not (project_built / "build" / "notebooks" / "zh").exists()
        assert capsys.readouterr().err.splitlines()[-1] == (
            "error: Chinese figures need the font WenQuanYi Micro Hei (Debian package fonts-wqy-microhei): "
            "run `make fonts`")

    def test_a_chinese_run_keeps_its_own_notebooks_keys_and_results(self, project_built, monkeypatch):
        """The Chinese set is executed beside the English run, never over it (execution itself is replaced
        here: the papermill test draws a notebook in Chinese for real)."""
        import analysis.notebooks.runner as runner
        calls = []

        def fake_execute(src, dest, parameters=None):
            calls.append((src.name, dest, dict(parameters or {})))
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text("{}")
        shutil.copytree(ROOT / "notebooks", project_built / "notebooks")
        monkeypatch.setattr(runner, "execute", fake_execute)
        runner.run_all(project_built, progress=lambda m: None, lang="zh")
        assert len(calls) == 10
        name, dest, params = calls[0]
        # Only the language is given: the notebook's run then writes into reports/figures/zh/ and
        # build/results-zh/ (TestOutputFolders).
        assert dest == project_built / "build" / "notebooks" / "zh" / name and params == {"FIGURE_LANG": "zh"}
        keys = project_built / "build" / "notebooks" / ".keys"
        assert sorted(p.name for p in keys.iterdir())[0] == "01-data-coverage.zh.key"
        assert not (project_built / "build" / "results").exists()
