"""A problem found in an input file, as the analyst is shown it: where (file, row as Excel
shows it, column), the value unless it could identify a child (a date, a BSN-like number: then
only what it looks like), and what was expected. The same problem on many rows is one line."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

# Values never echoed: a date (a birth date?) and a number of 8 or 9 digits (a BSN?).
_DATE = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?|\d{1,2}\s+[a-z]+\.?\s+\d{4}",
    re.IGNORECASE,
)
_BSN = re.compile(r"\d{8,9}")
_FIRST_ROWS = 5


def shown_value(value: str, date_field: bool = False) -> str:
    """How a message shows a cell: quoted, or described when it could identify a child (a
    date outside a date field, such as a birth date mapped to the age)."""
    text = value.strip()
    if _DATE.fullmatch(text) and not date_field:
        return "(a date, not shown)"
    if _BSN.fullmatch(text.replace(" ", "").replace(".", "")):
        return "(a number of 8 or 9 digits, not shown: it could be a BSN)"
    return f"'{value}'"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    expected: str
    date_field: bool = field(default=False, compare=False)  # a date here is no identifier

    def _where(self, rows: str | None = None) -> str:
        where = [self.file]
        if rows is not None:
            where.append(rows)
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return ", ".join(where)

    def __str__(self) -> str:
        return f"{self._where()}{self._value()} — {self.expected}"

    def _value(self) -> str:
        return "" if self.value is None else f": value {shown_value(self.value, self.date_field)}"


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:_FIRST_ROWS])
    more = len(rows) - _FIRST_ROWS
    return f"{len(rows)} rows ({shown}{f' and {more} more' if more > 0 else ''})"


def grouped(problems: list[Problem]) -> list[str]:
    """One line per problem; the same problem (column, value, expectation) on several rows is
    one line with the number of rows and the first of them; a column with many different
    values wrong the same way is one line with the first values."""
    same: dict[tuple, list[Problem]] = defaultdict(list)
    for problem in problems:  # the same as the analyst reads it (all hidden dates are one)
        same[(problem.file, problem.column, problem._value(), problem.expected)].append(problem)
    by_kind: dict[tuple, list[list[Problem]]] = defaultdict(list)
    for (file, column, _, expected), group in same.items():
        by_kind[(file, column, expected)].append(group)
    lines = []
    for (_, _, expected), groups in by_kind.items():
        rows = sorted(p.row for g in groups for p in g if p.row is not None)
        if len(groups) > _FIRST_ROWS:
            first = groups[0][0]
            values = ", ".join(
                shown_value(g[0].value, g[0].date_field)
                for g in groups[:3]
                if g[0].value is not None
            )
            lines.append(
                f"{first._where(_rows(rows))} — {expected}"
                + (f" (values such as {values})" if values else "")
            )
            continue
        for group in groups:
            first = group[0]
            if len(group) == 1:
                lines.append(str(first))
                continue
            where = [p.row for p in group if p.row is not None]
            where_text = _rows(where) if where else None
            lines.append(f"{first._where(where_text)}{first._value()} — {expected}")
    return lines


class ExportInvalid(Exception):
    """The export cannot be used; ``problems`` holds every problem found, in row order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.expected)
        )
        super().__init__(f"{len(self.problems)} problem(s) in the case export")

    def lines(self) -> list[str]:
        """The problems as the analyst reads them: grouped (:func:`grouped`)."""
        return grouped(self.problems)
