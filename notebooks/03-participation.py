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
# # 3. Participation: the rise to near-universality and the fall since 2019
#
# **Question.** How did enrolment in rural medical insurance rise, and how far has enrolment in the
# residents' scheme fallen since 2019 — and can the totals tell voluntary drop-out from other causes?
#
# **Answer.** The NCMS participation rate rose from about three quarters of the farm population of the
# counties running it in 2004 to almost all of it (above nine tenths) by 2013–2014. [claim:ncms-rate-rose]
# Members of the residents' scheme peaked at the end of 2018, when the last NCMS members were counted in
# it, and fell by the end of 2024 (a figure derived as all members minus employees' members) by more than
# employee insurance grew over the same years; the fall includes the duplicate records NHSA removed in
# 2022–2023, so part of it is records counted twice, not members lost. [claim:residents-fell-employees-grew]
# Over the two years in which NHSA removed duplicate records, the official components of the fall
# (duplicates removed and moves to employee insurance) are larger than the net fall itself, so the
# national totals cannot identify how many people stopped paying. [claim:components-exceed-net-fall]

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.data.harmonise import RESIDENTS_SCHEME_MERGER_YEAR
from analysis.data.harmonise import DERIVED_TIER
from analysis.notebooks.helpers import num, pct, say, setup

