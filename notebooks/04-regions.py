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
# **Answer.** Richer provinces raised more NCMS financing per enrollee, and since 2016 the same national
# minimum contribution weighs roughly two to three times as heavily on rural incomes in the poorest
# western provinces as in the richest eastern ones. The cross-section shows association, not cause:
# richer provinces also add larger local subsidies, which these tables do not separate.

# %%
from analysis import claims, datasets, figures, results, stats
from analysis.notebooks.helpers import num, pct, say, setup

setup("04-regions")

# %% tags=["parameters"]
NCMS_YEAR = 2008  # year with both provincial NCMS figures and provincial rural income
NCMS_YEAR_2 = 2011  # second provincial NCMS year (no provincial income that year)
MAP_YEAR = 2023  # year shown on the tile map (latest with a national standard and provincial income)
BURDEN_FROM = 2016  # first year of the provincial disposable-income panel

# %%
long = datasets.province_year_long()
panel = datasets.rural_panel()
y1 = panel[panel["year"].eq(NCMS_YEAR)]
y1[["name_en", "region4", "rural_income", "ncms_enrollees", "rural_population", "ncms_enrollment_ratio",
    "ncms_financing_per_enrollee_computed", "region_flag"]].sort_values("rural_income", ascending=False)

# %% [markdown]
# In 2008 NCMS enrolment (by household registration) exceeds the resident rural population in most
# provinces — a reminder that the two count different people, not a data error. Financing per enrollee
# is funds raised ÷ enrollees (the 2008 table prints no per-capita column).

# %%
fig, (ax1, ax2) = figures.figure("double", ncols=2)
figures.province_scatter(y1, "rural_income", "ncms_financing_per_enrollee_computed", hue="region4", ax=ax1)
ax1.set_xlabel(f"rural net income per capita {NCMS_YEAR}, yuan")
ax1.set_ylabel("NCMS financing per enrollee, yuan")
ax1.legend(fontsize=5)
figures.province_scatter(y1, "rural_income", "ncms_enrollment_ratio", hue="region4", ax=ax2)
ax2.axhline(1, color="#888888", lw=0.6)
ax2.set_xlabel(f"rural net income per capita {NCMS_YEAR}, yuan")
ax2.set_ylabel("NCMS enrollees ÷ resident rural population")
figures.export(fig, "04_ncms_2008", notebook="04-regions.ipynb", indicators=["rural_net_income", "ncms_funds_raised", "ncms_enrollees", "rural_population"],
               tables=["rural_panel"], years=[NCMS_YEAR], geo="province")
fig

# %% [markdown]
# ## A simple regression
#
# Ordinary least squares of NCMS financing per enrollee on rural net income per capita across the
# provinces in 2008, with heteroskedasticity-robust (HC1) standard errors.

# %%
fit = stats.ols_robust(y1, "ncms_financing_per_enrollee_computed", "rural_income")
fit.table

# %%
slope = fit.table.loc["rural_income"]
say(f"Across {fit.n} provinces, each additional 1,000 yuan of rural net income goes with "
    f"{num(1000 * slope['coef'], 1)} yuan more financing per enrollee (robust 95% interval "
    f"{num(1000 * slope['ci_low'], 1)} to {num(1000 * slope['ci_high'], 1)}; R² = {fit.r2:.2f}).")

# %% [markdown]
# **What it does not identify.** This is one cross-section of 31 provinces: income stands for
# everything that comes with it (local fiscal capacity and subsidies, prices, urbanisation, central
# transfers targeted at the west), so the slope is not the effect of income on financing. It says
# nothing about individuals within a province, and its interval rests on 31 observations.

# %%
y2 = panel[panel["year"].eq(NCMS_YEAR_2)].dropna(subset=["ncms_financing_per_enrollee"])
fig, ax = figures.figure("single", height_mm=110)
figures.ranked_bars(panel[panel["year"].eq(NCMS_YEAR_2)], "ncms_financing_per_enrollee", ax=ax)
ax.set_xlabel(f"NCMS financing per enrollee {NCMS_YEAR_2}, yuan (printed)")
figures.export(fig, "04_ncms_financing_2011", notebook="04-regions.ipynb", indicators=["ncms_financing_per_enrollee"], tables=["rural_panel"], years=[NCMS_YEAR_2], geo="province")
fig

