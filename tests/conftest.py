"""Shared fixtures: the real raw data built once, copies of the project to break, the one notebook run.

`make test` executes every notebook once, under nbval (first stage), with figures, key results and
claims sent to a test folder that it passes here as ``$ANALYSIS_TEST_RUN``; the tests that need a
notebook run read that folder. Run on its own (``pytest tests/...``), :func:`notebook_run` executes
the notebooks once per session instead, so every test works either way.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Set by `make test`: the folder of its notebook run (figures/, results/, results/claims/).
TEST_RUN_ENV = "ANALYSIS_TEST_RUN"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The real data built once into a temporary project; returns its root."""
    from analysis.data.build import build
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(RAW, root / "data" / "raw")
    build(root)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway copy of the project's raw data (to change, break or extend), not yet built."""
    root = tmp_path / "project"
    shutil.copytree(RAW, root / "data" / "raw")
    return root


@pytest.fixture
def project_built(project: Path, built: Path) -> Path:
    """:func:`project` with the processed tables of the session's one build copied in (no rebuild), published
    as a build publishes them (``data/processed`` a link to a build folder)."""
    folder = (built / "data" / "processed").resolve()
    shutil.copytree(folder, project / "data" / folder.name)
    os.symlink(folder.name, project / "data" / "processed")
    return project


@pytest.fixture(scope="session")
def long(built) -> pd.DataFrame:
    from analysis import datasets
    return datasets.province_year_long(built)


@pytest.fixture(scope="session")
def panel(built) -> pd.DataFrame:
    from analysis import datasets
    return datasets.rural_panel(built)


@pytest.fixture(scope="session")
def notebook_run(tmp_path_factory) -> Path:
    """The folder of the one run of every notebook in this test run: ``figures/`` (PNGs and
    manifest.json) and ``results/`` (key results; ``claims/``)."""
    given = os.environ.get(TEST_RUN_ENV)
    if given:
        path = Path(given)
        if not (path / "results").is_dir():
            pytest.fail(f"{TEST_RUN_ENV}={given} holds no results: its nbval stage did not run to the end")
        return path
    from concurrent.futures import ThreadPoolExecutor

    from analysis.notebooks.execute import execute
    from analysis.notebooks.runner import notebook_paths

    base = tmp_path_factory.mktemp("notebook-run")
    given = {"OUTPUT_DIR": str(base), "DRAFT_FIGURES": True}  # as make test's nbval stage gives them
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for future in [pool.submit(execute, nb, base / "notebooks" / nb.name, given) for nb in notebook_paths(ROOT)]:
            future.result()
    return base


def manifest_row(**overrides) -> pd.Series:
    """A manifest row for a hand-built raw file."""
    base = {"path": "yearbook/test.csv", "tier": "official-table", "publisher": "National Bureau of Statistics of China (NBS)",
            "publication": "Test Yearbook", "table_id": "1-1", "title_as_printed": "Test", "data_years": "2011",
            "geography": "province", "units": "", "canonical_url": "https://example.org/t", "retrieved_from": "",
            "rows": "", "checks": "", "notes": "", "family": "ncms_by_region", "sha256": "0" * 64, "citation": "",
            "printed_units": "", "header": "", "partial": "", "published": ""}
    base.update(overrides)
    return pd.Series(base)


def write_csv(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def register(root: Path, rel: str) -> None:
    """Record the current checksum of data/raw/<rel> in the manifest (as the README tells a user to)."""
    from analysis.data.manifest import sha256_of
    m = root / "data" / "raw" / "manifest.csv"
    df = pd.read_csv(m, dtype=str, keep_default_na=False)
    df.loc[df.path == rel, "sha256"] = sha256_of(root / "data" / "raw" / rel)
    df.to_csv(m, index=False, lineterminator="\r\n")


def add_to_manifest(root: Path, rel: str, family: str, **fields) -> None:
    """Append a manifest row for data/raw/<rel> (as a researcher would by hand)."""
    from analysis.data.manifest import sha256_of
    manifest = root / "data" / "raw" / "manifest.csv"
    df = pd.read_csv(manifest, dtype=str, keep_default_na=False)
    row = manifest_row(path=rel, family=family, sha256=sha256_of(root / "data" / "raw" / rel), **fields)
    df = pd.concat([df, row.to_frame().T[df.columns]], ignore_index=True)
    df.to_csv(manifest, index=False, lineterminator="\r\n")


@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test opened (pyplot keeps every figure until closed)."""
    yield
    import matplotlib.pyplot as plt
    plt.close("all")


def pytest_collection_modifyitems(items):
    """Tests marked ``slow`` run first: pytest-xdist hands tests out in order, so a slow test collected last
    would keep one worker busy after the other has finished."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: the rest keep their order
