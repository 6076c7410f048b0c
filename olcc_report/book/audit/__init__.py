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

from olcc_report.book.audit.intruder import (
    Intruder,
    audit_books,
    audit_downloads,
    findings_message,
)
from olcc_report.book.audit.published import Finding, PublishedBook, read_book, read_csv

__all__ = [
    "Finding",
    "Intruder",
    "PublishedBook",
    "audit_books",
    "audit_downloads",
    "findings_message",
    "read_book",
    "read_csv",
]
