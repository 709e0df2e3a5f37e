"""The vocabulary of findings: each word's one meaning, its margin, and its knife-edge wording, on
hand-built numbers."""

import json
import math

import pandas as pd
import pytest

from analysis.cli import main
from analysis.notebooks import claims
from analysis.notebooks import vocabulary as v
from analysis.stats import Association, RankCorrelation, Slope


class TestAboutTimes:
    def test_a_ratio_within_ten_percent_holds_with_the_distance_to_the_nearer_edge(self):
        f = v.about_times(3.8, 4)
        assert (f.holds, f.text) == (True, "about four times")
        assert f.margin == pytest.approx((3.8 - 3.6) / 3.8)

    def test_a_ratio_outside_the_band_is_false(self):
        assert not v.about_times(3.55, 4).holds
        assert not v.about_times(4.45, 4).holds

    def test_near_an_edge_it_says_only_just_and_names_the_band(self):
        f = v.about_times(3.62, 4)
        assert f.holds and f.knife_edge
        assert f.text == "only just about four times (threshold 3.6–4.4)"

    def test_about_one_time_is_about_the_same_either_way(self):
        assert v.about_times(1.04, 1).text == "about the same" and v.about_times(0.96, 1).text == "about the same"
        assert not v.about_times(1.12, 1).holds and not v.about_times(0.88, 1).holds
        assert v.about_times(1.04, 1).margin == pytest.approx((1.1 - 1.04) / 1.04)

    def test_fold_wording(self):
        assert v.about_times(20.3, 20, fold=True).text == "about twentyfold"

    def test_a_missing_number_is_false_not_silently_true(self):
        f = v.about_times(float("nan"), 4)
        assert not f.holds and f.margin == -math.inf


class TestAboutFraction:
    @pytest.mark.parametrize("share, holds", [(0.179, False), (0.18, True), (0.2, True), (0.22, True),
                                              (0.221, False)])
    def test_about_a_fifth_is_018_to_022(self, share, holds):
        assert v.about_fraction(share, "a fifth").holds is holds


