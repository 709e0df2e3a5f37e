"""Validation as code: schemas, keys, ranges and provinces-sum-to-total checks.

Every check returns a list of problems (strings naming file, row, column, value
and expectation) instead of stopping at the first, so one build reports all of
them. :func:`validate_all` raises :class:`ValidationFailed` if any problem is
found; the build then writes nothing.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd
import pandera.pandas as pa

from . import catalog as cat
from ..errors import DataError, ValidationFailed
from ..paths import KNOWN_PROBLEMS_CSV, NAMED_EVIDENCE_CSV, raw_file
from .harmonise import TIER_RANK
from .manifest import COMPILED_TIER, DATABASE_COPY_TIER, OFFICIAL_TABLE_TIER
from .regions import N_PROVINCES, NATIONAL, REGION4, province_codes

GEO_CODES = [NATIONAL, *province_codes()]
#: Data years the project covers (earliest raw value: CPI 1994; latest: 2025).
YEAR_RANGE = (1990, 2030)

#: The kinds of known source problem (``kind`` in ``reference/known_problems.csv``) and what each excuses:
#: ``conflict``, two sources printing one figure differently (an agreement check, by indicator, year and files);
#: ``sum``, a table whose provinces do not add up to its printed total (a sum check, by file, indicator and year);
#: ``identity``, a row whose printed figures break an identity of its table (by file, row, identity and the printed
#: figure). Partial copies (provinces missing) are a property of the copied file: the manifest's ``partial``.
PROBLEM_KINDS = ("conflict", "sum", "identity")
#: The columns of ``reference/known_problems.csv``; a kind uses some of them and leaves the others empty.
PROBLEM_COLUMNS = ("kind", "file", "row", "indicator", "year", "other_file", "identity", "printed", "computed", "note")
_KNOWN_PROBLEMS = "src/analysis/data/reference/known_problems.csv"


@lru_cache(maxsize=1)
def known_problems() -> pd.DataFrame:
    """The one reviewed table of known source problems (``reference/known_problems.csv``), each with its ``kind``
    (:data:`PROBLEM_KINDS`) and why (``note``): what validation reports instead of failing. A row of an unknown
    kind, without a note or with a missing column is an error naming the file, row, column and value."""
    df = pd.read_csv(KNOWN_PROBLEMS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(df.columns) != PROBLEM_COLUMNS:
        raise DataError(_KNOWN_PROBLEMS, 1, None, ",".join(df.columns), f"the columns {','.join(PROBLEM_COLUMNS)}")
    for line, r in enumerate(df.itertuples(index=False), start=2):
        if r.kind not in PROBLEM_KINDS:
            raise DataError(_KNOWN_PROBLEMS, line, "kind", r.kind, f"one of {', '.join(PROBLEM_KINDS)}")
        if not r.note.strip():
            raise DataError(_KNOWN_PROBLEMS, line, "note", r.note, "why the source has this problem")
    return df


def _problems(kind: str) -> pd.DataFrame:
    return known_problems()[known_problems()["kind"].eq(kind)]


@lru_cache(maxsize=None)
def _known_sum(file: str, indicator: str, year: int) -> str:
    k = _problems("sum")
    hit = k[k["file"].eq(file) & k["indicator"].eq(indicator) & k["year"].isin([str(year), "*"])]
    return hit["note"].iloc[0] if len(hit) else ""


LONG_SCHEMA = pa.DataFrameSchema(
    {
        "geo_code": pa.Column(str, pa.Check.isin(GEO_CODES)),
        "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE)),
        "indicator": pa.Column(str, pa.Check.isin(list(cat.indicators()))),
        "group": pa.Column(str),
        "value": pa.Column(float, nullable=True),
        "unit": pa.Column(str),
        "concept": pa.Column(str),
        "tier": pa.Column(str, pa.Check.isin(list(TIER_RANK))),
        "source_file": pa.Column(str, pa.Check.str_startswith(raw_file())),
        "source_row": pa.Column(int, pa.Check.ge(2)),
        "source_column": pa.Column(str),
        "preferred": pa.Column(bool),
        "region_flag": pa.Column(str),
    },
    unique=["source_file", "source_row", "source_column", "geo_code", "year", "indicator", "group"],
    strict=False,
    name="province_year_long",
)


def _schema_problems(df: pd.DataFrame, schema: pa.DataFrameSchema) -> list[str]:
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        out = []
        for _, f in fc.head(50).iterrows():
            idx = f.get("index")
            where = ""
            if (
                idx is not None
                and not (isinstance(idx, float) and math.isnan(idx))
                and "source_file" in df.columns
                and idx in df.index
            ):
                r = df.loc[idx]
                where = f"file {r['source_file']}, row {r['source_row']}, "
            out.append(
                f"{schema.name}: {where}column {f['column']!r}: value {f['failure_case']!r}; expected {f['check']}"
            )
        return out
    return []


def check_long(long: pd.DataFrame) -> list[str]:
    """Schema, unique keys, one preferred value per key, plausible ranges."""
    problems = _schema_problems(long, LONG_SCHEMA)
    pref = long.loc[long["preferred"], ["geo_code", "year", "indicator", "group", "source_file", "source_row"]]
    dup = pref[pref.duplicated(["geo_code", "year", "indicator", "group"], keep=False)]
    for _, r in dup.head(10).iterrows():
        problems.append(
            f"province_year_long: file {r['source_file']}, row {r['source_row']}: more than one preferred "
            f"value for {r['geo_code']} {r['year']} {r['indicator']}; expected one per key"
        )
    # Every value against its indicator's range at once (one filter of the long table, not one per indicator);
    # reported per indicator in the catalog's order, the first ten of each in the table's order.
    indicators = cat.indicators()
    low = long["indicator"].map({code: d["min"] for code, d in indicators.items()})
    high = long["indicator"].map({code: d["max"] for code, d in indicators.items()})
    out_of_range = long[long["value"].notna() & ((long["value"] < low) | (long["value"] > high))]
    found = set(out_of_range["indicator"])
    for code in [c for c in indicators if c in found]:
        d = indicators[code]
        bad = out_of_range[out_of_range["indicator"].eq(code)]
        for _, r in bad.head(10).iterrows():
            problems.append(
                f"file {r['source_file']}, row {r['source_row']}, column {r['source_column']!r}: "
                f"value {r['value_as_printed']!r} ({r['value']:g} {d['unit']}); expected {code} "
                f"between {d['min']:g} and {d['max']:g} {d['unit']}"
            )
    return problems


#: More decimals than any table prints: a database value stored as a binary float (``8.359999999999999``
#: for 8.36, ``99.90000000000001`` for 99.9) is read to this many decimals to find the figure's precision.
FLOAT_NOISE_DECIMALS = 10


def _decimals(printed: str) -> int:
    s = printed.strip().replace(",", "")
    return len(s.split(".")[1]) if "." in s else 0


def _printed_decimals(printed: str) -> int:
    """Decimals of a printed figure, where ``8.359999999999999`` (a float as a database stores 8.36) has two."""
    s = str(printed).strip().replace(",", "")
    if "." not in s:
        return 0
    frac = s.split(".")[1]
    if len(frac) > FLOAT_NOISE_DECIMALS:
        try:
            frac = f"{float(s):.{FLOAT_NOISE_DECIMALS}f}".split(".")[1].rstrip("0")
        except ValueError:
            pass
    return len(frac)


def sum_checks(long: pd.DataFrame, partial: dict[str, str] | None = None) -> pd.DataFrame:
    """Provinces against the printed national total, for every raw table that prints one.

    Tolerance = half a unit of the last printed digit for each summed value and
    for the total (``(n + 1) × 0.5 × 10^-decimals``), in the printed unit. Status:
    ``ok``; ``reported`` when it is off but provinces are missing from a copy the
    manifest marks ``partial`` (``partial`` maps such files to why), or the source
    itself is known to be inconsistent (``reference/known_problems.csv``, kind ``sum``); ``failed``
    otherwise — a sum that is off with provinces missing from a table not marked partial fails too.
    """
    additive = [c for c, d in cat.indicators().items() if d["additive"]]
    keys = ["source_file", "year", "indicator", "group"]
    used = ["geo_code", "value", "value_as_printed", "factor", "source_row", "unit"]  # only these: a copy each
    d = long.loc[long["indicator"].isin(additive) & long["value"].notna(), [*keys, *used]]
    decimals = {v: _decimals(v) for v in d["value_as_printed"].unique().tolist()}  # few distinct printed texts
    d = d.assign(_nat=d["geo_code"].eq(NATIONAL), _dec=d["value_as_printed"].map(decimals).astype(int))
    # One aggregate per table, year, indicator and group: the provinces' sum and count, the coarsest decimals.
    prov = d[~d["_nat"]].groupby(keys, sort=True).agg(_n=("value", "size"), _sum=("value", "sum"), _dec=("_dec", "max"))
    total = (
        d[d["_nat"]]
        .groupby(keys, sort=True)
        .agg(
            _count=("value", "size"),
            _value=("value", "first"),
            _factor=("factor", "first"),
            _printed=("value_as_printed", "first"),
            _row=("source_row", "first"),
            _unit=("unit", "first"),
            _tdec=("_dec", "first"),
        )
    )
    both = prov.join(total, how="inner")
    both = both[both["_count"].eq(1)]  # tables printing both, with one national total
    rows = []
    for g in both.reset_index().to_dict("records"):  # plain dicts: a Series per row costs more than the check
        file, year, ind, group = g["source_file"], g["year"], g["indicator"], g["group"]
        dec = max(int(g["_dec"]), int(g["_tdec"]))
        # Counts of counties are exact, not rounded: no tolerance.
        tol = 0.0 if g["_unit"] == "counties" else (g["_n"] + 1) * 0.5 * 10**-dec
        s = g["_sum"] / g["_factor"]
        tv = g["_value"] / g["_factor"]
        diff = s - tv
        ok = abs(diff) <= tol + 1e-9
        known = _known_sum(file, ind, int(year))
        n = int(g["_n"])
        if ok:
            status, note = "ok", ""
        elif n < N_PROVINCES and file in (partial or {}):
            status, note = (
                "reported",
                (f"{N_PROVINCES - n} province(s) without a value in this partial copy: {(partial or {})[file]}"),
            )
        elif known:
            status, note = "reported", known
        else:
            status, note = "failed", ""
        rows.append(
            {
                "source_file": file,
                "year": int(year),
                "indicator": ind,
                "group": group,
                "provinces": n,
                "sum_printed_unit": round(s, 6),
                "total_printed": g["_printed"],
                "total_row": int(g["_row"]),
                "difference": round(diff, 6),
                "tolerance": round(tol, 6),
                "status": status,
                "note": note,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "source_file",
            "year",
            "indicator",
            "group",
            "provinces",
            "sum_printed_unit",
            "total_printed",
            "total_row",
            "difference",
            "tolerance",
            "status",
            "note",
        ],
    )


AGREEMENT_COLUMNS = [
    "geo_code",
    "year",
    "indicator",
    "group",
    "source_file",
    "source_row",
    "value_as_printed",
    "preferred_file",
    "preferred_row",
    "preferred_as_printed",
    "difference",
    "tolerance",
    "status",
    "note",
]


def known_conflicts() -> pd.DataFrame:
    """The figures that two sources print differently (the ``conflict`` rows of :func:`known_problems`:
    indicator, year or ``*``, one source's ``file``, the other file or ``*``, and why)."""
    return _problems("conflict")


@lru_cache(maxsize=None)
def _known(indicator: str, year: int, preferred_file: str, other_file: str) -> str:
    k = known_conflicts()
    hit = k[
        k["indicator"].eq(indicator)
        & k["year"].isin([str(year), "*"])
        & k["file"].isin([preferred_file, other_file])
        & k["other_file"].isin(["*", other_file, preferred_file])
    ]
    return hit["note"].iloc[0] if len(hit) else ""


def agreement_checks(long: pd.DataFrame) -> pd.DataFrame:
    """Every other version of a figure against the preferred one (same geography, year, indicator and group),
    where both are exact printed numbers: they agree when they differ by no more than half a unit of the
    coarser printed precision (``99.9`` and ``99.90000000000001`` agree; ``34423`` and ``34455`` do not).

    Status: ``ok``; ``revised`` when the other version is an earlier edition of the same publication
    (the manifest's ``published`` dates tell); ``known conflict`` when the reviewed list
    ``reference/known_problems.csv`` (kind ``conflict``) names the
    indicator, year (or ``*``) and files, with the reason the sources differ (revisions, vintages, scope);
    ``failed`` otherwise, which stops the build: a value changed in one source shows as a disagreement with
    another source of the same figure. For an indicator whose sources must always agree
    (``agreement = "required"`` in catalog.toml, e.g. the rural CPI of the yearbook and its database
    copies) no listed reason excuses a difference.
    """
    keys = ["geo_code", "year", "indicator", "group"]
    # Only the columns compared or reported: every column taken along costs a copy of it (most of the time here).
    used = ["preferred", "source_file", "source_row", "value", "value_as_printed", "factor", "publication"]
    d = long.loc[
        long["value"].notna()
        & long["qualifier"].eq("")
        & long["tier"].isin([OFFICIAL_TABLE_TIER, DATABASE_COPY_TIER, COMPILED_TIER]),
        [*keys, *used, "publication_date"],
    ]
    pref = d[d["preferred"]].set_index(keys)[
        ["source_file", "source_row", "value", "value_as_printed", "factor", "publication", "publication_date"]
    ]
    other = d[~d["preferred"]].join(pref.add_prefix("p_"), on=keys, how="inner")
    required = {c for c, v in cat.indicators().items() if v.get("agreement") == "required"}
    # Half a unit of the coarser printed precision of the two, in the base unit (texts parsed once each).
    decimals = {
        v: _decimals(v) for v in pd.concat([other["value_as_printed"], other["p_value_as_printed"]]).unique().tolist()
    }
    tol = np.maximum(
        0.5 * 10.0 ** -other["value_as_printed"].map(decimals).to_numpy(dtype=float) * other["factor"],
        0.5 * 10.0 ** -other["p_value_as_printed"].map(decimals).to_numpy(dtype=float) * other["p_factor"],
    )
    diff = other["value"] - other["p_value"]
    agrees = (diff.abs() <= tol * (1 + 1e-9)).to_numpy()
    status = np.where(agrees, "ok", "").astype(object)
    note = np.full(len(other), "", dtype=object)
    # The few that differ, as plain dicts of the columns their status depends on.
    why = ["publication", "p_publication", "publication_date", "p_publication_date", "indicator", "year"]
    differ = other[[*why, "source_file", "p_source_file"]].iloc[np.flatnonzero(~agrees)].to_dict("records")
    for i, r in zip(np.flatnonzero(~agrees), differ):  # revised, a known conflict, or failed
        if r["publication"] == r["p_publication"] and _earlier(r["publication_date"], r["p_publication_date"]):
            status[i], note[i] = "revised", "an earlier edition of the same publication, revised by the preferred one"
        elif r["indicator"] not in required and (
            hit := _known(r["indicator"], r["year"], r["p_source_file"], r["source_file"])
        ):
            status[i], note[i] = "known conflict", hit
        else:
            status[i] = "failed"
    rows = pd.DataFrame(
        {
            "geo_code": other["geo_code"].to_numpy(),
            "year": other["year"].astype(int).to_numpy(),
            "indicator": other["indicator"].to_numpy(),
            "group": other["group"].to_numpy(),
            "source_file": other["source_file"].to_numpy(),
            "source_row": other["source_row"].astype(int).to_numpy(),
            "value_as_printed": other["value_as_printed"].to_numpy(),
            "preferred_file": other["p_source_file"].to_numpy(),
            "preferred_row": other["p_source_row"].astype(int).to_numpy(),
            "preferred_as_printed": other["p_value_as_printed"].to_numpy(),
            "difference": diff.astype(float).to_numpy(),
            "tolerance": np.asarray(tol, dtype=float),
            "status": status,
            "note": note,
        }
    )
    return (
        pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
        .sort_values(["indicator", "geo_code", "year", "source_file", "source_row"], kind="mergesort")
        .reset_index(drop=True)
    )


def _earlier(a: str, b: str) -> bool:
    """Publication date ``a`` is surely before ``b`` (their possible days do not overlap)."""
    from .harmonise import publication_interval

    return publication_interval(a)[1] < publication_interval(b)[0]


#: How many offending rows a grouped problem line lists before "and N more".
SHOWN_ROWS = 3

#: Said with every disagreement: a listed known conflict must describe the sources, never the code.
CODE_NOT_DATA = (
    "if no raw file changed, the code reading one of them did, and listing the pair as a known "
    "conflict would hide that bug"
)


def agreement_problems(report: pd.DataFrame, long: pd.DataFrame | None = None) -> list[str]:
    """Failed agreement checks, one line per other file, preferred file, indicator and year: a single
    disagreement prints both figures in their printed units and the difference (in the preferred figure's
    printed unit, read from ``long``); many of one kind are grouped ("27 values of 2015 differ from … by
    0.3%–5.0%") with the first rows listed."""
    failed = report[report["status"].eq("failed")]
    if failed.empty:
        return []
    factors, units = {}, {}
    if long is not None:
        keyed = long.drop_duplicates(["source_file", "source_row", "indicator", "geo_code", "year", "group"]).set_index(
            ["source_file", "source_row", "indicator", "geo_code", "year", "group"]
        )
        factors, units = keyed["factor"].to_dict(), keyed["unit_as_printed"].to_dict()
    out = []
    for (file, pfile, ind, year), g in failed.groupby(
        ["source_file", "preferred_file", "indicator", "year"], sort=True
    ):
        items: list[str] = []
        rel: list[float] = []
        for r in g.itertuples():
            key = (r.preferred_file, r.preferred_row, r.indicator, r.geo_code, r.year, r.group)
            f, unit = factors.get(key, 1.0), units.get(key, "")
            p = _number(r.preferred_as_printed)
            rel.append(abs(r.difference / f / p) if p else math.inf)
            if len(items) < SHOWN_ROWS:
                items.append(
                    f"row {r.source_row} {r.geo_code}: {r.value_as_printed} vs {r.preferred_as_printed} (row "
                    f"{r.preferred_row}), difference {r.difference / f:+.6g}{' ' + unit if unit else ''}"
                )
        more = f"; and {len(g) - SHOWN_ROWS} more" if len(g) > SHOWN_ROWS else ""
        first = g.iloc[0]
        if len(g) == 1:
            what = (
                f"value {first['value_as_printed']!r} ({year}); expected the figure of {pfile} row "
                f"{first['preferred_row']} ({first['preferred_as_printed']}) within ±{first['tolerance']:g}"
            )
        else:
            what = (
                f"{len(g)} values of {year} differ from {pfile} by {min(rel):.1%}–{max(rel):.1%}; expected each "
                "within the printed rounding"
            )
        out.append(
            f"file {file}, row {first['source_row']}, column {ind}: {what} ({'; '.join(items)}{more}; the two "
            "sources print the same figure; if they differ for a known reason, list it in "
            f"{_KNOWN_PROBLEMS} (kind conflict) — but {CODE_NOT_DATA})"
        )
    return out


def _number(printed: str) -> float:
    try:
        return float(str(printed).replace(",", ""))
    except ValueError:
        return math.nan


def known_inconsistencies() -> pd.DataFrame:
    """The rows whose printed figures do not satisfy an identity the table prints, because the source itself is
    inconsistent (the ``identity`` rows of :func:`known_problems`: file, row, identity, the printed and the
    computed figure, and why). Such a gap is reported, not failed."""
    return _problems("identity")


def _half_unit(printed: str, factor: float) -> float:
    """Half a unit of the last printed digit, in the base unit."""
    return 0.5 * 10 ** -_printed_decimals(printed) * factor


#: The columns of :func:`identity_checks`, in order.
IDENTITY_COLUMNS = [
    "source_file",
    "source_row",
    "source_column",
    "geo_code",
    "year",
    "group",
    "identity",
    "printed",
    "unit_as_printed",
    "computed",
    "difference",
    "tolerance",
    "formula",
    "status",
    "note",
]
#: What identifies a printed row of a table: the figures of one identity are those printed on one such row.
_ROW_KEY = ["source_file", "source_row", "geo_code", "year", "group"]


def identity_checks(long: pd.DataFrame) -> pd.DataFrame:
    """Every identity printed on a row (``[identities]``: parts adding up to a total; ``[ratio_identities]``: a
    per-person figure equal to its total ÷ persons, e.g. NCMS financing per enrollee = funds ÷ enrollees)
    checked within the printed rounding. One row per (file, row, identity) that prints all its figures:
    the printed and computed figure in the printed unit, their difference and tolerance, and the status
    (``ok``; ``reported`` where ``reference/known_problems.csv`` lists the row, kind ``identity``; ``failed``)."""
    cat_ = cat.catalog()
    rules = [(name, r["total"], list(r["parts"]), None) for name, r in cat_.get("identities", {}).items()]
    rules += [
        (name, r["value"], [r["numerator"]], r["denominator"]) for name, r in cat_.get("ratio_identities", {}).items()
    ]
    # A listed row excuses only the figure it lists: a printed figure changed since it was reviewed fails.
    known = {(r.file, str(r.row), r.identity, r.printed): r.note for r in known_inconsistencies().itertuples()}
    figures = _PrintedRows(long, {i for _, target, parts, den in rules for i in (target, *parts, den) if i})
    frames = [
        _identity_rows(figures, name, target, parts, denominator, known) for name, target, parts, denominator in rules
    ]
    frames = [f for f in frames if f is not None]
    if frames:
        return pd.concat(frames, ignore_index=True)[IDENTITY_COLUMNS]
    return pd.DataFrame(columns=IDENTITY_COLUMNS)


class _PrintedRows:
    """The figures of some indicators by printed row (:data:`_ROW_KEY`), as plain arrays: per row, the first value
    printed of each indicator, in the table's order. Built once for every identity (one filter of the long table,
    not one pivot per identity)."""

    FIELDS = ("value", "value_as_printed", "factor", "source_column", "unit_as_printed")

    def __init__(self, long: pd.DataFrame, indicators: set[str]):
        d = long[long["value"].notna() & long["indicator"].isin(sorted(indicators))]
        d = d.drop_duplicates([*_ROW_KEY, "indicator"])
        row = d.groupby(_ROW_KEY, sort=True).ngroup().to_numpy()  # rows numbered in key order
        self.keys = d[_ROW_KEY].iloc[np.unique(row, return_index=True)[1]].reset_index(drop=True)
        self.fields = {f: d[f].to_numpy() for f in self.FIELDS}
        indicator = d["indicator"].to_numpy()
        #: Per indicator, the position in ``fields`` of its figure on each row (-1: the row prints none).
        self.at = {}
        for ind in indicators:
            at = np.full(len(self.keys), -1)
            mine = np.flatnonzero(indicator == ind)
            at[row[mine]] = mine
            self.at[ind] = at

    def having(self, inds: list[str]) -> np.ndarray:
        """The rows (in key order) that print every one of ``inds``."""
        return np.flatnonzero(np.all([self.at[i] >= 0 for i in inds], axis=0)) if len(self.keys) else np.array([], int)

    def field(self, name: str, ind: str, rows: np.ndarray) -> np.ndarray:
        return self.fields[name][self.at[ind][rows]]


def _identity_rows(
    figures: _PrintedRows, name: str, target: str, parts: list[str], denominator: str | None, known: dict
) -> pd.DataFrame | None:
    """The check of one identity on every row that prints all its figures (``None`` where no row does)."""
    inds = [target, *parts, *([denominator] if denominator else [])]
    rows = figures.having(inds)
    if not len(rows):
        return None
    value = {i: figures.field("value", i, rows).astype(float) for i in inds}
    # Half a unit of the last printed digit, in the base unit (texts parsed once each).
    half = {t: 0.5 * 10 ** -_printed_decimals(t) for i in inds for t in set(figures.field("value_as_printed", i, rows))}
    hu = {
        i: np.array([half[t] for t in figures.field("value_as_printed", i, rows)], dtype=float)
        * figures.field("factor", i, rows).astype(float)
        for i in inds
    }
    f = figures.field("factor", target, rows).astype(float)
    if denominator is None:
        computed = value[parts[0]].copy()
        for part in parts[1:]:
            computed = computed + value[part]
        tol = 0 + hu[inds[0]]
        for i in inds[1:]:
            tol = tol + hu[i]
        formula = " + ".join(parts)
    else:
        n, dd, hn, hd = value[parts[0]], value[denominator], hu[parts[0]], hu[denominator]
        with np.errstate(divide="ignore", invalid="ignore"):
            computed = n / dd
            lo = (n - hn) / (dd + hd)
            hi = np.where(dd > hd, (n + hn) / (dd - hd), math.inf)
        tol = np.maximum(computed - lo, hi - computed) + hu[target]
        formula = f"{parts[0]} / {denominator}"
    diff = value[target] - computed
    ok = np.abs(diff) <= tol * (1 + 1e-9) + 1e-9 * np.abs(computed)
    printed = figures.field("value_as_printed", target, rows)
    keys = figures.keys.iloc[rows]
    note = [
        "" if good else known.get((file, str(row), name, p), "")
        for good, file, row, p in zip(ok, keys["source_file"], keys["source_row"], printed)
    ]
    return pd.DataFrame(
        {
            "source_file": keys["source_file"].to_numpy(),
            "source_row": keys["source_row"].astype(int).to_numpy(),
            "source_column": figures.field("source_column", target, rows),
            "geo_code": keys["geo_code"].to_numpy(),
            "year": keys["year"].astype(int).to_numpy(),
            "group": keys["group"].to_numpy(),
            "identity": name,
            "printed": printed,
            "unit_as_printed": figures.field("unit_as_printed", target, rows),
            "computed": computed / f,
            "difference": diff / f,
            "tolerance": tol / f,
            "formula": formula,
            "status": ["ok" if good else "reported" if n_ else "failed" for good, n_ in zip(ok, note)],
            "note": note,
        }
    )


def identity_problems(long: pd.DataFrame, report: pd.DataFrame | None = None) -> list[str]:
    """A printed figure that no longer equals what its own row implies, beyond the printed rounding: one
    line each, naming file, row, column, both figures in the printed unit and the difference."""
    report = identity_checks(long) if report is None else report
    return [
        f"file {r.source_file}, row {r.source_row}, column {r.source_column!r}: value {r.printed!r}; expected "
        f"{r.formula} on the same row ({r.computed:.6g}{' ' + r.unit_as_printed if r.unit_as_printed else ''}) "
        f"within ±{r.tolerance:.3g} (printed rounding), not a difference of {r.difference:+.4g} (identity "
        f"{r.identity}; a source that is itself inconsistent is listed in "
        f"{_KNOWN_PROBLEMS}, kind identity, with both figures and why)"
        for r in report[report["status"].eq("failed")].itertuples()
    ]


def change_problems(long: pd.DataFrame) -> list[str]:
    """Year-on-year changes beyond an indicator's ``max_change`` (catalog.toml) between the preferred values
    of consecutive years of one geography and group: a province's income tripled by a slip of the pen is
    inside the indicator's range but not a plausible change."""
    out = []
    bounds = {c: d["max_change"] for c, d in cat.indicators().items() if "max_change" in d}
    keys = ["geo_code", "indicator", "group"]
    used = ["year", "value", "value_as_printed", "source_file", "source_row", "source_column"]  # a copy each
    d = long.loc[long["preferred"] & long["indicator"].isin(list(bounds)) & long["value"].notna(), [*keys, *used]]
    d = d.sort_values([*keys, "year"], kind="mergesort")
    prev = d.groupby(keys, sort=False)[["year", "value", "value_as_printed", "source_file", "source_row"]].shift(1)
    change = d["value"] / prev["value"] - 1
    bad = d[(d["year"] - prev["year"]).eq(1) & change.abs().gt(d["indicator"].map(bounds))]
    for r in bad.itertuples():
        p = prev.loc[r.Index]
        out.append(
            f"file {r.source_file}, row {r.source_row}, column {r.source_column!r}: value "
            f"{r.value_as_printed!r} ({r.geo_code} {r.year}); expected {r.indicator} within "
            f"±{100 * bounds[r.indicator]:.0f}% of {r.year - 1} ({p['value_as_printed']}, {p['source_file']} "
            f"row {int(p['source_row'])}), not {100 * change[r.Index]:+.0f}%"
        )
    return out


def falling_problems(long: pd.DataFrame) -> list[str]:
    """Two year columns exchanged in a rising series: an indicator with ``rises = true`` (nominal incomes,
    catalog.toml) that falls from one year to the next in more than ``[plausibility] max_falling_share`` of
    the provinces a table prints both years for. One line per table and pair of years, naming the columns."""
    share = cat.catalog().get("plausibility", {}).get("max_falling_share", 0.5)
    rising = [c for c, d in cat.indicators().items() if d.get("rises")]
    table = ["source_file", "indicator", "group"]
    d = long[long["indicator"].isin(rising) & long["value"].notna() & long["geo_code"].ne(NATIONAL)]
    d = d.drop_duplicates([*table, "geo_code", "year"])  # a province's first value of a year in each table
    # Each value beside the same table's value of the province a year later: one merge for every table and year.
    pairs = d[[*table, "geo_code", "year", "value"]].merge(
        d[[*table, "geo_code", "year", "value"]].assign(year=d["year"] - 1), on=[*table, "geo_code", "year"]
    )
    counts = (
        pairs.assign(falls=pairs["value_y"] < pairs["value_x"])
        .groupby([*table, "year"], sort=True)["falls"]
        .agg(["size", "sum"])
    )
    flagged = counts[(counts["size"] >= 3) & (counts["sum"] > share * counts["size"])]
    first = d.drop_duplicates([*table, "year"]).set_index([*table, "year"])  # each year's first cell in its table
    out = []
    for (file, ind, group, a), (n, falls) in flagged.iterrows():
        b = a + 1
        ca, cb = first.at[(file, ind, group, a), "source_column"], first.at[(file, ind, group, b), "source_column"]
        out.append(
            f"file {file}, row {int(first.at[(file, ind, group, b), 'source_row'])}, columns {ca!r} and {cb!r}: {ind} "
            f"falls from {a} to {b} in {falls} of {n} provinces; expected it to rise in most (a nominal "
            f"series falling in more than {share:.0%} of provinces at once means two year columns were "
            "exchanged or misprinted; [plausibility] in src/analysis/data/catalog.toml)"
        )
    return out


def ratio_shift_problems(long: pd.DataFrame) -> list[str]:
    """A value with no neighbouring year, compared through its table's national figure: a province's ratio to
    the national figure printed in the same table and year, against the same ratio in the nearest other year
    (another edition), may move at most by the indicator's ``max_ratio_shift`` (catalog.toml) — so a ×3 slip
    inside the indicator's range is caught where no year-on-year change can be computed. Preferred values only;
    one line per table and pair of years, listing the first provinces."""
    limits = {c: d["max_ratio_shift"] for c, d in cat.indicators().items() if "max_ratio_shift" in d}
    # Only the columns compared or named: every column taken along is copied by each selection.
    used = ["geo_code", "year", "indicator", "value", "value_as_printed", "preferred", "source_file", "source_row"]
    d = long.loc[
        long["indicator"].isin(list(limits)) & long["value"].notna() & long["group"].eq(""), [*used, "source_column"]
    ]
    nat = (
        d[d["geo_code"].eq(NATIONAL)]
        .drop_duplicates(["source_file", "year", "indicator"])
        .set_index(["source_file", "year", "indicator"])["value"]
    )
    prov = d[d["preferred"] & d["geo_code"].ne(NATIONAL)]
    # Each value's national figure (missing where its table prints none), looked up in one reindex.
    keys = pd.MultiIndex.from_arrays([prov["source_file"], prov["year"], prov["indicator"]])
    prov = prov.assign(national=nat.reindex(keys).to_numpy())
    prov = prov[prov["national"].gt(0)].assign(ratio=lambda x: x["value"] / x["national"])
    prov = prov.sort_values(["indicator", "geo_code", "year"], kind="mergesort")
    prev = prov.groupby(["indicator", "geo_code"], sort=False)[
        ["year", "ratio", "source_file", "source_row", "value_as_printed"]
    ].shift(1)
    shift = prov["ratio"] / prev["ratio"]
    bad = prov[
        prev["year"].notna()
        & (prov["year"] - prev["year"]).gt(1)
        & (shift.gt(prov["indicator"].map(limits)) | shift.lt(1 / prov["indicator"].map(limits)))
    ]
    out = []
    for (ind, file, year, pfile, pyear), g in bad.assign(pfile=prev["source_file"], pyear=prev["year"]).groupby(
        ["indicator", "source_file", "year", "pfile", "pyear"], sort=True
    ):
        lim = limits[ind]
        items = []
        for r in g.head(SHOWN_ROWS).itertuples():
            p = prev.loc[r.Index]
            items.append(
                f"row {r.source_row} {r.geo_code} {r.value_as_printed!r}: {r.ratio:.2%} of the national "
                f"figure vs {p['ratio']:.2%} in {int(p['year'])} (row {int(p['source_row'])}), x{shift[r.Index]:.2f}"
            )
        more = f"; and {len(g) - SHOWN_ROWS} more" if len(g) > SHOWN_ROWS else ""
        first = g.iloc[0]
        out.append(
            f"file {file}, row {first['source_row']}, column {first['source_column']!r}: value "
            f"{first['value_as_printed']!r} ({ind}, {len(g)} province(s) of {year}: {'; '.join(items)}{more}); "
            f"expected each province's ratio to the national figure of its table within x{lim:g} of {pfile} "
            f"({int(pyear)}), as no year between is printed (max_ratio_shift in src/analysis/data/catalog.toml)"
        )
    return out


def sum_check_problems(report: pd.DataFrame) -> list[str]:
    return [
        f"file {r.source_file}, row {r.total_row}, column {r.indicator}: printed total {r.total_printed}; "
        f"expected the {r.provinces} provinces' sum {r.sum_printed_unit:g} within ±{r.tolerance:g}"
        for r in report[report["status"].eq("failed")].itertuples()
    ]


def key_problems(df: pd.DataFrame, key: list[str], name: str) -> list[str]:
    """One row per key in a processed table."""
    dup = df[df.duplicated(key, keep=False)]
    return [
        f"{name}: duplicate key {tuple(r[k] for k in key)}; expected one row per {', '.join(key)}"
        for _, r in dup.head(10).iterrows()
    ]


PANEL_SCHEMA = pa.DataFrameSchema(
    {
        "geo_code": pa.Column(str, pa.Check.isin(province_codes())),
        "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE)),
        "name_en": pa.Column(str),
        "region4": pa.Column(str, pa.Check.isin(list(REGION4))),
        "income_concept": pa.Column(str, pa.Check.isin(["net", "disposable", ""])),
        "ncms_enrollment_ratio": pa.Column(float, pa.Check.in_range(0, 3), nullable=True),
        "burden_min_contribution": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    unique=["geo_code", "year"],
    strict=False,
    name="rural_panel",
)

NATIONAL_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(*YEAR_RANGE), unique=True),
        "income_concept": pa.Column(str, pa.Check.isin(["net", "disposable", ""])),
    },
    strict=False,
    name="national_series",
)

