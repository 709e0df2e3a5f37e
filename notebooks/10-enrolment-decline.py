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
# # 10. The fall in enrolment: what the data can and cannot show
#
# **Question.** How many people do the two basic medical insurance schemes leave uncounted, how much of the
# fall in residents' members can be non-renewal once births, deaths and the officially stated components are
# set against it, how heavy is the premium for an elderly resident living on the residents' pension, what
# does a member get back for the premium, and do the provinces charge more than the national minimum?
#
# **Answer.** On the printed member counts, the two schemes counted above nine tenths of the year-end population
# in every year from 2018 to 2021, and the number they did not count then rose every year to 2024, by above half
# of its 2021 number. [claim:not-counted-rose]
# But the counts to 2021 held the duplicate records NHSA states it removed in 2022–2023: with every stated
# duplicate taken out of the 2021 count, the number not counted fell from 2021 to 2024, so the material does not
# identify whether it rose or fell over those years (it rose only if fewer of the duplicates than the printed
# rise were in the 2021 count); from 2023 to 2024, both after the stated removal, it rose.
# [claim:not-counted-direction-not-identified]
# In 2022 deaths were above births for the first time in the series (in 2021 births were only just above
# deaths), births having fallen to about half their 2016 number, so a complete register would have shrunk by
# itself. [claim:deaths-exceed-births] [claim:deaths-above-births-first-in-2022]
# Births, deaths and the stated moves to employee insurance leave room for anything from no non-renewal to
# an amount above the fall in residents' members itself in each of 2020 and 2021; in 2022–2023 the stated
# duplicates and moves are above the fall plus every birth, so the material requires no non-renewal there, and
# the excess must be unstated inflows or overlap between the stated components. [claim:non-renewal-bounds]
# On the standards table's figures the minimum contribution took about twice as large a share of the residents'
# pension paid per recipient in 2021 as in 2012; with the 2012 contribution that a printed total and subsidy imply,
# more than twice. [claim:premium-share-of-pension-about-twice]
# From 2013 to 2021 the share rose from each year to the next with either of the two printed 2013 contributions;
# from 2012 to 2013 it rose with the table's 2013 figure and fell with the other, so the direction of that first
# step is not identified. [claim:premium-share-rose-each-step]
# In the residents' scheme (NCMS, rural and to 2014, is not comparable with it as a scheme and is not compared),
# fund expenditure per member per yuan of the minimum contribution fell from cover year 2018 to 2023, while the
# minimum contribution's share of financing per member rose and fund expenditure per yuan of financing rose:
# the fall is the members' own share rising, not the fund paying out less of what it took in.
# [claim:payout-per-contribution-fell]
# Fund expenditure per member was above four fifths of financing per member in every cover year from 2018.
# [claim:payout-above-four-fifths-of-financing]
# At 2015 rural prices, fund expenditure per member in the residents' scheme rose from cover year 2018 to 2022,
# and the minimum contribution grew faster (both deflated by the cover year's prices).
# [claim:real-payout-rose-in-residents-scheme]
# Each of the six single provincial standards in the material equals a national minimum (the same or the
# previous policy year's, as the collection-year rule allows; for two of them, a 2019 standard derived from printed
# figures); and the two provinces that print standards by group of residents (Beijing and Tianjin, 2022) set their
# highest group above the minimum whichever year it refers to; their lowest is below the minimum of the year
# printed but, against the previous year's minimum (the year the standard was collected in, as the
# collection-year rule allows), Beijing's is only just above it and Tianjin's the same.
# [claim:provinces-above-minimum]
#
# What the material cannot show: who the uncounted are (no membership by age, income or province after
# 2011; births and deaths are not by scheme), how many people stopped paying (no gross flows: only year-end
# stocks and two stated components), pensions and premiums per household, or any province's standard
# beyond the few press figures read here.

# %%
from analysis import datasets, enrolment, figures, stats
from analysis.data.derive import COVER_LAG_YEARS
from analysis.data.harmonise import RESIDENTS_SCHEME_MERGER_YEAR
from analysis.enrolment import FIRST_MERGED_COUNT_YEAR
from analysis.notebooks import vocabulary as v
from analysis.notebooks.helpers import conflict_note, derived_standards, implied_note, listed, num, pct, setup

# %% tags=["parameters"]
FIRST_YEAR = 2010  # first year of the population account (the NBS population and birth/death series start here)
LAST_YEAR = 2024  # latest year-end with members of both schemes (residents' 2024 derived: all − employees)
LAST_RATES_YEAR = 2022  # last year of the birth and death rates in the material
CONFLICT_YEAR = 2013  # a year with two printed contributions (standards table and its note; datasets.contribution_conflict)
IMPLIED_YEAR = 2012  # a year whose printed total and subsidy imply another contribution (datasets.implied_contribution)
BASE_YEAR = 2015  # price base of the real values (rural CPI chain; the index ends in 2022)
DUPLICATE_YEARS = (2022, 2023)  # years of NHSA's stated removal of duplicate records (evidence file, row 2)
MOVE_YEARS = (2020, 2023)  # years of NHSA's stated 5-8 million moves a year to employee insurance (row 3)
NOT_COUNTED_ROUNDING = 1.5e4  # population − members, from up to three figures printed in 万 (10,000): within 15,000 is rounding
POPULATION_ROUNDING = 1e4  # the 2023–2024 population is urban + rural, each printed in 万: within 10,000 is rounding
SHARE_ROUNDING = 0.0005  # shares are shown to 0.1 percentage point
RATIO_ROUNDING = 0.05  # expenditure per yuan of contribution is shown to 0.1
PER_FINANCING_ROUNDING = 0.005  # expenditure per yuan of financing is shown to 0.01
YUAN_ROUNDING = 0.5  # real yuan per member are shown to the yuan
MILLIONS = 1e6  # display unit
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)
OUTPUT_DIR = None  # folder for this run's figures/ and results/; None: the default folders (see run.py)
DRAFT_FIGURES = False  # True: each figure as PNG only, not PDF and SVG (quicker; the test runs)

