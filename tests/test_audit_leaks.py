"""The auditor finds what is planted: each kind of leak, written by hand into published CSVs
(the shapes a reader downloads), must be named; the same files without the leak pass.

An auditor that always answers "nothing found" fails the planted cases, and one that always
finds something fails the controls."""

from __future__ import annotations

import pytest

from olcc_report.book.audit import Intruder, audit_books, read_book
from olcc_report.intake.params import DisclosureParams
from olcc_report.records import contents

EXACT = DisclosureParams(min_count=10, rounding_base=1)
ROUNDED = DisclosureParams(min_count=10, rounding_base=5)


def _csv(text: str) -> bytes:
    """A download as the book writes it: UTF-8 with BOM, `;`-separated."""
    return ("\ufeff" + "\n".join(line.strip() for line in text.strip().splitlines())).encode()


def _findings(rules: DisclosureParams, **tables: str) -> list[str]:
    files = {f"{key.replace('_', '-')}.csv": _csv(text) for key, text in tables.items()}
    return [str(f) for f in audit_books([read_book(files, "2030", rules)])]


PROBLEMS_PER_CASE = """
    Aantal problemen;Aantal casussen;Aandeel
    0;-;-
    1;30;48
    2;{two};{share}
    3 of meer;20;32
    Totaal;62;100
"""


def test_a_hidden_cell_recoverable_from_its_margin_is_named():
    # 62 − 30 − 0 − 20 = 12: the hidden row is known exactly.
    found = _findings(EXACT, aantal_problemen=PROBLEMS_PER_CASE.format(two="x", share="x"))
    assert len(found) == 1
    assert "geheime cel (aantal:problemen = 2) ligt tussen 12 en 12" in found[0]


@pytest.mark.parametrize(
    ("rules", "two", "share"), [(EXACT, "12", "19"), (ROUNDED, "x", "x")], ids=["shown", "rounded"]
)
def test_the_same_margin_without_a_leak_passes(rules, two, share):
    # Shown, nothing is hidden; rounded to fives, the hidden row lies anywhere in 4…16.
    assert _findings(rules, aantal_problemen=PROBLEMS_PER_CASE.format(two=two, share=share)) == []


GROUPS = """
    Profielgroep;Aantal casussen;Aandeel
    Groep 1: meiden vanaf middelbareschoolleeftijd;40;100
    Totaal;40;100
"""
SURVIVAL = """
    Maanden na aanmelding;Alle casussen;Groep 1: meiden vanaf middelbareschoolleeftijd
    0;100;100
    1;{step};{step}
    2;50;50
"""


def test_a_survival_step_of_one_closure_is_named():
    # 100% → 98% of 40 cases: one closure.
    found = _findings(EXACT, profielgroepen=GROUPS, doorlooptijd=SURVIVAL.format(step=98))
    assert found and all("doorlooptijd" in f for f in found)
    assert any("maand 1: de stap van 100% naar 98%" in f for f in found)


QUARTILES = """
    Groep;25% afgesloten na (weken);Mediaan (weken);75% afgesloten na (weken)
    Groep 1: meiden vanaf middelbareschoolleeftijd;{q25};x;.
"""


def test_a_quartile_next_to_a_month_is_a_step_too():
    # 25% closed after 3 weeks, and 80% still open after month 1: from 80% to 75% of 40
    # cases is two closures.
    found = _findings(
        EXACT,
        profielgroepen=GROUPS,
        doorlooptijd=SURVIVAL.format(step=80),
        doorlooptijd_kwartielen=QUARTILES.format(q25=6),
    )
    assert found and all("doorlooptijd" in f for f in found)
    assert any("25% afgesloten na 6 weken: de stap van 80% naar 75%" in f for f in found)


def test_quartiles_far_from_the_months_pass():
    # 100% → 75% (the quartile) → 50% (month 2) of 40 cases: ten closures a step.
    quartiles = QUARTILES.format(q25=6)
    survival = SURVIVAL.format(step="x")
    found = _findings(
        EXACT, profielgroepen=GROUPS, doorlooptijd=survival, doorlooptijd_kwartielen=quartiles
    )
    assert found == []


def test_survival_steps_of_many_closures_pass():
    # 100% → 75% → 50% of 40 cases: ten closures a step.
    assert _findings(EXACT, profielgroepen=GROUPS, doorlooptijd=SURVIVAL.format(step=75)) == []


