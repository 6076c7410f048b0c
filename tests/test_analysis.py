import datetime as dt

import numpy as np
import pandas as pd
import pytest
from conftest import typed_cases

from olcc_report.analysis import counts as analysis
from olcc_report.analysis import survival
from olcc_report.records.formatting import format_count, format_percent


def cases():
    return typed_cases(
        [
            {
                "case_id": "1",
                "aanmelder": "ouder",
                "problemen": "trauma",
                "geslacht": "jongen",
                "leeftijd": "7",
            },
            {
                "case_id": "2",
                "aanmelder": "ouder",
                "problemen": "trauma|agressie|autisme",
                "afsluitdatum": "",
            },
            {"case_id": "3", "aanmelder": "gemeente", "problemen": "", "leeftijd": "20"},
        ]
    )


def test_count_by_lists_every_category():
    table = analysis.count_by(cases(), "aanmelder")
    assert len(table) == 8
    assert dict(zip(table["aanmelder"], table["aantal"], strict=True)) == {
        "ouder": 2,
        "jeugdige": 0,
        "jeugdhulpprofessional": 0,
        "regionaal_expertteam": 0,
        "gemeente": 1,
        "gecertificeerde_instelling": 0,
        "ministerie": 0,
        "overig": 0,
    }
    assert table.loc[0, "label"] == "Ouder(s)"


def test_problem_counts_and_multi_counts():
    multi = analysis.count_multi(cases(), "problemen").set_index("problemen")["aantal"]
    assert multi["trauma"] == 2 and multi["agressie"] == 1 and multi["suicidaliteit"] == 0


def test_dutch_number_formats():
    assert format_count(1234) == "1.234"
    assert format_count(1234567) == "1.234.567"
    assert format_count(None) == "."
    assert format_percent(0.274) == "27%"
    assert format_percent(0.275) == "28%"


def flow_cases():
    # Registered: Jan, Jan, Feb, Mar. Closed: Feb (case 1), Mar (case 2); 3 and 4 open.
    return typed_cases(
        [
            {"case_id": "1", "aanmelddatum": "2020-01-05", "afsluitdatum": "2020-02-10"},
            {"case_id": "2", "aanmelddatum": "2020-01-20", "afsluitdatum": "2020-03-01"},
            {"case_id": "3", "aanmelddatum": "2020-02-01", "afsluitdatum": ""},
            {"case_id": "4", "aanmelddatum": "2020-03-31", "afsluitdatum": ""},
        ]
    )


def test_flows_per_month():
    flow = analysis.flows(flow_cases(), dt.date(2020, 1, 1), dt.date(2020, 4, 30))
    frame = flow.frame
    assert frame["label"].tolist() == ["jan 2020", "feb 2020", "mrt 2020", "apr 2020"]
    assert frame["instroom"].tolist() == [2, 1, 1, 0]
    assert frame["uitstroom"].tolist() == [0, 1, 1, 0]
    assert frame["open_einde"].tolist() == [2, 2, 2, 2]


def test_flows_per_quarter_and_frequency_choice():
    flow = analysis.flows(flow_cases(), dt.date(2020, 1, 1), dt.date(2020, 12, 31), "kwartaal")
    assert flow.frame["label"].tolist() == ["2020 K1", "2020 K2", "2020 K3", "2020 K4"]
    assert flow.frame["instroom"].tolist() == [4, 0, 0, 0]
    year = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert analysis.choose_frequency(440, *year, min_count=10) == "maand"  # ~37 a month
    assert analysis.choose_frequency(104, *year, min_count=10) == "kwartaal"  # ~9 a month
    assert analysis.choose_frequency(30, dt.date(2021, 1, 1), dt.date(2021, 3, 31), 10) == "maand"


def test_durations_are_censored_at_the_period_end():
    d = survival.durations(flow_cases(), dt.date(2020, 4, 30))
    assert d.days.tolist() == [36, 41, 89, 30]
    assert d.closed.tolist() == [True, True, False, False]


def test_kaplan_meier_by_hand():
    # Times 2, 4 (closed), 3 (open), 5 (closed), 6 (open).
    # S(2) = 4/5; at 3 one is censored; S(4) = 4/5 * 2/3; S(5) = 4/5 * 2/3 * 1/2.
    d = survival.Durations(np.array([2.0, 4, 3, 5, 6]), np.array([True, True, False, True, False]))
    curve = survival.kaplan_meier(d)
    assert survival.survival_at(curve, 0) == 1
    assert survival.survival_at(curve, 2) == pytest.approx(0.8)
    assert survival.survival_at(curve, 3.5) == pytest.approx(0.8)
    assert survival.survival_at(curve, 4) == pytest.approx(0.8 * 2 / 3)
    assert survival.survival_at(curve, 5) == pytest.approx(0.8 * 2 / 3 / 2)
    assert survival.survival_quantile(curve, 0.25) == 4  # first time S <= 0.75
    assert survival.survival_quantile(curve, 0.5) == 5  # S(4) = 0.53 is still above one half
    assert survival.survival_quantile(curve, 0.75) is None  # S never drops to 0.25


def test_demo_quarter_has_only_its_cases_and_no_later_closures():
    from olcc_report.demo import cases as synth
    from olcc_report.intake.params import MappingParams
    from olcc_report.intake.validate import validate_export

    start, end = dt.date(2021, 1, 1), dt.date(2021, 3, 31)
    quarter = validate_export(
        synth.generate_period_export(start, end), MappingParams(), start, end, "demo"
    )
    year = synth.generate_cases(2021)
    assert len(quarter) == sum(start <= r["aanmelddatum"] <= end for r in year)
    assert quarter["afsluitdatum"].dropna().max() <= pd.Timestamp(end)
    assert quarter.loc[quarter["afsluitdatum"].isna(), "uitkomst"].isna().all()
