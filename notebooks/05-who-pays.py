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
# **Answer.** The policy-year standards set government's part at about four fifths of the national minimum
# premium in every year from 2007 to 2013 with both standards published. [claim:four-fifths-by-government]
# Cover for a year is bought by the previous policy year's contribution and the year's own subsidy; on that
# rule government paid above three quarters and only just below nine tenths of the minimum that bought cover in
# every cover year from 2008 to 2013 with a contribution of the year before in the material (all but 2012), its
# highest year only just above the edge of "about four fifths"; and the individual share of it
# rose in every cover year from 2015 to 2025, 2025 included. [claim:cover-year-shares]
# Since 2013 the individual share of the policy-year standards rose with each published pair up to 2024; in 2024 the
# individual increase was below the subsidy's, which NHSA's notice calls the first time since 2016 (its
# statement, not a finding of this notebook). [claim:individual-share-rose-then-2024-step-smaller]
# Counting the years whose pair includes a standard derived from printed figures, the share of the policy-year
# standards rose in every step to 2024 and fell in 2025, when the derived contribution did not rise (while the
# share of what bought cover in 2025 rose, above). [claim:share-with-derived-pairs-rose-then-fell]
# From 2015 to 2024 the minimum contribution grew faster than national rural disposable income and the
# minimum subsidy more slowly, in nominal terms. [claim:contribution-faster-subsidy-slower]
# In constant prices (to 2022) the order is the same and the subsidy still grew. [claim:real-subsidy-still-rose]
# In 2023 individuals paid about the same per year-end member as the minimum contribution that bought
# cover for 2023 (within a tenth either way), and the material cannot say in which direction: per paying
# member it is above that minimum if the contributions medical assistance paid are not in the individuals'
# total, and only just below the next policy year's standard if the year's receipts are mostly the autumn
# collection at that standard. [claim:paid-about-the-minimum]

# %%
from analysis import datasets, figures, stats
from analysis.data.derive import COVER_LAG_YEARS
from analysis.notebooks import vocabulary as v
from analysis.notebooks.helpers import derived_standards, implied_note, listed, num, pct, same_method_note, setup

