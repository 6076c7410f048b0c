"""The intruder: every count named by what it counts, the closure of the splits, quarters
within their year, and the least and greatest whole value of every hidden or unpublished count
(:class:`olcc_report.intervals.IntervalSolver`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np

from olcc_report.book.audit.published import (
    NO,
    REST,
    YES,
    Finding,
    Name,
    PublishedBook,
    at_least,
    number,
    read_book,
)
from olcc_report.book.audit.tables import TableReaders
from olcc_report.intake.params import DisclosureParams, LoadedParams
from olcc_report.intervals import IntervalSolver, required_width, rounding_interval
from olcc_report.qualitative.codebook import theme_labels
from olcc_report.records import schema
from olcc_report.records.vocabulary import MISSING_SYMBOL


class Intruder(TableReaders):
    """Everything one reader writes down from the books in front of them."""

    def __init__(self, books: Iterable[PublishedBook]):
        books = list(books)
        self.books = {b.period: b for b in books if not b.region}
        self.index: dict[Name, int] = {}
        self.low: list[float] = []
        self.high: list[float] = []
        self.hidden: set[int] = set()
        self.shown: set[int] = set()
        self.equalities: list[dict[int, float]] = []
        self.at_most: list[dict[int, float]] = []  # Σ coefficient·cell ≤ 0
        self.values: dict[tuple[str, str], list[str]] = {}  # (period, variable) → values
        self.complete: set[tuple[str, str]] = set()  # splits the book says are complete
        self.findings: list[Finding] = []
        self.partitions: list[tuple[int, list[int]]] = []
        for book in books:
            if book.region:
                self._read_regional(book)
            else:
                self._read(book)
        self._quarters_within_years()
        self._close()

    # --- what the reader writes down ----------------------------------------------------------

    def cell(self, period: str, *conditions: tuple[str, str]) -> int:
        name = (period, frozenset(conditions))
        if name not in self.index:
            self.index[name] = len(self.low)
            self.low.append(0)
            self.high.append(np.inf)
        return self.index[name]

    def see(self, index: int, text: str, rules: DisclosureParams) -> None:
        """What one published count says (several tables may show the same count). A bound
        (``≥ 110``) says only that: the count is neither hidden nor shown, and its interval
        need not be wide (what it leaves of a total is an unpublished count, watched as such)."""
        if (bound := at_least(text)) is not None:
            self.low[index] = max(self.low[index], bound)
            return
        if text.strip() == MISSING_SYMBOL:  # "gegevens ontbreken": nothing is published
            return
        value = number(text)
        if value is None:
            self.hidden.add(index)
            return
        self.shown.add(index)
        low, high = (0, 0) if value == 0 else rounding_interval(value, rules.rounding_base)
        if value:
            low = max(low, rules.min_count)
        self.low[index] = max(self.low[index], low)
        self.high[index] = min(self.high[index], high)

    def equal(self, plus: Iterable[int], minus: Iterable[int], weights=None) -> None:
        row: dict[int, float] = {}
        for k, i in enumerate(plus):
            row[i] = row.get(i, 0) + (weights[k] if weights else 1)
        for i in minus:
            row[i] = row.get(i, 0) - 1
        self.equalities.append(row)

    def split(self, period: str, variable: str, values: list[str], complete: bool) -> None:
        key = (period, variable)
        known = self.values.setdefault(key, [])
        known += [v for v in values if v not in known]
        if complete:
            self.complete.add(key)

    # --- relations between books --------------------------------------------------------------

    def _quarters_within_years(self):
        for period in self.books:
            match = re.fullmatch(r"(\d{4})-Q([1-4])", period)
            if not match or match.group(1) not in self.books:
                continue
            year = match.group(1)
            for (p, conditions), index in list(self.index.items()):
                if p != period or not all(_stable(v) for v, _ in conditions):
                    continue
                months = [value for v, value in conditions if v == "aangemeld_in"]
                whole = self.cell(year, *conditions)
                if months:  # a month of the quarter: all of its cases are in both books
                    self.equal([whole], [index])
                else:
                    rest = self.cell(f"{year}-zonder-{period}", *conditions)
                    self.equal([whole], [index, rest])

    # --- the closure of splits --------------------------------------------------------------

    def _close(self):
        done = set()
        queue = list(self.index)
        while queue:
            period, conditions = queue.pop()
            for condition in conditions:
                variable = condition[0]
                key = (period, variable)
                values = self.values.get(key)
                if values is None:
                    if condition[1] in (YES, NO):
                        values = [YES, NO]
                    else:
                        continue
                parent = conditions - {condition}
                if (period, parent, variable) in done:
                    continue
                done.add((period, parent, variable))
                siblings = [parent | {(variable, v)} for v in values]
                if key not in self.complete and values != [YES, NO]:
                    siblings.append(parent | {(variable, REST)})
                new = [(period, s) for s in siblings if (period, s) not in self.index]
                if (period, parent) not in self.index:
                    new.append((period, parent))
                indices = [self.cell(period, *s) for s in siblings]
                self.equal([self.cell(period, *parent)], indices)
                self.partitions.append((self.cell(period, *parent), indices))
                queue += new

    # --- solving ------------------------------------------------------------------------------

    def audit(self) -> list[Finding]:
        low = np.array(self.low, dtype=float)
        high = np.array(self.high, dtype=float)
        for i in self.hidden - self.shown:
            low[i], high[i] = 0, np.inf
        if (low > high).any():
            bad = [name for name, i in self.index.items() if low[i] > high[i]]
            return [Finding(bad[0][0], f"tegenstrijdige cijfers voor {sorted(bad[0][1])}")]
        solver = IntervalSolver(
            low,
            high,
            self.equalities,
            self.at_most,
            what="audit: the published numbers contradict each other",
        )
        findings = list(self.findings)
        names = {i: name for name, i in self.index.items()}
        findings += self._zeros_next_to_hidden(names)
        default = next(iter(self.books.values())).rules
        for i in sorted(self.hidden - self.shown):
            period, conditions = names[i]
            rules = self._rules(period, default)
            narrow, lo, hi = solver.narrower_than(i, required_width(rules))
            if narrow:
                findings.append(
                    Finding(
                        period,
                        f"geheime cel {_describe(conditions)} ligt tussen {lo:.0f} en {hi:.0f} "
                        f"(beloofd: een interval van ten minste {required_width(rules)})",
                    )
                )
        for i in range(len(low)):
            if i in self.hidden or i in self.shown:
                continue
            period, conditions = names[i]
            rules = self._rules(period.split("-zonder-")[0], default)
            small, lo, hi = solver.small(i, rules.min_count, required_width(rules))
            if small:
                findings.append(
                    Finding(
                        period,
                        f"niet gepubliceerd aantal {_describe(conditions)} is terug te rekenen "
                        f"tot {lo:.0f} à {hi:.0f} (kleiner dan {rules.min_count})",
                    )
                )
        return findings

    def _zeros_next_to_hidden(self, names) -> list[Finding]:
        """A shown zero among the parts of a hidden total: "x; -; -; x" tells where the few
        cases of that total are (or are not)."""
        secret = self.hidden - self.shown
        out = []
        for parent, children in self.partitions:
            if parent not in secret:
                continue
            for i in children:
                if i in self.shown and self.high[i] == 0:
                    period, conditions = names[i]
                    out.append(
                        Finding(period, f"nul onder een geheim totaal: {_describe(conditions)}")
                    )
        return list(dict.fromkeys(out))


def _stable(variable: str) -> bool:
    return (
        variable.split(":")[0] in schema.REGISTRATION_FIELDS
        or variable == "aangemeld_in"
        or variable.startswith("aantal:")
    )


def _describe(conditions: frozenset) -> str:
    return (
        "(" + ", ".join(f"{v} = {value}" for v, value in sorted(conditions)) + ")"
        if conditions
        else "(alle casussen)"
    )


def audit_books(books: Iterable[PublishedBook]) -> list[Finding]:
    """Every finding of an intruder who reads all ``books`` together."""
    return Intruder(books).audit()


def audit_downloads(loaded: LoadedParams, files: Mapping[str, bytes]) -> list[Finding]:
    """The audit of one book's downloads before it is published."""
    params = loaded.params
    return audit_books([read_book(files, params.period, params.disclosure, theme_labels(loaded))])


def findings_message(findings: list[Finding]) -> str:
    lines = [f"  - {f}" for f in findings[:40]]
    more = f"\n  … en nog {len(findings) - 40}" if len(findings) > 40 else ""
    return (
        "De controle na de bouw (als een indringer die alleen de CSV-bestanden leest) vond "
        f"{len(findings)} geheime of terug te rekenen aantal(len); het boek is niet gepubliceerd:\n"
        + "\n".join(lines)
        + more
    )