# %% tags=["parameters"]
MERGER_END_YEAR = 2018  # last year-end with NCMS members listed separately by NHSA
FIRST_RESIDENTS_YEAR = 2007  # first year of the urban residents' scheme
MEMBERS_ROUNDING = 5e3  # members are printed in 万 (10,000) to 0.1 at best: differences within 5,000 are rounding
RATE_ROUNDING = 0.05  # participation rates are printed to 0.1 percentage point
SAME_TOTAL = 0.001  # two publications' totals "the same" within 0.1% (different vintages and rounding)
WINDOW = (2021, 2023)  # year-ends bounding the two years of duplicate removal (2022–2023)
LATEST_YEAR = 2024  # latest year-end with a residents' figure (derived: all members − employees)
MILLIONS = 1e6  # display unit
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("03-participation", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
long = datasets.province_year_long()
national = datasets.national_series()
cols = ["year", "ncms_enrollees", "ncms_participation_rate", "resident_bmi_participants", "uebmi_participants",
        "bmi_participants"]
enrol = national[cols].dropna(how="all", subset=cols[1:]).set_index("year")
enrol.assign(**{c: enrol[c] / MILLIONS for c in cols[1:] if c != "ncms_participation_rate"}).round(1)

# %% [markdown]
# Millions of persons (participation rate in %). NCMS figures come from the NBS database series and the
# yearbook tables (which years from which is computed under Caveats); 2018 is the NCMS remainder listed
# separately by NHSA. The NCMS **participation rate** is enrollees over
# the agricultural population of the counties already running NCMS, so it rose partly because the scheme
# reached more counties; it is not a share of all rural residents. Residents' members are the urban
# residents' scheme to 2015 and the merged urban and rural scheme from 2016; the NBS series counts the
# NCMS members as they were merged in (2016–2018), so its step up is a merger, not new enrolment. 2024 is
# derived: all members minus employees' members (tier `derived` in the long table; hollow in panel c).

# %%
charted = {ind: stats.preferred_sources(long, ind) for ind in ("ncms_enrollees", "resident_bmi_participants")}
derived_years = charted["resident_bmi_participants"].query("tier == @DERIVED_TIER")["year"].tolist()
s = national.set_index("year")
res, emp, ncms = s["resident_bmi_participants"], s["uebmi_participants"], s["ncms_enrollees"]
trend = (national[["year"]].assign(**{"residents' scheme": res.reindex(national["year"]).to_numpy(),
                                      "employees' scheme": emp.reindex(national["year"]).to_numpy()})
         .melt(id_vars="year", var_name="scheme", value_name="members").dropna())
trend = trend[trend["year"].ge(FIRST_RESIDENTS_YEAR)].assign(million=lambda d: d["members"] / MILLIONS)

fig, (ax1, ax2, ax3) = run.figure("double", ncols=3)
ncms_m = national.assign(million=national["ncms_enrollees"] / MILLIONS)
figures.time_series(ncms_m[ncms_m["year"].le(2014)], "year", "million", ax=ax1,
                    label=run.indicator_name("ncms_enrollees"), color=figures.COLOURS["ncms"])
ax1.set_ylim(0, None)
ax1.set_ylabel(run.text("million_persons"))
ax1.set_title(run.indicator_name("ncms_enrollees"))
figures.time_series(national[national["year"].le(2014)], "year", "ncms_participation_rate", ax=ax2,
                    label=run.indicator_name("ncms_participation_rate"), color=figures.COLOURS["ncms"])
ax2.set_ylim(0, 100)
ax2.set_ylabel(run.text("pct_farm_population_ncms_counties"))
ax2.set_title(run.indicator_name("ncms_participation_rate"))
# A derived point is drawn hollow, apart from its line (as notebook 07 marks its derived year-ends).
figures.time_series(trend.assign(derived=trend["scheme"].eq("residents' scheme") & trend["year"].isin(derived_years)),
                    "year", "million", hue="scheme", ax=ax3, derived="derived",
                    events={RESIDENTS_SCHEME_MERGER_YEAR: run.text("ncms_merged_in")})
ax3.set_ylim(0, None)
ax3.set_ylabel(run.text("million_persons_year_end"))
ax3.set_title(run.text("basic_medical_insurance"))
ax3.legend(loc="lower right", fontsize="small")
run.export(fig, "03_participation",
           indicators=["ncms_enrollees", "ncms_participation_rate", "resident_bmi_participants", "uebmi_participants",
                           "bmi_participants"],
           tables=["national_series"], geo="national")
fig

# %%
NHSA_2018 = "Xinhua (记者张泉) on NHSA 2018 statistics, via 澎湃新闻"  # the publication listing the two schemes apart
nhsa_2018 = stats.as_published(long, NHSA_2018, MERGER_END_YEAR, ["resident_bmi_participants", "ncms_enrollees"])
run.claim("nbs-2018-includes-ncms",
          f"At the end of {MERGER_END_YEAR} the NBS series counts {num(res[MERGER_END_YEAR] / MILLIONS, 1)} million "
          f"residents' members; NHSA listed {num(nhsa_2018['resident_bmi_participants'] / MILLIONS, 1)} million in the merged "
          f"scheme and {num(nhsa_2018['ncms_enrollees'] / MILLIONS, 1)} million still in NCMS, which add up to the same "
          f"total within 0.1% (they differ by {num(abs(nhsa_2018.sum() - res[MERGER_END_YEAR]) / 1e3, 1)} thousand): the "
          "NBS figure includes the NCMS remainder.",
          v.same_within(nhsa_2018.sum(), res[MERGER_END_YEAR], SAME_TOTAL * res[MERGER_END_YEAR]))

# %%
rate = s["ncms_participation_rate"].dropna()
rate = rate[rate.index <= 2014]
three_quarters = v.about_fraction(rate.iloc[0] / 100, "three quarters")
rose = v.rose(rate.iloc[0], rate.iloc[-1], RATE_ROUNDING)
near_all = v.above(rate.iloc[-1] / 100, 0.9, "nine tenths")
run.claim("ncms-rate-rose",
          f"The NCMS participation rate {rose} from {rate.iloc[0]:.1f}% ({int(rate.index[0])}, {three_quarters}) to "
          f"{rate.max():.1f}% ({int(rate.idxmax())}) and was {rate.iloc[-1]:.1f}% in {int(rate.index[-1])} ({near_all}).",
          v.all_of(three_quarters, rose, near_all), maximum=rate.max(), peak_year=int(rate.idxmax()))

# %%
peak = int(res.idxmax())
fall_total = res[peak] - res[LATEST_YEAR]
emp_gain = emp[LATEST_YEAR] - emp[peak]
res_fell = v.fell(res[peak], res[LATEST_YEAR], MEMBERS_ROUNDING)
emp_rose = v.rose(emp[peak], emp[LATEST_YEAR], MEMBERS_ROUNDING)
fall_exceeds = v.above(fall_total, emp_gain, "employee insurance's")
latest_derived = LATEST_YEAR in derived_years
removed = stats.stated_numbers(datasets.statement("residents_duplicates_removed"))[0] * MILLIONS
removal_inside = peak < WINDOW[0] and WINDOW[1] <= LATEST_YEAR  # the removal's years lie within peak→latest
run.claim("residents-fell-employees-grew",
          f"Residents' scheme members peaked at {num(res[peak] / MILLIONS, 1)} million at the end of {peak} (the last "
          f"year-end with NCMS members listed, {MERGER_END_YEAR}) and {res_fell} to {num(res[LATEST_YEAR] / MILLIONS, 1)} "
          f"million at the end of {LATEST_YEAR}"
          + " (" + ("derived: all basic medical insurance members minus employees' members; " if latest_derived else "")
          + f"{num(fall_total / MILLIONS, 1)} million fewer); employee insurance "
          f"{emp_rose} by {num(emp_gain / MILLIONS, 1)} million over the same years: the fall was {fall_exceeds} gain."
          + (f" A caveat: the fall includes the {num(removed / MILLIONS, 0)} million duplicate records NHSA stated it "
             f"removed in {WINDOW[0] + 1}–{WINDOW[1]} (statement residents_duplicates_removed), "
             f"{pct(removed / fall_total, 0)} of the fall, so part of it is records counted twice, not members lost "
             "(taken apart below)." if removal_inside else ""),
          v.all_of(res_fell, emp_rose, fall_exceeds), peak_year=peak)

# %% [markdown]
# ## The fall taken apart, in aligned windows
#
# NHSA's statements (kept as text, with source and raw row) give two components: duplicate records
# removed when the national insurance information platform went live (2022–2023, cumulative) and people
# moving from residents' to employee insurance (a range per year, 2020–2023). The window that matches the
# duplicate removal is end-2021 to end-2023.

# %%
ev = datasets.named_evidence("residents_duplicates_removed", "moves_to_employee_insurance")
ev[["topic", "data_year", "source_type", "value"]]

# %%
duplicates = stats.stated_numbers(datasets.statement("residents_duplicates_removed"))[0] * MILLIONS
move_lo, move_hi = (v * MILLIONS for v in stats.stated_numbers(datasets.statement("moves_to_employee_insurance"))[:2])
start, end = WINDOW
years = end - start
net_fall = res[start] - res[end]
parts = stats.decompose_change(net_fall, {
    f"duplicate records removed, {start + 1}–{end} (stated)": (duplicates, duplicates),
    f"moves to employee insurance, {years} years × {move_lo / MILLIONS:.0f}–{move_hi / MILLIONS:.0f} million (stated)":
        (years * move_lo, years * move_hi)})
parts.assign(low=parts["low"] / MILLIONS, high=parts["high"] / MILLIONS).round(1)

# %%
stated_lo, stated_hi = duplicates + years * move_lo, duplicates + years * move_hi
run.claim("components-exceed-net-fall",
          f"From the end of {start} to the end of {end} residents' members fell by {num(net_fall / MILLIONS, 1)} million, "
          f"while the stated components add up to {num(stated_lo / MILLIONS, 0)}–{num(stated_hi / MILLIONS, 0)} million: "
          f"they exceed the net fall by {num((stated_lo - net_fall) / MILLIONS, 0)}–{num((stated_hi - net_fall) / MILLIONS, 0)} "
          "million, which unstated inflows (new members, births) or overlap between the components must account "
          "for. Voluntary drop-out, if any, is a further unstated outflow, and the totals cannot separate it.",
          v.above(stated_lo, net_fall, "the net fall"),
          net_fall=net_fall, stated_low=stated_lo, stated_high=stated_hi)

# %% [markdown]
# ## Caveats
#
# * National totals mix removals of duplicate records, moves between schemes, births, deaths and
#   migration with voluntary drop-out; no table in the material separates them, and the official
#   components are statements, not a decomposition.
# * NCMS counts registered rural residents in NCMS counties, so its rate and the resident population are
#   different denominators.
# * Where several publications print a year, the chart uses the one the preferred-source rule picks
#   (`analysis.data.harmonise.choose_preferred`: official table, then the NBS database, then compiled
#   statements, then the press; within a tier the later publication) and the long table keeps all. Which
#   source that is, year by year:

# %%
kinds = {datasets.OFFICIAL_TABLE_TIER: "yearbook table", datasets.DATABASE_COPY_TIER: "NBS database series",
         datasets.COMPILED_TIER: "NHSA and NBS statements as compiled", DERIVED_TIER: "derived"}
ncms_src = charted["ncms_enrollees"].query("year <= 2014")
res_src = charted["resident_bmi_participants"]
res_src = res_src[res_src["year"].ge(FIRST_RESIDENTS_YEAR)]


def sources(src):
    """Years by file, each file named with its kind."""
    return "; ".join(f"{stats.year_ranges(g['year'])} from {f} ({kinds[tier]})"
                     for (f, tier), g in src.groupby(["file", "tier"], sort=False) if tier != DERIVED_TIER)


bulletin_years = res_src[res_src["tier"].eq(datasets.DATABASE_COPY_TIER) & res_src["other_files"].ne("")]
latest = bulletin_years.iloc[-1] if len(bulletin_years) else None
say(f"NCMS members in panel (a): {sources(ncms_src)}. Residents' members in panel (c): {sources(res_src)}"
    + (f"; derived: {stats.year_ranges(derived_years)}" if derived_years else "") + "."
    + (f" Where NHSA's statements print a different figure for a year the NBS database series also has "
       f"({stats.year_ranges(bulletin_years['year'])}), the rule picks the NBS database: for {int(latest['year'])} the "
       f"chart shows {num(latest['value'] / 1e4, 0)}万, not {' or '.join(num(x / 1e4, 0) + '万' for x in latest['others'])} "
       f"({latest['other_files']})." if latest is not None else ""))

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"ncms_rate_first": rate.iloc[0], "ncms_rate_last": rate.iloc[-1],
     "residents_peak": res[peak], "residents_latest": res[LATEST_YEAR], "residents_fall": fall_total,
     "employees_change": emp_gain, "window_net_fall": net_fall, "stated_components_low": stated_lo,
     "stated_components_high": stated_hi})
