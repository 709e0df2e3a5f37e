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
# # 1. Data coverage: what exists for which province and year?
#
# **Question.** For which provinces and years do the official tables give participation, premiums and
# rural income — and where are the series secondary copies, inferred names or broken by a change of
# definition?
#
# **Answer.** Provincial NCMS figures exist for only two data years, 2008 and 2011. [claim:ncms-two-years]
# Only 2008 has both provincial NCMS figures and provincial rural income, so provincial change in NCMS
# can be set against income only through the 2008 level (as notebook 04's two waves do); year-by-year
# change can be followed only nationally. [claim:one-year-with-ncms-and-income]
# Provincial series are complete for all provinces every year only for rural income and population from
# 2016, when NCMS was being merged into the residents' scheme, whose provincial totals are not in the
# numeric tables for those years (the context files print a few scattered ones). [claim:dense-from-2016]

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.data.regions import N_PROVINCES
from analysis.data.harmonise import DERIVED_ROW
from analysis.notebooks.helpers import num, say, setup

# %% tags=["parameters"]
FIRST_YEAR = 2003  # first data year shown (NCMS started in 2003)
LAST_YEAR = 2025  # last data year shown
DENSE_FROM = 2016  # first year of the provincial income and population panel
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("01-data-coverage", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
long = datasets.province_year_long()
grid = stats.coverage(long, "province", years=range(FIRST_YEAR, LAST_YEAR + 1))
grid

# %% [markdown]
# Each cell counts the provinces (of 31) with a value for that indicator and data year, from any
# source. The figure shows the same grid.

# %%
fig, ax = run.figure("double", height_mm=figures.rows_height_mm(len(grid)))
figures.coverage_heatmap(grid, ax=ax)
ax.set_title(run.text("coverage_title", n=N_PROVINCES))
run.export(fig, "01_coverage_heatmap", indicators=list(grid.index),
           tables=["province_year_long"], geo="province")
fig

# %%
years_with = {ind: [int(y) for y in grid.columns[grid.loc[ind] > 0]] for ind in grid.index}
ncms_years = years_with["ncms_enrollees"]
two_years = v.same_within(len(ncms_years), 2, rounding=0)
run.claim("ncms-two-years", f"Provincial NCMS enrolment exists for {len(ncms_years)} data years: "
          f"{', '.join(map(str, ncms_years))}.", two_years, first_year=ncms_years[0], last_year=ncms_years[-1])

# %%
income_years = sorted(set(years_with["rural_net_income"]) | set(years_with["rural_disposable_income"]))
both = sorted(set(ncms_years) & set(income_years))
run.claim("one-year-with-ncms-and-income",
          f"Provincial rural income exists for {', '.join(map(str, income_years))} (net income up to 2013, disposable "
          f"after); years with both provincial NCMS figures and provincial income: {', '.join(map(str, both))}.",
          v.same_within(len(both), 1, rounding=0), year_with_both=both[0] if both else None)

# %%
dense = {ind: [y for y in years_with[ind] if grid.at[ind, y] == N_PROVINCES] for ind in grid.index}
dense_from = {ind: min(ys) for ind, ys in dense.items() if ys and min(ys) >= DENSE_FROM
              and ys == list(range(min(ys), max(ys) + 1)) and len(ys) >= 5}
residents_after = [y for y in years_with.get("resident_bmi_participants", []) if y >= DENSE_FROM]
residents_context = datasets.raw_mentions(r"城[乡鄉]居民.{0,12}(医|醫)")
residents_context = residents_context[residents_context["file"].str.startswith(datasets.PROVINCIAL_CONTEXT_FILES)]
non_income = set(dense_from) - {"rural_disposable_income", "rural_population", "total_population", "urban_population"}
dense_words = v.all_of(v.same_within(len(non_income), 0, rounding=0), v.same_within(len(residents_after), 0, rounding=0))
run.claim("dense-from-2016",
          f"Indicators with a value for all {N_PROVINCES} provinces in every year from {DENSE_FROM}: "
          f"{', '.join(sorted(dense_from))}; provincial residents' insurance members from {DENSE_FROM} in the numeric "
          f"tables: {len(residents_after)} years. The provincial context files mention the residents' medical scheme "
          f"on {len(residents_context)} lines ({residents_context['file'].nunique()} file(s)): scattered province-years, "
          "not a series.",
          dense_words, dense=len(dense_from), context_lines=len(residents_context))

# %% [markdown]
# ## Where the values come from
#
# Official tables are printed yearbook tables; secondary copies are NBS database exports read through
# third-party repositories; compiled and press values come from communiqués, bulletins and news
# reports; derived values are computed from printed ones (a level from a printed level and change; a policy
# year's standard from the next year's printed standard and the increase the same statement prints; a
# difference or ratio of printed figures).
# Inferred region names are rows whose province was assigned by the standard NBS row order because the
# printed Chinese names were lost in extraction.

# %%
profile = stats.source_profile(long)
profile

# %%
# An indicator's derived values (e.g. a standard derived from printed figures) in a row of their own
national = stats.coverage(long, "national", years=range(FIRST_YEAR, LAST_YEAR + 1), derived_apart=True)
half = -(-len(national) // 2)  # two panels side by side keep the figure within a journal page
fig, axes = run.figure("double", ncols=2, height_mm=figures.rows_height_mm(half))
for ax, part in zip(axes, (national.iloc[:half], national.iloc[half:])):
    figures.coverage_heatmap(part, ax=ax, label=run.text("has_value"), annotate=False, colorbar=False)
    ax.yaxis.label.set_visible(False)  # the indicator names label themselves
    for i, tick in enumerate(ax.get_xticklabels()):  # narrow panels: label every fifth year
        tick.set_visible(int(tick.get_text()) % 5 == 0 if tick.get_text().isdigit() else True)
fig.suptitle(run.text("national_coverage_title"))
run.export(fig, "01_national_coverage", indicators=list(dict.fromkeys(national.index.str.removesuffix(DERIVED_ROW))),
           tables=["province_year_long"], geo="national")
fig

# %% [markdown]
# ## Series breaks and caveats
#
# * **Income.** Rural *net* income (old household survey) ends with the 2013 bridge year; *disposable*
#   income (integrated survey) starts in 2013. The two are different concepts: a jump between them is a
#   break, not growth. The long table marks the first disposable year of each geography.
# * **Scheme.** NCMS merged into the urban and rural residents' scheme from 2016 (earlier in some
#   provinces, as late as 2019 in others); residents' totals after 2016 include urban residents and are
#   not comparable with NCMS.
# * **Sub-populations.** The 2006 census shares refer to sub-populations of agricultural households,
#   not the enrolment rate.
# * **Secondary copies.** NBS database values are current vintages (revised after the 2020 census);
#   yearbook values are as first published.

# %%
breaks = long[long["series_break"].ne("")][["geo_code", "year", "indicator", "series_break"]]
say_text = (f"The income-concept break is marked for {breaks['geo_code'].nunique()} geographies; "
            f"{num(profile['inferred_region_names'].sum())} values carry a province inferred from row order, and "
            f"{num(profile['secondary_copies'].sum())} come from secondary copies of the NBS database.")
say(say_text)  # a count of what the tables carry, not a finding: nothing a claim could check

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"provincial_ncms_years": len(ncms_years),
     "values_with_inferred_region": int(profile["inferred_region_names"].sum()),
     "values_from_secondary_copies": int(profile["secondary_copies"].sum()),
     "geographies_with_income_break": int(breaks["geo_code"].nunique()), "dense_indicators": len(dense_from)})
