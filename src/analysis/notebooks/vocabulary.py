"""The words a finding may use, each with one meaning for the whole collection.

A notebook never writes "about four times" or "rose" by hand: it asks this module for the word, which
checks the numbers against the word's one meaning (:data:`WORDS`) and returns a :class:`Finding` — the
rendered words, whether they hold, the numbers they rest on, and the **margin**: how far those numbers
are from making the words false, as a fraction (the relative change of an input that would flip it).

>>> from analysis.notebooks import vocabulary as v
>>> f = v.about_times(ratio, 4)                       # "about four times", checked: |ratio/4 − 1| ≤ 10%
>>> run.claim("poorest-four-times", f"The poorest fifth's burden is {ratio:.1f} times the average's, {f}.", f)

(``run``: the notebook's :class:`~analysis.notebooks.run.Run`, which records the claim in its results folder.)

A finding whose margin is under :data:`KNIFE_EDGE` renders "only just …" and names its threshold, so a
sentence can never state a knife-edge finding as if it were comfortable. Findings combine with
:func:`all_of` (holds when every part holds; its margin is the smallest part's). :func:`evaluate`
recomputes a recorded finding from changed inputs, which is how the tests show that data could
falsify each claim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..stats import ALPHA, SLOPE_SPECIFICATIONS, Association

#: "about N": within ±10% of N (also "about a fifth" = 0.18–0.22).
ABOUT = 0.10
#: A finding this close to false (margin below 5%) is knife-edge: it says "only just" or leaves the Answer.
KNIFE_EDGE = 0.05
#: ALPHA (imported from :mod:`analysis.stats`, the level of every interval and test there) is also the level
#: at which the words read Spearman's rank correlation.

NUMBER_WORDS = {
    1: "the same",
    2: "twice",
    3: "three times",
    3.5: "three and a half times",
    4: "four times",
    5: "five times",
    6: "six times",
    7: "seven times",
    8: "eight times",
    9: "nine times",
    10: "ten times",
    20: "twenty times",
}
FOLD_WORDS = {2: "twofold", 3: "threefold", 4: "fourfold", 5: "fivefold", 10: "tenfold", 20: "twentyfold"}
FRACTIONS = {
    "a tenth": 0.1,
    "a fifth": 0.2,
    "a quarter": 0.25,
    "a third": 1 / 3,
    "two fifths": 0.4,
    "half": 0.5,
    "three fifths": 0.6,
    "two thirds": 2 / 3,
    "three quarters": 0.75,
    "four fifths": 0.8,
}

#: How the margin of a word that compares a difference with its printed rounding (rose, fell, faster
#: than, more slowly than) is measured: the part of the difference beyond its rounding, relative to the
#: larger of the difference and the rounding. A change barely beyond its rounding is knife-edge; a
#: change thousands of times its rounding has a margin near 1, however small it is against its level.
ROUNDING_MARGIN = "(difference − rounding) ÷ the larger of the difference and the rounding"

#: The vocabulary: each word (as the functions below render it), its one meaning and how its margin is
#: measured. docs/claims.md prints this table (a test checks that they agree).
WORDS = {
    "about_times": (
        "about N times / about N-fold / about the same (N = 1)",
        f"ratio within ±{ABOUT:.0%} of N (about the same: within ±10% of each other, either way)",
        "distance to the nearer edge of the band, relative to the ratio",
    ),
    "about_fraction": (
        "about a fifth, a quarter, half, …",
        f"share within ±{ABOUT:.0%} of the fraction (about a fifth = 0.18–0.22)",
        "as `about_times`",
    ),
    "more_than_times": (
        "more than doubled (tripled, quadrupled) / more than twice / more than N times",
        "ratio > N",
        "ratio ÷ N − 1",
    ),
    "rose": (
        "rose",
        "last − first > the printed rounding (the sign of the change beyond rounding)",
        f'{ROUNDING_MARGIN}: a change far beyond its rounding is never "only just", however small against its level',
    ),
    "fell": ("fell", "first − last > the printed rounding", "as `rose`"),
    "rose_every": (
        "rose every year (from each value to the next)",
        "`rose` for every consecutive pair of values "
        "in order (a missing value makes it false); knife-edge steps are named",
        "the smallest step's margin",
    ),
    "faster_than": (
        "faster than",
        "growth rate a − growth rate b > the printed rounding of the rates (0.05 points by default)",
        f"as `rose`, for the difference a − b: {ROUNDING_MARGIN}",
    ),
    "slower_than": (
        "more slowly than",
        "growth rate b − growth rate a > the printed rounding of the rates",
        "as `faster_than`, for b − a",
    ),
    "below": ("below T", "value < threshold T", "(T − value) ÷ T"),
    "above": ("above T", "value > threshold T", "(value − T) ÷ T"),
    "most": (
        "most (provinces, years, …)",
        "more than half of those with data",
        "count ÷ (half of those with data) − 1",
    ),
    "same_within": (
        "the same (within rounding)",
        "|a − b| ≤ the printed rounding",
        "the unused part of the rounding, as a fraction of it",
    ),
    "excludes_zero": (
        "distinguishable from zero",
        "the 95% interval of one coefficient excludes zero",
        "the interval's nearer end from zero ÷ the estimate",
    ),
    "robustly_associated": (
        "robustly associated",
        "every specification of `stats.association` agrees in sign "
        "and excludes zero (HC3 intervals of levels, logs and leave-one-out; Spearman p < 0.05)",
        "the smallest of: each interval's nearer end ÷ its estimate; (0.05 − p) ÷ 0.05",
    ),
    "no_robust_association": (
        "no robust association (… names the specifications that exclude zero)",
        "at least one specification's interval includes zero "
        "(or Spearman p ≥ 0.05), and the words name the specifications that do exclude it",
        "how far zero lies inside the interval that includes it most deeply, relative to the estimate",
    ),
    "fragile": (
        "fragile (carried by …)",
        "the levels HC3 interval excludes zero, but dropping at most "
        "`stats.MAX_DROPPED` named provinces makes it include zero (one rule for 04 and 06)",
        "the smaller of the two distances from zero, each relative to its interval's width",
    ),
    "all_of": ("a composite finding", "every part holds", "the smallest part's margin"),
}


@dataclass(frozen=True)
class Finding:
    """Words checked against numbers. ``str(finding)`` is the rendered words."""

    word: str
    text: str
    holds: bool
    margin: float
    inputs: dict = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    parts: tuple = ()

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    @property
    def knife_edge(self) -> bool:
        return bool(self.holds and self.margin < KNIFE_EDGE)

    def record(self) -> dict:
        """The finding as plain data (what a claim records, and what :func:`evaluate` reads back)."""
        out = {
            "word": self.word,
            "holds": self.holds,
            "margin": _num(self.margin),
            "inputs": {k: _num(v) for k, v in self.inputs.items()},
            "params": dict(self.params),
        }
        if self.parts:
            out["parts"] = [p.record() for p in self.parts]
        return out


def _num(v):
    v = float(v)
    return v if math.isfinite(v) else None


def _finite(*values) -> bool:
    return all(v is not None and not (isinstance(v, float) and math.isnan(v)) for v in map(_float, values))


def _float(v):
    return float("nan") if v is None else float(v)


def _finding(
    word: str, text: str, holds, margin, inputs: dict, params: dict, threshold: str = "", says_edge: bool = False
) -> Finding:
    """Build a finding; a missing number makes it false (margin −inf) rather than silently true. A
    knife-edge finding gets "only just" in front unless its words already say where the edge is
    (``says_edge``)."""
    inputs = {k: _float(v) for k, v in inputs.items()}
    if not _finite(*inputs.values()):
        return Finding(word, text, False, -math.inf, inputs, params)
    holds, margin = bool(holds), float(margin)
    if holds and margin < KNIFE_EDGE and not says_edge:
        text = f"only just {text}" + (f" (threshold {threshold})" if threshold and threshold not in text else "")
    return Finding(word, text, holds, margin, inputs, params)


def _band(value: float, target: float) -> tuple[bool, float]:
    lo, hi = (
        round(target * (1 - ABOUT), 12),
        round(target * (1 + ABOUT), 12),
    )  # 0.2 × 0.9 is 0.18, not 0.18000000000000002
    return lo <= value <= hi, min(value - lo, hi - value) / abs(value) if value else -math.inf


def about_times(ratio: float, n: int, fold: bool = False) -> Finding:
    """ "about N times" (or "about N-fold" with ``fold``): ``ratio`` within ±10% of ``n``. ``n`` = 1 is
    "about the same": within ±10% either way, which says nothing about which of the two is larger."""
    ratio = _float(ratio)
    holds, margin = _band(ratio, n) if _finite(ratio) else (False, -math.inf)
    words = FOLD_WORDS if fold else NUMBER_WORDS
    text = f"about {words.get(n, f'{n}-fold' if fold else f'{n} times')}"
    return _finding(
        "about_times",
        text,
        holds,
        margin,
        {"ratio": ratio},
        {"n": n, "fold": fold},
        f"{n * (1 - ABOUT):g}–{n * (1 + ABOUT):g}",
    )


def about_fraction(share: float, fraction: str) -> Finding:
    """ "about a fifth" etc.: ``share`` within ±10% of the named fraction (:data:`FRACTIONS`)."""
    share, target = _float(share), FRACTIONS[fraction]
    holds, margin = _band(share, target) if _finite(share) else (False, -math.inf)
    return _finding(
        "about_fraction",
        f"about {fraction}",
        holds,
        margin,
        {"share": share},
        {"fraction": fraction},
        f"{target * (1 - ABOUT):.3g}–{target * (1 + ABOUT):.3g}",
    )


def more_than_times(ratio: float, n: int = 2, comparison: bool = False) -> Finding:
    """ "more than doubled" (``n`` = 2) or "more than N times": ``ratio`` > ``n``. With ``comparison``
    (one quantity against another, not a change): "more than twice"."""
    ratio = _float(ratio)
    changed = {2: "more than doubled", 3: "more than tripled", 4: "more than quadrupled"}
    text = changed[n] if n in changed and not comparison else f"more than {NUMBER_WORDS.get(n, f'{n} times')}"
    return _finding(
        "more_than_times", text, ratio > n, ratio / n - 1, {"ratio": ratio}, {"n": n, "comparison": comparison}, f"{n}"
    )


def beyond_rounding(difference: float, rounding: float) -> float:
    """The margin of a difference stated beyond its printed rounding (:data:`ROUNDING_MARGIN`): the part of
    ``difference`` beyond ``rounding``, relative to the larger of the two. Near 1 for a difference far
    beyond its rounding, near 0 for one barely beyond it, negative when it is within the rounding or of
    the other sign (0 when both are zero). Not relative to the level: a fall of 20 million against a
    rounding of 5,000 is not "only just" because the level is a billion."""
    scale = max(abs(difference), abs(rounding))
    return (difference - rounding) / scale if scale else 0.0


def _rounding_times(difference: float, rounding: float) -> str:
    return f"{abs(difference) / rounding:.2f} times the printed rounding" if rounding else "by an exact count"


def _change(word: str, first: float, last: float, rounding: float) -> Finding:
    first, last = _float(first), _float(last)
    sign = 1 if word == "rose" else -1
    gap = sign * (last - first) - rounding
    margin = beyond_rounding(sign * (last - first), rounding)
    text = word
    if gap > 0 and margin < KNIFE_EDGE:  # a change barely beyond its rounding: say how far beyond
        text = f"only just {word} (by {_rounding_times(last - first, rounding)})"
    return _finding(word, text, gap > 0, margin, {"first": first, "last": last}, {"rounding": rounding}, says_edge=True)


def rose(first: float, last: float, rounding: float) -> Finding:
    """ "rose": ``last − first`` exceeds ``rounding`` (the unit of the printed precision)."""
    return _change("rose", first, last, rounding)


def fell(first: float, last: float, rounding: float) -> Finding:
    """ "fell": ``first − last`` exceeds ``rounding``."""
    return _change("fell", first, last, rounding)


def rose_every(values: pd.Series, rounding: float, each: str = "every year") -> Finding:
    """ "rose every year": :func:`rose` from each value of ``values`` (in the order given, labelled by its
    index) to the next; holds when every step does, and its margin is the smallest step's. Pass only the
    values the sentence speaks of (``each`` says which: "every year", "from each year with both figures to
    the next"): a missing value among them makes it false. A knife-edge step is named with its size:
    "rose every year, only just in 2015 (by 1.02 times the printed rounding)"."""
    if len(values) < 2:
        raise ValueError("rose_every needs at least two values")
    labels = [str(label) for label in values.index[1:]]
    steps = tuple(rose(a, b, rounding) for a, b in zip(values.iloc[:-1], values.iloc[1:]))
    holds = all(s.holds for s in steps)
    margin = min(s.margin for s in steps)
    edge = [(label, s) for label, s in zip(labels, steps) if s.knife_edge]
    text = f"rose {each}"
    if holds and edge:
        sizes = [f"{abs(s.inputs['last'] - s.inputs['first']) / rounding:.2f}" for _, s in edge]
        text += (
            f", only just in {_listed([label for label, _ in edge])} (by {_listed(sizes)} times the printed rounding)"
        )
    return Finding("rose_every", text, holds, margin, {}, {"rounding": rounding, "each": each}, steps)


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _rates(word: str, a: float, b: float, rounding: float) -> Finding:
    a, b = _float(a), _float(b)
    difference = a - b if word == "faster_than" else b - a
    text = "faster than" if word == "faster_than" else "more slowly than"
    return _finding(
        word,
        text,
        difference - rounding > 0,
        beyond_rounding(difference, rounding),
        {"a": a, "b": b},
        {"rounding": rounding},
    )


def faster_than(a: float, b: float, rounding: float = 0.0005) -> Finding:
    """ "a grew faster than b": growth rates differ by more than ``rounding`` (default: rates printed to 0.1%)."""
    return _rates("faster_than", a, b, rounding)


def slower_than(a: float, b: float, rounding: float = 0.0005) -> Finding:
    """ "a grew more slowly than b": ``b − a`` exceeds ``rounding``."""
    return _rates("slower_than", a, b, rounding)


def below(value: float, threshold: float, shown: str) -> Finding:
    """ "below T": ``value < threshold``; ``shown`` is the threshold as the sentence prints it ("2%")."""
    value = _float(value)
    return _finding(
        "below",
        f"below {shown}",
        value < threshold,
        (threshold - value) / abs(threshold),
        {"value": value},
        {"threshold": threshold, "shown": shown},
        shown,
    )


def above(value: float, threshold: float, shown: str) -> Finding:
    """ "above T": ``value > threshold``."""
    value = _float(value)
    return _finding(
        "above",
        f"above {shown}",
        value > threshold,
        (value - threshold) / abs(threshold),
        {"value": value},
        {"threshold": threshold, "shown": shown},
        shown,
    )


def most(count: float, total: float) -> Finding:
    """ "most": ``count`` is more than half of ``total`` (those with data). Margin: count ÷ (total/2) − 1."""
    count, total = _float(count), _float(total)
    return _finding(
        "most",
        "most",
        count > total / 2,
        count / (total / 2) - 1 if total else -math.inf,
        {"count": count, "total": total},
        {},
        "more than half",
    )


def same_within(a: float, b: float, rounding: float) -> Finding:
    """ "the same": ``|a − b| ≤ rounding``. Margin: the unused part of the rounding, as a fraction of it
    (an equality has no relative gap to measure). ``rounding`` 0 is an exact count: equal or not."""
    a, b = _float(a), _float(b)
    if rounding == 0:  # an exact count: equal or not, nothing to spend
        return _finding(
            "same_within", "the same", a == b, 1.0 if a == b else -math.inf, {"a": a, "b": b}, {"rounding": rounding}
        )
    return _finding(
        "same_within",
        "the same",
        abs(a - b) <= rounding,
        1 - abs(a - b) / rounding,
        {"a": a, "b": b},
        {"rounding": rounding},
        f"a difference of {rounding:g}",
    )


#: The slope specifications of stats.association that have an interval.
SLOPES = SLOPE_SPECIFICATIONS
SPEC_NAMES = {
    "ols_hc3": "levels (HC3)",
    "loglog_hc3": "log-log (HC3)",
    "leave_one_out": "leave-one-out",
    "spearman": "Spearman",
}


def excludes_zero(estimate: float, ci_low: float, ci_high: float) -> Finding:
    """ "distinguishable from zero": one 95% interval excludes zero (for a single coefficient, such as a
    slope with a control, where :func:`robustly_associated` has no set of specifications to read).
    Margin: the interval's nearer end from zero, relative to the estimate."""
    est, lo, hi = map(_float, (estimate, ci_low, ci_high))
    nearer = lo if est > 0 else -hi
    return _finding(
        "excludes_zero",
        "distinguishable from zero",
        bool(lo > 0 or hi < 0),
        nearer / abs(est) if est else -math.inf,
        {"estimate": est, "ci_low": lo, "ci_high": hi},
        {},
        "an interval end at zero",
    )


def association_inputs(assoc: Association) -> dict:
    """The numbers of an :class:`analysis.stats.Association` that the association words read."""
    out: dict[str, float] = {}
    for s, slope in assoc.slopes().items():
        out |= {f"{s}_estimate": slope.estimate, f"{s}_ci_low": slope.ci_low, f"{s}_ci_high": slope.ci_high}
    return out | {"spearman_estimate": assoc.spearman.estimate, "spearman_p": assoc.spearman.p}


def _association_parts(inputs: dict) -> dict[str, tuple[bool, float, float]]:
    """{specification: (excludes zero, sign, margin)}: the margin is how far the interval's nearer end is
    from zero relative to the estimate (Spearman: (0.05 − p) ÷ 0.05)."""
    out = {}
    for s in SLOPES:
        if f"{s}_estimate" in inputs:
            est, lo, hi = (_float(inputs[f"{s}_{k}"]) for k in ("estimate", "ci_low", "ci_high"))
            nearer = lo if est > 0 else -hi
            out[s] = (bool(lo > 0 or hi < 0), float(np.sign(est)), nearer / abs(est) if est else -math.inf)
    p = _float(inputs["spearman_p"])
    out["spearman"] = (bool(p < ALPHA), float(np.sign(_float(inputs["spearman_estimate"]))), (ALPHA - p) / ALPHA)
    return out


def robustly_associated(**inputs) -> Finding:
    """ "robustly associated": every specification agrees in sign and excludes zero. Inputs: as
    :func:`association_inputs` returns (pass ``**association_inputs(table)``)."""
    parts = _association_parts(inputs)
    signs = {sign for _, sign, _ in parts.values()}
    holds = all(ex for ex, _, _ in parts.values()) and len(signs) == 1
    margin = min(m for _, _, m in parts.values()) if len(signs) == 1 else -math.inf
    return _finding("robustly_associated", "robustly associated", holds, margin, inputs, {})


def no_robust_association(**inputs) -> Finding:
    """ "no robust association": some specification's interval includes zero; the words name the
    specifications that do exclude it. Margin: how far inside the interval zero lies, for the
    specification where it lies deepest (relative to that interval's half-width)."""
    parts = _association_parts(inputs)
    excluding = [SPEC_NAMES[s] for s, (ex, _, _) in parts.items() if ex]
    including = [SPEC_NAMES[s] for s, (ex, _, _) in parts.items() if not ex]
    holds = bool(including)
    margin = max((-m for ex, _, m in parts.values() if not ex), default=-math.inf)
    text = "no robust association"
    if excluding:
        text += (
            f" (the {', '.join(excluding)} "
            f"{'specification excludes' if len(excluding) == 1 else 'specifications exclude'} "
            f"zero; {', '.join(including)} {'does' if len(including) == 1 else 'do'} not)"
        )
    return _finding("no_robust_association", text, holds, margin, inputs, {})


def fragile(
    ols_ci_low: float, ols_ci_high: float, dropped_ci_low: float, dropped_ci_high: float, dropped: str
) -> Finding:
    """ "fragile, carried by …": the levels HC3 interval excludes zero, and without the ``dropped``
    provinces (stats.association's ``drop_until_not_significant``) it includes zero. One rule for every
    notebook. Margin: the smaller of how far the full interval's nearer end is from zero and how far
    zero lies inside the reduced interval, each relative to that interval's width."""
    lo, hi, dlo, dhi = map(_float, (ols_ci_low, ols_ci_high, dropped_ci_low, dropped_ci_high))
    full = max(lo, -hi) / (hi - lo)
    reduced = min(-dlo, dhi) / (dhi - dlo)
    holds = bool(dropped) and full > 0 and reduced >= 0
    edges = [
        t
        for t, m in (
            ("the full interval only just excludes zero", full),
            ("without them it only just includes zero", reduced),
        )
        if m < KNIFE_EDGE
    ]
    text = (
        f"fragile (carried by {dropped.replace('; ', ', ')}{'; ' if edges else ''}{'; '.join(edges)})"
        if dropped
        else "fragile"
    )
    return _finding(
        "fragile",
        text,
        holds,
        min(full, reduced) if dropped else -math.inf,
        {"ols_ci_low": lo, "ols_ci_high": hi, "dropped_ci_low": dlo, "dropped_ci_high": dhi},
        {"dropped": dropped},
        says_edge=True,
    )


def fragile_association(assoc: Association) -> Finding:
    """:func:`fragile` read from an :class:`analysis.stats.Association`."""
    full, reduced = assoc.ols_hc3, assoc.drop_until_not_significant
    return fragile(full.ci_low, full.ci_high, reduced.ci_low, reduced.ci_high, "; ".join(reduced.dropped))


def whichever(*findings: Finding, otherwise: str) -> str:
    """The words of the first of ``findings`` that holds, or ``otherwise`` ("at about the rate of") when none does:
    how a sentence describing a run with other parameters says which way its own numbers go, where the default
    run states one direction as a checked claim. A description, never a claim (it cannot fail)."""
    return next((f.text for f in findings if f.holds), otherwise)


def all_of(*parts: Finding, text: str = "") -> Finding:
    """A composite finding: holds when every part holds; its margin is the smallest part's."""
    if not parts:
        raise ValueError("all_of needs at least one finding")
    holds = all(p.holds for p in parts)
    margin = min(p.margin for p in parts)
    return Finding("all_of", text or "; ".join(p.text for p in parts), holds, margin, {}, {}, tuple(parts))


FUNCTIONS: dict[str, Any] = {
    "about_times": about_times,
    "about_fraction": about_fraction,
    "more_than_times": more_than_times,
    "rose": rose,
    "fell": fell,
    "faster_than": faster_than,
    "slower_than": slower_than,
    "below": below,
    "above": above,
    "most": most,
    "excludes_zero": excludes_zero,
    "same_within": same_within,
    "robustly_associated": robustly_associated,
    "no_robust_association": no_robust_association,
    "fragile": fragile,
}


def evaluate(record: dict, change: dict | None = None) -> Finding:
    """Recompute a recorded finding (:meth:`Finding.record`), with ``change`` mapping a path such as
    ``"ratio"`` or ``"parts.1.first"`` to a new input value. The word and its parameters stay as stated."""
    change = change or {}
    if record.get("parts"):  # a composite (all_of, rose_every): it holds when every part holds
        return all_of(
            *(
                evaluate(p, {k.split(".", 2)[2]: v for k, v in change.items() if k.startswith(f"parts.{i}.")})
                for i, p in enumerate(record["parts"])
            )
        )
    inputs = {k: (float("nan") if v is None else v) for k, v in record["inputs"].items()}
    inputs |= {k: v for k, v in change.items() if "." not in k}
    return FUNCTIONS[record["word"]](**inputs, **record["params"])


def input_paths(record: dict, prefix: str = "") -> dict[str, float]:
    """Every input of a recorded finding by path (see :func:`evaluate`)."""
    if record.get("parts"):
        out: dict[str, float] = {}
        for i, p in enumerate(record["parts"]):
            out |= input_paths(p, f"{prefix}parts.{i}.")
        return out
    return {f"{prefix}{k}": v for k, v in record["inputs"].items()}


#: How far one input may move in the falsifiability check (relative, either direction): up to half its
#: value. Far more than a revision moves a printed figure, so a finding that survives it is robust; one
#: that no change within it can falsify is reported (an identity usually shows up here).
PLAUSIBLE = 0.5
STEPS = (0.02, 0.05, 0.10, 0.25, 0.50)


#: Suffixes that tie inputs to one quantity: an interval's ends and its estimate (and a rank correlation's
#: p-value and estimate) move on the scale of the largest of them, since an end near zero is no more
#: certain than the others.
QUANTITY_PARTS = ("_estimate", "_ci_low", "_ci_high", "_p")


def _quantity(path: str) -> str:
    return next((path[: -len(s)] for s in QUANTITY_PARTS if path.endswith(s)), path)


def falsifiers(record: dict, bound: float = PLAUSIBLE) -> list[dict]:
    """For each input of a recorded finding, the smallest change in :data:`STEPS` (up to ``bound`` of the
    input's scale, either direction) that makes it false, as ``{path: new value}``. An input's scale is its
    own size, or for the parts of one estimate (:data:`QUANTITY_PARTS`) the largest of them. Empty when no
    change does."""
    inputs = {k: val for k, val in input_paths(record).items() if val is not None}
    scale: dict[str, float] = {}
    for k, val in inputs.items():
        scale[_quantity(k)] = max(scale.get(_quantity(k), 0.0), abs(val))
    out = []
    for path, value in inputs.items():
        size = scale[_quantity(path)] or 1.0
        for step in (s for s in STEPS if s <= bound):
            new = next(
                (
                    value + sign * step * size
                    for sign in (1, -1)
                    if not evaluate(record, {path: value + sign * step * size}).holds
                ),
                None,
            )
            if new is not None:
                out.append({path: new})
                break
    return out
