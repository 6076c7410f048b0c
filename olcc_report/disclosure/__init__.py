"""Statistical disclosure control: no published number may point at one child.

**One cell model per book.** Every count a period publishes (key numbers, every table, the
flows, the qualitative tables, and for a year the counts its quarters' books already published)
is declared on one :class:`~.book.Book` by what it counts, and protected once, together. A count
shown in two tables is one cell. The relations a reader can write down follow from the
definitions (:mod:`.book`): every count is the sum of its parts along any split, has / has-not,
pairs and triples against their parts, Σ k·n_k = Σ has, inflow − outflow = change in open
cases, regions within provinces, a parent theme against its categories, a quarter within its
year. Notebooks never see an unprotected count. Rules (defaults in params, ``disclosure``;
stated on the methodology page):

* **Minimum count.** A count from 1 to ``min_count - 1`` is never shown (symbol ``x``, *geheim*),
  in inner cells and in totals. With exact counts a count is also hidden when a total it is
  part of, minus the count, is from 1 to ``min_count - 1``: otherwise a reader learns that only
  a handful of children are *not* in it. With rounding that difference is left to the reader's
  check below (two rounded numbers leave it an interval of two rounding intervals), so a count
  that holds nearly all of its total stays readable; secondary suppression hides counts that
  hold half or more of a total last.
* **Zeros.** A true zero is shown (``-``, *nihil*), except among the parts of a hidden total:
  "0 t/m 4 jaar: x; -; -; x" would tell that those few children are all boys.
* **Rounding.** Every shown count, totals included, is rounded half up to a multiple of
  ``rounding_base``; totals are rounded from the unrounded data, so shown cells need not add up.
* **Secondary suppression.** For every hidden count, and every count never shown that lies
  from 1 to ``min_count - 1`` (a difference a reader could compute), a reader's best interval
  is the least and greatest value over whole numbers that fits all relations and all shown
  values (each known up to its rounding, and at least ``min_count``). While one is narrower
  than :func:`required_width` (``min_count`` with exact counts, one rounding interval with
  rounding), one more cell is hidden. The relations are not totally unimodular (Σ k·n_k, three
  splits at once), so the interval is computed over whole numbers (:mod:`.model`).
* **Survival curves** (:mod:`.survival`): only for groups whose size is shown, only while at
  least ``min_count`` cases are at risk, and only at months between which at least
  ``min_count`` cases were closed.
* Shares, chart data, text alternatives and CSV downloads are computed from the protected counts.

After the build an intruder who reads only the CSVs checks all of this again
(:mod:`olcc_report.book.audit`).

Modules: :mod:`.book` (the book's cells and relations), :mod:`.linked` (the cell model),
:mod:`.rules` (what is hidden or bounded by rule), :mod:`.model` (the protection, with the
reader's integer program from :mod:`olcc_report.intervals`), :mod:`.tables` (a published table and its notes),
:mod:`.survival` (what may be published of a Kaplan–Meier curve).

May import: :mod:`olcc_report.intervals` (the promise and the interval solver),
:mod:`olcc_report.analysis`, :mod:`olcc_report.intake` (the params' rules),
:mod:`olcc_report.records`.
"""

from olcc_report.disclosure.book import Book, Entry, has_side, partition_side
from olcc_report.disclosure.linked import CellModel, Exposure, Protection
from olcc_report.disclosure.model import exposures, protect
from olcc_report.disclosure.rules import disclosive_zeros, primary_unsafe
from olcc_report.disclosure.survival import SurvivalSummary, protect_survival
from olcc_report.disclosure.tables import ProtectedTable, Total, table_notes
from olcc_report.intervals import required_width, round_to_base, rounding_interval

__all__ = [
    "Book",
    "CellModel",
    "Entry",
    "Exposure",
    "ProtectedTable",
    "Protection",
    "SurvivalSummary",
    "Total",
    "disclosive_zeros",
    "exposures",
    "has_side",
    "partition_side",
    "primary_unsafe",
    "protect",
    "protect_survival",
    "required_width",
    "round_to_base",
    "rounding_interval",
    "table_notes",
]
