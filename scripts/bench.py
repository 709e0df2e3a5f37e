"""``make bench``: run every benchmark and write their tables into ``docs/benchmark.md`` (generated, never typed).

Runs, in order: the data build in fresh processes (``bench_build.py``), the build's steps on a replicated
table (``bench_scale.py``), and the main job, its no-op rerun, the Chinese set, one Chinese figure by name and
the whole test suite (``bench_main.py``). Each prints Markdown; this script adds the machine and the date and
writes the file. Nothing here asserts a limit.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "benchmark.md"


def run(script: str, *args: str) -> str:
    print(f"running {script} ...", file=sys.stderr, flush=True)
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], cwd=ROOT,
                         capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"error: {script} failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else ''}")
    return out.stdout.strip()


def main() -> int:
    load_before = f"{os.getloadavg()[0]:.2f}"
    parts = [run("bench_build.py"), run("bench_scale.py"), run("bench_main.py")]
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").is_file() else ""
    head = ["# Benchmark", "",
            "Written by `make bench` (`scripts/bench.py`); do not edit by hand. Times are wall-clock seconds on "
            "the machine named here; nothing in the test suite asserts a time.", "",
            f"Run on {datetime.date.today().isoformat()}: {os.cpu_count()} cores, {cpu or platform.machine()}, "
            f"Python {platform.python_version()}; load average {load_before} when it started and "
            f"{os.getloadavg()[0]:.2f} when it ended (other work on the machine slows every row alike).", ""]
    titles = ["## The data build", "## The build's steps on a replicated long table", "## The main job and the tests"]
    body = [line for title, part in zip(titles, parts) for line in (title, "", part, "")]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(head + body).rstrip() + "\n", encoding="utf-8")
    print(OUT.read_text(encoding="utf-8"))
    print(f"written: {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
