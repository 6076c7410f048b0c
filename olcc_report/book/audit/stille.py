"""How the intruder reads the stille-vragen table: this period's count per region, the pooled
count over the periods named in its header (each period's count is the same count that
period's book shows), the cases per CBS age band ("Nederland, <band>"), and what each verdict
says of the pooled count: the range of whole numbers its limits columns give."""

from __future__ import annotations

import re

import numpy as np

from olcc_report.records import schema

PERIOD = re.compile(r"\d{4}(?:-Q[1-4])?")
BETWEEN = re.compile(r"^\s*([\d.]+) t/m ([\d.]+)\s*$")
AT_MOST, AT_LEAST = re.compile(r"≤ ([\d.]+)"), re.compile(r"≥ ([\d.]+)")


def _int(text: str) -> int:
    return int(text.replace(".", ""))


def verdict_range(verdict: str, within: str, clearly: str) -> tuple[int, float] | None:
    """The pooled counts a verdict stands for, from the table's two limits columns."""
    inside = BETWEEN.match(within)
    if inside is None:
        return None
    a, b = _int(inside.group(1)), _int(inside.group(2))
    low = AT_MOST.search(clearly)
    high = AT_LEAST.search(clearly)
    c = _int(low.group(1)) if low else None
    d = _int(high.group(1)) if high else None
    return {
        "Binnen de grenzen": (a, b),
        "Minder dan verwacht": (0 if c is None else c + 1, a - 1),
        "Duidelijk minder dan verwacht": (0, c if c is not None else -1),
        "Meer dan verwacht": (b + 1, np.inf if d is None else d - 1),
        "Duidelijk meer dan verwacht": (d if d is not None else np.inf, np.inf),
    }.get(verdict.strip())


class StilleVragenReader:
    def _constant(self, value: float) -> int:
        index = self.cell("", ("constante", str(value)))
        self.low[index] = self.high[index] = value
        self.shown.add(index)
        return index

    def _stille_vragen(self, book, rows):
        header = rows[0]
        own = f"Aanmeldingen {book.period}"
        if own not in header:
            return  # no rates this period (a band count is secret): the table has no counts
        p = book.period
        national = [r for r in rows[1:] if r[0].startswith("Nederland, ")]
        regions = [r for r in rows[1:] if r not in national]
        pooled = next((h for h in header if h.startswith("Aanmeldingen ") and h != own), None)
        periods = PERIOD.findall(pooled) if pooled else [p]
        column = {h: i for i, h in enumerate(header)}
        for row in regions:
            here = self.cell(p, ("jeugdregio", row[0]))
            self.see(here, row[column[own]], book.rules)
            whole = here
            if pooled:
                whole = self.cell(f"{p} samen met eerdere", ("jeugdregio", row[0]))
                self.see(whole, row[column[pooled]], book.rules)
                parts = [self.cell(q, ("jeugdregio", row[0])) for q in periods if q != p]
                self.equal([whole], [here, *parts])
            within = next(row[i] for h, i in column.items() if h.startswith("Binnen de grenzen"))
            clearly = next(row[i] for h, i in column.items() if h.startswith("Duidelijk"))
            band = verdict_range(row[column["Beoordeling"]], within, clearly)
            if band is None:
                continue
            low, high = band
            if low > 0:  # low ≤ whole
                self.at_most.append({self._constant(low): 1, whole: -1})
            if high != np.inf:  # whole ≤ high
                self.at_most.append({whole: 1, self._constant(high): -1})
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
