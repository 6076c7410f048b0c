"""Reading an export: peak memory and time on an oversized file, as ratios to a floor measured
in the same run (`make benchmark`; not a timed test).

The floor: a fresh Python process reading a 1.000-row export. The test: the same process
reading an export of 1,2 million plausible rows (issue 31's file had as many), which the
reader must refuse after ``data.max_rows`` (100.000) rows without holding the file: its peak
memory must stay within a small multiple of the floor however large the file is. Reported too:
an export of exactly 100.000 rows, read whole. Each in its own process, so that the peak
(ru_maxrss) is its own.

Targets: peak ≤ 4× the floor; refused in ≤ 20× the floor's time. And a long table (one row
per case and problem, ``data.layout: long``) of 100.000 rows folds to one row per case in at
most 3× the time it takes to read those rows.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "Casusnummer;Datum aanmelding;Datum afgesloten;Geslacht;Leeftijd;Jeugdregio;Problematiek\n"
ROW = "C-{0:07d};01-02-2023;;V;{1};Twente;Trauma|Autisme\n"
CHILD = """
import resource, sys
from olcc_report.intake.reader import ReadError, read_export
try:
    read_export(sys.argv[1])
except ReadError as exc:
    print("refused:", exc, file=sys.stderr)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _write(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(rows):
            handle.write(ROW.format(i, 5 + i % 13))


def _measure(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - start, int(done.stdout.split()[-1])


FOLD = """
import sys, time
from olcc_report.intake.layout import Columns, fold
from olcc_report.intake.reader import read_export
start = time.perf_counter()
raw = read_export(sys.argv[1])
read = time.perf_counter() - start
start = time.perf_counter()
folded, _ = fold(raw, Columns("Casusnummer", ["Geslacht", "Leeftijd"], ["Problematiek"], []), "|", "x")
print(read, time.perf_counter() - start, len(folded))
"""


def _long(path: Path, cases: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for i in range(cases):
            for problem in ("Trauma", "Autisme"):
                handle.write(f"C-{i:07d};01-02-2023;;V;{5 + i % 13};Twente;{problem}\n")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        small, large = Path(tmp) / "klein.csv", Path(tmp) / "groot.csv"
        limit = Path(tmp) / "grens.csv"
        _write(small, 1_000)
        _write(large, 1_200_000)
        _write(limit, 100_000)
        floor_time, floor_peak = _measure(small)
        time_taken, peak = _measure(large)
        limit_time, limit_peak = _measure(limit)
        size = large.stat().st_size / 2**20
        _long(Path(tmp) / "lang.csv", 50_000)
        done = subprocess.run(
            [sys.executable, "-c", FOLD, str(Path(tmp) / "lang.csv")],
            capture_output=True,
            text=True,
            check=True,
        )
        read_time, fold_time, cases = done.stdout.split()
    print(f"floor: 1.000 rows in {floor_time:.2f} s, peak {floor_peak / 1024:.0f} MB")
    print(
        f"1.200.000 rows ({size:.0f} MB): refused in {time_taken:.2f} s, peak {peak / 1024:.0f} MB"
    )
    ratio_fold = float(fold_time) / float(read_time)
    print(
        f"long table, 100.000 rows: read in {float(read_time):.2f} s, folded to {cases} cases in "
        f"{float(fold_time):.2f} s ({ratio_fold:.2f}× reading; target ≤ 3)"
    )
    print(
        f"100.000 rows (the limit): read in {limit_time:.2f} s, peak {limit_peak / 1024:.0f} MB "
        f"({limit_peak / floor_peak:.2f}× the floor)"
    )
    ratio_peak, ratio_time = peak / floor_peak, time_taken / floor_time
    print(f"ratios: peak {ratio_peak:.2f}× (target ≤ 4), time {ratio_time:.1f}× (target ≤ 20)")
    if ratio_peak > 4 or ratio_time > 20 or ratio_fold > 3:
        sys.exit("intake benchmark: a target is missed")


if __name__ == "__main__":
    main()
