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
# **Answer.** From 2008 to 2024 the national minimum individual contribution rose twentyfold in nominal
# terms, about twice as fast a year as national rural per-capita income. [claim:contribution-twice-as-fast]
# The minimum-standard burden index (the minimum over average rural income) therefore rose about
# fourfold, yet stayed below 2% of average income. [claim:burden-index-fourfold]
# In constant prices (to 2022, where the rural price index ends) the rise is smaller but still more than
# twice as fast a year as income's, and the burden index is unchanged: deflating does not alter the reading.
# [claim:real-terms-same-reading]
# For the poorest fifth of rural residents the same minimum takes about three times the share it takes
# of average income, in the 2007 national table and in Fujian's 2020 table alike. [claim:poorest-fifth-three-times]

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.data.harmonise import FIRST_DISPOSABLE_INCOME_YEAR, RESIDENTS_SCHEME_MERGER_YEAR
from analysis.notebooks.helpers import check_parameters, num, pct, setup

setup("02-premiums-vs-income")

# %% tags=["parameters"]
BASE_YEAR = 2008  # first year after the 2007 reform with a published contribution standard and national income
LATEST_YEAR = 2024  # latest year with a published individual standard and national income
QUINTILE_YEAR = 2007  # year of the national quintile table (net income, with household size)
FUJIAN_YEAR = 2020  # Fujian quintile year shown (2021: the poorest fifth's income fell 13%, see below)
PRICE_BASE_YEAR = 2015  # constant yuan of this year in the real-terms view (the rural CPI chain is 100 in it)
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)

# %%
check_parameters(globals())  # every parameter checked (a province in any spelling made English); figure language set

# %%
policy = datasets.policy_standards()
national = datasets.national_series()
policy[["year", "min_individual_contribution", "min_fiscal_subsidy", "min_total", "individual_share"]]

# %% [markdown]
# Blank cells are years for which no national standard was found in the material (the raw README lists
# them); they stay gaps and are never filled from neighbouring years. All amounts are nominal yuan.

# %%
fig, ax = figures.figure("double")
standards = policy.melt(id_vars="year", value_vars=["min_individual_contribution", "min_fiscal_subsidy"],
                        var_name="series", value_name="yuan").replace(
    {"min_individual_contribution": figures.text("individual_contribution"),
     "min_fiscal_subsidy": figures.text("government_subsidy")})
figures.time_series(standards, "year", "yuan", hue="series", ax=ax)
ax.set_ylabel(figures.text("nominal_yuan_per_person_year"))
ax.set_ylim(0, None)
ax.legend()
ax.set_title(figures.text("standards_title"))
figures.export(fig, "02_standards", notebook="02-premiums-vs-income.ipynb",
               indicators=["min_individual_contribution", "min_fiscal_subsidy"], tables=["policy_standards"])
fig

# %% [markdown]
# ## Against income: the minimum-standard burden index
#
# The index is the national minimum contribution of a policy year divided by national rural per-capita
# income of the same year (the premium is paid in the autumn of its policy year, for the next year's
# cover): *net* income (old survey) up to the 2013 bridge year, *disposable* income after. The line breaks
# where the concept changes. It is an index of the standard against *average* income: it leaves out
# provinces that charge more than the minimum and people whose contribution medical assistance pays.

# %%
nat = national[["year", "rural_income", "income_concept", "min_individual_contribution", "burden_min_contribution"]]
nat = nat[nat["year"] >= 2003]
nat

# %%
fig, ax = figures.figure("single", height_mm=85)  # room for the long source line
figures.time_series(nat[nat["income_concept"].ne("")], "year", "burden_min_contribution", break_col="income_concept",
                    ax=ax, events={FIRST_DISPOSABLE_INCOME_YEAR: figures.text("income_concept_changes"),
                                   RESIDENTS_SCHEME_MERGER_YEAR: figures.text("residents_scheme_merger")})
ax.set_ylabel(figures.text("minimum_over_income"))
figures.percent_axis(ax, decimals=1)
figures.export(fig, "02_burden_national", notebook="02-premiums-vs-income.ipynb",
               indicators=["min_individual_contribution", "rural_net_income", "rural_disposable_income"],
               tables=["national_series", "policy_standards"], geo="national")
fig

