"""All books of a quarter: the national book and a regional book for each of the 42 CBS
youth-care regions, built by one command, against one national book built in the same run.

Run with `make benchmark` (or `python benchmarks/regional_books.py --period 2023-Q1`). It works
in a temporary copy of the project whose params declare `regions: alle`, so the national
book's protection is the one of the whole set in both builds; the floor is that national book
alone (`--regions none`, with its PDF, clean), the set is the same command with every regional
book (regional books are HTML only). For context it also times the national book of a period
without regional books (the params' `regions` removed): what the set's protection costs it.
Peak memory is the largest total proportional set size (PSS: shared pages counted once, split
over the processes that share them) of this process and all its children (kernel workers,
kernels, Sphinx, Chromium), sampled every 0,25 s; resident sizes would count the libraries every
forked process shares once per process.

Targets (the issue's): the set ≤ 12 × one national book; peak memory ≤ 2 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import psutil
import yaml

from olcc_report.pipeline.build import Project, build_periods
from olcc_report.pipeline.project import Stages

ROOT = Path(__file__).resolve().parents[1]
RATIO_TARGET = 12.0
MEMORY_TARGET = 2 * 1024**3


class PeakMemory:
    """The largest sum of the proportional set sizes of this process and its descendants."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):  # a process that just ended
                    total += p.memory_full_info().pss
            self.peak = max(self.peak, total)
            time.sleep(0.25)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def build(project: Project, period: str, regions: list[str] | None) -> tuple[float, Stages, int]:
    shutil.rmtree(project.root / "_build", ignore_errors=True)
    stages = Stages()
    with PeakMemory() as memory:
        start = time.perf_counter()
        build_periods(project, [period], pdf=True, stages=stages, regions=regions)
        seconds = time.perf_counter() - start
    return seconds, stages, memory.peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--period", default="2023-Q1")
    args = parser.parse_args()
    period = args.period
    with tempfile.TemporaryDirectory() as tmp:
        project = Project(ROOT).copy_inputs(Path(tmp) / "project")
        params = project.params_file(period)
        raw = yaml.safe_load(params.read_text(encoding="utf-8"))
        raw.pop("regions", None)
        params.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        build(project, period, [])  # warm: file cache, de-identification tables
        alone, _, alone_peak = build(project, period, [])
        raw["regions"] = "alle"
        params.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        national, _, national_peak = build(project, period, [])
        books = len(project.params(period).params.regional_books())
        everything, stages, peak = build(project, period, None)
    ratio = everything / national
    print(f"All books of {period} on {os.cpu_count()} cores (seconds)")
    print(
        f"a national book without regional books (with its PDF): {alone:.1f} s, "
        f"peak {alone_peak / 1e9:.2f} GB"
    )
    print(
        f"one national book of the set (with its PDF, protected with all {books} regions): "
        f"{national:.1f} s, peak {national_peak / 1e9:.2f} GB"
    )
    print(
        f"the national book and {books} regional books: {everything:.1f} s, "
        f"peak {peak / 1e9:.2f} GB (× {everything / alone:.1f} the book without regional books)"
    )
    for name, seconds in sorted(stages.seconds.items(), key=lambda kv: -kv[1]):
        print(f"  {name:32s} {seconds:7.1f} s")
    targets = [
        (f"set ≤ {RATIO_TARGET:.0f} × one national book", ratio, RATIO_TARGET, "×"),
        ("peak memory ≤ 2 GB", peak / 1024**3, MEMORY_TARGET / 1024**3, "GiB"),
    ]
    failed = False
    for label, value, limit, unit in targets:
        ok = value <= limit
        failed |= not ok
        print(f"  {label:40s} {value:6.2f} {unit} (limit {limit:.1f})  {'ok' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
