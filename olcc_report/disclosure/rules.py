"""Which cells a protection hides or bounds by rule, before the reader's check: the minimum
count, the complement of a count with exact counts (a lower bound where one can be given),
disclosive zeros, and the counts that hold half or more of a total (hidden last, bounded first).
"""

from __future__ import annotations

from collections.abc import Iterable

from olcc_report.disclosure.linked import CellModel
from olcc_report.intake.params import DisclosureParams
from olcc_report.intervals import round_to_base, rounding_interval


def primary_unsafe(model: CellModel, rules: DisclosureParams) -> set[int]:
    """Cells hidden by the minimum-count rule (and, with exact counts, the complement cells
    that cannot be bounded: :func:`complement_bounds`)."""
    m = rules.min_count
    unsafe = {i for i, v in enumerate(model.values) if model.publishable[i] and 0 < v < m}
    unsafe |= set(complements(model, rules)) - set(complement_bounds(model, rules))
    return (unsafe - model.fixed.keys()) | {i for i, hidden in model.fixed.items() if hidden}


def complements(model: CellModel, rules: DisclosureParams) -> dict[int, int]:
    """With exact counts: each shown part of a shown total that leaves 1 to ``min_count - 1``
    cases, with the least such total. With rounding none: a rounded part next to its rounded
    total leaves the difference an interval of two rounding intervals, and the reader's check
    (:func:`exposures`, which watches every unpublished difference from 1 to ``min_count - 1``)
    hides more wherever that is not so."""
    if rules.rounding_base > 1:
        return {}
    values, out = model.values, {}
    for total, parts in model.totals:
        if not model.publishable[total]:
            continue
        for p in parts:
            rest = values[total] - values[p]
            if model.publishable[p] and values[p] > 0 and 0 < rest < rules.min_count:
                out[p] = min(out.get(p, values[total]), values[total])
    return out


def complement_bounds(model: CellModel, rules: DisclosureParams) -> dict[int, int]:
    """With exact counts a count that holds nearly all of its total is published as a lower
    bound, "≥ n", instead of being hidden: n is its total less ``min_count``, rounded down to
    a multiple of 5, so the few cases outside it lie anywhere in 0…(total − n). Only for
    counts of at least ``min_count`` whose bound is at least ``min_count``."""
    m = rules.min_count
    out = {}
    for p, total in complements(model, rules).items():
        bound = (total - m) // 5 * 5
        if model.values[p] >= m and bound >= m and p not in model.fixed:
            out[p] = bound
    return out


def disclosive_zeros(model: CellModel, hidden: Iterable[int]) -> set[int]:
    """Published zeros among the parts of a hidden total: "0 t/m 4 jaar: x; -; -; x" would tell
    that the few children of that age are all boys, and a hidden row with "-" for some kinds
    of help what none of them got. A zero among the parts of a shown total tells nothing about
    hidden cases and stays "-"; a zero the definitions imply (``known``) is never hidden. And a
    zero total over a hidden part ("-" for a province whose one region is "x") would give
    that part away: it is hidden as well."""
    hidden = set(hidden)
    out: set[int] = set()
    for total, parts in model.totals:
        if total in hidden and model.publishable[total]:
            out |= {
                i
                for i in parts
                if model.publishable[i] and model.values[i] == 0 and not model.known[i]
            }
        # A zero total says each of its parts is zero: over a hidden part it is hidden too.
        elif (
            model.values[total] == 0
            and model.publishable[total]
            and not model.known[total]
            and any(i in hidden for i in parts)
        ):
            out.add(total)
    return out - hidden - model.fixed.keys()


def zeros_closed(model: CellModel, hidden: set[int]) -> set[int]:
    """Apply the zero rule until nothing changes: a zero hidden under a hidden total is a
    hidden total too, so zeros under it are hidden as well. Adds them to ``hidden``; returns
    them."""
    out: set[int] = set()
    while new := disclosive_zeros(model, hidden):
        out |= new
        hidden |= new
    return out


def large_cells(model: CellModel, rules: DisclosureParams) -> set[int]:
    """Publishable counts of at least ``min_count`` that hold half or more of a publishable total
    they are part of: what a reader most needs, hidden last."""
    out: set[int] = set()
    for total, parts in model.totals:
        if model.publishable[total] and model.values[total] > 0:
            out |= {
                p
                for p in parts
                if model.publishable[p]
                and model.values[p] >= rules.min_count
                and 2 * model.values[p] >= model.values[total]
            }
    return out


def half_bound(
    model: CellModel, rules: DisclosureParams, cell: int, hidden: set[int]
) -> int | None:
    """For a count that holds half or more of a shown total: half the least value that total
    can have as published, which a reader can only take as "at least half" (None when that is
    under ``min_count``)."""
    bounds = []
    for total, parts in model.totals:
        value = model.values[total]
        shown = model.publishable[total] and total not in hidden and value > 0
        if cell in parts and shown and 2 * model.values[cell] >= value:
            base = rules.rounding_base
            low = rounding_interval(round_to_base(value, base), base)[0]
            bounds.append(-(-low // 2))
    best = max(bounds, default=0)
    return best if best >= rules.min_count else None
