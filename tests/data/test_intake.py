"""A registered file that is wrong still stops the build (issue 19).

Each case copies the real raw data into a temporary project, changes one real raw file, registers it
exactly as README's intake step 2 says (``python -m analysis hash`` prints sha256, rows and header, which
go into the file's manifest row), and runs ``python -m analysis build``: it must exit 1 with one line per
problem naming file, row, column and value, and leave ``data/processed/`` byte-identical.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re

import pandas as pd
import pytest

from analysis.cli import main

RAW_NCMS_2011 = "yearbook/csy2012_21-21.csv"


def snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def register_as_readme(root, rel: str, **fields) -> None:
    """README intake step 2: ``python -m analysis hash data/raw/<rel>`` prints sha256, rows and header; put
    them (and any other ``fields``) into the file's manifest row."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--root", str(root), "hash", str(root / "data/raw" / rel)]) == 0
    text = out.getvalue()
    sha = text.split()[0]
    rows = re.search(r"^\s+rows: (\d+)$", text, re.M).group(1)
    header = re.search(r"^\s+header: (.*)$", text, re.M).group(1)
    manifest = root / "data/raw/manifest.csv"
    df = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    assert (df.path == rel).sum() == 1
    df.loc[df.path == rel, ["sha256", "rows", "header"]] = [sha, rows, header]
    for k, v in fields.items():
        df.loc[df.path == rel, k] = v
    df.to_csv(manifest, index=False, lineterminator="\r\n")


def edit_records(root, rel: str, change) -> None:
    """Rewrite a raw CSV file's records through ``change(records) -> records`` (CRLF, as the raw files are)."""
    p = root / "data/raw" / rel
    raw = p.read_bytes()
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n" if b"\r\n" in raw else "\n").writerows(change(records))
    p.write_bytes(buf.getvalue().encode("utf-8"))


def replace_bytes(root, rel: str, old: bytes, new: bytes) -> None:
    p = root / "data/raw" / rel
    data = p.read_bytes()
    assert data.count(old) == 1, old
    p.write_bytes(data.replace(old, new))


