"""Benchmark the main job: full run vs serial `jupyter nbconvert --execute`, and the no-op rerun.

Usage: ``python scripts/bench_main.py`` (part of ``make bench``). Runs in this checkout:
1. full main job: data build + every notebook, with the cache cleared (``make all`` from scratch);
2. the same work done the plain way: data build + ``jupyter nbconvert --execute`` on each notebook, one after another;
3. the no-op rerun: ``make all`` again with nothing changed.
Prints wall times and ratios for the README. Nothing here asserts a time limit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def timed(cmd, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def main() -> int:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    shutil.rmtree(ROOT / "build" / "notebooks", ignore_errors=True)
    shutil.rmtree(ROOT / "data" / "processed", ignore_errors=True)
    full = timed(["make", "all"])
    noop = timed(["make", "all"])
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, ANALYSIS_FIGURES_DIR=f"{tmp}/figures", ANALYSIS_RESULTS_DIR=f"{tmp}/results")
        t = time.perf_counter()
        subprocess.run([PY, "-m", "analysis", "build"], cwd=ROOT, check=True, stderr=subprocess.DEVNULL, env=env,
                       stdout=subprocess.DEVNULL)
        for nb in notebooks:
            subprocess.run([PY, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", tmp,
                            str(nb)], cwd=ROOT / "notebooks", check=True, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        serial = time.perf_counter() - t
    print(f"main job on {os.cpu_count()} cores, {len(notebooks)} notebooks:")
    print("| run | wall time (s) |\n|---|---|")
    print(f"| full main job (`make all`, empty cache: data build + notebooks in parallel) | {full:.1f} |")
    print(f"| data build + serial `jupyter nbconvert --execute`, one notebook at a time | {serial:.1f} |")
    print(f"| no-op rerun (`make all`, nothing changed) | {noop:.2f} |")
    print(f"\nserial / full = {serial / full:.2f}x; no-op / full = {noop / full:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
