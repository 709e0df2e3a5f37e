"""The whole pipeline on the real raw files."""

import json
import math
import os
import shutil

import pandas as pd
import pytest

from analysis import datasets
from analysis.data.build import TABLES, build
from analysis.errors import ChecksumError, DataError, ReadFailed, ValidationFailed
from analysis.data.manifest import sha256_of
from conftest import FIXTURES, RAW, add_to_manifest, register, write_csv


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


class TestOutputs:
    def test_every_table_is_written_as_csv_and_parquet_with_a_datapackage(self, built):
        out = built / "data/processed"
        for name in TABLES:
            assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
        pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
        res = {r["name"]: r for r in pkg["resources"]}
        assert set(res) == set(TABLES)
        assert res["rural_panel"]["hash"] == "sha256:" + sha256_of(out / "rural_panel.csv")
        fields = {f["name"]: f for f in res["rural_panel"]["schema"]["fields"]}
        assert fields["ncms_enrollees"]["unit"] == "persons"
        assert any(s["path"] == "data/raw/yearbook/csy2012_21-21.csv" for s in res["province_year_long"]["sources"])

    def test_second_build_is_byte_identical(self, built, tmp_path):
        other = tmp_path / "again"
        shutil.copytree(built / "data/raw", other / "data/raw")
        build(other)
        assert snapshot(other / "data/processed") == snapshot(built / "data/processed")

    def test_one_call_loads_each_table(self, built):
        assert len(datasets.rural_panel(built)) > 0 and len(datasets.national_series(built)) > 0
        assert list(datasets.provinces(built)["code"])[:1] == ["110000"]


class TestGaps:
    def test_tianjin_2011_ncms_is_missing_not_zero(self, long, panel):
        tj = long[(long.geo_code == "120000") & (long.year == 2011) & (long.indicator == "ncms_enrollees")]
        assert len(tj) == 1 and math.isnan(tj["value"].iloc[0])
        assert tj["source_file"].iloc[0] == "data/raw/yearbook/csy2012_21-21.csv" and tj["source_row"].iloc[0] == 4
        row = panel[(panel.geo_code == "120000") & (panel.year == 2011)]
        assert row.empty or math.isnan(row["ncms_enrollees"].iloc[0])

    def test_no_burden_for_a_year_without_a_published_standard(self, built):
        pol = datasets.policy_standards(built).set_index("year")
        nat = datasets.national_series(built).set_index("year")
        assert math.isnan(pol.loc[2011, "min_individual_contribution"])  # only a local notice states one
        assert not math.isnan(nat.loc[2011, "rural_income"]) and math.isnan(nat.loc[2011, "burden_min_contribution"])
        assert nat.loc[2018, "burden_min_contribution"] == 220 / 14617

    def test_a_standard_derived_from_printed_ones_is_marked_derived_with_its_inputs(self, built):
        from analysis.data.derive import DERIVED_SOURCE
        pol = datasets.policy_standards(built).set_index("year")
        assert pol.loc[2025, "min_individual_contribution"] == 400  # 1,100 total − 700 subsidy, both printed
        source = pol.loc[2025, "min_individual_contribution_source"]
        assert source.startswith(DERIVED_SOURCE)
        assert "news_premium-standards-evidence.csv row 39" in source and "policy_premium_standards.csv row 24" in source
        derived = pol["min_individual_contribution_source"].str.startswith(DERIVED_SOURCE)
        assert pol.index[derived].tolist() == [2016, 2019, 2025]  # 2016, 2019: from a stated increase
        assert pol.index[pol["min_fiscal_subsidy_source"].str.startswith(DERIVED_SOURCE)].tolist() == [2023]
        # no total or share where either standard is derived: only published pairs
        assert pol.loc[[2016, 2019, 2023], "min_total"].isna().all()
        # no total or share from a derived contribution: the pair was not published (notebook 05's shares)
        assert math.isnan(pol.loc[2025, "min_total"]) and math.isnan(pol.loc[2025, "individual_share"])
        nat = datasets.national_series(built).set_index("year")
        assert nat.loc[2025, "burden_min_contribution"] == 400 / nat.loc[2025, "rural_disposable_income"]


