import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis.figures import save as figures_save
from analysis.cli import main
from conftest import ROOT


class TestCommandLine:
    def test_check_writes_nothing(self, project, capsys):
        assert main(["--root", str(project), "check"]) == 0
        assert "all checks passed" in capsys.readouterr().out
        assert not (project / "data/processed").exists()

    def test_build_shows_progress_per_table(self, project, capsys):
        assert main(["--root", str(project), "build"]) == 0
        err = capsys.readouterr().err
        assert "[12/61] yearbook/csy2011_10-27.csv" in err and "checksums: 61 raw files verified" in err

    def test_changed_raw_file_exits_1_with_the_file_named(self, project, capsys):
        p = project / "data/raw/yearbook/csy2009_3-4.csv"
        p.write_bytes(p.read_bytes() + b"\r\n")
        assert main(["--root", str(project), "build"]) == 1
        assert "csy2009_3-4.csv" in capsys.readouterr().err

    def test_sources_lists_publications_from_the_package_description(self, built, capsys):
        assert main(["--root", str(built), "sources"]) == 0
        out = capsys.readouterr().out
        assert "ncms_enrollees" in out and "China Statistical Yearbook 2012 (English) 21-21" in out

    def test_python_m_analysis_help(self):
        r = subprocess.run([sys.executable, "-m", "analysis", "--help"], capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 0
        for cmd in ("build", "check", "sources", "hash"):
            assert cmd in r.stdout


class TestResearcherCommands:
    @pytest.fixture
    def figures_dir(self, tmp_path, monkeypatch):
        """A figures folder with one figure saved in every format, as `make all` writes them."""
        from analysis.figures.labels import text
        from analysis.figures.style import figure
        fig, ax = figure("single")
        ax.plot([2010, 2011], [1.0, 2.0], label=text("individual_contribution", "en"))
        ax.set(xlabel=text("year", "en"), ylabel=text("nominal_yuan_per_person_year", "en"),
               title=text("minimum_over_income", "en"))
        ax.legend()
        figures_save.source_note(fig, "China Statistical Yearbook 2012, table 21-21.")
        figures_save.save(fig, "04_burden_tilemap", notebook="04-regions.ipynb", tables=["rural_panel"],
                     sources=["data/raw/yearbook/csy2012_21-21.csv"],
                     caption_source="China Statistical Yearbook 2012, table 21-21.", dest=tmp_path / "figures")
        return tmp_path / "figures"

    def test_figures_lists_and_copies_for_a_paper(self, figures_dir, tmp_path, capsys):
        from analysis.figures.labels import text
        assert main(["figures", "04_burden_tilemap", "--figures-dir", str(figures_dir), "--copy",
                     str(tmp_path / "paper")]) == 0
        out = capsys.readouterr().out
        assert "04_burden_tilemap" in out and "Source: China Statistical Yearbook 2012, table 21-21." in out
        assert sorted(p.name for p in (tmp_path / "paper").iterdir()) == [
            "04_burden_tilemap.bib", "04_burden_tilemap.csl.json", "04_burden_tilemap.csv", "04_burden_tilemap.pdf",
            "04_burden_tilemap.png", "04_burden_tilemap.svg", "04_burden_tilemap.txt"]
        caption = (tmp_path / "paper" / "04_burden_tilemap.txt").read_text(encoding="utf-8")
        assert caption == (
            "Figure 04_burden_tilemap (notebook 04-regions.ipynb)\n"
            "Title: " + text("minimum_over_income", "en") + "\n"
            "x axis: year; y axis: " + text("nominal_yuan_per_person_year", "en") + "; legend: individual contribution.\n"
            "Source: China Statistical Yearbook 2012, table 21-21.\n"
            "Data (exactly the plotted values, each with its raw file and row; 'computed' where a value is computed "
            "from several): 04_burden_tilemap.csv\n"
            "References (BibTeX, CSL-JSON): 04_burden_tilemap.bib, 04_burden_tilemap.csl.json\n"
            "Raw files (data/raw/manifest.csv gives each one's address): data/raw/yearbook/csy2012_21-21.csv\n")
        data = pd.read_csv(tmp_path / "paper" / "04_burden_tilemap.csv", keep_default_na=False)
        assert data[["series", "x", "y"]].values.tolist() == [["individual contribution", 2010, 1.0],
                                                              ["individual contribution", 2011, 2.0]]
        bib = (tmp_path / "paper" / "04_burden_tilemap.bib").read_text(encoding="utf-8")
        assert bib.startswith("@book{csy2012_21-21,\n  author = {{National Bureau of Statistics of China (NBS)}},")
        assert "@software{china_rural_insurance_collection," in bib
        csl = json.loads((tmp_path / "paper" / "04_burden_tilemap.csl.json").read_text(encoding="utf-8"))
        assert [c["id"] for c in csl] == ["csy2012_21-21", "china_rural_insurance_collection"]

    def test_figures_lists_every_figure_of_the_notebook_run(self, notebook_run, capsys, monkeypatch):
        assert main(["figures", "--figures-dir", str(notebook_run / "figures")]) == 0
        out = capsys.readouterr().out
        for n in range(1, 11):
            assert f"(notebook {n:02d}-" in out

    def test_a_chinese_set_with_a_label_over_a_point_fails_naming_the_figure(self, figures_dir, tmp_path, capsys,
                                                                             monkeypatch):
        from analysis.figures.style import figure
        fig, ax = figure("single", lang="zh")
        ax.plot([2010, 2011], [1.0, 2.0])
        figures_save.save(fig, "04_ncms_2008", notebook="04-regions.ipynb", tables=[], sources=[],
                          caption_source="中国统计年鉴2009，表21-47。", dest=figures_dir / "zh", lang="zh")
        manifest = figures_dir / "zh" / "manifest.json"
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        entries["04_ncms_2008"]["texts_over_points"] = ["'甘肃' covers 1 point"]  # as measured before the fix
        manifest.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        (tmp_path / "data/processed").mkdir(parents=True)
        (tmp_path / "data/processed/datapackage.json").write_text("{}")
        import analysis.notebooks.runner as runner
        monkeypatch.setattr(runner, "run_all", lambda root, progress, lang, only: None)
        assert main(["--root", str(tmp_path), "figures", "--lang", "zh", "--figures-dir", str(figures_dir)]) == 1
        assert capsys.readouterr().err.splitlines() == [
            "error: figure 04_ncms_2008 (zh): text over a point: '甘肃' covers 1 point"]

    def test_a_chinese_figure_is_copied_with_a_chinese_caption(self, figures_dir, tmp_path, capsys, monkeypatch):
        from analysis.figures.style import figure
        fig, ax = figure("single", lang="zh")
        ax.plot([2010, 2011], [1.0, 2.0])
        figures_save.save(fig, "04_burden_tilemap", notebook="04-regions.ipynb", tables=["rural_panel"],
                          sources=["data/raw/yearbook/csy2012_21-21.csv"], caption_source="中国统计年鉴2012，表21-21。",
                          dest=figures_dir / "zh", lang="zh", parameters={"地区": "甘肃"})
        (tmp_path / "data/processed").mkdir(parents=True)
        (tmp_path / "data/processed/datapackage.json").write_text("{}")
        (tmp_path / "data/raw").mkdir(parents=True)
        shutil.copy(ROOT / "data/raw/manifest.csv", tmp_path / "data/raw/manifest.csv")
        import analysis.notebooks.runner as runner
        ran = []
        monkeypatch.setattr(runner, "run_all", lambda root, progress, lang, only: ran.append((root, lang)))
        assert main(["--root", str(tmp_path), "figures", "--lang", "zh", "--figures-dir", str(figures_dir),
                     "--copy", str(tmp_path / "paper")]) == 0
        assert ran == [(str(tmp_path), "zh")]  # the Chinese set is brought up to date first
        assert "资料来源：中国统计年鉴2012，表21-21。" in capsys.readouterr().out
        assert (tmp_path / "paper" / "04_burden_tilemap.txt").read_text(encoding="utf-8") == (
            "图 04_burden_tilemap（笔记本 04-regions.ipynb）\n资料来源：中国统计年鉴2012，表21-21。\n假设：地区 = 甘肃\n"
            "数据（图中绘制的全部数值，各附原始文件和行；由多个数值计算所得者标为 computed）：04_burden_tilemap.csv\n"
            "参考文献（BibTeX、CSL-JSON）：04_burden_tilemap.bib, 04_burden_tilemap.csl.json\n"
            "原始数据文件（各文件的网址见 data/raw/manifest.csv）：data/raw/yearbook/csy2012_21-21.csv\n")

    def test_figures_takes_only_a_known_language(self, capsys):
        with pytest.raises(SystemExit):
            main(["figures", "--lang", "fr"])
        assert "invalid choice: 'fr' (choose from 'en', 'zh')" in capsys.readouterr().err

    def test_figures_names_an_unknown_figure(self, figures_dir, capsys):
        assert main(["figures", "no_such_figure", "--figures-dir", str(figures_dir)]) == 1
        assert "no figure named 'no_such_figure'" in capsys.readouterr().err

    def test_export_writes_stata_files(self, built, tmp_path, capsys):
        assert main(["--root", str(built), "export", "--dest", str(tmp_path), "--format", "dta"]) == 0
        assert (tmp_path / "rural_panel.dta").is_file() and not (tmp_path / "rural_panel.csv").exists()

    def test_every_subcommand_has_help(self):
        for cmd in ("build", "check", "sources", "notebooks", "run", "figures", "export", "claims", "report",
                    "lab-check", "kernel", "hash", "diff", "lab", "summary"):
            r = subprocess.run([sys.executable, "-m", "analysis", cmd, "--help"], capture_output=True, text=True,
                               cwd=ROOT)
            assert r.returncode == 0 and "usage:" in r.stdout, cmd


class TestMisuse:
    """Every misuse is one line naming what to do, exit code 1; no traceback, no code run from an argument."""

    @pytest.mark.parametrize("argv, message", [
        (["hash", "data/raw"], "data/raw: a folder; hash takes raw files"),
        (["hash", "no/such.csv"], "no/such.csv: missing"),
        (["run", "README.md"], "README.md: not a notebook"),
        (["run", "/tmp/elsewhere.ipynb"], "notebooks are run from"),
        (["run", "notebooks/99-none.ipynb"], "no such notebook"),
        (["run", "notebooks/08-scenarios.ipynb", "-p", "__import__('os').system('touch /tmp/pwned')", "1"],
         "has no parameter"),
        (["run", "notebooks/08-scenarios.ipynb", "-p", "START_YEAR", "5%"], "write rates as decimals"),
        (["run", "notebooks/08-scenarios.ipynb", "-p", "END_YEAR", "soon"], "END_YEAR expects a whole number"),
        (["run", "notebooks/08-scenarios.ipynb", "-p", "PROVINCE", "Atlantis"], "'Atlantis' is not a province"),
        (["export", "--dest", "data/processed"], "inside data/processed, which only the build writes"),
        (["export", "--dest", "data/raw/x"], "inside data/raw"),
        (["export", "--dest", "notebooks"], "inside notebooks, which holds the committed notebooks"),
        (["export", "--dest", "/etc"], "/etc: a system folder"),
        (["export", "--dest", "/"], "/: a system folder"),
        (["run", "notebooks/08-scenarios.ipynb", "--output", "notebooks"], "notebooks: inside notebooks, which holds "
         "the committed notebooks (a notebook written there becomes one more notebook of make all)"),
        (["run", "notebooks/08-scenarios.ipynb", "--output", "data/raw/runs"], "inside data/raw, which is read-only"),
        (["run", "notebooks/08-scenarios.ipynb", "--output", "data/processed"], "inside data/processed"),
        (["run", "notebooks/08-scenarios.ipynb", "--output", "/usr/local/share"], "a system folder"),
        (["figures", "--copy", "notebooks/figs"], "inside notebooks"),
        (["figures", "--copy", "data/raw"], "inside data/raw"),
        (["figures", "--copy", "/etc/figs"], "a system folder"),
        (["hash", "pyproject.toml"], "pyproject.toml: not a file inside data/raw/"),
    ])
    def test_one_clear_line_and_exit_1(self, argv, message, capsys):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert message in err and err.count("\n") == 1 and "Traceback" not in err

    def test_a_parameter_name_never_runs_as_code(self, tmp_path, capsys):
        marker = tmp_path / "pwned"
        main(["run", "notebooks/08-scenarios.ipynb", "-p", f"__import__('pathlib').Path({str(marker)!r}).touch()", "1"])
        assert not marker.exists()

    def test_province_names_in_any_script_and_case(self):
        from analysis.notebooks.runner import check_parameters
        nb = ROOT / "notebooks" / "08-scenarios.ipynb"
        for given in ("gansu", "GANSU", "甘肃", "甘肃省"):
            assert check_parameters(nb, {"PROVINCE": given}) == {"PROVINCE": "Gansu"}
        assert check_parameters(nb, {"END_YEAR": "2030", "PREMIUM_GROWTH": "0.05", "PREMIUM_MODEL": "percent"}) == {
            "END_YEAR": 2030, "PREMIUM_GROWTH": 0.05, "PREMIUM_MODEL": "percent"}

    def test_the_figure_language_parameter_takes_only_a_known_language(self, capsys):
        from analysis.notebooks.runner import check_parameters
        nb = ROOT / "notebooks" / "04-regions.ipynb"
        assert check_parameters(nb, {"FIGURE_LANG": "zh"}) == {"FIGURE_LANG": "zh"}
        assert main(["run", "notebooks/04-regions.ipynb", "-p", "FIGURE_LANG", "fr"]) == 1
        assert capsys.readouterr().err == "error: FIGURE_LANG: 'fr' is not a figure language; use one of en, zh\n"

    def test_debug_shows_the_traceback(self):
        with pytest.raises(ValueError, match="a folder"):
            main(["--debug", "hash", "data/raw"])

    def test_an_unexpected_error_is_one_line_too(self, capsys, monkeypatch):
        import analysis.data.manifest as manifest
        monkeypatch.setattr(manifest, "sha256_of", lambda p: 1 / 0)
        assert main(["hash", "data/raw/yearbook/csy2012_21-21.csv"]) == 1
        err = capsys.readouterr().err
        assert err == "error: ZeroDivisionError: division by zero (run with --debug for the traceback)\n"


class TestLab:
    """The Lab check keeps its token off the command line; make lab as root stays on loopback unless told."""

    def test_the_lab_check_passes_its_token_by_environment_not_on_the_command_line(self, tmp_path, monkeypatch):
        import analysis.notebooks.lab as lab
        seen = {}

        class Stop(Exception):
            pass

        def popen(args, **kwargs):
            seen["args"], seen["env"] = args, kwargs.get("env") or {}
            raise Stop
        monkeypatch.setattr(lab, "ensure_kernel", lambda: None)
        monkeypatch.setattr(lab.subprocess, "Popen", popen)
        with pytest.raises(Stop), lab.lab_server(tmp_path, tmp_path / "lab.log"):
            pass
        token = seen["env"]["JUPYTER_TOKEN"]
        assert len(token) == 32 and not any(token in a for a in seen["args"])
        assert not any("token" in a.lower() for a in seen["args"])

    @staticmethod
    def make(*args):
        import os
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
        return subprocess.run(["make", "-s", "lab-guard", *args], cwd=ROOT, env=env, capture_output=True, text=True)

    def test_make_lab_refuses_a_non_loopback_address_as_root_and_says_why(self):
        r = self.make("IP=0.0.0.0", "LAB_UID=0")
        assert r.returncode != 0
        assert r.stderr.startswith("make lab: refusing IP=0.0.0.0 as root: every JupyterLab terminal would be a root "
                                   "shell")
        assert "set LAB_REMOTE_ROOT=1 to accept that" in r.stderr

    @pytest.mark.parametrize("args", [["IP=0.0.0.0", "LAB_UID=0", "LAB_REMOTE_ROOT=1"], ["IP=127.0.0.1", "LAB_UID=0"],
                                      ["IP=localhost", "LAB_UID=0"], ["IP=0.0.0.0", "LAB_UID=1000"]])
    def test_make_lab_goes_ahead_on_loopback_for_an_ordinary_user_or_when_told(self, args):
        r = self.make(*args)
        assert r.returncode == 0 and r.stderr == ""


def test_a_reader_that_stops_early_is_not_an_error():
    """`python -m analysis sources | head -1`: the closed pipe ends the command quietly, exit 0."""
    r = subprocess.run(f"{sys.executable} -m analysis sources | head -1; exit ${{PIPESTATUS[0]}}", shell=True,
                       executable="/bin/bash", capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0 and r.stderr == "" and r.stdout.count("\n") == 1
