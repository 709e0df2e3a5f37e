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
# # 9. How heavy is the premium for the poorest fifth? The burden, in real terms too
#
# **Question.** How heavy is the national minimum individual contribution for the poorest and the second
# fifth of rural residents compared with the middle fifth and the average, how did it change from 2013 to
# 2022 in real terms, and how does it compare with what rural residents spend on health care?
#
# **Answer.** In 2022 the minimum contribution took about four times as large a share of the poorest
# fifth's per-capita disposable income as of the published average income, and about three and a half
# times the middle fifth's share; the contribution cancels from both ratios, which are ratios of incomes
# by construction: facts about the income distribution, not about the premium. [claim:poorest-fifth-four-times]
# From 2013 to 2022 that share rose for every fifth, and for the poorest it more than doubled.
# [claim:share-rose-for-every-fifth]
# The second fifth's share also more than doubled. [claim:second-fifth-more-than-doubled]
# The people whose contribution medical assistance subsidised in 2023, by NHSA's count (in the provinces
# that reported, urban residents included), were about three quarters of one fifth of the rural population
# (authors' calculation), and fewer than one fifth's number. [claim:assisted-comparable-to-a-fifth]
# In constant 2015 yuan the contribution more than quadrupled while the poorest fifth's income rose by
# less than half. [claim:real-contribution-quadrupled]
# These findings from 2013 use the 2013 contribution of the standards table; the material prints a
# second, lower one, and with it they still hold. [claim:holds-with-either-2013-contribution]
# The contribution equalled more than a fifth of average rural spending on health care in 2022.
# [claim:contribution-fifth-of-health-spending]
#
# What the material cannot say: there are no income fifths by province; the figures are per capita, and
# household size by fifth is printed only for 2007 (so the household bill is shown for 2007 alone); the
# quintile series and the rural price index end in 2022, so real values stop there. The shares use the
# national *minimum*, so for the people whose contribution medical assistance paid they are what they
# would pay without that help, not what they paid.

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.notebooks.helpers import conflict_note, derived_standards, num, pct, setup

