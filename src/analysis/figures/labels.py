"""Figure text in English and Chinese: one table of labels (``labels.toml``), province names from the
regions reference, and the font and checks that Chinese figures need.

``text(key)`` gives the string a figure shows, in the figure language in force (``{fields}`` filled from
keyword arguments); ``indicator(code)`` an indicator's name; ``province(code)`` a province's short name
(``Gansu`` / ``甘肃``); ``category(value)`` a data value shown on a figure (a region, a province's English
name, an income fifth, a series named by a label's English text) in that language, which the plot functions
apply to legend entries and point or bar labels. ``language(lang)`` is the ``with`` block a figure is drawn
and saved in, ``use(lang)`` the same for the rest of a notebook (its ``setup`` calls it with the run's language): it
selects the font (WenQuanYi Micro Hei for Chinese, a TrueType font that PDFs embed as a subset) and turns
matplotlib's missing-glyph warning into an error, so a figure never prints empty boxes. A Chinese figure
that would show a Latin letter outside its source line fails when saved (:func:`untranslated`).
"""

from __future__ import annotations

import csv
import re
import tomllib
import warnings
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from ..data import catalog, regions
from ..errors import DataError
from ..languages import LANGS
from .style import LANGUAGE_RC

LABELS_FILE = Path(__file__).with_name("labels.toml")
#: The Chinese figure font and the Debian package that installs it (``make fonts``; pinned in the Makefile).
CJK_FONT = "WenQuanYi Micro Hei"
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
#: Font families per language; DejaVu Sans is matplotlib's own font (always present).
FONTS = {"en": ["DejaVu Sans"], "zh": [CJK_FONT, "DejaVu Sans"]}
_RELATIVE = "src/analysis/figures/labels.toml"
_CATALOG = "src/analysis/data/catalog.toml"


@lru_cache(maxsize=None)
def table() -> dict[str, dict[str, str]]:
    """Every label key with its text per language."""
    with LABELS_FILE.open("rb") as fh:
        return tomllib.load(fh)["text"]


def _check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise DataError("<figure language>", None, "lang", lang, f"one of {', '.join(LANGS)}")
    return lang


def text(key: str, lang: str | None = None, **values) -> str:
    """The text of ``key`` in ``lang`` (default: the figure language in force), with ``{name}`` fields filled
    from ``values``; an unknown key, a missing translation or a field without a value is an error naming them."""
    lang = _check_lang(lang or current_language())
    entry = table().get(key)
    if entry is None:
        raise DataError(_RELATIVE, None, f"[text.{key}]", key, "a label key listed in labels.toml")
    value = entry.get(lang, "")
    if not value.strip():
        raise DataError(_RELATIVE, None, f"[text.{key}] {lang}", value, f"a {lang} text for the key")
    try:
        return value.format(**values) if values else value
    except (KeyError, IndexError) as exc:
        raise DataError(
            _RELATIVE,
            None,
            f"[text.{key}] {lang}",
            value,
            f"a value for the field {exc} (given: {', '.join(values) or 'none'})",
        ) from None


@lru_cache(maxsize=None)
def indicators() -> dict[str, dict[str, str]]:
    """Every indicator's name on figures (heatmap rows, legends), per language: the ``name`` of each indicator
    in ``catalog.toml``, the one home of indicator names (this table holds none)."""
    return {code: dict(d.get("name", {})) for code, d in catalog.indicators().items()}


def indicator(code: str, lang: str | None = None) -> str:
    """An indicator's name as figures print it: ``ncms_enrollees`` → ``NCMS enrollees`` / ``新农合参合人数``."""
    lang = _check_lang(lang or current_language())
    entry = indicators().get(code)
    if entry is None or not str(entry.get(lang, "")).strip():
        raise DataError(_CATALOG, None, f"[indicators.{code}] name.{lang}", code, f"the indicator's {lang} name")
    return entry[lang]


#: A Latin letter: a Chinese figure shows none outside its source line (digits, ``%`` and years it may).
LATIN = re.compile(r"[A-Za-z]")


def category(value, lang: str | None = None) -> str:
    """A data value as a figure shows it in ``lang`` (default: the figure language in force): a province's
    English name, an indicator code, an income group or the English text of a label becomes its text in
    ``lang``; anything else is shown as it is (a Chinese figure that would then show a Latin letter fails
    when it is saved, naming the text: :func:`untranslated`)."""
    lang = _check_lang(lang or current_language())
    value = str(value)
    return _translations(lang).get(value, value)


def order(value) -> str:
    """The sort key of a shown value, the same in every language (its English text): legend entries and
    colours come in the same order in the English and the Chinese figure."""
    value = str(value)
    return english(value) or value


