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
# **Answer.** From 2008 to 2024 the national minimum individual contribution rose about twentyfold in
# nominal terms, faster a year than national rural per-capita income both before the income concept
# changed (net income, 2008–2013) and after it (disposable income, 2015–2024). [claim:contribution-faster-both-concepts]
# Within each income concept the minimum-standard burden index (the minimum over average rural income)
# rose (net income, 2008–2013; disposable income, 2015–2024), and it was below 2% of average income in
# every year shown; no change is stated across the break. [claim:burden-index-rose-within-each-concept]
# In constant prices (to 2022, where the rural price index ends) the contribution still grew more than
# twice as fast a year as income. [claim:real-contribution-more-than-twice-as-fast]
# For the poorest fifth of rural residents nationally the same minimum took about four times its share
# of the published average income in 2022, the latest year of the income-fifth series; the contribution
# cancels from that ratio, which is the average income over the fifth's income by construction: a fact
# about the income distribution, not about the premium. [claim:poorest-fifth-four-times]
# The net-income findings use the 2013 contribution of the standards table; the material prints a
# second, lower 2013 contribution, and with it they still hold, the real growth of the contribution only
# just more than twice income's. [claim:holds-with-either-2013-contribution]

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.data.derive import burden
from analysis.data.harmonise import FIRST_DISPOSABLE_INCOME_YEAR, RESIDENTS_SCHEME_MERGER_YEAR
from analysis.notebooks.helpers import (STANDARD_NAMES, conflict_note, derived_note, derived_standards,
                                        implied_note, listed, num, pct, say, setup)