# %% tags=["parameters"]
FIRST_YEAR = 2013  # first year of the national income-fifth series (integrated household survey)
HOUSEHOLD_YEAR = 2007  # the only year whose household size by fifth is printed (CSY 2008 table 9-23)
LAST_YEAR = 2022  # last year of the income-fifth series and of the rural price index in the material
BASE_YEAR = 2015  # price base: constant 2015 yuan
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("09-poorest-fifth", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
long = datasets.province_year_long()
policy_table = datasets.policy_standards()
policy = policy_table.set_index("year")
national = datasets.national_series().set_index("year")
fifths = (long[long["preferred"] & long["indicator"].eq("rural_disposable_income") & long["geo_code"].eq(datasets.NATIONAL)
               & long["group"].ne("")]
          .pivot(index="year", columns="group", values="value").loc[FIRST_YEAR:LAST_YEAR])
poorest, second, middle = fifths.columns[0], "Q2", "Q3"
contribution = policy["min_individual_contribution"].reindex(fifths.index)
with_average = stats.burden_by_fifth(long, policy_table, national["rural_disposable_income"]).loc[FIRST_YEAR:LAST_YEAR]
burden = with_average.drop(columns="average")
with_average.round(4)

# %% [markdown]
# Each cell is the national minimum contribution of the policy year over the per-capita disposable income
# of a fifth of rural residents (ranked by their own income) in the same year; "average" uses average
# rural income as published (in the material from 2015; 2013 and 2014 have none). Years whose standard is
# derived from printed figures (notebook 02 lists them) are included. The same function (`stats.burden_by_fifth`) gives
# notebook 02 its figure for the poorest fifth. The share is the same in
# nominal and in real terms (price changes cancel); the levels below are deflated.

# %%
shares = burden.reset_index().melt(id_vars="year", var_name="fifth", value_name="share").dropna()
fig, ax = run.figure("single", height_mm=75)
# Years whose standard is derived from printed figures: every fifth's share uses it, so each is drawn hollow there.
derived_years = set(derived_standards(policy_table).query("indicator == 'min_individual_contribution'")["year"])
figures.time_series(shares.assign(derived=shares["year"].isin(derived_years)), "year", "share", hue="fifth",
                    derived="derived", ax=ax)
figures.percent_axis(ax)
ax.set_ylim(0, shares["share"].max() * 1.4)  # room above the lines for the legend's three rows
ax.set_ylabel(run.text("minimum_contribution_over_income"))
ax.legend(ncols=2, loc="upper left")
run.export(fig, "09_burden_by_fifth",
           indicators=["min_individual_contribution", "rural_disposable_income"],
           tables=["province_year_long", "policy_standards"], years=range(FIRST_YEAR, LAST_YEAR + 1), groups=True,
           geo="national")
fig

# %%
avg_share = with_average.at[LAST_YEAR, "average"]
b = burden.loc[LAST_YEAR]
ratio_to_average = stats.fifth_to_average(with_average, poorest)[LAST_YEAR]
to_average, to_middle = v.about_times(ratio_to_average, 4), v.about_times(b[poorest] / b[middle], 3.5)
run.claim("poorest-fifth-four-times",
          f"In {LAST_YEAR} the {num(contribution[LAST_YEAR])}-yuan minimum took {pct(b[poorest], 2)} of the poorest "
          f"fifth's per-capita income ({num(fifths.at[LAST_YEAR, poorest])} yuan), {ratio_to_average:.1f} times its share "
          f"of the published average rural income ({pct(avg_share, 2)}), {to_average}, and "
          f"{b[poorest] / b[middle]:.1f} times the middle fifth's ({pct(b[middle], 2)}), {to_middle}. The contribution "
          "cancels from both ratios: by construction they are the average (or the middle fifth's) income over the "
          "poorest fifth's, facts about the income distribution, not about the premium.",
          v.all_of(to_average, to_middle), poorest_share=b[poorest], ratio_to_average=ratio_to_average,
          ratio_to_middle=b[poorest] / b[middle])

# %%
first = burden.loc[FIRST_YEAR]
SHARE_ROUNDING = 0.00005  # shares are printed to 0.01 percentage points
rose_each = {g: v.rose(first[g], b[g], rounding=SHARE_ROUNDING) for g in burden.columns}
doubled = v.more_than_times(b[poorest] / first[poorest], 2)
run.claim("share-rose-for-every-fifth",
          f"From {FIRST_YEAR} to {LAST_YEAR} the share rose in every fifth: " + "; ".join(
               f"{g} {pct(first[g], 2)} → {pct(b[g], 2)}" for g in burden.columns)
          + f". For the poorest fifth it {doubled} ({b[poorest] / first[poorest]:.1f}-fold).",
          v.all_of(*rose_each.values(), doubled), poorest_growth=b[poorest] / first[poorest])

# %% [markdown]
# ## The second fifth, beside the poorest
#
# Medical assistance pays the contribution of people on minimum living allowances and of other low-income
# groups (NHSA's count is below), and NHSA reports low-income and formerly poor rural residents'
# participation "above 99 percent" (in the same evidence row).

# %%
second_doubled = v.more_than_times(b[second] / first[second], 2)
second_to_average = stats.fifth_to_average(with_average, second)
run.claim("second-fifth-more-than-doubled",
          f"The second fifth's share went from {pct(first[second], 2)} in {FIRST_YEAR} to {pct(b[second], 2)} in "
          f"{LAST_YEAR}: it {second_doubled} ({b[second] / first[second]:.1f}-fold), and in {LAST_YEAR} it was "
          f"{second_to_average[LAST_YEAR]:.1f} times the share at the published average income "
          f"(from {second_to_average.min():.1f} to {second_to_average.max():.1f} in the years with a published "
          "average).",
          second_doubled, second_first=first[second], second_last=b[second])

# %% [markdown]
# *Conjecture, not a checked claim:* the poorest fifth is the group medical assistance is most likely to
# reach, and the second fifth is mostly above the lines it uses, so few of the second fifth may have their
# contribution paid; if so, the doubling of its share is where the weight of the premium falls without
# relief. Nothing in the material divides the people helped by income fifth, so this is not checked.

# %% [markdown]
# ## The household bill
#
# Every member of a household pays the contribution, so a household's bill is the contribution times its
# size, and its income is per-capita income times the same size: the share is the same as per person, but
# the bill in yuan is what a household hands over at once. Household size by fifth is printed only in the
# 2007 national table (old survey, net income): a search of every file in `data/raw/` for household size
# finds no other table, so for 2013–2022 no household bill is computed rather than assuming a size.

# %%
household_size_files = datasets.raw_mentions(
    r"household size|usual residents per household|persons per household|户均|每户|户规模")
q = stats.quintile_burden(long, policy_table)
bill = (q[q["geography"].eq("China") & q["household_size"].notna()]
        .assign(household_income=lambda d: d["income_per_capita"] * d["household_size"])
        [["year", "group", "household_size", "household_premium_yuan", "household_income", "burden"]])
bill.round(3)

# %%
size_years = sorted(bill["year"].unique())
only_2007 = v.same_within(len(set(household_size_files["file"])), 1, rounding=0)  # counts: exact
run.claim("household-bill-only-2007",
          f"Household size by fifth is printed for {', '.join(map(str, size_years))} only (the search of every raw "
          f"file finds it in {', '.join(sorted(set(household_size_files['file'])))}): in {HOUSEHOLD_YEAR} a household "
          f"of the poorest fifth ({bill['household_size'].iloc[0]:.2f} persons) paid "
          f"{num(bill['household_premium_yuan'].iloc[0])} yuan out of {num(bill['household_income'].iloc[0])} yuan of "
          f"net income, and one of the richest fifth ({bill['household_size'].iloc[-1]:.2f} persons) "
          f"{num(bill['household_premium_yuan'].iloc[-1])} yuan out of {num(bill['household_income'].iloc[-1])} yuan.",
          v.all_of(only_2007, v.same_within(len(size_years), 1, rounding=0)), size_years=len(size_years))

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
fig, ax = run.figure("single")
long_real = real_table.reset_index(names="year").melt(id_vars="year", var_name="series", value_name="index").dropna()
figures.time_series(long_real.assign(derived=long_real["year"].isin(derived_years)
                                     & long_real["series"].eq("minimum contribution")),
                    "year", "index", hue="series", derived="derived", ax=ax)
ax.set_ylim(0, None)
ax.set_ylabel(run.text("index_base", year=FIRST_YEAR))
ax.set_title(run.text("constant_yuan_index_title", year=BASE_YEAR, base=FIRST_YEAR))
ax.legend(loc="upper left")
run.export(fig, "09_real_terms",
           indicators=["min_individual_contribution", "rural_disposable_income", "rural_cpi"],
           tables=["province_year_long", "policy_standards", "national_series"],
           years=range(FIRST_YEAR, LAST_YEAR + 1), groups=True, geo="national")
fig

# %%
rc, ri = real["minimum contribution"], real["poorest fifth's income"]
fourfold = v.more_than_times(rc[LAST_YEAR] / rc[FIRST_YEAR], 4)
about_half = v.below(ri[LAST_YEAR] / ri[FIRST_YEAR] - 1, 0.5, "half")
run.claim("real-contribution-quadrupled",
          f"In constant {BASE_YEAR} yuan the minimum went from {num(rc[FIRST_YEAR])} to {num(rc[LAST_YEAR])} yuan "
          f"({rc[LAST_YEAR] / rc[FIRST_YEAR]:.1f}-fold: it {fourfold}) and the poorest fifth's income from "
          f"{num(ri[FIRST_YEAR])} to {num(ri[LAST_YEAR])} yuan ({pct(ri[LAST_YEAR] / ri[FIRST_YEAR] - 1, 0)} more, a rise "
          f"{about_half}).",
          v.all_of(fourfold, about_half), real_contribution_ratio=rc[LAST_YEAR] / rc[FIRST_YEAR],
          real_income_growth=ri[LAST_YEAR] / ri[FIRST_YEAR] - 1)

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
a_fifth = v.above(c["contribution_vs_health_spending"], 0.2, "a fifth")
run.claim("contribution-fifth-of-health-spending",
          f"In {LAST_YEAR} the minimum contribution equalled {pct(c['contribution_vs_health_spending'], 1)} of average "
          f"rural spending on health care ({num(c['rural_health_care_spending'])} yuan per capita), {a_fifth}, and "
          f"{pct(c['contribution_vs_consumption'], 1)} of total consumption.",
          a_fifth, share_of_health_spending=c["contribution_vs_health_spending"])

# %% [markdown]
# ## Medical assistance: who did not pay themselves
#
# The evidence file records NHSA's statement of how many people medical assistance subsidised in their basic
# medical insurance contribution in 2023: in the provinces that reported (the statement names how many),
# urban residents included. Setting it beside one fifth of the rural population is the authors'
# calculation, not NHSA's: it shows the order of magnitude, not a share of the poorest fifth, since the
# people helped include urban residents and not every helped rural resident is in the poorest fifth.

# %%
assisted_text = datasets.statement("medical_assistance_subsidised").split(";")[0]  # NHSA: 2023, 25 provinces
assisted = stats.stated_numbers(assisted_text)[0] * 1e6  # millions in the statement
fifth_of_rural = national.at[LAST_YEAR + 1, "rural_population"] / 5
three_quarters = v.about_fraction(assisted / fifth_of_rural, "three quarters")
fewer = v.below(assisted / fifth_of_rural, 1.0, "one fifth's number")
run.claim("assisted-comparable-to-a-fifth",
          f"NHSA: {num(assisted / 1e6, 2)} million people had their basic medical insurance contribution subsidised by "
          f"medical assistance in {LAST_YEAR + 1} (as recorded: \"{assisted_text}\"), a count of the provinces that "
          "reported, urban residents included. One fifth of "
          f"the rural population that year was {num(fifth_of_rural / 1e6, 1)} million, so the people helped were "
          f"{pct(assisted / fifth_of_rural, 0)} of one fifth's number: {three_quarters} (authors' calculation), "
          f"{fewer}.",
          v.all_of(three_quarters, fewer), assisted=assisted, fifth_of_rural=fifth_of_rural)

# %% [markdown]
# ## 2013: two printed contributions
#
# `FIRST_YEAR` is the base of the changes above. The raw standards table records one 2013 contribution and,
# in its note, a second one printed earlier in the same year by another source
# (`datasets.contribution_conflict`). The notebook uses the table's value; the findings from 2013 are
# checked again with the other.

# %%
conflict = datasets.contribution_conflict(FIRST_YEAR)
first_other = first * conflict["other"] / contribution[FIRST_YEAR]  # the same incomes, the other contribution
rc_other = rc.where(rc.index != FIRST_YEAR, rc[FIRST_YEAR] * conflict["other"] / contribution[FIRST_YEAR])
other_rose = v.all_of(*(v.rose(first_other[g], b[g], rounding=SHARE_ROUNDING) for g in burden.columns),
                      text="rose in every fifth")
other_doubled = v.more_than_times(b[poorest] / first_other[poorest], 2)
other_second = v.more_than_times(b[second] / first_other[second], 2)
other_fourfold = v.more_than_times(rc_other[LAST_YEAR] / rc_other[FIRST_YEAR], 4)
run.claim("holds-with-either-2013-contribution",
          f"{conflict_note(conflict, FIRST_YEAR)} the findings from {FIRST_YEAR} still hold: the share {other_rose}; for the "
          f"poorest fifth it {other_doubled} ({b[poorest] / first_other[poorest]:.1f}-fold) and for the second "
          f"{other_second} ({b[second] / first_other[second]:.1f}-fold); in constant {BASE_YEAR} yuan the "
          f"contribution {other_fourfold} ({rc_other[LAST_YEAR] / rc_other[FIRST_YEAR]:.1f}-fold).",
          v.all_of(other_rose, other_doubled, other_second, other_fourfold), contribution_used=conflict["used"],
          contribution_other=conflict["other"])

# %% [markdown]
# ## Caveats
#
# * The fifths rank rural residents by their own per-capita income each year: the poorest fifth of 2022 is
#   not the same people as that of 2013.
# * The contribution is the national minimum; provinces set theirs at or above it.
# * Health-care and consumption spending are averages over all rural residents, not over the poorest fifth.
# * Real values stop in 2022, where the rural price index in the material stops.
# * Two 2013 contributions are printed (see above); the table's is used, and the findings hold with either.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"poorest_share_latest": b[poorest], "poorest_share_first": first[poorest],
     "ratio_to_average": ratio_to_average, "second_share_latest": b[second], "second_share_first": first[second], "ratio_to_middle": b[poorest] / b[middle],
     "real_contribution_ratio": rc[LAST_YEAR] / rc[FIRST_YEAR], "real_poorest_income_growth": ri[LAST_YEAR] / ri[FIRST_YEAR] - 1,
     "contribution_vs_health_spending": c["contribution_vs_health_spending"], "assisted_people": assisted})
