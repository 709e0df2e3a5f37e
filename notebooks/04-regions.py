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
# # 4. Regions: the same national minimum, very different incomes
#
# **Question.** How do provinces differ in NCMS enrolment and financing (2008, 2011) and in the burden of
# the national minimum contribution (2016–2024), and do the four NBS regions differ systematically?
#
# **Answer.** In 2008 fewer than half of the provinces raised less NCMS financing per enrollee than the
# national minimum that bought that year's cover (the previous year's contribution plus the year's
# subsidy, the timing rule of notebooks 05 and 06; an assumption, as the raw data's notes say only that a
# policy year's premium is often collected in the autumn before the cover year), though most raised less than
# the full standard of the 2008 policy year. [claim:financing-below-standard-2008]
# By the same rule, in 2011 two of the provinces with a figure raised only just less than the minimum that
# bought that year's cover, and the rest more (the lowest of them only just). [claim:financing-2011-range]
# Across provinces in 2008, the rank correlation of financing per enrollee with rural income is not
# significant at 5%; the levels fit's slope is positive, but fragile: its robust
# interval only just excludes zero, it rests on Shanghai, and without Shanghai the interval includes zero.
# [claim:financing-income-fragile]
# Because one national minimum is divided by provincial incomes that differ more than threefold, the
# minimum-standard burden index in 2024 was more than three times as high in the province with the
# lowest rural income as in the one with the highest; it measures income inequality, not what provinces
# charge. [claim:burden-index-range]
# Weighted by rural population, the index was highest in the West and lowest in the East in each of the
# nine years from 2016 to 2024; as one national minimum divides every province's income, the order is by
# construction that of the regions' weighted mean inverse income, a fact about incomes that holds whatever the
# standard (so also with the derived standards of 2016 and 2019). [claim:west-highest-east-lowest]
# Between 2008 and 2011 NCMS enrolment grew less where rural income was higher: the levels (HC3) and
# leave-one-out intervals exclude zero and the rank correlation is significant (the log-log specification
# cannot be run, as some changes are negative), also after controlling for the change in the number of
# counties implementing NCMS; but the association is fragile: it rests on Beijing, Guangdong, Shanghai and
# Zhejiang, and only in Guangdong did the number of counties implementing NCMS fall below nine tenths of its
# 2008 number, as schemes were being merged. [claim:enrolment-grew-less-where-richer]
#
# The cross-section shows association, not cause.

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.data.regions import N_PROVINCES
from analysis.notebooks.helpers import derived_standards, listed, num, pct, setup

