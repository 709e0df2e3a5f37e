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
# # 10. Why enrolment fell and who is squeezed
#
# **Question.** How many people do the two basic medical insurance schemes leave uncounted, how much of the
# fall in residents' members can be non-renewal once births, deaths and the officially stated components are
# set against it, how heavy is the premium for an elderly resident living on the residents' pension, what
# does a member get back for the premium, and do the provinces charge more than the national minimum?
#
# **Answer.** The two schemes counted 95–97% of the year-end population from 2018 to 2021, and the number
# they did not count rose from about 50 million at the end of 2021 to about 82 million at the end of 2024.
# [claim:not-counted-rose]
# In 2022 deaths exceeded births, which had halved since 2016, so a complete register would have shrunk
# by itself. [claim:deaths-exceed-births]
# Births, deaths and the stated moves to employee insurance leave room for anything from no non-renewal to
# about 14–15 million a year in 2020 and 2021; in 2022–2023 the stated duplicates and moves exceed the fall
# plus every birth, so the material requires no non-renewal there and implies unstated new members.
# [claim:non-renewal-bounds]
# The minimum contribution took 7% of the residents' pension paid per recipient in 2012 and 14% in 2021,
# about twice the share, rising in every year with both figures. [claim:premium-share-of-pension-doubled]
# Fund expenditure per member per yuan of the minimum contribution fell from 3.8 in cover year 2018 to 3.1
# in 2023, below every NCMS year from 2008 to 2014. [claim:payout-per-contribution-fell]
# Where the material prints a province's single standard it equals a national minimum (Hunan's the
# previous policy year's, as the collection-year rule says), and only Beijing's working-age residents and
# Tianjin's higher tier pay more than the minimum whichever year they refer to. [claim:provinces-above-minimum]
#
# What the material cannot show: who the uncounted are (no membership by age, income or province after
# 2011; births and deaths are not by scheme), how many people stopped paying (no gross flows: only year-end
# stocks and two stated components), pensions and premiums per household, or any province's standard
# beyond the few press figures read here.

# %%
from analysis import claims, datasets, enrolment, figures, results, stats
from analysis.data.harmonise import RESIDENTS_SCHEME_MERGER_YEAR
from analysis.enrolment import FIRST_MERGED_COUNT_YEAR
from analysis.notebooks.helpers import check_parameters, num, pct, setup

setup("10-enrolment-decline")

# %% tags=["parameters"]
FIRST_YEAR = 2010  # first year of the population account (the NBS population and birth/death series start here)
LAST_YEAR = 2024  # latest year-end with members of both schemes (residents' 2024 derived: all − employees)
LAST_RATES_YEAR = 2022  # last year of the birth and death rates in the material
BASE_YEAR = 2015  # price base of the real values (rural CPI chain; the index ends in 2022)
DUPLICATE_YEARS = (2022, 2023)  # years of NHSA's stated removal of duplicate records (evidence file, row 2)
MOVE_YEARS = (2020, 2023)  # years of NHSA's stated 5-8 million moves a year to employee insurance (row 3)
MILLIONS = 1e6  # display unit
FIGURE_LANG = "en"  # language of the figures' text: "en", or "zh" for the Chinese set (reports/figures/zh/)

# %%
check_parameters(globals())  # every parameter checked (a province in any spelling made English); figure language set

# %%
long = datasets.province_year_long()
national = datasets.national_series()
policy = datasets.policy_standards()
ev = datasets.evidence().set_index("source_row")

# %% [markdown]
# ## 1. The decline as a population account
#
# Members of basic medical insurance against the year-end population. From 2018 the members are all
# members as NBS and NHSA print them (the merged residents' scheme includes the NCMS remainder); for
# 2010–2014 they are employees' + residents' members + NCMS enrollees, since NCMS was counted apart
# (NCMS enrols by household registration, so a migrant can be counted twice and the share can pass 100%,
# as in 2013). NCMS's national enrolment for 2015–2017 is not in the material, so those years have no
# total. The population is the printed year-end total; for 2023 and 2024, which the population tables in
# the material do not print, it is urban + rural population (both printed; `population_basis`).

# %%
account = enrolment.insured_population(national).query("@FIRST_YEAR <= year <= @LAST_YEAR").set_index("year")
account.assign(members=account["members"] / MILLIONS, population=account["population"] / MILLIONS,
               not_counted=account["not_counted"] / MILLIONS).round(3)

