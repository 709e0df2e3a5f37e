import math

import pandas as pd
import pytest

from analysis.data.validate import check_long, sum_check_problems, sum_checks


def cells(values, printed=None, indicator="ncms_enrollees", file="data/raw/t.csv"):
    geo = ["000000", "110000", "120000"][: len(values)]
    printed = printed or [str(v) for v in values]
    return pd.DataFrame({"source_file": file, "year": 2011, "indicator": indicator, "group": "", "geo_code": geo,
                         "value": [v * 1e4 for v in values], "factor": 1e4, "value_as_printed": printed,
                         "unit": "persons", "source_row": range(2, 2 + len(values))})


class TestSumChecks:
    def test_sum_within_printed_rounding_is_ok(self):
        rep = sum_checks(cells([3.0, 1.6, 1.5], ["3.0", "1.6", "1.5"]))
        assert rep["status"].tolist() == ["ok"]

    def test_sum_off_with_provinces_missing_from_a_partial_copy_is_reported_not_failed(self):
        df = cells([9.0, 1.0, 1.0])
        rep = sum_checks(df, {df["source_file"].iloc[0]: "copy ends early"})
        assert rep["status"].tolist() == ["reported"] and sum_check_problems(rep) == []
        assert "copy ends early" in rep["note"].iloc[0]

    def test_sum_off_with_provinces_missing_elsewhere_fails(self):
        rep = sum_checks(cells([9.0, 1.0, 1.0]))
        assert rep["status"].tolist() == ["failed"] and len(sum_check_problems(rep)) == 1

    def test_complete_table_off_by_more_than_rounding_fails_with_file_and_row(self):
        provinces = [f"{c}0000" for c in (11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
                                          45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65)]
        df = pd.DataFrame({"source_file": "data/raw/t.csv", "year": 2011, "indicator": "ncms_enrollees", "group": "",
                           "geo_code": ["000000", *provinces], "value": [60e4] + [1e4] * 31, "factor": 1e4,
                           "value_as_printed": ["60"] + ["1"] * 31, "unit": "persons", "source_row": range(2, 34)})
        rep = sum_checks(df)
        assert rep["status"].tolist() == ["failed"]
        assert "file data/raw/t.csv, row 2" in sum_check_problems(rep)[0]


class TestCheckLong:
    def test_out_of_range_value_names_file_row_column(self, long):
        bad = long.copy()
        i = bad.index[(bad["indicator"] == "ncms_financing_per_enrollee") & bad["value"].notna()][0]
        bad.loc[i, "value"] = 1e7
        problems = check_long(bad)
        assert any(bad.loc[i, "source_file"] in p and f"row {bad.loc[i, 'source_row']}" in p for p in problems)

    def test_real_long_table_passes(self, long):
        assert check_long(long) == []

    def test_unknown_geo_code_fails(self, long):
        bad = long.copy()
        bad.loc[bad.index[0], "geo_code"] = "990000"
        assert any("990000" in p for p in check_long(bad))


class TestAgreement:
    def test_the_yearbook_cpi_is_preferred_and_its_copies_agree(self, long, built):
        from analysis import datasets
        cpi = long[long["indicator"].eq("rural_cpi") & long["year"].eq(2011)]
        assert cpi.loc[cpi.preferred, "source_file"].tolist() == ["data/raw/yearbook/csy2012_9-1.csv"]
        checks = datasets.agreement_checks(built)
        assert set(checks.loc[checks.indicator.eq("rural_cpi"), "status"]) == {"ok"}

    def test_a_copy_that_disagrees_beyond_rounding_fails_the_build(self, project_built):
        from analysis.data.build import build
        from analysis.errors import ValidationFailed
        from conftest import register
        rel = "nbs_database/nbsdb-scrape2022_price-indices_2000-2020.csv"
        path = project_built / "data/raw" / rel
        path.write_bytes(path.read_bytes().replace(b"2011\xe5\xb9\xb4,105.8", b"2011\xe5\xb9\xb4,106.8", 1))
        register(project_built, rel)
        with pytest.raises(ValidationFailed, match=r"nbsdb-scrape2022_price-indices_2000-2020.csv, row 13, column "
                                                   r"rural_cpi: value '106.8' \(2011\); expected the figure of "
                                                   r"data/raw/yearbook/csy2012_9-1.csv"):
            build(project_built)

    def test_a_reviewed_conflict_is_marked_as_such(self, built):
        from analysis import datasets
        checks = datasets.agreement_checks(built).set_index(["indicator", "year"])
        assert checks.loc[("resident_bmi_participants", 2018), "status"].eq("known conflict").any()


