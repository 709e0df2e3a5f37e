"""Figure text in English and Chinese: one table of labels (``labels.toml``), province names from the
regions reference, and the checks that Chinese figures need.

Every function takes the language it answers in (no language is held here between calls): ``text(key, lang)``
gives the string a figure shows (``{fields}`` filled from keyword arguments); ``indicator(code, lang)`` an
indicator's name; ``province(code, lang)`` a province's short name (``Gansu`` / ``甘肃``); ``category(value,
lang)`` a data value shown on a figure (a region, a province's English name, an income fifth, a series named by a
label's English text), which the plot functions apply to legend entries and point or bar labels in the language
of the figure they draw on. A notebook asks its run (``run.text(key)``, ``run.category(value)``,
``run.indicator_name(code)``), which knows its language. Fonts are the figure's own
(:class:`analysis.figures.style.Figure`). A Chinese figure that would show a Latin letter outside its
source line fails when saved (:func:`untranslated`).
"""

from __future__ import annotations

import csv
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..data import catalog, regions
from ..errors import DataError
from ..languages import LANGS
from .style import check_language as _check_lang

LABELS_FILE = Path(__file__).with_name("labels.toml")
_RELATIVE = "src/analysis/figures/labels.toml"
_CATALOG = "src/analysis/data/catalog.toml"


@lru_cache(maxsize=None)
def table() -> dict[str, dict[str, str]]:
    """Every label key with its text per language."""
    with LABELS_FILE.open("rb") as fh:
        return tomllib.load(fh)["text"]


def text(key: str, lang: str, **values) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` fields filled from ``values``; an unknown key, a missing
    translation or a field without a value is an error naming them."""
    lang = _check_lang(lang)
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


def indicator(code: str, lang: str) -> str:
    """An indicator's name as figures print it in ``lang``: ``ncms_enrollees`` → ``NCMS enrollees`` /
    ``新农合参合人数``."""
    lang = _check_lang(lang)
    entry = indicators().get(code)
    if entry is None or not str(entry.get(lang, "")).strip():
        raise DataError(_CATALOG, None, f"[indicators.{code}] name.{lang}", code, f"the indicator's {lang} name")
    return entry[lang]


#: A Latin letter: a Chinese figure shows none outside its source line (digits, ``%`` and years it may).
LATIN = re.compile(r"[A-Za-z]")


def category(value, lang: str) -> str:
    """A data value as a figure shows it in ``lang``: a province's English name, an indicator code, an income
    group or the English text of a label becomes its text in ``lang``; anything else is shown as it is (a Chinese
    figure that would then show a Latin letter fails when it is saved, naming the text: :func:`untranslated`)."""
    lang = _check_lang(lang)
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


def province(code: str, lang: str) -> str:
    """A province's name as figures print it in ``lang``: ``Gansu`` or ``甘肃`` (the short Chinese name)."""
    lang = _check_lang(lang)
    if code == regions.NATIONAL:
        return text("china", lang)
    ref = regions.reference().set_index("code")
    if code not in ref.index:
        raise DataError("src/analysis/data/reference/regions.csv", None, "code", code, "a province code")
    return ref.at[code, "name_en" if lang == "en" else "name_zh_short"]


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
