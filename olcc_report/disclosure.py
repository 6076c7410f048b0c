"""Statistical disclosure control: no published number may point at one child.

Every table leaves the library through :func:`protect_counts`. Rules (defaults in params,
``disclosure``):

* a count from 1 to ``min_count - 1`` is never shown (symbol ``x``, *geheim*);
* a count is also hidden when the rest of its table (total minus the cell) is from 1 to
  ``min_count - 1``: otherwise a reader learns that only a handful of children are *not* in it;
* a true zero is shown (symbol ``-``, *nihil*);
* every shown count, totals included, is rounded to the nearest ``rounding_base`` (half up), and
  totals are rounded from the unrounded data, so shown cells need not add up to the total;
* shares are computed from the protected counts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from olcc_report.params import DisclosureParams
from olcc_report.schema import NIL_SYMBOL, SECRET_SYMBOL

def round_to_base(count: int, base: int) -> int:
    """Round half up to a multiple of ``base``."""
    return int((count + base / 2) // base * base)


def cell_is_unsafe(count: int, total: int, rules: DisclosureParams) -> bool:
    small = 0 < count < rules.min_count
    small_rest = 0 < total - count < rules.min_count
    return small or small_rest


@dataclass(frozen=True)
class ProtectedTable:
    """A table fit to publish: protected counts, symbols, shares and its total.

    ``frame`` has the key columns (codes and Dutch labels) then ``aantal`` (rounded, NA when
    hidden), ``symbool`` ('' or x or -) and ``aandeel`` (share of the protected total or NA).
    """

    frame: pd.DataFrame
    total: int | None
    total_symbol: str
    keys: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def protect_total(total: int, rules: DisclosureParams) -> tuple[int | None, str]:
    if total == 0:
        return 0, NIL_SYMBOL
    if total < rules.min_count:
        return None, SECRET_SYMBOL
    return round_to_base(total, rules.rounding_base), ""


def protect_counts(counts: pd.DataFrame, keys: list[str], total: int,
                   rules: DisclosureParams, share_of: int | None = None) -> ProtectedTable:
    """Protect a table of counts (column ``aantal``) that partitions or covers ``total`` cases.

    ``total`` is the number of cases the table is about (for multi-valued fields each category is
    then a has / has-not split of ``total``). Shares are of the protected ``total``.
    """
    shown, symbols = [], []
    for count in counts["aantal"].astype(int):
        if count == 0:
            shown.append(0)
            symbols.append(NIL_SYMBOL)
        elif cell_is_unsafe(count, total, rules):
            shown.append(pd.NA)
            symbols.append(SECRET_SYMBOL)
        else:
            shown.append(round_to_base(count, rules.rounding_base))
            symbols.append("")
    protected_total, total_symbol = protect_total(total, rules)
    frame = counts[keys].copy().reset_index(drop=True)
    frame["aantal"] = pd.array(shown, dtype="Int64")
    frame["symbool"] = symbols
    denominator = protected_total if protected_total else None
    frame["aandeel"] = [
        pd.NA if pd.isna(value) or denominator is None else float(value) / denominator
        for value in frame["aantal"]
    ]
    frame["aandeel"] = frame["aandeel"].astype("Float64")
    notes = (
        f"Aantallen afgerond op {rules.rounding_base}-tallen; het totaal is afgerond uit de "
        "onafgeronde gegevens, zodat de cellen niet altijd optellen tot het totaal.",
        f"{SECRET_SYMBOL} = geheim: aantallen van 1 tot en met {rules.min_count - 1} worden niet "
        "getoond, ook niet als de rest van de tabel zo klein is.",
        f"{NIL_SYMBOL} = nihil.",
    )
    return ProtectedTable(frame, protected_total, total_symbol, tuple(keys), notes)