# %%
run = setup("10-enrolment-decline", globals())  # parameters checked, figure language set, outputs routed (run.py)

# %%
long = datasets.province_year_long()
national = datasets.national_series()
policy = datasets.policy_standards()
# NHSA's stated components (evidence file, by name: src/analysis/data/reference/named_evidence.csv): duplicate
# records removed over 2022–2023 and the yearly moves to employee insurance in 2020–2023, as the statements print them.
duplicates = stats.stated_numbers(datasets.statement("residents_duplicates_removed"))[0] * MILLIONS
move_lo, move_hi = (v * MILLIONS for v in stats.stated_numbers(datasets.statement("moves_to_employee_insurance"))[:2])

# %% [markdown]
# ## 1. The decline as a population account
#
# Members of basic medical insurance against the year-end population. From 2018 the members are all
# members as NBS and NHSA print them (the merged residents' scheme includes the NCMS remainder); for
# 2010–2014 they are employees' + residents' members + NCMS enrollees, since NCMS was counted apart
# (NCMS enrols by household registration, so a migrant can be counted twice and the share can pass 100%,
# as in 2013: those years are not on the same footing as 2018 on, and the figure marks them). NCMS's
# national enrolment for 2015–2017 is not in the material, so those years have no total. Where the material
# prints employees' and residents' members, their sum is used (for 2023 the bulletin's components rather than
# Xinhua's total rounded to 0.01 billion). The population is the printed year-end total; for 2023 and 2024, which the population tables in
# the material do not print, it is urban + rural population (both printed; `population_basis`).

# %%
account = enrolment.insured_population(national).query("@FIRST_YEAR <= year <= @LAST_YEAR").set_index("year")
account.assign(members=account["members"] / MILLIONS, population=account["population"] / MILLIONS,
               not_counted=account["not_counted"] / MILLIONS).round(3)

# %%
u, share = account["not_counted"], account["share_insured"]
TURN = MOVE_YEARS[0] + 1  # 2021: the last year-end before the stated duplicate removal began
early = share.reindex(range(FIRST_MERGED_COUNT_YEAR, TURN + 1))
later = u.reindex(range(TURN, LAST_YEAR + 1))
nine_tenths = v.above(early.min(skipna=False), 0.9, "nine tenths")  # a missing year makes it false
every_year = v.rose_every(later, NOT_COUNTED_ROUNDING)
above_half = v.above(later[LAST_YEAR] / later[TURN] - 1, 0.5, "half")
run.claim("not-counted-rose",
          f"On the printed member counts, from {FIRST_MERGED_COUNT_YEAR} to {TURN} the two schemes counted {pct(early.min())}–{pct(early.max())} of the "
          f"year-end population, {nine_tenths} in every year; the number they did not count then {every_year}, from "
          f"{num(u[TURN] / MILLIONS, 1)} million at the end of {TURN} to "
          + ", ".join(f"{num(u[y] / MILLIONS, 1)} million in {y}" for y in range(TURN + 1, LAST_YEAR + 1))
          + f": a rise of {pct(later[LAST_YEAR] / later[TURN] - 1, 0)} of its {TURN} number, {above_half}.",
          v.all_of(nine_tenths, every_year, above_half), share_max=early.max(), not_counted_2021=u[TURN],
          not_counted_latest=u[LAST_YEAR])

# %% [markdown]
# The 2022 gap matches the academic estimate quoted in the evidence file (王超群: 66 million uninsured in
# 2022), which is the same subtraction. It is a stock of people not counted by either register, not a count
# of people who stopped paying: it also holds people never enrolled and the difference between the
# population's residence basis and the schemes' registration basis. Duplicate records work the other way: a
# person with two records is counted twice, so a member total that holds duplicates is too large and the gap
# too small; removing the duplicate leaves the person counted once, outside the gap. NHSA states that it
# removed residents' duplicates over 2022–2023 (evidence file, row 2; not split by year), so the counts to 2021
# held them and the printed rise from 2021 includes their removal. Below, the 2021 gap with every stated
# duplicate taken out of the 2021 count (the most the statement allows: how many of them were already in that
# count the material does not say) beside the printed gaps.

# %%
gap = enrolment.not_counted_without_duplicates(account.reset_index(), duplicates=duplicates,
                                               duplicate_years=DUPLICATE_YEARS).set_index("year")
(gap.loc[FIRST_MERGED_COUNT_YEAR:] / MILLIONS).round(1)

