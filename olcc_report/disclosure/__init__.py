"""Statistical disclosure control: no published number may point at one child.

Every table leaves the library through one of the ``protect_*`` functions of :mod:`.tables`; notebooks never
see an unprotected count. Rules (defaults in params, ``disclosure``; stated on the methodology page):

* **Minimum count.** A count from 1 to ``min_count - 1`` is never shown (symbol ``x``, *geheim*),
  in inner cells and in totals. A count is also hidden when a total it is part of, minus the
  count, is from 1 to ``min_count - 1``: otherwise a reader learns that only a handful of children
  are *not* in it. A true zero is shown (symbol ``-``, *nihil*).
* **Rounding.** Every shown count, totals included, is rounded half up to a multiple of
  ``rounding_base``; totals are rounded from the unrounded data, so shown cells need not add up.
* **Secondary suppression.** A hidden cell must not be computable from what is shown. The
  published numbers of a table (and of tables that share totals with it, such as regions within
  provinces) are linked by linear equations: a total is the sum of its parts. For every hidden cell
  an attacker's best interval follows from a linear program: minimise and maximise the cell subject
  to those equations, the shown values (each known up to its rounding), non-negativity and "a shown
  count is at least ``min_count``". While any hidden cell's interval is narrower than the required
  width (:func:`required_width`), one more cell is hidden: the smallest shown count in an equation
  with the exposed cell. With exact counts (``rounding_base: 1``) the interval must be at least
  ``min_count`` wide; with rounding, at least as wide as one rounding interval, so that no hidden
  count is known more precisely than a shown one. Rounding alone then almost always suffices.
* Shares, chart data, text alternatives and CSV downloads are computed from the protected counts.

The equations of these tables are totally unimodular (sums along rows, columns and a hierarchy), so
the LP interval equals the interval over whole numbers: the audit is exact, not a relaxation.

Modules: :mod:`.model` (the cell model, rounding and the LP audit), :mod:`.tables` (published
tables), :mod:`.flows` (inflow, outflow, open), :mod:`.survival` (what may be published of a Kaplan–Meier curve).

May import: :mod:`olcc_report.analysis`, :mod:`olcc_report.intake` (the params' rules),
:mod:`olcc_report.records`.
"""

from olcc_report.disclosure.flows import ProtectedFlows, protect_flows
from olcc_report.disclosure.model import (
    CellModel,
    Exposure,
    Protection,
    exposures,
    primary_unsafe,
    protect,
    required_width,
    round_to_base,
    rounding_interval,
)
from olcc_report.disclosure.survival import SurvivalSummary, protect_survival
from olcc_report.disclosure.tables import (
    ProtectedTable,
    Total,
    protect_count,
    protect_hierarchy,
    protect_one_way,
    protect_two_way,
    table_notes,
)

__all__ = [
    "CellModel",
    "Exposure",
    "ProtectedFlows",
    "ProtectedTable",
    "Protection",
    "SurvivalSummary",
    "Total",
    "exposures",
    "primary_unsafe",
    "protect",
    "protect_count",
    "protect_flows",
    "protect_hierarchy",
    "protect_one_way",
    "protect_survival",
    "protect_two_way",
    "required_width",
    "round_to_base",
    "rounding_interval",
    "table_notes",
]
