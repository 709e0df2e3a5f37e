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
# # 8. Scenarios: where does the burden go if the standard keeps rising?
#
# **Question.** If the minimum contribution keeps rising and rural incomes keep growing, how heavy does the
# contribution become, for the nation, a province or the poorest fifth?
#
# **Answer.** If the national minimum keeps rising by its average yuan step of 2018–2024, the
# minimum-standard burden index falls from 2024 to 2035 only if national rural income grows faster than a
# threshold rate, which its 2018–2024 growth exceeded. [claim:yuan-steps-index-falls]
# At 2025's income growth, the first year after the window, faster than that threshold by less than a twentieth
# of it, the index with those steps would fall:
# which way the burden goes depends on the step and on income growth together, as the sensitivity grid
# shows. [claim:growth-2025-near-threshold]
# The observed steps at the end of the window and after it were below that default: 2024's was 20 yuan, and
# the 2025 standard (derived from the printed total and subsidy, a method that gives another value than the
# printed one for 2012) was the same as 2024's; in 2025 the index fell. [claim:observed-steps-below-default]
#
# These are what-ifs under stated assumptions, not forecasts, and the assumptions are printed on the
# figure. The standard has been set in yuan steps, so that is the default; the percentage path is the
# alternative. Run with other parameters from the command line (the run goes to a separate folder; this
# committed notebook keeps its default run):
# `python -m analysis run notebooks/08-scenarios.ipynb -p PREMIUM_MODEL percent -p PROVINCE Gansu`
# (the parameters cell follows papermill's `parameters` tag convention, so a plain `papermill` run works too).
# For the poorest fifth (`-p GROUP "Q1 (lowest fifth)"`) the index is the national one divided by the fifth's
# income ratio, so it moves in proportion: neither model makes it rise faster for the poorest.

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.data.derive import DERIVED_SOURCE
from analysis.notebooks.helpers import display, num, pct, same_method_note, say, setup