# %%
dedup = gap.at[TURN, "not_counted_deduplicated"]
after = DUPLICATE_YEARS[1]  # 2023: the first year-end after the stated removal
dedup_fell = v.fell(dedup, u[LAST_YEAR], NOT_COUNTED_ROUNDING)
printed_rose = v.rose(u[TURN], u[LAST_YEAR], NOT_COUNTED_ROUNDING)
after_rose = v.rose(u[after], u[LAST_YEAR], NOT_COUNTED_ROUNDING)
run.claim("not-counted-direction-not-identified",
          f"NHSA states that {num(duplicates / MILLIONS, 0)} million residents' duplicate records were removed over "
          f"{DUPLICATE_YEARS[0]}–{DUPLICATE_YEARS[1]} (evidence file, row 2). With every one of them taken out of the "
          f"{TURN} count, the {TURN} gap would be {num(dedup / MILLIONS, 1)} million (derived: the printed "
          f"{num(u[TURN] / MILLIONS, 1)} million + the stated {num(duplicates / MILLIONS, 0)} million), and from it to "
          f"{LAST_YEAR}'s {num(u[LAST_YEAR] / MILLIONS, 1)} million the number not counted {dedup_fell}; on the printed "
          f"counts it {printed_rose}. The material does not say how many of the duplicates were in the {TURN} count, "
          f"so whether the number not counted rose or fell from {TURN} to {LAST_YEAR} is not identified: it rose only if "
          f"fewer than {num((u[LAST_YEAR] - u[TURN]) / MILLIONS, 1)} million of them (the printed rise) were. From "
          f"{after} to {LAST_YEAR}, both after the stated removal, it {after_rose} ({num(u[after] / MILLIONS, 1)} to "
          f"{num(u[LAST_YEAR] / MILLIONS, 1)} million).",
          v.all_of(dedup_fell, printed_rose, after_rose), not_counted_2021_deduplicated=dedup,
          not_counted_2021=u[TURN], not_counted_latest=u[LAST_YEAR], not_counted_after_removal=u[after])

# %%
fig, (ax1, ax2) = run.figure("double", ncols=2, height_mm=80)
lines = (account[["population", "members"]].div(MILLIONS)
         .rename(columns={"population": run.text("year_end_population"), "members": run.text("insured_members")})
         .reset_index().melt(id_vars="year", var_name="series", value_name="million"))
figures.time_series(lines, "year", "million", hue="series", ax=ax1)
ax1.axvspan(FIRST_YEAR - 0.4, enrolment.LAST_SEPARATE_NCMS_YEAR + 0.4, color="#eeeeee", zorder=0)
ax1.annotate(run.text("ncms_counted_apart"), ((FIRST_YEAR + enrolment.LAST_SEPARATE_NCMS_YEAR) / 2, 0.04),
             xycoords=("data", "axes fraction"), ha="center",
             fontsize=6, color="#555555")
ax1.set_ylim(0, None)
ax1.set_ylabel(run.text("million_persons_year_end"))
ax1.set_title(run.text("share_insured_title"))
ax1.legend(loc="center right")
bars = account["not_counted"].dropna() / MILLIONS
apart = bars.index <= enrolment.LAST_SEPARATE_NCMS_YEAR  # NCMS counted apart: not on the same footing as 2018 on
ax2.bar(bars.index[~apart], bars.to_numpy()[~apart], color="#999999", width=0.7)
ax2.bar(bars.index[apart], bars.to_numpy()[apart], color="white", edgecolor="#999999", hatch="////", width=0.7)
ax2.axvspan(FIRST_YEAR - 0.6, enrolment.LAST_SEPARATE_NCMS_YEAR + 0.4, color="#eeeeee", zorder=0)
ax2.axvline((enrolment.LAST_SEPARATE_NCMS_YEAR + FIRST_MERGED_COUNT_YEAR) / 2, color="#555555", lw=0.6, ls="--")
ax2.annotate(run.text("ncms_break"), (FIRST_YEAR - 0.4, 0.97), xycoords=("data", "axes fraction"), ha="left",
             va="top", fontsize=6, color="#555555")
ax2.axhline(0, color="black", lw=0.6)
ax2.set_ylim(None, bars.max() * 1.3)  # room above the bars for the note on the break
figures.year_axis(ax2)
ax2.set_xlim(FIRST_YEAR - 0.6, LAST_YEAR + 0.6)
ax2.set_xlabel(run.text("year"))
ax2.set_ylabel(run.text("million_persons_year_end"))
ax2.set_title(run.text("not_counted_title"))
run.export(fig, "10_population_account",
           indicators=["bmi_participants", "uebmi_participants", "resident_bmi_participants", "ncms_enrollees",
                           "total_population", "urban_population", "rural_population"],
           tables=["national_series"], years=range(FIRST_YEAR, LAST_YEAR + 1), geo="national")
fig

# %% [markdown]
# ### The flows a complete register would record
#
# Births and deaths are derived rows of the long table (tier `derived`): the printed rate (per mille of the
# year's average population) × the mean of the two year-end totals that bound the year; `derivation` names
# the three inputs, e.g. `datasets.trace("births", "000000", 2022)`. The rates end in 2022; for 2023 and
# 2024 only the population change (urban + rural, year on year) is in the material. The population change
# of 2015 and 2016 mixes two vintages (the preferred 2015 total is the China Statistical Yearbook 2016's
# first-published figure; the others are revised after the 2020 census) and is not used below.

# %%
flows = enrolment.natural_flows(national).query("@FIRST_YEAR < year <= @LAST_YEAR").set_index("year")
(flows / MILLIONS).round(2)

# %%
datasets.trace("births", datasets.NATIONAL, LAST_RATES_YEAR)[["indicator", "value", "tier", "derivation"]]

# %%
b, d = flows["births"].dropna(), flows["deaths"].dropna()
COMPARED = RESIDENTS_SCHEME_MERGER_YEAR  # 2016, the last year with more than 18 million births in the series
deaths_above = v.above(d[LAST_RATES_YEAR], b[LAST_RATES_YEAR], "births")
about_half = v.about_fraction(b[LAST_RATES_YEAR] / b[COMPARED], "half")
run.claim("deaths-exceed-births",
          f"In {LAST_RATES_YEAR} deaths ({num(d[LAST_RATES_YEAR] / MILLIONS, 2)} million, derived) were {deaths_above} "
          f"({num(b[LAST_RATES_YEAR] / MILLIONS, 2)} million, derived); births were "
          f"{pct(b[LAST_RATES_YEAR] / b[COMPARED], 0)} of their {COMPARED} number ({num(b[COMPARED] / MILLIONS, 2)} million), "
          f"{about_half}.",
          v.all_of(deaths_above, about_half), births=b[LAST_RATES_YEAR], deaths=d[LAST_RATES_YEAR],
          births_compared=b[COMPARED])

