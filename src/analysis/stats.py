"""The measures and models the notebooks compute: growth, indices, coverage, quintile burdens, and
cross-province regressions with robust inference.

Everything here takes processed tables (``analysis.datasets``) and returns new frames or numbers;
nothing reads raw files or writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .data.regions import NATIONAL, name_en


def coverage(long: pd.DataFrame, geo: str = "province", years: range | None = None) -> pd.DataFrame:
    """Indicator × year: how many provinces (or 1 for national) have a value.

    Counts distinct geographies with a non-missing value from any source, groups
    pooled. Rows are indicators with at least one value in ``years``; columns are
    every year of ``years`` (default: first to last year with data); 0 where nothing exists.
    """
    d = long[long["value"].notna()]
    d = d[d["geo_code"].ne(NATIONAL)] if geo == "province" else d[d["geo_code"].eq(NATIONAL)]
    grid = d.groupby(["indicator", "year"])["geo_code"].nunique().unstack("year", fill_value=0)
    years = years or range(int(grid.columns.min()), int(grid.columns.max()) + 1)
    grid = grid.reindex(columns=years, fill_value=0).sort_index()
    return grid[grid.sum(axis=1) > 0]


def source_profile(long: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: values, and how many come from secondary copies, inferred names or qualified statements."""
    d = long[long["value"].notna()]
    g = d.groupby("indicator")
    return pd.DataFrame({
        "values": g.size(),
        "official_tables": g["tier"].apply(lambda s: int((s == "official-table").sum())),
        "secondary_copies": g["tier"].apply(lambda s: int((s == "official-database-export-secondary").sum())),
        "compiled_or_press": g["tier"].apply(lambda s: int(s.isin(["compiled-series", "evidence"]).sum())),
        "inferred_region_names": g["region_flag"].apply(lambda s: int(s.str.contains("row order").sum())),
        "qualified_statements": g["qualifier"].apply(lambda s: int(s.ne("").sum())),
        "first_year": g["year"].min(), "last_year": g["year"].max(),
    })


def cagr(values: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate of ``values`` (indexed by year) from ``start`` to ``end``."""
    a, b = values.get(start), values.get(end)
    if a is None or b is None or pd.isna(a) or pd.isna(b) or a <= 0:
        return float("nan")
    return (b / a) ** (1 / (end - start)) - 1


def index_to(values: pd.Series, base_year: int) -> pd.Series:
    """``values`` (indexed by year) as an index, base year = 100; NaN where a year is missing."""
    return 100 * values / values.get(base_year, np.nan)


def region_means(panel: pd.DataFrame, value: str, weight: str | None = None) -> pd.DataFrame:
    """Mean of ``value`` by NBS region and year (weighted by ``weight`` if given), over provinces with a value."""
    d = panel.dropna(subset=[value] + ([weight] if weight else []))
    if weight:
        out = d.groupby(["region4", "year"]).apply(
            lambda g: np.average(g[value], weights=g[weight]), include_groups=False)
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
    inc = long[long["preferred"] & long["group"].ne("") &
               long["indicator"].isin(["rural_net_income", "rural_disposable_income"])]
    size = long[long["preferred"] & long["indicator"].eq("household_size")].set_index(["geo_code", "year", "group"])["value"]
    contrib = policy.set_index("year")["min_individual_contribution"]
    out = inc[["geo_code", "year", "group", "indicator", "value", "source_file", "source_row"]].rename(
        columns={"value": "income_per_capita", "indicator": "income_indicator"})
    out = out.assign(
        geography=out["geo_code"].map(name_en),
        min_individual_contribution=out["year"].map(contrib))
    out["burden"] = out["min_individual_contribution"] / out["income_per_capita"]
    out["household_size"] = [size.get((g, y, q), np.nan) for g, y, q in zip(out["geo_code"], out["year"], out["group"])]
    out["household_premium_yuan"] = out["min_individual_contribution"] * out["household_size"]
    return out.sort_values(["geo_code", "year", "group"]).reset_index(drop=True)


def quintile_income_ratio(quintiles: pd.DataFrame, geography: str, group: str) -> tuple[float, int]:
    """Income of ``group`` relative to the mean of the quintile incomes, in the latest year ``geography``
    prints it; returns (ratio, year). ``quintiles`` is the output of :func:`quintile_burden`."""
    d = quintiles[quintiles["geography"].eq(geography)].dropna(subset=["income_per_capita"])
    year = int(d.loc[d["group"].eq(group), "year"].max())
    same_year = d[d["year"].eq(year)]
    ratio = same_year.loc[same_year["group"].eq(group), "income_per_capita"].iloc[0] / same_year["income_per_capita"].mean()
    return float(ratio), year


#: Heteroskedasticity-consistent covariance used for cross-province regressions (MacKinnon & White 1985 HC1,
#: the Stata `robust` default), suited to ~30 observations of unequal spread.
COVARIANCE = "HC1"


@dataclass(frozen=True)
class Fit:
    """A fitted simple regression: coefficients with robust standard errors."""

    table: pd.DataFrame  # index: term; columns: coef, se, t, p, ci_low, ci_high
    n: int
    r2: float
    y: str
    x: list[str]


def ols_robust(data: pd.DataFrame, y: str, x: list[str] | str) -> Fit:
    """OLS of ``y`` on ``x`` (with a constant) and HC1 robust standard errors.

    Rows with a missing ``y`` or ``x`` are dropped (listwise); ``n`` reports how many were used.
    """
    xs = [x] if isinstance(x, str) else list(x)
    d = data[[y, *xs]].dropna()
    import statsmodels.api as sm  # here, not at module level: it costs a second to import

    X = sm.add_constant(d[xs].astype(float))
    res = sm.OLS(d[y].astype(float), X).fit(cov_type=COVARIANCE)
    ci = res.conf_int()
    table = pd.DataFrame({"coef": res.params, "se": res.bse, "t": res.tvalues, "p": res.pvalues,
                          "ci_low": ci[0], "ci_high": ci[1]})
    return Fit(table=table, n=int(res.nobs), r2=float(res.rsquared), y=y, x=xs)


def project_burden(start_year: int, end_year: int, contribution: float, income: float,
                   premium_growth: float, income_growth: float) -> pd.DataFrame:
    """Scenario (not a forecast): contribution and income grow at constant annual rates from ``start_year``.

    Returns year, contribution (yuan), income (yuan per capita) and burden
    (contribution ÷ income). The start year holds the observed values.
    """
    years = np.arange(start_year, end_year + 1)
    t = years - start_year
    contrib = contribution * (1 + premium_growth) ** t
    inc = income * (1 + income_growth) ** t
    return pd.DataFrame({"year": years, "contribution": contrib, "income": inc, "burden": contrib / inc})