# %%
u, share = account["not_counted"], account["share_insured"]
TURN = MOVE_YEARS[0] + 1  # 2021: the last year-end before the stated duplicate removal began
early = share.loc[FIRST_MERGED_COUNT_YEAR:TURN]
claims.say("not-counted-rose",
           f"From {FIRST_MERGED_COUNT_YEAR} to {TURN} the two schemes counted {pct(early.min())}–{pct(early.max())} of the "
           f"year-end population; the number they did not count then rose every year, from {num(u[TURN] / MILLIONS, 1)} "
           f"million at the end of {TURN} to " + ", ".join(f"{num(u[y] / MILLIONS, 1)} million in {y}"
                                                         for y in range(TURN + 1, LAST_YEAR + 1)) + ".",
           bool(early.between(0.95, 0.97).all()) and len(early) == TURN - FIRST_MERGED_COUNT_YEAR + 1
           and 45 * MILLIONS <= u[TURN] <= 55 * MILLIONS and 77 * MILLIONS <= u[LAST_YEAR] <= 87 * MILLIONS
           and bool((u.loc[TURN:LAST_YEAR].diff().dropna() > 0).all()),
           share_min=early.min(), share_max=early.max(), not_counted_2021=u[TURN], not_counted_latest=u[LAST_YEAR])

# %% [markdown]
# The 2022 gap matches the academic estimate quoted in the evidence file (王超群: 66 million uninsured in
# 2022), which is the same subtraction. It is a stock of people not counted by either register, not a count
# of people who stopped paying: it also holds people never enrolled, people whose duplicate records were
# removed while they stayed insured once, and the difference between the population's residence basis and
# the schemes' registration basis.

# %%
fig, (ax1, ax2) = figures.figure("double", ncols=2, height_mm=80)
lines = (account[["population", "members"]].div(MILLIONS)
         .rename(columns={"population": figures.text("year_end_population"), "members": figures.text("insured_members")})
         .reset_index().melt(id_vars="year", var_name="series", value_name="million"))
figures.time_series(lines, "year", "million", hue="series", ax=ax1)
ax1.axvspan(FIRST_YEAR - 0.4, enrolment.LAST_SEPARATE_NCMS_YEAR + 0.4, color="#eeeeee", zorder=0)
ax1.annotate(figures.text("ncms_counted_apart"), ((FIRST_YEAR + enrolment.LAST_SEPARATE_NCMS_YEAR) / 2, 0.04),
             xycoords=("data", "axes fraction"), ha="center",
             fontsize=6, color="#555555")
