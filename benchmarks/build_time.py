"""Time a clean build and a no-op rebuild of one demo year (targets on 2 cores: ≤ 45 s and ≤ 5 s).

Run with `make benchmark` (or `python benchmarks/build_time.py --period 2020`). It builds into a
temporary copy of the project so it never touches your own _build/.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from olcc_report.pipeline.build import Project, build_period

ROOT = Path(__file__).resolve().parents[1]
# The book has some 20 chapters, six notebooks, a de-identification check and a PDF (two prints).
TARGETS = {"clean build": 45.0, "no-op rebuild": 5.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--period", default="2020")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(ROOT).copy_inputs(Path(tmp) / "project")
        timings = {}
        for label in TARGETS:
            start = time.perf_counter()
            build_period(project, args.period)
            timings[label] = time.perf_counter() - start
    failed = False
    for label, seconds in timings.items():
        ok = seconds <= TARGETS[label]
        failed |= not ok
        print(
            f"{label:14s} {seconds:6.1f} s   target ≤ {TARGETS[label]:.0f} s   {'ok' if ok else 'OVER'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
