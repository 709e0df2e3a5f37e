"""Build ``data/processed/`` from ``data/raw/``: verify, read, harmonise, derive, validate, write.

Nothing is written unless every check passes, and the processed tables are published in one atomic
step (:func:`publish`: written to a new folder, then a link swapped with one rename), under a lock, so a
failed or killed build leaves the previous tables complete and in place.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import pandas as pd

from . import catalog as cat
from .harmonise import (
    add_differences,
    add_flows_from_rates,
    add_levels_from_changes,
    add_provenance,
    add_ratios,
    choose_preferred,
    mark_income_concept,
)
from .manifest import partial_copies, sha256_of, verify_checksums
from .derive import derive_tables
from ..errors import DataError, ReadFailed
from ..paths import STATED_INCREASES_CSV, Layout, layout as get_layout, raw_file
from .readers import EVIDENCE_COLUMNS, STATED_INCREASES_READER, TEXT_READERS, read_file
from .validate import agreement_checks, identity_checks, sum_checks, validate_all

#: Processed tables, in the order they are written and documented.
TABLES = (
    "province_year_long",
    "rural_panel",
    "national_series",
    "policy_standards",
    "provinces",
    "sum_checks",
    "agreement_checks",
    "evidence",
)

LONG_ORDER = [
    *cat.VALUE_COLUMNS,
    "concept",
    "preferred",
    "tier",
    "source_rank",
    "series_break",
    "qualifier",
    "region_flag",
    "value_as_printed",
    "unit_as_printed",
    "factor",
    "reference_period",
    "publication",
    "publication_date",
    "source_url",
    "region_as_printed",
    "source_file",
    "source_row",
    "source_column",
    "derivation",
]

#: Each table's primary key (Frictionless ``primaryKey``): the columns that identify a row. A value is read
#: from one raw cell, so the long table's key is the cell; ``agreement_checks`` has none (a printed figure can
#: be compared twice with the same preferred one, once per column it appears in).
PRIMARY_KEYS = {
    "province_year_long": ["geo_code", "year", "indicator", "source_file", "source_row", "source_column"],
    "rural_panel": ["geo_code", "year"],
    "national_series": ["year"],
    "policy_standards": ["year"],
    "provinces": ["code"],
    "sum_checks": ["source_file", "year", "indicator"],
    "evidence": ["source_file", "source_row"],
}
#: Tables whose ``geo_code`` is always a province, so a Frictionless foreign key to ``provinces`` holds; the
#: others also hold national rows (``000000``), which the exported package's provinces resource lists.
PROVINCE_ONLY = ("rural_panel",)

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


def read_all(lay: Layout, progress: Progress = _quiet) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Verify checksums, then read every raw file; return (long table, text evidence, manifest).

    Text evidence comes from the families read by :data:`~analysis.data.readers.TEXT_READERS`.
    """
    manifest = verify_checksums(lay.raw)
    progress(f"checksums: {len(manifest)} raw files verified")
    frames, evidence, problems = [], [], _unread_statements(manifest)
    for i, (_, meta) in enumerate(manifest.iterrows(), start=1):
        try:
            df = read_file(lay.raw, meta)
        except ReadFailed as exc:  # every bad cell of the file
            problems += exc.problems
            continue
        except DataError as exc:  # the file's layout: nothing more can be read from it
            problems.append(str(exc))
            continue
        text = cat.family(meta["family"])["reader"] in TEXT_READERS
        progress(
            f"[{i:2d}/{len(manifest)}] {meta['path']} ({meta['family']}): {len(df)} {'facts' if text else 'values'}"
        )
        if text:
            evidence.append(df)
        elif len(df):
            frames.append(df)
    if problems:
        raise ReadFailed(problems)
    evidence = (
        pd.concat(evidence, ignore_index=True)
        if evidence
        else pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "source_file", "source_row"])
    )
    long = pd.concat(frames, ignore_index=True)
    long = long.astype({"year": int, "source_row": int, "value": float, "factor": float})
    return harmonise_all(long, manifest), evidence, manifest


def _unread_statements(manifest: pd.DataFrame) -> list[str]:
    """A statement of ``reference/stated_increases.csv`` in a file that no long-file reader reads would be skipped
    without a word: one problem per such row, naming it."""
    long_files = {
        Path(p).name
        for p, fam in zip(manifest["path"], manifest["family"])
        if cat.family(fam)["reader"] == STATED_INCREASES_READER
    }
    return [
        f"{STATED_INCREASES_CSV}: row {i}, column 'file', value {name!r}: expected a raw file of the manifest read "
        f"as {STATED_INCREASES_READER} (the only reader of stated increases)"
        for i, name in enumerate(cat.stated_increases()["file"], start=2)
        if name not in long_files
    ]


def harmonise_all(long: pd.DataFrame, manifest: pd.DataFrame) -> pd.DataFrame:
    """The values as read, harmonised (:mod:`analysis.data.harmonise`, in order) and sorted by key."""
    long = (
        long.pipe(add_provenance, manifest)
        .pipe(add_levels_from_changes)
        .pipe(mark_income_concept)
        .pipe(choose_preferred)
        .pipe(add_differences)
        .pipe(add_ratios)
        .pipe(add_flows_from_rates)
    )
    return (
        long[LONG_ORDER]
        .sort_values(
            ["geo_code", "year", "indicator", "group", "source_file", "source_row", "source_column"], kind="mergesort"
        )
        .reset_index(drop=True)
    )


