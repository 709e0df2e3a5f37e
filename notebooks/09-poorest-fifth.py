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
# # 9. Who cannot afford the premium? The burden for the poorest fifth, in real terms
#
# **Question.** How heavy is the national minimum individual contribution for the poorest fifth of rural
# residents compared with the middle fifth and the average, how did it change from 2013 to 2022 in real
# terms, and how does it compare with what rural residents spend on health care?
#
# **Answer.** In 2022 the minimum contribution took about 7% of the poorest fifth's per-capita disposable
# income, four times its share of average rural income and three and a half times its share of the
# middle fifth's. [claim:poorest-fifth-seven-percent]
# From 2013 to 2022 that share rose for every fifth, and for the poorest it more than doubled.
# [claim:share-rose-for-every-fifth]
# In constant 2015 yuan the contribution rose about fourfold while the poorest fifth's income rose by
# about half. [claim:real-contribution-fourfold]
# The contribution equalled about a fifth of average rural spending on health care in 2022.
# [claim:contribution-fifth-of-health-spending]
#
# What the material cannot say: there are no income fifths by province, the figures are per capita (not
# per household), the quintile series ends in 2022, and the rural price index ends in 2022, so real values
# stop there. The shares use the national *minimum*: medical assistance paid the contribution for 73.08
# million people in 2023 (NHSA, in the evidence file), many of them in the poorest fifth, so the share is
# what the poorest would pay without that help, not what all of them paid.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import check_parameters, num, pct, setup

setup("09-poorest-fifth")

# %% tags=["parameters"]
FIRST_YEAR = 2013  # first year of the national income-fifth series (integrated household survey)
LAST_YEAR = 2022  # last year of the income-fifth series and of the rural price index in the material
BASE_YEAR = 2015  # price base: constant 2015 yuan
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)

# %%
check_parameters(globals())  # every parameter checked (a province in any spelling made English); figure language set

# %%
long = datasets.province_year_long()
policy = datasets.policy_standards().set_index("year")
national = datasets.national_series().set_index("year")
fifths = (long[long["preferred"] & long["indicator"].eq("rural_disposable_income") & long["geo_code"].eq("000000")
               & long["group"].ne("")]
          .pivot(index="year", columns="group", values="value").loc[FIRST_YEAR:LAST_YEAR])
poorest, middle = fifths.columns[0], "Q3"
contribution = policy["min_individual_contribution"].reindex(fifths.index)
burden = fifths.rdiv(contribution, axis=0)
burden.assign(average=contribution / national["rural_disposable_income"].reindex(fifths.index)).round(4)

# %% [markdown]
# Each cell is the national minimum contribution of the policy year over the per-capita disposable income
# of a fifth of rural residents (ranked by their own income) in the same year; "average" uses average
# rural income. Years without a published standard (2016, 2019) stay gaps. The share is the same in
# nominal and in real terms (price changes cancel); the levels below are deflated.

# %%
shares = burden.reset_index().melt(id_vars="year", var_name="fifth", value_name="share").dropna()
fig, ax = figures.figure("single", height_mm=75)
figures.time_series(shares, "year", "share", hue="fifth", ax=ax)
figures.percent_axis(ax)
ax.set_ylabel(figures.text("minimum_contribution_over_income"))
ax.legend(ncols=2, loc="upper left")
figures.export(fig, "09_burden_by_fifth", notebook="09-poorest-fifth.ipynb",
               indicators=["min_individual_contribution", "rural_disposable_income"],
               tables=["province_year_long", "policy_standards"], years=range(FIRST_YEAR, LAST_YEAR + 1), groups=True,
               geo="national")
fig

# %%
avg_share = contribution[LAST_YEAR] / national.at[LAST_YEAR, "rural_disposable_income"]
b = burden.loc[LAST_YEAR]
claims.say("poorest-fifth-seven-percent",
           f"In {LAST_YEAR} the {num(contribution[LAST_YEAR])}-yuan minimum took {pct(b[poorest])} of the poorest fifth's "
           f"per-capita income ({num(fifths.at[LAST_YEAR, poorest])} yuan), {b[poorest] / avg_share:.1f} times its share "
           f"of average rural income ({pct(avg_share, 2)}) and {b[poorest] / b[middle]:.1f} times the middle fifth's "
           f"({pct(b[middle], 2)}).",
           0.065 <= b[poorest] <= 0.075 and 3.75 <= b[poorest] / avg_share <= 4.25 and 3.25 <= b[poorest] / b[middle] <= 3.75,
           poorest_share=b[poorest], ratio_to_average=b[poorest] / avg_share, ratio_to_middle=b[poorest] / b[middle])

# %%
first = burden.loc[FIRST_YEAR]
claims.say("share-rose-for-every-fifth",
           f"From {FIRST_YEAR} to {LAST_YEAR} the share rose in every fifth: " + "; ".join(
               f"{g} {pct(first[g], 2)} → {pct(b[g], 2)}" for g in burden.columns)
           + f". For the poorest fifth it grew {b[poorest] / first[poorest]:.1f}-fold.",
           bool((b > first).all()) and b[poorest] / first[poorest] > 2, poorest_growth=b[poorest] / first[poorest])

# %% [markdown]
# ## In constant prices
#
# The rural consumer price index (preceding year = 100) is chained into a price level with `BASE_YEAR` = 100:
# the China Statistical Yearbook 2012 table where it prints the index (to 2011), the NBS database after,
# the two checked to agree within rounding (`datasets.agreement_checks()`).

