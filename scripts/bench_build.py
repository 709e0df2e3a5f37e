"""Benchmark the data build: wall time and peak memory, over repeated runs in fresh processes.

Usage: ``python scripts/bench_build.py [--runs N]`` (``make bench``). Each run
builds into a temporary copy of the project so ``data/processed`` is untouched.
Prints a Markdown table (``scripts/bench.py`` writes it to docs/). Nothing here asserts a time limit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from analysis.data.build import build
t1 = time.perf_counter()
build(sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "build_s": t2 - t1,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "data" / "raw", Path(tmp) / "data" / "raw")
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-c", CHILD, tmp], capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    print(f"data build, {args.runs} runs in fresh processes (median; min–max):")
    print("| measure | median | min | max |\n|---|---|---|---|")
    for k, label in (("build_s", "build (s)"), ("import_s", "import (s)"), ("peak_rss_mib", "peak RSS (MiB)")):
        vals = [r[k] for r in results]
        print(f"| {label} | {med[k]:.2f} | {min(vals):.2f} | {max(vals):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