def _field(name: str, dtype) -> dict:
    kind = (
        "integer"
        if pd.api.types.is_integer_dtype(dtype)
        else "boolean"
        if pd.api.types.is_bool_dtype(dtype)
        else "number"
        if pd.api.types.is_float_dtype(dtype)
        else "string"
    )
    description, unit = cat.describe(name)
    field = {"name": name, "type": kind, "description": description}
    if name in cat.indicators():
        field["title"] = cat.name(name)
    if unit:
        field["unit"] = unit
    return field


def schema(name: str, df: pd.DataFrame, geo_tables=PROVINCE_ONLY, provinces_key: str = "code") -> dict:
    """Frictionless table schema of ``df``: its fields, primary key and the foreign key from ``geo_code`` to the
    provinces resource (for the tables in ``geo_tables``)."""
    out: dict[str, object] = {"fields": [_field(c, df[c].dtype) for c in df.columns]}
    if name in PRIMARY_KEYS:
        out["primaryKey"] = [provinces_key if c == "code" else c for c in PRIMARY_KEYS[name]]
    if name in geo_tables and "geo_code" in df.columns:
        out["foreignKeys"] = [
            {"fields": ["geo_code"], "reference": {"resource": "provinces", "fields": [provinces_key]}}
        ]
    return out


def licenses() -> list[dict]:
    """The collection's licence (Frictionless ``licenses``) from ``CITATION.cff``, the one place it is stated.
    The original publications' own terms apply to the figures they print (see data/raw/README.md)."""
    import re
    from ..paths import CITATION_CFF

    cff = CITATION_CFF.read_text(encoding="utf-8")
    found = re.search(r"^license:\s*\"?([A-Za-z0-9.+-]+)", cff, re.M)
    if found is None:
        raise DataError(str(CITATION_CFF), 1, "license", "", "a license line (an SPDX identifier)")
    spdx = found.group(1)
    return [
        {"name": spdx, "path": f"https://spdx.org/licenses/{spdx}.html", "title": f"{spdx} licence (the collection)"}
    ]


def write_tables(tables: dict[str, pd.DataFrame], manifest: pd.DataFrame, dest: Path) -> None:
    """Write every table as CSV and Parquet plus ``datapackage.json`` into ``dest`` (deterministic bytes)."""
    dest.mkdir(parents=True, exist_ok=True)
    long = tables["province_year_long"]
    used = sorted(set(long["source_file"]))
    meta = manifest.set_index(raw_file() + manifest["path"])
    resources = []
    for name in TABLES:
        df = tables[name]
        csv_path, pq_path = dest / f"{name}.csv", dest / f"{name}.parquet"
        with naming(csv_path):
            df.to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8")
        with naming(pq_path):
            df.to_parquet(pq_path, index=False, engine="pyarrow", compression="snappy")
        if name in ("province_year_long", "rural_panel", "national_series", "sum_checks", "agreement_checks"):
            files = used
        elif name == "policy_standards":
            files = sorted(set(long.loc[long["indicator"].str.startswith("min_"), "source_file"]))
        elif name == "evidence":
            files = sorted(set(df["source_file"]))
        else:
            files = ["src/analysis/data/reference/regions.csv"]
        resources.append(
            {
                "name": name,
                "profile": "tabular-data-resource",
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "hash": "sha256:" + sha256_of(csv_path),
                "bytes": csv_path.stat().st_size,
                "parquet": {"path": f"{name}.parquet", "hash": "sha256:" + sha256_of(pq_path)},
                "schema": schema(name, df),
                "sources": [
                    {
                        "path": f,
                        "title": meta.at[f, "publication"] if f in meta.index else "project reference table",
                        "table": meta.at[f, "table_id"] if f in meta.index else "",
                        "url": (meta.at[f, "canonical_url"] or meta.at[f, "retrieved_from"]) if f in meta.index else "",
                        "tier": meta.at[f, "tier"] if f in meta.index else "",
                        "citation": meta.at[f, "citation"] if f in meta.index and "citation" in meta else "",
                        "sha256": meta.at[f, "sha256"] if f in meta.index else "",
                    }
                    for f in files
                ],
            }
        )
    package = {
        "name": "china-rural-insurance-panel",
        "title": "Rural social insurance, premiums and incomes in China, by province and year",
        "profile": "tabular-data-package",
        "licenses": licenses(),
        "resources": resources,
    }
    with naming(dest / "datapackage.json"):
        (dest / "datapackage.json").write_text(
            json.dumps(package, ensure_ascii=False, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )


@contextmanager
def naming(path: Path):
    """Give an OS error raised while writing ``path`` that file's name (a full disk raised by a library's
    writer often carries none: ``error: : No space left on device``)."""
    try:
        yield
    except OSError as exc:
        if exc.filename:
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc


#: Prefix of the folders that hold each build's tables; ``data/processed`` is a link to the current one.
BUILD_PREFIX = ".processed-"


def _warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr, flush=True)


