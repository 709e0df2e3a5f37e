"""Loading the processed tables, and tracing every number of every table back to its raw rows."""

import pandas as pd
import pytest

from analysis import datasets
from analysis.data import catalog as cat
from analysis.data.regions import NATIONAL

#: Columns that name a row or carry provenance themselves rather than a number to trace.
STRUCTURAL = {"geo_code", "year", "name_en", "region4", "region_flag"}


def traceable_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in STRUCTURAL]


@pytest.mark.parametrize("table", ["rural_panel", "national_series", "policy_standards"])
def test_every_column_is_defined_once_in_the_catalog(built, table):
    df = getattr(datasets, table)(built)
    undefined = [c for c in df.columns if not cat.describe(c)[0]]
    assert undefined == []


@pytest.mark.parametrize("table", ["rural_panel", "national_series", "policy_standards"])
def test_trace_finds_the_raw_rows_behind_every_column(built, table):
    df = getattr(datasets, table)(built)
    untraced = []
    for col in traceable_columns(df):
        with_value = df[df[col].notna() & df[col].astype(str).ne("")]
        if with_value.empty:
            continue
        row = with_value.iloc[0]
        geo = row["geo_code"] if "geo_code" in df.columns else NATIONAL
        t = datasets.trace(col, geo, int(row["year"]), built)
        if t.empty or not t["source_file"].str.startswith("data/raw/").all():
            untraced.append(col)
    assert untraced == []


class TestTrace:
    def test_a_derived_column_traces_to_each_input(self, built, panel):
        bj = panel[(panel.geo_code == "110000") & (panel.year == 2011)].iloc[0]
        t = datasets.trace("ncms_reimbursements_per_enrollee", "110000", 2011, built)
        assert sorted(t["indicator"]) == ["ncms_beneficiary_visits", "ncms_enrollees"]
        visits, enrollees = (t.set_index("indicator").loc[k, "value"] for k in ("ncms_beneficiary_visits",
                                                                               "ncms_enrollees"))
        assert visits / enrollees == bj["ncms_reimbursements_per_enrollee"]

    def test_the_burden_traces_to_provincial_income_and_the_national_standard(self, built):
        t = datasets.trace("burden_min_contribution", "620000", 2023, built)
        assert sorted(zip(t["indicator"], t["geo_code"])) == [("min_individual_contribution", NATIONAL),
                                                             ("rural_disposable_income", "620000")]

    @pytest.mark.parametrize("geo", ["620000", "62", "Gansu", "甘肃"])
    def test_a_province_in_any_form_gives_the_same_rows(self, built, geo):
        t = datasets.trace("rural_disposable_income", geo, 2023, built)
        assert t["geo_code"].tolist() == ["620000"]

    @pytest.mark.parametrize("geo", ["6", "99", "Atlantis"])
    def test_an_unknown_province_is_an_error_naming_it_not_an_empty_table(self, built, geo):
        from analysis.errors import DataError
        with pytest.raises(DataError, match=f"column 'geo_code': value '{geo}'"):
            datasets.trace("rural_disposable_income", geo, 2023, built)

    def test_an_unknown_column_is_an_error_that_says_where_columns_are_defined(self, built):
        with pytest.raises(KeyError, match="catalog.toml"):
            datasets.trace("no_such_column", "110000", 2011, built)


class TestSourcePublications:
    def test_files_behind_the_preferred_values_of_a_figure(self, built):
        used = datasets.source_publications(["ncms_enrollees"], years=[2011], geo="province", root=built)
        assert set(used["source_file"]) == {"data/raw/yearbook/csy2012_21-21.csv"}

    def test_sub_group_values_only_when_asked(self, built):
        assert datasets.source_publications(["household_size"], root=built).empty
        assert not datasets.source_publications(["household_size"], groups=True, root=built).empty


def test_group_column_names_the_panel_column_of_a_sub_group():
    assert datasets.group_column("census_share_ncms", "Crop farming households") == \
        "census_share_ncms__crop_farming_households"


class TestRawMentions:
    def test_searches_every_raw_file_context_files_and_readmes_included(self, tmp_path):
        raw = tmp_path / "data" / "raw"
        (raw / "provincial").mkdir(parents=True)
        (raw / "provincial" / "context.csv").write_text("geo,text\nFujian,养老保险参保 1554.14万\n", encoding="utf-8")
        (raw / "README.md").write_text("No pension rows.\nPension figures: see context.\n", encoding="utf-8")
        (raw / "table.parquet").write_bytes(b"pension")  # not a text file: not read
        found = datasets.raw_mentions(r"pension|养老", root=tmp_path)
        assert found.values.tolist() == [["data/raw/README.md", 1, "No pension rows."],
                                         ["data/raw/README.md", 2, "Pension figures: see context."],
                                         ["data/raw/provincial/context.csv", 2, "Fujian,养老保险参保 1554.14万"]]

    def test_nothing_found_is_an_empty_table(self, tmp_path):
        (tmp_path / "data" / "raw").mkdir(parents=True)
        assert datasets.raw_mentions("x", root=tmp_path).empty