ax1.set_ylim(0, None)
ax1.set_ylabel(figures.text("million_persons_year_end"))
ax1.set_title(figures.text("share_insured_title"))
ax1.legend(loc="center right")
bars = account["not_counted"].dropna() / MILLIONS
ax2.bar(bars.index, bars.to_numpy(), color="#999999", width=0.7)
ax2.axhline(0, color="black", lw=0.6)
figures.year_axis(ax2)
ax2.set_xlim(FIRST_YEAR - 0.6, LAST_YEAR + 0.6)
ax2.set_xlabel(figures.text("year"))
ax2.set_ylabel(figures.text("million_persons_year_end"))
ax2.set_title(figures.text("not_counted_title"))
figures.export(fig, "10_population_account", notebook="10-enrolment-decline.ipynb",
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
datasets.trace("births", "000000", LAST_RATES_YEAR)[["indicator", "value", "tier", "derivation"]]

# %%
b, d = flows["births"].dropna(), flows["deaths"].dropna()
COMPARED = RESIDENTS_SCHEME_MERGER_YEAR  # 2016, the last year with more than 18 million births in the series
claims.say("deaths-exceed-births",
           f"In {LAST_RATES_YEAR} deaths ({num(d[LAST_RATES_YEAR] / MILLIONS, 2)} million, derived) exceeded births "
           f"({num(b[LAST_RATES_YEAR] / MILLIONS, 2)} million), the first year of the series (from {int(b.index.min())}) in which "
           f"they did; births were "
           f"{pct(b[LAST_RATES_YEAR] / b[COMPARED], 0)} of their {COMPARED} number ({num(b[COMPARED] / MILLIONS, 2)} million).",
           d[LAST_RATES_YEAR] > b[LAST_RATES_YEAR] and bool((b.loc[:LAST_RATES_YEAR - 1] > d.loc[:LAST_RATES_YEAR - 1]).all())
           and 0.45 <= b[LAST_RATES_YEAR] / b[COMPARED] <= 0.55,
           births=b[LAST_RATES_YEAR], deaths=d[LAST_RATES_YEAR], births_compared=b[COMPARED])

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
# is not bounded. Both bounds assume no inflow other than births (returnees, first enrolments), which the
# material does not state: a negative *most* means such inflows occurred.

# %%
duplicates = stats.stated_numbers(ev.at[2, "value"])[0] * MILLIONS
move_lo, move_hi = (v * MILLIONS for v in stats.stated_numbers(ev.at[3, "value"])[:2])
# One period per year, except the duplicate removal, which is stated for its two years together.
periods = [(y - 1, y) for y in range(FIRST_MERGED_COUNT_YEAR + 1, DUPLICATE_YEARS[0])] + \
          [(DUPLICATE_YEARS[0] - 1, DUPLICATE_YEARS[1])] + [(y - 1, y) for y in range(DUPLICATE_YEARS[1] + 1, LAST_YEAR + 1)]
bounds = enrolment.non_renewal_bounds(national, periods, duplicates=duplicates, duplicate_years=DUPLICATE_YEARS,
                                      moves_per_year=(move_lo, move_hi), move_years=MOVE_YEARS).set_index("period")
shown = ["fall", "births", "deaths", "population_change_used", "duplicates_removed", "moves_low", "moves_high",
         "most", "least"]
(bounds[shown] / MILLIONS).round(1).join(bounds["natural_basis"])

# %%
most, least = bounds["most"], bounds["least"]
claims.say("non-renewal-bounds",
           f"In 2020 and 2021 residents' members fell by {num(bounds.at['2020', 'fall'] / MILLIONS, 1)} and "
           f"{num(bounds.at['2021', 'fall'] / MILLIONS, 1)} million; with births, deaths and the stated moves, non-renewal "
           f"can be anything from none (the least is {num(least['2020'] / MILLIONS, 1)} and "
           f"{num(least['2021'] / MILLIONS, 1)} million) to {num(most['2020'] / MILLIONS, 1)} and "
           f"{num(most['2021'] / MILLIONS, 1)} million. In 2022–2023 members fell by "
           f"{num(bounds.at['2022–2023', 'fall'] / MILLIONS, 1)} million while the stated duplicates and moves come to "
           f"{num((duplicates + bounds.at['2022–2023', 'moves_low']) / MILLIONS, 0)}–"
           f"{num((duplicates + bounds.at['2022–2023', 'moves_high']) / MILLIONS, 0)} million: even with every birth the "
           f"most is {num(most['2022–2023'] / MILLIONS, 1)} million, so the material requires no non-renewal there and "
           f"implies at least {num(-most['2022–2023'] / MILLIONS, 1)} million unstated new members.",
           least["2020"] < 0 and least["2021"] < 0 and 13 * MILLIONS <= most["2021"] <= most["2020"] <= 16 * MILLIONS
           and most["2022–2023"] < 0,
           most_2020=most["2020"], most_2021=most["2021"], least_2020=least["2020"], least_2021=least["2021"],
           most_2022_2023=most["2022–2023"])

# %%
change_latest = bounds.at[str(LAST_YEAR), "population_change_used"]
claims.say("non-renewal-2024-unbounded-below",
           f"In {LAST_YEAR} the population shrank ({num(change_latest / MILLIONS, 2)} million, standing in for births − deaths) "
           f"and no component is stated, so non-renewal can be at most {num(most[str(LAST_YEAR)] / MILLIONS, 1)} million, "
           f"less than the {num(bounds.at[str(LAST_YEAR), 'fall'] / MILLIONS, 1)} million fall; the material sets no lower "
           "bound (the moves to employee insurance are not stated for that year).",
           change_latest < 0 and most[str(LAST_YEAR)] < bounds.at[str(LAST_YEAR), "fall"]
           and bool(least.isna()[str(LAST_YEAR)]),
           most_latest=most[str(LAST_YEAR)], fall_latest=bounds.at[str(LAST_YEAR), "fall"], population_change=change_latest)

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
# Years without a published national standard (2016, 2019) stay gaps.

# %%
pension = enrolment.premium_to_pension(national, policy).set_index("year")
pension.round(3)

# %%
fig, ax = figures.figure("single", height_mm=70)
figures.time_series(pension.reset_index(), "year", "share", ax=ax, label=figures.text("premium_over_pension"),
                    color=figures.COLOURS["individual contribution"])
figures.percent_axis(ax)
ax.set_ylabel(figures.text("share_of_pension"))
figures.export(fig, "10_premium_over_pension", notebook="10-enrolment-decline.ipynb",
               indicators=["resident_pension_fund_expenditure", "resident_pension_beneficiaries",
                           "min_individual_contribution"],
               tables=["national_series", "policy_standards"], years=pension.index, geo="national")
fig

# %%
sh = pension["share"].dropna()
first_p, last_p = int(sh.index.min()), int(sh.index.max())
claims.say("premium-share-of-pension-doubled",
           f"The minimum contribution took {pct(sh[first_p])} of the residents' pension paid per recipient in {first_p} "
           f"({num(pension.at[first_p, 'pension_per_recipient'])} yuan a year) and {pct(sh[last_p])} in {last_p} "
           f"({num(pension.at[last_p, 'pension_per_recipient'])} yuan): {sh[last_p] / sh[first_p]:.1f} times the share, "
           "higher in every year with both figures than in the one before.",
           1.5 <= sh[last_p] / sh[first_p] <= 2.5 and bool((sh.diff().dropna() > 0).all()),
           share_first=sh[first_p], share_last=sh[last_p], ratio=sh[last_p] / sh[first_p])

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
# year before the cover year (collected in its autumn).

# %%
value = enrolment.benefit_per_member(national, policy).set_index("year")
level = datasets.rural_price_level(BASE_YEAR)
real = value[["payout", "financing", "contribution"]].apply(lambda c: stats.deflate(c, level))
value.round(2).join(real.add_suffix(f"_{BASE_YEAR}_prices").round(1))

# %%
names = {"payout": figures.text("payout_per_member"), "financing": figures.text("financing_per_member"),
         "contribution": figures.text("minimum_contribution_by_cover_year")}
years_all = range(int(value.index.min()), int(value.index.max()) + 1)
# The contribution in the project's colour for the individual contribution; the two per-member series in two others.
line_colours = {"payout": figures.OKABE_ITO[1], "financing": figures.OKABE_ITO[7],
                "contribution": figures.COLOURS["individual contribution"]}
fig, axes = figures.figure("double", ncols=2, height_mm=85)
for ax, table, title in ((axes[0], value, figures.text("nominal_title")),
                         (axes[1], real, figures.text("real_title", year=BASE_YEAR))):
    for col, name in names.items():
        figures.time_series(table[[col]].reindex(years_all).rename_axis("year").reset_index(), "year", col, ax=ax,
                            label=name, color=line_colours[col])
    ax.axvspan(RESIDENTS_SCHEME_MERGER_YEAR - 0.4, FIRST_MERGED_COUNT_YEAR + 0.4, color="#eeeeee", zorder=0)
    ax.annotate(figures.text("merger_years"), ((RESIDENTS_SCHEME_MERGER_YEAR + FIRST_MERGED_COUNT_YEAR) / 2, 0.45), xycoords=("data", "axes fraction"), ha="center",
                va="bottom", fontsize=6, color="#555555")
    ax.set_ylim(0, None)
    ax.set_xlabel(figures.text("cover_year"))
    ax.set_title(title)
axes[0].set_ylabel(figures.text("nominal_yuan_per_person_year"))
axes[1].set_ylabel(figures.text("yuan_2015_prices"))
axes[0].legend(loc="upper left")
figures.export(fig, "10_contribution_vs_benefit", notebook="10-enrolment-decline.ipynb",
               indicators=["ncms_fund_expenditure", "ncms_enrollees", "ncms_financing_per_enrollee",
                           "resident_bmi_fund_expenditure", "resident_bmi_fund_revenue", "resident_bmi_participants",
                           "min_individual_contribution", "rural_cpi"],
               tables=["national_series", "policy_standards"], years=years_all, geo="national")
fig

# %%
ratio = value["payout_per_contribution"].dropna()
ncms_ratio = ratio[(ratio.index >= 2008) & (ratio.index <= 2014)]
r_first, r_last = ratio[FIRST_MERGED_COUNT_YEAR], ratio[value.index.max()]
claims.say("payout-per-contribution-fell",
           f"Fund expenditure per member was {r_first:.1f} times the minimum contribution in cover year "
           f"{FIRST_MERGED_COUNT_YEAR} and "
           f"{r_last:.1f} times in {int(value.index.max())}, below every NCMS year from 2008 to 2014 "
           f"({ncms_ratio.min():.1f}–{ncms_ratio.max():.1f} times).",
           r_last < r_first < ncms_ratio.min(), ratio_2018=r_first, ratio_latest=r_last, ncms_min=ncms_ratio.min())

# %%
rp, rc = real["payout"].dropna(), real["contribution"].dropna()
last_real = int(min(rp.index.max(), rc.index.max()))
first_real = int(max(rp.index.min(), rc.index.min()))
g_p, g_c = rp[last_real] / rp[first_real], rc[last_real] / rc[first_real]
claims.say("real-contribution-outgrew-payout",
           f"At {BASE_YEAR} rural prices, from cover year {first_real} to {last_real} fund expenditure per member rose "
           f"{g_p:.0f}-fold ({num(rp[first_real])} to {num(rp[last_real])} yuan) and the minimum contribution faster, "
           f"{g_c:.0f}-fold ({num(rc[first_real])} to {num(rc[last_real])} yuan).",
           g_c > g_p > 1, payout_growth=g_p, contribution_growth=g_c)

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
# national standard in the material (2019) or the figure lies between the two.

# %%
prov = enrolment.provincial_standards(long, policy).merge(
    datasets.provinces()[["code", "name_en"]], left_on="geo_code", right_on="code").drop(columns="code")
prov[["name_en", "year", "group", "value", "national_same_year", "national_previous_year", "matches",
      "above_minimum", "source_row"]]

# %%
single = prov[prov["group"].eq("")]
matched = single[single["matches"].ne("")]
above = prov[prov["above_minimum"].fillna(False).astype(bool)]
names_matched = ", ".join(f"{r.name_en} {r.year} ({r.matches} year)" for r in matched.itertuples())
names_above = ", ".join(f"{r.name_en} {r.group} {num(r.value)} yuan ({r.year})" for r in above.itertuples())
undecided = single[single["matches"].eq("")]
claims.say("provinces-above-minimum",
           f"Of the {len(single)} single provincial standards in the material, {len(matched)} equal a national minimum: "
           f"{names_matched}; the other {len(undecided)} ("
           + ", ".join(f"{r.name_en} {r.year}" for r in undecided.itertuples())
           + ") fall on a year whose national standard (2019) is not in the material. Above the minimum whichever "
           f"year they refer to: {names_above}.",
           set(zip(matched["geo_code"], matched["year"])) == {("430000", 2021), ("430000", 2023), ("420000", 2022),
                                                               ("150000", 2020)}
           and set(matched.loc[matched["geo_code"].eq("430000"), "matches"]) == {"previous"}
           and bool(undecided[["national_same_year", "national_previous_year"]].isna().any(axis=1).all())
           and set(zip(above["geo_code"], above["group"])) == {("110000", "working-age residents"),
                                                              ("120000", "higher tier")},
           matched=len(matched), undecided=len(undecided), above=len(above))

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
results.record("10-enrolment-decline", {
    "not_counted_2021": u[TURN], "not_counted_latest": u[LAST_YEAR], "share_insured_2021": share[TURN],
    "births_2022": b[LAST_RATES_YEAR], "deaths_2022": d[LAST_RATES_YEAR],
    "non_renewal_most_2020": most["2020"], "non_renewal_most_2021": most["2021"],
    "non_renewal_most_2022_2023": most["2022–2023"], "non_renewal_most_latest": most[str(LAST_YEAR)],
    "premium_share_of_pension_first": sh[first_p], "premium_share_of_pension_last": sh[last_p],
    "payout_per_contribution_2018": r_first, "payout_per_contribution_latest": r_last,
    "provincial_standards_matched": len(matched), "provincial_standards_above": len(above)})