@lru_cache(maxsize=None)
def _pairs() -> tuple[tuple[str, str, str], ...]:
    """``(name, en, zh)`` for every text a figure can show: label keys, indicator codes, province codes."""
    out = [
        (k, e["en"], e["zh"])
        for entries in (table(), indicators())
        for k, e in entries.items()
        if e.get("en") and e.get("zh")
    ]
    ref = regions.reference()
    out += zip(ref["code"], ref["name_en"], ref["name_zh_short"])
    return tuple(out)


@lru_cache(maxsize=None)
def _translations(lang: str) -> dict[str, str]:
    """English text (and indicator code) → text in ``lang``: labels, indicator names, province names."""
    out = {en: (en, zh)[LANGS.index(lang)] for _, en, zh in _pairs()}
    out.update({code: e[lang] for code, e in indicators().items() if e.get(lang)})
    return out


def untranslated(texts) -> list[str]:
    """The texts that hold a Latin letter (what a Chinese figure must not show outside its source line)."""
    return [t for t in texts if LATIN.search(t)]


def missing_translations() -> list[str]:
    """``key lang`` for every label key and indicator without a non-empty text in every language (empty when
    complete); indicators are listed as ``indicator.<code> lang``."""
    entries = {**table(), **{f"indicator.{k}": v for k, v in indicators().items()}}
    return [
        f"{key} {lang}"
        for key, entry in sorted(entries.items())
        for lang in LANGS
        if not str(entry.get(lang, "")).strip()
    ]


def province(code: str, lang: str | None = None) -> str:
    """A province's name as figures print it: ``Gansu`` or ``甘肃`` (the short Chinese name)."""
    lang = _check_lang(lang or current_language())
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
        raise DataError(
            "<fonts>",
            None,
            "font.family",
            CJK_FONT,
            f"the font installed (Debian package {CJK_FONT_PACKAGE}: run `make fonts`)",
        )
    rc = {"font.family": FONTS[lang]}
    before = dict(LANGUAGE_RC)
    LANGUAGE_RC.update(rc)
    _ACTIVE.append(lang)
    try:
        with plt.rc_context(rc), warnings.catch_warnings():  # type: ignore[arg-type]
            warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from (current )?font")
            yield lang
    finally:
        _ACTIVE.pop()
        LANGUAGE_RC.clear()
        LANGUAGE_RC.update(before)


_NOTEBOOK_LANGUAGE = ExitStack()


def use(lang: str = "en") -> None:
    """Draw every following figure in ``lang``, for the rest of the session (a notebook's ``setup`` calls this
    once, with its run's language); calling it again switches."""
    _check_lang(lang)
    _NOTEBOOK_LANGUAGE.close()
    _NOTEBOOK_LANGUAGE.enter_context(language(lang))


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
    raise DataError(
        "src/analysis/figures/publications_zh.csv",
        None,
        "english",
        cite,
        "a row giving this publication's Chinese name",
    )


@lru_cache(maxsize=None)
def _english_of() -> dict[str, str]:
    return {zh: en for _, en, zh in _pairs()}


def english(text_: str) -> str | None:
    """The English text of the label (or province, or indicator) whose Chinese text is ``text_``
    (``个人缴费`` → ``individual contribution``), or None: plot functions use it to give a concept the same
    colour and place in the legend in both languages."""
    return _english_of().get(text_)


@lru_cache(maxsize=None)
def _keys_of() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, entry in table().items():
        for lang in LANGS:
            out.setdefault(str(entry.get(lang, "")), key)
    return out


def key_of(text_) -> str | None:
    """The label key of a text a figure shows, in any language (``个人缴费`` and ``individual contribution`` →
    ``individual_contribution``; a label key stands for itself), or None: plot functions key a concept's colour
    by it, so a concept keeps its colour in both languages."""
    text_ = str(text_)
    return text_ if text_ in table() else _keys_of().get(text_)


def ambiguous_chinese() -> list[str]:
    """Chinese texts given to two different English texts (``english`` could not tell them apart)."""
    seen: dict[str, set[str]] = {}
    for _, en, zh in _pairs():
        seen.setdefault(zh, set()).add(en)
    return sorted(f"{zh}: {' / '.join(sorted(en))}" for zh, en in seen.items() if len(en) > 1)


#: List separator and sentence end (followed by more text) of a figure's source line and caption, per language.
PUNCTUATION = {"en": ("; ", ". "), "zh": ("；", "。")}


def stated(parameters, lang: str) -> str:
    """A parameterised figure's settings as its caption states them: ``where = China; from = 2024``."""
    return PUNCTUATION[lang][0].join(f"{k} = {v}" for k, v in (parameters or {}).items())