# %%
before = range(int(b.index.min()), LAST_RATES_YEAR)
births_above = [v.above(flows.at[y, "births"], flows.at[y, "deaths"], "deaths") for y in before]
closest = min(range(len(births_above)), key=lambda i: births_above[i].margin)
y_close = before[closest]
run.claim("deaths-above-births-first-in-2022",
          f"{LAST_RATES_YEAR} is the first year of the series (from {before[0]}) in which deaths were above births: in "
          f"every earlier year births were above deaths, and in the closest, {y_close}, births "
          f"({num(b[y_close] / MILLIONS, 2)} million) were {births_above[closest]} ({num(d[y_close] / MILLIONS, 2)} million).",
          v.all_of(*births_above), years_before=len(before))

# %% [markdown]
# ### Bounds on non-renewal
#
# The fall in residents' members in each period, set against births and deaths (which the material does not
# give by scheme) and the components NHSA stated (evidence file, rows 2 and 3): 56 million duplicate records
# removed over 2022–2023 (not split by year, so the two years form one period) and 5–8 million people a
# year moving to employee insurance in 2020–2023. The **most** non-renewal the material allows: every
# newborn joined the residents' scheme, no member died, the fewest moves. The **least**: no newborn joined,
# every death was a member, the most moves. Where births and deaths are missing (2023, 2024) the population
# change stands for births − deaths in both bounds. Where a year has no stated move (2019, 2024) the least
# is not bounded. Both bounds assume no inflow other than births (returnees, first enrolments) and no overlap
# between the stated components (a person counted both as a removed duplicate and as a move to employee
# insurance), neither of which the material states: a negative *most* means such inflows or such overlap
# occurred, and the totals cannot say which.

# %%
# One period per year, except the duplicate removal, which is stated for its two years together.
periods = [(y - 1, y) for y in range(FIRST_MERGED_COUNT_YEAR + 1, DUPLICATE_YEARS[0])] + \
          [(DUPLICATE_YEARS[0] - 1, DUPLICATE_YEARS[1])] + [(y - 1, y) for y in range(DUPLICATE_YEARS[1] + 1, LAST_YEAR + 1)]
bounds = enrolment.non_renewal_bounds(national, periods, duplicates=duplicates, duplicate_years=DUPLICATE_YEARS,
                                      moves_per_year=(move_lo, move_hi), move_years=MOVE_YEARS).set_index("period")
shown = ["fall", "births", "deaths", "population_change_used", "duplicates_removed", "moves_low", "moves_high",
         "most", "least", "unstated_inflows_or_overlap"]
(bounds[shown] / MILLIONS).round(1).join(bounds["natural_basis"])

# %%
most, least, fall = bounds["most"], bounds["least"], bounds["fall"]
one_year = [str(y) for y in range(MOVE_YEARS[0], DUPLICATE_YEARS[0])]  # 2020, 2021: births, deaths and moves known
together = f"{DUPLICATE_YEARS[0]}–{DUPLICATE_YEARS[1]}"  # the duplicate removal's period
# The least is below zero when the fall is smaller than the deaths plus the most stated moves; the most is above
# the fall when births exceed the fewest moves.
outflows = {p: bounds.at[p, "deaths"] + bounds.at[p, "moves_high"] for p in one_year}
can_be_none = {p: v.below(fall[p], outflows[p], "the deaths plus the most stated moves") for p in one_year}
above_fall = {p: v.above(most[p], fall[p], "the fall itself") for p in one_year}
stated_low = duplicates + bounds.at[together, "moves_low"]
room = fall[together] + bounds.at[together, "births"] + bounds.at[together, "population_change_used"]
stated_above = v.above(stated_low, room, "the fall plus every birth")
run.claim("non-renewal-bounds",
          " ".join(f"In {p} residents' members fell by {num(fall[p] / MILLIONS, 1)} million, {can_be_none[p]} "
                    f"({num(outflows[p] / MILLIONS, 1)} million), so non-renewal can be none (the least is "
                    f"{num(least[p] / MILLIONS, 1)} million); with every newborn joining and no member dying it can be "
                    f"at most {num(most[p] / MILLIONS, 1)} million, {above_fall[p]}." for p in one_year)
          + f" In {together} members fell by {num(fall[together] / MILLIONS, 1)} million while the stated duplicates and "
          f"moves come to {num(stated_low / MILLIONS, 0)}–"
          f"{num((duplicates + bounds.at[together, 'moves_high']) / MILLIONS, 0)} million: even at the fewest moves they "
          f"are {stated_above} ({num(room / MILLIONS, 1)} million, with the population change standing in for births − "
          f"deaths in the year without them), so the material requires no non-renewal there, and at least "
          f"{num(bounds.at[together, 'unstated_inflows_or_overlap'] / MILLIONS, 1)} million must be unstated inflows "
          "(returnees, first enrolments) or overlap between the stated components (a person counted both as a removed "
          "duplicate and as a move to employee insurance); non-renewal, if any, is a further unstated outflow the "
          "totals cannot separate.",
          v.all_of(*can_be_none.values(), *above_fall.values(), stated_above),
          most_2022_2023=most[together])