def build_errors(root, capsys) -> list[str]:
    """Run ``python -m analysis build`` on ``root``; it must fail with only ``error:`` lines (no traceback)
    and leave ``data/processed/`` as it was. Returns the problem lines."""
    before = snapshot(root / "data/processed")
    capsys.readouterr()
    assert main(["--root", str(root), "build"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert snapshot(root / "data/processed") == before
    lines = [line.strip() for line in err.splitlines() if line.strip().startswith("- ")]
    return [line[2:] for line in lines] or [line for line in err.splitlines() if line.startswith("error:")]


class TestFamiliesDeclareWhatATableHolds:
    def test_a_file_that_lost_a_column_its_family_requires(self, project_built, capsys):
        # CSY 2012 table 21-21 without "Premiums This Year": funds raised would vanish from 2011's tables.
        edit_records(project_built, RAW_NCMS_2011, lambda rs: [r[:5] + r[6:] for r in rs])
        register_as_readme(project_built, RAW_NCMS_2011)
        assert build_errors(project_built, capsys) == [
            "file data/raw/yearbook/csy2012_21-21.csv, row 1: value 'no heading for ncms_funds_raised'; expected a "
            "heading mapped to ncms_funds_raised ('Funds Raised this Year' or 'Premiums This Year'), which every table "
            "of family ncms_by_region prints ([families.ncms_by_region] requires in src/analysis/data/catalog.toml)"]

    def test_a_file_that_lost_a_province(self, project_built, capsys):
        edit_records(project_built, RAW_NCMS_2011, lambda rs: [r for r in rs if r[0] != "Hebei"])
        register_as_readme(project_built, RAW_NCMS_2011)
        [line] = build_errors(project_built, capsys)
        assert line.startswith("file data/raw/yearbook/csy2012_21-21.csv, column 'region': value '30 of 31 "
                               "provinces; missing Hebei (130000)'; expected a row for every province")

    def test_a_copy_marked_partial_may_lack_a_province(self, project_built, capsys):
        edit_records(project_built, RAW_NCMS_2011, lambda rs: [r for r in rs if r[0] != "Hebei"])
        register_as_readme(project_built, RAW_NCMS_2011, partial="test copy without Hebei")
        assert main(["--root", str(project_built), "build"]) == 0
        from analysis import datasets
        sums = datasets.sum_checks(project_built)
        enrol = sums[sums.source_file.str.endswith("csy2012_21-21.csv") & sums.indicator.eq("ncms_enrollees")]
        assert enrol["status"].tolist() == ["reported"] and "test copy without Hebei" in enrol["note"].iloc[0]

    def test_a_year_heading_outside_the_manifests_data_years(self, project_built, capsys):
        # CSY 2012 table 21-20 prints 2005-2011 (data_years 2005-2011); its 2011 heading misprinted 2012.
        rel = "yearbook/csy2012_21-20.csv"
        replace_bytes(project_built, rel, b",2010,2011\r\n", b",2010,2012\r\n")
        register_as_readme(project_built, rel)
        assert build_errors(project_built, capsys) == [
            "file data/raw/yearbook/csy2012_21-20.csv, row 1, column '2012': value '2012'; expected a year within the "
            "manifest's data_years (2005-2011); 6 value(s) of 2012 read"]

    def test_a_year_printed_twice_in_a_heading_is_one_line(self, project_built, capsys):
        rel = "nbs_database/nbsdb_rural-disposable-income_2016-2025.csv"
        replace_bytes(project_built, rel, b",2023,", b",2024,")
        register_as_readme(project_built, rel)
        [line] = build_errors(project_built, capsys)
        assert line.startswith(f"file data/raw/{rel}, row 1, column '2024': value '2024'; expected each heading once "
                               "(year 2024 printed twice in the heading: columns 3 and 4)")

    def test_a_unit_wrong_in_a_heading_is_one_error_on_the_heading_row(self, project_built, capsys):
        replace_bytes(project_built, RAW_NCMS_2011, b"Number of Enrollees (10 000 persons)",
                      b"Number of Enrollees (persons)")
        register_as_readme(project_built, RAW_NCMS_2011)
        [line] = build_errors(project_built, capsys)
        assert line.startswith("file data/raw/yearbook/csy2012_21-21.csv, row 1, column 'Number of Enrollees "
                               "(persons)': value 'persons'; expected a unit the manifest names for this file")

    def test_a_unit_wrong_in_a_row_label_is_one_error_on_that_row(self, project_built, capsys):
        rel = "yearbook/csy2012_21-20.csv"
        replace_bytes(project_built, rel, b"Number of Enrollees (100 million persons)",
                      b"Number of Enrollees (10 000 persons)")
        register_as_readme(project_built, rel)
        [line] = build_errors(project_built, capsys)
        assert line.startswith("file data/raw/yearbook/csy2012_21-20.csv, row 3, column 'Indicator': value "
                               "'10 000 persons'; expected a unit the manifest names")


class TestIdentitiesPrintedOnARow:
    def test_financing_per_enrollee_that_is_no_longer_funds_over_enrollees(self, project_built, capsys):
        # Beijing 2011: 17.64 亿 ÷ 276.8 万 = 637.28 yuan; printed 637.2; a slip makes it 673.2.
        replace_bytes(project_built, RAW_NCMS_2011, b"Beijing,16,13,276.8,637.2,", b"Beijing,16,13,276.8,673.2,")
        register_as_readme(project_built, RAW_NCMS_2011)
        [line] = build_errors(project_built, capsys)
        assert line.startswith("file data/raw/yearbook/csy2012_21-21.csv, row 3, column 'Per Capita Premiums (yuan)': "
                               "value '673.2'; expected ncms_funds_raised / ncms_enrollees on the same row (637.283 "
                               "yuan) within ±0.346 (printed rounding), not a difference of +35.92")

    def test_population_total_that_is_no_longer_urban_plus_rural(self, project_built, capsys):
        rel = "yearbook/csy2009_3-4.csv"
        p = project_built / "data/raw" / rel
        line = next(x for x in p.read_text(encoding="utf-8").splitlines() if x.startswith("Hebei"))
        cells = line.split(",")
        cells[1] = str(int(cells[1]) + 10)
        replace_bytes(project_built, rel, line.encode(), ",".join(cells).encode())
        register_as_readme(project_built, rel)
        lines = build_errors(project_built, capsys)
        assert any(x.startswith(f"file data/raw/{rel}, row ") and "urban_population + rural_population" in x
                   and "identity population_urban_rural" in x for x in lines), lines

    def test_a_known_source_inconsistency_is_reported_not_failed(self, built):
        from analysis import datasets
        from analysis.data.validate import identity_checks
        report = identity_checks(datasets.province_year_long(built))
        reported = report[report.status.eq("reported")]
        assert sorted(zip(reported.source_file, reported.source_row)) == [
            ("data/raw/nbs_database/github-tongjimodule_province-population-panel_2016-2025.csv", 231),
            ("data/raw/yearbook/csy2010_22-48.csv", 5), ("data/raw/yearbook/csy2016_2-8.csv", 10)]
        assert report.status.ne("failed").all()
        ncms = report[report.identity.eq("ncms_financing_per_enrollee")]
        assert len(ncms) >= 31 and ncms.status.eq("ok").all()  # every province of 2011 and the national rows

    def test_a_listed_inconsistency_excuses_only_the_figure_it_lists(self, project_built, capsys):
        # Hebei 2009 urban employees 802.1 (a source typo, listed); changed to 812.1 it is no longer excused.
        rel = "yearbook/csy2010_22-48.csv"
        replace_bytes(project_built, rel, b",Hebei,1421.1,802.1,", b",Hebei,1421.1,812.1,")
        register_as_readme(project_built, rel)
        lines = build_errors(project_built, capsys)
        assert any(x.startswith(f"file data/raw/{rel}, row 5, column 'Urban Employees (10 000 persons)': value "
                                "'812.1'") for x in lines), lines


class TestPlausibility:
    def test_a_value_tripled_in_a_year_without_a_neighbour(self, project_built, capsys):
        # Qinghai's yearbook prints 2013 net income; the nearest other year printed is 2008 (CSY 2009 9-22), so
        # no year-on-year change applies. Hebei's 2013 figure tripled stays inside the indicator's range.
        rel = "yearbook/prov-qinghai2014_23-16.csv"
        p = project_built / "data/raw" / rel
        line = next(x for x in p.read_text(encoding="utf-8").splitlines() if x.startswith("Hebei,"))
        cells = line.split(",")
        cells[1] = str(3 * int(cells[1]))
        replace_bytes(project_built, rel, line.encode(), ",".join(cells).encode())
        register_as_readme(project_built, rel)
        [line] = build_errors(project_built, capsys)
        assert line.startswith(f"file data/raw/{rel}, row 5, column 'Per Capita Annual Net Income Amount (yuan)': "
                               f"value '{cells[1]}' (rural_net_income, 1 province(s) of 2013: row 5 130000")
        assert "expected each province's ratio to the national figure of its table within x1.5 of " \
               "data/raw/yearbook/csy2009_9-22.csv (2008)" in line

    def test_two_year_columns_exchanged_in_a_rising_series(self, project_built, capsys):
        # Every change stays within ±40%, but 2022 and 2023 exchanged make income fall in every province.
        rel = "nbs_database/nbsdb_rural-disposable-income_2016-2025.csv"
        replace_bytes(project_built, rel, b"Region,2025,2024,2023,2022,", b"Region,2025,2024,2022,2023,")
        register_as_readme(project_built, rel)
        lines = build_errors(project_built, capsys)
        assert [x for x in lines if "falls" in x] == [
            f"file data/raw/{rel}, row 2, columns '2022' and '2023': rural_disposable_income falls from 2022 to 2023 in "
            "31 of 31 provinces; expected it to rise in most (a nominal series falling in more than 50% of provinces "
            "at once means two year columns were exchanged or misprinted; [plausibility] in "
            "src/analysis/data/catalog.toml)"]

    def test_the_rules_do_not_fire_on_the_real_data(self, long):
        from analysis.data.validate import falling_problems, ratio_shift_problems
        assert ratio_shift_problems(long) == [] and falling_problems(long) == []


class TestMessages:
    def test_many_disagreements_of_one_kind_are_one_line(self, project_built, capsys):
        # The NBS export's 2020 rural population of five provinces raised 1% (0.9%–1.1% after rounding): the user-compiled panel that
        # copies it now disagrees five times, reported as one line with the first rows and both figures.
        rel = "nbs_database/nbsdb_rural-population_2016-2025.csv"

        def raise_2020(records):
            j = records[0].index("2020")
            for r in records[1:6]:
                r[j] = str(round(int(r[j]) * 1.01))
            return records
        edit_records(project_built, rel, raise_2020)
        register_as_readme(project_built, rel)
        lines = [x for x in build_errors(project_built, capsys) if "differ" in x or "expected the figure" in x]
        assert len(lines) == 1, lines
        assert lines[0].startswith(
            "file data/raw/nbs_database/github-tongjimodule_province-population-panel_2016-2025.csv, row ")
        assert (f"column rural_population: 5 values of 2020 differ from data/raw/{rel} by 0.9%–1.1%; expected each "
                "within the printed rounding (row ") in lines[0]
        assert "; and 2 more;" in lines[0] and "difference -" in lines[0] and "万人" in lines[0]
        assert "listing the pair as a known conflict would hide that bug" in lines[0]

    @pytest.mark.parametrize("error", [OSError(28, "No space left on device"), PermissionError(13, "Permission denied")])
    def test_a_full_disk_or_a_permission_problem_names_the_file(self, project_built, capsys, monkeypatch, error):
        # pyarrow and pandas raise such errors without a file name ("error: : No space left on device").
        def failing(self, *args, **kwargs):
            raise error
        monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
        [line] = build_errors(project_built, capsys)
        assert re.fullmatch(rf"error: {re.escape(str(project_built / 'data'))}/\.processed-\w+/province_year_long\.parquet: "
                            rf"{error.strerror} \(check the folder's permissions and free space; --debug shows the "
                            r"traceback\)", line), line
        assert [p.name for p in (project_built / "data").glob(".processed-*")] == [
            (project_built / "data/processed").resolve().name]  # the half-written folder is gone

    def test_an_old_build_folder_that_cannot_be_removed_is_a_warning(self, project_built, capsys, monkeypatch):
        import analysis.data.build as b
        old = (project_built / "data/processed").resolve()

        def refuse(path, *a, **k):
            raise PermissionError(13, "Permission denied", str(path))
        monkeypatch.setattr(b.shutil, "rmtree", refuse)
        assert main(["--root", str(project_built), "build"]) == 0
        err = capsys.readouterr().err
        assert (f"warning: the new tables are published in {project_built / 'data/processed'}, but an old build folder "
                f"could not be removed: {old}: Permission denied") in err
        assert (project_built / "data/processed").resolve() != old and old.is_dir()


class TestNothingWrittenWhereItMustNotBe:
    def test_an_unlisted_linked_folder_inside_raw_is_an_error(self, project_built, tmp_path, capsys):
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        (outside / "extra.csv").write_text("Region,2024\r\nBeijing,1\r\n", encoding="utf-8")
        (project_built / "data/raw/linked").symlink_to(outside, target_is_directory=True)
        assert build_errors(project_built, capsys) == [
            f"error: file data/raw/linked: value 'unlisted link to {outside}'; expected only files listed in "
            "data/raw/manifest.csv inside data/raw/ (copy a new table in; never link a folder or file)"]

    def test_a_run_into_notebooks_writes_nothing_there(self, capsys):
        from conftest import ROOT
        before = sorted(p.name for p in (ROOT / "notebooks").iterdir())
        assert main(["run", "notebooks/08-scenarios.ipynb", "--output", "notebooks"]) == 1
        assert "inside notebooks" in capsys.readouterr().err
        assert sorted(p.name for p in (ROOT / "notebooks").iterdir()) == before


class TestReportedInconsistencies:
    def test_check_reports_each_declared_source_inconsistency_with_both_figures(self, built, capsys):
        assert main(["--root", str(built), "check"]) == 0
        err = capsys.readouterr().err
        assert ("reported: data/raw/yearbook/csy2010_22-48.csv row 5 (uebmi_staff_retirees): printed 802.1 vs computed "
                "800.1, difference +2 (Hebei 2009:") in err
        assert err.count("(population_urban_rural): printed") == 2
