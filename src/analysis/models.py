"""Statistical models used by the notebooks: a robust cross-section regression and burden scenarios."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

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
