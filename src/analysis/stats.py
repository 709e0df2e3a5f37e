"""The measures and models the notebooks compute: growth, indices, coverage, quintile burdens, and
cross-province regressions with robust inference.

Everything here takes processed tables (``analysis.datasets``) and returns new frames or numbers;
nothing reads raw files or writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .data.derive import COVER_LAG_YEARS, burden
from .data.manifest import COMPILED_TIER, DATABASE_COPY_TIER, EVIDENCE_TIER, OFFICIAL_TABLE_TIER
from .data.regions import NATIONAL, name_en


def coverage(
    long: pd.DataFrame, geo: str = "province", years: range | None = None, derived_apart: bool = False
) -> pd.DataFrame:
    """Indicator × year: how many provinces (or 1 for national) have a value.

    Counts distinct geographies with a non-missing value from any source, groups
    pooled. Rows are indicators with at least one value in ``years``; columns are
    every year of ``years`` (default: first to last year with data); 0 where nothing exists.
    With ``derived_apart``, an indicator with both printed and derived values (tier ``derived``) counts
    its derived ones in a row of its own, ``<indicator>`` + ``harmonise.DERIVED_ROW`` (an indicator with derived
    values only keeps its own row: its name says derived).
    """
    from .data.harmonise import DERIVED_ROW, DERIVED_TIER

    d = long[long["value"].notna()]
    d = d[d["geo_code"].ne(NATIONAL)] if geo == "province" else d[d["geo_code"].eq(NATIONAL)]
    if derived_apart:
        is_derived = d["tier"].eq(DERIVED_TIER)
        mixed = set(d.loc[is_derived, "indicator"]) & set(d.loc[~is_derived, "indicator"])
        apart = is_derived & d["indicator"].isin(mixed)
        d = d.assign(indicator=d["indicator"].where(~apart, d["indicator"] + DERIVED_ROW))
    grid = d.groupby(["indicator", "year"])["geo_code"].nunique().unstack("year", fill_value=0)
    years = years or range(int(grid.columns.min()), int(grid.columns.max()) + 1)
    grid = grid.reindex(columns=years, fill_value=0).sort_index()
    return grid[grid.sum(axis=1) > 0]


def source_profile(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: values, and how many come from secondary copies, inferred names or qualified statements."""
    d = long[long["value"].notna()]
    g = d.groupby("indicator")
    return pd.DataFrame(
        {
            "values": g.size(),
            "official_tables": g["tier"].apply(lambda s: int((s == OFFICIAL_TABLE_TIER).sum())),
            "secondary_copies": g["tier"].apply(lambda s: int((s == DATABASE_COPY_TIER).sum())),
            "compiled_or_press": g["tier"].apply(lambda s: int(s.isin([COMPILED_TIER, EVIDENCE_TIER]).sum())),
            "inferred_region_names": g["region_flag"].apply(lambda s: int(s.str.contains("row order").sum())),
            "qualified_statements": g["qualifier"].apply(lambda s: int(s.ne("").sum())),
            "first_year": g["year"].min(),
            "last_year": g["year"].max(),
        }
    )


def preferred_sources(long: pd.DataFrame, indicator: str, geo_code: str = NATIONAL) -> pd.DataFrame:
    """What a chart of ``indicator`` uses, year by year: the preferred value's file, tier and publication
    (:func:`analysis.data.harmonise.choose_preferred` picks it), and the other versions of the same year
    that differ from it (``others``: the values; ``other_files``: their files, " / "-joined). One row per
    year with a value, sorted by year. ``file`` is the file name without its folder."""
    d = long[
        long["indicator"].eq(indicator) & long["geo_code"].eq(geo_code) & long["group"].eq("") & long["value"].notna()
    ]
    pref = d[d["preferred"]].set_index("year")
    other = d[~d["preferred"]].merge(
        pref[["value"]].rename(columns={"value": "chosen"}), left_on="year", right_index=True
    )
    other = other[~np.isclose(other["value"], other["chosen"], rtol=1e-9, atol=0)]  # float noise is not a version
    grouped = other.groupby("year")
    return (
        pd.DataFrame(
            {
                "value": pref["value"],
                "tier": pref["tier"],
                "file": pref["source_file"].str.rsplit("/", n=1).str[-1],
                "publication": pref["publication"],
                "others": grouped["value"].agg(lambda v: tuple(sorted(v.unique()))).reindex(pref.index),
                "other_files": grouped["source_file"]
                .agg(lambda f: " / ".join(sorted({x.rsplit("/", 1)[-1] for x in f})))
                .reindex(pref.index)
                .fillna(""),
            }
        )
        .sort_index()
        .rename_axis("year")
        .reset_index()
    )


