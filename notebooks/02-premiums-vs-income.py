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
# # 2. Premiums against incomes
#
# **Question.** How has the national minimum individual contribution to rural (then residents') medical
# insurance grown against rural incomes, and how heavy is it for the poorest households?
#
# **Answer.** The minimum contribution grew many times faster than rural per-capita income, so its
# share of income rose several-fold between the first standards and the 2020s, even though it stays a
# small share for the average rural resident. For the poorest fifth of rural households the share is
# several times the average, and it is highest where incomes are lowest.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("02-premiums-vs-income")

# %% tags=["parameters"]
BASE_YEAR = 2008  # first year both a contribution standard and national rural net income are published
LATEST_YEAR = 2024  # latest year with a published individual standard and national income
HOUSEHOLD_YEAR = 2007  # year of the national quintile table with household size

# %%
long = datasets.province_year_long()
policy = datasets.policy_standards()
national = datasets.national_series()
policy[["year", "min_individual_contribution", "min_fiscal_subsidy", "min_total", "individual_share"]]

# %% [markdown]
# Blank cells are years for which no national standard was found in the material (the raw README lists
# them); they stay gaps and are never filled from neighbouring years.

# %%
fig, ax = figures.figure("double")
figures.time_series(policy, "year", "min_individual_contribution", ax=ax, label="individual contribution (minimum)")
figures.time_series(policy, "year", "min_fiscal_subsidy", ax=ax, label="government subsidy (minimum)", color=figures.OKABE_ITO[4])
ax.set_ylabel("yuan per person per year")
ax.legend()
ax.set_title("National minimum standards, by policy year")
figures.export(fig, "02_standards", notebook="02-premiums-vs-income.ipynb", indicators=["min_individual_contribution", "min_fiscal_subsidy"], tables=["policy_standards"])
fig

# %% [markdown]
# ## Against income
#
# The burden is the national minimum contribution of a policy year divided by national rural per-capita
# income of the same year: *net* income (old survey) up to 2013, *disposable* income from 2013. The
# line breaks where the concept changes.

# %%
nat = national[["year", "rural_income", "income_concept", "min_individual_contribution", "burden_min_contribution"]]
nat = nat[nat["year"] >= 2003]
nat

# %%
fig, ax = figures.figure("single")
figures.time_series(nat.dropna(subset=["income_concept"]).query("income_concept != ''"), "year",
                    "burden_min_contribution", break_col="income_concept", ax=ax,
                    events={2013: "income concept changes", 2016: "residents' scheme merger"})
ax.set_ylabel("contribution ÷ rural income per capita")
figures.percent_axis(ax, decimals=1)
figures.export(fig, "02_burden_national", notebook="02-premiums-vs-income.ipynb", indicators=["min_individual_contribution", "rural_net_income", "rural_disposable_income"],
               tables=["national_series", "policy_standards"], geo="national")
fig

# %%
c = policy.set_index("year")["min_individual_contribution"]
inc = national.set_index("year")["rural_income"]
concept = national.set_index("year")["income_concept"]
b = national.set_index("year")["burden_min_contribution"]
say(f"From {BASE_YEAR} to {LATEST_YEAR} the minimum contribution rose from {num(c[BASE_YEAR])} to "
    f"{num(c[LATEST_YEAR])} yuan ({c[LATEST_YEAR] / c[BASE_YEAR]:.0f}-fold, "
    f"{pct(stats.cagr(c, BASE_YEAR, LATEST_YEAR))} a year), while national rural income went from "
    f"{num(inc[BASE_YEAR])} yuan ({concept[BASE_YEAR]}) to {num(inc[LATEST_YEAR])} yuan ({concept[LATEST_YEAR]}); "
    f"the two income figures are different concepts, so their ratio ({inc[LATEST_YEAR] / inc[BASE_YEAR]:.1f}) "
    f"only bounds income growth. The burden went from {pct(b[BASE_YEAR], 2)} to {pct(b[LATEST_YEAR], 2)} of per-capita income.")

