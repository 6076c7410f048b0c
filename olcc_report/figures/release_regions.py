"""The regional books of a period, declared on the national book's cell model.

A regional table is the national table within one more condition, ``boekregio = <book>``: a
variable that splits the cases into the period's regional books and the rest of the country.
Because the cells are named by what they count, the model's closure writes down what an
intruder would: every national count is the sum of the books' counts and the rest's, so
"national minus the other regions" is a relation the protection sees (geographic
differencing), and one protection covers every book of the period. A book's total is the
count of its CBS regions in the national region table (the same cases)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from olcc_report.analysis.cells import CLOSED, OPEN, STATUS, cell
from olcc_report.disclosure.book import Book, field_side, partition_side
from olcc_report.intake.params import RegionalBook
from olcc_report.records import contents

BOOK_REGION = "boekregio"  # the variable: which regional book a case is in
REST = "overig"  # the cases of regions without a book of their own
NATIONAL = "landelijk"  # the key prefix of the national side of a regional table
STATUS_TABLE = "periode"


def regional_key(book: str, key: str) -> str:
    return f"{book}/{key}"


def declare_regions(
    book: Book,
    regions: Sequence[RegionalBook],
    buckets: Sequence[str],
    declared: Callable[[str], bool],
) -> None:
    """Every regional book's tables, and the national side they stand beside."""
    if not regions:
        return
    variable = book.universe.variables["jeugdregio"]
    size = book.universe.size
    masks = {
        r.code: np.logical_or.reduce(
            [variable.get(m, np.zeros(size, bool)) for m in r.members] + [np.zeros(size, bool)]
        )
        for r in regions
    }
    rest = ~np.logical_or.reduce([*masks.values(), np.zeros(size, bool)])
    if rest.any():
        masks[REST] = rest
    book.universe.add(BOOK_REGION, masks)
    _declare_side(book, NATIONAL, (), buckets, declared, flows=False)
    for region in regions:
        scope = ((BOOK_REGION, region.code),)
        members = [cell(("jeugdregio", m)) for m in region.members]
        book.parts(cell(*scope), members)
        _declare_side(book, region.code, scope, buckets, declared, flows=True)


def _declare_side(book, prefix, scope, buckets, declared, flows: bool) -> None:
    book.one_way(
        regional_key(prefix, STATUS_TABLE),
        STATUS,
        partition_side(STATUS, [CLOSED, OPEN], ["afgesloten", "open"]),
        scope=scope,
    )
    if flows:
        book.flows(list(buckets), scope)
    for t in contents.REGIONAL_TABLES:
        if not t.counts or t.key == "instroom-uitstroom" or not declared(t.key):
            continue
        field_name = t.key
        kind = "has" if field_name == "problemen" else "partition"
        within = ((STATUS, CLOSED),) if field_name == "uitkomst" else ()
        book.one_way(
            regional_key(prefix, t.key),
            field_name,
            field_side(field_name),
            scope=(*scope, *within),
            kind=kind,
        )
