"""Exports for Stata and R users, read back."""

import json

import pandas as pd
import pytest

from analysis.data.export import (STATA_LABEL_MAX, STATA_NAME_MAX, code_lists, export, stata_label, stata_names,
                                   stored_codes)


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory):
    return export(built, tmp_path_factory.mktemp("exports"))


class TestStataNames:
    def test_valid_unique_and_short(self):
        cols = ["an_unlisted_column_name_that_is_longer_than_stata_allows",
                "an_unlisted_column_name_that_is_longer_than_stata_allows_x", "2020", "in", "a-b"]
        names = stata_names(cols)
        assert all(len(n) <= STATA_NAME_MAX for n in names.values())
        assert len(set(names.values())) == len(cols)
        assert names["2020"] == "v_2020" and names["in"] == "in_" and names["a-b"] == "a_b"

    def test_a_long_name_takes_its_readable_short_name_from_the_stored_table(self):
        names = stata_names(["census_share_collective_pension__farm_service_households",
                             "rural_income_household_operations__q1_lowest_fifth", "year"])
        assert names == {"census_share_collective_pension__farm_service_households": "census_collective_pens_farmserv",
                         "rural_income_household_operations__q1_lowest_fifth": "rural_income_hh_operations_q1",
                         "year": "year"}

    def test_a_stored_short_name_is_not_taken_by_another_column(self):
        names = stata_names(["census_ncms_crop", "census_share_ncms__crop_farming_households"])
        assert names["census_share_ncms__crop_farming_households"] == "census_ncms_crop"
        assert names["census_ncms_crop"] == "census_ncms_crop_1"


class TestStataLabel:
    def test_a_long_description_is_shortened_and_the_unit_kept(self):
        label = stata_label("Resident rural population at year end " * 3, "persons")
        assert len(label) == STATA_LABEL_MAX and label.endswith("… (persons)")

    def test_a_short_label_is_the_description_with_its_unit(self):
        assert stata_label("Data year.") == "Data year"
        assert stata_label("Rural population", "persons") == "Rural population (persons)"


