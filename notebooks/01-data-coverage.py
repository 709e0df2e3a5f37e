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
# **Answer.** Provincial NCMS figures exist for only two years (2008 and 2011) and provincial rural
# income for a handful of years on two different definitions, so most questions about *change over
# time* can only be answered nationally. Provincial panels are dense only for income and population
# from 2016, when NCMS had already merged into the residents' scheme, whose provincial totals are not
# in the material.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, say, setup

setup("01-data-coverage")

# %% tags=["parameters"]
FIRST_YEAR = 2003  # first data year shown (NCMS started in 2003)
LAST_YEAR = 2025  # last data year shown

# %%
long = datasets.province_year_long()
grid = stats.coverage(long, "province", years=range(FIRST_YEAR, LAST_YEAR + 1))
grid

# %% [markdown]
# Each cell counts the provinces (of 31) with a value for that indicator and data year, from any
# source. The figure shows the same grid.

# %%
fig, ax = figures.figure("double", height_mm=120)
figures.coverage_heatmap(grid, ax=ax)
ax.set_title("Provinces with a value (of 31), by indicator and data year; white = none")
figures.export(fig, "01_coverage_heatmap", notebook="01-data-coverage.ipynb", indicators=list(grid.index), tables=["province_year_long"], geo="province")
fig

# %%
ncms_years = [int(y) for y in grid.columns[grid.loc["ncms_enrollees"] > 0]]
income_net = [int(y) for y in grid.columns[grid.loc["rural_net_income"] > 0]]
income_disp = [int(y) for y in grid.columns[grid.loc["rural_disposable_income"] > 0]]
both = sorted(set(ncms_years) & set(income_disp))
say(f"Provincial NCMS enrolment exists for {len(ncms_years)} data years ({', '.join(map(str, ncms_years))}); "
    f"provincial rural *net* income for {', '.join(map(str, income_net))} and *disposable* income for "
    f"{income_disp[0]}–{income_disp[-1]}. Years with both provincial NCMS enrolment and provincial "
    f"disposable income: {', '.join(map(str, both)) or 'none'}.")

# %% [markdown]
# ## Where the values come from
#
# Official tables are printed yearbook tables; secondary copies are NBS database exports read through
# third-party repositories; compiled and press values come from communiqués, bulletins and news
# reports. Inferred region names are rows whose province was assigned by the standard NBS row order
# because the printed Chinese names were lost in extraction.

# %%
profile = stats.source_profile(long)
profile

# %%
national = stats.coverage(long, "national", years=range(FIRST_YEAR, LAST_YEAR + 1))
fig, ax = figures.figure("double", height_mm=110)
figures.coverage_heatmap(national, ax=ax, label="has value", annotate=False, colorbar=False)
ax.set_title("National figures available (coloured), by indicator and data year")
figures.export(fig, "01_national_coverage", notebook="01-data-coverage.ipynb", indicators=list(national.index), tables=["province_year_long"], geo="national")
fig

# %% [markdown]
# ## Series breaks and caveats
#
# * **Income.** Rural *net* income (old household survey) ends with the 2013 bridge year; *disposable*
#   income (integrated survey) starts in 2013. The two are different concepts: a jump between them is a
#   break, not growth. The long table marks the first disposable year of each geography.
# * **Scheme.** NCMS merged into the urban and rural residents' scheme from 2016 (earlier in some
#   provinces); residents' totals after 2016 include urban residents and are not comparable with NCMS.
# * **Sub-populations.** The 2006 census shares refer to sub-populations of agricultural households,
#   not the enrolment rate.
# * **Secondary copies.** NBS database values are current vintages (revised after the 2020 census);
#   yearbook values are as first published.

# %%
breaks = long[long["series_break"].ne("")][["geo_code", "year", "indicator", "series_break"]]
say(f"The income-concept break is marked for {breaks['geo_code'].nunique()} geographies; "
    f"{num(profile['inferred_region_names'].sum())} values carry a province inferred from row order, "
    f"and {num(profile['secondary_copies'].sum())} come from secondary copies of the NBS database.")

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("01-data-coverage", {"provincial_ncms_years": len(ncms_years), "values_with_inferred_region": int(profile["inferred_region_names"].sum()),
     "values_from_secondary_copies": int(profile["secondary_copies"].sum()),
     "geographies_with_income_break": int(breaks["geo_code"].nunique())})
