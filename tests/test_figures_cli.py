"""``python -m analysis figures --lang zh NAME``: only the notebook that draws NAME is brought up to date."""

import json

from analysis.cli import main


def test_naming_a_figure_reruns_only_the_notebook_that_draws_it(tmp_path, monkeypatch):
    (tmp_path / "data/processed").mkdir(parents=True)
    (tmp_path / "data/processed/datapackage.json").write_text("{}")
    (tmp_path / "reports/figures/zh").mkdir(parents=True)
    drawn = {"04_burden_tilemap": "04-regions.ipynb", "02_standards": "02-premiums-vs-income.ipynb",
             "09_real_terms": "09-poorest-fifth.ipynb"}
    english = {n: {"notebook": nb, "files": [], "caption_source": "", "sources": []} for n, nb in drawn.items()}
    (tmp_path / "reports/figures/manifest.json").write_text(json.dumps(english))
    (tmp_path / "reports/figures/zh/manifest.json").write_text(json.dumps({n: dict(e, lang="zh") for n, e in english.items()}))
    import analysis.notebooks.runner as runner
    ran = []
    monkeypatch.setattr(runner, "run_all", lambda root, progress, lang, only: ran.append((lang, only)))
    assert main(["--root", str(tmp_path), "figures", "--lang", "zh", "04_burden_tilemap"]) == 0
    assert main(["--root", str(tmp_path), "figures", "--lang", "zh", "09_real_terms", "02_standards"]) == 0
    assert main(["--root", str(tmp_path), "figures", "--lang", "zh"]) == 0
    assert ran == [("zh", ["04-regions.ipynb"]), ("zh", ["02-premiums-vs-income.ipynb", "09-poorest-fifth.ipynb"]),
                   ("zh", None)]
