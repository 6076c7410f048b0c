"""The demo data must look like what the OLCC reports published (2019, 2020)."""

import datetime as dt

import pandas as pd
import pytest

from olcc_report.demo import cases as synth
from olcc_report.intake.params import MappingParams
from olcc_report.intake.validate import validate_export
from olcc_report.records import reference, schema


@pytest.fixture(scope="module")
def years():
    return {
        y: validate_export(
            synth.generate_export(y),
            MappingParams(),
            dt.date(y, 1, 1),
            dt.date(y, 12, 31),
            f"demo{y}",
        )
        for y in (2019, 2020, 2021)
    }


def share(mask) -> float:
    return float(pd.Series(mask).mean())


def test_deterministic():
    assert synth.generate_export(2020).equals(synth.generate_export(2020))
    assert not synth.generate_export(2020).equals(synth.generate_export(2021).iloc[:440])


def test_case_counts(years):
    assert 100 <= len(years[2019]) <= 110  # "ruim 100"
    assert len(years[2020]) == 440


def test_sexes_near_equal_boys_younger_girls_from_twelve(years):
    for cases in years.values():
        boys = share(cases["geslacht"] == "jongen")
        assert 0.4 <= boys <= 0.6
        young = cases[cases["leeftijd"] <= 12]
        assert share(young["geslacht"] == "jongen") > 0.7
        girls = cases[cases["geslacht"] == "meisje"]
        assert girls["leeftijd"].min() >= 10
        assert girls["leeftijd"].median() >= 13


def test_problem_counts_2019(years):
    cases = years[2019]
    per_case = cases[schema.indicator_columns("problemen")].sum(axis=1)
    assert share(per_case >= 2) >= 0.9
    assert abs(share(per_case == 3) - 0.27) <= 0.02
    assert abs(share(cases["leeftijdsgroep"] == "5-12") - 0.23) <= 0.05


def test_suicidality_and_aggression_very_common(years):
    for cases in years.values():
        either = cases["problemen__suicidaliteit"] | cases["problemen__agressie"]
        assert share(either) >= 0.7
        assert share(cases["problemen__suicidaliteit"]) >= 0.4
        assert share(cases["problemen__agressie"]) >= 0.4


def test_regions(years):
    for cases in years.values():
        assert (cases["jeugdregio"] == "JZ38").sum() == 0  # none from Zeeland
    # Three big cities register markedly less per young person than the rest (the 2019 report):
    # over all years, at most 60% of the rate elsewhere (the generator plants 40%).
    people = reference.youth_population(2021, 2025).frame.set_index("jeugdregio").sum(axis=1)
    cities = ["JZ13", "JZ24", "JZ29"]
    rest = people.index.difference([*cities, "JZ38"])
    regions = pd.concat([c["jeugdregio"] for c in years.values()]).value_counts()
    rate = regions.reindex(people.index, fill_value=0) / people
    city_rate = regions.reindex(cities).sum() / people[cities].sum()
    assert city_rate < 0.6 * regions.reindex(rest).sum() / people[rest].sum()
    assert (rate[cities] > 0).all()


def test_profile_group_3_largest(years):
    for cases in years.values():
        assert cases["profielgroep"].value_counts().idxmax() == "groep_3"


def test_2020_registrants_living_and_trauma(years):
    cases = years[2020]
    assert share(cases["aanmelder"].isin(["ouder", "jeugdhulpprofessional"])) >= 0.6
    assert share(cases["woonsituatie"] != "thuis") >= 0.65
    assert share(cases["problemen__trauma"]) >= 0.85
    assert share(years[2020]["expertteam_betrokken"]) > share(years[2019]["expertteam_betrokken"])


def test_2019_cases_handed_back_only_from_august(years):
    cases = years[2019]
    handed = cases[cases["teruggelegd_bij_expertteam"]]
    assert len(handed) > 0
    assert handed["aanmelddatum"].min() >= pd.Timestamp("2019-08-01")
