"""Shared fixtures: the real raw data, copies of the project to break, hand-built files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project's raw data (to change, break or extend)."""
    root = tmp_path / "project"
    shutil.copytree(RAW, root / "data" / "raw")
    return root


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real data built once into a temporary project; returns its root."""
    from analysis.build import build
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(RAW, root / "data" / "raw")
    build(root)
    return root


@pytest.fixture(scope="session")
def long(built) -> pd.DataFrame:
    from analysis import datasets
    return datasets.province_year_long(built)


@pytest.fixture(scope="session")
def panel(built) -> pd.DataFrame:
    from analysis import datasets
    return datasets.rural_panel(built)


@pytest.fixture(scope="session")
def executed_notebooks(tmp_path_factory):
    """Every notebook executed once (in parallel) with figures and key results redirected to a temporary
    folder; returns (folder of executed notebooks, figures folder). The results are in ``<base>-results``."""
    import os
    from concurrent.futures import ThreadPoolExecutor

    from analysis.notebooks import execute, notebook_paths, redirected_outputs
    base = tmp_path_factory.mktemp("executed") / "run"
    base.mkdir()
    with redirected_outputs(base), ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for future in [pool.submit(execute, nb, base / nb.name) for nb in notebook_paths(ROOT)]:
            future.result()
    return base, Path(f"{base}-figures")


def manifest_row(**overrides) -> pd.Series:
    """A manifest row for a hand-built raw file."""
    base = {"path": "yearbook/test.csv", "tier": "official-table", "publisher": "National Bureau of Statistics of China (NBS)",
            "publication": "Test Yearbook", "table_id": "1-1", "title_as_printed": "Test", "data_years": "2011",
            "geography": "province", "units": "", "canonical_url": "https://example.org/t", "retrieved_from": "",
            "rows": "", "checks": "", "notes": "", "family": "ncms_by_region", "sha256": "0" * 64}
    base.update(overrides)
    return pd.Series(base)


def write_csv(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def add_to_manifest(root: Path, rel: str, family: str, **fields) -> None:
    """Append a manifest row for data/raw/<rel> (as a researcher would by hand)."""
    from analysis.manifest import sha256_of
    manifest = root / "data" / "raw" / "manifest.csv"
    df = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    row = manifest_row(path=rel, family=family, sha256=sha256_of(root / "data" / "raw" / rel), **fields)
    df = pd.concat([df, row.to_frame().T[df.columns]], ignore_index=True)
    df.to_csv(manifest, index=False, lineterminator="\r\n")
