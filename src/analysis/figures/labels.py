"""Figure text in English and Chinese: one table of labels (``labels.toml``), province names from the
regions reference, and the font and checks that Chinese figures need.

``text(key, lang)`` gives the string a figure shows; ``province(code, lang)`` a province's short name
(``Gansu`` / ``甘肃``); ``language(lang)`` is the ``with`` block a figure is drawn and saved in: it selects
the font (WenQuanYi Micro Hei for Chinese, a TrueType font that PDFs embed as a subset) and turns
matplotlib's missing-glyph warning into an error, so a figure never prints empty boxes.
"""

from __future__ import annotations

import csv
import re
import tomllib
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from ..data import regions
from ..errors import DataError
from .style import LANGUAGE_RC

#: Languages a figure can be drawn in, the default first.
LANGS = ("en", "zh")
LABELS_FILE = Path(__file__).with_name("labels.toml")
#: The Chinese figure font and the Debian package that installs it (``make fonts``; pinned in the Makefile).
CJK_FONT = "WenQuanYi Micro Hei"
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
#: Font families per language; DejaVu Sans is matplotlib's own font (always present).
FONTS = {"en": ["DejaVu Sans"], "zh": [CJK_FONT, "DejaVu Sans"]}
_RELATIVE = "src/analysis/figures/labels.toml"


@lru_cache(maxsize=None)
def table() -> dict[str, dict[str, str]]:
    """Every label key with its text per language."""
    with LABELS_FILE.open("rb") as fh:
        return tomllib.load(fh)["text"]


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise DataError("<figure language>", None, "lang", lang, f"one of {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str = "en") -> str:
    """The text of ``key`` in ``lang``; an unknown key or a missing translation is an error naming both."""
    _check_lang(lang)
    entry = table().get(key)
    if entry is None:
        raise DataError(_RELATIVE, None, f"[text.{key}]", key, "a label key listed in labels.toml")
    value = entry.get(lang, "")
    if not value.strip():
        raise DataError(_RELATIVE, None, f"[text.{key}] {lang}", value, f"a {lang} text for the key")
    return value


def missing_translations() -> list[str]:
    """``key lang`` for every key without a non-empty text in every language (empty when complete)."""
    return [f"{key} {lang}" for key, entry in sorted(table().items()) for lang in LANGS
            if not str(entry.get(lang, "")).strip()]


def province(code: str, lang: str = "en") -> str:
    """A province's name as figures print it: ``Gansu`` or ``甘肃`` (the short Chinese name)."""
    _check_lang(lang)
    if code == regions.NATIONAL:
        return text("china", lang)
    ref = regions.reference().set_index("code")
    if code not in ref.index:
        raise DataError("src/analysis/data/reference/regions.csv", None, "code", code, "a province code")
    return ref.at[code, "name_en" if lang == "en" else "name_zh_short"]


def font_available(family: str = CJK_FONT) -> bool:
    """Whether matplotlib finds ``family`` itself (not a fallback)."""
    try:
        font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    except ValueError:
        return False
    return True


@contextmanager
def language(lang: str = "en"):
    """Draw and save figures in ``lang``: its fonts, and any glyph the fonts lack is an error (the warning raised)."""
    _check_lang(lang)
    if lang == "zh" and not font_available():
        raise DataError("<fonts>", None, "font.family", CJK_FONT,
                        f"the font installed (Debian package {CJK_FONT_PACKAGE}: run `make fonts`)")
    rc = {"font.family": FONTS[lang]}
    before = dict(LANGUAGE_RC)
    LANGUAGE_RC.update(rc)
    _ACTIVE.append(lang)
    try:
        with plt.rc_context(rc), warnings.catch_warnings():
            warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from (current )?font")
            yield lang
    finally:
        _ACTIVE.pop()
        LANGUAGE_RC.clear()
        LANGUAGE_RC.update(before)


#: The languages of the ``language()`` blocks in force, innermost last.
_ACTIVE: list[str] = []


def current_language() -> str:
    """The language of the ``language()`` block in force (``"en"`` outside any)."""
    return _ACTIVE[-1] if _ACTIVE else LANGS[0]


PUBLICATIONS_FILE = Path(__file__).with_name("publications_zh.csv")


@lru_cache(maxsize=None)
def _publication_rules() -> tuple[tuple[re.Pattern, str], ...]:
    with PUBLICATIONS_FILE.open(encoding="utf-8", newline="") as fh:
        return tuple((re.compile(r["english"]), r["chinese"]) for r in csv.DictReader(fh))


def chinese_citation(cite: str) -> str:
    """The Chinese form of a short English citation: ``China Statistical Yearbook 2012, table 21-21`` →
    ``中国统计年鉴2012，表21-21``. Publication names come from ``publications_zh.csv`` (first full match);
    a publication without a row there is an error naming it, never left in English silently."""
    table = re.fullmatch(r"(.+), table (\S+)", cite)
    if table:
        return f"{chinese_citation(table[1])}，表{table[2]}"
    for pattern, chinese in _publication_rules():
        if pattern.fullmatch(cite):
            return pattern.sub(chinese, cite)
    raise DataError("src/analysis/figures/publications_zh.csv", None, "english", cite,
                    "a row giving this publication's Chinese name")


@lru_cache(maxsize=None)
def _english_of() -> dict[str, str]:
    return {entry["zh"]: entry["en"] for entry in table().values() if entry.get("zh") and entry.get("en")}


def english(text_: str) -> str | None:
    """The English text of the label whose Chinese text is ``text_`` (``个人缴费`` → ``individual contribution``),
    or None: plot functions use it to give a concept the same colour in both languages."""
    return _english_of().get(text_)
