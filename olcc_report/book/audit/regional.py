"""How the intruder reads a regional book: each table is the region's counts beside the
national ones (``label; <regio>: aantal; aandeel; Landelijk: aantal; aandeel``); the region's
counts are the national cells within ``boekregio = <book>``, whose total is its CBS regions'
in the national region table. The closure of the splits then writes national = Σ books +
the rest of the country: geographic differencing."""

from __future__ import annotations

from olcc_report.book.audit.published import YES, Finding
from olcc_report.book.audit.stille import StilleVragenReader
from olcc_report.records import contents

BOOK_REGION = "boekregio"
WITHOUT_COUNTS = frozenset(t.key for t in contents.REGIONAL_TABLES if not t.counts)

# table key → (variable of its rows, whether a case may have several, the scope of the table)
ONE_WAY = {
    "aanmelder": ("aanmelder", False, ()),
    "leeftijdsgroep": ("leeftijdsgroep", False, ()),
    "geslacht": ("geslacht", False, ()),
    "woonsituatie": ("woonsituatie", False, ()),
    "problemen": ("problemen", True, ()),
    "uitkomst": ("uitkomst", False, (("status", "afgesloten"),)),
}


class RegionalReader(StilleVragenReader):
    def _read_regional(self, book) -> None:
        p = book.period
        region = ((BOOK_REGION, book.region),)
        self.split(p, BOOK_REGION, [book.region], complete=False)
        self.equal([self.cell(p, *region)], [self.cell(p, ("jeugdregio", m)) for m in book.members])
        for key, rows in sorted(book.tables.items()):
            if key == "instroom-uitstroom":
                self._flows(book, [[r[0], *r[1:4]] for r in rows], region)
                self._flows(book, [[r[0], *r[4:7]] for r in rows])
                continue
            if key in WITHOUT_COUNTS:  # weeks, not cases
                continue
            if key not in ONE_WAY:
                self.findings.append(
                    Finding(p, f"tabel {key} van {book.region} staat niet in de catalogus")
                )
                continue
            variable, multi, scope = ONE_WAY[key]
            if multi:
                conditions, split = (lambda label, v=variable: ((f"{v}:{label}", YES),)), None
            else:
                conditions, split = (lambda label, v=variable: ((v, label),)), variable
            for columns, within in (((0, 1), region), ((0, 3), ())):
                picked = [[r[c] for c in columns] for r in rows]
                self._one_way(book, picked, conditions, split, (*within, *scope))
