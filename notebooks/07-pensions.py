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
# # 7. Pensions: what the data show on rural and residents' pension participation
#
# **Question.** How many rural residents take part in the residents' pension scheme, nationally and by
# province, and what is missing?
#
# **Answer.** Nationally, participation in the urban and rural residents' pension scheme is available for
# a few year-ends only, and it has risen slowly, staying a little above half a billion people since 2016. By
# province, the material holds only the old (pre-2009) rural pension scheme in 2008 and the 2006 census
# shares, both showing low coverage outside a few rich eastern provinces; provincial data for the
# current scheme were not found.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("07-pensions")

# %% tags=["parameters"]
OLD_SCHEME_YEAR = 2008  # year of the old rural pension table by province (CSY2009 22-47)
CENSUS_GROUP = "crop-farming households"  # census sub-population shown
MILLIONS = 1e6  # display unit

# %%
long = datasets.province_year_long()
national = datasets.national_series()
panel = datasets.rural_panel()
pens = national[["year", "resident_pension_participants"]].dropna()
pens.assign(million=pens["resident_pension_participants"] / MILLIONS)

# %%
fig, ax = figures.figure("single")
figures.time_series(national[national["year"].between(2012, 2024)].assign(
    m=lambda d: d["resident_pension_participants"] / MILLIONS), "year", "m", ax=ax,
    label="residents' pension participants")
ax.set_ylabel("million persons (year end)")
ax.set_ylim(0, None)
figures.export(fig, "07_resident_pension", notebook="07-pensions.ipynb", indicators=["resident_pension_participants"], tables=["national_series"], geo="national")
fig

# %%
p = pens.set_index("year")["resident_pension_participants"]
say(f"Year-end participants are printed for {len(p)} years ({', '.join(str(y) for y in p.index)}): from "
    f"{num(p.iloc[0] / MILLIONS, 1)} million ({p.index[0]}) to {num(p.iloc[-1] / MILLIONS, 1)} million ({p.index[-1]}). "
    "Gaps stay gaps; the changes stated in communiqués are not used to fill them.")

# %% [markdown]
# ## By province: the old rural pension scheme (2008) and the 2006 census
#
# The 2008 table is the *old* rural social pension scheme, which the new scheme (NRSPI, piloted from
# 2009) replaced. Contributors are divided by the resident rural population of the same year (where the
# partial 2008 population table has it).

# %%
old = panel[panel["year"].eq(OLD_SCHEME_YEAR)].assign(
    old_scheme_share=lambda d: d["old_rural_pension_contributors"] / d["rural_population"])
old[["name_en", "old_rural_pension_contributors", "rural_population", "old_scheme_share"]].sort_values(
    "old_scheme_share", ascending=False)

# %%
fig, ax = figures.figure("single", height_mm=110)
figures.ranked_bars(old.assign(pct_=100 * old["old_scheme_share"]), "pct_", ax=ax)
ax.set_xlabel(f"old rural pension contributors ÷ rural population, % ({OLD_SCHEME_YEAR})")
figures.export(fig, "07_old_scheme_2008", notebook="07-pensions.ipynb", indicators=["old_rural_pension_contributors", "rural_population"], tables=["rural_panel"],
               years=[OLD_SCHEME_YEAR], geo="province")
fig

# %%
o = old.set_index("name_en")["old_scheme_share"].dropna()
cen = panel[panel["year"].eq(2006)].set_index("name_en")[datasets.group_column("census_share_rural_pension", CENSUS_GROUP)]
say(f"In {OLD_SCHEME_YEAR} old-scheme contributors were under 10% of the resident rural population in "
    f"{int((o < 0.10).sum())} of the {len(o)} provinces with both figures (highest: {o.idxmax()}, {pct(o.max())}). "
    f"In the 2006 census the share of crop-farming household members in rural pension insurance ranged from "
    f"{cen.min():.2f}% ({cen.idxmin()}) to {cen.max():.2f}% ({cen.idxmax()}).")

# %% [markdown]
# ## What is missing
#
# * No provincial participation in the residents' pension scheme (NRSPI/URRBPI) for any year; the
#   China Statistical Yearbook 2021 lists such a table (24-27) but it was not in the material.
# * National year-end participants for 2012–2015, 2018, 2019, 2021, 2022 and 2024.
# * Contribution levels actually chosen (the scheme lets members pick a grade), and benefits paid by
#   province.
#
# So whether pension participation fell where medical-insurance enrolment fell cannot be tested here.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("07-pensions", {"pension_years": len(p), "pension_first": p.iloc[0], "pension_last": p.iloc[-1],
     "old_scheme_under_10pct": int((o < 0.10).sum()), "old_scheme_max_share": o.max(),
     "census_pension_min": cen.min(), "census_pension_max": cen.max()})
