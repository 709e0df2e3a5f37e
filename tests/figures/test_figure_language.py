"""A figure's language is its own: no module of analysis.figures holds one between calls, so an English and a
Chinese figure drawn side by side in one process each get their own texts and fonts."""

import ast
import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis.errors import DataError
from analysis.figures import labels, ranked_bars, time_series
from analysis.figures import style as figures_style
from analysis.figures.save import save
from analysis.figures.style import FONTS, figure
from conftest import ROOT

FIGURES = ROOT / "src" / "analysis" / "figures"
#: Methods that change a list, dict, set or ExitStack in place.
MUTATING = {"append", "extend", "insert", "pop", "popitem", "remove", "clear", "update", "setdefault", "add",
            "discard", "enter_context", "push", "callback", "close"}


def module_state_changed_by_functions(source: str) -> list[str]:
    """Module-level names (its own or imported from another module) that a function of ``source`` changes: rebinds
    with ``global``, or mutates in place (a mutating method, an item assigned or deleted) without a local name of
    its own."""
    tree = ast.parse(source)
    module_names = {t.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(t, ast.Name)}
    module_names |= {a.asname or a.name for node in tree.body if isinstance(node, ast.ImportFrom) for a in node.names}
    found = set()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        local = {a.arg for a in fn.args.args + fn.args.kwonlyargs + fn.args.posonlyargs}
        local |= {t.id for n in ast.walk(fn) if isinstance(n, (ast.Assign, ast.AnnAssign, ast.For, ast.With))
                  for t in ast.walk(n) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)}
        for node in ast.walk(fn):
            if isinstance(node, ast.Global):
                found.update(node.names)
            target = None
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING
                    and isinstance(node.func.value, ast.Name)):
                target = node.func.value.id
            elif isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)) \
                    and isinstance(node.value, ast.Name):
                target = node.value.id
            if target in module_names and target not in local:
                found.add(target)
    return sorted(found)


def test_the_check_finds_module_state_that_functions_change():
    source = ("from .style import LANGUAGE_RC\n_ACTIVE = []\n_STACK = ExitStack()\nFIXED = {'en': 1}\n"
              "def language(lang):\n    _ACTIVE.append(lang)\n    LANGUAGE_RC.update(font=lang)\n"
              "def use(lang):\n    _STACK.close()\n    _STACK.enter_context(language(lang))\n"
              "def read(lang):\n    out = {}\n    out['a'] = FIXED[lang]\n    return out\n"
              "def switch(lang):\n    global CURRENT\n    CURRENT = lang\n")
    assert module_state_changed_by_functions(source) == ["CURRENT", "LANGUAGE_RC", "_ACTIVE", "_STACK"]


@pytest.mark.parametrize("path", sorted(FIGURES.glob("*.py")), ids=lambda p: p.name)
def test_no_figures_module_keeps_state_between_calls(path):
    assert module_state_changed_by_functions(path.read_text(encoding="utf-8")) == []


def test_the_language_switches_of_the_session_are_gone():
    for name in ("use", "language", "current_language", "_ACTIVE", "_NOTEBOOK_LANGUAGE"):
        assert not hasattr(labels, name), name
    for name in ("LANGUAGE_RC", "current_style"):
        assert not hasattr(figures_style, name), name


def _series():
    return pd.DataFrame({"year": [2020, 2021, 2020, 2021], "v": [1.0, 2.0, 3.0, 4.0],
                         "region4": ["East", "East", "West", "West"]})


def _draw(fig, ax, lang):
    time_series(_series(), "year", "v", hue="region4", ax=ax)
    ax.set_title(labels.text("individual_contribution", lang))  # made outside any language block, as in a notebook
    ax.legend()
    return fig


def _png(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def test_an_english_and_a_chinese_figure_drawn_interleaved_each_keep_their_language_and_fonts():
    before = plt.rcParams["font.family"]
    alone = _png(_draw(*figure(), "en"))
    en_fig, en_ax = figure()
    zh_fig, zh_ax = figure(lang="zh")
    time_series(_series(), "year", "v", hue="region4", ax=zh_ax)  # Chinese first, then English, then Chinese again
    time_series(_series(), "year", "v", hue="region4", ax=en_ax)
    zh_ax.set_title(labels.text("individual_contribution", "zh"))
    en_ax.set_title(labels.text("individual_contribution", "en"))
    for ax in (zh_ax, en_ax):
        ax.legend()
    zh_png = _png(zh_fig)  # a glyph missing from the fonts would raise here
    assert _png(en_fig) == alone  # the Chinese figure beside it changed nothing
    assert (en_ax.get_xlabel(), zh_ax.get_xlabel()) == ("year", "年份")
    assert [t.get_text() for t in en_ax.get_legend().get_texts()] == ["East", "West"]
    assert [t.get_text() for t in zh_ax.get_legend().get_texts()] == ["东部", "西部"]
    for fig, lang in ((en_fig, "en"), (zh_fig, "zh")):
        assert {tuple(t.get_fontfamily()) for t in fig.findobj(Text)} == {FONTS[lang]}
    assert zh_png != alone and plt.rcParams["font.family"] == before  # nothing left behind in matplotlib either


def test_a_figure_saved_in_another_language_than_its_own_is_an_error(tmp_path):
    fig, ax = figure()
    ranked_bars(pd.DataFrame({"name_en": ["Gansu"], "v": [1.0]}), "v", ax=ax)
    with pytest.raises(DataError, match=r"<figure x>, column 'lang': value 'en'; expected a figure drawn in zh"):
        save(fig, "x", notebook="t", tables=[], sources=[], caption_source="", dest=tmp_path, lang="zh")
    assert not tmp_path.joinpath("x.png").exists()


def test_a_run_gives_its_figures_and_texts_in_its_own_language(tmp_path):
    from analysis.notebooks.run import Run
    zh, en = (Run("t", {}, lang, tmp_path / lang, tmp_path / f"results-{lang}") for lang in ("zh", "en"))
    (zh_fig, _), (en_fig, _) = zh.figure(), en.figure("double")
    assert (zh_fig.lang, en_fig.lang) == ("zh", "en")
    assert (zh.text("year"), en.text("year")) == ("年份", "year")
    assert (zh.text("year_title", year=2008), zh.category("East"), zh.indicator_name("ncms_enrollees")) == (
        "2008年", "东部", "新农合参合人数")
    assert (en.category("East"), en.indicator_name("ncms_enrollees")) == ("East", "NCMS enrollees")
    with pytest.raises(DataError, match="expected a figure drawn in zh"):
        zh.export(en_fig, "x", indicators=["min_individual_contribution"], tables=[])
    plt.close("all")
