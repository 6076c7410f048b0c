import datetime as dt

from olcc_report import analysis
from olcc_report.formatting import format_count, format_percent

from conftest import typed_cases


def cases():
    return typed_cases([
        {"case_id": "1", "aanmelder": "ouder", "problemen": "trauma", "geslacht": "jongen", "leeftijd": "7"},
        {"case_id": "2", "aanmelder": "ouder", "problemen": "trauma|agressie|autisme",
         "afsluitdatum": ""},
        {"case_id": "3", "aanmelder": "gemeente", "problemen": "", "leeftijd": "20"},
    ])


def test_count_by_lists_every_category():
    table = analysis.count_by(cases(), "aanmelder")
    assert len(table) == 8
    assert dict(zip(table["aanmelder"], table["aantal"])) == {
        "ouder": 2, "jeugdige": 0, "jeugdhulpprofessional": 0, "regionaal_expertteam": 0,
        "gemeente": 1, "gecertificeerde_instelling": 0, "ministerie": 0, "overig": 0}
    assert table.loc[0, "label"] == "Ouder(s)"


def test_count_by_pair():
    table = analysis.count_by_pair(cases(), "leeftijdsgroep", "geslacht")
    assert len(table) == 5 * 3
    got = {(r.leeftijdsgroep, r.geslacht): r.aantal for r in table.itertuples() if r.aantal}
    assert got == {("5-12", "jongen"): 1, ("13-17", "meisje"): 1, ("18-23", "meisje"): 1}


def test_problem_counts_and_multi_counts():
    per_case = analysis.count_categories_per_case(cases(), "problemen")
    assert per_case["aantal"].tolist() == [1, 1, 0, 1, 0, 0, 0]
    assert per_case["label"].tolist()[-1] == "6 of meer"
    multi = analysis.count_multi(cases(), "problemen").set_index("problemen")["aantal"]
    assert multi["trauma"] == 2 and multi["agressie"] == 1 and multi["suicidaliteit"] == 0


def test_period_counts():
    counts = analysis.period_counts(cases(), dt.date(2020, 12, 31))
    assert counts == {"aangemeld": 3, "afgesloten": 2, "open_einde_periode": 1}


def test_dutch_number_formats():
    assert format_count(1234) == "1.234"
    assert format_count(1234567) == "1.234.567"
    assert format_count(None) == "."
    assert format_percent(0.274) == "27%"
    assert format_percent(0.275) == "28%"
