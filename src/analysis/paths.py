"""Where things live. Every path is derived from one project root.

The root is the folder holding ``data/raw``. It is found from the package's own
location (a source checkout installed with ``pip install -e .``) or from the
environment variable ``ANALYSIS_ROOT``, which tests use to build into a copy.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REFERENCE_DIR = PACKAGE_DIR / "reference"
REGIONS_CSV = REFERENCE_DIR / "regions.csv"
CATALOG_TOML = PACKAGE_DIR / "catalog.toml"
LONG_LABELS_CSV = REFERENCE_DIR / "long_labels.csv"


def find_root() -> Path:
    """Return the project root: ``$ANALYSIS_ROOT`` if set, else the checkout holding this package."""
    env = os.environ.get("ANALYSIS_ROOT")
    if env:
        return Path(env).resolve()
    candidate = PACKAGE_DIR.parents[1]
    if (candidate / "data" / "raw").is_dir():
        return candidate
    return Path.cwd().resolve()


@dataclass(frozen=True)
class Layout:
    """The project's folders, all below ``root``."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "data" / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "manifest.csv"

    @property
    def processed(self) -> Path:
        return self.root / "data" / "processed"

    @property
    def figures(self) -> Path:
        """``reports/figures``, or ``$ANALYSIS_FIGURES_DIR`` (set for parameterised runs, whose
        figures must not replace those of the committed default run)."""
        env = os.environ.get("ANALYSIS_FIGURES_DIR")
        return Path(env) if env else self.root / "reports" / "figures"


def layout(root: Path | str | None = None) -> Layout:
    """The project layout for ``root`` (default: :func:`find_root`)."""
    return Layout(Path(root).resolve() if root is not None else find_root())
