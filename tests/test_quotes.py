"""Quotes: de-identification catches what deduce misses out of the box; approval gates publication."""

from dataclasses import replace

import pandas as pd
import pytest

from olcc_report.demo import codings as synth_qual
from olcc_report.qualitative import quotes
from olcc_report.qualitative.quotes import Approval, Candidate, DeidentificationCache


@pytest.fixture(scope="module")
def deidentify():
    return quotes.Deidentifier()  # starts deduce once for the module (~10 s, ~1.2 GB)


@pytest.mark.parametrize(
    "identifier, sentence",
    [
        ("(12)", "Het meisje (12) wilde niet meer naar huis."),
        ("5 juni", "Op 5 juni was er een crisis."),
        ("Raad voor de Kinderbescherming", "De Raad voor de Kinderbescherming deed onderzoek."),
        ("OBS De Regenboog", "Ze zat op OBS De Regenboog in de buurt."),
        ("2023-0417", "Het dossier 2023-0417 werd gesloten."),
        ("+31 6 2345 6789", "Bel de moeder op +31 6 2345 6789 na vijven."),
        ("m.jansen@zorgpunt-noord.nl", "Mail naar m.jansen@zorgpunt-noord.nl voor het verslag."),
        ("123456782", "Het BSN is 123456782."),
        ("06-12345678", "Het nummer is 06-12345678."),
    ],
)
def test_what_deduce_missed_is_caught(deidentify, identifier, sentence):
    out = deidentify(sentence, [])
    assert identifier not in out
    assert "[" in out


def test_known_names_are_replaced_in_any_case(deidentify):
    out = deidentify(
        "Daan Jansen zei dat daan niet meer wilde; JANSEN senior belde.", ["Daan", "Jansen"]
    )
    assert "daan" not in out.lower() and "jansen" not in out.lower()


def test_planted_demo_quote_leaves_nothing_behind(deidentify):
    found = [n for n in synth_qual.narratives(2020)[:3]]
    for narrative in found:
        for start, end, _, quote in narrative.segments:
            if not quote:
                continue
            out = deidentify(narrative.text[start:end], narrative.names)
            for identifier in synth_qual.PLANTED:
                assert identifier not in out, (identifier, out)


# --- approval -----------------------------------------------------------------------------------


def candidate(text, case="c1"):
    return Candidate(id=f"id-{text}", case_ids=(case,), themes=("trauma",), text=text, names=())


def test_update_keeps_resets_adds_and_drops():
    existing = [
        Approval("id-a", ("trauma",), "A*", True, "x"),
        Approval("id-b", ("trauma",), "B*", True, "x"),
        Approval("id-gone", ("trauma",), "G*", True, "x"),
    ]
    update = quotes.update_approvals(
        [candidate("a"), candidate("b"), candidate("c")], ["A*", "B changed", "C*"], existing
    )
    by_id = {a.id: a for a in update.approvals}
    assert by_id["id-a"].approved and by_id["id-a"].by == "x"
    assert not by_id["id-b"].approved and by_id["id-b"].text == "B changed"
    assert not by_id["id-c"].approved
    assert (update.new, update.kept, update.reset, update.dropped) == (1, 1, 1, 1)


def test_only_approved_existing_quotes_are_published():
    approvals = [
        Approval("id-a", ("trauma",), "A*", True),
        Approval("id-b", ("trauma",), "B*", False),
        Approval("id-old", ("trauma",), "O*", True),
    ]
    shown = quotes.published([candidate("a"), candidate("b")], approvals)
    assert [q.text for q in shown] == ["A*"]


class Counting:
    def __init__(self):
        self.calls = 0

    def __call__(self, text, names):
        self.calls += 1
        return text.upper()


def test_cache_runs_deidentification_once_per_text(tmp_path):
    counter = Counting()
    cache = DeidentificationCache(tmp_path / "c.json", counter)
    items = [("origineel een", []), ("origineel twee", [])]
    assert cache(items) == ["ORIGINEEL EEN", "ORIGINEEL TWEE"]
    again = DeidentificationCache(tmp_path / "c.json", counter)
    assert again(items) == ["ORIGINEEL EEN", "ORIGINEEL TWEE"]
    assert counter.calls == 2
    assert "origineel" not in (tmp_path / "c.json").read_text()  # de-identified text only


