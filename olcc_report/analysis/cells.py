"""The cases of a period as a set of yes/no partitions, so that any published count can be
named by what it counts and counted again (pure).

A *variable* splits the cases of the period into disjoint *values*: a categorical field into its
codes (and :data:`UNKNOWN` for cases without a known code), each category of a multi-valued
field into ``ja`` and ``nee``, the period end into ``afgesloten`` and ``open``, and so on. A
*cell* is a set of conditions ``(variable, value)``: the cases that meet all of them. The empty
cell is every case of the period.

:mod:`olcc_report.disclosure.book` names every published count this way, so that counts that are
the same quantity in two tables are one cell, and every relation the definitions imply (a cell
is the sum of its cells along any variable) follows from the names alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from olcc_report.analysis.counts import Flow
from olcc_report.records import schema

Condition = tuple[str, str]
CellName = tuple[Condition, ...]

YES, NO = "ja", "nee"
UNKNOWN = "?"  # value of a categorical variable for cases without a known code (never published)
STATUS = "status"
CLOSED, OPEN = "afgesloten", "open"
REGISTERED_IN = "aangemeld_in"
CLOSED_IN = "afgesloten_in"
OPEN_AFTER = "open_na"
STILL_OPEN = "nog_open"


def cell(*conditions: Condition) -> CellName:
    """The canonical name of the cell that meets all ``conditions`` (order does not matter)."""
    return tuple(sorted(set(conditions)))


def has(field_name: str, code: str) -> str:
    """The yes/no variable of one category of a multi-valued field (or any indicator)."""
    return f"{field_name}={code}"


def count_variable(field_name: str) -> str:
    """The variable "number of categories per case" of a multi-valued field."""
    return f"aantal:{field_name}"


@dataclass
class Universe:
    """The cases of one period, as variables that each split them into disjoint values."""

    size: int
    variables: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    caps: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, masks: Mapping[str, np.ndarray]) -> None:
        """Add a variable; values with no case are kept (a zero is a published count too)."""
        covered = np.zeros(self.size, dtype=int)
        for mask in masks.values():
            covered += mask.astype(int)
        if (covered != 1).any():
            raise ValueError(f"variable {name!r} does not split the cases into disjoint values")
        self.variables[name] = {value: mask.astype(bool) for value, mask in masks.items()}

    def add_indicator(self, name: str, values: Iterable[bool] | np.ndarray) -> None:
        yes = np.asarray(values, dtype=bool)
        self.add(name, {YES: yes, NO: ~yes})

    def values(self, variable: str) -> list[str]:
        return list(self.variables[variable])

    def mask(self, name: CellName) -> np.ndarray:
        out = np.ones(self.size, dtype=bool)
        for variable, value in name:
            out &= self.variables[variable][value]
        return out

    def count(self, name: CellName) -> int:
        return int(self.mask(name).sum())

    def total_excess(self, field_name: str) -> int:
        """Σ over cases of (categories − cap) for cases above the cap of ``aantal:<field>``:
        what the capped distribution leaves out of Σ k·n_k = Σ has."""
        cap = self.caps[field_name]
        per_case = self._categories_per_case(field_name)
        return int(np.clip(per_case - cap, 0, None).sum())

    def _categories_per_case(self, field_name: str) -> np.ndarray:
        f = schema.get_field(field_name)  # over the categories the period registers
        return sum(
            (
                self.variables[has(field_name, code)][YES].astype(int)
                for code in f.codes
                if has(field_name, code) in self.variables
            ),
            np.zeros(self.size, dtype=int),
        )


def _categorical(values: pd.Series, codes: list[str]) -> dict[str, np.ndarray]:
    text = values.astype("string")
    masks = {code: (text == code).fillna(False).to_numpy(dtype=bool) for code in codes}
    unknown = ~np.logical_or.reduce(list(masks.values())) if masks else np.ones(len(values), bool)
    if unknown.any():
        masks[UNKNOWN] = unknown
    return masks


def case_universe(
    cases: pd.DataFrame,
    period_end: dt.date,
    caps: Mapping[str, int],
    flow: Flow | None = None,
) -> Universe:
    """Every variable of the case frame: categorical and yes/no fields, each category of a
    multi-valued field, the number of categories per case (capped as published), closed or open
    at the period end, and, given the period's :class:`Flow`, the month (or quarter) of
    registration and of closure and open after each."""
    u = Universe(len(cases), caps=dict(caps))
    for f in schema.fields():
        if f.name not in cases.columns and f.kind != "multi":
            continue
        if f.kind == "category":
            u.add(f.name, _categorical(cases[f.name], f.codes))
        elif f.kind == "boolean":
            u.add_indicator(f.name, cases[f.name].fillna(False).astype(bool).to_numpy())
        elif f.kind == "multi":
            for code in f.codes:
                column = schema.indicator_column(f.name, code)
                if column in cases.columns:
                    u.add_indicator(has(f.name, code), cases[column].astype(bool).to_numpy())
    for field_name, cap in caps.items():
        per_case = np.clip(u._categories_per_case(field_name), 0, cap)
        u.add(count_variable(field_name), {str(k): per_case == k for k in range(cap + 1)})
    end = pd.Timestamp(period_end)
    closed = (cases["afsluitdatum"].notna() & (cases["afsluitdatum"] <= end)).to_numpy(bool)
    u.add(STATUS, {CLOSED: closed, OPEN: ~closed})
    if flow is not None:
        _add_flow(u, cases, end, flow)
    return u


def _add_flow(u: Universe, cases: pd.DataFrame, end: pd.Timestamp, flow: Flow) -> None:
    freq = {"maand": "M", "kwartaal": "Q"}[flow.frequency]
    buckets = list(flow.frame["periode"])
    registered = cases["aanmelddatum"].dt.to_period(freq).astype(str).to_numpy()
    closing = cases["afsluitdatum"].where(cases["afsluitdatum"] <= end)
    closed_in = closing.dt.to_period(freq).astype("string").fillna(STILL_OPEN).to_numpy(str)
    u.add(REGISTERED_IN, {b: registered == b for b in buckets})
    u.add(CLOSED_IN, {**{b: closed_in == b for b in buckets}, STILL_OPEN: closed_in == STILL_OPEN})
    rank = {b: i for i, b in enumerate(buckets)}
    reg_rank = np.array([rank[b] for b in registered])
    close_rank = np.array([rank.get(b, len(buckets)) for b in closed_in])
    for i, b in enumerate(buckets):
        u.add_indicator(has(OPEN_AFTER, b), (reg_rank <= i) & (close_rank > i))