POLICY_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2003, 2030), unique=True),
        "min_individual_contribution": pa.Column(float, pa.Check.in_range(0, 2000), nullable=True),
        "min_fiscal_subsidy": pa.Column(float, pa.Check.in_range(0, 2000), nullable=True),
        "individual_share": pa.Column(float, pa.Check.in_range(0, 1), nullable=True),
    },
    strict=False,
    name="policy_standards",
)


SUMS_SCHEMA = pa.DataFrameSchema(
    {
        "source_file": pa.Column(str, pa.Check.str_startswith(raw_file())),
        "indicator": pa.Column(str, pa.Check.isin(list(cat.indicators()))),
        "provinces": pa.Column(int, pa.Check.in_range(1, N_PROVINCES)),
        "status": pa.Column(str, pa.Check.isin(["ok", "reported", "failed"])),
    },
    unique=["source_file", "year", "indicator", "group"],
    strict=False,
    name="sum_checks",
)


@lru_cache(maxsize=1)
def named_evidence() -> pd.DataFrame:
    """The reviewed table of the statements notebooks read (``reference/named_evidence.csv``): a stable name, and
    the evidence file, data year, value and address that identify the statement in it (not its row number)."""
    return pd.read_csv(NAMED_EVIDENCE_CSV, dtype=str, keep_default_na=False, encoding="utf-8")


