"""The raw-data manifest: one row per raw file, with its provenance and checksum.

``data/raw/manifest.csv`` is the transcribers' manifest plus columns added by
this project: ``family`` (which reader and column mapping apply, see
``catalog.toml``) and ``sha256`` (the file's checksum), which every row fills,
and the columns a row may leave empty (:data:`OPTIONAL_COLUMNS`, each described
there). Every build verifies every checksum before reading anything.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pandas as pd

from ..errors import ChecksumError, DataError
from ..paths import RAW_MANIFEST, raw_file

#: Manifest columns the code relies on.
REQUIRED_COLUMNS = (
    "path",
    "tier",
    "publisher",
    "publication",
    "table_id",
    "title_as_printed",
    "data_years",
    "geography",
    "units",
    "canonical_url",
    "retrieved_from",
    "checks",
    "notes",
    "family",
    "sha256",
)

#: Source tiers from the raw README, most authoritative first (used to choose between sources); code and notebooks
#: name a tier by these constants (``datasets`` re-exports them with ``harmonise.DERIVED_TIER``).
OFFICIAL_TABLE_TIER = "official-table"
DATABASE_COPY_TIER = "official-database-export-secondary"
COMPILED_TIER = "compiled-series"
EVIDENCE_TIER = "evidence"
TIERS = (OFFICIAL_TABLE_TIER, DATABASE_COPY_TIER, COMPILED_TIER, EVIDENCE_TIER)

#: Files under data/raw that are documentation, not data.
NOT_DATA = ("manifest.csv", "README.md")


#: Project columns a row may leave empty: ``citation``, how a chart's source line names a file compiled from
#: several publications (where the ``publication`` field describes the compilation, not a publication).
#: ``printed_units``, the units a file prints where ``units`` describes them loosely ("as printed"): a value
#: printed in any other unit stops the build (a unit changed from 万人 to 人 would otherwise be read 10 000 times
#: too small).
#: ``header``, the file's first record as registered (cells joined by " | "): a file that lost, gained or
#: renamed a column since stops the build, even with its new checksum registered.
#: ``partial``, why a copy of a table lacks some provinces: only there may a provinces-sum check be off
#: because provinces are missing; elsewhere it fails.
#: ``published``, when the file's publication appeared or the copy was retrieved (ISO date, or year): the
#: latest-publication rule of :func:`analysis.data.harmonise.choose_preferred` then lets a revised edition of
#: an export win over the older file (a row's own publication date, where it prints one, comes first).
OPTIONAL_COLUMNS = ("citation", "printed_units", "header", "partial", "published")


def header_text(record: list[str]) -> str:
    """A header record as the manifest's ``header`` column records it."""
    return " | ".join(c.strip() for c in record)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_manifest(raw_dir: Path) -> pd.DataFrame:
    """Read the manifest (every cell as text) and check its columns and values."""
    path = raw_dir / "manifest.csv"
    if not path.is_file():
        raise DataError(str(path), None, None, "missing", f"{RAW_MANIFEST} to exist")
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    name = RAW_MANIFEST
    for col in REQUIRED_COLUMNS:
        if col not in df.columns:
            raise DataError(name, 1, col, "missing column", f"manifest columns {', '.join(REQUIRED_COLUMNS)}")
    checked = ["tier", "sha256", "family"]  # plain dicts of these: a Series per row costs more than the checks
    for i, row in zip(df.index, df[checked].to_dict("records")):
        line = i + 2
        if row["tier"] not in TIERS:
            raise DataError(name, line, "tier", row["tier"], f"one of {', '.join(TIERS)}")
        if not re.fullmatch(r"[0-9a-f]{64}", row["sha256"]):
            raise DataError(
                name,
                line,
                "sha256",
                row["sha256"],
                "the file's 64-character hex sha256 (python -m analysis hash PATH prints it)",
            )
        if not row["family"]:
            raise DataError(name, line, "family", row["family"], "a family name from src/analysis/data/catalog.toml")
    dup = df[df["path"].duplicated()]
    if len(dup):
        raise DataError(name, int(dup.index[0]) + 2, "path", dup["path"].iloc[0], "each raw file listed once")
    for col in OPTIONAL_COLUMNS:
        if col not in df.columns:
            df[col] = ""
    return df


def partial_copies(manifest: pd.DataFrame) -> dict[str, str]:
    """Raw file (as cited, ``data/raw/…``) → why its copy lacks some provinces, for every file whose manifest row
    fills ``partial``: the only tables whose provinces may fall short of the printed total because some are
    missing (:func:`analysis.data.validate.sum_checks`)."""
    return {raw_file(r.path): r.partial for r in manifest.itertuples() if r.partial}


def verify_checksums(raw_dir: Path, manifest: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check that every raw file is listed and unchanged; return the manifest.

    Raises :class:`ChecksumError` for a changed or missing file, and
    :class:`DataError` for a CSV that has no manifest row.
    """
    manifest = load_manifest(raw_dir) if manifest is None else manifest
    listed = set(manifest["path"])
    root = raw_dir.resolve()
    for i, row in zip(manifest.index, manifest[["path", "sha256"]].to_dict("records")):
        path = raw_dir / row["path"]
        rel = raw_file(row["path"])
        if (
            ".." in Path(row["path"]).parts
            or Path(row["path"]).is_absolute()
            or path.is_symlink()
            or not path.resolve().is_relative_to(root)
        ):
            raise DataError(
                RAW_MANIFEST,
                i + 2,
                "path",
                row["path"],
                f"a path to a file inside {raw_file()} (no '..', no absolute path, no link out)",
            )
        if not path.is_file():
            raise ChecksumError(
                rel, None, None, "missing file", f"the file listed in {RAW_MANIFEST} row {i + 2} to exist"
            )
        actual = sha256_of(path)
        if actual != row["sha256"]:
            raise ChecksumError(
                rel,
                None,
                None,
                f"sha256 {actual}",
                f"sha256 {row['sha256']} as recorded in {RAW_MANIFEST} row {i + 2}: "
                "raw files are read-only; a new edition is a new file with its own manifest row",
            )
    for path in sorted(raw_dir.rglob("*")):
        rel = path.relative_to(raw_dir).as_posix()
        if path.is_symlink() and rel not in listed:  # a linked folder would bring in files nobody registered
            raise DataError(
                raw_file(rel),
                None,
                None,
                f"unlisted link to {os.readlink(path)}",
                f"only files listed in {RAW_MANIFEST} inside {raw_file()} (copy a new table in; "
                "never link a folder or file)",
            )
        if path.is_file() and rel not in NOT_DATA and rel not in listed:
            raise DataError(
                raw_file(rel),
                None,
                None,
                "unlisted file",
                f"a row in {RAW_MANIFEST} for every raw file (path, family, sha256, provenance)",
            )
    return manifest


def single_year(data_years: str) -> int | None:
    """The data year when ``data_years`` names exactly one year, else ``None``."""
    m = re.fullmatch(r"\s*(\d{4})\s*", data_years)
    return int(m.group(1)) if m else None


def data_years_set(data_years: str) -> set[int]:
    """Every year the manifest's ``data_years`` names: single years and ranges (``2016-2024``,
    ``1990; 1995-2011``, ``2004-2014 (rows 2000-2003 … hold only …)``), including those named in its
    notes in parentheses, which say what the file's other rows hold. Empty when it names no year."""
    years: set[int] = set()
    for m in re.finditer(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", data_years):
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        years.update(range(lo, hi + 1))
    return years
