"""Regional books: one protection for the national book and every regional book of a period.

Planted: a region whose only hidden cell is national minus the other regions."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import typed_cases
from olcc_report.analysis.cells import cell
from olcc_report.figures.release import release
from olcc_report.figures.release_regions import BOOK_REGION
from olcc_report.intake.params import DisclosureParams, Params, RegionalBook

EXACT = DisclosureParams(min_count=10, rounding_base=1)
START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)


def _book(code: str) -> RegionalBook:
    return RegionalBook(code, code, (code,), None, None, None)


def _cases():
    # Groningen (JZ01): 30 cases, 22 registered by parents. Friesland (JZ02): 30 cases, 3 by
    # parents. Every case is in one of the two books, so Friesland's 3 = 25 − 22.
    rows = []
    for region, parents in (("JZ01", 22), ("JZ02", 3)):
        for k in range(30):
            rows.append(
                {
                    "case_id": f"{region}-{k}",
                    "jeugdregio": region,
                    "aanmelder": "ouder" if k < parents else "jeugdhulpprofessional",
                }
            )
    return typed_cases(rows)


def _parents(r, book: str | None):
    scope = ((BOOK_REGION, book),) if book else ()
    return r.book.total(cell(*scope, ("aanmelder", "ouder")))


def test_national_minus_the_other_region_does_not_reveal_a_hidden_cell():
    cases = _cases()
    alone = release(cases, START, END, EXACT)
    # Without regional books, the national count of cases registered by parents is shown.
    assert alone.book.total(cell(("aanmelder", "ouder"))).value == 25
    both = release(cases, START, END, EXACT, regions=[_book("JZ01"), _book("JZ02")])
    friesland = _parents(both, "JZ02")
    assert friesland.value is None  # 3 cases: hidden (primary)
    shown = [_parents(both, None).value, _parents(both, "JZ01").value]
    # National and Groningen cannot both be shown exactly: 25 − 22 would give Friesland's 3.
    assert None in shown
    # Whatever is shown, the attacker's interval for Friesland's cell is as wide as promised.
    model, protection = both.book.model, both.book.protect()
    from olcc_report.disclosure.model import exposures

    assert exposures(model, {i for i, v in enumerate(protection.shown) if v is None}, EXACT) == []


def test_a_regional_book_total_is_its_regions_in_the_national_table():
    cases = _cases()
    r = release(cases, START, END, EXACT, regions=[_book("JZ01")])
    assert r.book.total(cell((BOOK_REGION, "JZ01"))) == r.book.total(cell(("jeugdregio", "JZ01")))
    assert r.regional("JZ01", "aanmelder").total.value == 30


@pytest.mark.parametrize(
    ("regions", "message"),
    [
        ([{"code": "JZ99"}], "not a CBS youth-care region code"),
        ([{"code": "noord", "regions": ["JZ01", "JZ02"]}], "needs a 'name'"),
        (
            [{"code": "JZ01"}, {"code": "noord", "name": "Noord", "regions": ["JZ01", "JZ04"]}],
            "JZ01 is in both JZ01 and noord",
        ),
        ([{"code": "a/b"}], "letters, digits"),
    ],
)
def test_regional_books_in_the_params_are_checked(regions, message):
    base = {"period": "2021-Q1", "title": "t", "data": {"cases": "demo"}}
    with pytest.raises(ValueError, match=message):
        Params.model_validate({**base, "regions": regions})


def test_all_regions_is_every_cbs_region():
    p = Params.model_validate(
        {"period": "2021-Q1", "title": "t", "data": {"cases": "demo"}, "regions": "alle"}
    )
    books = p.regional_books()
    assert len(books) == 42 and books[0].code == "JZ01" and books[0].name == "Groningen"
