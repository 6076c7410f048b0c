"""A published table (:class:`ProtectedTable`), one shown count (:class:`Total`) and the notes
every table carries. Tables are declared and protected together on a
:class:`~olcc_report.disclosure.book.Book`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from olcc_report.intake.params import DisclosureParams
from olcc_report.records.formatting import format_count, stable
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    AT_LEAST_WORDS,
    MISSING_SYMBOL,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
)

if TYPE_CHECKING:
    from olcc_report.disclosure.book import Entry


@dataclass(frozen=True)
class Total:
    value: int | None
    symbol: str
    at_least: int | None = None  # with symbol "≥": the published lower bound

    @property
    def shown(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class ProtectedTable:
    """A table fit to publish.

    ``cells`` has the key columns (``<field>`` code and ``<field>_label`` for the row field and, in
    a two-way table, the column field) then ``aantal`` (rounded; NA when hidden), ``symbool``
    ('' or ``x`` or ``-``) and ``aandeel`` (share, from protected counts only; NA when unknown).
    Two-way tables carry their margins in ``row_totals`` and ``column_totals`` (same columns,
    one key). ``kind`` says what the counts are: ``partition`` (each case in one category) or
    ``has`` (a case counts in every category it has, so cells do not add up to the total).
    """

    key: str
    row_field: str
    cells: pd.DataFrame
    total: Total
    rules: DisclosureParams
    column_field: str | None = None
    row_totals: pd.DataFrame | None = None
    column_totals: pd.DataFrame | None = None
    row_kind: str = "partition"
    column_kind: str = "partition"
    secondary: int = 0
    share_of: str = "total"

    @property
    def notes(self) -> tuple[str, ...]:
        frames = [f for f in (self.cells, self.row_totals, self.column_totals) if f is not None]
        bounded = self.total.symbol == AT_LEAST_SYMBOL or any(
            (f["symbool"] == AT_LEAST_SYMBOL).any() for f in frames
        )
        # Categories the period does not register: "." in the rows (or the columns).
        unregistered = [
            str(label)
            for f, by in ((self.cells, self.row_field), (self.column_totals, self.column_field))
            if f is not None and by is not None
            for label in f.loc[f["symbool"] == MISSING_SYMBOL, f"{by}_label"]
        ]
        return table_notes(
            self.rules,
            self.secondary,
            has_counts="has" in (self.row_kind, self.column_kind),
            bounded=bounded,
            unregistered=list(dict.fromkeys(unregistered)),
        )

    def shown_counts(self) -> list[int]:
        """Every count a reader sees in this table (cells, margins and total)."""
        frames = [self.cells, self.row_totals, self.column_totals]
        values = [int(v) for f in frames if f is not None for v in f["aantal"].dropna()]
        return values + ([self.total.value] if self.total.value is not None else [])


def table_notes(
    rules: DisclosureParams,
    secondary: int = 0,
    has_counts: bool = False,
    bounded: bool = False,
    unregistered: list[str] | None = None,
) -> tuple[str, ...]:
    notes = []
    if rules.rounding_base > 1:
        notes.append(
            f"Aantallen afgerond op {rules.rounding_base}-tallen; totalen zijn afgerond uit de "
            "onafgeronde gegevens, zodat de cellen niet altijd optellen tot het totaal."
        )
    if has_counts:
        notes.append(
            "Een casus kan in meer categorieën voorkomen; de cellen tellen daarom niet op "
            "tot het totaal."
        )
    complement = (
        ", ook niet als het verschil met een totaal zo klein is" if rules.rounding_base <= 1 else ""
    )
    extra = (
        "is daarnaast 1 cel verborgen"
        if secondary == 1
        else f"zijn daarnaast {format_count(secondary)} cellen verborgen"
    )
    notes.append(
        f"{SECRET_SYMBOL} = {SYMBOL_WORDS[SECRET_SYMBOL]}: aantallen van 1 tot en met "
        f"{rules.min_count - 1} worden niet getoond{complement}, en een 0 onder een geheim "
        "totaal evenmin"
        + (
            f"; in deze publicatie {extra}, zodat geen geheime cel uit deze of andere tabellen "
            "van de publicatie terug te rekenen is."
            if secondary
            else "."
        )
    )
    if bounded:
        notes.append(
            f"{AT_LEAST_SYMBOL} = {AT_LEAST_WORDS}: een groot aantal dat niet exact getoond kan "
            "worden zonder dat een klein aantal (bijvoorbeeld het verschil met een totaal) te "
            "berekenen is, staat er als ondergrens; het aandeel is dan naar beneden afgerond."
        )
    notes.append(f"{NIL_SYMBOL} = {SYMBOL_WORDS[NIL_SYMBOL]}.")
    if unregistered:
        notes.append(
            f"{MISSING_SYMBOL} = niet geregistreerd: de registratie van deze periode vraagt niet "
            f"naar {', '.join(label.lower() for label in unregistered)}; dat is geen nul."
        )
    return tuple(notes)


def frame_of(
    keys: pd.DataFrame, shown: Sequence[Total], denominators: Sequence[Total]
) -> pd.DataFrame:
    frame = keys.reset_index(drop=True).copy()
    frame["aantal"] = pd.array([t.value for t in shown], dtype="Int64")
    frame["symbool"] = [t.symbol for t in shown]
    frame["aandeel"] = pd.array(
        [
            None if t.value is None or not d.value else stable(t.value / d.value)
            for t, d in zip(shown, denominators, strict=True)
        ],
        dtype="Float64",
    )
    # A count published as a lower bound ("≥ 110"): its count and share above are unknown.
    frame["ten_minste"] = pd.array([t.at_least for t in shown], dtype="Int64")
    # Its share is rounded down to a whole percent, so that "≥ 91%" stays true.
    frame["aandeel_ten_minste"] = pd.array(
        [
            None if t.at_least is None or not d.value else (t.at_least * 100 // d.value) / 100
            for t, d in zip(shown, denominators, strict=True)
        ],
        dtype="Float64",
    )
    return frame


def published_frame(
    field_name: str, entries: Sequence[Entry], shown: Sequence[Total], total: Total
) -> pd.DataFrame:
    keys = pd.DataFrame(
        {field_name: [e.code for e in entries], f"{field_name}_label": [e.label for e in entries]}
    )
    return frame_of(keys, shown, [total] * len(entries))