# %% tags=["parameters"]
START_YEAR = 2024  # last observed year: contribution standard and income both published
END_YEAR = 2035  # last projected year
HISTORY_FROM = 2018  # first year of the window the default step and growth rates are taken from
IMPLIED_YEAR = 2012  # a year whose printed total and subsidy imply another contribution than the printed one
PREMIUM_MODEL = "yuan"  # "yuan": constant yuan step a year (how standards are set); "percent": constant rate
PREMIUM_STEP = None  # yuan a year for the "yuan" model; None: the observed mean step over the window
PREMIUM_GROWTH = None  # rate a year for the "percent" model; None: the observed rate over the window
INCOME_GROWTH = None  # annual growth of rural per-capita income; None: the observed rate over the window
PROVINCE = None  # English province name (e.g. "Gansu"); None: national
GROUP = None  # "Q1 (lowest fifth)" scales income by Fujian's quintile ratio in its latest year; None: average
GRID_STEPS = (0, 10, 20, 30, 40, 50)  # yuan a year, for the sensitivity grid (0: the standard held flat)
GRID_GROWTHS = (0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09)  # annual income growth for the sensitivity grid
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("08-scenarios", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
long = datasets.province_year_long()
policy = datasets.policy_standards().set_index("year")
if PROVINCE is not None:
    panel = datasets.rural_panel()
    series = panel[panel["name_en"].eq(PROVINCE)].set_index("year")["rural_income"]
    where = PROVINCE
else:
    series = datasets.national_series().set_index("year")["rural_disposable_income"]
    where = "China"
contrib = policy["min_individual_contribution"]
step = stats.mean_step(contrib, HISTORY_FROM, START_YEAR) if PREMIUM_STEP is None else PREMIUM_STEP
rate = stats.cagr(contrib, HISTORY_FROM, START_YEAR) if PREMIUM_GROWTH is None else PREMIUM_GROWTH
income_growth = stats.cagr(series, HISTORY_FROM, START_YEAR) if INCOME_GROWTH is None else INCOME_GROWTH
start_income = series[START_YEAR]
if GROUP is not None:
    ratio, q_year = stats.quintile_income_ratio(stats.quintile_burden(long, policy.reset_index()), "Fujian", GROUP)
    start_income = start_income * ratio
    where = f"{where}, {GROUP} (income scaled by Fujian {q_year})"
premium = {"premium_step": step} if PREMIUM_MODEL == "yuan" else {"premium_growth": rate}
assumptions = {"where": where, "premium": (f"+{num(step)} yuan a year" if PREMIUM_MODEL == "yuan" else f"+{pct(rate)} a year"),
               "income": f"+{pct(income_growth)} a year", "from": START_YEAR}
place = run.category(PROVINCE or "China")  # the assumptions as the figure states them, in its language
stated = {run.text("assume_where"): place if GROUP is None else run.text(
              "group_scaled", where=place, group=run.category(GROUP), year=q_year),
          run.text("assume_premium"): (run.text("per_year_yuan", amount=num(step)) if PREMIUM_MODEL == "yuan"
                                           else run.text("per_year_rate", rate=pct(rate))),
          run.text("assume_income"): run.text("per_year_rate", rate=pct(income_growth)),
          run.text("assume_from"): START_YEAR}
if (PREMIUM_GROWTH if PREMIUM_MODEL == "yuan" else PREMIUM_STEP) is not None:  # the alternative line's assumption, given
    stated[run.text("alternative", other=run.text("other_percent" if PREMIUM_MODEL == "yuan" else "other_yuan"))] = (
        run.text("per_year_rate", rate=pct(rate)) if PREMIUM_MODEL == "yuan"
        else run.text("per_year_yuan", amount=num(step)))
say(f"Scenario for **{where}** from {START_YEAR}: contribution {num(contrib[START_YEAR])} yuan, rising "
    f"{assumptions['premium']}; income {num(start_income)} yuan, rising {assumptions['income']}"
    + (" (observed over the window)." if PREMIUM_STEP is None and PREMIUM_GROWTH is None and INCOME_GROWTH is None else "."))

# %%
observed_index = datasets.national_series().set_index("year")["burden_min_contribution"]
if default_run := (PREMIUM_MODEL == "yuan" and PROVINCE is None and GROUP is None and PREMIUM_STEP is None
                   and PREMIUM_GROWTH is None and INCOME_GROWTH is None):
    index_rose = v.rose(observed_index[HISTORY_FROM], observed_index[START_YEAR], 0.00005)  # printed to 0.01 points
    step_faster = v.faster_than(rate, income_growth)
    display(run.claim("observed-index-rose",
                      f"Observed, the index {index_rose} from {pct(observed_index[HISTORY_FROM], 2)} in {HISTORY_FROM} to "
                      f"{pct(observed_index[START_YEAR], 2)} in {START_YEAR}: the standard's average step of {num(step)} "
                      f"yuan was then a rise of {pct(rate)} a year, {step_faster} income's ({pct(income_growth)}).",
                      v.all_of(index_rose, step_faster), start=observed_index[HISTORY_FROM],
                      end=observed_index[START_YEAR]))

# %% [markdown]
# ## The observed steps after the window
#
# The default step is the window's average. The steps actually taken at its end and after it: 2024's (the
# last printed pair) and 2025's, whose individual standard is not printed but is derived from the printed
# total and subsidy (the source column names both; `datasets.trace` shows the raw rows).

# %%
next_year = START_YEAR + 1
contrib_source = policy["min_individual_contribution_source"]
has_next = next_year in contrib.dropna().index and next_year in observed_index.dropna().index
if has_next and default_run:
    step_last, step_next = contrib[START_YEAR] - contrib[START_YEAR - 1], contrib[next_year] - contrib[START_YEAR]
    derived_next = contrib_source[next_year].startswith(DERIVED_SOURCE)
    last_below, next_below = (v.below(x, step, f"the {num(step)}-yuan default step") for x in (step_last, step_next))
    index_fell = v.fell(observed_index[START_YEAR], observed_index[next_year], 0.00005)  # printed to 0.01 points
    held = v.same_within(contrib[next_year], contrib[START_YEAR], 0)  # whole yuan: equal or not
    display(run.claim("observed-steps-below-default",
                      f"The standard's step was {num(step_last)} yuan in {START_YEAR} ({num(contrib[START_YEAR - 1])} to "
                      f"{num(contrib[START_YEAR])}), {last_below}, and {num(step_next)} yuan in {next_year}, "
                      f"{next_below}: the {next_year} individual standard, {num(contrib[next_year])} yuan"
                      + (f" ({contrib_source[next_year]})" if derived_next else "") + f", is {held} as {START_YEAR}'s. "
                      f"With income at {num(series[next_year])} yuan, the index {index_fell} from "
                      f"{pct(observed_index[START_YEAR], 2)} in {START_YEAR} to {pct(observed_index[next_year], 2)} in "
                      f"{next_year}."
                      + (" " + same_method_note(datasets.implied_contribution(IMPLIED_YEAR), IMPLIED_YEAR, next_year)
                         if derived_next else ""),
                      v.all_of(last_below, next_below, held, index_fell), step_last=step_last, step_next=step_next,
                      derived_next=derived_next))

# %%
proj = stats.project_burden(START_YEAR, END_YEAR, contrib[START_YEAR], start_income, income_growth, **premium)
alternative = stats.project_burden(START_YEAR, END_YEAR, contrib[START_YEAR], start_income, income_growth,
                                   **({"premium_growth": rate} if PREMIUM_MODEL == "yuan" else {"premium_step": step}))
proj.round(4)

# %%
observed = datasets.national_series()[["year", "burden_min_contribution"]].dropna()
observed = observed[observed["year"].ge(HISTORY_FROM)] if PROVINCE is None and GROUP is None else observed.iloc[0:0]
other = run.text("other_percent" if PREMIUM_MODEL == "yuan" else "other_yuan")
fig, ax = run.figure("single")
if len(observed):
    # A year whose standard is derived from printed figures (notebook 02 lists them) is drawn hollow, apart.
    is_derived = observed["year"].isin(policy.index[policy["min_individual_contribution_source"].str.startswith(
        DERIVED_SOURCE)])
    figures.time_series(observed.assign(burden_min_contribution=observed["burden_min_contribution"].mask(is_derived)),
                        "year", "burden_min_contribution", ax=ax, label=run.text("observed_national"),
                        color=figures.COLOURS["observed"])
    ax.scatter(observed.loc[is_derived, "year"], observed.loc[is_derived, "burden_min_contribution"], zorder=3, s=14,
               color="white", edgecolors=figures.COLOURS["observed"], label=run.text("derived_from_printed"))
figures.time_series(proj, "year", "burden", ax=ax, color=figures.COLOURS["scenario"], ls="--",
                    label=run.text("scenario_model", model=run.text(f"model_{PREMIUM_MODEL}")))
figures.time_series(alternative, "year", "burden", ax=ax, label=run.text("alternative", other=other),
                    color="#888888", ls=":")
figures.percent_axis(ax, decimals=1)
ax.set_ylabel(run.text("contribution_over_income"))
ax.legend(loc="lower left")
run.export(fig, "08_scenario",
           indicators=["min_individual_contribution", "rural_disposable_income"],
           tables=["policy_standards", "national_series", "rural_panel"], years=range(HISTORY_FROM, START_YEAR + 1),
           parameters=stated)
fig

# %%
end, alt_end = proj.set_index("year").loc[END_YEAR], alternative.set_index("year").loc[END_YEAR]
yuan_end = end if PREMIUM_MODEL == "yuan" else alt_end
percent_end = alt_end if PREMIUM_MODEL == "yuan" else end
start_burden = proj["burden"].iloc[0]
yuan_text = (f"Rising by {num(step)} yuan a year, the contribution reaches {num(yuan_end['contribution'])} yuan in "
             f"{END_YEAR} against {num(yuan_end['income'])} yuan of income: the index goes from {pct(start_burden, 2)} "
             f"to {pct(yuan_end['burden'], 2)}.")
# The direction is a checked finding of the default run; another run's sentence says whichever way its numbers go.
years_ahead = END_YEAR - START_YEAR
threshold = stats.threshold_income_growth(contrib[START_YEAR], step, years_ahead)
falls = (v.faster_than(income_growth, threshold) if default_run
         else v.whichever(v.faster_than(income_growth, threshold), v.slower_than(income_growth, threshold),
                          otherwise="at about the rate of"))
yuan_claim = (yuan_text + f" The index falls only if income grows faster than {pct(threshold, 2)} a year (the threshold "
              f"for a {num(step)}-yuan step from {num(contrib[START_YEAR])} yuan over {years_ahead} years); income grew "
              f"{pct(income_growth, 2)} a year over {HISTORY_FROM}–{START_YEAR}, {falls} the threshold.")
(run.claim("yuan-steps-index-falls", yuan_claim, falls, start=start_burden, end=yuan_end["burden"], step=step)
 if default_run else say(yuan_claim))

# %%
percent_text = (f"Growing {pct(rate)} a year instead, it would reach {num(percent_end['contribution'])} yuan and the "
                f"index {pct(percent_end['burden'], 2)}, from {pct(start_burden, 2)}.")
percent_rises = v.rose(start_burden, percent_end["burden"], 0.00005).holds  # printed to 0.01 points
percent_falls = v.fell(start_burden, percent_end["burden"], 0.00005).holds
say(percent_text + " On this path the index "
    + ("rises" if percent_rises else "falls" if percent_falls else "stays where it was")
    + (" (with the contribution's observed rate this restates the observed rise above: not a separate finding)."
       if default_run and percent_rises else "."))

# %% [markdown]
# ## Sensitivity: the step against income growth
#
# The direction of the index depends on the yuan step and on income growth together. The grid gives the
# index in the end year relative to the start (negative: it falls), for steps from a flat standard to
# larger ones and a range of income growth; the line is the threshold at which it ends where it started.
# The 2025 income growth (the first year after the window, NBS) is marked, and so is the observed 2025 point:
# that year's income growth and step, the step taken to the derived 2025 standard (printed total − printed
# subsidy; hollow, as a derived value).

# %%
grid = stats.burden_change_grid(contrib[START_YEAR], GRID_STEPS, GRID_GROWTHS, years_ahead)
grid.round(3)

# %%
has_2025 = START_YEAR + 1 in series.index
growth_2025 = series[START_YEAR + 1] / series[START_YEAR] - 1 if has_2025 else float("nan")
fig, ax = run.figure("single")
fine_steps = [min(GRID_STEPS) + (max(GRID_STEPS) - min(GRID_STEPS)) * i / 100 for i in range(101)]
ax.plot([stats.threshold_income_growth(contrib[START_YEAR], s_, years_ahead) for s_ in fine_steps], fine_steps,
        color=figures.COLOURS["scenario"], label=run.text("threshold_line", year=END_YEAR))
ax.scatter([income_growth], [step], color=figures.COLOURS["observed"], zorder=3,
           label=run.text("window_point", start=HISTORY_FROM, end=START_YEAR))
if has_2025:
    ax.axvline(growth_2025, color="#888888", ls=":", lw=0.8, label=run.text("growth_2025", year=START_YEAR + 1))
if has_2025 and has_next:
    ax.scatter([growth_2025], [contrib[next_year] - contrib[START_YEAR]], zorder=3, clip_on=False, color="white",
               edgecolors=figures.COLOURS["observed"], label=run.text("observed_point_derived", year=next_year))
ax.set_xlim(min(GRID_GROWTHS), max(GRID_GROWTHS))
ax.set_ylim(min(GRID_STEPS), max(GRID_STEPS))
figures.percent_axis(ax, axis="x", from_zero=False)
ax.set_xlabel(run.text("income_growth_axis"))
ax.set_ylabel(run.text("step_axis"))
ax.text(0.03, 0.55, run.text("index_rises_region"), transform=ax.transAxes, ha="left", va="center")
ax.text(0.97, 0.05, run.text("index_falls_region"), transform=ax.transAxes, ha="right", va="bottom")
ax.legend(loc="upper left")
run.export(fig, "08_sensitivity",
           indicators=["min_individual_contribution", "rural_disposable_income"],
           tables=["policy_standards", "national_series", "rural_panel"],
           years=range(HISTORY_FROM, START_YEAR + 2), parameters={run.text("assume_from"): START_YEAR})
fig

# %%
income_named = "National rural disposable income" if PROVINCE is None else f"{where}'s rural income"
if default_run:
    near = v.faster_than(growth_2025, threshold)
    small_gap = v.below(growth_2025 / threshold - 1, 0.05, "a twentieth of the threshold")
    text_2025 = (f"{income_named} grew {pct(growth_2025, 2)} in {START_YEAR + 1}: at that rate the index "
                 f"with {num(step)}-yuan steps would fall, {near} the {pct(threshold, 2)} threshold, but by only "
                 f"{100 * (growth_2025 - threshold):.2f} percentage points, {pct(growth_2025 / threshold - 1)} of the "
                 f"threshold: {small_gap}.")
    display(run.claim("growth-2025-near-threshold", text_2025, v.all_of(near, small_gap), growth_2025=growth_2025,
                      threshold=threshold))
elif not has_2025:
    display(say(f"{income_named} has no {START_YEAR + 1} figure in the material: no comparison with the threshold."))
else:
    faster, slower = v.faster_than(growth_2025, threshold), v.slower_than(growth_2025, threshold)
    display(say(f"{income_named} grew {pct(growth_2025, 2)} in {START_YEAR + 1}, "
                f"{v.whichever(faster, slower, otherwise='at about the rate of')} the {pct(threshold, 2)} threshold of "
                f"{num(step)}-yuan steps"
                + (": at that rate the index would fall." if faster.holds
                   else ": at that rate the index would rise." if slower.holds else ".")))

# %% [markdown]
# ## Caveats
#
# * Constant steps and rates are assumptions, not a model of policy; the 2024 increase was smaller than
#   the earlier steps and, for the first time since 2016, smaller than the subsidy's (notebook 05).
# * The income concept is disposable income throughout (2018 onwards); all amounts are nominal. The default
#   step and rate are taken between the window's two end years (`stats.mean_step`, `stats.cagr`), whose
#   standards are printed; the years in between, printed or derived, do not enter them. The 2025 standard
#   is derived (printed total − printed subsidy), lies after the window and only shows where 2025 fell; it
#   does not enter the default step.
# * The index divides two amounts of the same year, so it is the same in constant prices and no price
#   projection is needed; a constant step in nominal yuan is, however, a shrinking step in real yuan
#   whenever prices rise.
# * The poorest-fifth scenario scales the start income by Fujian's quintile ratio, the only provincial
#   quintile table in the material; other provinces' distributions may differ.
# * The directions in the Answer are checked claims of the default run; a run with other parameters
#   states whichever direction its own numbers show (`vocabulary.whichever`).

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"premium_step": step, "premium_growth": rate, "income_growth": income_growth,
     "threshold_income_growth": threshold, "income_growth_2025": growth_2025,
     "start_income": start_income, "burden_start": start_burden, "burden_end": end["burden"],
     "burden_end_alternative": alt_end["burden"],
     **({"step_last": step_last, "step_next": step_next, "burden_next": observed_index[next_year]}
        if has_next and default_run else {})})
