"""The protection keeps what a reader most needs, measured on every demo period: no count that
holds half or more of a shown total is a bare ``x`` (with rounding), a count that holds nearly
all of its total is a lower bound (with exact counts), and the headline's "most mentioned
problem" is true against the unprotected counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from olcc_report.figures import headline
from olcc_report.figures.release import release
from olcc_report.intake.params import DisclosureParams
from olcc_report.pipeline.period import load_period
from olcc_report.records.vocabulary import AT_LEAST_SYMBOL, SECRET_SYMBOL

PARAMS = Path(__file__).parents[1] / "params"
PERIODS = sorted(p.stem for p in PARAMS.glob("*.yaml"))
EXACT = DisclosureParams(min_count=10, rounding_base=1)
NONE = DisclosureParams(min_count=1, rounding_base=1)  # every count as it is


def _release(period: str, rules: DisclosureParams):
    p = load_period(PARAMS / f"{period}.yaml")
    earlier = [release(q.cases, q.start, q.end, rules, q.qualitative) for q in p.quarters()]
    return p, release(p.cases, p.start, p.end, rules, p.qualitative, earlier)


@pytest.mark.parametrize("period", PERIODS)
def test_no_count_holding_half_of_a_shown_total_is_hidden_with_rounding(period):
    p = load_period(PARAMS / f"{period}.yaml")
    assert p.rules.rounding_base > 1
    book = p.release.book
    protection, model = book.protect(), book.model
    large_hidden = []
    for total, parts in model.totals:
        if not model.publishable[total] or protection.symbols[total] == SECRET_SYMBOL:
            continue
        for part in parts:
            value = model.values[part]
            if (
                model.publishable[part]
                and part not in model.fixed
                and value >= p.rules.min_count
                and 2 * value >= model.values[total]
                and protection.symbols[part] == SECRET_SYMBOL
            ):
                large_hidden.append((part, value, model.values[total]))
    assert large_hidden == []


def test_trauma_in_nearly_every_case_is_a_lower_bound_with_exact_counts():
    # 2021-Q1: trauma in all but a handful of the cases. Exact, that handful would follow from
    # the count and its total; "≥ n" keeps trauma the most mentioned problem.
    _, protected = _release("2021-Q1", EXACT)
    row = protected.table("problemen").cells.set_index("problemen").loc["trauma"]
    assert row["symbool"] == AT_LEAST_SYMBOL
    assert row["ten_minste"] >= 100
    tile = _problem_tile(protected, load_period(PARAMS / "2021-Q1.yaml").params)
    assert tile.value == "Trauma"


def _problem_tile(protected, params):
    tiles = headline(protected, params).tiles
    return next(t for t in tiles if t.label == "Meest genoemde probleem")


@pytest.mark.parametrize("period", ["2020", "2021-Q1", "2022-Q1"])
@pytest.mark.parametrize("rules", [None, EXACT], ids=["rounded", "exact"])
def test_the_most_mentioned_problem_is_true_against_the_unprotected_counts(period, rules):
    p, protected = _release(period, rules or load_period(PARAMS / f"{period}.yaml").rules)
    _, replica = _release(period, NONE)
    truth = replica.table("problemen").cells.set_index("problemen_label")["aantal"].astype(int)
    tile = _problem_tile(protected, p.params)
    named = [name.strip().lower() for name in tile.value.replace(" en ", ", ").split(",")]
    largest = {label.lower() for label, n in truth.items() if n == truth.max()}
    if "waarvan een aantal getoond wordt" in tile.explanation:
        # Qualified: the named ones are the largest of those shown, and it says so.
        assert "geheim" in tile.explanation or "ondergrens" in tile.explanation
    else:
        assert set(named) <= largest or all(
            truth[[k for k in truth.index if k.lower() == n][0]] >= truth.max() - 4 for n in named
        ), (named, truth.sort_values().tail(3).to_dict())