def as_published(
    long: pd.DataFrame, publication: str, year: int, indicators: list[str], geo_code: str = NATIONAL
) -> pd.Series:
    """The figures one publication prints for ``year``, by indicator (in the order of ``indicators``): a version
    of a figure chosen by the publication that printed it (the long table's ``publication``, as the manifest or
    the file names it), not by the file it sits in. An indicator the publication does not print for that year,
    or prints with two different values, is an error naming the publication, indicator and year."""
    d = long[
        long["publication"].eq(publication)
        & long["year"].eq(year)
        & long["geo_code"].eq(geo_code)
        & long["group"].eq("")
        & long["value"].notna()
    ]
    out = {}
    for indicator in indicators:
        values = d.loc[d["indicator"].eq(indicator), "value"].unique()
        if len(values) != 1:
            raise ValueError(
                f"{publication!r} prints {len(values)} different values of {indicator} for {year} ({geo_code}); "
                "expected one"
            )
        out[indicator] = float(values[0])
    return pd.Series(out, name="value")


def year_ranges(years) -> str:
    """Years as a sentence lists them: consecutive runs joined by an en dash ("2004, 2012–2014")."""
    years = sorted(int(y) for y in years)
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def standard_for_cover_year(
    policy: pd.DataFrame, cover_year: int, column: str = "min_individual_contribution"
) -> tuple[float, int]:
    """(standard, policy year) that bought cover for ``cover_year``: the standard of policy year
    ``cover_year - COVER_LAG_YEARS`` (see :data:`analysis.data.derive.COVER_LAG_YEARS`); NaN if unpublished."""
    year = cover_year - COVER_LAG_YEARS
    values = policy.set_index("year")[column]
    return float(values.get(year, np.nan)), year


def minimum_for_cover_year(policy: pd.DataFrame, cover_year: int) -> tuple[float, float, float]:
    """The national minimum financing that bought cover for ``cover_year``, one timing rule per component:
    the individual contribution of policy year ``cover_year - COVER_LAG_YEARS`` (collected in the autumn
    before, the NHSA/MOF/STA notices) plus the government subsidy of ``cover_year`` itself (budgeted and
    paid in the cover year at that year's standard; the material states no lag for it).

    Returns (total, individual, subsidy) in yuan per person; a missing component makes the total NaN,
    never an estimate. Notebooks 05 and 06 both use it.
    """
    p = policy.set_index("year")
    individual = float(p["min_individual_contribution"].get(cover_year - COVER_LAG_YEARS, np.nan))
    subsidy = float(p["min_fiscal_subsidy"].get(cover_year, np.nan))
    return individual + subsidy, individual, subsidy


