"""Everything a period publishes, declared once and protected as one model.

:func:`release` declares every count table of the period's book on one
:class:`~olcc_report.disclosure.book.Book` (by what each cell counts), protects them together, and
returns a :class:`Release` from which the figure functions take their tables. No figure protects
a table on its own: a count shown in two places is one cell, and a hidden cell cannot be
computed from several tables together.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from olcc_report.analysis import counts as analysis
from olcc_report.analysis import survival
from olcc_report.analysis.cells import (
    CLOSED,
    CLOSED_IN,
    NO,
    OPEN,
    OPEN_AFTER,
    REGISTERED_IN,
    STATUS,
    YES,
    CellName,
    case_universe,
    cell,
    has,
)
from olcc_report.disclosure import SurvivalSummary, protect_survival
from olcc_report.disclosure.book import Book, Entry, field_side, partition_side
from olcc_report.disclosure.tables import ProtectedTable, Total
from olcc_report.figures.release_regions import BOOK_REGION, declare_regions, regional_key
from olcc_report.figures.release_stille import Pool, PoolPart, declare_pool
from olcc_report.figures.release_themes import (
    EVALUATED,
    EVALUATION,
    Themes,
    count_themes,
    declare_themes,
)
from olcc_report.intake.params import DisclosureParams, RegionalBook
from olcc_report.intake.population import Population
from olcc_report.qualitative.codings import Qualitative
from olcc_report.records import contents, reference, schema
from olcc_report.records.vocabulary import TOP_PROBLEMS

MONTHS_SHOWN = 12
# Published distributions of "number of categories per case": field → the last class ("k of meer").
CAPS = {
    "problemen": analysis.PROBLEM_COUNT_CAP,
    "verstoringen": len(schema.get_field("verstoringen").categories),
    "leefgebieden": min(len(schema.get_field("leefgebieden").categories), 6),
}


@dataclass
class Release:
    """The protected tables of one period."""

    book: Book
    end: dt.date
    start: dt.date
    rules: DisclosureParams
    flow: analysis.Flow
    durations: dict[str, tuple[survival.Durations, pd.DataFrame]]
    themes: Themes | None
    registered: frozenset[str]
    empty: frozenset[str]  # registered, but filled in for no case
    pool: Pool | None = None  # the stille-vragen judgement (None: no population or rates)
    regions: tuple[RegionalBook, ...] = ()  # the period's regional books, protected with it
    regional_durations: dict[str, tuple[survival.Durations, pd.DataFrame]] | None = None

    def regional_survival(self, book: str) -> SurvivalSummary:
        """The Kaplan–Meier summary of one regional book's cases (shown only when its number
        of cases is)."""
        d, curve = (self.regional_durations or {})[book]
        size = self.book.total(cell((BOOK_REGION, book)))
        days = d.days if size.value is not None else d.days[:0]
        return protect_survival(days, curve, self.rules, MONTHS_SHOWN, d.closed[: len(days)])

    def regional(self, book: str | None, key: str) -> ProtectedTable:
        """A table of a regional book (``book``), or its national side (None)."""
        return self.book.table(regional_key(book or "landelijk", key))

    def regional_flows(self, book: str) -> dict[str, list[Total]]:
        """Registered, closed and open after each month (or quarter), within one regional book."""
        scope = (BOOK_REGION, book)
        buckets = list(self.flow.frame["periode"])
        return {
            "instroom": [self.book.total(cell(scope, (REGISTERED_IN, b))) for b in buckets],
            "uitstroom": [self.book.total(cell(scope, (CLOSED_IN, b))) for b in buckets],
            "open_einde": [
                self.book.total(cell(scope, (has(OPEN_AFTER, b), YES))) for b in buckets
            ],
        }

    def table(self, key: str) -> ProtectedTable:
        return self.book.table(key)

    def unfilled(self, key: str) -> tuple[str, ...]:
        """The fields table ``key`` needs that are registered but filled in for no case."""
        return tuple(f for f in contents.fields_needed(key) if f in self.empty)

    def not_registered(self, key: str) -> tuple[str, ...]:
        """The fields table ``key`` needs that this period does not register (empty: it has
        them all)."""
        return tuple(f for f in contents.fields_needed(key) if f not in self.registered)

    def unasked(self, field_name: str) -> list[str]:
        """The categories of a registered multi-valued field this period does not register
        (its export has no column for them), as their labels."""
        if field_name not in self.registered:
            return []
        variables = self.book.universe.variables
        return [
            c.label
            for c in schema.get_field(field_name).categories
            if has(field_name, c.code) not in variables
        ]

    def key_numbers(self) -> dict[str, Total]:
        """Registered, closed and still open at the end."""
        return {
            "aangemeld": self.book.total(cell()),
            "afgesloten": self.book.total(cell((STATUS, CLOSED))),
            "open_einde_periode": self.book.total(cell((STATUS, OPEN))),
        }

    def flows(self) -> dict[str, list[Total]]:
        buckets = list(self.flow.frame["periode"])
        return {
            "instroom": [self.book.total(cell((REGISTERED_IN, b))) for b in buckets],
            "uitstroom": [self.book.total(cell((CLOSED_IN, b))) for b in buckets],
            "open_einde": [self.book.total(cell((has(OPEN_AFTER, b), YES))) for b in buckets],
        }

    @cached_property
    def survival(self) -> dict[str, SurvivalSummary]:
        """Kaplan–Meier summaries overall (``totaal``) and per profile group."""
        out = {}
        for code, (d, curve) in self.durations.items():
            size = self.book.total(cell() if code == "totaal" else cell(("profielgroep", code)))
            # A curve's steps tell about its group's size: only for groups whose size is shown.
            days = d.days if size.value is not None else d.days[:0]
            out[code] = protect_survival(
                days, curve, self.rules, MONTHS_SHOWN, d.closed[: len(days)]
            )
        return out

    @property
    def secondary(self) -> int:
        return self.book.secondary


def release(
    cases: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    rules: DisclosureParams,
    qualitative: Qualitative | None = None,
    earlier: Sequence[Release] = (),
    population: Population | None = None,
    pooled_with: Sequence[PoolPart] = (),
    period: str = "",
    regions: Sequence[RegionalBook] = (),
) -> Release:
    """Declare every count table of the period, then protect them as one model.

    ``earlier``: the already published books of periods within this one (the quarters of a
    year); their counts enter the model as published (see :meth:`Book.within`).
    ``population`` and ``pooled_with``: the young people per region of this period, and the
    earlier periods the stille-vragen chapter pools with it (:mod:`.release_stille`)."""
    registered = schema.registered_fields(cases.columns)
    frequency = analysis.choose_frequency(len(cases), start, end, rules.min_count)
    flow = analysis.flows(cases, start, end, frequency)
    caps = {f: cap for f, cap in CAPS.items() if f in registered}
    universe = case_universe(cases, end, caps, flow)
    themes = count_themes(universe, qualitative, cases)
    book = Book(universe, rules, structural=_structural)

    def declared(key: str) -> bool:
        return all(f in registered for f in contents.fields_needed(key))

    _declare_cases(book, flow, declared)
    _declare_outcomes(book, declared)
    if themes is not None:
        declare_themes(book, themes, declared)
    for part in earlier:
        book.within(part.book, _stable)
    pool = None if population is None else declare_pool(book, period, population, pooled_with)
    declare_regions(book, regions, list(flow.frame["periode"]), declared)
    groups = "profielgroep" if "profielgroep" in registered else None
    return Release(
        book,
        end,
        start,
        rules,
        flow,
        survival.survival_by(cases, end, groups),
        themes,
        registered,
        frozenset(f.name for f in schema.optional_fields() if _filled_for_no_case(cases, f.name)),
        pool,
        tuple(regions),
        {
            r.code: survival.survival_by(cases[cases["jeugdregio"].isin(r.members)], end)["totaal"]
            for r in regions
        },
    )


def _filled_for_no_case(cases: pd.DataFrame, field_name: str) -> bool:
    """A registered field no case has a value for (a multi-valued one: no category for any
    case): its zeros are missing data, not counts."""
    if schema.get_field(field_name).kind == "multi":
        columns = [c for c in schema.indicator_columns(field_name) if c in cases.columns]
        return bool(columns) and not cases[columns].fillna(False).to_numpy().any()
    return field_name in cases.columns and bool(cases[field_name].isna().all())


def _stable(variable: str) -> bool:
    base = variable.split("=")[0].removeprefix("aantal:")
    return base in schema.REGISTRATION_FIELDS or variable == REGISTERED_IN


def _structural(name: CellName) -> bool:
    """Cells that are zero by definition: a case-evaluation category outside the evaluated cases,
    and an age group outside a CBS age band (0–4 among the cases of 15 and older)."""
    conditions = dict(name)
    outside_band = "leeftijdsband" in conditions and "leeftijdsgroep" in conditions
    return (
        conditions.get(EVALUATED) == NO
        and any(v.startswith(f"{EVALUATION}=") and value == YES for v, value in name)
    ) or (
        outside_band
        and not schema.age_ranges_meet(conditions["leeftijdsgroep"], conditions["leeftijdsband"])
    )


def _declare_cases(book: Book, flow: analysis.Flow, declared: Callable[[str], bool]) -> None:
    book.one_way("periode", STATUS, partition_side(STATUS, [CLOSED, OPEN], ["afgesloten", "open"]))
    book.flows(list(flow.frame["periode"]))
    for key in ("aanmelder", "woonsituatie"):
        if declared(key):
            book.one_way(key, key, field_side(key))
    if declared("expertteam"):
        book.one_way(
            "expertteam",
            "expertteam",
            [
                Entry(name, schema.get_field(name).label, ((name, YES),))
                for name in ("expertteam_betrokken", "teruggelegd_bij_expertteam")
            ],
            kind="has",
        )
    book.two_way(
        "leeftijd-geslacht",
        "leeftijdsgroep",
        field_side("leeftijdsgroep"),
        "geslacht",
        field_side("geslacht"),
    )
    if declared("problemen-profielgroep"):
        book.two_way(
            "problemen-profielgroep",
            "problemen",
            field_side("problemen"),
            "profielgroep",
            field_side("profielgroep"),
            row_kind="has",
            share_of="column",
        )
    # Its margins, as tables of their own: the same cells.
    if declared("problemen"):
        book.one_way("problemen", "problemen", field_side("problemen"), kind="has")
    if declared("profielgroepen"):
        book.one_way("profielgroepen", "profielgroep", field_side("profielgroep"))
    for field_name, cap in book.universe.caps.items():
        labels = [str(k) for k in range(cap)] + [f"{cap} of meer"]
        book.one_way(
            f"aantal-{field_name}",
            "aantal_categorieen",
            partition_side(f"aantal:{field_name}", [str(k) for k in range(cap + 1)], labels),
        )
        book.per_case(field_name)
    if declared("combinaties-2"):
        _declare_combinations(book)
    if declared("verstoringen"):
        book.one_way("verstoringen", "verstoringen", field_side("verstoringen"), kind="has")
    book.one_way("jeugdregio", "jeugdregio", field_side("jeugdregio"))
    _declare_stille_vragen(book)
    book.one_way("provincie", "provincie", field_side("provincie"))
    for province in schema.get_field("provincie").codes:
        regions = [r.code for r in reference.regions() if r.province_code == province]
        book.parts(cell(("provincie", province)), [cell(("jeugdregio", r)) for r in regions])


def _declare_stille_vragen(book: Book) -> None:
    """The cases per CBS age band, for the national rates of the stille-vragen chapter (its
    observed counts per region are the region table's)."""
    book.one_way("stille-vragen-leeftijd", "leeftijdsband", field_side("leeftijdsband"))


def _declare_combinations(book: Book) -> None:
    """Every pair and every triple of the :data:`TOP_PROBLEMS` most frequent problems (ties in
    code order), shown or secret; that they are the most frequent enters the model."""
    f = schema.get_field("problemen")
    registered = [
        i for i, c in enumerate(f.codes) if has("problemen", c) in book.universe.variables
    ]
    matrix = _indicator_matrix(book, "problemen", [f.codes[i] for i in registered])
    order = [
        registered[k]
        for k in sorted(range(len(registered)), key=lambda k: (-int(matrix[:, k].sum()), k))
    ]
    chosen = sorted(order[:TOP_PROBLEMS])
    labels = [c.label for c in f.categories]

    def problem(i: int) -> CellName:
        return cell((has("problemen", f.codes[i]), YES))

    book.ranked_above([problem(i) for i in chosen], [problem(i) for i in order[TOP_PROBLEMS:]])
    for size in (2, 3):
        book.one_way(
            f"combinaties-{size}",
            "combinatie",
            [
                Entry(
                    "+".join(f.codes[i] for i in combo),
                    " + ".join(labels[i] for i in combo),
                    tuple((has("problemen", f.codes[i]), YES) for i in combo),
                )
                for combo in itertools.combinations(chosen, size)
            ],
            kind="has",
        )


def _indicator_matrix(book: Book, field_name: str, codes: list[str]) -> np.ndarray:
    variables = book.universe.variables
    return np.column_stack([variables[has(field_name, c)][YES] for c in codes])


def _declare_outcomes(book: Book, declared: Callable[[str], bool]) -> None:
    if declared("hulpvraag-inzet"):
        book.two_way(
            "hulpvraag-inzet",
            "hulpvraag",
            field_side("hulpvraag"),
            "inzet",
            field_side("inzet"),
            column_kind="has",
            share_of="row",
        )
    if declared("uitkomst"):
        book.one_way("uitkomst", "uitkomst", field_side("uitkomst"), scope=((STATUS, CLOSED),))