# %%
c = policy.set_index("year")["min_individual_contribution"]
inc = national.set_index("year")["rural_income"]
concept = national.set_index("year")["income_concept"]
b = national.set_index("year")["burden_min_contribution"]
fold = c[LATEST_YEAR] / c[BASE_YEAR]
g_c, g_i = stats.cagr(c, BASE_YEAR, LATEST_YEAR), stats.cagr(inc, BASE_YEAR, LATEST_YEAR)
claims.say("contribution-twice-as-fast",
           f"From {BASE_YEAR} to {LATEST_YEAR} the minimum contribution rose from {num(c[BASE_YEAR])} to "
           f"{num(c[LATEST_YEAR])} nominal yuan ({fold:.0f}-fold, {pct(g_c)} a year), while national rural income "
           f"rose from {num(inc[BASE_YEAR])} yuan ({concept[BASE_YEAR]}) to {num(inc[LATEST_YEAR])} yuan "
           f"({concept[LATEST_YEAR]}), {pct(g_i)} a year: the contribution grew {g_c / g_i:.1f} times as fast "
           "(about twice; the income concepts differ, so income growth is approximate).",
           19.5 <= fold <= 20.5 and 1.5 <= g_c / g_i <= 2.5, fold=fold, contribution_cagr=g_c, income_cagr=g_i)

# %%
claims.say("burden-index-fourfold",
           f"The minimum-standard burden index went from {pct(b[BASE_YEAR], 2)} to {pct(b[LATEST_YEAR], 2)} of "
           f"average rural income per capita ({b[LATEST_YEAR] / b[BASE_YEAR]:.1f}-fold, about fourfold), staying "
           "below 2%.",
           3.5 <= b[LATEST_YEAR] / b[BASE_YEAR] <= 4.5 and b[LATEST_YEAR] < 0.02,
           burden_base=b[BASE_YEAR], burden_latest=b[LATEST_YEAR])

# %% [markdown]
# ## In constant prices
#
# Deflating by the rural consumer price index (chained from the printed preceding-year indices,
# `PRICE_BASE_YEAR` = 100;
# the index in the material ends in 2022, so the real view stops there) lowers the contribution's growth and
# income's growth by the same inflation. It changes the fold increases, not the comparison: one deflator
# divides both, so the ratio of growth rates and the burden index (two yuan amounts of the same year) are
# the same in real terms.

# %%
level = datasets.rural_price_level(PRICE_BASE_YEAR)
real_end = int(level.dropna().index.max())
real_c, real_inc = stats.deflate(c, level), stats.deflate(inc, level)
real_fold, nominal_fold = real_c[real_end] / real_c[BASE_YEAR], c[real_end] / c[BASE_YEAR]
g_rc, g_ri = stats.cagr(real_c, BASE_YEAR, real_end), stats.cagr(real_inc, BASE_YEAR, real_end)
years = range(BASE_YEAR, real_end + 1)
real_burden = (real_c / real_inc).reindex(years).dropna()
same_burden = bool(real_burden.index.equals(b.reindex(years).dropna().index)
                   and (real_burden - b.reindex(real_burden.index)).abs().max() < 1e-12)
c.rename("contribution, nominal").to_frame().join(
    [real_c.rename(f"contribution, {PRICE_BASE_YEAR} yuan"), inc.rename("income, nominal"),
     real_inc.rename(f"income, {PRICE_BASE_YEAR} yuan")], how="outer").reindex(years)

# %%
claims.say("real-terms-same-reading",
           f"In constant {PRICE_BASE_YEAR} yuan (rural CPI, which ends in {real_end}) the minimum contribution rose "
           f"{real_fold:.1f}-fold from {BASE_YEAR} to {real_end} ({nominal_fold:.1f}-fold nominal), {pct(g_rc)} a year "
           f"against {pct(g_ri)} for rural income ({concept[BASE_YEAR]} in {BASE_YEAR}, {concept[real_end]} in "
           f"{real_end}, so approximate as above): {g_rc / g_ri:.1f} times as fast, and the burden index is the same "
           "as in nominal terms.",
           real_fold < nominal_fold and g_rc > 2 * g_ri and same_burden,
           real_fold=real_fold, nominal_fold=nominal_fold, real_contribution_cagr=g_rc, real_income_cagr=g_ri)

# %% [markdown]
# ## The poorest fifth
#
# Income by fifth exists for the nation in 2007 (net income) and for Fujian in 2016–2021 (disposable
# income, Fujian Statistical Yearbook 2022); a year without a national standard (2016, 2019) has no
# burden. Every member of a household pays the contribution, so a household's bill is the contribution
# times its size — but its income is per-capita income times the same size, so the share is the same as
# per person; the household view adds a bill in yuan, not a different burden.

# %%
q = stats.quintile_burden(datasets.province_year_long(), policy)
q[["geography", "year", "group", "income_per_capita", "min_individual_contribution", "burden", "household_size",
   "household_premium_yuan"]]