AGE_BY_SEX = """
    Leeftijdsgroep;Jongen;Meisje;Totaal
    0 t/m 4 jaar;x;{girls};x
    5 t/m 12 jaar;70;20;90
    Totaal;{boys};{all_girls};{total}
"""


def test_a_zero_under_a_hidden_total_is_named():
    # "x; -; x": the few children of 0 to 4 are all boys.
    found = _findings(
        ROUNDED, leeftijd_geslacht=AGE_BY_SEX.format(girls="-", boys=75, all_girls=20, total=95)
    )
    assert found == [
        "2030: nul onder een geheim totaal: (geslacht = Meisje, leeftijdsgroep = 0 t/m 4 jaar)"
    ]


def test_hidden_cells_beside_hidden_cells_pass():
    found = _findings(
        ROUNDED, leeftijd_geslacht=AGE_BY_SEX.format(girls="x", boys=75, all_girls=25, total=100)
    )
    assert found == []


def test_the_auditor_reads_every_counting_table_the_publication_declares():
    """The auditor's catalogue and the publication's declaration (records.contents) name the
    same tables: a new table of counts cannot be published unread."""
    intruder = Intruder([])
    book = read_book({}, "2030", EXACT, {"trauma": "Trauma"})
    readers = set(intruder._catalogue(book))
    counting = {t.key for t in contents.TABLES if t.counts}
    assert counting - readers == set()
    assert readers - counting - {"thema-trauma"} == set()


PROBLEMS = """
    Probleem;Aantal casussen;Aandeel
    Trauma;x;x
    Agressie;x;x
    Autisme;12;30
    Totaal;40;100
"""
COMBINATIONS = """
    Combinatie;Aantal casussen;Aandeel
    Trauma + Agressie;x;x
    Totaal;40;100
"""


def test_the_order_a_combination_list_reveals_is_read():
    # Combinations are listed of the most frequent problems only: Trauma and Agressie are
    # listed, so each is named at least as often as every problem that is not (Autisme, 12).
    files = {"problemen.csv": _csv(PROBLEMS), "combinaties-2.csv": _csv(COMBINATIONS)}
    intruder = Intruder([read_book(files, "2030", EXACT)])

    def index(label):
        return intruder.index[("2030", frozenset({(f"problemen:{label}", "ja")}))]

    orders = {tuple(sorted(row.items())) for row in intruder.at_most}
    for above in ("Trauma", "Agressie"):
        assert ((index("Autisme"), 1), (index(above), -1)) in {
            tuple(sorted(o, key=lambda t: -t[1])) for o in orders
        }
    assert not any(
        index("Autisme") in row and row[index("Autisme")] < 0 for row in intruder.at_most
    )


# Stille vragen: a verdict is a range of the pooled count. Haaglanden's pooled count is hidden;
# "Minder dan verwacht" between "≤ 17" and "20 t/m 41" pins it to 18 or 19.
STILLE_VRAGEN = """
    Jeugdregio;Aanmeldingen 2030;Aanmeldingen 2029 en 2030;Verwacht;Verhouding;Binnen de grenzen (95%);Duidelijk afwijkend (99,88%);Beoordeling
    Haaglanden;x;x;30,0;{ratio};20 t/m 41;{clearly};{verdict}
    Nederland, 0 t/m 14 jaar;100;n.v.t.;n.v.t.;n.v.t.;n.v.t.;n.v.t.;n.v.t.
    Nederland, 15 jaar en ouder;200;n.v.t.;n.v.t.;n.v.t.;n.v.t.;n.v.t.;n.v.t.
"""


def test_a_verdict_that_pins_a_hidden_pooled_count_is_named():
    table = STILLE_VRAGEN.format(
        ratio="0,60 – 0,63", clearly="≤ 17 of ≥ 50", verdict="Minder dan verwacht"
    )
    found = _findings(ROUNDED, stille_vragen=table)
    assert any("ligt tussen 18 en 19" in f for f in found), found


@pytest.mark.parametrize(
    ("clearly", "verdict"),
    [("≥ 50", "Minder dan verwacht"), ("≤ 17 of ≥ 50", "Binnen de grenzen")],
    ids=["minder-from-0", "binnen"],
)
def test_a_verdict_over_a_wide_range_passes(clearly, verdict):
    # Without a "duidelijk minder" range, "minder" is 0…19; "binnen" is 20…41.
    table = STILLE_VRAGEN.format(ratio="0,00 – 0,63", clearly=clearly, verdict=verdict)
    assert _findings(ROUNDED, stille_vragen=table) == []