# %% [markdown]
# ## Households and the poorest fifth
#
# Every member of a household pays the contribution, so the household's bill is the contribution times
# its size. Household size is printed only in the 2007 national quintile table. Income by quintile
# exists for the nation in 2007 (net income) and for Fujian in 2016–2021 (disposable income, Fujian
# Statistical Yearbook 2022); a year without a national standard (2016, 2019) has no burden.

# %%
q = stats.quintile_burden(long, policy)
q[["geography", "year", "group", "income_per_capita", "min_individual_contribution", "burden",
   "household_size", "household_premium_yuan"]]

# %%
fig, ax = figures.figure("double")
fj = q[q["geography"].eq("Fujian") & q["burden"].notna()]
for i, (year, g) in enumerate(fj.groupby("year")):
    ax.plot(range(5), g["burden"], marker="o", label=f"Fujian {year}", color=figures.OKABE_ITO[i])
cn = q[q["geography"].eq("China") & q["year"].eq(HOUSEHOLD_YEAR)]
ax.plot(range(5), cn["burden"], marker="s", ls="--", color="black", label=f"China {HOUSEHOLD_YEAR} (net income)")
ax.set_xticks(range(5), ["poorest fifth", "2nd", "3rd", "4th", "richest fifth"])
figures.percent_axis(ax, decimals=1)
ax.set_ylabel("minimum contribution ÷ per-capita income")
ax.legend(ncols=2)
figures.export(fig, "02_burden_quintiles", notebook="02-premiums-vs-income.ipynb", indicators=["rural_net_income", "rural_disposable_income", "min_individual_contribution", "household_size"],
               tables=["province_year_long", "policy_standards"], years=[HOUSEHOLD_YEAR, *fj["year"].unique()],
               groups=True)
fig

# %%
q1 = q[q["group"].str.startswith("Q1")].set_index(["geography", "year"])
q3 = q[q["group"].eq("Q3")].set_index(["geography", "year"])
last = int(fj["year"].max())
say(f"In {HOUSEHOLD_YEAR} the poorest fifth of rural households nationally paid {pct(q1.loc[('China', HOUSEHOLD_YEAR), 'burden'], 2)} "
    f"of per-capita net income (household of {q1.loc[('China', HOUSEHOLD_YEAR), 'household_size']:.2f} persons: "
    f"{num(q1.loc[('China', HOUSEHOLD_YEAR), 'household_premium_yuan'], 1)} yuan a year). In Fujian in {last} the poorest fifth "
    f"paid {pct(q1.loc[('Fujian', last), 'burden'], 2)} of disposable income, "
    f"{q1.loc[('Fujian', last), 'burden'] / q3.loc[('Fujian', last), 'burden']:.1f} times the middle fifth's share.")

# %% [markdown]
# ## Caveats
#
# * The standard is a national *minimum*; provinces set their own contribution at or above it, and no
#   table of provincial contributions was found. Local relief (e.g. for the poor, who are often
#   subsidised in full) is not in the data.
# * The policy year's premium is often collected in the autumn before the year of cover.
# * Average income hides the distribution; quintile data exist only for 2007 (nation) and Fujian.
# * Net and disposable income are different concepts: the burden series breaks in 2013.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("02-premiums-vs-income", {"contribution_base": c[BASE_YEAR], "contribution_latest": c[LATEST_YEAR],
     "contribution_cagr": stats.cagr(c, BASE_YEAR, LATEST_YEAR), "income_base": inc[BASE_YEAR],
     "income_latest": inc[LATEST_YEAR], "burden_base": b[BASE_YEAR], "burden_latest": b[LATEST_YEAR],
     "poorest_fifth_burden_china_2007": q1.loc[("China", HOUSEHOLD_YEAR), "burden"],
     "poorest_fifth_household_premium_2007": q1.loc[("China", HOUSEHOLD_YEAR), "household_premium_yuan"],
     "poorest_fifth_burden_fujian_latest": q1.loc[("Fujian", last), "burden"]})