# %%
pop = account["population"]
change_latest = bounds.at[str(LAST_YEAR), "population_change_used"]
shrank = v.fell(pop[LAST_YEAR - 1], pop[LAST_YEAR], POPULATION_ROUNDING)
run.claim("non-renewal-2024-unbounded-below",
          f"In {LAST_YEAR} the year-end population {shrank}, a change of {num(change_latest / MILLIONS, 2)} million standing "
          f"in for births − deaths, and no component is stated, so non-renewal can be at most the fall less that shrinkage, "
          f"{num(most[str(LAST_YEAR)] / MILLIONS, 1)} million (by construction less than the "
          f"{num(fall[str(LAST_YEAR)] / MILLIONS, 1)} million fall); the material sets no lower bound (the moves to "
          f"employee insurance are stated for {MOVE_YEARS[0]}–{MOVE_YEARS[1]} only).",
          shrank, most_latest=most[str(LAST_YEAR)], fall_latest=fall[str(LAST_YEAR)], population_change=change_latest)

# %% [markdown]
# What this part cannot show: births and deaths are national, not by scheme (many deaths are retired
# employees, every newborn's enrolment is a choice of the parents), duplicates removed are not split by year
# or by scheme, the moves are a stated range, and nothing in the material counts people who lapsed and
# returned within a year.
#
# ## 2. The elderly's premium against their pension
#
# The residents' pension paid per recipient is a derived row (fund expenditure ÷ year-end recipients, NBS
# database; the rows end in 2021, as the 2022 row holds participants only). Against it, the national
# minimum individual contribution of the same policy year (paid in its autumn, out of that year's pension).
# A year whose national standard is derived from printed figures (notebook 02 lists them) is included and named.

# %%
pension = enrolment.premium_to_pension(national, policy).set_index("year")
pension.round(3)

# %%
fig, ax = run.figure("single", height_mm=70)
derived_contrib = set(derived_standards(policy).query("indicator == 'min_individual_contribution'")["year"])
# A year whose standard is derived from printed figures is drawn hollow, apart from the line.
figures.time_series(pension.reset_index().assign(derived=lambda d: d["year"].isin(derived_contrib)), "year", "share",
                    ax=ax, label=run.text("premium_over_pension"), color=figures.COLOURS["individual_contribution"],
                    derived="derived")
# The two years with another printed contribution (below): their shares with it, hollow diamonds beside the line,
# so the figure does not pick a direction for the step the text leaves unidentified.
conflict = datasets.contribution_conflict(CONFLICT_YEAR)
implied = datasets.implied_contribution(IMPLIED_YEAR)
other_share = {IMPLIED_YEAR: implied["implied"], CONFLICT_YEAR: conflict["other"]}
other_share = {y: c / pension.at[y, "pension_per_recipient"] for y, c in other_share.items() if y in pension.index}
ax.scatter(list(other_share), list(other_share.values()), marker="D", s=14, zorder=3, color="white",
           edgecolors=figures.COLOURS["individual_contribution"],
           label=run.text("with_other_contribution", years=" & ".join(map(str, other_share))))
ax.legend(fontsize="small")
figures.percent_axis(ax)
ax.set_ylabel(run.text("share_of_pension"))
run.export(fig, "10_premium_over_pension",
           indicators=["resident_pension_fund_expenditure", "resident_pension_beneficiaries",
                           "min_individual_contribution"],
           tables=["national_series", "policy_standards"], years=pension.index, geo="national")
fig

# %% [markdown]
# Two years have another printed contribution beside the standards table's (notebooks 02, 05 and 09 check their
# findings with them): 2013, whose table note records a second printed standard
# (`datasets.contribution_conflict`), and 2012, whose printed total and subsidy imply another contribution
# (`datasets.implied_contribution`). The table's values are used; the findings are checked with the others.

# %%
sh = pension["share"].dropna()
first_p, last_p = int(sh.index.min()), int(sh.index.max())
pay = pension["pension_per_recipient"]
sh_other = sh.where(sh.index != CONFLICT_YEAR, conflict["other"] / pay[CONFLICT_YEAR])  # the other 2013 figure
sh_implied_first = implied["implied"] / pay[IMPLIED_YEAR]  # the implied 2012 contribution
twice = v.about_times(sh[last_p] / sh[first_p], 2)
implied_ratio = sh[last_p] / sh_implied_first if first_p == IMPLIED_YEAR else float("nan")
implied_twice = v.more_than_times(implied_ratio, 2, comparison=True)
run.claim("premium-share-of-pension-about-twice",
          f"On the standards table's figures the minimum contribution took {pct(sh[first_p])} of the residents' pension "
          f"paid per recipient in {first_p} ({num(pension.at[first_p, 'pension_per_recipient'])} yuan a year) and "
          f"{pct(sh[last_p])} in {last_p} ({num(pension.at[last_p, 'pension_per_recipient'])} yuan): "
          f"{sh[last_p] / sh[first_p]:.2f} times the share, {twice}. {implied_note(implied, IMPLIED_YEAR)} the "
          f"{IMPLIED_YEAR} share would be {pct(sh_implied_first)} and the {last_p} share {implied_ratio:.2f} times it, "
          f"{implied_twice}.",
          v.all_of(twice, implied_twice), share_first=sh[first_p], share_last=sh[last_p],
          share_first_implied=sh_implied_first)