class TestContributionConflict:
    HEADER = "year,individual_contribution_yuan,fiscal_subsidy_yuan,source_url,source_quote,scheme,evidence_grade,notes\n"

    def _raw(self, tmp_path, rows: str):
        path = tmp_path / "data" / "raw" / "national" / "policy_premium_standards.csv"
        path.parent.mkdir(parents=True)
        path.write_text(self.HEADER + rows, encoding="utf-8")

    def test_reads_the_value_used_and_the_premium_the_conflict_note_states(self, tmp_path):
        self._raw(tmp_path, "2012,60,240,u,q,NCMS,A,\n"
                            "2013,70,280,u,q,NCMS,A,\"CONFLICT: Xinhua 2013-01-07 announced a 60-yuan premium "
                            "(total 340); NHFPC sets 70 (total 350).\"\n")
        got = datasets.contribution_conflict(2013, root=tmp_path)
        assert (got["used"], got["other"], got["line"]) == (70.0, 60.0, 3)
        assert got["file"] == "data/raw/national/policy_premium_standards.csv"

    def test_a_year_without_a_conflict_note_is_one_line_naming_file_line_and_column(self, tmp_path):
        self._raw(tmp_path, "2012,60,240,u,q,NCMS,A,plain note\n")
        with pytest.raises(ValueError, match=r"policy_premium_standards.csv line 2, column 'notes': no 'CONFLICT"):
            datasets.contribution_conflict(2012, root=tmp_path)

    def test_the_real_2013_row_records_70_used_and_60_stated(self):
        got = datasets.contribution_conflict(2013)
        assert (got["used"], got["other"], got["line"]) == (70.0, 60.0, 12)


class TestImpliedContribution:
    def _long(self, tmp_path, rows):
        base = {"geo_code": "000000", "year": 2012, "preferred": False, "tier": "evidence", "publication": "p",
                "source_file": "data/raw/a.csv", "source_row": 3}
        path = tmp_path / "data" / "processed" / "province_year_long.parquet"
        path.parent.mkdir(parents=True)
        pd.DataFrame([{**base, **r} for r in rows]).to_parquet(path)
        return tmp_path

    def test_a_printed_total_less_the_subsidy_on_its_row_beside_the_printed_contribution(self, tmp_path):
        root = self._long(tmp_path, [
            {"indicator": "min_total_financing", "value": 290.0},
            {"indicator": "min_fiscal_subsidy", "value": 240.0},
            {"indicator": "min_fiscal_subsidy", "value": 250.0, "source_file": "data/raw/b.csv", "preferred": True},
            {"indicator": "min_individual_contribution", "value": 60.0, "source_file": "data/raw/b.csv",
             "source_row": 11, "preferred": True, "tier": "compiled-series"}])
        got = datasets.implied_contribution(2012, root=root)
        assert (got["used"], got["implied"], got["total"], got["subsidy"]) == (60.0, 50.0, 290.0, 240.0)
        assert (got["used_source"], got["source"]) == ("data/raw/b.csv row 11", "data/raw/a.csv row 3")

    def test_a_year_whose_contribution_is_not_printed_is_refused(self, tmp_path):
        root = self._long(tmp_path, [
            {"indicator": "min_total_financing", "value": 1100.0},
            {"indicator": "min_fiscal_subsidy", "value": 700.0},
            {"indicator": "min_individual_contribution", "value": 400.0, "preferred": True, "tier": "derived"}])
        with pytest.raises(ValueError, match="0 printed contributions are preferred"):
            datasets.implied_contribution(2012, root=root)

    def test_the_real_2012_total_and_subsidy_imply_50_against_the_printed_60(self, built):
        got = datasets.implied_contribution(2012, root=built)
        assert (got["used"], got["implied"], got["total"], got["subsidy"]) == (60.0, 50.0, 290.0, 240.0)
        assert got["source"] == "data/raw/national/news_national-minimum-financing-standards.csv row 3"
        assert got["used_source"] == "data/raw/national/policy_premium_standards.csv row 11"