class TestStoredStataReference:
    """The stored tables cover every exported column and value, so no name, label or code is made up at export."""

    def test_every_column_of_every_table_has_a_stored_label_within_80_characters(self, built):
        from analysis.data.export import _stored_variables
        stored = _stored_variables()
        pkg = json.loads((built / "data/processed/datapackage.json").read_text(encoding="utf-8"))
        columns = {f["name"] for r in pkg["resources"] for f in r["schema"]["fields"]} - {"code"}
        from analysis.data.catalog import indicators
        assert columns - set(indicators()) <= set(stored.index), sorted(columns - set(indicators()) - set(stored.index))
        assert all(0 < len(v) <= STATA_LABEL_MAX for c, v in stored["label"].items() if c not in indicators())
        assert all(len(n) <= STATA_NAME_MAX for n in stored["stata_name"])
        long = [c for c in columns if len(c) > STATA_NAME_MAX]
        assert long and all(stored.at[c, "stata_name"] for c in long)
        names = [n or c for c, n in stored["stata_name"].items()]
        assert len(names) == len(set(names))

    def test_every_coded_value_has_a_stored_code(self, built):
        tables = {n: pd.read_parquet(built / f"data/processed/{n}.parquet")
                  for n in ("province_year_long", "rural_panel", "national_series", "agreement_checks",
                            "sum_checks", "evidence", "provinces")}
        assert code_lists(tables)[1] == []

    def test_adding_an_indicator_and_a_group_leaves_every_existing_code_unchanged(self, built):
        long = pd.read_parquet(built / "data/processed/province_year_long.parquet")
        before, _ = code_lists({"long": long})
        added = long.head(1).assign(indicator="aaa_first_in_sorted_order", group="Q0 (a new group)")
        after, new = code_lists({"long": pd.concat([added, long], ignore_index=True)})
        for var, codes in before.items():
            assert {v: after[var][v] for v in codes} == codes, var
        assert after["indicator"]["aaa_first_in_sorted_order"] == max(before["indicator"].values()) + 1
        assert after["group"]["Q0 (a new group)"] == max(before["group"].values()) + 1
        assert sorted(new) == ["group=Q0 (a new group)", "indicator=aaa_first_in_sorted_order"]

    def test_codes_do_not_follow_the_sorted_values(self):
        codes, new = code_lists({"t": pd.DataFrame({"tier": ["official-table", "derived", "zzz-new"]})},
                                stored={"tier": {"official-table": 1, "derived": 7}})
        assert codes["tier"] == {"official-table": 1, "derived": 7, "zzz-new": 8} and new == ["tier=zzz-new"]

    def test_a_code_given_twice_is_an_error_naming_file_row_and_value(self, tmp_path):
        from analysis.errors import DataError
        bad = tmp_path / "stata_value_codes.csv"
        bad.write_text("variable,code,value\ntier,1,derived\ntier,1,official-table\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"stata_value_codes.csv, row 3, column 'code': value '1'; expected a code "
                                            r"no other value of tier has"):
            stored_codes(bad)

    def test_a_label_over_80_characters_or_a_taken_short_name_is_an_error(self, tmp_path):
        from analysis.data.export import _stored_variables
        from analysis.errors import DataError
        bad = tmp_path / "stata_variables.csv"
        bad.write_text("column,stata_name,label\nyear,,Data year\nx,," + "y" * 81 + "\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"row 3, column 'label'.*expected a label of 1 to 80 characters"):
            _stored_variables(bad)
        bad.write_text("column,stata_name,label\nyear,,Data year\nlong_column,year,Something\n", encoding="utf-8")
        with pytest.raises(DataError, match=r"row 3, column 'stata_name': value 'year'; expected a name no other "
                                            r"column has \(line 2\)"):
            _stored_variables(bad)

    def test_the_stored_codes_are_unique_per_variable(self):
        for var, codes in stored_codes().items():
            assert len(set(codes.values())) == len(codes), var


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
        assert var_labels["ncms_enrollees"] == "NCMS enrollees (persons)"
        assert var_labels["rural_population"].endswith("(persons)")
        assert all(len(v) <= STATA_LABEL_MAX for v in var_labels.values())
        assert not any(v.startswith(k) for k, v in var_labels.items())  # a description, not the name again
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

    def test_a_do_file_merge_on_geo_code_labels_provinces_by_name(self, exported):
        """``use rural_panel, clear`` / ``merge m:1 geo_code using provinces`` / ``tab province``, with pyreadstat."""
        import pyreadstat
        panel, meta = pyreadstat.read_dta(str(exported / "rural_panel.dta"), apply_value_formats=True)
        provinces, _ = pyreadstat.read_dta(str(exported / "provinces.dta"))
        merged = panel.merge(provinces, on="geo_code", how="left", validate="m:1", indicator=True,
                             suffixes=("", "_using"))
        assert (merged["_merge"] == "both").all() and len(merged) == len(panel)
        gansu = merged[merged["geo_code"] == "620000"]
        assert set(gansu["province"]) == {"Gansu"} and set(gansu["name_zh"]) == {"甘肃省"}
        assert meta.variable_to_label["province"] == "province"

    def test_every_file_with_places_has_geo_code_and_a_labelled_numeric_province(self, exported):
        import pyreadstat
        for name in ("province_year_long", "rural_panel", "national_series", "policy_standards", "provinces",
                     "agreement_checks"):
            df, meta = pyreadstat.read_dta(str(exported / f"{name}.dta"))
            assert list(df.columns[:2]) == ["geo_code", "province"], name
            assert (df["province"] == df["geo_code"].astype(int)).all(), name
            labels = meta.value_labels[meta.variable_to_label["province"]]
            assert labels[620000] == "Gansu" and labels[0] == "China (national)", name
        national, _ = pyreadstat.read_dta(str(exported / "national_series.dta"))
        assert set(national["geo_code"]) == {"000000"}

    def test_each_file_carries_a_data_label_and_notes_naming_its_sources(self, exported):
        import pyreadstat
        _, meta = pyreadstat.read_dta(str(exported / "rural_panel.dta"), metadataonly=True)
        assert meta.file_label == "China rural insurance: province x year panel of preferred values"
        assert meta.notes[0].startswith("Cite the collection: China rural insurance notebooks project (2026).")
        assert any(n.startswith("Source: China Statistical Yearbook 2012 (English), table 21-21") for n in meta.notes)

    def test_the_codebook_lists_every_variable_with_its_label(self, exported):
        book = (exported / "codebook.md").read_text(encoding="utf-8")
        pkg = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
        for res in pkg["resources"]:
            assert f"## {res['name']}" in book
            for f in res["schema"]["fields"]:
                assert f"| {f['stata_name']} | {f['name']} | {f['stata_label']} |" in book

    def test_parquet_columns_carry_their_description_and_unit(self, exported):
        import pyarrow.parquet as pq
        field = pq.read_schema(exported / "rural_panel.parquet").field("rural_population")
        assert field.metadata[b"unit"] == b"persons" and field.metadata[b"description"].decode().startswith("Year-end rural resident")

    def test_both_packages_have_keys_and_the_collections_licence(self, exported, built):
        for package in (built / "data/processed/datapackage.json", exported / "datapackage.json"):
            pkg = json.loads(package.read_text(encoding="utf-8"))
            assert pkg["licenses"][0]["name"] == "MIT"
            res = {r["name"]: r["schema"] for r in pkg["resources"]}
            assert res["rural_panel"]["primaryKey"] == ["geo_code", "year"]
            assert res["rural_panel"]["foreignKeys"][0]["reference"]["resource"] == "provinces"
        exp = {r["name"]: r["schema"] for r in json.loads((exported / "datapackage.json").read_text())["resources"]}
        assert exp["provinces"]["primaryKey"] == ["geo_code"]
        assert {n for n, s in exp.items() if s.get("foreignKeys")} == {
            "province_year_long", "rural_panel", "agreement_checks"}

    def test_the_validator_rejects_a_geo_code_that_is_not_a_province(self, exported, tmp_path):
        import shutil
        from frictionless import validate
        shutil.copytree(exported, tmp_path / "x")
        csv = tmp_path / "x" / "rural_panel.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace("\n620000,", "\n629900,", 1), encoding="utf-8")
        report = validate(str(tmp_path / "x" / "datapackage.json"))
        assert not report.valid
        assert "foreign-key" in {e.type for t in report.tasks for e in t.errors}

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
        assert labels["rural_population"].endswith("(persons)")
        assert df["ncms_enrollees"].isna().sum() == original["ncms_enrollees"].isna().sum() > 0
        flag = df[stata_names(list(original.columns))["ncms_enrollment_over_100"]]
        assert flag.isna().sum() == original["ncms_enrollment_over_100"].isna().sum() > 0  # unknown, not 0