def test_hand_edited_approval_is_stale(tmp_path):
    cache = DeidentificationCache(tmp_path / "c.json", Counting())
    approvals = [
        Approval("id-a", ("trauma",), "A", True),
        Approval("id-b", ("trauma",), "b by hand", True),
    ]
    assert quotes.stale_approvals([candidate("a"), candidate("b")], approvals, cache) == ["id-b"]


def test_candidates_group_codes_per_segment():
    frame = pd.DataFrame(
        {
            "case_id": ["c1", "c1", "c2"],
            "code": ["trauma", "contact", "trauma"],
            "tekst": ["Zelfde zin.", "Zelfde zin.", "Zelfde zin."],
            "citaat": [True, True, False],
            "bekende_namen": ["Fleur;Bos", "Fleur;Bos", ""],
        }
    )
    found = quotes.candidates(frame)
    assert len(found) == 1
    assert found[0].themes == ("trauma", "contact") and found[0].names == ("Fleur", "Bos")


def test_the_same_text_in_several_cases_is_one_decision():
    frame = pd.DataFrame(
        {
            "case_id": ["c2", "c1", "c3"],
            "code": ["contact", "contact", "trauma"],
            "tekst": ["Het contact gaf  rust.", "Het contact gaf rust.", "Iets anders."],
            "citaat": [True, True, True],
            "bekende_namen": ["Bos", "Fleur", ""],
        }
    )
    found = {c.text: c for c in quotes.candidates(frame)}
    assert set(found) == {"Het contact gaf rust.", "Iets anders."}
    assert found["Het contact gaf rust."].case_ids == ("c1", "c2")
    assert found["Het contact gaf rust."].names == ("Fleur", "Bos")
    update = quotes.update_approvals(list(found.values()), ["A", "B"], [])
    assert sorted(a.cases for a in update.approvals) == [1, 2]


def test_texts_that_read_the_same_once_de_identified_are_one_quote():
    # Two children, two names, one sentence: the reader would see it twice.
    found = [candidate("Fleur was bang.", "c1"), candidate("Sem was bang.", "c2"), candidate("x")]
    found[1] = Candidate("id-sem", ("c2",), ("contact",), "Sem was bang.", ())
    update = quotes.update_approvals(found, ["[naam] was bang.", "[Naam]  was bang.", "X"], [])
    assert [(a.id, a.cases, a.themes) for a in update.approvals] == [
        ("id-Fleur was bang.", 2, ("trauma", "contact")),
        ("id-x", 1, ("trauma",)),
    ]
    approved = [replace(a, approved=True) for a in update.approvals]
    assert [q.text for q in quotes.published(found, approved)] == ["[naam] was bang.", "X"]


def test_tags_become_plain_dutch_numbered_only_for_two_of_a_kind():
    text = (
        "[PATIENT] ([LEEFTIJD-1]) uit [LOCATIE-1] ging naar [INSTELLING-1] en daarna naar "
        "[INSTELLING-2]; [PERSOON-1] belde [PATIENT] op [DATUM-1] ([ID-1], [ONBEKEND-1])."
    )
    assert quotes.readable(text) == (
        "[naam 1] ([leeftijd]) uit [plaats] ging naar [instelling 1] en daarna naar "
        "[instelling 2]; [naam 2] belde [naam 1] op [datum] ([nummer], [weggelaten])."
    )


def test_a_quote_with_too_much_removed_is_unsuitable_and_needs_a_reason():
    removed, unsuitable = quotes.removal(
        "Sanne (13) uit Zwolle zat op De Fjord.",
        "[naam] ([leeftijd]) uit [plaats] zat op [instelling].",
    )
    assert removed == "5 van 8 woorden, 4 labels" and unsuitable
    assert quotes.removal("Het contact gaf rust.", "Het contact gaf rust.") == (
        "0 van 4 woorden, 0 labels",
        False,
    )
    plain = quotes.Approval("id-a", ("contact",), "A", True)
    bare = quotes.Approval("id-b", ("contact",), "B", True, unsuitable=True)
    argued = quotes.Approval(
        "id-c", ("contact",), "C", True, unsuitable=True, override="kern van de casus"
    )
    found = [candidate("a"), candidate("b"), candidate("c")]
    assert [q.id for q in quotes.published(found, [plain, bare, argued])] == ["id-a", "id-c"]
    assert quotes.unsuitable_approved([plain, bare, argued]) == ["id-b"]
