"""The codings frame: one row per coded segment, whichever tool wrote it.

The frame (:data:`COLUMNS`) holds case text and never leaves the library: analyses aggregate it,
and only approved, de-identified quotes are published (:mod:`olcc_report.qualitative.quotes`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from olcc_report.intake.problems import Problem

COLUMNS = [
    "case_id",
    "code",
    "tekst",
    "start",
    "einde",
    "codeur",
    "citaat",
    "bekende_namen",
    "waar",
]
QUOTE_KIND = "citaat"


class CodingsInvalid(Exception):
    """The codings cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.expected)
        )
        super().__init__(f"{len(self.problems)} problem(s) in the codings")


@dataclass(frozen=True)
class Codings:
    frame: pd.DataFrame
    warnings: tuple[Problem, ...]
    source: str


def coding_frame(rows: list[dict]) -> pd.DataFrame:
    """The frame of ``rows`` (dicts with :data:`COLUMNS` and ``rij``, the row in a table)."""
    frame = pd.DataFrame(rows, columns=[*COLUMNS, "rij"])
    for column in ("start", "einde"):
        frame[column] = frame[column].astype("Int64")
    frame["citaat"] = frame["citaat"].astype(bool)
    return frame
