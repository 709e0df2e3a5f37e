"""Benchmark the main job and the test suite in one run, against the project's targets.

Usage: ``python scripts/bench_main.py`` (part of ``make bench``). Runs in this checkout:
1. full main job: data build + every notebook + figures, with the caches cleared (``make all`` from scratch);
2. the same work done the plain way: data build + ``papermill`` on each notebook (outputs into a temporary OUTPUT_DIR), one after another;
3. the no-op rerun: ``make all`` again with nothing changed;
4. the Chinese figure set added to it, ``make all LANG=zh`` (every notebook again, drawing in Chinese), its
   no-op rerun, and one Chinese figure asked for by name when its notebook is stale;
5. the whole test suite, ``make test``, with no mypy cache (as on a fresh clone).
Prints wall times and the CPU time (user + system, of every process the run started), ratios and the targets as a Markdown table (``scripts/bench.py`` writes it to docs/). Nothing here asserts a limit.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def children_cpu() -> float:
    """User + system seconds of the finished child processes so far (and of the processes they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, check: bool = True, **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def main() -> int:
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    for folder in (ROOT / "build" / "notebooks", ROOT / "data" / "processed", ROOT / "reports" / "figures"):
        shutil.rmtree(folder, ignore_errors=True)
    cpu = children_cpu()
    full = timed(["make", "all"])
    full_cpu = children_cpu() - cpu
    noop = timed(["make", "all"])
    chinese = timed(["make", "all", "LANG=zh"])
    chinese_noop = timed(["make", "all", "LANG=zh"])
    (ROOT / "build" / "notebooks" / ".keys" / "04-regions.zh.key").unlink(missing_ok=True)  # one notebook stale
    one_figure = timed([PY, "-m", "analysis", "figures", "--lang", "zh", "04_burden_tilemap"])
    shutil.rmtree(ROOT / ".mypy_cache", ignore_errors=True)  # a fresh clone has none: mypy checks everything
    started, cpu = time.perf_counter(), children_cpu()
    passed = subprocess.run(["make", "test"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
    test = time.perf_counter() - started  # timed whatever the outcome; the table says whether it passed
    test_cpu = children_cpu() - cpu
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        subprocess.run([PY, "-m", "analysis", "build"], cwd=ROOT, check=True, stderr=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL)
        for nb in notebooks:  # each run's figures and results into the temporary folder (its OUTPUT_DIR)
            subprocess.run([PY, "-m", "papermill", str(nb), f"{tmp}/{nb.name}", "-p", "OUTPUT_DIR", tmp,
                            "--no-progress-bar"], cwd=ROOT / "notebooks", check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        serial = time.perf_counter() - t
    print(f"main job and tests on {os.cpu_count()} cores, {len(notebooks)} notebooks:")
    print("| run | wall time (s) | target |\n|---|---|---|")
    print(f"| full main job (`make all`, empty cache: data build + notebooks in parallel + figures) | {full:.1f} | ≤ 25 |")
    print(f"| data build + serial `papermill`, one notebook at a time | {serial:.1f} | |")
    print(f"| no-op rerun (`make all`, nothing changed) | {noop:.2f} | ≤ 0.3 |")
    print(f"| the Chinese set added (`make all LANG=zh` after `make all`) | {chinese:.1f} | |")
    print(f"| its no-op rerun (`make all LANG=zh`, nothing changed) | {chinese_noop:.2f} | |")
    print(f"| one Chinese figure by name, its notebook stale (`figures --lang zh 04_burden_tilemap`) | {one_figure:.1f} | |")
    outcome = "passed" if passed else "FAILED"
    print(f"| whole test suite (`make test`, {outcome}) | {test:.1f} | ≤ 2.5 × full main job = {2.5 * full:.1f} |")
    print(f"\nserial / full = {serial / full:.2f}×; no-op / full = {noop / full:.3f}; test / full = {test / full:.2f}×")
    print(f"\nCPU time (user + system of every process started; on a busy machine it varies less than wall time): "
          f"full main job {full_cpu:.0f} s, whole test suite {test_cpu:.0f} s (test / full = {test_cpu / full_cpu:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