# %% tags=["parameters"]
NCMS_YEAR = 2008  # year with both provincial NCMS figures and provincial rural income
NCMS_YEAR_2 = 2011  # second provincial NCMS year (no provincial income that year)
MAP_YEAR = 2024  # year on the tile map: the latest with a national standard and provincial income
COUNTY_FALL = 0.9  # a province "stopped running NCMS in counties" if its implementing counties fell below 9/10 of 2008's
BURDEN_FROM = 2016  # first year of the provincial disposable-income panel
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("04-regions", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
panel = datasets.rural_panel()
policy = datasets.policy_standards().set_index("year")
y1 = panel[panel["year"].eq(NCMS_YEAR)]
concept = y1["income_concept"].iloc[0]
y1[["name_en", "region4", "rural_income", "ncms_enrollees", "rural_population", "ncms_enrollment_ratio",
    "ncms_financing_per_enrollee_computed", "region_flag"]].sort_values("rural_income", ascending=False)

# %% [markdown]
# In 2008 NCMS enrolment (by household registration) exceeds the resident rural population in most
# provinces — a reminder that the two count different people, not a data error. Financing per enrollee
# is funds raised ÷ enrollees (the 2008 table prints no per-capita column).
#
# The minimum that bought a year's cover (`stats.minimum_for_cover_year`: the previous policy year's contribution
# plus the year's own subsidy) rests on a timing rule that is an assumption: data/raw/README.md says the
# premium of policy year *Y* is *often* collected in the autumn of *Y* for cover in *Y + 1*.
# The full standard of the policy year itself is given beside it, so both readings are shown.

# %%
standard, last_contribution, subsidy = stats.minimum_for_cover_year(policy.reset_index(), NCMS_YEAR)
policy_year_total = policy.loc[NCMS_YEAR, "min_total"]
financing = y1["ncms_financing_per_enrollee_computed"]
below, below_policy_year = financing.lt(standard), financing.lt(policy_year_total)
with_data = int(financing.notna().sum())
fewer_than_half = v.below(below.sum() / with_data, 0.5, "half")
most_below_policy_year = v.most(below_policy_year.sum(), with_data)
run.claim("financing-below-standard-2008",
          f"In {NCMS_YEAR} financing per enrollee was below the {num(standard)}-yuan minimum that bought that year's cover "
          f"({num(last_contribution)} yuan of contribution from the year before plus the year's {num(subsidy)}-yuan "
          f"subsidy) in {int(below.sum())} of {with_data} provinces ({fewer_than_half}; median {num(financing.median())} "
          f"yuan), and below the full {num(policy_year_total)}-yuan standard of the {NCMS_YEAR} policy year in "
          f"{int(below_policy_year.sum())} ({most_below_policy_year}).",
          v.all_of(fewer_than_half, most_below_policy_year), below=int(below.sum()), standard=standard)

# %% [markdown]
# ## Financing and income across provinces: how robust?
#
# OLS of financing per enrollee on rural income per capita across provinces, with HC3 standard errors and
# t-based 95% intervals; Spearman's rank correlation; the elasticity from logs; and the provinces whose
# removal moves the slope most (`analysis.stats.association`).

# %%
assoc = stats.association(y1, "ncms_financing_per_enrollee_computed", "rural_income")
fit = stats.ols_robust(y1, "ncms_financing_per_enrollee_computed", "rural_income")
assoc.table().round(4)

# %%
fig, (ax1, ax2) = run.figure("double", ncols=2)
# No fitted line: the scatter is plainly not linear and the association is fragile (below).
figures.province_scatter(y1, "rural_income", "ncms_financing_per_enrollee_computed", hue="region4", ax=ax1, labels=6)
income_axis = run.text("income_axis", concept=run.text(f"concept_{concept}"), year=NCMS_YEAR)
ax1.set_xlabel(income_axis)
ax1.set_ylabel(run.text("ncms_financing_axis"))
ax1.axhline(standard, color="#888888", lw=0.6, ls=":", label=run.text("minimum_standard_line", amount=num(standard)))
ax1.legend(loc="upper left")
figures.province_scatter(y1, "rural_income", "ncms_enrollment_ratio", hue="region4", ax=ax2, labels=6)
no_ratio = y1.loc[y1["ncms_enrollment_ratio"].isna(), "name_en"]
if len(no_ratio):  # say in the figure which provinces it cannot show
    ax2.set_title(run.text("not_shown", names=run.text("list_separator").join(run.category(n) for n in no_ratio)),
                  loc="right", fontsize="small")
ax2.axhline(1, color="#888888", lw=0.6)
ax2.set_xlabel(income_axis)
ax2.set_ylabel(run.text("enrollees_over_rural_population"))
ax2.get_legend() and ax2.get_legend().remove()
run.export(fig, "04_ncms_2008",
           indicators=["rural_net_income", "ncms_funds_raised", "ncms_enrollees", "rural_population"],
           tables=["rural_panel"], years=[NCMS_YEAR], geo="province")
fig

# %%
drivers = assoc.drivers
fragile = v.fragile_association(assoc)
rank_not_significant = v.above(assoc.spearman.p, 0.05, "0.05")
run.claim("financing-income-fragile",
          f"Across {assoc.ols_hc3.n} provinces, 1,000 yuan more rural income goes with "
          f"{num(1000 * assoc.ols_hc3.estimate, 1)} yuan more financing per enrollee (HC3 95% interval "
          f"{num(1000 * assoc.ols_hc3.ci_low, 1)} to {num(1000 * assoc.ols_hc3.ci_high, 1)}; R² "
          f"{assoc.ols_hc3.r2:.2f}), but the rank correlation is {assoc.spearman.estimate:.2f} (p = "
          f"{assoc.spearman.p:.2f}, {rank_not_significant}: not significant at 5%) and without {', '.join(drivers)} the slope is "
          f"{num(1000 * assoc.drop_until_not_significant.estimate, 1)} ({num(1000 * assoc.drop_until_not_significant.ci_low, 1)} "
          f"to {num(1000 * assoc.drop_until_not_significant.ci_high, 1)}): the association is {fragile}.",
          v.all_of(fragile, rank_not_significant), slope=assoc.ols_hc3.estimate, spearman=assoc.spearman.estimate, spearman_p=assoc.spearman.p,
          drivers=", ".join(drivers))

# %% [markdown]
# **What it does not identify.** One cross-section of provinces: income stands for everything that comes
# with it (local fiscal capacity and subsidies, prices, urbanisation, central transfers targeted at the
# west), so the slope is not the effect of income on financing, and it says nothing about individuals
# within a province.

# %%
y2 = panel[panel["year"].eq(NCMS_YEAR_2)].dropna(subset=["ncms_financing_per_enrollee"])
fig, ax = run.figure("single", height_mm=110)
figures.ranked_bars(panel[panel["year"].eq(NCMS_YEAR_2)], "ncms_financing_per_enrollee", ax=ax)
ax.set_title(run.text("printed_nominal"))
ax.set_xlabel(run.text("ncms_financing_year_axis", year=NCMS_YEAR_2))
run.export(fig, "04_ncms_financing_2011", indicators=["ncms_financing_per_enrollee"],
           tables=["rural_panel"], years=[NCMS_YEAR_2], geo="province")
fig

# %%
f2 = y2.set_index("name_en")["ncms_financing_per_enrollee"]
subsidy_2011 = policy.loc[NCMS_YEAR_2, "min_fiscal_subsidy"]
above_subsidy = v.above(f2.min(), subsidy_2011, f"the {num(subsidy_2011)}-yuan minimum subsidy")
# The minimum that bought 2011 cover, by the timing rule used for 2008 above (previous year's contribution + subsidy)
standard_2011, contribution_2010, _ = stats.minimum_for_cover_year(policy.reset_index(), NCMS_YEAR_2)
below_2011 = f2[f2 < standard_2011].sort_values()
under_2011 = [v.below(x, standard_2011, f"{num(standard_2011)} yuan") for x in below_2011]
rest = f2[f2 >= standard_2011]
rest_above = v.above(rest.min(), standard_2011, f"{num(standard_2011)} yuan")
run.claim("financing-2011-range",
          f"In {NCMS_YEAR_2} printed financing per enrollee ranged from {num(f2.min(), 1)} yuan ({f2.idxmin()}) to "
          f"{num(f2.max(), 1)} yuan ({f2.idxmax()}), {above_subsidy} alone in every province with a figure; "
          f"{N_PROVINCES - len(f2)} province(s) have none. By the timing rule used for {NCMS_YEAR} (the previous policy "
          f"year's contribution plus the year's subsidy), the minimum that bought {NCMS_YEAR_2} cover was "
          f"{num(standard_2011)} yuan ({num(contribution_2010)} + {num(subsidy_2011)}): {len(below_2011)} of "
          f"{len(f2)} provinces raised less ("
          + "; ".join(f"{name} {num(x, 1)} yuan, {w}" for (name, x), w in zip(below_2011.items(), under_2011))
          + f"), and every other province raised more, the lowest of them ({rest.idxmin()}, {num(rest.min(), 1)} "
          f"yuan) {rest_above}. The {NCMS_YEAR_2} individual standard (the policy "
          f"year's full standard) is not in the material, and provincial rural income for {NCMS_YEAR_2} is not either.",
          v.all_of(above_subsidy, *under_2011, rest_above), minimum=f2.min(), maximum=f2.max(), subsidy=subsidy_2011,
          cover_minimum=standard_2011, below_cover_minimum=len(below_2011))

# %% [markdown]
# ## Two waves, 2008 and 2011: what changed where
#
# The provinces with NCMS figures in both years, as a two-wave panel: the change in enrolment (relative to
# 2008) and in financing per enrollee, against the 2008 level of rural income and the 2008–2011 growth of
# urban disposable income. Provincial *rural* income for 2011 is not in the material, so its change cannot
# be used; urban income stands in only as a measure of how fast each provincial economy grew. This is a
# regression of growth on the 2008 *level* of income, not a first-difference panel: only the outcome is
# differenced, so it does not remove what is fixed within a province. The inference is the same robust
# set as above.
#
# **Scheme integration.** Enrolment also falls where a province stopped running NCMS in some counties
# because rural residents moved into a merged urban–rural scheme: the number of counties *implementing*
# NCMS (CSY 2009 table 21-47, CSY 2012 table 21-21) changed in some provinces (shown below, and checked for
# the provinces that carry the association), and Tianjin's 2011 row prints only its number of counties, so
# it drops out. The change in implementing counties is therefore added as a control.

# %%
waves = stats.two_waves(panel, NCMS_YEAR, NCMS_YEAR_2, ["ncms_enrollees", "ncms_financing_per_enrollee_computed",
                                                       "rural_income", "urban_disposable_income",
                                                       "ncms_counties_implementing"])
waves = waves.assign(enrolment_growth=waves["ncms_enrollees_change"] / waves[f"ncms_enrollees_{NCMS_YEAR}"],
                     county_change=waves["ncms_counties_implementing_change"]
                     / waves[f"ncms_counties_implementing_{NCMS_YEAR}"],
                     financing_change=waves["ncms_financing_per_enrollee_computed_change"],
                     income_2008=waves[f"rural_income_{NCMS_YEAR}"],
                     urban_income_growth=waves["urban_disposable_income_change"] / waves[f"urban_disposable_income_{NCMS_YEAR}"])
tests = {(y, x): stats.association(waves, y, x) for y in ("enrolment_growth", "financing_change")
         for x in ("income_2008", "urban_income_growth")}
waves[["name_en", "enrolment_growth", "county_change", f"ncms_counties_implementing_{NCMS_YEAR}",
       f"ncms_counties_implementing_{NCMS_YEAR_2}", "financing_change", "income_2008", "urban_income_growth"]].round(3)

# %%
fig, (ax1, ax2) = run.figure("double", ncols=2)
# No fitted line or band: both associations are fragile (below), and a fragile association gets none.
for ax, y, label in ((ax1, "enrolment_growth", run.text("enrolment_change_axis", start=NCMS_YEAR, end=NCMS_YEAR_2)),
                     (ax2, "financing_change", run.text("financing_change_axis"))):
    figures.province_scatter(waves, "income_2008", y, ax=ax, labels=5)
    ax.set_xlabel(income_axis)
    ax.set_ylabel(label)
figures.percent_axis(ax1, from_zero=False)
ax1.axhline(0, color="#888888", lw=0.6)
run.export(fig, "04_two_waves",
           indicators=["ncms_enrollees", "ncms_funds_raised", "rural_net_income"], tables=["rural_panel"],
           years=[NCMS_YEAR, NCMS_YEAR_2], geo="province")
fig

# %%
e = tests[("enrolment_growth", "income_2008")]
e_drivers = e.drivers
not_ran = [v.SPEC_NAMES[s] for s in v.SLOPES if s not in e.slopes()]
slopes_e = {s: v.excludes_zero(slope.estimate, slope.ci_low, slope.ci_high) for s, slope in e.slopes().items()}
ranks_e = v.below(e.spearman.p, v.ALPHA, f"{v.ALPHA}")
controlled = stats.ols_robust(waves.dropna(subset=["enrolment_growth", "income_2008", "county_change"]),
                              "enrolment_growth", ["income_2008", "county_change"]).table.loc["income_2008"]
with_control = v.excludes_zero(controlled["coef"], controlled["ci_low"], controlled["ci_high"])
fragile_e = v.fragile_association(e)
counties = waves.set_index("name_en").loc[e_drivers, [f"ncms_counties_implementing_{NCMS_YEAR}",
                                                      f"ncms_counties_implementing_{NCMS_YEAR_2}"]].set_axis(["first", "last"], axis=1)
kept = (counties["last"] / counties["first"]).sort_index()
share_of = f"nine tenths of the {NCMS_YEAR} number"
fewer = {n: v.below(r, COUNTY_FALL, share_of) for n, r in kept.items() if r < COUNTY_FALL}
same = {n: v.above(r, COUNTY_FALL, share_of) for n, r in kept.items() if r >= COUNTY_FALL}
in_counties = "; ".join(f"{n} {int(counties.at[n, 'first'])} to {int(counties.at[n, 'last'])}" for n in kept.index)
run.claim("enrolment-grew-less-where-richer",
          f"Enrolment grew less, or fell, where rural income was higher in {NCMS_YEAR}: 1,000 yuan more income goes with "
          f"{-1e5 * e.ols_hc3.estimate:.1f} percentage points less growth (HC3 95% interval "
          f"{-1e5 * e.ols_hc3.ci_high:.1f} to {-1e5 * e.ols_hc3.ci_low:.1f}; Spearman "
          f"{e.spearman.estimate:.2f}, p = {e.spearman.p:.2f}). Of the specifications that can be run, "
          + "; ".join(f"{v.SPEC_NAMES[s]}: {f}" for s, f in slopes_e.items())
          + f"; Spearman: p {ranks_e}"
          + (f" ({', '.join(not_ran)} cannot be run, as some changes are negative, so this is not the full robust set)"
              if not_ran else "") + ". "
          f"Controlling for the change in counties implementing NCMS the slope is "
          f"{-1e5 * controlled['coef']:.1f} points ({-1e5 * controlled['ci_high']:.1f} to {-1e5 * controlled['ci_low']:.1f}, "
          f"p = {controlled['p']:.2f}), {with_control}. But it is {fragile_e}: without them it is no longer "
          f"distinguishable from zero. Counties implementing NCMS, {NCMS_YEAR} to {NCMS_YEAR_2}: {in_counties}. "
          + (f"Only in {listed(fewer)} did they fall {next(iter(fewer.values()))}, so the merger of schemes "
              "can account for " + ("that province's" if len(fewer) == 1 else "those provinces'") + " part only"
              if fewer else "In none of them did they fall below " + share_of)
           + (f"; in {listed(same)} they stayed {next(iter(same.values()))}." if same else "."),
           v.all_of(*slopes_e.values(), ranks_e, with_control, fragile_e, *fewer.values(), *same.values()),
           slope=e.ols_hc3.estimate, slope_with_county_control=controlled["coef"],
           drivers=", ".join(e_drivers), fewer_counties=", ".join(fewer))

# %%
f = tests[("financing_change", "income_2008")]
f_drivers = f.drivers
urban = {k: v.no_robust_association(**v.association_inputs(tests[(k, "urban_income_growth")]))
         for k in ("enrolment_growth", "financing_change")}
fragile_f = v.fragile_association(f)
run.claim("financing-change-fragile",
          f"Financing per enrollee rose more in richer provinces ({num(1000 * f.ols_hc3.estimate, 1)} yuan per 1,000 "
          f"yuan of {NCMS_YEAR} income), but the rank correlation is {f.spearman.estimate:.2f} (p = "
          f"{f.spearman.p:.2f}) and the association is {fragile_f}. With the growth of urban income: "
          f"enrolment change, {urban['enrolment_growth']}; financing change, {urban['financing_change']}.",
          v.all_of(fragile_f, *urban.values()), slope=f.ols_hc3.estimate, drivers=", ".join(f_drivers))

# %% [markdown]
# ## What rural households spent on health care, and the urban-rural gap (2008)
#
# Rural households' cash spending on health care per capita (the tables the material holds print it for
# 20 provinces in 2008) against NCMS financing per enrollee, and urban per-capita disposable
# income over rural per-capita net income: how far behind rural incomes were in each province. Net and
# disposable income are different concepts, so the ratio is an approximate gap.

# %%
spend = y1.assign(spending_vs_financing=y1["rural_cash_health_spending"] / y1["ncms_financing_per_enrollee_computed"],
                  urban_rural_ratio=y1["urban_disposable_income"] / y1["rural_income"])
spend[["name_en", "rural_cash_health_spending", "ncms_financing_per_enrollee_computed", "spending_vs_financing",
       "rural_income", "urban_disposable_income", "urban_rural_ratio"]].dropna(subset=["urban_rural_ratio"]).round(2)

# %%
sv = spend["spending_vs_financing"].dropna()
gap = spend.set_index("name_en")["urban_rural_ratio"].dropna()
spending_above = v.above(sv.min(), 1, "financing per enrollee")
gap_above = v.more_than_times(gap.min(), 2, comparison=True)
run.claim("spending-above-financing",
          f"In {NCMS_YEAR} rural households' own cash spending on health care per person was {sv.min():.1f} to "
          f"{sv.max():.1f} times NCMS financing per enrollee in the {len(sv)} provinces with both figures (median "
          f"{sv.median():.1f}), and urban disposable income was {gap.min():.1f} ({gap.idxmin()}) to {gap.max():.1f} "
          f"({gap.idxmax()}) times rural net income: spending {spending_above} everywhere, and urban income "
          f"{gap_above} rural income everywhere.",
          v.all_of(spending_above, gap_above), median_ratio=sv.median(), gap_min=gap.min(), gap_max=gap.max())

# %% [markdown]
# ## The minimum-standard burden index, 2016–2024
#
# The same national minimum contribution divided by each province's rural disposable income. A year whose
# national standard is derived from printed figures (notebook 02 lists them: the next year's printed standard
# less the increase the same statement prints) is drawn hollow in the regions' chart. Provinces set their own
# contribution at or above the minimum, so the index is a measure of income differences under one
# standard, not of what each province's residents were charged.

# %%
recent = panel[panel["year"].ge(BURDEN_FROM)]
wide = recent.pivot(index="name_en", columns="year", values="burden_min_contribution")
latest_with_both = int(wide.columns[wide.notna().all()].max())
(100 * wide).round(2).sort_values(MAP_YEAR, ascending=False)

# %%
fig, ax = run.figure("double", height_mm=175)  # tall enough for the square tiles to fill the width
figures.tile_map(panel[panel["year"].eq(MAP_YEAR)].assign(burden_pct=lambda d: 100 * d["burden_min_contribution"]),
                 "burden_pct", ax=ax, fmt="{:.2f}%", label=run.text("pct_of_rural_disposable_income"))
ax.set_title(run.text("burden_map_title", year=MAP_YEAR))
run.export(fig, "04_burden_tilemap",
           indicators=["rural_disposable_income", "min_individual_contribution"],
           tables=["rural_panel", "policy_standards"], years=[MAP_YEAR])
fig

# %%
m = panel[panel["year"].eq(MAP_YEAR)].set_index("name_en")
bm, inc = m["burden_min_contribution"], m["rural_income"]
more_than_three = v.more_than_times(bm.max() / bm.min(), 3, comparison=True)
run.claim("burden-index-range",
          f"In {MAP_YEAR} (the latest year with both figures) the index ranged from {pct(bm.min(), 2)} ({bm.idxmin()}) to "
          f"{pct(bm.max(), 2)} ({bm.idxmax()}): the highest was {bm.max() / bm.min():.1f} times the lowest, "
          f"{more_than_three}. With one national minimum for all, that ratio is the ratio of the two provinces' rural "
          f"incomes ({num(inc[bm.idxmin()])} and {num(inc[bm.idxmax()])} yuan) by construction.",
          more_than_three, highest=bm.idxmax(), lowest=bm.idxmin())

# %% [markdown]
# ## The four NBS regions
#
# Mean index by region, weighted by resident rural population, so that each rural resident (not each
# province) counts once.

# %%
reg = stats.region_means(recent, "burden_min_contribution", weight="rural_population")
derived_years = derived_standards(datasets.policy_standards()).query("indicator == 'min_individual_contribution'")["year"]
fig, ax = run.figure("single")
is_derived = reg["year"].isin(derived_years)
figures.time_series(reg.assign(burden_min_contribution=reg["burden_min_contribution"].mask(is_derived)), "year",
                    "burden_min_contribution", hue="region4", ax=ax)
line_colour = {line.get_label(): line.get_color() for line in ax.get_lines()}
for i, (region, g) in enumerate(reg[is_derived].groupby("region4")):
    ax.scatter(g["year"], g["burden_min_contribution"], zorder=3, s=14, color="white",
               edgecolors=line_colour[run.category(region)],
               label=run.text("derived_from_printed") if i == 0 else None)
figures.percent_axis(ax, decimals=1)
ax.set_ylabel(run.text("population_weighted_index"))
ax.legend(ncols=2)
run.export(fig, "04_burden_regions",
           indicators=["rural_disposable_income", "min_individual_contribution", "rural_population"],
           tables=["rural_panel"], years=range(BURDEN_FROM, MAP_YEAR + 1))
fig

# %%
by_year = reg.pivot(index="year", columns="region4", values="burden_min_contribution").dropna()
last = by_year.loc[MAP_YEAR].sort_values(ascending=False)
order = v.all_of(*(v.above(r["West"], r.drop("West").max(), f"the next region in {y}") for y, r in by_year.iterrows()),
                 *(v.below(r["East"], r.drop("East").min(), f"the next region in {y}") for y, r in by_year.iterrows()))
no_standard = [str(y) for y in range(BURDEN_FROM, MAP_YEAR + 1) if y not in by_year.index]
derived_shown = [str(y) for y in by_year.index if y in set(derived_years)]
run.claim("west-highest-east-lowest",
          f"The weighted index was highest in the West and lowest in the East in each of the {len(by_year)} years "
          f"{int(by_year.index[0])}–{int(by_year.index[-1])} with a national standard "
          f"({', '.join(map(str, by_year.index))}"
          + (f"; {' and '.join(no_standard)} without one" if no_standard else "")
          + (f"; the standard of {' and '.join(derived_shown)} derived from printed figures" if derived_shown else "")
          + f"); in {MAP_YEAR}: "
          + "; ".join(f"{r} {pct(v, 2)}" for r, v in last.items())
          + ". Each year one national minimum divides every province's income, so the minimum cancels from the order: "
          "by construction it is the order of the regions' rural-population-weighted mean of 1 ÷ income, a fact about "
          "incomes that holds for any standard, printed or derived.",
          order, years=len(by_year))

# %% [markdown]
# ## Caveats
#
# * Provinces set contributions at or above the national minimum, and medical assistance pays it for
#   many of the poorest; the material holds only a few provincial standards (press figures, read in
#   notebook 10), too few to replace the national minimum here.
# * Provincial NCMS figures exist for 2008 and 2011 only; 2011 has no provincial income.
# * 2008 income is *net* income, 2016–2024 *disposable*: the two periods are not on one scale.
# * Weighted means use the resident rural population (NBS database, current vintage).

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"slope_per_1000_yuan": 1000 * assoc.ols_hc3.estimate,
     "slope_ci_low": 1000 * assoc.ols_hc3.ci_low, "slope_ci_high": 1000 * assoc.ols_hc3.ci_high,
     "r2": assoc.ols_hc3.r2, "n": assoc.ols_hc3.n, "spearman": assoc.spearman.estimate,
     "slope_without_drivers_per_1000_yuan": 1000 * assoc.drop_until_not_significant.estimate,
     "provinces_below_standard_2008": int(below.sum()),
     "enrolment_growth_slope_per_1000_yuan": 1000 * e.ols_hc3.estimate,
     "health_spending_vs_financing_median": sv.median(), "urban_rural_ratio_max": gap.max(),
     "financing_change_slope_per_1000_yuan": 1000 * f.ols_hc3.estimate,
     "financing_2011_min": f2.min(), "financing_2011_max": f2.max(),
     "burden_map_year_min": bm.min(), "burden_map_year_max": bm.max(),
     **{f"burden_region_{r}": v for r, v in last.items()}})
