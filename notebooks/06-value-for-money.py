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
# # 6. What the financing bought: payouts, reimbursements and early coverage
#
# **Question.** How much of what NCMS raised did it pay out and how did its financing compare with the
# national standard, did provinces that raised more per enrollee reimburse more often — and how widely
# were farm households covered by NCMS and by rural pensions when the schemes were young?
#
# **Answer.** Nationally, taking both figures of each year from one source, NCMS paid out more than three
# quarters of the funds it raised in every year from 2007 to 2014 on every source; of its pilot years, it
# paid out less than three quarters in 2004 and 2006 (in 2006 on every source, only just less on the
# highest) but more in 2005.
# [claim:payout-above-three-quarters-from-2007]
# Its financing per enrollee was above the national minimum that bought each year's cover in every year
# from 2008 to 2014 with both components published, by less than a fifth, and also with the other printed
# contributions of 2012 and 2013 (they change the minimum of cover years 2013 and 2014).
# [claim:financing-near-standard]
# Across provinces in 2008 and 2011, provinces that raised more per enrollee counted more reimbursements
# per enrollee in rank order and in the log-log fit, but the levels fit is not robust (it rests on
# Shanghai), so the size of the association is imprecise; and reimbursement person-times count
# outpatient visits differently across provinces. [claim:reimbursements-no-robust-association]
# In the 2006 agricultural census NCMS reached a majority of crop-farming household members in most
# provinces, while rural pension insurance reached fewer than 5% of them in most provinces.
# [claim:census-ncms-majority-pension-marginal]

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.data.harmonise import RESIDENTS_SCHEME_MERGER_YEAR
from analysis.notebooks.helpers import implied_note, num, pct, setup
from analysis.data.derive import COVER_LAG_YEARS