# %%
later_sh, later_other = sh.loc[CONFLICT_YEAR:], sh_other.loc[CONFLICT_YEAR:]
rising = v.rose_every(later_sh, SHARE_ROUNDING, each="from each of those years to the next")
rising_other = v.rose_every(later_other, SHARE_ROUNDING, each="from each of those years to the next")
step_used = v.rose(sh[CONFLICT_YEAR - 1], sh[CONFLICT_YEAR], SHARE_ROUNDING)
step_other = v.fell(sh[CONFLICT_YEAR - 1], sh_other[CONFLICT_YEAR], SHARE_ROUNDING)
gaps = [int(y) for y in pension.index[pension["share"].isna()] if first_p < y < last_p]
derived_in = [int(y) for y in sh.index if y in derived_contrib]
run.claim("premium-share-rose-each-step",
          f"In the years with both figures from {CONFLICT_YEAR} ({', '.join(map(str, later_sh.index))}"
          + (f"; {', '.join(map(str, gaps))} {'has' if len(gaps) == 1 else 'have'} no national standard in the numeric "
             "tables" if gaps else "")
          + (f"; the standard of {listed(derived_in)} derived from printed figures" if derived_in else "")
          + f") the share {rising}. {conflict_note(conflict, CONFLICT_YEAR)} the {CONFLICT_YEAR} share would be "
          f"{pct(sh_other[CONFLICT_YEAR])}, and from {CONFLICT_YEAR} the share still {rising_other}. But from "
          f"{CONFLICT_YEAR - 1} to {CONFLICT_YEAR} it {step_used} with the table's figure ({pct(sh[CONFLICT_YEAR - 1])} to "
          f"{pct(sh[CONFLICT_YEAR])}) and {step_other} with the other ({pct(sh[CONFLICT_YEAR - 1])} to "
          f"{pct(sh_other[CONFLICT_YEAR])}): the direction of that step is not identified.",
          v.all_of(rising, rising_other, step_used, step_other), years=len(later_sh),
          share_conflict_year_other=sh_other[CONFLICT_YEAR])

# %% [markdown]
# What this part cannot show: the pension per recipient is an average (the basic pension is flat, but
# provinces add to it and long contributors get more), recipients are counted at the year end, and the
# material has neither the pensions of the rural elderly alone nor how many of them pay their own premium
# (some are paid by medical assistance, notebook 09).
#
# ## 3. What members get back
#
# Fund expenditure per member against the minimum individual contribution and total financing per member,
# by cover year: NCMS to 2014 (fund expenditure ÷ enrollees, derived; financing per enrollee as printed),
# the merged residents' scheme from 2018, when the NBS residents' figure first includes the NCMS remainder
# (fund expenditure and revenue ÷ year-end members, derived). During the merger (2016–2018) neither series
# covers the rural members, so 2015–2017 are gaps. The contribution is the national minimum of the policy
# year before the cover year (collected in its autumn). NCMS (rural residents only, to 2014) and the merged
# scheme (with the urban residents, from 2018) are not comparable as schemes (notebook 01), so every finding
# below compares years within the residents' scheme; the NCMS years are shown, not compared with it.
#
# Fund expenditure per yuan of the minimum contribution is the product of two ratios: fund expenditure per
# yuan of financing (what the fund paid out of what it took in) and financing per yuan of the minimum
# contribution (the inverse of the members' own minimum share of the financing). It falls when the members'
# share rises even if the fund pays out as much of what it takes in, so both ratios are shown.

# %%
value = enrolment.benefit_per_member(national, policy).set_index("year")
level = datasets.rural_price_level(BASE_YEAR)
real = value[["payout", "financing", "contribution"]].apply(lambda c: stats.deflate(c, level))
value.round(3).join(real.add_suffix(f"_{BASE_YEAR}_prices").round(1))

# %%
names = {"payout": run.text("payout_per_member"), "financing": run.text("financing_per_member"),
         "contribution": run.text("minimum_contribution_by_cover_year")}
years_all = range(int(value.index.min()), int(value.index.max()) + 1)
# The contribution in the project's colour for the individual contribution; the two per-member series in two others.
line_colours = {"payout": figures.OKABE_ITO[1], "financing": figures.OKABE_ITO[7],
                "contribution": figures.COLOURS["individual_contribution"]}
fig, axes = run.figure("double", ncols=2, height_mm=85, sharex=True)  # the same years and ticks in both panels
for ax, table, title in ((axes[0], value, run.text("nominal_title")),
                         (axes[1], real, run.text("real_title", year=BASE_YEAR))):
    for col, name in names.items():
        # The contribution of a cover year whose policy-year standard is derived is drawn hollow, apart.
        frame = table[[col]].reindex(years_all).rename_axis("year").reset_index()
        frame["derived"] = (col == "contribution") & (frame["year"] - COVER_LAG_YEARS).isin(derived_contrib)
        figures.time_series(frame, "year", col, ax=ax, label=name, color=line_colours[col], derived="derived")
    ax.axvspan(RESIDENTS_SCHEME_MERGER_YEAR - 0.4, FIRST_MERGED_COUNT_YEAR + 0.4, color="#eeeeee", zorder=0)
    ax.annotate(run.text("merger_years"), ((RESIDENTS_SCHEME_MERGER_YEAR + FIRST_MERGED_COUNT_YEAR) / 2, 0.45), xycoords=("data", "axes fraction"), ha="center",
                va="bottom", fontsize=6, color="#555555")
    ax.set_ylim(0, None)
    ax.set_xlabel(run.text("cover_year"))
    ax.set_title(title)
axes[0].set_ylabel(run.text("nominal_yuan_per_person_year"))
axes[1].set_ylabel(run.text("yuan_2015_prices"))
axes[0].legend(loc="upper left")
run.export(fig, "10_contribution_vs_benefit",
           indicators=["ncms_fund_expenditure", "ncms_enrollees", "ncms_financing_per_enrollee",
                           "resident_bmi_fund_expenditure", "resident_bmi_fund_revenue", "resident_bmi_participants",
                           "min_individual_contribution", "rural_cpi"],
           tables=["national_series", "policy_standards"], years=years_all, geo="national")
fig

