"""An analyst-only quality check of a period's data against the year before.

Printed by ``olcc-report validate``; never part of the public book (it shows unprotected counts).
Flags categories that vanished or appeared, changes beyond a set share, and subtotals that do not
add up to the number of cases (missing values).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from olcc_report.analysis import counts as analysis
from olcc_report.records import schema


@dataclass(frozen=True)
class Finding:
    field: str
    category: str
    previous: int | None
    current: int
    what: str

    def __str__(self) -> str:
        before = "" if self.previous is None else f"{self.previous} → "
        return f"{self.field} / {self.category}: {before}{self.current} — {self.what}"


def _counts(cases: pd.DataFrame, f: schema.Field) -> pd.Series:
    counts = (
        analysis.count_multi(cases, f.name)
        if f.kind == "multi"
        else analysis.count_by(cases, f.name)
    )
    return counts.set_index(f.name)["aantal"]


def quality_report(
    current: pd.DataFrame,
    previous: pd.DataFrame | None,
    max_change: float = 0.5,
    min_difference: int = 5,
) -> list[Finding]:
    findings = []
    if previous is not None and len(previous):
        change = (len(current) - len(previous)) / len(previous)
        if abs(change) > max_change:
            findings.append(
                Finding(
                    "casussen", "totaal", len(previous), len(current), f"changed by {change:+.0%}"
                )
            )
    registered = schema.registered_fields(current.columns)
    registered_before = set() if previous is None else schema.registered_fields(previous.columns)
    for f in schema.fields():
        if f.kind not in ("category", "multi") or f.name == "jeugdregio":
            continue
        if f.name not in registered:
            continue  # not registered this period: nothing to check
        now = _counts(current, f)
        if f.kind == "category" and f.required:
            missing = len(current) - int(now.sum())
            if missing:
                findings.append(
                    Finding(
                        f.name,
                        "(leeg)",
                        None,
                        missing,
                        "cases without a value: the categories do not add up to the total",
                    )
                )
        if previous is not None and f.name in registered_before:
            findings += _changes(f, _counts(previous, f), now, max_change, min_difference)
    return findings


def _changes(
    f: schema.Field, before: pd.Series, now: pd.Series, max_change: float, min_difference: int
) -> list[Finding]:
    findings = []
    for code in f.codes:
        a, b = int(before.get(code, 0)), int(now.get(code, 0))
        if a and not b:
            findings.append(Finding(f.name, code, a, b, "vanished"))
        elif b and not a:
            findings.append(Finding(f.name, code, a, b, "appeared"))
        elif a and abs(b - a) >= min_difference and abs(b - a) / a > max_change:
            findings.append(Finding(f.name, code, a, b, f"changed by {(b - a) / a:+.0%}"))
    return findings
