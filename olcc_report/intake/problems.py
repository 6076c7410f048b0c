"""A problem found in an input file, as the analyst is shown it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        value = "" if self.value is None else f": value '{self.value}'"
        return f"{', '.join(where)}{value} — {self.expected}"


class ExportInvalid(Exception):
    """The export cannot be used; ``problems`` holds every problem found, in row order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.expected)
        )
        super().__init__(f"{len(self.problems)} problem(s) in the case export")