# %%
res = value[value["scheme"].eq("residents' scheme")]
ratio, per_fin = res["payout_per_contribution"].dropna(), res["payout_per_financing"].dropna()
own = res["contribution_share_of_financing"].dropna()
y_first, y_last = int(ratio.index[0]), int(ratio.index[-1])
ratio_fell = v.fell(ratio[y_first], ratio[y_last], RATIO_ROUNDING)
own_rose = v.rose(own[y_first], own[y_last], SHARE_ROUNDING)
per_fin_rose = v.rose(per_fin[y_first], per_fin[y_last], PER_FINANCING_ROUNDING)
# Per-member values of the cover years before the stated duplicate removal divide by year-end counts that still held
# the duplicates: with every stated duplicate in a year's count, its values per member would be this much higher.
members_res = national.set_index("year")["resident_bmi_participants"]
with_duplicates = [y for y in ratio.index if y < DUPLICATE_YEARS[0]]
understated = max(members_res[y] / (members_res[y] - duplicates) - 1 for y in with_duplicates) if with_duplicates else 0
duplicate_caveat = (
    f" Per-member values of cover years {listed(map(str, with_duplicates))} divide by year-end counts that still held "
    f"the {num(duplicates / MILLIONS, 0)} million duplicate records NHSA states it removed in {DUPLICATE_YEARS[0]}–"
    f"{DUPLICATE_YEARS[1]}: with every one of them in a year's count, that year's values per member would be up to "
    f"{pct(understated, 1)} higher (the two ratios of per-member values above are unaffected), and expenditure per "
    f"yuan of contribution in {y_first} higher too, which would widen the fall, not reverse it; the real values per "
    "member below are understated by the same share."
    if with_duplicates and y_first in with_duplicates and y_last not in with_duplicates else "")
run.claim("payout-per-contribution-fell",
          f"In the residents' scheme, fund expenditure per member was {ratio[y_first]:.1f} times the minimum contribution "
          f"in cover year {y_first} and {ratio_fell} to {ratio[y_last]:.1f} times in {y_last}. Over the same years the "
          f"minimum contribution's share of financing per member {own_rose} ({pct(own[y_first])} to {pct(own[y_last])}) "
          f"and fund expenditure per yuan of financing {per_fin_rose} ({per_fin[y_first]:.2f} to {per_fin[y_last]:.2f}): "
          "since expenditure per yuan of contribution is expenditure per yuan of financing divided by the contribution's "
          "share of financing, the fall is the members' own share rising, not the fund paying out less of what it took "
          "in. NCMS years are not compared (a different scheme)." + duplicate_caveat,
          v.all_of(ratio_fell, own_rose, per_fin_rose), ratio_2018=ratio[y_first], ratio_latest=ratio[y_last],
          own_share_2018=own[y_first], own_share_latest=own[y_last])

# %%
four_fifths = v.above(per_fin.min(), 0.8, "four fifths")
run.claim("payout-above-four-fifths-of-financing",
          f"In the residents' scheme fund expenditure per member was {per_fin.min():.2f}–{per_fin.max():.2f} of financing "
          f"per member in the cover years {', '.join(map(str, per_fin.index))}: {four_fifths} in every one of them "
          f"(lowest {int(per_fin.idxmin())}).",
          four_fifths, lowest=per_fin.min(), highest=per_fin.max(), years=len(per_fin))

# %%
rp, rc = real.loc[res.index, "payout"].dropna(), real.loc[res.index, "contribution"].dropna()
first_real, last_real = int(max(rp.index.min(), rc.index.min())), int(min(rp.index.max(), rc.index.max()))
rate_p, rate_c = stats.cagr(rp, first_real, last_real), stats.cagr(rc, first_real, last_real)
payout_rose = v.rose(rp[first_real], rp[last_real], YUAN_ROUNDING)
faster = v.faster_than(rate_c, rate_p)
run.claim("real-payout-rose-in-residents-scheme",
          f"At {BASE_YEAR} rural prices, in the residents' scheme from cover year {first_real} to {last_real} (the price "
          f"index ends in {last_real}), fund expenditure per member {payout_rose} ({num(rp[first_real])} to "
          f"{num(rp[last_real])} yuan, {pct(rate_p)} a year) and the minimum contribution grew {faster} it "
          f"({num(rc[first_real])} to {num(rc[last_real])} yuan, {pct(rate_c)} a year). Both are deflated by the cover "
          "year's price level, the contribution too, though it is the previous policy year's standard collected in "
          "that year's autumn (notebooks 02 and 05 deflate a policy-year standard by its own year's prices); "
          "deflating both by the same price level does not change which grew faster.",
          v.all_of(payout_rose, faster), payout_first=rp[first_real], payout_last=rp[last_real],
          payout_rate=rate_p, contribution_rate=rate_c)

# %% [markdown]
# What this part cannot show: expenditure per member is an average over all members (most claim little, a
# few a lot), counts members at the year end, and includes the urban residents in the merged scheme; what
# members paid out of pocket beside the fund is not in the material, and the critical-illness insurance is
# not separated. Real values stop in 2022, where the rural price index stops.
#
# ## 4. The provinces' own standards
#
# Individual contribution standards printed for single provinces (press and secondary pages, read at the
# evidence tier with their raw rows), against the national minimum of the same policy year and of the year
# before: a standard for cover year *Y* is collected in the autumn of *Y − 1*, at that year's standard.
# `matches` says which national minimum a figure equals; `above_minimum` is True only where the figure
# exceeds both (so it is above the minimum whichever year it refers to), missing where a year has no
# national standard in the numeric tables or the figure lies between the two.

# %%
prov = enrolment.provincial_standards(long, policy).merge(
    datasets.provinces()[["code", "name_en"]], left_on="geo_code", right_on="code").drop(columns="code")
prov[["name_en", "year", "group", "value", "national_same_year", "national_previous_year", "matches",
      "above_minimum", "check", "source_row"]]

