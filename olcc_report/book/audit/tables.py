"""How the intruder reads each table a book publishes: the relations its rows imply (a count is
the sum of its parts, has / has-not, Σ k·n_k = Σ has, in − out = change in open cases,
regions in provinces, shares of a shown total, survival steps)."""

from __future__ import annotations

from collections.abc import Callable

from olcc_report.book.audit.published import NO, YES, Finding, PublishedBook, at_least, number
from olcc_report.book.audit.regional import RegionalReader
from olcc_report.intervals import rounding_interval
from olcc_report.records import contents, reference, schema
from olcc_report.records.vocabulary import MISSING_SYMBOL, NIL_SYMBOL, SECRET_SYMBOL

# Tables that publish no counts of cases (durations in weeks, plan points).
WITHOUT_COUNTS = frozenset(t.key for t in contents.TABLES if not t.counts)


class TableReaders(RegionalReader):
    """The readers of :class:`~olcc_report.book.audit.intruder.Intruder`: each writes down what
    one table says, through the intruder's ``cell``, ``see``, ``equal`` and ``split``."""

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
            "combinaties-2": lambda rows: self._combinations(book, rows),
            "combinaties-3": lambda rows: self._combinations(book, rows),
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

    def _one_way(self, book, rows, conditions, variable=None, scope=()):
        """Label; count; share — the last row is the total of the scope."""
        p = book.period
        body, total = rows[1:-1], rows[-1]
        self.see(self.cell(p, *scope), total[1], book.rules)
        for row in body:
            self.see(self.cell(p, *scope, *conditions(row[0])), row[1], book.rules)
        if variable is not None:
            self.split(p, variable, [r[0] for r in body], complete=False)

    def _combinations(self, book, rows):
        """Combinations of the most frequent problems: each problem in a listed combination is
        named at least as often as each problem in none."""
        self._one_way(book, rows, _combination("problemen"))
        listed = {part for row in rows[1:-1] for part in row[0].split(" + ")}
        labels = [c.label for c in schema.get_field("problemen").categories]
        for above in sorted(listed):
            for below in (label for label in labels if label not in listed):
                self.at_most.append(
                    {
                        self.cell(book.period, (f"problemen:{below}", YES)): 1,
                        self.cell(book.period, (f"problemen:{above}", YES)): -1,
                    }
                )

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

    def _flows(self, book, rows, scope=()):
        p, rules = book.period, book.rules
        labels = [r[0] for r in rows[1:]]
        ins, outs, stocks = [], [], []
        for row in rows[1:]:
            ins.append(self.cell(p, *scope, ("aangemeld_in", row[0])))
            outs.append(self.cell(p, *scope, ("afgesloten_in", row[0])))
            stocks.append(self.cell(p, *scope, (f"open_na:{row[0]}", YES)))
            for index, text in zip((ins[-1], outs[-1], stocks[-1]), row[1:4], strict=True):
                self.see(index, text, rules)
            self.split(p, f"open_na:{row[0]}", [YES, NO], complete=True)
        self.split(p, "aangemeld_in", labels, complete=True)
        self.split(p, "afgesloten_in", [*labels, "nog open"], complete=True)
        still_open = self.cell(p, *scope, ("status", "open"))
        for t in range(len(labels)):
            self.equal([stocks[t], outs[t]], [ins[t], *([stocks[t - 1]] if t else [])])
        self.equal([stocks[-1]], [still_open])
        self.equal([self.cell(p, *scope, ("afgesloten_in", "nog open"))], [still_open])

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
            total = number(footer[j + 1])
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
                if (bound := at_least(text)) is not None:
                    if total is not None:  # at least that share of the total's least value
                        least = rounding_interval(total, rules.rounding_base)[0]
                        self.low[cell] = max(self.low[cell], int((bound - 0.5) / 100 * least))
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
        """A step between two published points of a curve shows about (drop × group size)
        closures. The points are the months and the quartiles (25% closed: 75% still open),
        taken in the order of the share still open (the curve only goes down)."""
        header, body = rows[0], rows[1:]
        groups = {}
        if "profielgroepen" in book.tables:
            for row in book.tables["profielgroepen"][1:]:
                groups[row[0]] = number(row[1])
            groups["Alle casussen"] = number(book.tables["profielgroepen"][-1][1])
        quartiles = {
            row[0]: row[1:4] for row in book.tables.get("doorlooptijd-kwartielen", [[]])[1:]
        }
        for j, group in enumerate(header[1:], start=1):
            size = groups.get(group)
            if size is None:
                continue
            high = rounding_interval(size, book.rules.rounding_base)[1]
            points = [
                (int(row[j]) / 100, f"maand {row[0]}")
                for row in body
                if row[j] not in (SECRET_SYMBOL, MISSING_SYMBOL)
            ]
            points += [
                (1 - closed, f"{round(closed * 100)}% afgesloten na {weeks} weken")
                for closed, weeks in zip((0.25, 0.5, 0.75), quartiles.get(group, ()), strict=False)
                if weeks not in (SECRET_SYMBOL, MISSING_SYMBOL)
            ]
            points.sort(key=lambda p: -p[0])
            for (previous, _), (share, where) in zip(points, points[1:], strict=False):
                # Without censoring each closure lowers the curve by 1/size, with censoring by
                # more: closures ≤ size × drop. Shares of months are whole percents.
                drop = previous - share + 0.01
                if drop * high < book.rules.min_count:
                    self.findings.append(
                        Finding(
                            book.period,
                            f"doorlooptijd, {group}, {where}: de stap van "
                            f"{round(previous * 100)}% naar {round(share * 100)}% betekent bij "
                            f"hoogstens {high} casussen minder dan {book.rules.min_count} "
                            "afsluitingen",
                        )
                    )


def _combination(field_name: str):
    def conditions(label: str):
        return tuple((f"{field_name}:{part}", YES) for part in dict.fromkeys(label.split(" + ")))

    return conditions
