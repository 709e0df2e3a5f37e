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
# # 5. Who pays: the individual and the government shares
#
# **Question.** How has the premium been split between the individual contribution and the government
# subsidy, and how fast did each grow relative to the other and to rural income?
#
# **Answer.** Government paid four fifths of the minimum premium from 2007 to 2013, but the individual
# share has risen every year a standard was published since then, because the contribution grew much
# faster than the subsidy. Both grew faster than rural disposable income, the contribution most.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("05-who-pays")

# %% tags=["parameters"]
FROM_YEAR = 2015  # first year with disposable income nationally and both standards published
TO_YEAR = 2024  # latest year with both standards and national income
EARLY_YEAR = 2008  # an early year with both standards published
ACTUALS_YEAR = 2023  # year of NHSA's actual individual vs subsidy totals

# %%
long = datasets.province_year_long()
policy = datasets.policy_standards()
national = datasets.national_series()
policy[["year", "min_individual_contribution", "min_fiscal_subsidy", "individual_share"]].dropna(
    subset=["individual_share"])

# %%
fig, ax = figures.figure("single")
figures.time_series(policy, "year", "individual_share", ax=ax, label="individual share of the minimum premium")
figures.percent_axis(ax, decimals=0)
ax.set_ylim(0, 0.5)
ax.set_ylabel("contribution ÷ (contribution + subsidy)")
figures.export(fig, "05_individual_share", notebook="05-who-pays.ipynb", indicators=["min_individual_contribution", "min_fiscal_subsidy"], tables=["policy_standards"])
fig

# %% [markdown]
# ## Growth relative to each other and to income
#
# Indices with base year = 100. Income is national rural *disposable* income, so the comparison starts
# in the first year with both standards and disposable income published; earlier net-income years are
# a different concept.

# %%
p = policy.set_index("year")
inc = national.set_index("year")["rural_disposable_income"]
idx = (stats.index_to(p["min_individual_contribution"], FROM_YEAR).rename("individual contribution").to_frame()
       .join(stats.index_to(p["min_fiscal_subsidy"], FROM_YEAR).rename("government subsidy"), how="outer")
       .join(stats.index_to(inc, FROM_YEAR).rename("rural disposable income"), how="outer"))
idx = idx[(idx.index >= FROM_YEAR) & (idx.index <= TO_YEAR)]
idx.round(1)

# %%
fig, ax = figures.figure("single")
long_idx = idx.reset_index(names="year").melt(id_vars="year", var_name="series", value_name="index")
figures.time_series(long_idx, "year", "index", hue="series", ax=ax)
ax.set_ylabel(f"index, {FROM_YEAR} = 100")
ax.legend()
figures.export(fig, "05_growth_index", notebook="05-who-pays.ipynb", indicators=["min_individual_contribution", "min_fiscal_subsidy", "rural_disposable_income"],
               tables=["policy_standards", "national_series"], years=range(FROM_YEAR, TO_YEAR + 1), geo="national")
fig

# %%
g_c = stats.cagr(p["min_individual_contribution"], FROM_YEAR, TO_YEAR)
g_s = stats.cagr(p["min_fiscal_subsidy"], FROM_YEAR, TO_YEAR)
g_i = stats.cagr(inc, FROM_YEAR, TO_YEAR)
say(f"{FROM_YEAR}–{TO_YEAR}: the minimum contribution grew {pct(g_c)} a year, the subsidy {pct(g_s)} and national "
    f"rural disposable income {pct(g_i)}. The individual share of the minimum premium went from "
    f"{pct(p.loc[EARLY_YEAR, 'individual_share'], 0)} in {EARLY_YEAR} to {pct(p.loc[TO_YEAR, 'individual_share'], 0)} in {TO_YEAR}.")

# %% [markdown]
# ## Standards against what was actually paid
#
# NHSA reported for 2023 how much the residents' fund received from individuals and from government.

# %%
n = national.set_index("year")
paid = n.loc[ACTUALS_YEAR, "resident_bmi_individual_payments"]
subsidy = n.loc[ACTUALS_YEAR, "resident_bmi_government_subsidy"]
members = n.loc[ACTUALS_YEAR, "resident_bmi_participants"]
say(f"In {ACTUALS_YEAR} individuals paid {num(paid / 1e9, 1)} billion yuan and government (nearly) "
    f"{num(subsidy / 1e9, 1)} billion: an individual share of {pct(paid / (paid + subsidy), 0)} of these two sources. "
    f"Per year-end member that is {num(paid / members)} yuan paid by individuals, against a minimum contribution of "
    f"{num(p.loc[ACTUALS_YEAR, 'min_individual_contribution'])} yuan. The {ACTUALS_YEAR} subsidy standard is not in the "
    "material, so the standards' share for that year cannot be computed.")

# %% [markdown]
# ## Caveats
#
# * Standards are national minimums for the policy year; actual contributions and subsidies vary by
#   province and locality, and some groups (the poor, the disabled) are subsidised in full.
# * The 2023 totals are from a Xinhua report of NHSA data, the government figure stated as "nearly".
# * Dividing by year-end members mixes flows over the year with a stock at its end.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("05-who-pays", {"contribution_cagr": g_c, "subsidy_cagr": g_s, "income_cagr": g_i,
     "individual_share_early": p.loc[EARLY_YEAR, "individual_share"], "individual_share_latest": p.loc[TO_YEAR, "individual_share"],
     "paid_by_individuals": paid, "government_subsidy": subsidy, "individual_paid_per_member": paid / members})