# %%
level = datasets.rural_price_level(BASE_YEAR)
real = {"minimum contribution": stats.deflate(contribution, level),
        "poorest fifth's income": stats.deflate(fifths[poorest], level),
        "middle fifth's income": stats.deflate(fifths[middle], level)}
real_table = stats.index_table(real, FIRST_YEAR, range(FIRST_YEAR, LAST_YEAR + 1))
real_table.round(1)

# %%
fig, ax = figures.figure("single")
long_real = real_table.reset_index(names="year").melt(id_vars="year", var_name="series", value_name="index").dropna()
figures.time_series(long_real, "year", "index", hue="series", ax=ax)
ax.set_ylim(0, None)
ax.set_ylabel(figures.text("index_base", year=FIRST_YEAR))
ax.set_title(figures.text("constant_yuan_title", year=BASE_YEAR))
ax.legend(loc="upper left")
figures.export(fig, "09_real_terms", notebook="09-poorest-fifth.ipynb",
               indicators=["min_individual_contribution", "rural_disposable_income", "rural_cpi"],
               tables=["province_year_long", "policy_standards", "national_series"],
               years=range(FIRST_YEAR, LAST_YEAR + 1), groups=True, geo="national")
fig

# %%
rc, ri = real["minimum contribution"], real["poorest fifth's income"]
claims.say("real-contribution-fourfold",
           f"In constant {BASE_YEAR} yuan the minimum went from {num(rc[FIRST_YEAR])} to {num(rc[LAST_YEAR])} yuan "
           f"({rc[LAST_YEAR] / rc[FIRST_YEAR]:.1f}-fold) and the poorest fifth's income from {num(ri[FIRST_YEAR])} to "
           f"{num(ri[LAST_YEAR])} yuan ({pct(ri[LAST_YEAR] / ri[FIRST_YEAR] - 1, 0)} more).",
           3.5 <= rc[LAST_YEAR] / rc[FIRST_YEAR] <= 4.5 and 0.35 <= ri[LAST_YEAR] / ri[FIRST_YEAR] - 1 <= 0.65,
           real_contribution_ratio=rc[LAST_YEAR] / rc[FIRST_YEAR], real_income_growth=ri[LAST_YEAR] / ri[FIRST_YEAR] - 1)

# %% [markdown]
# ## Capacity to pay: against spending on health care
#
# Average rural per-capita spending on health care and total consumption (NBS database; national only, not
# by fifth). The contribution is set against them in the same year.

# %%
capacity = national.loc[FIRST_YEAR:LAST_YEAR, ["rural_consumption", "rural_health_care_spending"]].assign(
    contribution=contribution,
    contribution_vs_health_spending=lambda d: d["contribution"] / d["rural_health_care_spending"],
    contribution_vs_consumption=lambda d: d["contribution"] / d["rural_consumption"])
capacity.round(3)

# %%
c = capacity.loc[LAST_YEAR]
claims.say("contribution-fifth-of-health-spending",
           f"In {LAST_YEAR} the minimum contribution equalled {pct(c['contribution_vs_health_spending'], 0)} of average "
           f"rural spending on health care ({num(c['rural_health_care_spending'])} yuan per capita) and "
           f"{pct(c['contribution_vs_consumption'], 1)} of total consumption.",
           0.17 <= c["contribution_vs_health_spending"] <= 0.25,
           share_of_health_spending=c["contribution_vs_health_spending"])

# %% [markdown]
# ## Medical assistance: who did not pay themselves
#
# The evidence file records NHSA's statement that medical assistance subsidised the basic medical insurance
# contribution of 73.08 million people in 2023 (urban and rural; 25 provinces reported). Set beside one
# fifth of the rural population, it shows the order of magnitude, not a share of the poorest fifth: the
# people helped include urban residents, and not every helped rural resident is in the poorest fifth.

# %%
ev = datasets.evidence().set_index("source_row")
assisted = stats.stated_numbers(ev.at[24, "value"])[0] * 1e6
fifth_of_rural = national.at[LAST_YEAR + 1, "rural_population"] / 5
claims.say("assisted-comparable-to-a-fifth",
           f"NHSA: {num(assisted / 1e6, 2)} million people had their contribution subsidised by medical assistance in "
           f"{LAST_YEAR + 1}; one fifth of the rural population that year was {num(fifth_of_rural / 1e6, 1)} million.",
           0.5 < assisted / fifth_of_rural < 1.0, assisted=assisted, fifth_of_rural=fifth_of_rural)

# %% [markdown]
# ## Caveats
#
# * The fifths rank rural residents by their own per-capita income each year: the poorest fifth of 2022 is
#   not the same people as that of 2013.
# * The contribution is the national minimum; provinces set theirs at or above it.
# * Health-care and consumption spending are averages over all rural residents, not over the poorest fifth.
# * Real values stop in 2022, where the rural price index in the material stops.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("09-poorest-fifth", {"poorest_share_latest": b[poorest], "poorest_share_first": first[poorest],
     "ratio_to_average": b[poorest] / avg_share, "ratio_to_middle": b[poorest] / b[middle],
     "real_contribution_ratio": rc[LAST_YEAR] / rc[FIRST_YEAR], "real_poorest_income_growth": ri[LAST_YEAR] / ri[FIRST_YEAR] - 1,
     "contribution_vs_health_spending": c["contribution_vs_health_spending"], "assisted_people": assisted})