# %% tags=["parameters"]
YEARS = (2008, 2011)  # the two years with provincial NCMS tables
CENSUS_GROUP = "crop-farming households"  # census sub-population shown (see the census tables' notes)
CENSUS_YEAR = 2006  # the second national agricultural census
SCALED_UP_FROM = 2007  # first year after the pilot phase (2003–2006) in which NCMS was extended nationwide
CONFLICT_YEAR = 2013  # a year with two printed contributions (standards table and its note; datasets.contribution_conflict)
IMPLIED_YEAR = 2012  # a year whose printed total and subsidy imply another contribution (datasets.implied_contribution)
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("06-value-for-money", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %% [markdown]
# ## Nationally: payout against funds raised
#
# NCMS fund expenditure (payout) divided by funds raised in the same year, for the years before the merger
# into the residents' scheme. **One source per ratio** (the rule of `stats.payout_by_source`, used in 05 and
# here alike): both figures come from the same file; where a file prints the expenditure but not the
# funds raised (CSY 2012 table 21-20, the NBS database for early years), its funds are its own financing
# per enrollee × its enrollees (a derived value, marked in `funds_basis`). A year with several sources is
# reported as the range they allow: in 2006 the Ministry of Finance's press figures (expenditure and funds)
# and the yearbook's implied funds disagree, and neither is preferred.

# %%
national = datasets.national_series().set_index("year")
by_source = stats.payout_by_source(datasets.province_year_long())
by_source = by_source[by_source["year"] < RESIDENTS_SCHEME_MERGER_YEAR]  # NCMS as a scheme of its own
payout_years = stats.payout_range(by_source)
by_source.round(3)

# %%
payout_years.round(3)

# %%
scaled = payout_years.loc[SCALED_UP_FROM:]
pilot = payout_years.loc[:SCALED_UP_FROM - 1]
above_three_quarters = v.above(scaled["low"].min(), 0.75, "three quarters")


def pilot_year(r):
    """A pilot year's payout ratio against three quarters, on every source: below it (the highest source's ratio
    below), above it (the lowest source's above), or, where the sources straddle it, a finding that fails."""
    if r.high < 0.75:
        return v.below(r.high, 0.75, "three quarters")
    return v.above(r.low, 0.75, "three quarters")


pilot_findings = {y: pilot_year(r) for y, r in pilot.iterrows()}
run.claim("payout-above-three-quarters-from-2007",
          f"From {SCALED_UP_FROM} to {scaled.index.max()} NCMS paid out {above_three_quarters} of the funds it raised in "
          f"every year on every source (lowest {pct(scaled['low'].min(), 0)} in {scaled['low'].idxmin()}, highest "
          f"{pct(scaled['high'].max(), 0)} in {scaled['high'].idxmax()}). In the pilot years it was "
          + "; ".join(f"{pct(r.low, 0)}" + (f"–{pct(r.high, 0)} ({int(r.sources)} sources)" if r.high - r.low > 0.005 else "")
                       + f" in {y}, {pilot_findings[y]}" for y, r in pilot.iterrows())
          + ".",
          v.all_of(above_three_quarters, *pilot_findings.values()), lowest_from_2007=scaled["low"].min(),
          pilot_low=pilot["low"].min(), pilot_high=pilot["high"].max())

# %% [markdown]
# ## Financing per enrollee against the minimum standard, and what people paid at the point of care
#
# Actual NCMS financing per enrollee (NBS database; CSY 2012 table 21-20 where it prints the year) against
# the national minimum that bought the year's cover, with the timing rule of notebook 05
# (`stats.minimum_for_cover_year`): the individual contribution of the year before (collected in the
# autumn before) plus the government subsidy of the year itself; a year missing either is a gap. Beside it, the financial-protection context: the out-of-pocket share of
# total health expenditure (national health accounts, NBS database), 2000–2021, and health expenditure per
# rural resident, which the material has to 2014.

# %%
policy_table = datasets.policy_standards()
policy = policy_table.set_index("year")
cover_minimum = national.index.to_series().map(lambda y: stats.minimum_for_cover_year(policy_table, y)[0]).rename(
    "minimum_for_cover_year")
protection = national.loc[2000:2021].assign(
    financing_vs_standard=national["ncms_financing_per_enrollee"] / cover_minimum,
    out_of_pocket_share=national["health_expenditure_out_of_pocket"] / national["health_expenditure_total"])
protection[["ncms_financing_per_enrollee", "financing_vs_standard", "out_of_pocket_share",
            "rural_health_expenditure_per_capita"]].dropna(how="all")

# %%
fin = national.loc[:2014, ["ncms_financing_per_enrollee"]].join(cover_minimum).dropna()
# The two disputed contributions (notebooks 02, 05, 09, 10): the one a printed total and subsidy imply, and the
# other printed figure of the conflict year; each changes the minimum of the cover year after it.
implied, conflict = datasets.implied_contribution(IMPLIED_YEAR), datasets.contribution_conflict(CONFLICT_YEAR)
alt_contribution = {IMPLIED_YEAR: (implied["used"], implied["implied"]),
                    CONFLICT_YEAR: (conflict["used"], conflict["other"])}
fin_alt = fin["minimum_for_cover_year"].copy()
for y, (used, other) in alt_contribution.items():
    if y + COVER_LAG_YEARS in fin_alt.index:
        fin_alt[y + COVER_LAG_YEARS] += other - used
fig, (ax1, ax2) = run.figure("double", ncols=2)
lines = fin.reset_index(names="year").rename(columns={
    "ncms_financing_per_enrollee": run.text("actual_financing_per_enrollee"),
    "minimum_for_cover_year": run.text("minimum_standard_total")})
figures.time_series(lines.melt(id_vars="year", var_name="series", value_name="yuan"), "year", "yuan", hue="series",
                    ax=ax1)
alt_points = fin_alt[fin_alt != fin["minimum_for_cover_year"]]
ax1.scatter(alt_points.index, alt_points.values, zorder=3, s=14, color="white", edgecolors="#555555", linewidths=0.8,
            label=run.text("minimum_other_contribution", years=" & ".join(map(str, alt_contribution))))
ax1.set_ylim(0, None)
ax1.set_ylabel(run.text("nominal_yuan_per_enrollee"))
ax1.set_title(run.text("ncms_financing"))
ax1.legend(loc="upper left", fontsize="small")
oop = protection["out_of_pocket_share"].dropna().rename("share").rename_axis("year").reset_index()
figures.time_series(oop, "year", "share", ax=ax2, label=run.text("out_of_pocket_share"))
figures.percent_axis(ax2)
ax2.set_ylabel(run.text("out_of_pocket_over_total"))
ax2.set_title(run.text("out_of_pocket_title"))
run.export(fig, "06_financing_and_protection",
           indicators=["ncms_financing_per_enrollee", "min_individual_contribution", "min_fiscal_subsidy",
                           "health_expenditure_out_of_pocket", "health_expenditure_total"],
           tables=["national_series", "policy_standards"], years=range(2000, 2022), geo="national")
fig

# %%
ratio = fin["ncms_financing_per_enrollee"] / fin["minimum_for_cover_year"]
close = v.all_of(v.above(ratio.min(), 1, "the minimum"), v.below(ratio.max(), 1.2, "a fifth above it"))
ratio_alt = fin["ncms_financing_per_enrollee"] / fin_alt
close_alt = v.all_of(v.above(ratio_alt.min(), 1, "the minimum"), v.below(ratio_alt.max(), 1.2, "a fifth above it"))
alt_years = [y for y in alt_contribution if y + COVER_LAG_YEARS in ratio.index]
run.claim("financing-near-standard",
          f"In the {len(ratio)} years with both components of the minimum ({', '.join(map(str, ratio.index))}), actual "
          f"NCMS financing per enrollee was {pct(ratio.min() - 1, 0)} to {pct(ratio.max() - 1, 0)} above the minimum that "
          f"bought the year's cover ({close}). {implied_note(implied, IMPLIED_YEAR)} for {IMPLIED_YEAR}, and with the "
          f"other printed {CONFLICT_YEAR} contribution, {num(conflict['other'])} yuan (its note, {conflict['file']} line "
          f"{conflict['line']}), in place of {num(conflict['used'])}, the ratio is "
          + " and ".join(f"{ratio_alt[y + COVER_LAG_YEARS]:.2f} in cover year {y + COVER_LAG_YEARS}" for y in alt_years)
          + f" (hollow in the figure), and every year is still {close_alt}.",
          v.all_of(close, close_alt), min_ratio=ratio.min(), max_ratio=ratio.max(), min_ratio_alternative=ratio_alt.min(),
          max_ratio_alternative=ratio_alt.max())

# %%
share = protection["out_of_pocket_share"].dropna()
halving = v.below(share.iloc[-1] / share.iloc[0], 0.5, "half")
run.claim("out-of-pocket-share-halved",
          f"Nationally (urban and rural together: the material has no rural out-of-pocket share), the out-of-pocket "
          f"share of total health expenditure fell from {pct(share.iloc[0], 0)} in {int(share.index[0])} to "
          f"{pct(share.iloc[-1], 0)} in {int(share.index[-1])} ({pct(share.iloc[-1] / share.iloc[0], 0)} of its first level, "
          f"{halving}), and fell in "
          f"{int((share.diff() < 0).sum())} of the {len(share) - 1} years; health expenditure per rural resident rose "
          f"from {num(national.at[2003, 'rural_health_expenditure_per_capita'])} yuan (2003) to "
          f"{num(national.at[2014, 'rural_health_expenditure_per_capita'])} yuan (2014), nominal. Over the years of "
          "NCMS's expansion people paid a falling share at the point of care; these national totals cannot separate "
          "NCMS from anything else that changed over the same years.",
          halving, first=share.iloc[0], last=share.iloc[-1])

# %% [markdown]
# ## Across provinces: reimbursements per enrollee against financing per enrollee
#
# Financing per enrollee = funds raised ÷ enrollees; reimbursements per enrollee = reimbursement
# person-times ÷ enrollees. A count of reimbursements reflects how a province designed its benefits — many
# paid outpatient visits where outpatient care was pooled, few where it was left to household savings
# accounts — not the value of the care or of the payouts; the tables give no payout amounts by province.

# %%
panel = datasets.rural_panel()
ncms = panel[panel["year"].isin(YEARS)].rename(columns={
    "ncms_financing_per_enrollee_computed": "financing",
    "ncms_reimbursements_per_enrollee": "reimbursements_per_enrollee"})
assoc = {y: stats.association(ncms[ncms["year"].eq(y)], "reimbursements_per_enrollee", "financing") for y in YEARS}
assoc[YEARS[0]].table().assign(year=YEARS[0]).round(4)

# %%
assoc[YEARS[1]].table().assign(year=YEARS[1]).round(4)

# %%
fig, axes = run.figure("double", ncols=2)
for ax, year in zip(axes, YEARS):
    d = ncms[ncms["year"].eq(year)]
    # No fitted line: the association is not robust (below), the rule of notebook 04.
    figures.province_scatter(d, "financing", "reimbursements_per_enrollee", ax=ax, labels=4)
    ax.set_title(run.text("year_title", year=year))
    ax.set_xlabel(run.text("financing_per_enrollee_axis"))
    ax.set_ylabel(run.text("reimbursements_per_enrollee"))
run.export(fig, "06_reimbursements",
           indicators=["ncms_funds_raised", "ncms_enrollees", "ncms_beneficiary_visits"],
           tables=["rural_panel"], years=list(YEARS), geo="province")
fig

# %%
no_robust = {y: v.no_robust_association(**v.association_inputs(a)) for y, a in assoc.items()}
rank_positive = {y: v.below(a.spearman.p, v.ALPHA, "p = 0.05") for y, a in assoc.items()}
run.claim("reimbursements-no-robust-association",
          " ".join(f"In {y}, 100 yuan more financing per enrollee goes with {100 * a.ols_hc3.estimate:.2f} more "
                   f"reimbursements per enrollee in levels (HC3 95% interval {100 * a.ols_hc3.ci_low:.2f} to "
                   f"{100 * a.ols_hc3.ci_high:.2f}; R² {a.ols_hc3.r2:.2f}, {a.leave_one_out.r2:.2f} "
                   f"without {', '.join(a.leave_one_out.dropped)}); the log-log elasticity is "
                   f"{a.loglog_hc3.estimate:.2f} ({a.loglog_hc3.ci_low:.2f} to "
                   f"{a.loglog_hc3.ci_high:.2f}) and Spearman's rank correlation {a.spearman.estimate:.2f} "
                   f"(p {a.spearman.p:.3f}, {rank_positive[y]}): {no_robust[y]}."
                   for y, a in assoc.items())
          + " A monotone positive association of imprecise size, then; reimbursement person-times count outpatient "
          "visits differently across provinces, so it is not an association with the value of care.",
          v.all_of(*no_robust.values(), *rank_positive.values()),
          **{f"slope_{y}": a.ols_hc3.estimate for y, a in assoc.items()})

# %% [markdown]
# ## Coverage at the pilot stage: the 2006 agricultural census
#
# Shares of the registered population of crop-farming households taking part in NCMS and in rural
# social pension insurance, by province. Chinese names in this table were lost in extraction; the
# provinces are assigned by NBS row order (flagged in the data).

# %%
ncms_col, pension_col = (datasets.group_column(f"census_share_{k}", CENSUS_GROUP) for k in ("ncms", "rural_pension"))
census = panel[panel["year"].eq(CENSUS_YEAR)][["geo_code", "name_en", "region4", ncms_col, pension_col, "region_flag"]]
census.drop(columns="region_flag").sort_values(ncms_col, ascending=False)

# %%
fig, (ax1, ax2) = run.figure("double", ncols=2, height_mm=110)
figures.tile_map(census, ncms_col, ax=ax1, fmt="{:.0f}%", vmin=0, vmax=100,
                 label=run.text("pct_crop_farming_members"))
ax1.set_title(run.text("census_in_ncms", year=CENSUS_YEAR))
figures.tile_map(census, pension_col, ax=ax2, fmt="{:.1f}%", vmin=0, vmax=100,
                 label=run.text("pct_crop_farming_members"))
ax2.set_title(run.text("census_in_rural_pension", year=CENSUS_YEAR))
run.export(fig, "06_census_coverage",
           indicators=["census_share_ncms", "census_share_rural_pension"], tables=["rural_panel"],
           years=[CENSUS_YEAR], groups=[CENSUS_GROUP],
           parameters={run.text("province_names"): run.text("inferred_from_row_order")})
fig

# %%
c_ncms = census.set_index("name_en")[ncms_col]
c_pen = census.set_index("name_en")[pension_col]
n = int(c_ncms.notna().sum())
most_ncms = v.most((c_ncms > 50).sum(), n)
most_pension = v.most((c_pen < 5).sum(), c_pen.notna().sum())
run.claim("census-ncms-majority-pension-marginal",
          f"In {CENSUS_YEAR} the NCMS share among crop-farming household members was above half in "
          f"{int((c_ncms > 50).sum())} of {n} provinces ({most_ncms}; from {c_ncms.min():.1f}% in {c_ncms.idxmin()} to "
          f"{c_ncms.max():.1f}% in {c_ncms.idxmax()}); the rural pension share was below 5% in {int((c_pen < 5).sum())} "
          f"of {int(c_pen.notna().sum())} ({most_pension}; highest: {c_pen.max():.1f}% in {c_pen.idxmax()}).",
          v.all_of(most_ncms, most_pension),
          ncms_above_half=int((c_ncms > 50).sum()), pension_below_5=int((c_pen < 5).sum()))

# %% [markdown]
# ## Caveats
#
# * The out-of-pocket share is national (urban and rural): the material has no rural series.
# * Census shares are of sub-populations of agricultural households in the NCMS pilot phase, not
#   enrolment rates; other sub-populations (farm-service, mountain-township households) differ.
# * Two cross-sections of about 30 provinces cannot separate financing from everything that comes with
#   it (income, hospital supply, reimbursement rules).
# * Payout and funds raised are flows of the same year; reserves carried between years are not in the
#   tables.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({**{f"slope_{y}": a.ols_hc3.estimate for y, a in assoc.items()},
     **{f"r2_{y}": a.ols_hc3.r2 for y, a in assoc.items()},
     **{f"r2_without_most_influential_{y}": a.leave_one_out.r2 for y, a in assoc.items()},
     "payout_ratio_min": payout_years["low"].min(), "payout_ratio_max": payout_years["high"].max(),
     "payout_ratio_min_from_2007": scaled["low"].min(),
     "financing_vs_standard_min": ratio.min(), "financing_vs_standard_max": ratio.max(),
     "out_of_pocket_share_first": share.iloc[0], "out_of_pocket_share_last": share.iloc[-1],
     "census_ncms_above_half": int((c_ncms > 50).sum()), "census_ncms_min": c_ncms.min(), "census_ncms_max": c_ncms.max(),
     "census_pension_below_5": int((c_pen < 5).sum())})
