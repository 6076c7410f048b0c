"""What the synthetic years look like: per year a profile (case numbers, shares), the profile
groups and the problem weights per group. Invented, loosely after the 2019 and 2020 reports."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class YearProfile:
    cases: int
    registrant: dict[str, float]
    at_home: float
    trauma_forced: float
    expert_team: float
    handed_back: float
    handed_back_from: str = "01-01"  # MM-DD: from when cases were handed back to expert teams
    problem_count: dict[int, float] = field(
        default_factory=lambda: {
            1: 0.05,
            2: 0.16,
            3: 0.27,
            4: 0.27,
            5: 0.16,
            6: 0.06,
            7: 0.03,
        }
    )


PROFILES: dict[int, YearProfile] = {
    2019: YearProfile(
        cases=104,
        registrant={
            "ouder": 0.36,
            "jeugdhulpprofessional": 0.30,
            "gemeente": 0.20,
            "ministerie": 0.10,
            "overig": 0.04,
        },
        at_home=0.45,
        trauma_forced=0.0,
        expert_team=0.25,
        handed_back=0.45,
        handed_back_from="08-01",
    ),
    2020: YearProfile(
        cases=440,
        registrant={
            "ouder": 0.37,
            "jeugdhulpprofessional": 0.33,
            "regionaal_expertteam": 0.10,
            "gemeente": 0.08,
            "gecertificeerde_instelling": 0.06,
            "jeugdige": 0.03,
            "ministerie": 0.02,
            "overig": 0.01,
        },
        at_home=0.25,
        trauma_forced=0.90,
        expert_team=0.55,
        handed_back=0.30,
    ),
    2021: YearProfile(
        cases=470,
        registrant={
            "ouder": 0.33,
            "jeugdhulpprofessional": 0.33,
            "regionaal_expertteam": 0.15,
            "gemeente": 0.07,
            "gecertificeerde_instelling": 0.08,
            "jeugdige": 0.02,
            "ministerie": 0.01,
            "overig": 0.01,
        },
        at_home=0.25,
        trauma_forced=0.90,
        expert_team=0.65,
        handed_back=0.35,
    ),
    # The regional expert teams' registrations together, for the demo of regional books: a
    # few thousand cases a year nationally (assumed: 3.200), over the 42 regions in proportion
    # to their young people (so unevenly: from about 10 to 200 a year), registered mostly by
    # municipalities' teams and professionals.
    2023: YearProfile(
        cases=3200,
        registrant={
            "gemeente": 0.30,
            "jeugdhulpprofessional": 0.30,
            "ouder": 0.20,
            "gecertificeerde_instelling": 0.12,
            "jeugdige": 0.03,
            "regionaal_expertteam": 0.03,
            "overig": 0.02,
        },
        at_home=0.45,
        trauma_forced=0.70,
        expert_team=1.0,
        handed_back=0.0,
    ),
}


PROFILE_GROUPS = {
    "groep_3": 0.36,
    "groep_1": 0.26,
    "groep_2": 0.22,
    "ethisch": 0.05,
    "overig": 0.11,
}


PROBLEM_WEIGHTS: dict[str, dict[str, float]] = {
    "groep_1": {
        "suicidaliteit": 9,
        "depressie": 4,
        "zelfbeschadiging": 4,
        "trauma": 3,
        "eetproblemen": 3,
        "autisme": 2.5,
        "persoonlijkheid": 2.5,
        "agressie": 2.5,
        "angst": 1.5,
    },
    "groep_2": {
        "agressie": 9,
        "autisme": 4,
        "trauma": 3,
        "lvb": 3,
        "hechting": 2,
        "suicidaliteit": 2.5,
    },
    "groep_3": {
        "agressie": 8,
        "autisme": 3.5,
        "verslaving": 3.5,
        "disharmonisch_profiel": 3,
        "suicidaliteit": 6,
        "trauma": 2,
        "lvb": 1.5,
        "psychose": 1,
        "persoonlijkheid": 1,
    },
    "ethisch": {
        "suicidaliteit": 5,
        "seksueel_grensoverschrijdend": 4,
        "trauma": 2,
        "autisme": 2,
        "agressie": 2,
    },
    "overig": {"suicidaliteit": 4, "agressie": 4, "trauma": 2, "autisme": 2},
}


# Three of the four big cities (G4): Amsterdam-Amstelland, Haaglanden, Rijnmond.
LOW_REGISTRATION_REGIONS = {"JZ13", "JZ24", "JZ29"}