# %% tags=["parameters"]
BASE_YEAR = 2008  # first year after the 2007 reform with a published contribution standard and national income
LATEST_YEAR = 2024  # latest year with a published individual standard and national income
QUINTILE_YEAR = 2007  # year of the old-survey national quintile table (net income, with household size)
FIFTHS_LATEST_YEAR = 2022  # latest year of the national income-fifth series (disposable income, 2013–2022)
NET_INCOME_END = 2013  # last year of the old survey's net income (the bridge year)
IMPLIED_YEAR = 2012  # a year whose printed total and subsidy imply another contribution than the printed one
DISPOSABLE_FROM = 2015  # first year with a published national average disposable income in the material
FUJIAN_YEAR = 2020  # Fujian quintile year shown in the figure (2021: the poorest fifth's income fell, see below)
PRICE_BASE_YEAR = 2015  # constant yuan of this year in the real-terms view (the rural CPI chain is 100 in it)
INDEX_ROUNDING = 0.00005  # the burden index is printed to 0.01 percentage point
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("02-premiums-vs-income", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
policy = datasets.policy_standards()
national = datasets.national_series()
policy[["year", "min_individual_contribution", "min_fiscal_subsidy", "min_total", "individual_share"]]

# %% [markdown]
# Blank cells are years whose national standard is not in the material (the raw README lists them); they stay
# gaps and are never filled from neighbouring years. Some standards are derived from printed figures: a
# contribution as the printed total less the printed subsidy, or a standard as the next policy year's printed
# standard less the increase the same statement prints (`reference/stated_increases.csv` lists the reviewed
# statements; the source column names each input's file, row and the words printed). All amounts are nominal yuan.

# %%
derived = derived_standards(policy)
gaps = {name: policy.loc[policy[ind].isna(), "year"].tolist() for ind, name in STANDARD_NAMES.items()}
say(derived_note(policy) + " Not in the material: the "
    + "; the ".join(f"{name} of {listed(years)}" for name, years in gaps.items()) + ".")

# %% [markdown]
# One gap was published nationally: the standards table's note on its year says the national individual
# standard was cut off in the excerpt read, and no national statement of it, or of the next year's increase on
# it, is in the material. Only a local notice states a contribution for that year:

# %%
datasets.raw_mentions("荣成新农合个人缴费标准")

# %%
fig, ax = run.figure("double")
standards = policy.melt(id_vars="year", value_vars=["min_individual_contribution", "min_fiscal_subsidy"],
                        var_name="series", value_name="yuan").replace(
    {"min_individual_contribution": run.text("individual_contribution"),
     "min_fiscal_subsidy": run.text("government_subsidy")})
# A standard derived from printed ones is drawn apart and hollow, as derived points are elsewhere; the line
# breaks there.
names = {ind: run.text(key) for ind, key in (("min_individual_contribution", "individual_contribution"),
                                                   ("min_fiscal_subsidy", "government_subsidy"))}
is_derived = standards.set_index(["year", "series"]).index.isin(
    list(zip(derived["year"], derived["indicator"].map(names))))
figures.time_series(standards.assign(yuan=standards["yuan"].mask(is_derived)), "year", "yuan", hue="series", ax=ax)
for ind, colour in (("min_individual_contribution", "individual_contribution"),
                    ("min_fiscal_subsidy", "government_subsidy")):
    shown = derived[derived["indicator"].eq(ind)]
    ax.scatter(shown["year"], shown["value"], zorder=3, s=14, color="white", edgecolors=figures.COLOURS[colour],
               label=run.text("derived_from_printed") if ind == "min_individual_contribution" else None)
ax.set_ylabel(run.text("nominal_yuan_per_person_year"))
ax.set_ylim(0, None)
ax.legend()
ax.set_title(run.text("standards_title"))
run.export(fig, "02_standards",
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
fig, ax = run.figure("single", height_mm=85)  # room for the long source line
derived_years = derived.loc[derived["indicator"].eq("min_individual_contribution"), "year"]
printed = nat["income_concept"].ne("")
figures.time_series(nat[printed].assign(burden_min_contribution=nat["burden_min_contribution"].mask(
                        nat["year"].isin(derived_years))), "year", "burden_min_contribution", break_col="income_concept",
                    ax=ax, events={FIRST_DISPOSABLE_INCOME_YEAR: run.text("income_concept_changes"),
                                   RESIDENTS_SCHEME_MERGER_YEAR: run.text("residents_scheme_merger")})
shown = nat[nat["year"].isin(derived_years)]
hollow = ax.scatter(shown["year"], shown["burden_min_contribution"], zorder=3, s=14, color="white",
                    edgecolors=ax.lines[0].get_color(), label=run.text("derived_from_printed"))
# The two years with another printed contribution (checked below): their index with it, hollow diamonds beside the
# line, so the figure does not pick a direction for the step they leave open.
other_contribution = {IMPLIED_YEAR: datasets.implied_contribution(IMPLIED_YEAR)["implied"],
                      NET_INCOME_END: datasets.contribution_conflict(NET_INCOME_END)["other"]}
by_year = nat.set_index("year")
other_burden = {y: burden(c, by_year.at[y, "rural_income"]) for y, c in other_contribution.items() if y in by_year.index}
other = ax.scatter(list(other_burden), list(other_burden.values()), marker="D", s=14, zorder=3, color="white",
                   edgecolors=ax.lines[0].get_color(),
                   label=run.text("with_other_contribution", years=" & ".join(map(str, other_burden))))
ax.legend(handles=[hollow, other], loc="lower right", fontsize="small")
ax.set_ylabel(run.text("minimum_over_income"))
figures.percent_axis(ax, decimals=1)
run.export(fig, "02_burden_national",
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
segments = {"net": (BASE_YEAR, NET_INCOME_END), "disposable": (DISPOSABLE_FROM, LATEST_YEAR)}
growth = {k: (stats.cagr(c, a, z), stats.cagr(inc, a, z)) for k, (a, z) in segments.items()}
twentyfold = v.about_times(fold, 20, fold=True)
faster = {k: v.faster_than(gc, gi) for k, (gc, gi) in growth.items()}
run.claim("contribution-faster-both-concepts",
          f"From {BASE_YEAR} to {LATEST_YEAR} the minimum contribution rose from {num(c[BASE_YEAR])} to "
          f"{num(c[LATEST_YEAR])} nominal yuan ({fold:.1f}-fold, {twentyfold}). Within each income concept it grew "
          + " and ".join(f"{pct(growth[k][0])} a year, {faster[k]} {k} income's {pct(growth[k][1])} "
                          f"({segments[k][0]}–{segments[k][1]})" for k in segments)
          + f". Across the break ({BASE_YEAR}–{LATEST_YEAR}, {pct(g_c)} against {pct(g_i)}) the two income concepts "
          "are not comparable, so no single growth ratio is stated.",
          v.all_of(twentyfold, *faster.values()), contribution_cagr=g_c, income_cagr=g_i)

# %% [markdown]
# The index is compared within one income concept at a time, as the growth rates are: net income from
# `BASE_YEAR` to the 2013 bridge year, disposable income from its first published national average to
# `LATEST_YEAR`. Its level is checked in every year the chart shows, not only the last.

# %%
b_shown = nat.set_index("year")["burden_min_contribution"].dropna()
within = {k: v.rose(b[a], b[z], INDEX_ROUNDING) for k, (a, z) in segments.items()}
under_2 = v.below(b_shown.max(), 0.02, "2%")
derived_contribution_years = set(derived.loc[derived["indicator"].eq("min_individual_contribution"), "year"])
derived_shown = [y for y in b_shown.index if y in derived_contribution_years]
run.claim("burden-index-rose-within-each-concept",
          "Within each income concept the minimum-standard burden index " + " and ".join(
               f"{within[k]} from {pct(b[a], 2)} to {pct(b[z], 2)} of average {k} income ({a}–{z})"
               for k, (a, z) in segments.items())
          + f". Across the {NET_INCOME_END} break the two concepts are not comparable, so no change from {BASE_YEAR} "
          f"to {LATEST_YEAR} is stated. In every year shown ({', '.join(map(str, b_shown.index))}"
          + (f"; the standard of {listed(map(str, derived_shown))} derived from printed figures" if derived_shown else "")
          + f") it was {under_2} "
          f"of average income (highest: {pct(b_shown.max(), 2)} in {b_shown.idxmax()}).",
          v.all_of(*within.values(), under_2), burden_highest=b_shown.max(), years_shown=len(b_shown))

# %% [markdown]
# ## In constant prices
#
# Deflating by the rural consumer price index (chained from the printed preceding-year indices,
# `PRICE_BASE_YEAR` = 100;
# the index in the material ends in 2022, so the real view stops there) lowers the contribution's growth and
# income's growth by the same inflation. The burden index, two yuan amounts of the same year, is the same in
# real terms by construction, and a real fold is below the nominal one whenever prices rose: neither is a
# finding. What deflating does change is the ratio of the two growth rates, which is checked below.

# %%
level = datasets.rural_price_level(PRICE_BASE_YEAR)
real_end = int(level.dropna().index.max())
real_c, real_inc = stats.deflate(c, level), stats.deflate(inc, level)
real_fold, nominal_fold = real_c[real_end] / real_c[BASE_YEAR], c[real_end] / c[BASE_YEAR]
g_rc, g_ri = stats.cagr(real_c, BASE_YEAR, real_end), stats.cagr(real_inc, BASE_YEAR, real_end)
years = range(BASE_YEAR, real_end + 1)
c.rename("contribution, nominal").to_frame().join(
    [real_c.rename(f"contribution, {PRICE_BASE_YEAR} yuan"), inc.rename("income, nominal"),
     real_inc.rename(f"income, {PRICE_BASE_YEAR} yuan")], how="outer").reindex(years)

# %%
real_growth = {k: (stats.cagr(real_c, a, min(z, real_end)), stats.cagr(real_inc, a, min(z, real_end)))
               for k, (a, z) in segments.items()}
more_than_twice = {k: v.more_than_times(gc / gi, 2, comparison=True) for k, (gc, gi) in real_growth.items()}
run.claim("real-contribution-more-than-twice-as-fast",
          f"In constant {PRICE_BASE_YEAR} yuan (rural CPI, which ends in {real_end}) the minimum contribution rose "
          f"{real_fold:.1f}-fold from {BASE_YEAR} to {real_end} ({nominal_fold:.1f}-fold nominal). Within each income "
          "concept its real growth rate " + " and ".join(
               f"was {more_than_twice[k]} income's ({k}, {segments[k][0]}–{min(segments[k][1], real_end)}: "
               f"{pct(real_growth[k][0])} against {pct(real_growth[k][1])} a year)" for k in segments) + ".",
          v.all_of(*more_than_twice.values()), real_fold=real_fold, nominal_fold=nominal_fold)

# %% [markdown]
# ## The poorest fifth
#
# Income by fifth exists for the nation in 2007 (net income, old survey, with household size) and every
# year 2013–2022 (disposable income, integrated survey), and for Fujian in 2016–2021 (disposable income,
# Fujian Statistical Yearbook 2022); a year whose national standard is not in the material has no burden, and a
# year whose standard is derived from printed figures (listed above) has one. The
# poorest fifth's burden is set against the burden at the *published* average income of the same concept
# (not the mean of the five fifths' incomes, which is not the population average): nationally that
# average is in the material for 2007 (net) and from 2015 (disposable), so 2013 and 2014 have no ratio.
# `stats.burden_by_fifth` computes it, and notebook 09 reads the same function.

# %%
q = stats.quintile_burden(datasets.province_year_long(), policy)
q[["geography", "year", "group", "income_per_capita", "min_individual_contribution", "burden", "household_size",
   "household_premium_yuan"]]

# %%
long = datasets.province_year_long()
nat_y = national.set_index("year")
fifths_disposable = stats.burden_by_fifth(long, policy, nat_y["rural_disposable_income"], "rural_disposable_income")
fifths_net = stats.burden_by_fifth(long, policy, nat_y["rural_net_income"], "rural_net_income")
poorest_group = fifths_disposable.columns[0]
ratio_years = stats.fifth_to_average(fifths_disposable, poorest_group)
ratio_net = stats.fifth_to_average(fifths_net, poorest_group)
ratio_years.round(2).to_frame()

# %%
fj_income = q[q["geography"].eq("Fujian")].pivot(index="year", columns="group", values="income_per_capita")
poorest = fj_income.columns[0]
fall = fj_income.loc[FUJIAN_YEAR + 1, poorest] / fj_income.loc[FUJIAN_YEAR, poorest] - 1
middle_change = fj_income.loc[FUJIAN_YEAR + 1, "Q3"] / fj_income.loc[FUJIAN_YEAR, "Q3"] - 1
fj_fell = v.fell(fj_income.loc[FUJIAN_YEAR, poorest], fj_income.loc[FUJIAN_YEAR + 1, poorest], rounding=0.5)
fj_rose = v.rose(fj_income.loc[FUJIAN_YEAR, "Q3"], fj_income.loc[FUJIAN_YEAR + 1, "Q3"], rounding=0.5)
run.claim("fujian-2021-poorest-fell",
          f"In Fujian the poorest fifth's income {fj_fell} {pct(-fall, 0)} from {FUJIAN_YEAR} to {FUJIAN_YEAR + 1} "
          f"while the middle fifth's {fj_rose} {pct(middle_change, 0)}; a fall of that size in one year of growth may "
          f"reflect who was classed in the bottom fifth rather than a loss of income, so {FUJIAN_YEAR} is the "
          "Fujian year shown in the figure.",
          v.all_of(fj_fell, fj_rose), poorest_change=fall, middle_change=middle_change)

# %%
fig, ax = run.figure("double")
shown = q[(q["geography"].eq("China") & q["year"].isin([QUINTILE_YEAR, FIFTHS_LATEST_YEAR]))
          | (q["geography"].eq("Fujian") & q["year"].eq(FUJIAN_YEAR))].dropna(subset=["burden"])
shown = shown.assign(fifth=shown.groupby(["geography", "year"]).cumcount() + 1)  # rows are in fifth order
for i, ((place, year), g) in enumerate(shown.groupby(["geography", "year"])):
    income_kind = g["income_indicator"].iloc[0].removeprefix("rural_").removesuffix("_income")  # net, disposable
    name = run.text("place_year_concept", place=run.category(place), year=year,
                    concept=run.text(f"concept_{income_kind}"))
    ax.plot(g["fifth"], g["burden"], marker="o", label=name, color=figures.colour(name, i))
ax.set_xticks(range(1, 6), [run.category(group) for group in sorted(q["group"].unique())])
figures.percent_axis(ax, decimals=1)
ax.set_ylabel(run.text("contribution_over_per_capita_income"))
ax.legend()
run.export(fig, "02_burden_quintiles",
           indicators=["rural_net_income", "rural_disposable_income", "min_individual_contribution"],
           tables=["province_year_long", "policy_standards"], years=[QUINTILE_YEAR, FUJIAN_YEAR, FIFTHS_LATEST_YEAR],
           groups=True)
fig

# %%
r_latest = ratio_years[FIFTHS_LATEST_YEAR]
four_times = v.about_times(r_latest, 4)
derived_ratio = [y for y in ratio_years.index
                 if y in set(derived.loc[derived["indicator"].eq("min_individual_contribution"), "year"])]
hh = q[q["group"].str.startswith("Q1") & q["geography"].eq("China")].set_index("year")
run.claim("poorest-fifth-four-times",
          f"Nationally in {FIFTHS_LATEST_YEAR} the minimum took {pct(fifths_disposable.at[FIFTHS_LATEST_YEAR, poorest_group], 2)} "
          f"of the poorest fifth's per-capita disposable income against {pct(fifths_disposable.at[FIFTHS_LATEST_YEAR, 'average'], 2)} "
          f"of the published average: {r_latest:.1f} times, {four_times}. In the years {ratio_years.index.min()}–"
          f"{ratio_years.index.max()} with a standard and a published average the ratio ranged from "
          f"{ratio_years.min():.1f} ({ratio_years.idxmin()}) to {ratio_years.max():.1f} ({ratio_years.idxmax()}"
          + (f"; the standard of {listed(map(str, derived_ratio))} derived from printed figures, though the "
             "contribution cancels from the ratio" if derived_ratio else "") + "); "
          f"in the old survey's {QUINTILE_YEAR} table (net income) it was {ratio_net[QUINTILE_YEAR]:.1f}, when a "
          f"household of the poorest fifth ({hh.loc[QUINTILE_YEAR, 'household_size']:.2f} persons) paid "
          f"{num(hh.loc[QUINTILE_YEAR, 'household_premium_yuan'])} yuan. The contribution cancels from the ratio: "
          "by construction it is the published average income over the poorest fifth's income, a fact about the "
          "income distribution, not about the premium (whose weight is the burden itself).",
          four_times, ratio_latest=r_latest, ratio_min=ratio_years.min(), ratio_max=ratio_years.max(),
          ratio_2007=ratio_net[QUINTILE_YEAR])

# %% [markdown]
# ## 2013: two printed contributions
#
# The raw standards table records one 2013 contribution and, in its note, a second one printed earlier
# in the same year by another source (`datasets.contribution_conflict`). The notebook uses the table's
# value; the findings that use 2013 (the net-income segment ends there) are checked again with the other.

# %%
conflict = datasets.contribution_conflict(NET_INCOME_END)
c_other = c.where(c.index != NET_INCOME_END, conflict["other"])
b_other = stats.burden(c_other, inc)
net_from, net_to = segments["net"]
g_other = stats.cagr(c_other, net_from, net_to)
real_other = stats.cagr(stats.deflate(c_other, level), net_from, min(net_to, real_end))
other_faster = v.faster_than(g_other, growth["net"][1])
other_rose = v.rose(b_other[net_from], b_other[net_to], INDEX_ROUNDING)
other_under_2 = v.below(b_other.reindex(b_shown.index).max(), 0.02, "2%")
other_twice = v.more_than_times(real_other / real_growth["net"][1], 2, comparison=True)
run.claim("holds-with-either-2013-contribution",
          f"{conflict_note(conflict, NET_INCOME_END)} the net-income findings still hold: the contribution grew {pct(g_other)} a "
          f"year {net_from}–{net_to}, {other_faster} net income's {pct(growth['net'][1])}; the burden index {other_rose} "
          f"from {pct(b_other[net_from], 2)} to {pct(b_other[net_to], 2)}; in every year shown it was {other_under_2}; "
          f"its real growth was {other_twice} income's ({pct(real_other)} against {pct(real_growth['net'][1])}).",
          v.all_of(other_faster, other_rose, other_under_2, other_twice), contribution_used=conflict["used"],
          contribution_other=conflict["other"])

# %% [markdown]
# ## 2012: a printed contribution and an implied one
#
# One press report prints the year's total financing standard and subsidy but no contribution; their difference
# is another contribution than the one the standards table prints for that year
# (`datasets.implied_contribution`). The table's value is used; the findings are checked with the other.

# %%
implied = datasets.implied_contribution(IMPLIED_YEAR)
b_implied = implied["implied"] / inc[IMPLIED_YEAR]
implied_under_2 = v.below(b_implied, 0.02, "2%")
run.claim("holds-with-implied-2012-contribution",
          f"{implied_note(implied, IMPLIED_YEAR)} the {IMPLIED_YEAR} burden index would be {pct(b_implied, 2)} "
          f"instead of {pct(b[IMPLIED_YEAR], 2)}, still {implied_under_2} of average {concept[IMPLIED_YEAR]} income; "
          f"the growth findings compare {net_from} with {net_to}, so neither value of {IMPLIED_YEAR} enters them.",
          implied_under_2, contribution_used=implied["used"], contribution_implied=implied["implied"])

# %% [markdown]
# ## Caveats
#
# * The standard is a national *minimum*; provinces set their own contribution at or above it (the few
#   provincial standards in the evidence files are not in the numeric tables). Medical assistance pays the
#   contribution for many of the poorest (NHSA's figure is in notebook 09), so the index overstates what they paid.
# * Amounts are nominal except in the constant-price section, which ends in 2022 with the rural price index.
# * Income fifths exist nationally for 2007 and 2013–2022 and for Fujian 2016–2021; none for other provinces.
# * Net and disposable income are different concepts: the index breaks in 2013, and growth rates and the
#   index's change are compared within a concept, never across the break.
# * Two 2013 contributions are printed (see above); the table's is used, and the findings hold with either. The
#   2012 contribution the material implies differs from the printed one; the findings hold with either.
# * Derived standards (listed above) are computed from printed figures, never estimated; they are drawn hollow.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"contribution_base": c[BASE_YEAR], "contribution_latest": c[LATEST_YEAR],
     "contribution_cagr": g_c, "income_cagr": g_i, "income_base": inc[BASE_YEAR],
     "income_latest": inc[LATEST_YEAR], "burden_base": b[BASE_YEAR], "burden_latest": b[LATEST_YEAR],
     "burden_highest_shown": b_shown.max(),
     "poorest_fifth_burden_china_2007": fifths_net.at[QUINTILE_YEAR, poorest_group],
     "poorest_fifth_ratio_china_2007": ratio_net[QUINTILE_YEAR],
     "poorest_fifth_burden_latest": fifths_disposable.at[FIFTHS_LATEST_YEAR, poorest_group],
     "poorest_fifth_ratio_latest": r_latest, "fujian_poorest_change_next_year": fall})
