"""The audit after the build, as an intruder: from the published CSVs alone, can a hidden count
be computed, or narrowed further than the methodology promises?

The intruder reads only what a reader can download (the ``_static/tabellen/*.csv`` of one or
more books) and what the book says about its definitions: the data dictionary's categories,
the CBS regions within provinces, the codebook. It does **not** use the library's cell model
(:mod:`olcc_report.disclosure`): it names every published number by what it counts, writes down
every relation the definitions imply (a count is the sum of its parts along any split, with an
unknown rest where the book does not say the split is complete; has / has-not; Σ k·n_k =
Σ has; in − out = change in open cases; regions in provinces; a parent theme against its
categories; a quarter within its year; shares of a shown total), and then solves, over whole
numbers, the least and greatest value of every hidden count and of every count it was never
shown.

It reports a finding when

* a hidden count's interval is narrower than the promise (``min_count`` wide with exact counts,
  one rounding interval with rounding),
* a count that was never shown is pinned between 1 and ``min_count - 1`` (a difference of
  published numbers that points at a few children), or
* a step of a Kaplan–Meier curve implies fewer than ``min_count`` closures.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from olcc_report.intake.params import DisclosureParams, LoadedParams
from olcc_report.intervals import IntervalSolver, required_width, rounding_interval
from olcc_report.qualitative.codebook import theme_labels
from olcc_report.records import reference, schema
from olcc_report.records.vocabulary import (
    MISSING_SYMBOL,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYNTHETIC_MARK,
)

YES, NO, REST = "ja", "nee", "(rest)"
# Tables that publish no counts of cases (durations in weeks, plan points).
WITHOUT_COUNTS = frozenset({"doorlooptijd-kwartielen", "trend-doorlooptijd", "trend-plannen"})
Name = tuple[str, frozenset[tuple[str, str]]]  # (period, conditions)


@dataclass(frozen=True)
class Finding:
    period: str
    what: str

    def __str__(self) -> str:
        return f"{self.period}: {self.what}"


@dataclass
class PublishedBook:
    """The downloads of one book: table key → rows of the CSV (header first)."""

    period: str
    rules: DisclosureParams
    tables: dict[str, list[list[str]]]
    theme_labels: dict[str, str] = field(default_factory=dict)  # theme code → label (codebook)


def read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text), delimiter=";") if row]


def read_book(
    files: Mapping[str, bytes] | Path,
    period: str,
    rules: DisclosureParams,
    theme_labels: Mapping[str, str] | None = None,
) -> PublishedBook:
    """The tables of one book, from the download files (name → bytes) or their folder (as a
    reader downloads them)."""
    if isinstance(files, Path):
        files = {p.name: p.read_bytes() for p in files.glob("*.csv")}
    tables = {  # by the figure's key, also under a demo's published name
        name.removesuffix(".csv").removesuffix(f"-{SYNTHETIC_MARK}"): read_csv(data)
        for name, data in files.items()
        if name.endswith(".csv") and not name.endswith(".meta.csv")
    }
    return PublishedBook(period, rules, tables, dict(theme_labels or {}))


def _number(text: str) -> int | None:
    """A published count: ``x`` → None (hidden), ``-`` → 0, ``1.234`` → 1234."""
    text = text.strip()
    if text == SECRET_SYMBOL:
        return None
    if text == NIL_SYMBOL:
        return 0
    return int(text.replace(".", ""))


class Intruder:
    """Everything one reader writes down from the books in front of them."""

    def __init__(self, books: Iterable[PublishedBook]):
        self.books = {b.period: b for b in books}
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
        for book in self.books.values():
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
        """What one published count says (several tables may show the same count)."""
        value = _number(text)
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

    # --- reading the tables ------------------------------------------------------------------

    def _catalogue(self, book: PublishedBook) -> dict[str, Callable[[list[list[str]]], None]]:
        """How to read each table a book publishes: key → reader of its rows."""

        def one_way(variable: str, scope=()):
            return lambda rows: self._one_way(
                book, rows, lambda label: ((variable, label),), variable, scope
            )

        def has(field_name: str):
            return lambda rows: self._one_way(
                book, rows, lambda label: ((f"{field_name}:{label}", YES),)
            )

        def cross(row, row_multi, column, column_multi):
            return lambda rows: self._cross(book, rows, row, row_multi, column, column_multi)

        readers = {
            "aanmelder": one_way("aanmelder"),
            "woonsituatie": one_way("woonsituatie"),
            "jeugdregio": one_way("jeugdregio"),
            "provincie": one_way("provincie"),
            "profielgroepen": one_way("profielgroep"),
            "uitkomst": one_way("uitkomst", (("status", "afgesloten"),)),
            "problemen": has("problemen"),
            "verstoringen": has("verstoringen"),
            "themas": has("thema"),
            "expertteam": lambda rows: self._one_way(book, rows, lambda label: ((label, YES),)),
            "combinaties-2": lambda rows: self._one_way(book, rows, _combination("problemen")),
            "combinaties-3": lambda rows: self._one_way(book, rows, _combination("problemen")),
            "thema-paren": lambda rows: self._one_way(book, rows, _combination("thema")),
            "leeftijd-geslacht": cross("leeftijdsgroep", None, "geslacht", None),
            "problemen-profielgroep": cross(None, "problemen", "profielgroep", None),
            "hulpvraag-inzet": cross("hulpvraag", None, None, "inzet"),
            "themas-profielgroep": cross(None, "thema", "profielgroep", None),
            "themas-leeftijdsgroep": cross(None, "thema", "leeftijdsgroep", None),
            "casusevaluaties": lambda rows: self._evaluations(book, rows),
            "stille-vragen": lambda rows: self._stille_vragen(book, rows),
            "instroom-uitstroom": lambda rows: self._flows(book, rows),
            "doorlooptijd": lambda rows: self._survival(book, rows),
            "trend-casussen": lambda rows: self._trend_counts(book, rows),
            "trend-profielgroepen": lambda rows: self._shares(
                rows, "profielgroep", False, book.rules
            ),
            "trend-verstoringen": lambda rows: self._shares(rows, "verstoringen", True, book.rules),
            "trend-themas": lambda rows: self._shares(rows, "thema", True, book.rules),
        }
        for field_name in ("problemen", "verstoringen", "leefgebieden"):
            readers[f"aantal-{field_name}"] = lambda rows, f=field_name: self._per_case(
                book, rows, f
            )
        for code, label in book.theme_labels.items():
            readers[f"thema-{code}"] = lambda rows, t=label: self._theme_by_group(book, rows, t)
        return readers

    def _read(self, book: PublishedBook) -> None:
        readers = self._catalogue(book)
        for key, rows in sorted(book.tables.items()):
            if key in readers:
                readers[key](rows)
            elif key not in WITHOUT_COUNTS:
                self.findings.append(
                    Finding(book.period, f"tabel {key} staat niet in de catalogus van de controle")
                )
        self._provinces(book.period)

    def _theme_by_group(self, book, rows, label):
        for row in rows[1:]:
            cell = self.cell(book.period, (f"thema:{label}", YES), ("profielgroep", row[0]))
            self.see(cell, row[1], book.rules)

    def _regions_column(self, book, rows, header):
        column = rows[0].index(header)
        for row in rows[1:]:
            self.see(self.cell(book.period, ("jeugdregio", row[0])), row[column], book.rules)

    def _stille_vragen(self, book, rows):
        """Regions (Aanmeldingen) and, in the rows "Nederland, <band>", the cases per CBS age
        band: a complete split of all cases, each band holding the age groups within it."""
        if "Aanmeldingen" not in rows[0]:
            return  # no rates this period (a band count is secret): the table has no counts
        national = [r for r in rows[1:] if r[0].startswith("Nederland, ")]
        self._regions_column(book, [r for r in rows if r not in national], "Aanmeldingen")
        p = book.period
        labels = [r[0].removeprefix("Nederland, ") for r in national]
        for label, row in zip(labels, national, strict=True):
            self.see(self.cell(p, ("leeftijdsband", label)), row[1], book.rules)
        self.split(p, "leeftijdsband", labels, complete=True)
        groups = {g.label: g for g in schema.AGE_GROUPS}
        for band in schema.CBS_AGE_BANDS:
            if band.label not in labels:
                continue
            inside = [g for g in groups.values() if band.low <= g.low and g.high <= band.high]
            self.at_most.append(
                {
                    **{self.cell(p, ("leeftijdsgroep", g.label)): 1 for g in inside},
                    self.cell(p, ("leeftijdsband", band.label)): -1,
                }
            )

    def _one_way(self, book, rows, conditions, variable=None, scope=()):
        """Label; count; share — the last row is the total of the scope."""
        p = book.period
        body, total = rows[1:-1], rows[-1]
        self.see(self.cell(p, *scope), total[1], book.rules)
        for row in body:
            self.see(self.cell(p, *scope, *conditions(row[0])), row[1], book.rules)
        if variable is not None:
            self.split(p, variable, [r[0] for r in body], complete=False)

    def _per_case(self, book, rows, field_name):
        """Cases with k categories: a complete split, and Σ k·n_k (+ what "k of meer" leaves
        out) = Σ has."""
        p, variable = book.period, f"aantal:{field_name}"
        body = rows[1:-1]
        self.see(self.cell(p), rows[-1][1], book.rules)
        cells = []
        for row in body:
            cells.append(self.cell(p, (variable, row[0])))
            self.see(cells[-1], row[1], book.rules)
        self.split(p, variable, [r[0] for r in body], complete=True)
        categories = [c.label for c in schema.get_field(field_name).categories]
        top = int(body[-1][0].split()[0])
        weights = [int(r[0].split()[0]) for r in body]
        has = [self.cell(p, (f"{field_name}:{c}", YES)) for c in categories]
        for c in categories:
            self.split(p, f"{field_name}:{c}", [YES, NO], complete=True)
        excess = self.cell(p, (f"aantal-boven:{field_name}", "som"))
        if top >= len(categories):
            self.high[excess] = 0
        self.equalities.append(
            {
                **{c: w for c, w in zip(cells, weights, strict=True) if w},
                excess: 1,
                **{h: -1 for h in has},
            }
        )

    def _cross(self, book, rows, row_field, row_multi, column_field, column_multi):
        """Rows × columns with the row margins last and the column margins in the last row."""
        p = book.period
        header, body, footer = rows[0], rows[1:-1], rows[-1]
        columns = header[1:-1]

        def condition(label, plain, multi):
            return (plain, label) if plain else (f"{multi}:{label}", YES)

        for row in body:
            r = condition(row[0], row_field, row_multi)
            for label, text in zip(columns, row[1:-1], strict=True):
                self.see(
                    self.cell(p, r, condition(label, column_field, column_multi)), text, book.rules
                )
            self.see(self.cell(p, r), row[-1], book.rules)
        for label, text in zip(columns, footer[1:-1], strict=True):
            self.see(self.cell(p, condition(label, column_field, column_multi)), text, book.rules)
        self.see(self.cell(p), footer[-1], book.rules)
        if row_field:
            self.split(p, row_field, [r[0] for r in body], complete=False)
        if column_field:
            self.split(p, column_field, columns, complete=False)

    def _evaluations(self, book, rows):
        p, rules = book.period, book.rules
        scope = ("geevalueerd", YES)
        self.see(self.cell(p, scope), rows[-1][1], rules)
        cells = {}
        for row in rows[1:-1]:
            cells[row[0]] = self.cell(p, scope, (f"evaluatie:{row[0]}", YES))
            self.see(cells[row[0]], row[1], rules)
        parents = {}
        for label, index in cells.items():
            if label.startswith("Eén of meer "):
                parents[label] = index
        for label, index in cells.items():
            kind = label.split(":")[0].lower() if ":" in label else None
            for parent_label, parent in parents.items():
                if kind and parent_label.lower().startswith(f"eén of meer {kind}"):
                    self.at_most.append({index: 1, parent: -1})
        if len(parents) == 2:  # evaluated: at least one knooppunt or succesmoment
            self.at_most.append({self.cell(p, scope): 1, **{i: -1 for i in parents.values()}})

    def _flows(self, book, rows):
        p, rules = book.period, book.rules
        labels = [r[0] for r in rows[1:]]
        ins, outs, stocks = [], [], []
        for row in rows[1:]:
            ins.append(self.cell(p, ("aangemeld_in", row[0])))
            outs.append(self.cell(p, ("afgesloten_in", row[0])))
            stocks.append(self.cell(p, (f"open_na:{row[0]}", YES)))
            for index, text in zip((ins[-1], outs[-1], stocks[-1]), row[1:4], strict=True):
                self.see(index, text, rules)
            self.split(p, f"open_na:{row[0]}", [YES, NO], complete=True)
        self.split(p, "aangemeld_in", labels, complete=True)
        self.split(p, "afgesloten_in", [*labels, "nog open"], complete=True)
        for t in range(len(labels)):
            self.equal([stocks[t], outs[t]], [ins[t], *([stocks[t - 1]] if t else [])])
        self.equal([stocks[-1]], [self.cell(p, ("status", "open"))])
        self.equal(
            [self.cell(p, ("afgesloten_in", "nog open"))], [self.cell(p, ("status", "open"))]
        )

    def _provinces(self, period):
        labels = schema.labels("jeugdregio")
        provinces = schema.labels("provincie")
        for code, label in provinces.items():
            name = (period, frozenset({("provincie", label)}))
            if name not in self.index:
                continue
            regions = [labels[r.code] for r in reference.regions() if r.province_code == code]
            self.equal([self.index[name]], [self.cell(period, ("jeugdregio", r)) for r in regions])

    def _trend_counts(self, book, rows):
        years = rows[0][1:]
        conditions = {
            "Aangemeld": (),
            "Afgesloten in het jaar": (("status", "afgesloten"),),
            "Open aan het eind van het jaar": (("status", "open"),),
        }
        for row in rows[1:]:
            for year, text in zip(years, row[1:], strict=True):
                self.see(self.cell(year, *conditions[row[0]]), text, self._rules(year, book.rules))

    def _rules(self, period, default):
        return self.books[period].rules if period in self.books else default

    def _shares(self, rows, variable, multi, default_rules):
        """Whole percents of a shown total: the shown count lies within (p ± ½%) × total."""
        years, body, footer = rows[0][1:], rows[1:-1], rows[-1]
        for j, year in enumerate(years):
            if footer[j + 1] == MISSING_SYMBOL:
                continue  # the year did not register the field: nothing published
            rules = self._rules(year, default_rules)
            total = _number(footer[j + 1])
            self.see(self.cell(year), footer[j + 1], rules)
            for row in body:
                text = row[j + 1]
                condition = (f"{variable}:{row[0]}", YES) if multi else (variable, row[0])
                cell = self.cell(year, condition)
                if text == MISSING_SYMBOL:
                    continue
                if text == SECRET_SYMBOL:
                    self.hidden.add(cell)
                    continue
                share = int(text) if text != NIL_SYMBOL else 0
                if share == 0 and text == NIL_SYMBOL:
                    self.see(cell, text, rules)
                    continue
                if total is None:
                    continue
                base = rules.rounding_base
                low_shown = (share - 0.5) / 100 * total
                high_shown = (share + 0.5) / 100 * total
                candidates = [
                    v
                    for v in range(0, total + 1, base)
                    if low_shown - 1e-9 <= v <= high_shown + 1e-9
                ]
                if not candidates:
                    continue
                low = max(min(rounding_interval(v, base)[0] for v in candidates), rules.min_count)
                high = max(rounding_interval(v, base)[1] for v in candidates)
                self.shown.add(cell)
                self.low[cell] = max(self.low[cell], low)
                self.high[cell] = min(self.high[cell], high)

    def _survival(self, book, rows):
        """A step between two published months shows about (drop × group size) closures."""
        header, body = rows[0], rows[1:]
        groups = {}
        if "profielgroepen" in book.tables:
            for row in book.tables["profielgroepen"][1:]:
                groups[row[0]] = _number(row[1])
            groups["Alle casussen"] = _number(book.tables["profielgroepen"][-1][1])
        for j, group in enumerate(header[1:], start=1):
            size = groups.get(group)
            if size is None:
                continue
            high = rounding_interval(size, book.rules.rounding_base)[1]
            previous = None
            for row in body:
                text = row[j]
                if text in (SECRET_SYMBOL, MISSING_SYMBOL):
                    continue
                share = int(text) / 100
                if previous is not None and share < previous:
                    # Without censoring each closure lowers the curve by 1/size, with censoring
                    # by more: closures ≤ size × drop. Both shares are whole percents.
                    drop = previous - share + 0.01
                    if drop * high < book.rules.min_count:
                        self.findings.append(
                            Finding(
                                book.period,
                                f"doorlooptijd, {group}, maand {row[0]}: de stap van "
                                f"{round(previous * 100)}% naar {text}% betekent bij hoogstens "
                                f"{high} casussen minder dan {book.rules.min_count} afsluitingen",
                            )
                        )
                previous = share

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


def _combination(field_name: str):
    def conditions(label: str):
        return tuple((f"{field_name}:{part}", YES) for part in dict.fromkeys(label.split(" + ")))

    return conditions


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
