"""The eight-point plan: announced in one period's params (``plan``), accounted for in the next
(``plan_status``, in the same order), and followed over the years."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from olcc_report.intake.params import LoadedParams, Params
from olcc_report.intake.periods import Periods
from olcc_report.records.formatting import markdown_literal
from olcc_report.records.vocabulary import (
    PLAN_STATUS_LABELS,
    PLAN_STATUS_UNKNOWN,
    PLAN_STATUS_UNKNOWN_LABEL,
    PLAN_STATUSES,
    is_calendar_year,
)


def previous_params(loaded: LoadedParams) -> Params | None:
    """The params of the calendar year before (only years have a plan)."""
    if not is_calendar_year(loaded.params.period):
        return None
    previous = Periods.beside(loaded).previous(loaded)
    return None if previous is None else previous.params


def _cell(text: str) -> str:
    return markdown_literal(text)


def plan_markdown(loaded: LoadedParams) -> str:
    """The plan page: how last period's plan went, and the plan for the next period."""
    params = loaded.params
    previous = previous_params(loaded)
    lines = ["# Achtpuntenplan en vervolgstappen", ""]
    if previous is not None and previous.plan:
        lines += [
            f"## Wat we in {previous.period} aankondigden",
            "",
            f"In de jaarrapportage {previous.period} kondigde het team deze punten aan. "
            "Zo staan ze er nu voor:",
            "",
            "| Nr. | Punt | Eigenaar | Status | Toelichting |",
            "|---|---|---|---|---|",
        ]
        for number, point in enumerate(previous.plan, start=1):
            status = params.plan_status[number - 1] if number <= len(params.plan_status) else None
            label = (
                PLAN_STATUS_LABELS[status.status]
                if status and status.status
                else PLAN_STATUS_UNKNOWN_LABEL
            )
            account = status.toelichting if status else ""
            lines.append(
                f"| {number} | {_cell(point.punt)} | {_cell(point.eigenaar)} | {label} | "
                f"{_cell(account)} |"
            )
        lines.append("")
    elif is_calendar_year(params.period):
        lines += ["Voor het jaar hiervoor is geen plan vastgelegd.", ""]
    if params.plan:
        lines += [
            "## Ons plan voor het komende jaar",
            "",
            "| Nr. | Punt | Eigenaar | Waaraan we zien dat het gelukt is |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {n} | {_cell(p.punt)} | {_cell(p.eigenaar)} | {_cell(p.maatstaf)} |"
            for n, p in enumerate(params.plan, start=1)
        ]
        lines.append("")
    else:
        lines += ["Dit rapport kondigt (nog) geen plan aan.", ""]
    return "\n".join(lines)


def plan_overview(params_dir: Path, up_to: int) -> pd.DataFrame:
    """Per year: how many points of the previous year's plan reached each status."""
    rows = []
    periods = Periods(params_dir)
    for name in periods.names():
        if not is_calendar_year(name) or int(name) > up_to:
            continue
        loaded = periods.get(name)
        previous = previous_params(loaded)
        if previous is None or not previous.plan:
            continue
        statuses = [s.status for s in loaded.params.plan_status][: len(previous.plan)]
        statuses += [None] * (len(previous.plan) - len(statuses))
        row = {"jaar": loaded.params.period, "punten": len(previous.plan)}
        row.update(
            {key or PLAN_STATUS_UNKNOWN: statuses.count(key) for key in (*PLAN_STATUSES, None)}
        )
        rows.append(row)
    return pd.DataFrame(rows)