def stated_numbers(text: str) -> list[float]:
    """The numbers printed in a statement, in order (``"5-8 million per year"`` → ``[5.0, 8.0]``;
    thousands separators removed). For reading figures out of quoted evidence, which stays text."""
    import re

    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def decompose_change(net: float, components: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """A net change beside the components stated for it, each as (low, high) bounds, and the residual's
    bounds (net − sum of components): what the stated components leave unexplained. One row each,
    columns ``part``, ``low``, ``high``."""
    lo = sum(v[0] for v in components.values())
    hi = sum(v[1] for v in components.values())
    rows = [
        ("net change", net, net),
        *((k, v[0], v[1]) for k, v in components.items()),
        ("residual (net − stated components)", net - hi, net - lo),
    ]
    return pd.DataFrame(rows, columns=["part", "low", "high"])


def cagr(values: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate of ``values`` (indexed by year) from ``start`` to ``end``."""
    a, b = values.get(start), values.get(end)
    if a is None or b is None or pd.isna(a) or pd.isna(b) or a <= 0:
        return float("nan")
    return (b / a) ** (1 / (end - start)) - 1


def index_to(values: pd.Series, base_year: int) -> pd.Series:
    """``values`` (indexed by year) as an index, base year = 100; NaN where a year is missing."""
    return 100 * values / values.get(base_year, np.nan)


def chain_index(previous_year: pd.Series, base_year: int) -> pd.Series:
    """A price level (``base_year`` = 100) chained from indices with the preceding year = 100 (indexed by
    year): level(Y) = level(Y − 1) × index(Y) / 100, forwards and backwards from the base. A missing year
    breaks the chain: the level stays missing beyond it, never interpolated."""
    idx = previous_year.dropna()
    if base_year not in idx.index and base_year - 1 not in idx.index and base_year + 1 not in idx.index:
        raise ValueError(f"no price index near the base year {base_year}")
    years = range(int(idx.index.min()) - 1, int(idx.index.max()) + 1)
    level = pd.Series(np.nan, index=pd.Index(list(years), name=previous_year.index.name), dtype=float)
    level[base_year] = 100.0
    for y in range(base_year + 1, years[-1] + 1):
        level[y] = level[y - 1] * idx.get(y, np.nan) / 100
    for y in range(base_year - 1, years[0] - 1, -1):
        level[y] = level[y + 1] / (idx.get(y + 1, np.nan) / 100)
    return level


def deflate(values: pd.Series, level: pd.Series) -> pd.Series:
    """Nominal ``values`` (indexed by year) in constant prices of the level's base year (level = 100 there);
    missing where the price level is (real values stop where the price index stops)."""
    return values * 100 / level.reindex(values.index)


def two_waves(panel: pd.DataFrame, first: int, second: int, columns: list[str]) -> pd.DataFrame:
    """One row per province with ``columns`` in two waves (``<col>_<year>``) and their change
    (``<col>_change`` = second − first); provinces missing from either wave keep a missing change."""
    waves = [panel[panel["year"].eq(y)].set_index("geo_code")[columns].add_suffix(f"_{y}") for y in (first, second)]
    names = panel.drop_duplicates("geo_code").set_index("geo_code")["name_en"]
    out = pd.concat([names, *waves], axis=1)
    for c in columns:
        out[f"{c}_change"] = out[f"{c}_{second}"] - out[f"{c}_{first}"]
    return out.reset_index().rename(columns={"index": "geo_code"})


def index_table(series: dict[str, pd.Series], base_year: int, years) -> pd.DataFrame:
    """Several series (each indexed by year) as indices, base year = 100: one column per series, one row
    per year in ``years``; NaN where a series has no value (or none in the base year)."""
    return pd.DataFrame({name: index_to(s, base_year) for name, s in series.items()}).reindex(list(years))


def region_means(panel: pd.DataFrame, value: str, weight: str | None = None) -> pd.DataFrame:
    """Mean of ``value`` by NBS region and year (weighted by ``weight`` if given), over provinces with a value."""
    d = panel.dropna(subset=[value] + ([weight] if weight else []))
    if weight:
        out = d.groupby(["region4", "year"]).apply(
            lambda g: np.average(g[value], weights=g[weight]), include_groups=False
        )
    else:
        out = d.groupby(["region4", "year"])[value].mean()
    return out.rename(value).reset_index()


def quintile_burden(long: pd.DataFrame, policy: pd.DataFrame) -> pd.DataFrame:
    """Burden of the national minimum contribution for each income fifth where quintile incomes exist.

    Uses the preferred per-capita income of each quintile (2007 national net
    income; Fujian disposable income 2016–2021) and the national minimum
    contribution of the same policy year. Household burden = contribution ×
    usual residents per household, where household size was printed (2007).
    """
    inc = long[
        long["preferred"]
        & long["group"].ne("")
        & long["indicator"].isin(["rural_net_income", "rural_disposable_income"])
    ]
    size = long[long["preferred"] & long["indicator"].eq("household_size")].set_index(["geo_code", "year", "group"])[
        "value"
    ]
    contrib = policy.set_index("year")["min_individual_contribution"]
    out = inc[["geo_code", "year", "group", "indicator", "value", "source_file", "source_row"]].rename(
        columns={"value": "income_per_capita", "indicator": "income_indicator"}
    )
    out = out.assign(geography=out["geo_code"].map(name_en), min_individual_contribution=out["year"].map(contrib))
    out["burden"] = burden(out["min_individual_contribution"], out["income_per_capita"])
    out["household_size"] = [size.get((g, y, q), np.nan) for g, y, q in zip(out["geo_code"], out["year"], out["group"])]
    out["household_premium_yuan"] = out["min_individual_contribution"] * out["household_size"]
    return out.sort_values(["geo_code", "year", "group"]).reset_index(drop=True)


def burden_by_fifth(
    long: pd.DataFrame,
    policy: pd.DataFrame,
    average_income: pd.Series,
    indicator: str = "rural_disposable_income",
    geo_code: str = NATIONAL,
) -> pd.DataFrame:
    """The national minimum contribution as a share of per-capita income, by year: one column per income
    fifth of ``geo_code`` (the preferred quintile incomes of ``indicator`` in the long table) and
    ``average`` at the *published* average income of the same concept (``average_income``, by year; not
    the mean of the five fifths, which is not the population average, and never an average of the other
    income concept: net income is not disposable income). Years without a standard or an income stay gaps.

    The one home of the fifths' burden: notebooks 02 and 09 both read it.
    """
    inc = long[
        long["preferred"] & long["group"].ne("") & long["geo_code"].eq(geo_code) & long["indicator"].eq(indicator)
    ]
    fifths = inc.pivot(index="year", columns="group", values="value").sort_index()
    contribution = policy.set_index("year")["min_individual_contribution"].reindex(fifths.index)
    out = fifths.apply(lambda fifth: burden(contribution, fifth))
    out["average"] = burden(contribution, average_income.reindex(fifths.index))
    out.columns.name = None
    return out


def fifth_to_average(burden: pd.DataFrame, group: str) -> pd.Series:
    """How many times the burden at the published average income the burden of ``group`` is, by year
    (``burden`` from :func:`burden_by_fifth`); years with a gap are left out."""
    return (burden[group] / burden["average"]).dropna().rename(f"{group} ÷ average")


def payout_by_source(long: pd.DataFrame, geo_code: str = NATIONAL) -> pd.DataFrame:
    """NCMS payout (fund expenditure ÷ funds raised) with **one source per ratio**: both figures come from
    the same raw file. Where a file prints expenditure but not the funds raised, its funds are its own
    financing per enrollee × its enrollees (``funds_basis`` "per enrollee × enrollees", a derived value);
    a file that prints neither way gives no ratio. Figures from different files are never divided.

    Returns one row per year and source file: year, source_file, expenditure, funds, funds_basis, payout.
    A year's payout is then the range over its rows (:func:`payout_range`).
    """
    ind = ["ncms_fund_expenditure", "ncms_funds_raised", "ncms_financing_per_enrollee", "ncms_enrollees"]
    d = long[long["geo_code"].eq(geo_code) & long["indicator"].isin(ind)].dropna(subset=["value"])
    wide = d.groupby(["year", "source_file", "indicator"])["value"].first().unstack("indicator").reindex(columns=ind)
    implied = wide["ncms_financing_per_enrollee"] * wide["ncms_enrollees"]
    funds = wide["ncms_funds_raised"].fillna(implied)
    basis = np.where(wide["ncms_funds_raised"].notna(), "printed", "per enrollee × enrollees")
    out = pd.DataFrame(
        {"expenditure": wide["ncms_fund_expenditure"], "funds": funds, "funds_basis": basis}, index=wide.index
    ).dropna(subset=["expenditure", "funds"])
    return out.assign(payout=out["expenditure"] / out["funds"]).reset_index()


def payout_range(by_source: pd.DataFrame) -> pd.DataFrame:
    """The lowest and highest payout each year over its sources (:func:`payout_by_source`), and how many
    sources allow a ratio."""
    g = by_source.groupby("year")["payout"]
    return pd.DataFrame({"low": g.min(), "high": g.max(), "sources": g.size()})


def quintile_income_ratio(quintiles: pd.DataFrame, geography: str, group: str) -> tuple[float, int]:
    """Income of ``group`` relative to the mean of the quintile incomes, in the latest year ``geography``
    prints it; returns (ratio, year). ``quintiles`` is the output of :func:`quintile_burden`."""
    d = quintiles[quintiles["geography"].eq(geography)].dropna(subset=["income_per_capita"])
    year = int(d.loc[d["group"].eq(group), "year"].max())
    same_year = d[d["year"].eq(year)]
    ratio = (
        same_year.loc[same_year["group"].eq(group), "income_per_capita"].iloc[0] / same_year["income_per_capita"].mean()
    )
    return float(ratio), year


#: Heteroskedasticity-consistent covariance for cross-province regressions: HC3 (MacKinnon & White 1985),
#: which Long & Ervin (2000) recommend for samples under about 250 and which is less liberal than HC1 when a
#: few provinces have high leverage, as rich coastal provinces do. Intervals use the t distribution.
COVARIANCE = "HC3"
#: Two-sided level of every interval and test.
ALPHA = 0.05
#: At most this many provinces are dropped when searching for the few that carry an association.
MAX_DROPPED = 5


@dataclass(frozen=True)
class Fit:
    """A fitted simple regression: coefficients with robust (HC3) standard errors and t-based intervals."""

    table: pd.DataFrame  # index: term; columns: coef, se, t, p, ci_low, ci_high
    n: int
    r2: float
    y: str
    x: list[str]
    result: Any = None  # the statsmodels result, for predictions

    def band(self, grid) -> pd.DataFrame:
        """Fitted mean and its robust 95% interval over ``grid`` (values of the single regressor)."""
        import statsmodels.api as sm

        X = sm.add_constant(pd.DataFrame({self.x[0]: np.asarray(grid, dtype=float)}), has_constant="add")
        pred = self.result.get_prediction(X).summary_frame(alpha=ALPHA)
        return pd.DataFrame(
            {
                "x": np.asarray(grid, dtype=float),
                "fit": pred["mean"].to_numpy(),
                "low": pred["mean_ci_lower"].to_numpy(),
                "high": pred["mean_ci_upper"].to_numpy(),
            }
        )


def ols_robust(data: pd.DataFrame, y: str, x: list[str] | str) -> Fit:
    """OLS of ``y`` on ``x`` (with a constant), HC3 standard errors and t-based 95% intervals.

    Rows with a missing ``y`` or ``x`` are dropped (listwise); ``n`` reports how many were used.
    """
    import statsmodels.api as sm  # here, not at module level: it costs a second to import

    xs = [x] if isinstance(x, str) else list(x)
    d = data[[y, *xs]].dropna()
    X = sm.add_constant(d[xs].astype(float))
    res = sm.OLS(d[y].astype(float), X).fit(cov_type=COVARIANCE, use_t=True)
    ci = res.conf_int(alpha=ALPHA)
    table = pd.DataFrame(
        {"coef": res.params, "se": res.bse, "t": res.tvalues, "p": res.pvalues, "ci_low": ci[0], "ci_high": ci[1]}
    )
    return Fit(table=table, n=int(res.nobs), r2=float(res.rsquared), y=y, x=xs, result=res)


#: The slope specifications of :class:`Association` (each a :class:`Slope` with an interval), in table order.
SLOPE_SPECIFICATIONS = ("ols_hc3", "loglog_hc3", "leave_one_out")
#: The columns of :meth:`Association.table`.
ASSOCIATION_COLUMNS = ["specification", "estimate", "se", "ci_low", "ci_high", "p", "n", "r2", "dropped"]


@dataclass(frozen=True)
class Slope:
    """One slope specification of :func:`association`: the slope, its HC3 standard error, t-based 95% interval
    and p-value, the number of provinces used, R², and the provinces left out (none for the full sample)."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    p: float
    n: int
    r2: float
    dropped: tuple[str, ...] = ()

    @classmethod
    def of(cls, fit: Fit, term: str, dropped: tuple[str, ...] = ()) -> Slope:
        """The coefficient of ``term`` in ``fit``."""
        r = fit.table.loc[term]
        return cls(
            float(r["coef"]),
            float(r["se"]),
            float(r["ci_low"]),
            float(r["ci_high"]),
            float(r["p"]),
            fit.n,
            fit.r2,
            tuple(dropped),
        )

    @property
    def interval(self) -> tuple[float, float]:
        """The 95% interval (low, high)."""
        return self.ci_low, self.ci_high

    @property
    def excludes_zero(self) -> bool:
        """Whether the 95% interval excludes zero."""
        return bool(self.ci_low > 0 or self.ci_high < 0)


@dataclass(frozen=True)
class RankCorrelation:
    """Spearman's rank correlation (``estimate``), its p-value and the number of provinces used."""

    estimate: float
    p: float
    n: int


@dataclass(frozen=True)
class Association:
    """How a cross-province association stands up (:func:`association`): one attribute per specification.

    * ``ols_hc3`` — slope of y on x, HC3 standard error, t-based 95% interval, R²;
    * ``spearman`` — Spearman's rank correlation and its p-value;
    * ``loglog_hc3`` — the elasticity (slope of log y on log x); None unless every value is positive;
    * ``leave_one_out`` — the slope without the province whose removal moves it most (``dropped``);
    * ``drop_until_not_significant`` — the fewest provinces (greedily, the most influential first, at most
      :data:`MAX_DROPPED`) whose removal makes the HC3 interval include zero, and the slope without them;
      ``dropped`` is empty if the interval still excludes zero after :data:`MAX_DROPPED` (the slope is then
      the one after :data:`MAX_DROPPED` removals) or already includes zero with every province (the slope is
      then ``ols_hc3``'s).
    """

    ols_hc3: Slope
    spearman: RankCorrelation
    loglog_hc3: Slope | None
    leave_one_out: Slope
    drop_until_not_significant: Slope

    def slopes(self) -> dict[str, Slope]:
        """``{specification: slope}`` for the slope specifications that could be run (with an interval)."""
        found = {s: getattr(self, s) for s in SLOPE_SPECIFICATIONS}
        return {s: slope for s, slope in found.items() if slope is not None}

    @property
    def drivers(self) -> list[str]:
        """The provinces whose removal makes the association indistinguishable from zero (empty if none of up
        to :data:`MAX_DROPPED` do)."""
        return list(self.drop_until_not_significant.dropped)

    def table(self) -> pd.DataFrame:
        """One row per specification (:data:`ASSOCIATION_COLUMNS`), for display: ``estimate`` is the slope or
        the rank correlation; ``dropped`` names the provinces left out, separated by ``; ``."""
        rank = self.spearman
        rows = [
            _table_row("ols_hc3", self.ols_hc3),
            {
                "specification": "spearman",
                "estimate": rank.estimate,
                "se": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p": rank.p,
                "n": rank.n,
                "r2": np.nan,
                "dropped": "",
            },
        ]
        if self.loglog_hc3 is not None:
            rows.append(_table_row("loglog_hc3", self.loglog_hc3))
        rows += [
            _table_row("leave_one_out", self.leave_one_out),
            _table_row("drop_until_not_significant", self.drop_until_not_significant),
        ]
        return pd.DataFrame(rows, columns=ASSOCIATION_COLUMNS)


def _table_row(specification: str, s: Slope) -> dict:
    return {
        "specification": specification,
        **{k: getattr(s, k) for k in ASSOCIATION_COLUMNS[1:-1]},
        "dropped": "; ".join(s.dropped),
    }


def association(data: pd.DataFrame, y: str, x: str, label: str = "name_en") -> Association:
    """How a cross-province association between ``y`` and ``x`` stands up: the slope with HC3 errors, the
    rank correlation, the elasticity, and the influence of single provinces (see :class:`Association`).
    Provinces are named by the ``label`` column. Rows with a missing ``y`` or ``x`` are left out (each
    specification's ``n`` says how many were used)."""
    from scipy.stats import spearmanr

    d = data.dropna(subset=[x, y]).reset_index(drop=True)
    levels = Slope.of(ols_robust(d, y, x), x)
    rho, p = spearmanr(d[x], d[y])
    logs = None
    if (d[x] > 0).all() and (d[y] > 0).all():
        logged = d.assign(**{f"log_{x}": np.log(d[x]), f"log_{y}": np.log(d[y])})
        logs = Slope.of(ols_robust(logged, f"log_{y}", f"log_{x}"), f"log_{x}")
    loo = _leave_one_out(d, y, x, label)
    worst = _most_influential(loo, x, levels.estimate)
    return Association(
        ols_hc3=levels,
        spearman=RankCorrelation(float(rho), float(p), len(d)),
        loglog_hc3=logs,
        leave_one_out=Slope.of(loo[worst][1], x, (worst,)),
        drop_until_not_significant=_drop_until_not_significant(d, y, x, label, levels, loo),
    )


def _leave_one_out(d: pd.DataFrame, y: str, x: str, label: str) -> dict[str, tuple]:
    """``{province: (row index, fit without it)}`` for every row of ``d``."""
    return {d.at[i, label]: (i, ols_robust(d.drop(index=i), y, x)) for i in d.index}


def _most_influential(fits: dict[str, tuple], x: str, slope: float) -> str:
    """The province whose removal moves the slope of ``x`` furthest from ``slope`` (ties: the later name)."""
    return max(fits, key=lambda k: (abs(fits[k][1].table.loc[x, "coef"] - slope), k))


def _drop_until_not_significant(
    d: pd.DataFrame, y: str, x: str, label: str, full: Slope, loo: dict[str, tuple]
) -> Slope:
    """Drop the most influential province, refit, repeat until the HC3 interval includes zero (see
    :class:`Association`). With all provinces already not significant, nothing is dropped. ``loo`` is the
    leave-one-out of ``d`` already fitted (the first step); each later step starts from the fit it kept."""
    if not full.excludes_zero:
        return full
    dropped: tuple[str, ...] = ()
    rest, slope = d, full
    for step in range(min(MAX_DROPPED, len(d) - 3)):
        fits = loo if step == 0 else _leave_one_out(rest, y, x, label)
        name = _most_influential(fits, x, slope.estimate)
        i, fit = fits[name]
        rest, dropped = rest.drop(index=i), (*dropped, name)
        slope = Slope.of(fit, x, dropped)
        if not slope.excludes_zero:
            return slope
    return replace(slope, dropped=())


def project_burden(
    start_year: int,
    end_year: int,
    contribution: float,
    income: float,
    income_growth: float,
    *,
    premium_step: float | None = None,
    premium_growth: float | None = None,
) -> pd.DataFrame:
    """Scenario (not a forecast) from ``start_year``, which holds the observed values: income grows at a
    constant annual rate; the contribution rises by a constant ``premium_step`` in yuan a year (how the
    standard has been set: in yuan steps) or, as the alternative, at a constant rate ``premium_growth``.
    Give exactly one of the two.

    Returns year, contribution (yuan), income (yuan per capita) and burden (contribution ÷ income).
    """
    if (premium_step is None) == (premium_growth is None):
        raise ValueError("give exactly one of premium_step (yuan a year) and premium_growth (a rate)")
    years = np.arange(start_year, end_year + 1)
    t = years - start_year
    contrib = (
        contribution + premium_step * t
        if premium_step is not None
        else contribution * (1 + float(premium_growth or 0)) ** t
    )
    inc = income * (1 + income_growth) ** t
    return pd.DataFrame({"year": years, "contribution": contrib, "income": inc, "burden": burden(contrib, inc)})


def threshold_income_growth(contribution: float, step: float, years: int) -> float:
    """The annual growth of income at which a contribution rising by ``step`` yuan a year for ``years``
    years leaves the burden (contribution ÷ income) where it started: ((c + step·years) ÷ c)^(1/years) − 1.
    Faster income growth makes the burden fall; slower makes it rise."""
    return ((contribution + step * years) / contribution) ** (1 / years) - 1


def burden_change_grid(contribution: float, steps, growths, years: int) -> pd.DataFrame:
    """Sensitivity of a yuan-step scenario: the burden after ``years`` years relative to the start
    (end ÷ start − 1), for each yuan ``step`` a year (rows) and annual income growth (columns). The
    start income cancels, so no income level is needed."""
    steps, growths = np.asarray(list(steps), float), np.asarray(list(growths), float)
    end = (contribution + np.outer(steps, np.ones_like(growths)) * years) / contribution
    return pd.DataFrame(
        end / (1 + growths) ** years - 1,
        index=pd.Index(steps, name="step"),
        columns=pd.Index(growths, name="income_growth"),
    )


def mean_step(values: pd.Series, start: int, end: int) -> float:
    """Average change per year of ``values`` (indexed by year) from ``start`` to ``end``, in its units."""
    a, b = values.get(start), values.get(end)
    if a is None or b is None or pd.isna(a) or pd.isna(b):
        return float("nan")
    return (b - a) / (end - start)