# %%
say(f"In {NCMS_YEAR_2} printed financing per enrollee ranged from {num(y2['ncms_financing_per_enrollee'].min(), 1)} "
    f"yuan ({y2.loc[y2['ncms_financing_per_enrollee'].idxmin(), 'name_en']}) to "
    f"{num(y2['ncms_financing_per_enrollee'].max(), 1)} yuan ({y2.loc[y2['ncms_financing_per_enrollee'].idxmax(), 'name_en']}); "
    f"{31 - len(y2)} province(s) have no figure. Provincial rural income for {NCMS_YEAR_2} is not in the material, "
    "so this year cannot be set against income.")

# %% [markdown]
# ## The burden of the national minimum, 2016–2024
#
# The same national minimum contribution divided by each province's rural disposable income. 2016 and
# 2019 have no published national individual standard, so they are gaps.

# %%
recent = panel[panel["year"].ge(BURDEN_FROM)]
wide = recent.pivot(index="name_en", columns="year", values="burden_min_contribution")
(100 * wide).round(2).sort_values(MAP_YEAR, ascending=False)

# %%
fig, ax = figures.figure("double", height_mm=110)
figures.tile_map(panel[panel["year"].eq(MAP_YEAR)].assign(burden_pct=lambda d: 100 * d["burden_min_contribution"]),
                 "burden_pct", ax=ax, fmt="{:.2f}%", label="% of rural disposable income per capita")
ax.set_title(f"National minimum contribution as a share of rural disposable income per capita, {MAP_YEAR}")
figures.export(fig, "04_burden_tilemap", notebook="04-regions.ipynb", indicators=["rural_disposable_income", "min_individual_contribution"],
               tables=["rural_panel", "policy_standards"], years=[MAP_YEAR])
fig

# %%
m = panel[panel["year"].eq(MAP_YEAR)].set_index("name_en")["burden_min_contribution"]
say(f"In {MAP_YEAR} the burden ranged from {pct(m.min(), 2)} ({m.idxmin()}) to {pct(m.max(), 2)} ({m.idxmax()}), "
    f"a ratio of {m.max() / m.min():.1f}.")

# %% [markdown]
# ## The four NBS regions
#
# Mean burden by region, weighted by rural population (each province's rural residents count equally).

# %%
reg = stats.region_means(recent, "burden_min_contribution", weight="rural_population")
fig, ax = figures.figure("single")
figures.time_series(reg, "year", "burden_min_contribution", hue="region4", ax=ax)
figures.percent_axis(ax, decimals=1)
ax.set_ylabel("population-weighted burden")
ax.legend()
figures.export(fig, "04_burden_regions", notebook="04-regions.ipynb", indicators=["rural_disposable_income", "min_individual_contribution", "rural_population"],
               tables=["rural_panel"], years=range(BURDEN_FROM, MAP_YEAR + 2))
fig

# %%
last = reg[reg["year"].eq(MAP_YEAR)].set_index("region4")["burden_min_contribution"]
say(f"In {MAP_YEAR}: " + "; ".join(f"{r} {pct(v, 2)}" for r, v in last.sort_values(ascending=False).items()) + ".")

# %% [markdown]
# ## Caveats
#
# * Provinces set contributions at or above the national minimum, so the real provincial burden may be
#   higher; provincial standards were not found.
# * Provincial NCMS figures exist for 2008 and 2011 only; 2011 has no provincial income.
# * 2008 income is *net* income, 2016–2024 *disposable*: the two periods are not on one scale.
# * Weighted means use the resident rural population (NBS database, current vintage).

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
results.record("04-regions", {"slope_per_1000_yuan": 1000 * slope["coef"], "slope_ci_low": 1000 * slope["ci_low"],
     "slope_ci_high": 1000 * slope["ci_high"], "r2": fit.r2, "n": fit.n,
     "financing_2011_min": y2["ncms_financing_per_enrollee"].min(),
     "financing_2011_max": y2["ncms_financing_per_enrollee"].max(),
     "burden_map_year_min": m.min(), "burden_map_year_max": m.max(),
     **{f"burden_region_{r}": v for r, v in last.items()}})