# %%
fj_income = q[q["geography"].eq("Fujian")].pivot(index="year", columns="group", values="income_per_capita")
poorest = fj_income.columns[0]
fall = fj_income.loc[FUJIAN_YEAR + 1, poorest] / fj_income.loc[FUJIAN_YEAR, poorest] - 1
middle_change = fj_income.loc[FUJIAN_YEAR + 1, "Q3"] / fj_income.loc[FUJIAN_YEAR, "Q3"] - 1
claims.say("fujian-2021-poorest-fell",
           f"In Fujian the poorest fifth's income fell {pct(-fall, 0)} from {FUJIAN_YEAR} to {FUJIAN_YEAR + 1} while "
           f"the middle fifth's rose {pct(middle_change, 0)}; a fall of that size in one year of growth may reflect "
           f"who was classed in the bottom fifth rather than a loss of income, so {FUJIAN_YEAR} is the year read here.",
           fall < -0.10 and middle_change > 0, poorest_change=fall, middle_change=middle_change)

# %%
fig, ax = figures.figure("double")
shown = q[(q["geography"].eq("China") & q["year"].eq(QUINTILE_YEAR))
          | (q["geography"].eq("Fujian") & q["year"].eq(FUJIAN_YEAR))].dropna(subset=["burden"])
shown = shown.assign(fifth=shown.groupby(["geography", "year"]).cumcount() + 1)  # rows are in fifth order
for i, ((place, year), g) in enumerate(shown.groupby(["geography", "year"])):
    name = figures.text("place_year", place=figures.category(place), year=year)
    ax.plot(g["fifth"], g["burden"], marker="o", label=name, color=figures.colour(name, i))
ax.set_xticks(range(1, 6), [figures.category(group) for group in sorted(q["group"].unique())])
figures.percent_axis(ax, decimals=1)
ax.set_ylabel(figures.text("contribution_over_per_capita_income"))
ax.legend()
figures.export(fig, "02_burden_quintiles", notebook="02-premiums-vs-income.ipynb",
               indicators=["rural_net_income", "rural_disposable_income", "min_individual_contribution"],
               tables=["province_year_long", "policy_standards"], years=[QUINTILE_YEAR, FUJIAN_YEAR], groups=True)
fig

# %%
q1 = q[q["group"].str.startswith("Q1")].set_index(["geography", "year"])["burden"]
mean_income = q.groupby(["geography", "year"])["income_per_capita"].mean()
avg_burden = q.groupby(["geography", "year"])["min_individual_contribution"].first() / mean_income
r_cn = q1[("China", QUINTILE_YEAR)] / avg_burden[("China", QUINTILE_YEAR)]
r_fj = q1[("Fujian", FUJIAN_YEAR)] / avg_burden[("Fujian", FUJIAN_YEAR)]
hh = q[q["group"].str.startswith("Q1") & q["geography"].eq("China")].set_index("year")
claims.say("poorest-fifth-three-times",
           f"The poorest fifth's burden is {r_cn:.1f} times that at the mean of the five fifths' incomes nationally in "
           f"{QUINTILE_YEAR} ({pct(q1[('China', QUINTILE_YEAR)], 2)} of per-capita net income; a household of "
           f"{hh.loc[QUINTILE_YEAR, 'household_size']:.2f} persons paid {num(hh.loc[QUINTILE_YEAR, 'household_premium_yuan'])} "
           f"yuan) and {r_fj:.1f} times in Fujian in {FUJIAN_YEAR} ({pct(q1[('Fujian', FUJIAN_YEAR)], 2)} of disposable "
           "income): about three times in both.",
           2.5 <= r_cn <= 3.5 and 2.5 <= r_fj <= 3.5, ratio_china=r_cn, ratio_fujian=r_fj)

# %% [markdown]
# ## Caveats
#
# * The standard is a national *minimum*; provinces set their own contribution at or above it, and no
#   table of provincial contributions was found. Medical assistance pays the contribution for many of the
#   poorest (73.08 million people in 2023, in the evidence file), so the index overstates what they paid.
# * Amounts are nominal except in the constant-price section, which ends in 2022 with the rural price index.
# * Average income hides the distribution; quintile data exist only for 2007 (nation) and Fujian.
# * Net and disposable income are different concepts: the index breaks in 2013.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("02-premiums-vs-income", {"contribution_base": c[BASE_YEAR], "contribution_latest": c[LATEST_YEAR],
     "contribution_cagr": g_c, "income_cagr": g_i, "income_base": inc[BASE_YEAR],
     "income_latest": inc[LATEST_YEAR], "burden_base": b[BASE_YEAR], "burden_latest": b[LATEST_YEAR],
     "poorest_fifth_burden_china_2007": q1[("China", QUINTILE_YEAR)], "poorest_fifth_ratio_china": r_cn,
     "poorest_fifth_burden_fujian": q1[("Fujian", FUJIAN_YEAR)], "poorest_fifth_ratio_fujian": r_fj,
     "fujian_poorest_change_next_year": fall})