# %% tags=["parameters"]
FROM_YEAR = 2015  # first year with national disposable income and both standards published
TO_YEAR = 2024  # latest year with both standards and national income
SHARE_FLAT_UNTIL = 2013  # last year of the 20% individual share of the 2007 reform
IMPLIED_YEAR = 2012  # a year whose printed total and subsidy imply another contribution than the printed one
CONFLICT_FREE_COVER_YEAR = 2015  # first cover year whose contribution (policy year 2014) has no other printed figure (2012, 2013 have)
ACTUALS_YEAR = 2023  # year of NHSA's actual individual vs government totals (cover year)
DUPLICATE_YEARS = (2022, 2023)  # years of NHSA's stated removal of duplicate records (evidence, as notebook 10)
SHARE_ROUNDING = 0.0005  # shares are printed to 0.1 percentage point
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("05-who-pays", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
policy = datasets.policy_standards()
national = datasets.national_series()
shares = policy[["year", "min_individual_contribution", "min_fiscal_subsidy", "individual_share"]].dropna(
    subset=["individual_share"])
shares

# %%
fig, ax = run.figure("single")
figures.time_series(shares, "year", "individual_share", ax=ax, label=run.text("individual_share_of_minimum"),
                    color=figures.COLOURS["individual_contribution"])
# Pairs with a standard derived from printed figures (notebook 02 lists them): hollow, apart from the line.
derived_years = sorted(set(derived_standards(policy)["year"]))
pairs = policy.set_index("year")[["min_individual_contribution", "min_fiscal_subsidy"]].dropna()
share_all = pairs["min_individual_contribution"] / pairs.sum(axis=1)
hollow = share_all[share_all.index.isin(derived_years)]
ax.scatter(hollow.index, hollow.values, zorder=3, s=14, color="white",
           edgecolors=figures.COLOURS["individual_contribution"], label=run.text("derived_from_printed"))
ax.legend(fontsize="small")
figures.percent_axis(ax)
ax.set_ylabel(run.text("individual_share"))
run.export(fig, "05_individual_share",
           indicators=["min_individual_contribution", "min_fiscal_subsidy"], tables=["policy_standards"])
fig

# %%
share = shares.set_index("year")["individual_share"]
early, later = share[share.index <= SHARE_FLAT_UNTIL], share[share.index >= SHARE_FLAT_UNTIL]
four_fifths = v.all_of(*(v.about_fraction(1 - x, "four fifths") for x in early), text="about four fifths")
government_range = (pct(1 - early.max(), 0) if early.max() == early.min()
                    else f"{pct(1 - early.max(), 0)} to {pct(1 - early.min(), 0)}")
run.claim("four-fifths-by-government",
          f"The policy-year standards set government's part at {government_range} of the minimum premium, {four_fifths}, "
          f"in every year {int(early.index[0])}–{SHARE_FLAT_UNTIL} with both standards published "
          f"({', '.join(map(str, early.index))}), each year's contribution set against the same year's subsidy.",
          four_fifths, years=len(early), min_share=early.min(), max_share=early.max())

# %%
implied = datasets.implied_contribution(IMPLIED_YEAR)
government_implied = 1 - implied["implied"] / implied["total"]
still_four_fifths = v.about_fraction(government_implied, "four fifths")
run.claim("four-fifths-with-implied-2012-contribution",
          f"{implied_note(implied, IMPLIED_YEAR)} government paid {pct(government_implied, 1)} of the {IMPLIED_YEAR} "
          f"minimum premium instead of {pct(1 - share[IMPLIED_YEAR], 1)}: {still_four_fifths}.",
          still_four_fifths, government_share_implied=government_implied)

# %% [markdown]
# The pairs above set each policy year's contribution against the same year's subsidy. Cover for year *Y* is bought
# by the contribution of *Y − 1* (collected in its autumn) and the subsidy of *Y* (`stats.minimum_for_cover_year`,
# the rule of the revenue comparison below and of notebook 06). The same shares by cover year:

# %%
cover_years = policy.loc[policy["year"].ge(policy["year"].min() + COVER_LAG_YEARS), ["year"]].rename(
    columns={"year": "cover_year"}).set_index("cover_year")
cover = cover_years.assign(
    individual_of_year_before=[stats.minimum_for_cover_year(policy, y)[1] for y in cover_years.index],
    subsidy_of_year=[stats.minimum_for_cover_year(policy, y)[2] for y in cover_years.index]).dropna()
cover = cover.assign(individual_share=cover["individual_of_year_before"] / cover.sum(axis=1))
cover.round(4)

# %%
derived_pairs = set(zip(derived_standards(policy)["year"], derived_standards(policy)["indicator"]))
cover_derived = [y for y in cover.index if (y - COVER_LAG_YEARS, "min_individual_contribution") in derived_pairs
                 or (y, "min_fiscal_subsidy") in derived_pairs]
gov_cover = 1 - cover.loc[:SHARE_FLAT_UNTIL, "individual_share"]
# The cover year bought by the IMPLIED_YEAR contribution, with the implied contribution instead of the printed one
implied_cover = IMPLIED_YEAR + COVER_LAG_YEARS
gov_implied_cover = 1 - implied["implied"] / (implied["implied"] + cover.at[implied_cover, "subsidy_of_year"])
gov_all = gov_cover.to_dict() | {f"{implied_cover} (implied)": gov_implied_cover}
gov_low, gov_high = min(gov_all.values()), max(gov_all.values())
over_three_quarters = v.above(gov_low, 0.75, "three quarters")
under_nine_tenths = v.below(gov_high, 0.9, "nine tenths")
band_top = v.FRACTIONS["four fifths"] * (1 + v.ABOUT)  # the upper edge of "about four fifths" (vocabulary)
beyond_band = v.above(gov_high, band_top, f'{pct(band_top, 0)}, the upper edge of "about four fifths"')
RISE_FROM = CONFLICT_FREE_COVER_YEAR
cover_rising = v.rose_every(cover.loc[RISE_FROM:, "individual_share"], SHARE_ROUNDING, each="in every cover year")
cover_last = int(cover.index[-1])
last_step = v.rose(cover.at[cover_last - 1, "individual_share"], cover.at[cover_last, "individual_share"],
                   SHARE_ROUNDING)
run.claim("cover-year-shares",
          f"By cover year (the contribution of the year before plus the year's subsidy), government paid "
          f"{pct(gov_cover.min())} to {pct(gov_cover.max())} of the minimum that bought cover in "
          f"{listed(map(str, gov_cover.index))} ({', '.join(f'{y}: {pct(x)}' for y, x in gov_cover.items())}; "
          f"{listed(str(y) for y in range(int(gov_cover.index[0]), SHARE_FLAT_UNTIL + 1) if y not in gov_cover.index)} "
          f"without a contribution of the year before), and {pct(gov_implied_cover)} in {implied_cover} with the "
          f"{num(implied['implied'])}-yuan {IMPLIED_YEAR} contribution a printed total and subsidy imply: "
          f"{over_three_quarters} and {under_nine_tenths} in every one of them; the highest, {pct(gov_high)}, is "
          f"{beyond_band}. From cover year "
          f"{RISE_FROM} (the first whose contribution has no other printed figure) to {cover_last} the individual "
          f"share {cover_rising} ({pct(cover.at[RISE_FROM, 'individual_share'])} to "
          f"{pct(cover.at[cover_last, 'individual_share'])}; the minimum of {listed(map(str, cover_derived))} includes a "
          f"standard derived from printed figures); from {cover_last - 1} to {cover_last}, with printed inputs only "
          f"({num(cover.at[cover_last - 1, 'individual_of_year_before'])} + "
          f"{num(cover.at[cover_last - 1, 'subsidy_of_year'])} and {num(cover.at[cover_last, 'individual_of_year_before'])}"
          f" + {num(cover.at[cover_last, 'subsidy_of_year'])} yuan), it {last_step}, from "
          f"{pct(cover.at[cover_last - 1, 'individual_share'], 2)} to {pct(cover.at[cover_last, 'individual_share'], 2)}.",
          v.all_of(over_three_quarters, under_nine_tenths, beyond_band, cover_rising, last_step),
          government_cover_min=gov_low, government_cover_max=gov_high,
          individual_cover_first=cover.at[RISE_FROM, "individual_share"],
          individual_cover_last=cover.at[cover_last, "individual_share"])

# %%
# NHSA/MOF/STA 2024 notice, individual +20 (to 400) against subsidy +30 (to 670): evidence by name
step_2024 = datasets.statement("contribution_step_2024")
individual_step, individual_to, subsidy_step, subsidy_to = stats.stated_numbers(step_2024)[:4]
rising = [v.rose(a, b, SHARE_ROUNDING) for a, b in zip(later.iloc[:-1], later.iloc[1:])]
smallest = min(range(len(rising)), key=lambda i: rising[i].margin)
smaller_step = v.below(individual_step, subsidy_step, f"the subsidy's {num(subsidy_step)} yuan")
run.claim("individual-share-rose-then-2024-step-smaller",
          f"The individual share rose with every published pair of standards after {SHARE_FLAT_UNTIL} "
          f"({', '.join(map(str, later.index))}), from {pct(later.iloc[0], 1)} to {pct(later.iloc[-1], 1)} in "
          f"{int(later.index[-1])}; in the smallest step, {later.index[smallest]}–{later.index[smallest + 1]}, it "
          f"{rising[smallest]}. But in {int(later.index[-1])} the individual standard rose by {num(individual_step)} "
          f"yuan (to {num(individual_to)}), {smaller_step} increase (to {num(subsidy_to)}): NHSA's notice calls it the "
          "first time since 2016. The years without a published pair (" 
          + ", ".join(str(y) for y in policy.loc[policy["year"].gt(SHARE_FLAT_UNTIL) & policy["individual_share"].isna(), "year"])
          + ") have a standard derived from printed figures and are counted below, apart.",
          v.all_of(*rising, smaller_step), first=later.iloc[0], last=later.iloc[-1], published_years=len(later))

# %% [markdown]
# The gaps in the published pairs are years with a standard derived from printed figures (hollow in the chart).
# With them, every year after `SHARE_FLAT_UNTIL` has a pair, and the share's path can be followed to the last one.

# %%
after = share_all[share_all.index >= SHARE_FLAT_UNTIL]
last = int(after.index[-1])
steps = [v.rose(a, b, SHARE_ROUNDING) for a, b in zip(after.loc[:last - 1].iloc[:-1], after.loc[:last - 1].iloc[1:])]
last_fell = v.fell(after.iloc[-2], after.iloc[-1], SHARE_ROUNDING)
weakest = min(range(len(steps)), key=lambda i: steps[i].margin)
run.claim("share-with-derived-pairs-rose-then-fell",
          f"Pairing each policy year's contribution with the same year's subsidy and counting the pairs with a derived standard ({listed(y for y in derived_years if y in after.index)}), the "
          f"individual share rose in every step from {SHARE_FLAT_UNTIL} to {last - 1} (weakest: "
          f"{after.index[weakest]}–{after.index[weakest + 1]}, {pct(after.iloc[weakest], 2)} to "
          f"{pct(after.iloc[weakest + 1], 2)}, it {steps[weakest]}), and from {last - 1} to {last} it {last_fell}, "
          f"from {pct(after.iloc[-2], 1)} to {pct(after.iloc[-1], 1)}: the {last} contribution, derived from the printed "
          "total and subsidy, did not rise while the subsidy did (by cover year, above, the share rose in "
          f"{last}). " + same_method_note(implied, IMPLIED_YEAR, last),
          v.all_of(*steps, last_fell), share_before_last=after.iloc[-2], share_last=after.iloc[-1])

# %% [markdown]
# ## Growth relative to each other and to income
#
# Indices with base year = 100, nominal. Income is national rural *disposable* income, so the
# comparison starts in the first year with both standards and disposable income published; earlier
# net-income years are a different concept.

# %%
p = policy.set_index("year")
inc = national.set_index("year")["rural_disposable_income"]
series = {"individual contribution": p["min_individual_contribution"], "government subsidy": p["min_fiscal_subsidy"],
          "rural income": inc}
idx = stats.index_table(series, FROM_YEAR, range(FROM_YEAR, TO_YEAR + 1))
idx.round(1)

# %%
fig, ax = run.figure("single")
long_idx = idx.reset_index(names="year").melt(id_vars="year", var_name="series", value_name="index")
# A standard derived from printed figures is drawn hollow, apart from its line.
derived_points = set(zip(derived_standards(policy)["year"],
                         derived_standards(policy)["indicator"].map({"min_individual_contribution": "individual contribution",
                                                                     "min_fiscal_subsidy": "government subsidy"})))
long_idx["derived"] = [(y, s) in derived_points for y, s in zip(long_idx["year"], long_idx["series"])]
figures.time_series(long_idx, "year", "index", hue="series", derived="derived", ax=ax)
ax.set_ylabel(run.text("nominal_index", year=FROM_YEAR))
ax.set_ylim(0, None)
ax.legend()
run.export(fig, "05_growth_index",
           indicators=["min_individual_contribution", "min_fiscal_subsidy", "rural_disposable_income"],
           tables=["policy_standards", "national_series"], years=range(FROM_YEAR, TO_YEAR + 1), geo="national")
fig

# %%
g_c = stats.cagr(p["min_individual_contribution"], FROM_YEAR, TO_YEAR)
g_s = stats.cagr(p["min_fiscal_subsidy"], FROM_YEAR, TO_YEAR)
g_i = stats.cagr(inc, FROM_YEAR, TO_YEAR)
faster, slower = v.faster_than(g_c, g_i), v.slower_than(g_s, g_i)
run.claim("contribution-faster-subsidy-slower",
          f"{FROM_YEAR}–{TO_YEAR}: the minimum contribution grew {pct(g_c)} a year, {faster} national rural "
          f"disposable income ({pct(g_i)}); the minimum subsidy grew {pct(g_s)}, {slower} income (all nominal).",
          v.all_of(faster, slower), contribution_cagr=g_c, income_cagr=g_i, subsidy_cagr=g_s)

# %% [markdown]
# In constant prices the three are divided by one rural price index (`FROM_YEAR` = 100), which ends in 2022 in the
# material: real growth is lower for all three, and the question is whether the subsidy still grew at all.

# %%
level = datasets.rural_price_level(FROM_YEAR)
real_end = min(int(level.dropna().index.max()), TO_YEAR)
real = {name: stats.deflate(v, level) for name, v in series.items()}
r_c, r_s, r_i = (stats.cagr(real[k], FROM_YEAR, real_end)
                 for k in ("individual contribution", "government subsidy", "rural income"))
real_faster, real_slower = v.faster_than(r_c, r_i), v.slower_than(r_s, r_i)
real_subsidy_rose = v.rose(real["government subsidy"][FROM_YEAR], real["government subsidy"][real_end], 0.5)
run.claim("real-subsidy-still-rose",
          f"In constant {FROM_YEAR} yuan, {FROM_YEAR}–{real_end} (the rural price index ends in {real_end}): the "
          f"contribution grew {pct(r_c)} a year, {real_faster} income ({pct(r_i)}), and the subsidy {pct(r_s)}, "
          f"{real_slower} income: the same order as in nominal terms, and the subsidy {real_subsidy_rose} in real terms "
          f"(from {num(real['government subsidy'][FROM_YEAR])} to {num(real['government subsidy'][real_end])} yuan).",
          v.all_of(real_faster, real_slower, real_subsidy_rose), contribution_cagr=r_c, income_cagr=r_i,
          subsidy_cagr=r_s)

# %% [markdown]
# ## Standards against what was actually paid
#
# NHSA reported for 2023 how much the residents' fund received from individuals and from government.
# Money received for cover in 2023 was collected mostly in the autumn of 2022, at the 2022 standard
# (the package's alignment rule, `analysis.data.derive.COVER_LAG_YEARS`), so that is the standard to set
# it against. Two things the report does not say leave the direction of the difference open: whether the
# individuals' total includes the contributions medical assistance paid for the poorest (NHSA's count of
# them, the statement `medical_assistance_subsidised`, covers the provinces that reported and urban residents
# too), and how much of the year's receipts is the autumn-2023 collection for 2024 at the next, higher standard.

# %%
n = national.set_index("year")
paid = n.loc[ACTUALS_YEAR, "resident_bmi_individual_payments"]
subsidy = n.loc[ACTUALS_YEAR, "resident_bmi_government_subsidy"]
members = n.loc[ACTUALS_YEAR, "resident_bmi_participants"]
standard, standard_year = stats.standard_for_cover_year(policy, ACTUALS_YEAR)
per_member = paid / members
assisted_text = datasets.statement("medical_assistance_subsidised").split(";")[0]
assisted = stats.stated_numbers(assisted_text)[0] * 1e6  # millions in the statement
per_paying = paid / (members - assisted)  # if the assisted are in the members but their contributions are not in the total
next_standard = p.at[ACTUALS_YEAR, "min_individual_contribution"]  # collected in the autumn of ACTUALS_YEAR, for the next cover year
about_same = v.about_times(per_member / standard, 1)
above_if_assisted_apart = v.above(per_paying / standard, 1, "that minimum")
below_if_next_collection = v.below(per_member / next_standard, 1, f"the {num(next_standard)}-yuan standard")
run.claim("paid-about-the-minimum",
          f"In {ACTUALS_YEAR} individuals paid {num(paid / 1e9, 1)} billion yuan and government (\"nearly\") "
          f"{num(subsidy / 1e9, 1)} billion, an individual share of {pct(paid / (paid + subsidy), 0)} of the two. Per "
          f"year-end member individuals paid {num(per_member)} yuan against the {num(standard)}-yuan minimum of policy "
          f"year {standard_year} that bought cover for {ACTUALS_YEAR}: {about_same} (within a tenth either way). The "
          f"direction is undetermined. If the contributions that medical assistance paid (NHSA: \"{assisted_text}\", "
          f"urban residents included) are not in the individuals' total, those who paid themselves paid at least "
          f"{num(per_paying)} yuan each, {above_if_assisted_apart}; if most of the {ACTUALS_YEAR} receipts are the "
          f"autumn-{ACTUALS_YEAR} collection at the standard of policy year {ACTUALS_YEAR}, {num(per_member)} yuan is "
          f"{below_if_next_collection}.",
          v.all_of(about_same, above_if_assisted_apart, below_if_next_collection), per_member=per_member,
          standard=standard, per_paying_member=per_paying, next_standard=next_standard)

# %% [markdown]
# ## Fund revenue per member against the standard, 2018–2023
#
# The residents' fund's total revenue (NBS database to 2022, NHSA after) per year-end member, against the
# national minimum that bought the cover, with **one timing rule per component** (`stats.minimum_for_cover_year`,
# used in notebook 06 too): the individual contribution is collected in the autumn before the cover year,
# so it is the previous policy year's standard; the government subsidy is budgeted and paid in the cover
# year at that year's standard (the material states no lag for it). A year missing either component is a
# gap. Revenue includes everything the fund received (contributions, subsidies above the minimum, interest).

# %%
revenue = (n["resident_bmi_fund_revenue"] / n["resident_bmi_participants"]).loc[2018:].dropna().rename("revenue per member")
bought = {y: stats.minimum_for_cover_year(policy, y) for y in revenue.index}
revenue_table = revenue.to_frame().assign(
    individual_of_year_before=[bought[y][1] for y in revenue.index], subsidy_of_year=[bought[y][2] for y in revenue.index],
    standard=[bought[y][0] for y in revenue.index], ratio=lambda d: d["revenue per member"] / d["standard"])
revenue_table.round(2)

# %%
both = revenue_table.dropna(subset=["ratio"])
derived_keys = set(zip(derived_standards(policy)["year"], derived_standards(policy)["indicator"]))
above_standard = v.above(both["ratio"].min(), 1, "the standard")
# Year-end counts before the stated duplicate removal still held the duplicates (notebook 10, section 1): with every
# stated duplicate in a year's count, revenue per member of that year is understated by up to this share.
duplicates = stats.stated_numbers(datasets.statement("residents_duplicates_removed"))[0] * 1e6
with_duplicates = [y for y in both.index if y < DUPLICATE_YEARS[0]]
members_n = n["resident_bmi_participants"]
understated = max((members_n[y] / (members_n[y] - duplicates) - 1 for y in with_duplicates), default=0.0)
run.claim("revenue-above-standard",
          f"In every year with both figures ({', '.join(str(y) for y in both.index)}) the fund took in more per member "
          f"than the minimum that bought the cover ({above_standard}): {pct(both['ratio'].min() - 1, 0)} to "
          f"{pct(both['ratio'].max() - 1, 0)} more. The minimum of "
          + listed(y for y in both.index if (y - 1, "min_individual_contribution") in derived_keys
                   or (y, "min_fiscal_subsidy") in derived_keys)
          + " includes a standard derived from printed figures (notebook 02)."
          + (f" Members of {listed(map(str, with_duplicates))} are year-end counts that still held the "
             f"{num(duplicates / 1e6, 0)} million duplicate records NHSA states it removed in {DUPLICATE_YEARS[0]}–"
             f"{DUPLICATE_YEARS[1]}; with every one of them in a year's count, its revenue per member is understated by "
             f"up to {pct(understated, 1)}, which would put it further above the standard, not below."
             if with_duplicates else ""),
          above_standard, min_ratio=both["ratio"].min(), max_ratio=both["ratio"].max())

# %% [markdown]
# ## Caveats
#
# * Standards are national minimums for the policy year; actual contributions and subsidies vary by
#   province and locality, and medical assistance pays the contribution for many of the poor.
# * The 2023 totals are from a Xinhua report of NHSA data, the government figure stated as "nearly".
# * Dividing by year-end members mixes flows over the year with a stock at its end; some contributions
#   received in 2023 may belong to cover for 2024, which the report does not separate.
# * All amounts are nominal.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"contribution_cagr": g_c, "subsidy_cagr": g_s, "income_cagr": g_i,
     "individual_share_early": early.iloc[0], "individual_share_latest": later.iloc[-1],
     "paid_by_individuals": paid, "government_subsidy": subsidy, "individual_paid_per_member": per_member,
     "individual_paid_per_paying_member": per_paying,
     "standard_for_cover_year": standard, "revenue_vs_standard_min": both["ratio"].min(),
     "revenue_vs_standard_max": both["ratio"].max()})
