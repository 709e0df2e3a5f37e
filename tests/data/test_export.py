"""Exports for Stata and R users, read back."""

import json

import pandas as pd
import pytest

from analysis.data.export import STATA_LABEL_MAX, STATA_NAME_MAX, export, stata_label, stata_names


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    return export(built, tmp_path_factory.mktemp("exports"))


class TestStataNames:
    def test_valid_unique_and_short(self):
        cols = ["census_share_collective_pension__crop_farming_households",
                "census_share_collective_pension__crop_farming_households_x", "2020", "in", "a-b"]
        names = stata_names(cols)
        assert all(len(n) <= STATA_NAME_MAX for n in names.values())
        assert len(set(names.values())) == len(cols)
        assert names["2020"] == "v_2020" and names["in"] == "in_" and names["a-b"] == "a_b"


class TestStataLabel:
    def test_a_long_description_is_shortened_and_the_unit_kept(self):
        label = stata_label("rural_population", "Resident rural population at year end " * 3, "persons")
        assert len(label) == STATA_LABEL_MAX and label.endswith("… [persons]")

    def test_a_short_label_is_unchanged(self):
        assert stata_label("year", "data year") == "year: data year"


class TestExport:
    def test_every_table_in_every_format(self, exported):
        pkg = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
        for res in pkg["resources"]:
            for path in (res["path"], res["parquet"]["path"], res["stata"]["path"]):
                assert (exported / path).is_file()

    def test_stata_file_reads_back_with_labels(self, exported, built):
        original = pd.read_parquet(built / "data/processed/rural_panel.parquet")
        with pd.io.stata.StataReader(exported / "rural_panel.dta") as reader:
            back = reader.read()
            var_labels = reader.variable_labels()
            value_labels = reader.value_labels()
        assert len(back) == len(original)
        assert var_labels["ncms_enrollees"].startswith("ncms_enrollees: Persons enrolled")
        assert var_labels["rural_population"].endswith("[persons]")
        assert all(len(v) <= STATA_LABEL_MAX for v in var_labels.values())
        assert set(back["region4"].astype(str)) == {"East", "Central", "West", "Northeast"}
        assert any(set(v.values()) >= {"net", "disposable"} for v in value_labels.values())
        pd.testing.assert_series_equal(back["rural_income"], original["rural_income"], check_names=False)

    def test_long_names_are_shortened_and_mapped_in_the_datapackage(self, exported):
        pkg = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
        panel = next(r for r in pkg["resources"] if r["name"] == "rural_panel")
        mapped = {f["name"]: f["stata_name"] for f in panel["schema"]["fields"]}
        long_cols = [c for c in mapped if len(c) > STATA_NAME_MAX]
        assert long_cols and all(len(mapped[c]) <= STATA_NAME_MAX for c in long_cols)
        back = pd.read_stata(exported / "rural_panel.dta")
        assert all(mapped[c] in back.columns for c in long_cols)

    def test_csv_and_parquet_read_back_equal(self, exported, built):
        for name in ("province_year_long", "national_series"):
            a = pd.read_parquet(exported / f"{name}.parquet")
            b = pd.read_parquet(built / f"data/processed/{name}.parquet")
            pd.testing.assert_frame_equal(a, b)
            c = pd.read_csv(exported / f"{name}.csv", dtype={"geo_code": str}, keep_default_na=False,
                            na_values=[""])
            assert len(c) == len(b) and list(c.columns) == list(b.columns)

    def test_evidence_text_survives_the_stata_round_trip(self, exported, built):
        back = pd.read_stata(exported / "evidence.dta")
        original = pd.read_parquet(built / "data/processed/evidence.parquet")
        assert back["quote"].tolist() == original["quote"].tolist()

    def test_rerun_is_byte_identical(self, built, tmp_path):
        a, b = export(built, tmp_path / "a"), export(built, tmp_path / "b")
        for f in sorted(p.name for p in a.iterdir()):
            assert (a / f).read_bytes() == (b / f).read_bytes(), f


class TestCoAuthorsTools:
    """The exports as co-authors' own tools read them: the Frictionless validator and a second .dta reader."""

    def test_the_frictionless_validator_accepts_the_processed_and_exported_packages(self, exported, built):
        from frictionless import validate
        for package in (built / "data/processed/datapackage.json", exported / "datapackage.json"):
            report = validate(str(package))
            assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]

    def test_the_validator_rejects_a_package_whose_table_changed(self, exported, tmp_path):
        import shutil
        from frictionless import validate
        shutil.copytree(exported, tmp_path / "x")
        csv = tmp_path / "x" / "provinces.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace(",East,1,5", ",East,one,5", 1), encoding="utf-8")
        assert not validate(str(tmp_path / "x" / "datapackage.json")).valid

    def test_pyreadstat_sees_one_code_list_shared_by_every_file(self, exported):
        import pyreadstat
        seen: dict[str, dict] = {}
        for dta in sorted(exported.glob("*.dta")):
            _, meta = pyreadstat.read_dta(str(dta), metadataonly=True)
            for var, labelset in meta.variable_to_label.items():
                labels = meta.value_labels[labelset]
                for code, text in labels.items():
                    assert seen.setdefault(var, {}).setdefault(code, text) == text, (dta.name, var, code)
        assert len(seen["indicator"]) > 50 and len(seen["region4"]) == 4

    def test_pyreadstat_reads_missing_as_missing_and_labels_with_units(self, exported, built):
        import pyreadstat
        df, meta = pyreadstat.read_dta(str(exported / "rural_panel.dta"))
        original = pd.read_parquet(built / "data/processed/rural_panel.parquet")
        labels = dict(zip(meta.column_names, meta.column_labels))
        assert labels["rural_population"].endswith("[persons]")
        assert df["ncms_enrollees"].isna().sum() == original["ncms_enrollees"].isna().sum() > 0
        flag = df[stata_names(list(original.columns))["ncms_enrollment_over_100"]]
        assert flag.isna().sum() == original["ncms_enrollment_over_100"].isna().sum() > 0  # unknown, not 0
