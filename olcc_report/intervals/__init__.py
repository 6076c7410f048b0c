"""What a reader can derive about a count from published numbers, and what we promise about it.

:mod:`.promise` states the promise once: how a shown count is rounded (:func:`round_to_base`),
what a shown count says about the true one (:func:`rounding_interval`), and how wide a reader's
interval for a hidden count must at least be (:func:`required_width`). :mod:`.solver` computes
that interval: the least and greatest value of one count under linear relations and bounds,
over whole numbers (:class:`IntervalSolver`).

Both the protection (:mod:`olcc_report.disclosure`) and the independent audit of the published
files (:mod:`olcc_report.book.audit`) use them; the audit's independence lies in *which
relations it writes down* from the downloads, not in a second copy of the arithmetic.

May import: :mod:`olcc_report.intake` (the params' rules), :mod:`olcc_report.records`.
"""

from olcc_report.intervals.promise import required_width, round_to_base, rounding_interval
from olcc_report.intervals.solver import Ends, IntervalSolver, Unsolvable

__all__ = [
    "Ends",
    "IntervalSolver",
    "Unsolvable",
    "required_width",
    "round_to_base",
    "rounding_interval",
]