class TestComparisons:
    def test_more_than_doubled_is_a_ratio_above_two(self):
        assert v.more_than_times(2.4).holds and v.more_than_times(2.4).text == "more than doubled"
        assert not v.more_than_times(2.0).holds
        assert v.more_than_times(2.4).margin == pytest.approx(0.2)

    def test_rose_needs_a_change_beyond_the_printed_rounding(self):
        assert v.rose(10.0, 10.4, rounding=0.1).holds
        assert not v.rose(10.0, 10.05, rounding=0.1).holds
        assert v.rose(10.0, 12.1, rounding=0.1).margin == pytest.approx((2.1 - 0.1) / 2.1)

    def test_a_change_far_beyond_its_rounding_is_not_only_just_however_small_against_its_level(self):
        """07's residents' medical insurance: 20.3 million fewer (2% of the level) against a 5,000-person rounding."""
        f = v.fell(983.28e6, 962.94e6, rounding=5e3)
        assert f.holds and not f.knife_edge and f.text == "fell"
        assert f.margin == pytest.approx(1 - 5e3 / 20.34e6)

    def test_a_change_barely_beyond_its_rounding_is_knife_edge_and_says_how_far_beyond(self):
        f = v.rose(10.0, 10.102, rounding=0.1)
        assert f.holds and f.knife_edge
        assert f.margin == pytest.approx(0.002 / 0.102)
        assert f.text == "only just rose (by 1.02 times the printed rounding)"

    def test_a_change_within_its_rounding_has_a_negative_margin_relative_to_the_rounding(self):
        assert v.rose(10.0, 10.05, rounding=0.1).margin == pytest.approx(-0.5)
        assert v.beyond_rounding(0.0, 0.0) == 0.0 and v.beyond_rounding(2.0, 0.0) == 1.0  # an exact count

    def test_fell_is_the_mirror_of_rose(self):
        assert v.fell(10.0, 8.0, rounding=0.1).holds and not v.fell(10.0, 12.0, rounding=0.1).holds

    def test_rose_every_year_needs_every_step_to_rise_with_the_smallest_steps_margin(self):
        f = v.rose_every(pd.Series([10.0, 12.0, 15.0], index=[2020, 2021, 2022]), rounding=0.1)
        assert (f.holds, f.text) == (True, "rose every year")
        assert f.margin == pytest.approx((2.0 - 0.1) / 2.0)  # 2020–2021: (2 − 0.1) ÷ 2, smaller than 2021–2022's

    def test_rose_every_year_is_false_when_one_step_falls_or_stays_within_rounding(self):
        assert not v.rose_every(pd.Series([10.0, 12.0, 11.0], index=[2020, 2021, 2022]), rounding=0.1).holds
        assert not v.rose_every(pd.Series([10.0, 12.0, 12.05], index=[2020, 2021, 2022]), rounding=0.1).holds

    def test_rose_every_year_is_false_on_a_gap(self):
        f = v.rose_every(pd.Series([10.0, float("nan"), 15.0], index=[2020, 2021, 2022]), rounding=0.1)
        assert not f.holds and f.margin == -math.inf

    def test_rose_every_year_names_its_knife_edge_steps(self):
        f = v.rose_every(pd.Series([10.0, 12.0, 12.0102, 15.0, 15.0104], index=[2020, 2021, 2022, 2023, 2024]),
                         rounding=0.01, each="from each year with a figure to the next")
        assert f.holds and f.knife_edge
        assert f.text == ("rose from each year with a figure to the next, only just in 2022 and 2024 "
                          "(by 1.02 and 1.04 times the printed rounding)")

    def test_rose_every_year_with_small_steps_far_beyond_rounding_is_not_knife_edge(self):
        """05's individual share: steps of about 0.9 points (2.5% of the share) against a 0.05-point rounding."""
        f = v.rose_every(pd.Series([0.3556, 0.3646, 0.3738], index=[2021, 2022, 2024]), rounding=0.0005)
        assert f.holds and not f.knife_edge and f.text == "rose every year"

    def test_rose_every_year_recomputes_from_any_changed_step(self):
        record = v.rose_every(pd.Series([10.0, 12.0, 15.0], index=[2020, 2021, 2022]), rounding=0.1).record()
        assert record["word"] == "rose_every" and v.evaluate(record).holds
        assert not v.evaluate(record, {"parts.1.last": 11.0}).holds
        assert v.falsifiers(record) and set(v.input_paths(record)) == {
            "parts.0.first", "parts.0.last", "parts.1.first", "parts.1.last"}

    def test_rose_every_year_needs_two_values(self):
        with pytest.raises(ValueError, match="at least two"):
            v.rose_every(pd.Series([10.0], index=[2020]), rounding=0.1)

    def test_faster_than_needs_a_difference_of_rates_beyond_rounding(self):
        assert v.faster_than(0.143, 0.081).holds
        assert not v.faster_than(0.0814, 0.081).holds  # 0.04 points: both print as 8.1%
        assert v.faster_than(0.143, 0.081).margin == pytest.approx((0.143 - 0.081 - 0.0005) / (0.143 - 0.081))

    def test_a_difference_of_rates_far_beyond_rounding_is_not_only_just_however_fast_both_grew(self):
        f = v.faster_than(1.06, 1.02)  # 4 points apart against a 0.05-point rounding
        assert f.holds and not f.knife_edge and f.text == "faster than"
        assert v.faster_than(0.08152, 0.081).text == "only just faster than"  # 0.052 points against 0.05

    def test_slower_than(self):
        f = v.slower_than(0.065, 0.081)
        assert f.holds and f.text == "more slowly than"

    def test_below_and_above_name_their_threshold_when_knife_edge(self):
        assert v.below(0.0150, 0.02, "2%").text == "below 2%"
        assert v.below(0.0195, 0.02, "2%").text == "only just below 2%"  # the threshold is already named
        assert not v.above(0.0195, 0.02, "2%").holds

    def test_most_is_more_than_half_of_those_with_data(self):
        assert v.most(16, 31).holds and v.most(16, 31).knife_edge
        assert not v.most(15, 30).holds
        assert v.most(20, 30).margin == pytest.approx(20 / 15 - 1)

    def test_same_within_rounding(self):
        assert v.same_within(100.0, 100.05, rounding=0.1).holds
        assert not v.same_within(100.0, 100.2, rounding=0.1).holds

    def test_same_count_is_exact_and_any_change_falsifies_it(self):
        assert v.same_within(0, 0, rounding=0).holds and not v.same_within(1, 0, rounding=0).holds
        assert v.falsifiers(v.same_within(0, 0, rounding=0).record())


