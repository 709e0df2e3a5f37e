"""environment.yml (conda) and pyproject.toml (pip) must pin the same packages."""

import re
import tomllib

import yaml

from conftest import ROOT


def pins_from_pyproject():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    return {re.split("==", r)[0].lower(): r.split("==")[1] for r in reqs}


def pins_from_environment():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    out = {}
    for dep in env["dependencies"]:
        if isinstance(dep, str) and "=" in dep and not dep.startswith("python="):
            name, version = dep.split("=", 1)
            out[name.lower()] = version
    return out, env


class TestEnvironmentInStep:
    def test_same_packages_and_versions(self):
        env, _ = pins_from_environment()
        assert env == pins_from_pyproject()

    def test_python_311_and_editable_install(self):
        _, env = pins_from_environment()
        assert "python=3.11" in env["dependencies"]
        pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
        assert "-e ." in pip

    def test_every_pin_is_exact(self):
        data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        for r in data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", r), r


class TestMakeLanguageSwitch:
    """`make all LANG=zh` adds the Chinese figures; the shell's own LANG (a locale) never does."""

    @staticmethod
    def make(*args, env_lang="C.UTF-8"):
        """``make -n ARGS`` as typed in a shell (not as a sub-make of ``make test``, which would print where
        it enters and inherit the outer make's flags)."""
        import os
        import subprocess
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")}
        env["LANG"] = env_lang
        return subprocess.run(["make", "--no-print-directory", "-n", *args], cwd=ROOT, capture_output=True, text=True,
                              env=env)

    def dry_run(self, *args, env_lang="C.UTF-8"):
        r = self.make(*args, env_lang=env_lang)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def test_all_with_lang_zh_writes_the_chinese_set(self):
        assert "-m analysis figures --lang zh" in self.dry_run("all", "LANG=zh")

    def test_all_alone_writes_english_only_whatever_the_locale(self):
        assert "figures --lang" not in self.dry_run("all", env_lang="zh_CN.UTF-8")

    def test_the_locale_is_not_passed_on_as_a_figure_language(self):
        out = self.dry_run("figures", env_lang="zh_CN.UTF-8")
        assert "figures --lang en" in out

    def test_an_unknown_language_stops_make_in_one_line(self):
        r = self.make("all", "LANG=fr")
        assert r.returncode != 0 and r.stdout == ""  # nothing run
        assert "LANG=fr is not a figure language; use LANG=zh (Chinese) or leave it out (English)" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
