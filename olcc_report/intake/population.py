"""The youth population per youth-care region, the denominator of the stille-vragen rates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from olcc_report.records import reference


class PopulationError(Exception):
    pass


def read_population(path: Path) -> pd.DataFrame:
    """Young people per youth-care region: CSV with ``jeugdregio`` (CBS code) and ``jeugdigen``."""
    frame = pd.read_csv(path, dtype={"jeugdregio": str}, comment="#")
    missing = {"jeugdregio", "jeugdigen"} - set(frame.columns)
    if missing:
        raise PopulationError(f"{path.name}: missing column(s) {', '.join(sorted(missing))}")
    known = {r.code for r in reference.regions()}
    unknown = sorted(set(frame["jeugdregio"]) - known)
    absent = sorted(known - set(frame["jeugdregio"]))
    if unknown or absent:
        raise PopulationError(f"{path.name}: unknown region code(s) {unknown}; missing {absent}")
    if (frame["jeugdigen"] <= 0).any():
        raise PopulationError(f"{path.name}: every region needs a positive number of young people")
    return frame[["jeugdregio", "jeugdigen"]].reset_index(drop=True)
