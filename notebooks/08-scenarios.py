# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (china-rural-insurance)
#     language: python
#     name: china-rural-insurance
# ---

# %% [markdown]
# # 8. Scenarios: where does the burden go if premiums keep outpacing incomes?
#
# **Question.** If the minimum contribution and rural incomes keep growing at given rates, how heavy
# does the contribution become, for the nation, a province or the poorest fifth?
#
# **Answer.** With the default assumptions — each series continues at its own recent observed growth
# rate — the contribution's share of rural income keeps rising, fastest for the lowest incomes. This
# is a what-if under stated growth rates, not a forecast: rerun it with other parameters.
#
# Run with other parameters from the command line (the run goes to a separate folder; this committed
# notebook keeps its default run):
# `python -m analysis run notebooks/08-scenarios.ipynb -p PREMIUM_GROWTH 0.05 -p PROVINCE Gansu`
# (the parameters cell follows papermill's `parameters` tag convention).

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("08-scenarios")

# %% tags=["parameters"]
START_YEAR = 2024  # last observed year: contribution standard and income both published
END_YEAR = 2035  # last projected year
HISTORY_FROM = 2018  # first year of the window used for the default growth rates
PREMIUM_GROWTH = None  # annual growth of the minimum contribution; None = observed HISTORY_FROM..START_YEAR rate
INCOME_GROWTH = None  # annual growth of rural per-capita income; None = observed rate over the same window
PROVINCE = None  # English province name (e.g. "Gansu"); None = national
GROUP = None  # "Q1 (lowest fifth)" to start from Fujian's poorest fifth in its latest year; None = average

# %%
long = datasets.province_year_long()
policy = datasets.policy_standards().set_index("year")
if PROVINCE is not None:
    panel = datasets.rural_panel()
    series = panel[panel["name_en"].eq(PROVINCE)].set_index("year")["rural_income"]
    where = PROVINCE
else:
    series = datasets.national_series().set_index("year")["rural_disposable_income"]
    where = "China"
contrib = policy["min_individual_contribution"]
premium_growth = stats.cagr(contrib, HISTORY_FROM, START_YEAR) if PREMIUM_GROWTH is None else PREMIUM_GROWTH
income_growth = stats.cagr(series, HISTORY_FROM, START_YEAR) if INCOME_GROWTH is None else INCOME_GROWTH
start_income = series[START_YEAR]
if GROUP is not None:
    ratio, q_year = stats.quintile_income_ratio(stats.quintile_burden(long, policy.reset_index()), "Fujian", GROUP)
    start_income = start_income * ratio
    where = f"{where}, {GROUP} (scaled by Fujian {q_year})"
say(f"Scenario for **{where}** from {START_YEAR}: contribution {num(contrib[START_YEAR])} yuan growing "
    f"{pct(premium_growth)} a year; income {num(start_income)} yuan growing {pct(income_growth)} a year"
    + (" (observed rates)." if PREMIUM_GROWTH is None and INCOME_GROWTH is None else "."))

# %%
proj = stats.project_burden(START_YEAR, END_YEAR, contrib[START_YEAR], start_income, premium_growth, income_growth)
proj.round(4)

# %%
observed = datasets.national_series()[["year", "burden_min_contribution"]].dropna()
observed = observed[observed["year"].ge(HISTORY_FROM)] if PROVINCE is None and GROUP is None else observed.iloc[0:0]
fig, ax = figures.figure("single")
if len(observed):
    figures.time_series(observed, "year", "burden_min_contribution", ax=ax, label="observed (national)")
figures.time_series(proj, "year", "burden", ax=ax, label="scenario", color=figures.OKABE_ITO[5], ls="--")
figures.percent_axis(ax, decimals=1)
ax.set_ylabel("contribution ÷ income per capita")
ax.legend()
figures.export(fig, "08_scenario", notebook="08-scenarios.ipynb", indicators=["min_individual_contribution", "rural_disposable_income"],
               tables=["policy_standards", "national_series", "rural_panel"], years=range(HISTORY_FROM, START_YEAR + 1))
fig

# %%
end = proj.set_index("year").loc[END_YEAR]
say(f"Under these assumptions the burden goes from {pct(proj['burden'].iloc[0], 2)} in {START_YEAR} to "
    f"{pct(end['burden'], 2)} in {END_YEAR} ({num(end['contribution'])} yuan against {num(end['income'])} yuan).")

# %% [markdown]
# ## Caveats
#
# * Constant growth rates are an assumption, not a model of policy; the recent standard rises have
#   slowed (the 2024 increase was smaller than in earlier years).
# * The income concept is disposable income throughout (2018 onwards); years without a published
#   standard are skipped when growth rates are computed between two published years.
# * The poorest-fifth scenario scales the start income by Fujian's quintile ratio, the only provincial
#   quintile table in the material; other provinces' distributions may differ.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("08-scenarios", {"premium_growth": premium_growth, "income_growth": income_growth, "start_income": start_income,
     "burden_start": proj["burden"].iloc[0], "burden_end": end["burden"]})