class TestTraceability:
    def test_every_value_points_to_the_raw_cell_it_came_from(self, long):
        tables = long[long["tier"].isin(["official-table", "official-database-export-secondary"])]
        for file, g in tables.groupby("source_file"):
            raw = pd.read_csv(RAW / file.removeprefix("data/raw/"), dtype=str, keep_default_na=False, header=None)
            header = list(raw.iloc[0])
            for r in g.sample(min(len(g), 20), random_state=0).itertuples():
                cell = raw.iloc[r.source_row - 1, header.index(r.source_column)]
                assert cell == r.value_as_printed, (file, r.source_row, r.source_column)

    def test_trace_names_the_raw_row_behind_a_panel_number(self, built, panel):
        bj = panel[(panel.geo_code == "110000") & (panel.year == 2011)].iloc[0]
        t = datasets.trace("ncms_enrollees", "110000", 2011, built)
        assert t["value"].tolist() == [bj["ncms_enrollees"]] == [2_768_000.0]
        assert (t["source_file"].iloc[0], t["source_row"].iloc[0]) == ("data/raw/yearbook/csy2012_21-21.csv", 3)


class TestDerived:
    def test_enrolment_above_resident_rural_population_is_flagged_in_24_of_28_provinces_2008(self, panel):
        # Raw README, problem 7: 24 of the 28 provinces with both figures.
        p = panel[(panel.year == 2008) & panel["ncms_enrollment_ratio"].notna()]
        assert len(p) == 28 and int(p["ncms_enrollment_over_100"].sum()) == 24

    def test_financing_per_enrollee_matches_the_printed_figure(self, panel):
        # Manifest check for CSY2012 21-21: within ±0.2 yuan for all 30 provinces.
        gap = panel.loc[panel.year == 2011, "ncms_financing_gap_yuan"].dropna()
        assert len(gap) == 30 and gap.abs().max() <= 0.2

    def test_income_concept_changes_between_2008_and_2016(self, panel):
        assert set(panel.loc[panel.year == 2008, "income_concept"]) == {"net"}
        assert set(panel.loc[panel.year == 2016, "income_concept"]) == {"disposable"}

    def test_inferred_region_names_stay_visible(self, panel):
        flags = panel.loc[panel.year == 2006, "region_flag"]
        assert flags.str.startswith("inferred from row order: census_share_").any()

    def test_region_flags_name_the_values_they_apply_to(self, panel):
        # 2008: the NCMS table names every province; only values read by row order are listed.
        flags = panel.loc[panel.year == 2008, "region_flag"]
        assert not flags.str.contains("ncms_enrollees").any()


class TestBadInputLeavesOutputsUntouched:
    @pytest.fixture
    def with_outputs(self, project_built):
        return project_built, snapshot(project_built / "data/processed")

    def test_changed_raw_file(self, with_outputs):
        project, before = with_outputs
        p = project / "data/raw/yearbook/csy2009_21-47.csv"
        p.write_bytes(p.read_bytes().replace(b"272.48", b"273.48"))
        with pytest.raises(ChecksumError):
            build(project)
        assert snapshot(project / "data/processed") == before

    def _replace_file(self, project, rel, old, new):
        p = project / "data/raw" / rel
        p.write_bytes(p.read_bytes().replace(old, new, 1))
        register(project, rel)

    @pytest.mark.parametrize("old, new, match", [
        (b"Hebei,172", b"Atlantis,172", "Atlantis"),               # unknown province
        (b"5020.0", b"50x0.0", "50x0.0"),                          # non-numeric cell
        (b"Hebei,172", b"Beijing,172", "already on row"),          # duplicate province-year
        (b"Number of Enrollees (10 000 persons)", b"Number of Enrollees (100 million yuan)", "header registered"),
        (b",Per Capita Premiums (yuan)", b"", "missing"),          # missing column
    ])
    def test_malformed_table(self, with_outputs, old, new, match):
        project, before = with_outputs
        self._replace_file(project, "yearbook/csy2012_21-21.csv", old, new)
        with pytest.raises((DataError, ReadFailed), match=match) as err:
            build(project)
        assert "csy2012_21-21.csv" in str(err.value)
        assert snapshot(project / "data/processed") == before

    def test_bad_cells_in_two_files_are_reported_in_one_build(self, with_outputs):
        project, before = with_outputs
        self._replace_file(project, "yearbook/csy2012_21-21.csv", b"5020.0", b"50x0.0")
        self._replace_file(project, "yearbook/csy2009_21-47.csv", b"272.48", b"27z.48")
        with pytest.raises(ReadFailed) as err:
            build(project)
        files = [m.split(",")[0] for m in err.value.problems]
        assert files == ["file data/raw/yearbook/csy2009_21-47.csv", "file data/raw/yearbook/csy2012_21-21.csv"]
        assert snapshot(project / "data/processed") == before

    def test_total_that_no_longer_adds_up(self, with_outputs):
        project, before = with_outputs
        self._replace_file(project, "yearbook/csy2009_21-47.csv", b"National Total,2859,2729,81517.55",
                           b"National Total,2859,2729,81617.55")
        with pytest.raises(ValidationFailed, match=r"csy2009_21-47.csv, row 2, column ncms_enrollees"):
            build(project)
        assert snapshot(project / "data/processed") == before


