import pytest

from analysis.errors import ChecksumError, DataError
from analysis.data.manifest import TIERS, load_manifest, single_year, verify_checksums
from conftest import RAW


class TestManifest:
    def test_lists_every_raw_file_with_family_and_checksum(self):
        m = verify_checksums(RAW)
        on_disk = sorted(p.relative_to(RAW).as_posix() for p in RAW.rglob("*.csv") if p.name != "manifest.csv")
        assert sorted(m["path"]) == on_disk and len(on_disk) == 61
        assert m["tier"].isin(TIERS).all()

    def test_single_year(self):
        assert single_year("2011") == 2011
        assert single_year("2016-2024") is None


class TestVerifyChecksums:
    def test_changed_raw_file_is_named(self, project):
        path = project / "data/raw/yearbook/csy2012_21-21.csv"
        path.write_bytes(path.read_bytes().replace(b"5020.0", b"5021.0"))
        with pytest.raises(ChecksumError, match=r"data/raw/yearbook/csy2012_21-21.csv.*read-only"):
            verify_checksums(project / "data/raw")

    def test_unlisted_file_is_an_error(self, project):
        (project / "data/raw/yearbook/extra.csv").write_text("Region\n", encoding="utf-8")
        with pytest.raises(DataError, match="extra.csv.*manifest"):
            verify_checksums(project / "data/raw")

    def test_missing_file_is_an_error(self, project):
        (project / "data/raw/yearbook/csy2009_3-4.csv").unlink()
        with pytest.raises(ChecksumError, match="missing file"):
            verify_checksums(project / "data/raw")

    def test_bad_tier_names_manifest_row(self, project):
        path = project / "data/raw/manifest.csv"
        path.write_text(path.read_text(encoding="utf-8").replace(",official-table,", ",official,", 1), encoding="utf-8")
        with pytest.raises(DataError, match=r"manifest.csv, row 2, column 'tier': value 'official'"):
            load_manifest(project / "data/raw")


class TestPathsStayInside:
    @pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "yearbook/../../outside.csv"])
    def test_a_manifest_path_leaving_data_raw_is_refused(self, project, path):
        import pandas as pd
        m = project / "data/raw/manifest.csv"
        df = pd.read_csv(m, dtype=str, keep_default_na=False)
        df.loc[0, "path"] = path
        df.to_csv(m, index=False, lineterminator="\r\n")
        with pytest.raises(DataError, match=r"manifest.csv, row 2, column 'path'.*inside data/raw/"):
            verify_checksums(project / "data/raw")

    def test_a_link_out_of_data_raw_is_refused(self, project, tmp_path):
        outside = tmp_path / "outside.csv"
        outside.write_text("x\n")
        target = project / "data/raw/yearbook/csy2009_3-4.csv"
        target.unlink()
        target.symlink_to(outside)
        with pytest.raises(DataError, match="no link out"):
            verify_checksums(project / "data/raw")


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied", "data/.processed-x"),
                                   OSError(28, "No space left on device", "data/.processed-x")])
def test_a_read_only_or_full_disk_is_one_clear_line_and_keeps_the_tables(project_built, capsys, monkeypatch, error):
    """Writing the new tables fails as on a read-only or full disk (simulated: the tests run as root)."""
    import analysis.data.build as b
    from analysis.cli import main
    before = sorted(p.name for p in (project_built / "data/processed").iterdir())

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(b, "write_tables", fail)
    assert main(["--root", str(project_built), "build"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: data/.processed-x: {error.strerror}") and "Traceback" not in "".join(err)
    assert sorted(p.name for p in (project_built / "data/processed").iterdir()) == before
    assert [p.name for p in (project_built / "data").iterdir() if p.name.startswith(".processed")] == [
        (project_built / "data/processed").resolve().name]  # the half-written folder is gone


class TestDataYearsSet:
    @pytest.mark.parametrize("text, years", [
        ("2011", {2011}),
        ("2016-2024", set(range(2016, 2025))),
        ("1990; 1995-2011", {1990, *range(1995, 2012)}),
        ("2009, 2010", {2009, 2010}),
        ("2004-2014 (rows 2000-2003 and 2015-2020 hold only 县级区划数)", set(range(2000, 2021))),
        ("", set()),
    ])
    def test_names_every_year_of_ranges_and_single_years(self, text, years):
        from analysis.data.manifest import data_years_set
        assert data_years_set(text) == years


def test_partial_copies_are_named_as_raw_files_are_cited_with_why():
    import pandas as pd
    from analysis.data.manifest import partial_copies
    manifest = pd.DataFrame({"path": ["yearbook/a.csv", "yearbook/b.csv"], "partial": ["copy ends at Tibet", ""]})
    assert partial_copies(manifest) == {"data/raw/yearbook/a.csv": "copy ends at Tibet"}
