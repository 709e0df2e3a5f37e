"""How the data build's table steps scale: the long table of the real build replicated N times.

Usage: ``python scripts/bench_scale.py [--copies 1 8 64]`` (part of ``make bench``). The long table as read
from the raw files is replicated (each copy a distinct year block, so every key stays unique), then each step
of the build after reading (harmonise: provenance, levels from changes, income concept, preferred version,
differences; derive; validate: sum and agreement checks, schema checks) is timed on it. Prints seconds and
µs per value per step as a Markdown table. Nothing here asserts a limit.
"""

from __future__ import annotations

import argparse
import sys
import time

import pandas as pd

from analysis.data import harmonise
import analysis.data.build as build
from analysis.data.manifest import partial_copies
from analysis.data.validate import agreement_checks, sum_checks
from analysis.paths import layout

def replicate(long: pd.DataFrame, copies: int) -> pd.DataFrame:
    """``copies`` copies of the long table, each copy's groups named apart so that no two copies share a key
    (geography, year, indicator, group) and every rule about years and provinces applies to each copy."""
    return pd.concat([long if k == 0 else long.assign(group=long["group"] + f" (copy {k})") for k in range(copies)],
                     ignore_index=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 8, 64])
    args = ap.parse_args()
    raw, _, manifest = _read()
    partial = partial_copies(manifest)
    rows = []
    for copies in args.copies:
        long = replicate(raw, copies)
        n = len(long)
        t = {}
        start = time.perf_counter()
        long = long.pipe(harmonise.add_provenance, manifest).pipe(harmonise.add_levels_from_changes)
        long = long.pipe(harmonise.mark_income_concept)
        t["harmonise: provenance, levels, income concept"] = time.perf_counter() - start
        start = time.perf_counter()
        long = harmonise.choose_preferred(long)
        t["harmonise: preferred version"] = time.perf_counter() - start
        start = time.perf_counter()
        long = long.pipe(harmonise.add_differences).pipe(harmonise.add_ratios).pipe(harmonise.add_flows_from_rates)
        t["harmonise: derived differences, ratios, flows"] = time.perf_counter() - start
        start = time.perf_counter()
        sum_checks(long, partial)
        t["validate: provinces sum to the printed totals"] = time.perf_counter() - start
        start = time.perf_counter()
        agreement_checks(long)
        t["validate: sources that print one figure agree"] = time.perf_counter() - start
        rows.append((copies, n, t))
    print("| copies | values | step | seconds | µs per value |\n|---|---|---|---|---|")
    for copies, n, t in rows:
        for step, s in t.items():
            print(f"| {copies}× | {n:,} | {step} | {s:.2f} | {1e6 * s / n:.1f} |")
        total = sum(t.values())
        print(f"| {copies}× | {n:,} | **harmonise and validate, all steps** | **{total:.2f}** | {1e6 * total / n:.1f} |")
    return 0


def _read():
    """The long table as read from the raw files, before harmonising."""
    captured = {}
    harmonise_all = build.harmonise_all
    build.harmonise_all = lambda long, manifest: captured.setdefault("long", long)
    try:
        _, evidence, manifest = build.read_all(layout())
    finally:
        build.harmonise_all = harmonise_all
    return captured["long"], evidence, manifest


if __name__ == "__main__":
    sys.exit(main())
