"""Time and peak memory of the quantitative chapters' computations on 10^3, 10^5 and 10^6 cases.

Target (2 cores): at 10^6 cases at most 10 s and 2 GB. Every size runs in a fresh Python process,
so its peak resident memory (``ru_maxrss``, includes the interpreter, imports and the case frame)
is its own. The case frame is the validated 2020 demo frame resampled with a fixed seed to the
wanted size; the timing covers analysis, disclosure control, charts, tables, text alternatives
and CSVs of every figure (:func:`olcc_report.figures.quantitative.chapter`).

    python benchmarks/chapter.py            # all sizes
    python benchmarks/chapter.py --size 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time

SIZES = (1_000, 100_000, 1_000_000)
TARGET_SECONDS, TARGET_MB = 10.0, 2048.0


def measure(size: int) -> dict:
    import numpy as np
    import pandas as pd

    from olcc_report import figures
    from olcc_report.demo import cases as synth
    from olcc_report.figures.release import release
    from olcc_report.intake.params import DisclosureParams, MappingParams
    from olcc_report.intake.validate import validate_export

    start, end = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
    demo = validate_export(synth.generate_export(2020), MappingParams(), start, end, "demo")
    rng = np.random.default_rng(20201231)
    cases = demo.iloc[rng.integers(0, len(demo), size)].reset_index(drop=True)
    cases["case_id"] = pd.Series([f"B{i}" for i in range(size)], dtype=object)
    began = time.perf_counter()
    built = figures.chapter(release(cases, start, end, DisclosureParams()))
    for figure in built:
        figure.html()
        figure.view.csv_text()
    seconds = time.perf_counter() - began
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"size": size, "figures": len(built), "seconds": seconds, "peak_mb": peak_mb}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, help="measure one size in this process")
    args = parser.parse_args()
    if args.size:
        print(json.dumps(measure(args.size)))
        return 0
    failed = False
    for size in SIZES:
        out = subprocess.run(
            [sys.executable, __file__, "--size", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        ok = result["seconds"] <= TARGET_SECONDS and result["peak_mb"] <= TARGET_MB
        failed |= size == SIZES[-1] and not ok
        print(
            f"{size:>9,d} cases  {result['figures']} figures  {result['seconds']:6.2f} s  "
            f"peak {result['peak_mb']:7.0f} MB  {'ok' if ok else 'OVER'}"
        )
    print(f"target at {SIZES[-1]:,d} cases: ≤ {TARGET_SECONDS:.0f} s and ≤ {TARGET_MB:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