# %%
single = prov[prov["group"].eq("")]
matched = single[single["check"].eq("equals a minimum")]
undecided = single[single["check"].eq("cannot be checked")]
differs = single[single["check"].eq("differs from both minima")]
none_differs = v.same_within(len(differs), 0, rounding=0)
missing_years = enrolment.missing_national_years(undecided, COVER_LAG_YEARS)
derived_contrib = set(derived_standards(policy).query("indicator == 'min_individual_contribution'")["year"])
names_matched = ", ".join(
    f"{r.name_en} {r.year} ({r.matches} year"
    + (", a standard derived from printed figures" if r.year - (r.matches == "previous") in derived_contrib else "")
    + ")" for r in matched.itertuples())
grouped = enrolment.grouped_standards(prov).merge(datasets.provinces()[["code", "name_en"]], left_on="geo_code",
                                                   right_on="code")
highest_above = [v.above(r.highest, max(r.national_same_year, r.national_previous_year),
                         f"both years' minima ({num(r.national_previous_year)} and {num(r.national_same_year)} yuan)")
                 for r in grouped.itertuples()]
lowest_below = [v.below(r.lowest, r.national_same_year, f"that year's minimum ({num(r.national_same_year)} yuan)")
                for r in grouped.itertuples()]


def against_previous(lowest, minimum):
    """The lowest group's standard against the previous policy year's minimum (the collection-year rule): above it,
    the same as it or below it, whichever the numbers show (each a checked finding)."""
    shown = f"the previous year's minimum ({num(minimum)} yuan)"
    if lowest == minimum:
        return v.same_within(lowest, minimum, rounding=0)
    return v.above(lowest, minimum, shown) if lowest > minimum else v.below(lowest, minimum, shown)


lowest_previous = [against_previous(r.lowest, r.national_previous_year) for r in grouped.itertuples()]
above = prov[prov["above_minimum"].fillna(False).astype(bool)]
run.claim("provinces-above-minimum",
          f"Of the {len(single)} single provincial standards in the material, {len(matched)} equal a national minimum: "
          f"{names_matched}"
          + (f"; {len(undecided)} cannot be checked ("
             + ", ".join(f"{r.name_en} {r.year}" for r in undecided.itertuples())
             + f"), because a year they can refer to ({', '.join(map(str, missing_years))}) has no national standard in "
             "the numeric tables" if len(undecided) else "")
          + f"; and none differs from both minima where both are in the standards table (printed or derived). In the {len(grouped)} provinces that print "
          "standards by group of residents, "
          + "; ".join(f"{r.name_en} {r.year}: the {r.highest_group} {num(r.highest)} yuan, {hi}, and the "
                      f"{r.lowest_group} {num(r.lowest)} yuan, {lo} and "
                      + (f"{lp} as the previous year's minimum ({num(r.national_previous_year)} yuan)"
                         if lp.word == "same_within" else f"{lp}")
                      for r, hi, lo, lp in zip(grouped.itertuples(), highest_above, lowest_below, lowest_previous))
          + ". Their raw rows show standards for the scheme year printed that were set or collected in the year "
          "before (an enrolment window in that year's autumn; a notice on that year's work), so the previous year's "
          "minimum can be the one they refer to (the collection-year rule).",
          v.all_of(none_differs, *highest_above, *lowest_below, *lowest_previous), matched=len(matched),
          unchecked=len(undecided),
          differs=len(differs), single=len(single), above=len(above))

# %% [markdown]
# Hunan's 2023 figure is explicitly a cover-year standard collected in late 2022, and it equals the 2022
# national minimum, as the collection-year rule (`COVER_LAG_YEARS`) that notebooks 05 and 06 use says;
# Hubei's 2022 figure is a notice year and equals the same year's minimum. What this part cannot show: the
# figures are from press and secondary pages (Beijing's low-authority, Tianjin's at consultation stage), a
# handful of province-years, and nothing in the material says how many residents pay each tier.
#
# ## Caveats
#
# * The share insured and the number not counted compare registers (insurance by registration, NCMS by
#   household registration) with a resident population; before 2018 NCMS members can be counted twice.
# * Births and deaths are derived national flows, not by scheme; they end in 2022.
# * The preferred 2015 year-end population is the first-published CSY figure; the population changes of
#   2015 and 2016 mix vintages and are not used.
# * The stated components are NHSA's statements as reported by the press, kept as text (evidence file).
# * All per-member figures divide a year's flow by a year-end count.

# %% [markdown]
# ## Key results
#
# The numbers stated above, recorded so that a rerun after a change to the data or the code reports
# exactly which of them moved (`notebooks/key_results.json`, checked by `make test`).

# %%
run.record({
    "not_counted_2021": u[TURN], "not_counted_latest": u[LAST_YEAR], "share_insured_2021": share[TURN],
    "births_2022": b[LAST_RATES_YEAR], "deaths_2022": d[LAST_RATES_YEAR],
    "non_renewal_most_2020": most["2020"], "non_renewal_most_2021": most["2021"],
    "non_renewal_most_2022_2023": most["2022–2023"], "non_renewal_most_latest": most[str(LAST_YEAR)],
    "premium_share_of_pension_first": sh[first_p], "premium_share_of_pension_last": sh[last_p],
    "premium_share_of_pension_first_implied": sh_implied_first,
    "not_counted_2021_deduplicated": dedup,
    "payout_per_contribution_2018": ratio[y_first], "payout_per_contribution_latest": ratio[y_last],
    "payout_per_financing_2018": per_fin[y_first], "payout_per_financing_latest": per_fin[y_last],
    "contribution_share_of_financing_2018": own[y_first], "contribution_share_of_financing_latest": own[y_last],
    "provincial_standards_matched": len(matched), "provincial_standards_unchecked": len(undecided),
    "provincial_standards_above": len(above)})
