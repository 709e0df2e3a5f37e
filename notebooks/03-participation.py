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
# **Answer.** NCMS enrolment rose to nearly all of the registered rural population within a decade of
# its start, and residents' insurance has lost tens of millions of members since its 2019–2020 peak
# while employee insurance gained. The national totals cannot separate duplicate records removed,
# moves to employee insurance and people who stopped paying; the official account attributes most of
# the fall to the first two, and no official estimate of voluntary drop-out exists in the material.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("03-participation")

# %% tags=["parameters"]
PEAK_YEAR = 2020  # first year-end with a full NHSA bulletin figure for residents after the 2019 peak statements
LATEST_YEAR = 2023  # latest year-end with a printed residents' figure
MILLIONS = 1e6  # display unit

# %%
long = datasets.province_year_long()
national = datasets.national_series()
cols = ["year", "ncms_enrollees", "ncms_participation_rate", "resident_bmi_participants",
        "uebmi_participants", "bmi_participants"]
enrol = national[cols].dropna(how="all", subset=cols[1:])
(enrol.set_index("year")[cols[1:]] / [MILLIONS, 1, MILLIONS, MILLIONS, MILLIONS]).round(1)

# %% [markdown]
# Millions of persons (participation rate in %). NCMS figures from 2005 to 2011 are from the China
# Statistical Yearbook 2012 (table 21-20), 2004 and 2012–2014 from press reports of ministry statements
# and bulletins, 2018 the NCMS remnant listed separately by NHSA. Residents' figures before 2016 are the
# urban residents' scheme only (2009); from 2016 the merged urban and rural residents' scheme.

# %%
fig, (ax1, ax2) = figures.figure("double", ncols=2)
n = national.assign(ncms_m=national["ncms_enrollees"] / MILLIONS,
                    res_m=national["resident_bmi_participants"] / MILLIONS,
                    emp_m=national["uebmi_participants"] / MILLIONS)
figures.time_series(n[n["year"].le(2015)], "year", "ncms_m", ax=ax1, label="NCMS enrollees")
ax1.set_ylabel("million persons")
ax1b = ax1.twinx()
ax1b.plot(n["year"], n["ncms_participation_rate"], ls="--", marker="s", color=figures.OKABE_ITO[5],
          label="participation rate (%)")
ax1b.set_ylabel("participation rate, %")
ax1.set_title("NCMS, 2004–2014")
handles = ax1.get_legend_handles_labels()[0] + ax1b.get_legend_handles_labels()[0]
ax1.legend(handles=handles, loc="lower right")
figures.time_series(n[n["year"].ge(2016)], "year", "res_m", ax=ax2, label="residents' scheme")
figures.time_series(n[n["year"].ge(2016)], "year", "emp_m", ax=ax2, label="employees' scheme",
                    color=figures.OKABE_ITO[4])
ax2.set_ylabel("million persons")
ax2.set_title("Basic medical insurance, 2016–2024")
ax2.annotate("2016: urban residents only\n(NCMS still separate)", (2016, n.loc[n["year"].eq(2016), "res_m"].iloc[0]),
             xytext=(6, -18), textcoords="offset points", fontsize=6, color="#555555")
ax2.legend(loc="center right")
figures.export(fig, "03_participation", notebook="03-participation.ipynb", indicators=["ncms_enrollees", "ncms_participation_rate", "resident_bmi_participants",
                           "uebmi_participants"], tables=["national_series"], geo="national")
fig

# %%
s = national.set_index("year")
res, emp = s["resident_bmi_participants"], s["uebmi_participants"]
rate = s["ncms_participation_rate"].dropna()
say(f"The NCMS participation rate rose from {rate.iloc[0]:.1f}% ({int(rate.index[0])}) to {rate.max():.1f}% "
    f"({int(rate.idxmax())}). Residents' insurance fell from {num(res[PEAK_YEAR] / MILLIONS, 1)} million at the end of "
    f"{PEAK_YEAR} to {num(res[LATEST_YEAR] / MILLIONS, 1)} million at the end of {LATEST_YEAR} "
    f"({num((res[LATEST_YEAR] - res[PEAK_YEAR]) / MILLIONS, 1)} million), while employee insurance grew by "
    f"{num((emp[LATEST_YEAR] - emp[PEAK_YEAR]) / MILLIONS, 1)} million.")

# %% [markdown]
# ## What the official account says, and what the totals cannot show
#
# The statements below are kept as text (with their source and the raw file row). NHSA attributes the
# fall mainly to duplicate records removed when the national insurance information platform went live
# (2022–2023) and to 5–8 million people a year moving from residents' to employee insurance.

# %%
ev = datasets.evidence()
ev[ev["topic"].isin(["official_explanation", "media_estimate_attribution", "academic_estimate"])][
    ["topic", "data_year", "source_type", "value", "source_row"]]

# %%
fall = res[PEAK_YEAR] - res[LATEST_YEAR]
official = ev[ev["topic"].eq("official_explanation") & ev["source_type"].str.startswith("official")]
stated = "; ".join(f"{v} ({y})" for v, y in zip(official["value"], official["data_year"]))
say(f"The net fall of {num(fall / MILLIONS, 1)} million residents between {PEAK_YEAR} and {LATEST_YEAR} sits beside "
    f"the official statements: {stated}. Because those are statements with ranges, not a decomposition of the "
    "change, the remainder — people who stopped paying — cannot be estimated from these totals.")

# %% [markdown]
# ## Caveats
#
# * National totals mix removals of duplicate records, moves between schemes, births, deaths and
#   migration with voluntary drop-out; no table in the material separates them.
# * NCMS counts registered rural residents, so its rate and the resident population are different
#   denominators; 2004 and 2012–2014 figures are rounded press or bulletin statements.
# * NHSA's quick report, its bulletin and the NBS communiqué differ slightly for the same year; the
#   chart uses the bulletin where there is one (the latest publication), and the long table keeps all.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("03-participation", {"ncms_rate_first": rate.iloc[0], "ncms_rate_max": rate.max(), "residents_peak_year": res[PEAK_YEAR],
     "residents_latest": res[LATEST_YEAR], "residents_change": res[LATEST_YEAR] - res[PEAK_YEAR],
     "employees_change": emp[LATEST_YEAR] - emp[PEAK_YEAR]})
