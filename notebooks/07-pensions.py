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
# **Answer.** Residents' pension participants rose from 2016 to 2022 and then fell in 2023, by below 1% of
# their number, in the same year in which residents' medical insurance fell. [claim:pension-fell-in-2023]
# By province the numeric tables hold only the old rural pension scheme in 2008 and the 2006 census
# shares, both showing low coverage in most provinces. [claim:old-scheme-low-coverage]
# For the current residents' scheme the numeric tables hold no provincial figure; the context files
# print only a few scattered ones, too few to compare provinces. [claim:provincial-figures-only-scattered]

# %%
from analysis import datasets, figures, stats
from analysis.notebooks import vocabulary as v
from analysis.notebooks.helpers import num, pct, setup

# %% tags=["parameters"]
FIRST_PRINTED_YEAR = 2016  # first year-end with a printed residents' pension total in the material
OLD_SCHEME_YEAR = 2008  # year of the old rural pension table by province (CSY2009 22-47)
CENSUS_GROUP = "crop-farming households"  # census sub-population shown
MILLIONS = 1e6  # display unit
PRINTED_ROUNDING = 5e3  # participants are printed in 万 (10,000) to 0.1 at best: changes within 5,000 are rounding
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("07-pensions", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
long = datasets.province_year_long()
national = datasets.national_series()
panel = datasets.rural_panel()
pens = long[long["indicator"].eq("resident_pension_participants") & long["preferred"]]
pens[["year", "value", "value_as_printed", "tier", "derivation"]].assign(million=pens["value"] / MILLIONS)

# %% [markdown]
# Year-end participants from the NBS database (2012–2022) and communiqués (2016–2023), the line marked where
# the series changes from the rural pilot alone to the rural and urban residents' schemes together; where neither prints
# a year-end, the level a communiqué's stated change implies (tier `derived`: level − change; marked on the
# chart, never over a printed value). Before the merger of 2014, the new rural pension pilot (NRSPI, NBS
# database, 2010–2011).

# %%
p = pens.set_index("year")
pilot = national.set_index("year")["nrspi_participants"].dropna()
fig, ax = run.figure("single")
shown = pens.assign(million=pens["value"] / MILLIONS)
figures.time_series(shown, "year", "million", ax=ax, label=run.text("residents_pension_participants"),
                    events={int(pilot.index[-1]) + 1: run.text("pension_series_break")})
figures.time_series(pilot.rename("million").rename_axis("year").reset_index().assign(million=lambda d: d["million"] / MILLIONS),
                    "year", "million", ax=ax, label=run.text("nrspi_pilot"), color=figures.PALETTE[1])
derived = shown[shown["tier"].eq(datasets.DERIVED_TIER)]
if len(derived):
    ax.scatter(derived["year"], derived["million"], zorder=3, s=14, color="white", edgecolors=figures.PALETTE[0],
               label=run.text("derived_from_change"))
ax.set_ylabel(run.text("million_persons_year_end"))
ax.set_ylim(0, None)
ax.legend(loc="upper left", bbox_to_anchor=(0.2, 0.88))
recent = shown[shown["year"].ge(FIRST_PRINTED_YEAR)]
zoom = ax.inset_axes([0.5, 0.1, 0.47, 0.42])  # from zero the 2023 fall is invisible: the recent years, zoomed
zoom.plot(recent["year"], recent["million"], marker="o", ms=3, color=figures.PALETTE[0])
zoom.set_title(run.text("zoomed_not_from_zero"), fontsize="small")
zoom.tick_params(labelsize="small")
figures.year_axis(zoom)
run.export(fig, "07_resident_pension",
           indicators=["resident_pension_participants", "nrspi_participants"], tables=["province_year_long"],
           geo="national")
fig

# %%
tripled = v.more_than_times(pilot.iloc[-1] / pilot.iloc[0], 3)
merged_more = v.rose(pilot.iloc[-1], p.at[int(pilot.index[-1]) + 1, "value"], PRINTED_ROUNDING)
run.claim("pilot-then-merged-scheme",
          f"The new rural pension pilot grew from {num(pilot.iloc[0] / MILLIONS, 1)} million members at the end of "
          f"{int(pilot.index[0])} to {num(pilot.iloc[-1] / MILLIONS, 1)} million at the end of {int(pilot.index[-1])} "
          f"(it {tripled}); "
          f"the rural and urban residents' schemes together counted {num(p.at[int(pilot.index[-1]) + 1, 'value'] / MILLIONS, 1)} "
          f"million at the end of {int(pilot.index[-1]) + 1} (merged into one scheme from 2014).",
          v.all_of(tripled, merged_more), pilot_first=pilot.iloc[0], pilot_last=pilot.iloc[-1])

# %%
res = national.set_index("year")["resident_bmi_participants"]
change = long[long["indicator"].eq("resident_pension_participants_change") & long["preferred"]].set_index("year")["value"]
last = int(change.index.max())
peak = int(p["value"].idxmax())
pension_rose = v.rose(p.at[FIRST_PRINTED_YEAR, "value"], p.at[last - 1, "value"], PRINTED_ROUNDING)
pension_fell = v.fell(p.at[last - 1, "value"], p.at[last - 1, "value"] + change[last], PRINTED_ROUNDING)
under_a_percent = v.below(-change[last] / p.at[last - 1, "value"], 0.01, "1% of their number")
medical_fell = v.fell(res[last - 1], res[last], PRINTED_ROUNDING)
# One source for both ends: the national series takes the year before from NBS and the last year from NHSA, so the
# fall is also computed from NHSA's statistical bulletins of the two years (rows of the same raw file).
members = long[long["indicator"].eq("resident_bmi_participants") & long["geo_code"].eq(datasets.NATIONAL)]
last_row = members[members["year"].eq(last) & members["preferred"]].iloc[0]
bulletin = {y: members[members["year"].eq(y) & members["source_file"].eq(last_row["source_file"])
                       & members["publication"].str.contains(f"{y}年全国医疗保障事业发展统计公报", regex=False)]["value"]
            for y in (last - 1, last)}
nhsa_before, nhsa_last = (float(b.iloc[0]) for b in bulletin.values())
nhsa_fell = v.fell(nhsa_before, nhsa_last, PRINTED_ROUNDING)
run.claim("pension-fell-in-2023",
          f"Participants {pension_rose} from {num(p.at[FIRST_PRINTED_YEAR, 'value'] / MILLIONS, 1)} million "
          f"(end-{FIRST_PRINTED_YEAR}) to {num(p.at[last - 1, 'value'] / MILLIONS, 1)} million at the end of {last - 1} "
          f"({p.at[last - 1, 'source_file'].rsplit('/', 1)[-1]}), then {pension_fell}, "
          f"{num(-change[last] / MILLIONS, 1)} million fewer in {last} ({under_a_percent}), a change the {last} communiqué states (so the two years "
          f"rest on different sources); residents' medical insurance {nhsa_fell}, "
          f"{num((nhsa_before - nhsa_last) / MILLIONS, 1)} million fewer in the same year on NHSA's statistical "
          f"bulletins for both years ({num((res[last - 1] - res[last]) / MILLIONS, 1)} million on the national series, "
          f"whose {last - 1} figure is NBS's and {last} figure NHSA's; it {medical_fell} on that too).",
          v.all_of(pension_rose, pension_fell, under_a_percent, nhsa_fell, medical_fell),
          pension_change=change[last], medical_change=res[last] - res[last - 1], peak_year=peak)

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
fig, ax = run.figure("single", height_mm=110)
figures.ranked_bars(old.assign(pct_=100 * old["old_scheme_share"]), "pct_", ax=ax)
ax.set_xlabel(run.text("pct_resident_rural_population", year=OLD_SCHEME_YEAR))
ax.set_title(run.text("old_scheme_title"))
run.export(fig, "07_old_scheme_2008",
           indicators=["old_rural_pension_contributors", "rural_population"], tables=["rural_panel"],
           years=[OLD_SCHEME_YEAR], geo="province")
fig

# %%
o = old.set_index("name_en")["old_scheme_share"].dropna()
cen = panel[panel["year"].eq(2006)].set_index("name_en")[datasets.group_column("census_share_rural_pension", CENSUS_GROUP)]
most_old, most_census = v.most((o < 0.10).sum(), len(o)), v.most((cen < 5).sum(), cen.notna().sum())
run.claim("old-scheme-low-coverage",
          f"In {OLD_SCHEME_YEAR} old-scheme contributors were under 10% of the resident rural population in "
          f"{int((o < 0.10).sum())} of the {len(o)} provinces with both figures ({most_old}; highest: {o.idxmax()}, "
          f"{pct(o.max())}). In the 2006 census the share of crop-farming household members in rural pension insurance "
          f"was below 5% in {int((cen < 5).sum())} of {int(cen.notna().sum())} provinces ({most_census}), from "
          f"{cen.min():.2f}% ({cen.idxmin()}) to {cen.max():.2f}% ({cen.idxmax()}).",
          v.all_of(most_old, most_census),
          old_under_10pct=int((o < 0.10).sum()), census_under_5pct=int((cen < 5).sum()))

# %% [markdown]
# ## What is missing
#
# * Provincial participation in the residents' pension scheme (NRSPI/URRBPI) as a table: the numeric
#   tables have none (the China Statistical Yearbook 2021 lists such a table, 24-27, but it was not in
#   the material); the context files print a few scattered provincial figures, found below by a search of
#   every file in `data/raw/`.
# * National year-ends neither printed nor implied by a printed change: listed in the claim below.
# * Contribution levels actually chosen (the scheme lets members pick a grade), and benefits paid by
#   province.
#
# So whether pension participation fell where medical-insurance enrolment fell cannot be tested by
# province here; nationally, both fell in 2023.

# %%
provincial = long[long["indicator"].eq("resident_pension_participants") & long["geo_code"].ne(datasets.NATIONAL)
                  & long["value"].notna()]
mentions = datasets.raw_mentions(r"居民.{0,12}(养老|養老)|NRSPI|URRBPI|residents' pension")
scattered = mentions[mentions["file"].str.startswith(datasets.PROVINCIAL_CONTEXT_FILES)]
missing = sorted(set(range(2012, 2025)) - set(p.index))
none_in_tables = v.same_within(len(provincial), 0, rounding=0)
run.claim("provincial-figures-only-scattered",
          f"The numeric tables hold {len(provincial)} provincial values of residents' pension participants; a search of "
          f"every file in data/raw finds {len(scattered)} lines of provincial context files that mention the scheme ("
          + "; ".join(f"{f.rsplit('/', 1)[-1]} line {n}" for f, n in zip(scattered["file"], scattered["line"]))
          + f"). National year-ends without a printed or implied figure: {', '.join(map(str, missing))}.",
          none_in_tables, context_lines=len(scattered), missing_years=len(missing))

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({"pension_first_printed": p.at[FIRST_PRINTED_YEAR, "value"], "pension_peak": p.at[peak, "value"],
     "pension_change_latest": change[last], "old_scheme_under_10pct": int((o < 0.10).sum()),
     "old_scheme_max_share": o.max(), "census_pension_min": cen.min(), "census_pension_max": cen.max()})