class TestAddingATable:
    def test_drop_in_a_csv_add_a_manifest_row_rebuild(self, project):
        """README walkthrough: a new NBS export, exactly as downloaded."""
        rel = "nbs_database/nbsdb_rural-disposable-income_new-download.csv"
        shutil.copy(FIXTURES / "nbs_export_rural_income.csv", project / "data/raw" / rel)
        add_to_manifest(project, rel, "nbs_province_export", tier="official-database-export-secondary",
                        table_id="农村居民人均可支配收入(元)", data_years="2023-2024",
                        partial="a download of three provinces")  # every other province must be there otherwise
        build(project)
        long = datasets.province_year_long(project)
        new = long[long.source_file == f"data/raw/{rel}"]
        assert len(new) == 6 and set(new["indicator"]) == {"rural_disposable_income"}
        assert new.set_index(["geo_code", "year"]).loc[("540000", 2024), "value"] == 21578

    def test_a_new_file_without_a_manifest_row_stops_the_build(self, project):
        write_csv(project / "data/raw/yearbook/csy2013_21-21.csv", "Region\n")
        with pytest.raises(DataError, match="csy2013_21-21.csv.*manifest"):
            build(project)
        assert not (project / "data/processed").exists()


class TestPublishing:
    """Publishing data/processed is atomic: a build killed at any instant leaves complete tables."""

    @staticmethod
    def complete(root):
        out = root / "data/processed"
        pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
        return all((out / r["path"]).is_file() and (out / r["parquet"]["path"]).is_file() for r in pkg["resources"])

    @pytest.fixture
    def new_tables(self, project_built):
        """A second complete set of tables, as a build writes it before publishing (one table changed)."""
        import analysis.data.build as b
        new = project_built / "data" / f"{b.BUILD_PREFIX}new"
        shutil.copytree((project_built / "data/processed").resolve(), new)
        (new / "provinces.csv").write_bytes((new / "provinces.csv").read_bytes() + b"\n")
        return new

    @pytest.mark.parametrize("step", range(4))
    def test_a_publish_killed_at_any_step_leaves_the_old_or_the_new_tables(self, project_built, new_tables, step,
                                                                            monkeypatch):
        import analysis.data.build as b
        dest = project_built / "data/processed"
        old, new = snapshot(dest), snapshot(new_tables)
        calls = {"n": 0}

        def dying(real):
            def wrapper(*args, **kw):
                calls["n"] += 1
                if calls["n"] == step + 1:
                    raise KeyboardInterrupt("killed")
                return real(*args, **kw)
            return wrapper

        for name in ("replace", "symlink", "rename", "unlink"):
            monkeypatch.setattr(b.os, name, dying(getattr(b.os, name)))
        monkeypatch.setattr(b.shutil, "rmtree", dying(b.shutil.rmtree))
        try:
            b.publish(new_tables, dest)
        except KeyboardInterrupt:
            pass
        assert calls["n"] > step  # the kill happened at this step
        assert self.complete(project_built) and snapshot(dest) in (old, new)
        monkeypatch.undo()
        b.publish(new_tables, dest)  # a later publish finishes and removes what the killed one left
        assert snapshot(dest) == new
        assert [p.name for p in (project_built / "data").iterdir() if p.name.startswith(".processed")] == [
            new_tables.name]

    def test_an_older_checkouts_plain_folder_is_moved_aside_and_recovered_if_killed(self, project_built, new_tables,
                                                                                    monkeypatch):
        import analysis.data.build as b
        processed = project_built / "data/processed"
        folder = processed.resolve()
        processed.unlink()
        os.rename(folder, processed)  # the layout before links: a plain folder
        before = snapshot(processed)
        real = b.os.symlink
        monkeypatch.setattr(b.os, "symlink", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt("killed")))
        with pytest.raises(KeyboardInterrupt):
            b.publish(new_tables, processed)  # killed right after moving the plain folder aside
        monkeypatch.setattr(b.os, "symlink", real)
        b.recover(processed)  # what the next publish does first: link a complete build folder again
        assert snapshot(processed) in (before, snapshot(new_tables))
        b.publish(new_tables, processed)
        assert processed.is_symlink() and snapshot(processed) == snapshot(new_tables)

    def test_published_tables_are_readable_by_everyone(self, project_built, new_tables):
        import analysis.data.build as b
        os.chmod(new_tables, 0o700)  # as tempfile.mkdtemp makes it
        b.publish(new_tables, project_built / "data/processed")
        assert (project_built / "data/processed").resolve().stat().st_mode & 0o777 == 0o755

    def test_a_second_build_waits_its_turn(self, project_built):
        import fcntl
        with open(project_built / "data/.build.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            with pytest.raises(DataError, match="no other build running"):
                build(project_built)


class TestRegisteredButWrong:
    """A changed file whose new checksum was registered (as for a new edition) is still stopped when it is
    wrong: one line naming file, row, column, value and what was expected; the tables stay as they were."""

    def _change(self, project, rel, old, new):
        p = project / "data/raw" / rel
        text = p.read_bytes()
        assert old in text
        p.write_bytes(text.replace(old, new, 1))
        register(project, rel)

    def _drop_column(self, project, rel, index):
        import csv
        p = project / "data/raw" / rel
        rows = list(csv.reader(p.read_text(encoding="utf-8").splitlines()))
        p.write_text("\r\n".join(",".join(c for j, c in enumerate(r) if j != index) for r in rows) + "\r\n",
                     encoding="utf-8")
        register(project, rel)

    @pytest.mark.parametrize("old, new", [
        ("在2016年基础上也提高30元", "在2016年基础上也提高了30元"),  # the reviewed wording no longer there
        ("在2016年基础上也提高30元", "在2015年基础上也提高30元"),  # an increase on another year than the previous
    ])
    def test_a_stated_increase_that_no_longer_says_what_was_reviewed(self, project_built, old, new):
        before = snapshot(project_built / "data/processed")
        self._change(project_built, "national/news_premium-standards-evidence.csv", old.encode(), new.encode())
        with pytest.raises(ReadFailed) as err:
            build(project_built)
        assert err.value.problems == [
            f"file data/raw/national/news_premium-standards-evidence.csv, row 26, column 'indicator_as_printed': "
            f"value '城乡居民医保人均个人缴费标准{new},平均每人每年达到'; expected the statement of an increase on the "
            "previous year reviewed in reference/stated_increases.csv (pattern "
            "'城乡居民医保人均个人缴费标准(?P<phrase>在(?P<base>\\d{4})年基础上也提高(?P<increase>\\d+)元),平均每人每年达到')"]
        assert snapshot(project_built / "data/processed") == before

    def test_a_stated_increase_whose_statement_is_gone_is_named(self, project_built):
        before = snapshot(project_built / "data/processed")
        self._change(project_built, "national/news_premium-standards-evidence.csv", b"http://m.weuufuk.cn/2017/0502/",
                     b"http://m.weuufuk.cn/2017/0503/")
        with pytest.raises(ReadFailed) as err:
            build(project_built)
        assert err.value.problems == [
            "file data/raw/national/news_premium-standards-evidence.csv, column 'url': value "
            "'http://m.weuufuk.cn/2017/0502/238571.html'; expected one row with this url and reference_period '2017' "
            "(reference/stated_increases.csv), found 0"]
        assert snapshot(project_built / "data/processed") == before

    def test_a_stated_increase_in_a_file_no_long_reader_reads_is_named(self, project_built, tmp_path, monkeypatch):
        """A reviewed statement placed in a file of another layout would never be read: the build says so."""
        import analysis.data.build as build_module
        import analysis.data.catalog as cat
        from analysis.paths import STATED_INCREASES_CSV
        listed = tmp_path / "stated_increases.csv"
        text = STATED_INCREASES_CSV.read_text(encoding="utf-8")
        listed.write_text(text.replace("news_premium-standards-evidence.csv,http://m.cnktw",
                                       "policy_premium_standards.csv,http://m.cnktw", 1), encoding="utf-8")
        monkeypatch.setattr(cat, "STATED_INCREASES_CSV", listed)
        monkeypatch.setattr(build_module, "STATED_INCREASES_CSV", listed)
        cat.stated_increases.cache_clear()
        before = snapshot(project_built / "data/processed")
        try:
            with pytest.raises(ReadFailed) as err:
                build(project_built)
        finally:
            cat.stated_increases.cache_clear()
        assert err.value.problems == [
            f"{listed}: row 3, column 'file', value 'policy_premium_standards.csv': expected a raw file of the "
            "manifest read as national_long (the only reader of stated increases)"]
        assert snapshot(project_built / "data/processed") == before

    def test_a_file_that_lost_a_column(self, project_built):
        before = snapshot(project_built / "data/processed")
        self._drop_column(project_built, "yearbook/csy2009_21-47.csv", 3)
        with pytest.raises(ReadFailed, match=r"csy2009_21-47.csv, row 1, column .*missing.*header registered"):
            build(project_built)
        assert snapshot(project_built / "data/processed") == before

    def test_a_file_that_lost_a_row(self, project_built):
        self._change(project_built, "yearbook/csy2012_21-21.csv", b"Hebei,", b"XHebei,")
        p = project_built / "data/raw/yearbook/csy2012_21-21.csv"
        p.write_bytes(b"\r\n".join(line for line in p.read_bytes().split(b"\r\n") if not line.startswith(b"XHebei")))
        register(project_built, "yearbook/csy2012_21-21.csv")
        with pytest.raises(ReadFailed, match=r"csy2012_21-21.csv, row 32: value .31 data rows.; expected 32 data rows"):
            build(project_built)

    def test_a_unit_changed_in_a_heading(self, project_built):
        self._change(project_built, "yearbook/csy2012_21-21.csv", b"Number of Enrollees (10 000 persons)",
                     b"Number of Enrollees (persons)")
        with pytest.raises(ReadFailed, match=r"csy2012_21-21.csv, row 1.*header registered"):
            build(project_built)

    def test_a_unit_changed_in_a_long_files_unit_cell(self, project_built):
        self._change(project_built, "national/comm_resident-pension.csv", b"51255,\xe4\xb8\x87\xe4\xba\xba",
                     b"51255,\xe4\xba\xba")  # 万人 → 人
        with pytest.raises(ReadFailed, match=r"comm_resident-pension.csv, row 5, column 'unit_as_printed': "
                                             r"value '人'.*manifest names"):
            build(project_built)

    def test_a_sum_that_is_off_with_provinces_missing_fails_outside_a_partial_copy(self):
        from analysis.data.validate import sum_checks
        rows = [{"geo_code": c, "year": 2008, "indicator": "ncms_enrollees", "group": "", "value": v, "factor": 1.0,
                 "value_as_printed": str(int(v)), "source_row": i, "unit": "persons",
                 "source_file": "data/raw/t.csv"}
                for i, (c, v) in enumerate([("000000", 100.0), ("110000", 10.0), ("120000", 20.0)], start=2)]
        long = pd.DataFrame(rows)
        assert sum_checks(long)["status"].tolist() == ["failed"]
        assert sum_checks(long, {"data/raw/t.csv": "ends after Tianjin"})["status"].tolist() == ["reported"]

    def test_a_value_multiplied_within_its_range(self, project_built):
        rel = "nbs_database/nbsdb_rural-disposable-income_2016-2025.csv"
        p = project_built / "data/raw" / rel
        text = p.read_text(encoding="utf-8")
        gansu = next(line for line in text.splitlines() if line.startswith("甘肃省"))
        cells = gansu.split(",")
        cells[4] = str(3 * int(cells[4]))  # 2022 tripled: inside the indicator's range, not a plausible change
        p.write_text(text.replace(gansu, ",".join(cells)), encoding="utf-8", newline="")
        register(project_built, rel)
        with pytest.raises(ValidationFailed, match=r"nbsdb_rural-disposable-income_2016-2025.csv, row \d+, column "
                                                   r"'2022年?'.*620000 2022.*within ±40%"):
            build(project_built)

    def test_an_income_that_no_longer_equals_its_components(self, project_built):
        self._change(project_built, "yearbook/csy2009_9-22.csv", b"Hebei,4795.46,", b"Hebei,14386.38,")  # x3
        with pytest.raises(ValidationFailed, match=r"csy2009_9-22.csv, row 5, column 'Net Income \(yuan\)': value "
                                                   r"'14386.38'; expected rural_income_wages \+ .* on the same row \(4795\.46 yuan\)"):
            build(project_built)

    def test_a_revised_edition_of_an_export_wins_over_the_older_file(self, project):
        """Two downloads of the same export, the later one revised: the manifest's published date decides
        (years moved past the material's, so that only the two downloads print them)."""
        fixture = (FIXTURES / "nbs_export_rural_income.csv").read_text(encoding="utf-8").replace(
            "2024年", "2027年").replace("2023年", "2026年")
        for name, published, text in (("a-old", "2025-01-15", fixture),
                                      ("b-revised", "2025-06-30", fixture.replace("21578", "21600"))):
            rel = f"nbs_database/nbsdb_rural-disposable-income_{name}.csv"
            (project / "data/raw" / rel).write_text(text, encoding="utf-8")
            add_to_manifest(project, rel, "nbs_province_export", tier="official-database-export-secondary",
                            table_id="农村居民人均可支配收入(元)", data_years="2026-2027", published=published,
                            partial="a download of three provinces")
        build(project)
        long = datasets.province_year_long(project)
        tibet = long[long.geo_code.eq("540000") & long.year.eq(2027) & long.indicator.eq("rural_disposable_income")]
        assert len(tibet) == 2 and tibet.loc[tibet.preferred, "source_file"].tolist() == [
            "data/raw/nbs_database/nbsdb_rural-disposable-income_b-revised.csv"]
        checks = datasets.agreement_checks(project)
        old = checks[checks.source_file.str.endswith("a-old.csv") & checks.year.eq(2027)]
        assert old.loc[old.geo_code.eq("540000"), "status"].tolist() == [
            "revised"]  # the older edition's differing figure is superseded, not a conflict
        assert set(old.loc[old.geo_code.ne("540000"), "status"]) == {"ok"}  # figures both editions print alike

    def test_a_figure_that_disagrees_with_another_source_printing_it(self, project_built):
        """2008 NCMS enrollees are printed in CSY 2009 table 21-47 (81517.55 万) and CSY 2012 table 21-20 (8.15 亿)."""
        self._change(project_built, "yearbook/csy2012_21-20.csv", b"7.26,8.15,8.33", b"7.26,8.45,8.33")
        with pytest.raises(ValidationFailed, match=r"csy2012_21-20.csv, row 3, column ncms_enrollees: value '8.45' "
                                                   r"\(2008\); expected the figure of data/raw/yearbook/csy2009_21-47.csv"):
            build(project_built)