def _association(ols=(1.0, 0.5, 1.5), loglog=(1.3, 0.28, 2.32), loo=(0.9, 0.2, 1.6), rho=0.42, p=0.019,
                 dropped=("Shanghai", -0.1, 0.8)):
    """An association with the given (estimate, ci_low, ci_high) per slope; standard errors, p, n and R² are
    not read by the words (NaN)."""
    nan = float("nan")

    def slope(est, lo, hi, *names):
        return Slope(est, nan, lo, hi, nan, 30, nan, tuple(n for n in names if n))

    return Association(ols_hc3=slope(*ols), spearman=RankCorrelation(rho, p, 30), loglog_hc3=slope(*loglog),
                       leave_one_out=slope(*loo, "Shanghai"),
                       drop_until_not_significant=slope(0.4, dropped[1], dropped[2], dropped[0]))


class TestAssociation:
    def test_robust_when_every_specification_agrees_and_excludes_zero(self):
        f = v.robustly_associated(**v.association_inputs(_association()))
        assert f.holds
        assert f.margin == pytest.approx(min(0.5 / 1.0, 0.28 / 1.3, 0.2 / 0.9, (0.05 - 0.019) / 0.05))

    def test_not_robust_when_one_interval_includes_zero_and_it_names_those_that_exclude_it(self):
        assoc = _association(ols=(1.0, -0.2, 2.2))
        assert not v.robustly_associated(**v.association_inputs(assoc)).holds
        f = v.no_robust_association(**v.association_inputs(assoc))
        assert f.holds
        assert f.text == ("no robust association (the log-log (HC3), leave-one-out, Spearman specifications "
                          "exclude zero; levels (HC3) does not)")

    def test_no_robust_association_is_false_when_every_interval_excludes_zero(self):
        assert not v.no_robust_association(**v.association_inputs(_association())).holds

    def test_fragile_when_the_named_provinces_carry_it(self):
        f = v.fragile_association(_association())
        assert f.holds and f.text == "fragile (carried by Shanghai)"

    def test_a_knife_edge_fragile_finding_says_which_interval_is_on_the_edge(self):
        f = v.fragile_association(_association(ols=(1.0, 0.02, 1.98)))
        assert f.knife_edge and f.text == "fragile (carried by Shanghai; the full interval only just excludes zero)"

    def test_not_fragile_when_nothing_is_dropped(self):
        assert not v.fragile_association(_association(dropped=("", 0.1, 0.8))).holds


def test_excludes_zero_reads_one_interval():
    assert v.excludes_zero(-2.1e-5, -3.9e-5, -0.3e-5).holds
    assert v.excludes_zero(-2.1e-5, -3.9e-5, -0.3e-5).margin == pytest.approx(0.3 / 2.1)
    assert not v.excludes_zero(1.46, -0.98, 3.89).holds


class TestComposite:
    def test_holds_when_every_part_holds_with_the_smallest_margin(self):
        f = v.all_of(v.about_times(3.8, 4), v.below(0.015, 0.02, "2%"))
        assert f.holds and f.margin == pytest.approx(min((3.8 - 3.6) / 3.8, 0.25))

    def test_one_false_part_makes_it_false(self):
        assert not v.all_of(v.about_times(3.8, 4), v.below(0.025, 0.02, "2%")).holds


