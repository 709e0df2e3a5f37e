"""The fall in enrolment, what the data can show (notebook 10): the decline as a population account, the elderly's
premium against their pension, what members get back, and the provinces' own standards.

Every function takes the processed tables (or small frames with the same columns) and returns a new table;
nothing is estimated or filled in: a year whose inputs are not in the material stays a gap, and every
assumption a bound rests on is a named argument.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .data.derive import COVER_LAG_YEARS

#: Last year-end at which NCMS members were counted outside the residents' scheme by NBS: from the end of 2018 the
#: NBS residents' figure includes the NCMS remainder (notebook 03), so NCMS is added to the two schemes only before.
LAST_SEPARATE_NCMS_YEAR = 2014
#: First year-end at which the NBS residents' figure includes the NCMS remainder (NHSA 2018 bulletin: 897.41 million
#: in the merged scheme + 130.38 million still in NCMS = the NBS 1027.78 million; notebook 03 checks it). Between
#: the two (2015-2017) NCMS members are in neither national count of the material.
FIRST_MERGED_COUNT_YEAR = 2018


def insured_population(national: pd.DataFrame) -> pd.DataFrame:
    """Members of basic medical insurance against the year-end population, one row per year.

    ``members`` = employees' + residents' members where both are in the material (the bulletin's components, which
    are finer than a rounded total: 2023's printed total is Xinhua's 13.34亿, its components are to the 万), else all
    members as printed where they include NCMS (from 2018, when the NBS and NHSA totals count the merged scheme),
    plus NCMS enrollees in the years NCMS was counted apart (to :data:`LAST_SEPARATE_NCMS_YEAR`); a year without
    one of the parts (NCMS 2015-2017 is not in the material nationally, :data:`FIRST_MERGED_COUNT_YEAR`) has no
    total. ``population`` = the printed year-end total,
    else urban + rural (both printed; ``population_basis`` says which). ``share_insured`` = members ÷
    population (NCMS counts registered rural residents, so before 2018 a person can be counted twice and the
    share can exceed what it measures); ``not_counted`` = population − members.
    """
    s = national.set_index("year")
    col = lambda c: s[c] if c in s else pd.Series(np.nan, index=s.index)  # noqa: E731
    parts = col("uebmi_participants") + col("resident_bmi_participants")
    before = s.index <= LAST_SEPARATE_NCMS_YEAR
    merged = s.index >= FIRST_MERGED_COUNT_YEAR
    members = pd.Series(np.where(before, parts + col("ncms_enrollees"), np.nan), index=s.index)
    members = members.where(before, parts.fillna(col("bmi_participants")).where(merged))
    basis = np.where(
        col("total_population").notna(),
        "printed",
        np.where((col("urban_population") + col("rural_population")).notna(), "urban + rural (derived)", ""),
    )
    population = col("total_population").fillna(col("urban_population") + col("rural_population"))
    out = pd.DataFrame({"members": members, "population": population, "population_basis": basis}, index=s.index)
    out = out.assign(share_insured=out["members"] / out["population"], not_counted=out["population"] - out["members"])
    return out.rename_axis("year").reset_index()


def not_counted_without_duplicates(
    account: pd.DataFrame, *, duplicates: float, duplicate_years: tuple[int, int]
) -> pd.DataFrame:
    """The number not counted as printed and with the stated duplicate records taken out of the members.

    A person with a duplicate record is counted twice, so a member total that holds duplicates is too large and the
    gap (population − members) too small; removing the duplicate leaves the person counted once. ``account`` is
    :func:`insured_population`'s table; ``duplicates`` were removed over ``duplicate_years`` (inclusive, not split
    by year). ``duplicates_in_count`` is what the year's count can hold of them: all of them at the last year-end
    before the removal (``duplicate_years[0] − 1``: the most the statement allows; how many of them were already
    in that count the material does not say), none from the end of the removal's last year on, and missing for
    the years inside the removal (not split) and before the last year-end before it (not stated).
    ``not_counted_deduplicated`` = ``not_counted`` + ``duplicates_in_count`` (derived from the printed gap and
    the stated duplicates).
    """
    first, last = duplicate_years
    out = account[["year", "not_counted"]].copy()
    out["duplicates_in_count"] = np.select([out["year"].eq(first - 1), out["year"].ge(last)], [duplicates, 0.0], np.nan)
    out["not_counted_deduplicated"] = out["not_counted"] + out["duplicates_in_count"]
    return out.reset_index(drop=True)


def natural_flows(national: pd.DataFrame) -> pd.DataFrame:
    """Births, deaths and the population change by year: births and deaths as derived in the long table (rate ×
    average population), ``population_change`` = year-end population − the previous year-end (printed total,
    else urban + rural, as :func:`insured_population`)."""
    pop = insured_population(national).set_index("year")["population"]
    s = national.set_index("year")
    out = pd.DataFrame(
        {
            "births": s.get("births", pd.Series(np.nan, index=s.index)),
            "deaths": s.get("deaths", pd.Series(np.nan, index=s.index)),
        },
        index=s.index,
    )
    prev = pop.reindex(pop.index - 1).to_numpy()
    return out.assign(population_change=pop.to_numpy() - prev).rename_axis("year").reset_index()


def non_renewal_bounds(
    national: pd.DataFrame,
    periods: list[tuple[int, int]],
    *,
    duplicates: float,
    duplicate_years: tuple[int, int],
    moves_per_year: tuple[float, float],
    move_years: tuple[int, int],
) -> pd.DataFrame:
    """The most and the least that non-renewal (people leaving both schemes) can be in each period, given the
    material: the fall in residents' members set against births, deaths and the stated components.

    For a period from the end of year ``a`` to the end of ``b``: ``fall`` = residents' members(a) −
    members(b). The stated components are ``duplicates`` removed over ``duplicate_years`` (inclusive; counted
    in a period that covers all those years, zero in a period outside them, and the period is refused if it
    splits them) and ``moves_per_year`` (low, high) to employee insurance in each of ``move_years``.

    The *most*: every newborn of the period joined the residents' scheme (births, which the fall must
    additionally absorb), no member died, the fewest moves: ``fall + births − moves_low − duplicates``. The
    *least*: no newborn joined, every death was a member, the most moves: ``fall − deaths − moves_high −
    duplicates``. Where births and deaths are not in the material (``natural_basis`` says so) the population
    change stands for births − deaths in both: ``fall + population change − moves − duplicates``. Where the
    period has years without a stated move, the least is not bounded (missing). Both bounds assume no inflow
    other than births (returnees, first enrolments) and no overlap between the stated components (a person
    counted both as a removed duplicate and as a move to employee insurance), neither of which the material
    states; a negative *most* means the stated components and births exceed the fall, so unstated inflows or
    overlap between the stated components of at least that much (``unstated_inflows_or_overlap``) occurred.
    """
    res = national.set_index("year")["resident_bmi_participants"]
    flows = natural_flows(national).set_index("year")
    rows = []
    for a, b in periods:
        years = range(a + 1, b + 1)
        d0, d1 = duplicate_years
        if any(y in years for y in range(d0, d1 + 1)) and not all(y in years for y in range(d0, d1 + 1)):
            raise ValueError(f"period {a}-{b} splits the duplicate removal of {d0}-{d1}")
        dup = duplicates if all(y in years for y in range(d0, d1 + 1)) else 0.0
        stated = [y for y in years if move_years[0] <= y <= move_years[1]]
        all_stated = len(stated) == len(years)
        m_lo, m_hi = len(stated) * moves_per_year[0], len(stated) * moves_per_year[1]
        f = flows.reindex(list(years))
        known = f["births"].notna() & f["deaths"].notna()
        births, deaths = f.loc[known, "births"].sum(), f.loc[known, "deaths"].sum()
        change = f.loc[~known, "population_change"].sum(min_count=1) if (~known).any() else 0.0
        fall = res.get(a, np.nan) - res.get(b, np.nan)
        most = fall + births + change - m_lo - dup
        least = (fall - deaths + change - m_hi - dup) if all_stated else np.nan
        basis = (
            "births and deaths"
            if known.all()
            else "population change"
            if not known.any()
            else f"births and deaths {', '.join(str(y) for y in f.index[known])}; population change "
            f"{', '.join(str(y) for y in f.index[~known])}"
        )
        rows.append(
            {
                "period": f"{a + 1}" if b == a + 1 else f"{a + 1}–{b}",
                "start": a,
                "end": b,
                "fall": fall,
                "births": births if known.any() else np.nan,
                "deaths": deaths if known.any() else np.nan,
                "population_change_used": change if (~known).any() else np.nan,
                "natural_basis": basis,
                "duplicates_removed": dup,
                "moves_low": m_lo if stated else np.nan,
                "moves_high": m_hi if stated else np.nan,
                "moves_stated_all_years": all_stated,
                "most": most,
                "least": least,
                "unstated_inflows_or_overlap": max(-most, 0.0),
            }
        )
    return pd.DataFrame(rows)


def premium_to_pension(national: pd.DataFrame, policy: pd.DataFrame) -> pd.DataFrame:
    """The minimum medical-insurance contribution against the residents' pension paid per recipient, by year.

    ``pension_per_recipient`` = residents' pension fund expenditure ÷ year-end recipients (the derived row of
    the long table); ``contribution`` = national minimum individual contribution of the same policy year (paid
    in the autumn of that year, out of that year's pension: the burden rule of :func:`analysis.data.derive.add_burden`);
    ``share`` = contribution ÷ pension per recipient. Years without either stay gaps.
    """
    s = national.set_index("year")
    pension = s.get("resident_pension_benefit_per_recipient", pd.Series(dtype=float)).dropna()
    contrib = policy.set_index("year")["min_individual_contribution"].reindex(pension.index)
    out = pd.DataFrame({"pension_per_recipient": pension, "monthly_pension": pension / 12, "contribution": contrib})
    return out.assign(share=out["contribution"] / out["pension_per_recipient"]).rename_axis("year").reset_index()


def benefit_per_member(national: pd.DataFrame, policy: pd.DataFrame, *, lag: int = COVER_LAG_YEARS) -> pd.DataFrame:
    """What a member's fund paid out against what a member paid in, by cover year.

    ``payout`` = fund expenditure per member: NCMS fund expenditure ÷ enrollees to
    :data:`LAST_SEPARATE_NCMS_YEAR`, residents' fund expenditure ÷ year-end members from the first year the
    NBS residents' figure includes the NCMS remainder (2018; both derived rows of the long table);
    ``financing`` = total financing per member (NCMS financing per enrollee as printed; residents' fund
    revenue ÷ members); ``contribution`` = the national minimum individual contribution of policy year
    ``cover year − lag`` (collected in the autumn before the cover year); ``scheme`` names the series. The
    merger years in between (2015-2017) stay gaps: neither series covers the rural members then. The two schemes
    are not comparable with each other (NCMS rural only, the merged scheme with urban residents), so a ratio is
    compared within one scheme. ``payout_per_contribution`` = payout ÷ contribution, which is the product of
    ``payout_per_financing`` (payout ÷ financing: what the fund paid out of what it took in) and the inverse of
    ``contribution_share_of_financing`` (contribution ÷ financing): it falls when the members' own share of the
    financing rises even if the fund pays out as much of what it takes in.
    """
    s = national.set_index("year")
    get = lambda c: s[c] if c in s else pd.Series(np.nan, index=s.index)  # noqa: E731
    ncms = s.index <= LAST_SEPARATE_NCMS_YEAR
    merged = s.index >= FIRST_MERGED_COUNT_YEAR
    payout = np.where(
        ncms, get("ncms_payout_per_enrollee"), np.where(merged, get("resident_bmi_expenditure_per_member"), np.nan)
    )
    financing = np.where(
        ncms, get("ncms_financing_per_enrollee"), np.where(merged, get("resident_bmi_revenue_per_member"), np.nan)
    )
    scheme = np.where(ncms, "NCMS", np.where(merged, "residents' scheme", ""))
    contrib = policy.set_index("year")["min_individual_contribution"]
    out = pd.DataFrame(
        {"scheme": scheme, "payout": payout, "financing": financing, "contribution": (s.index - lag).map(contrib)},
        index=s.index,
    )
    out = out[out["payout"].notna()]
    # payout ÷ contribution = (payout ÷ financing) × (financing ÷ contribution): what the fund paid out of what it
    # took in, times the inverse of the members' own (minimum) share of it.
    return (
        out.assign(
            payout_per_contribution=out["payout"] / out["contribution"],
            payout_per_financing=out["payout"] / out["financing"],
            contribution_share_of_financing=out["contribution"] / out["financing"],
        )
        .rename_axis("year")
        .reset_index()
    )


def provincial_standards(long: pd.DataFrame, policy: pd.DataFrame, *, lag: int = COVER_LAG_YEARS) -> pd.DataFrame:
    """Provincial individual contribution standards (evidence tier, as printed) against the national minimum of
    the same policy year and of the year before (the collection-year rule: a cover year's premium is collected
    in the autumn of the year before, at that year's standard).

    ``matches`` names which national minimum the figure equals (``same``, ``previous``, both, or ``""``);
    ``above_minimum`` is True where the figure exceeds the minimum of both candidate years (so it is above
    the minimum whichever year it refers to), False where it equals one of them or is at or below both, and
    missing otherwise: a candidate year has no national standard in the material, or the figure lies between
    the two (above the minimum under one reading of its year, below it under the other). ``check`` says whether
    the figure ``equals a minimum`` (of either candidate year), ``cannot be checked`` (it equals neither printed
    minimum and a candidate year's national standard is a gap in the material) or ``differs from both minima``
    (both are printed and it equals neither).
    """
    d = long[long["indicator"].eq("province_individual_contribution") & long["value"].notna()]
    contrib = policy.set_index("year")["min_individual_contribution"]
    out = d[["geo_code", "year", "group", "value", "tier", "source_file", "source_row"]].copy()
    out["national_same_year"] = out["year"].map(contrib).astype(float)
    out["national_previous_year"] = (out["year"] - lag).map(contrib).astype(float)
    same = out["value"].eq(out["national_same_year"])
    prev = out["value"].eq(out["national_previous_year"])
    out["matches"] = np.select([same & prev, same, prev], ["same and previous", "same", "previous"], "")
    known = out[["national_same_year", "national_previous_year"]]
    above_all = out["value"].gt(known.max(axis=1)) & known.notna().all(axis=1)
    not_above = (out["value"].le(known.min(axis=1)) & known.notna().all(axis=1)) | same | prev
    out["above_minimum"] = pd.array(np.where(above_all, True, np.where(not_above, False, pd.NA)), dtype="boolean")
    out["check"] = np.select(
        [same | prev, known.isna().any(axis=1)], ["equals a minimum", "cannot be checked"], "differs from both minima"
    )
    return out.sort_values(["geo_code", "year", "group"], kind="mergesort").reset_index(drop=True)


def grouped_standards(standards: pd.DataFrame) -> pd.DataFrame:
    """For each province and year that prints its standard by group of residents (a class or tier, ``group``
    not empty), the lowest and the highest group's standard beside the national minima of the same and the
    previous policy year, one row per province-year.

    ``standards`` is :func:`provincial_standards`'s table. Columns: ``geo_code``, ``year``, ``groups`` (how many),
    ``lowest_group``, ``lowest``, ``highest_group``, ``highest``, ``national_same_year``,
    ``national_previous_year``. A province-year with a single standard has no row.
    """
    g = standards[standards["group"].ne("")]
    keys = ["geo_code", "year"]
    lo = g.loc[g.groupby(keys)["value"].idxmin()].set_index(keys)
    hi = g.loc[g.groupby(keys)["value"].idxmax()].set_index(keys)
    out = pd.DataFrame(
        {
            "groups": g.groupby(keys).size(),
            "lowest_group": lo["group"],
            "lowest": lo["value"],
            "highest_group": hi["group"],
            "highest": hi["value"],
            "national_same_year": hi["national_same_year"],
            "national_previous_year": hi["national_previous_year"],
        }
    )
    return out.reset_index()


def missing_national_years(standards: pd.DataFrame, lag: int) -> list[int]:
    """The policy years whose national minimum is a gap in the material, among those a provincial standard can
    refer to (its own year, and the year ``lag`` before it: the collection-year rule); ``standards`` as
    :func:`provincial_standards` returns them."""
    years = set()
    for r in standards.itertuples():
        for year, national in ((r.year, r.national_same_year), (r.year - lag, r.national_previous_year)):
            if pd.isna(national):
                years.add(int(year))
    return sorted(years)