def evidence_lookup(evidence: pd.DataFrame, table: pd.DataFrame | None = None) -> tuple[dict[str, object], list[str]]:
    """Each named statement's index label in ``evidence`` (the processed evidence table), and one line per name
    that does not match exactly one statement: a statement moved to another row still resolves; one whose value,
    year or address changed (or a name listed twice) is a problem naming the reference table's row."""
    table = named_evidence() if table is None else table
    rel = "src/analysis/data/reference/named_evidence.csv"
    found: dict[str, object] = {}
    problems = []
    for line, r in enumerate(table.itertuples(index=False), start=2):
        hit = evidence.index[
            evidence["source_file"].eq(r.source_file)
            & evidence["data_year"].astype(str).eq(r.data_year)
            & evidence["value"].eq(r.value)
            & evidence["source_url"].eq(r.source_url)
        ]
        if r.name in found:
            problems.append(str(DataError(rel, line, "name", r.name, "each name listed once")))
        elif len(hit) != 1:
            expected = (
                f"one statement of {r.source_file} with this value, data_year {r.data_year!r} and source_url "
                f"{r.source_url!r} (found {len(hit)}): review the changed statement and this row"
            )
            problems.append(str(DataError(rel, line, "value", r.value, expected)))
        else:
            found[r.name] = hit[0]
    return found, problems


def validate_all(tables: dict[str, pd.DataFrame], sums: pd.DataFrame, identities: pd.DataFrame | None = None) -> None:
    """Run every check on the processed tables; raise :class:`ValidationFailed` listing all problems."""
    problems = check_long(tables["province_year_long"])
    problems += sum_check_problems(sums)
    problems += agreement_problems(tables["agreement_checks"], tables["province_year_long"])
    problems += change_problems(tables["province_year_long"])
    problems += ratio_shift_problems(tables["province_year_long"])
    problems += falling_problems(tables["province_year_long"])
    problems += identity_problems(tables["province_year_long"], identities)
    problems += _schema_problems(tables["rural_panel"], PANEL_SCHEMA)
    problems += _schema_problems(tables["national_series"], NATIONAL_SCHEMA)
    problems += _schema_problems(tables["policy_standards"], POLICY_SCHEMA)
    problems += _schema_problems(sums, SUMS_SCHEMA)
    problems += key_problems(tables["provinces"], ["code"], "provinces")
    problems += evidence_lookup(tables["evidence"])[1]
    if problems:
        raise ValidationFailed(problems)