def publish(new: Path, dest: Path, warn: Progress = _warn) -> None:
    """Make the complete table folder ``new`` the published ``dest`` in one atomic step.

    ``dest`` (``data/processed``) is a relative symbolic link to a sibling folder ``.processed-<id>``;
    publishing points a fresh link at ``new`` and renames it over ``dest`` (``rename`` replaces a link
    atomically), so a reader — or a build killed at any instant — sees either the old complete tables or
    the new ones, never none. Only then are superseded folders removed; a folder that cannot be removed then
    (permissions, a file held open) is a warning (``warn``), not a failure: the new tables are published, and
    the next build tries again. A ``dest`` that is still a plain folder (an older checkout) is first moved
    aside as a build folder and linked, also without a gap.
    """
    parent = dest.parent
    os.chmod(new, 0o755)  # mkdtemp makes it private; published tables are for everyone who can read the project
    recover(dest)
    if dest.is_dir() and not dest.is_symlink():
        legacy = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=parent))
        legacy.rmdir()
        os.rename(dest, legacy)
        _link(legacy, dest)
    _link(new, dest)
    try:
        remove_orphans(dest)
    except OSError as exc:
        warn(
            f"the new tables are published in {dest}, but an old build folder could not be removed: "
            f"{exc.filename or ''}: {exc.strerror or exc} (the next build tries again; or remove it by hand)"
        )


def _link(target: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.link-{os.getpid()}")
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(target.name, tmp)
    os.replace(tmp, dest)


def recover(dest: Path) -> None:
    """If ``dest`` is missing but a complete build folder exists (a build killed while moving an older
    checkout's plain folder aside), link ``dest`` to the newest complete one."""
    if dest.exists() or dest.is_symlink():
        return
    complete = [p for p in dest.parent.glob(f"{BUILD_PREFIX}*") if (p / "datapackage.json").is_file()]
    if complete:
        _link(max(complete, key=lambda p: ((p / "datapackage.json").stat().st_mtime_ns, p.name)), dest)


def remove_orphans(dest: Path) -> list[Path]:
    """Remove build folders and temporary links that ``dest`` does not point to (left by a failed or killed
    build); return what was removed."""
    current = os.readlink(dest) if dest.is_symlink() else None
    removed = []
    for p in sorted(dest.parent.glob(f"{BUILD_PREFIX}*")) + sorted(dest.parent.glob(f".{dest.name}.link-*")):
        if p.name == current:
            continue
        if p.is_symlink() or p.is_file():
            p.unlink()
        else:
            shutil.rmtree(p)
        removed.append(p)
    return removed


@contextmanager
def build_lock(parent: Path):
    """One build at a time publishes into ``parent`` (an exclusive lock file, released when the process ends)."""
    parent.mkdir(parents=True, exist_ok=True)
    with open(parent / ".build.lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DataError(
                str(parent / ".build.lock"),
                None,
                None,
                "locked",
                "no other build running (wait for it to finish, then build again)",
            ) from None
        yield


def compute(
    root: Path | str | None = None, progress: Progress = _quiet
) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Read, harmonise, derive and validate; return (tables, manifest). Writes nothing."""
    lay = get_layout(root)
    long, evidence, manifest = read_all(lay, progress)
    tables = derive_tables(long)
    tables["evidence"] = evidence
    sums = sum_checks(long, partial_copies(manifest))
    tables["sum_checks"] = sums
    tables["agreement_checks"] = agreement_checks(long)
    placeholders = int(long["qualifier"].eq("printed placeholder").sum())
    blanks = int((long["value"].isna() & long["qualifier"].eq("")).sum())
    progress(
        f"missing values: {placeholders} printed as a placeholder ('…', '-', '—'), {blanks} printed blank; "
        "kept as missing, never zero"
    )
    progress(
        f"validating: {len(long)} values, {len(sums)} sum checks "
        f"({(sums['status'] == 'reported').sum()} reported, {(sums['status'] == 'failed').sum()} failed)"
    )
    identities = identity_checks(long)
    for r in identities[identities["status"].eq("reported")].itertuples():
        progress(
            f"reported: {r.source_file} row {r.source_row} ({r.identity}): printed {r.printed} vs computed "
            f"{r.computed:.6g}, difference {r.difference:+.6g} ({r.note})"
        )
    validate_all(tables, sums, identities)
    return tables, manifest


def build(root: Path | str | None = None, progress: Progress = _quiet) -> Path:
    """Build ``data/processed/``; return its path. On any error nothing is written."""
    lay = get_layout(root)
    with build_lock(lay.processed.parent):
        tables, manifest = compute(lay.root, progress)
        tmp = Path(tempfile.mkdtemp(prefix=BUILD_PREFIX, dir=lay.processed.parent))
        try:
            write_tables(tables, manifest, tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        publish(tmp, lay.processed)
    for name in TABLES:
        progress(f"wrote data/processed/{name}.csv, .parquet ({len(tables[name])} rows)")
    return lay.processed


def stderr_progress(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