class TestEvidenceLookup:
    """Evidence is read by a reviewed name tied to the statement's content, not by its raw row number."""
    TABLE = pd.DataFrame({"name": ["duplicates"], "source_file": ["data/raw/e.csv"], "data_year": ["2022-2023"],
                          "value": ["56 million duplicate records removed"], "source_url": ["http://a"], "what": [""]})

    @staticmethod
    def evidence(rows, value="56 million duplicate records removed"):
        return pd.DataFrame({"source_file": "data/raw/e.csv", "source_row": rows,
                             "data_year": ["2020"] * (len(rows) - 1) + ["2022-2023"],
                             "value": ["other"] * (len(rows) - 1) + [value], "source_url": "http://a"})

    def test_a_statement_moved_to_another_row_still_resolves(self):
        from analysis.data.validate import evidence_lookup
        for rows in ([2], [2, 3, 4]):
            ev = self.evidence(rows)
            found, problems = evidence_lookup(ev, self.TABLE)
            assert problems == [] and ev.at[found["duplicates"], "source_row"] == rows[-1]

    def test_a_changed_statement_is_one_line_naming_the_reference_row(self):
        from analysis.data.validate import evidence_lookup
        found, problems = evidence_lookup(self.evidence([2], value="57 million duplicate records removed"), self.TABLE)
        assert found == {} and len(problems) == 1
        assert problems[0].startswith("file src/analysis/data/reference/named_evidence.csv, row 2, column 'value'")
        assert "(found 0)" in problems[0]

    def test_the_reviewed_table_resolves_on_the_real_evidence(self, built):
        from analysis import datasets
        from analysis.data.validate import evidence_lookup, named_evidence
        found, problems = evidence_lookup(datasets.evidence(built))
        assert problems == [] and sorted(found) == sorted(named_evidence()["name"])
        assert datasets.statement("contribution_step_2024", root=built) == "individual +20 (to 400) vs subsidy +30 (to 670)"
        assert datasets.named_evidence("residents_duplicates_removed", root=built).index.tolist() == [2]


class TestKnownProblems:
    """Known source problems live in one reviewed table (reference/known_problems.csv, with a kind), not in code."""

    def test_no_list_of_problems_is_kept_in_code_or_in_another_table(self):
        from pathlib import Path
        import analysis.data.validate as validate
        assert not hasattr(validate, "KNOWN_INCONSISTENT")
        reference = Path(validate.__file__).parent / "reference"
        assert not (reference / "known_conflicts.csv").exists() and not (reference / "known_inconsistencies.csv").exists()
        assert "csy2010_22-48" not in Path(validate.__file__).read_text(encoding="utf-8")

    def test_every_row_has_a_kind_and_a_reason(self):
        from analysis.data.validate import PROBLEM_KINDS, known_problems
        k = known_problems()
        assert set(k["kind"]) == set(PROBLEM_KINDS) and k["note"].str.strip().ne("").all()

    def test_a_sum_listed_as_known_is_reported_with_its_reason_and_others_fail(self, monkeypatch):
        import analysis.data.validate as validate
        table = pd.DataFrame([{c: "" for c in validate.PROBLEM_COLUMNS} | {
            "kind": "sum", "file": "data/raw/t.csv", "indicator": "ncms_enrollees", "year": "2011", "note": "a typo"}])
        monkeypatch.setattr(validate, "known_problems", lambda: table)
        validate._known_sum.cache_clear()
        try:
            rep = sum_checks(cells([9.0, 1.0, 1.0]))
            assert rep[["status", "note"]].values.tolist() == [["reported", "a typo"]]
            rep = sum_checks(cells([9.0, 1.0, 1.0], file="data/raw/other.csv"))
            assert rep["status"].tolist() == ["failed"]
        finally:
            validate._known_sum.cache_clear()

    def test_an_unknown_kind_is_an_error_naming_the_row(self, monkeypatch, tmp_path):
        import analysis.data.validate as validate
        from analysis.errors import DataError
        bad = tmp_path / "known_problems.csv"
        bad.write_text(",".join(validate.PROBLEM_COLUMNS) + "\ntypo,data/raw/t.csv,,,,,,,,why\n", encoding="utf-8")
        monkeypatch.setattr(validate, "KNOWN_PROBLEMS_CSV", bad)
        validate.known_problems.cache_clear()
        try:
            with pytest.raises(DataError, match=r"known_problems.csv, row 2, column 'kind': value 'typo'"):
                validate.known_problems()
        finally:
            validate.known_problems.cache_clear()

    def test_each_listed_problem_of_the_real_data_is_still_reported_as_before(self, built):
        from analysis import datasets
        from analysis.data.validate import identity_checks
        sums = datasets.sum_checks(built)
        hebei = sums[sums["source_file"].str.endswith("csy2010_22-48.csv") & sums["indicator"].eq("uebmi_retirees")]
        assert hebei[["year", "status"]].values.tolist() == [[2009, "reported"]]
        assert hebei["note"].iloc[0].startswith("manifest: retirees 5525.1 vs printed total 5526.9")
        assert sums["status"].value_counts().to_dict() == {"reported": 29, "ok": 15}
        reported = identity_checks(datasets.province_year_long(built)).query("status == 'reported'")
        assert sorted(zip(reported["source_file"].str.rsplit("/", n=1).str[-1], reported["source_row"])) == [
            ("csy2010_22-48.csv", 5), ("csy2016_2-8.csv", 10),
            ("github-tongjimodule_province-population-panel_2016-2025.csv", 231)]
        agreement = datasets.agreement_checks(built)
        assert agreement["status"].value_counts().to_dict() == {"ok": 1259, "known conflict": 69}
        assert datasets.contribution_conflict(2013, root=built)["known"] == "60 vs 70 yuan in 2013: press reports differ (raw README)"
