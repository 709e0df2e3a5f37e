import pytest

from analysis.errors import ChecksumError, DataError
from analysis.data.manifest import TIERS, load_manifest, single_year, verify_checksums
from conftest import RAW


class TestManifest:
    def test_lists_every_raw_file_with_family_and_checksum(self):
        m = verify_checksums(RAW)
        on_disk = sorted(p.relative_to(RAW).as_posix() for p in RAW.rglob("*.csv") if p.name != "manifest.csv")
        assert sorted(m["path"]) == on_disk and len(on_disk) == 58
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