class TestEvaluateAndFalsifiers:
    def test_a_recorded_finding_recomputes_from_changed_inputs(self):
        record = v.all_of(v.about_times(3.8, 4), v.rose(1.0, 2.0, 0.1)).record()
        assert v.evaluate(record).holds
        assert not v.evaluate(record, {"parts.0.ratio": 3.5}).holds
        assert not v.evaluate(record, {"parts.1.last": 1.0}).holds

    def test_a_finding_near_its_edge_has_a_falsifier_within_plausible_bounds(self):
        assert v.falsifiers(v.about_times(3.8, 4).record())

    def test_a_finding_far_from_its_edge_has_none_within_the_bound(self):
        """"More than doubled" on a 20-fold rise: no change of up to half its value makes it false."""
        assert v.falsifiers(v.more_than_times(20.0).record()) == []

    def test_an_interval_end_near_zero_moves_on_the_scale_of_its_interval(self):
        """The full interval of a fragile finding only just excludes zero: a small change of the interval,
        not a change of its own tiny end value, falsifies it."""
        record = v.fragile(0.001, 0.06, -0.006, 0.04, "Shanghai").record()
        assert v.falsifiers(record)[0] == {"ols_ci_low": pytest.approx(0.001 - 0.02 * 0.06)}

    def test_the_smallest_falsifying_change_is_reported(self):
        assert v.falsifiers(v.more_than_times(2.3).record()) == [{"ratio": 2.3 * 0.75}]


@pytest.fixture
def run(tmp_path):
    from analysis.notebooks.run import Run
    return Run(notebook="00-test", parameters={}, lang="en", figures_dir=tmp_path / "figures",
               results_dir=tmp_path / "results")


@pytest.fixture
def results_dir(run):
    return run.results_dir


class TestClaimsRecordMargins:
    def test_a_finding_is_recorded_with_its_margin_inputs_and_structure(self, run, results_dir):
        f = v.about_times(3.8, 4)
        run.check("four-times", f"It is {f}.", f, ratio_shown=3.8)
        [c] = json.loads((results_dir / "claims" / "00-test.json").read_text())
        assert c["numbers"] == {"ratio": 3.8, "ratio_shown": 3.8}
        assert c["margin"] == pytest.approx(0.2 / 3.8) and c["knife_edge"] is False
        assert c["finding"]["word"] == "about_times" and c["finding"]["params"] == {"n": 4, "fold": False}

    def test_a_false_finding_stops_the_claim(self, run, results_dir):
        f = v.about_times(3.0, 4)
        with pytest.raises(claims.ClaimFailed):
            run.check("four-times", f"It is {f}.", f)

    def test_the_claims_command_prints_margins_and_json(self, run, results_dir, capsys):
        run.check("four-times", "It is about four times.", v.about_times(3.8, 4))
        run.check("listed", "A plain boolean.", True)
        assert main(["claims", "--run", str(results_dir)]) == 0
        out = capsys.readouterr().out
        assert "00-test  four-times  holds: It is about four times.  (ratio=3.8)  margin: 5.3%" in out
        assert "listed  holds: A plain boolean.  ()  margin: none (a plain boolean" in out
        assert main(["claims", "--run", str(results_dir), "--format", "json"]) == 0
        listing = json.loads(capsys.readouterr().out)
        assert [(c["notebook"], c["id"], c["holds"]) for c in listing] == [("00-test", "four-times", True),
                                                                           ("00-test", "listed", True)]
        assert set(listing[0]) >= {"notebook", "id", "sentence", "holds", "numbers", "margin"}
        assert listing[0]["margin"] == pytest.approx(0.2 / 3.8) and listing[1]["margin"] is None


def test_docs_print_every_word_of_the_vocabulary_with_its_meaning_and_margin():
    from conftest import ROOT
    doc = (ROOT / "docs" / "claims.md").read_text(encoding="utf-8")
    for key, (words, meaning, margin) in v.WORDS.items():
        row = " | ".join([f"| `{key}`", words, meaning.replace("|", "\\|"), margin]) + " |"
        assert row in doc, key


def test_whichever_says_the_way_the_numbers_go_and_otherwise_when_neither_holds():
    assert v.whichever(v.faster_than(0.08, 0.05), v.slower_than(0.08, 0.05), otherwise="as fast as") == "faster than"
    assert v.whichever(v.faster_than(0.03, 0.05), v.slower_than(0.03, 0.05), otherwise="as fast as") == (
        "more slowly than")
    assert v.whichever(v.faster_than(0.05, 0.0502), v.slower_than(0.05, 0.0502), otherwise="as fast as") == (
        "as fast as")  # within the printed rounding either way
