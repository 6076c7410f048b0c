"""The promise of the disclosure rules, defined once: rounding, what a shown count says, and the
least width of a reader's interval for a hidden count (the methodology page states it from
here)."""

from __future__ import annotations

from olcc_report.intake.params import DisclosureParams


def round_to_base(count: int, base: int) -> int:
    """Round half up to a multiple of ``base``."""
    return int((count + base / 2) // base * base)


def rounding_interval(shown: int, base: int) -> tuple[int, int]:
    """The whole numbers that round (half up) to ``shown``."""
    return shown - base // 2, shown + (base + 1) // 2 - 1


def required_width(rules: DisclosureParams) -> int:
    """How wide a reader's interval for a hidden count must at least be: ``min_count`` with
    exact counts, else one rounding interval (a hidden count is then known no more precisely
    than a shown one)."""
    if rules.rounding_base <= 1:
        return rules.min_count
    low, high = rounding_interval(0, rules.rounding_base)
    return min(rules.min_count, high - low)
