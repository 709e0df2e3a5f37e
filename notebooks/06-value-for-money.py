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
# # 6. Value for money: what enrollees got for the financing
#
# **Question.** Where NCMS raised more per enrollee, did enrollees get more reimbursements — and how
# widely were farm households covered by NCMS and by rural pensions when the schemes were young?
#
# **Answer.** Across provinces in 2008 and 2011, reimbursements per enrollee rise with financing per
# enrollee, but with wide scatter: some low-financing provinces reimbursed as often as richer ones. The
# 2006 agricultural census shows NCMS reaching a majority of crop-farming households in most provinces
# at the pilot stage, while rural pension coverage was marginal almost everywhere.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("06-value-for-money")

# %% tags=["parameters"]
YEARS = (2008, 2011)  # the two years with provincial NCMS tables
CENSUS_GROUP = "crop-farming households"  # census sub-population shown (see the census tables' notes)

# %%
long = datasets.province_year_long()
panel = datasets.rural_panel()
ncms = panel[panel["year"].isin(YEARS)].rename(columns={
    "ncms_financing_per_enrollee_computed": "financing",
    "ncms_reimbursements_per_enrollee": "reimbursements_per_enrollee"})
ncms[["name_en", "year", "financing", "reimbursements_per_enrollee"]].dropna().sort_values(["year", "financing"])

# %% [markdown]
# Financing per enrollee = funds raised ÷ enrollees; reimbursements per enrollee = reimbursement
# person-times ÷ enrollees (one person can be reimbursed many times). Tianjin has no 2011 figures.

# %%
fig, axes = figures.figure("double", ncols=2)
for ax, year in zip(axes, YEARS):
    figures.province_scatter(ncms[ncms["year"].eq(year)], "financing", "reimbursements_per_enrollee", ax=ax)
    ax.set_title(str(year))
    ax.set_xlabel("financing per enrollee, yuan")
    ax.set_ylabel("reimbursements per enrollee")
figures.export(fig, "06_reimbursements", notebook="06-value-for-money.ipynb", indicators=["ncms_funds_raised", "ncms_enrollees", "ncms_beneficiary_visits"],
               tables=["rural_panel"], years=list(YEARS), geo="province")
fig

# %%
fits = {y: stats.ols_robust(ncms[ncms["year"].eq(y)], "reimbursements_per_enrollee", "financing") for y in YEARS}
say(" ".join(f"In {y}, across {f.n} provinces, 100 yuan more financing per enrollee goes with "
             f"{100 * f.table.loc['financing', 'coef']:.2f} more reimbursements per enrollee (robust 95% interval "
             f"{100 * f.table.loc['financing', 'ci_low']:.2f} to {100 * f.table.loc['financing', 'ci_high']:.2f}; R² = {f.r2:.2f})."
             for y, f in fits.items()))

# %% [markdown]
# Reimbursement *counts* say nothing about their value, about out-of-pocket costs or about health;
# the tables hold no reimbursement amounts by province, so "value for money" here is only how often
# the scheme paid out.

# %% [markdown]
# ## Coverage at the pilot stage: the 2006 agricultural census
#
# Shares of the registered population of crop-farming households taking part in NCMS and in rural
# social pension insurance, by province. Chinese names in this table were lost in extraction; the
# provinces are assigned by NBS row order (flagged in the data).

# %%
ncms_col, pension_col = (datasets.group_column(f"census_share_{k}", CENSUS_GROUP) for k in ("ncms", "rural_pension"))
census = panel[panel["year"].eq(2006)][["geo_code", "name_en", "region4", ncms_col, pension_col, "region_flag"]]
census.sort_values(ncms_col, ascending=False)

# %%
fig, (ax1, ax2) = figures.figure("double", ncols=2, height_mm=110)
figures.tile_map(census, ncms_col, ax=ax1, fmt="{:.0f}%", vmin=0, vmax=100,
                 label="% of crop-farming household members")
ax1.set_title("in NCMS, % (2006)")
figures.tile_map(census, pension_col, ax=ax2, fmt="{:.1f}%", vmin=0, vmax=100,
                 label="% of crop-farming household members")
ax2.set_title("in rural social pension insurance, % (2006)")
figures.export(fig, "06_census_coverage", notebook="06-value-for-money.ipynb", indicators=["census_share_ncms", "census_share_rural_pension"], tables=["rural_panel"], years=[2006],
               groups=[CENSUS_GROUP])
fig

# %%
c_ncms = census.set_index("name_en")[ncms_col]
c_pen = census.set_index("name_en")[pension_col]
say(f"In 2006 the NCMS share among crop-farming households was above half in {int((c_ncms > 50).sum())} of "
    f"{int(c_ncms.notna().sum())} provinces (range {c_ncms.min():.1f}% in {c_ncms.idxmin()} to {c_ncms.max():.1f}% in "
    f"{c_ncms.idxmax()}); the rural pension share was below 5% in {int((c_pen < 5).sum())} provinces.")

# %% [markdown]
# ## Caveats
#
# * Census shares are of sub-populations of agricultural households in the NCMS pilot phase, not
#   enrolment rates; other sub-populations (farm-service, mountain-township households) differ.
# * Two cross-sections of about 30 provinces cannot separate financing from everything that comes with
#   it (income, hospital supply, reimbursement rules).

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("06-value-for-money", {**{f"slope_{y}": f.table.loc["financing", "coef"] for y, f in fits.items()},
     **{f"r2_{y}": f.r2 for y, f in fits.items()},
     "census_ncms_above_half": int((c_ncms > 50).sum()), "census_ncms_min": c_ncms.min(), "census_ncms_max": c_ncms.max(),
     "census_pension_below_5": int((c_pen < 5).sum())})
