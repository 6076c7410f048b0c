"""Synthetic demo registrations: deterministic, seeded, calibrated to the published OLCC reports.

No real case is behind any row. Calibration targets (from the 2019 and 2020 annual reports):

* 2019: "ruim 100 casussen"; 2020: 440 (2021 is invented: no report was published with a count);
* boys and girls in near-equal numbers; boys more often young, girls first registered around the move
  to secondary school (about 12); about 23% aged 5 t/m 12 (2019);
* nearly every case combines problems, about 27% exactly three (2019); suicidality and aggression
  almost always play a role; from 2020 trauma nearly always;
* regions in proportion to their young people (CBS), none from Zeeland, and markedly fewer from
  three of the four big cities (Amsterdam-Amstelland, Haaglanden, Rijnmond: 40% of the rate per
  young person elsewhere), which the stille-vragen chapter is there to find;
* profile group 3 (17+, often JeugdzorgPlus) is the largest;
* 2020: mostly registered by parents and professionals, mostly children not living at home, expert
  teams more often involved.

The generator writes an *export* (Dutch labels, dd-mm-jjjj dates, ``|``-separated multi-valued
cells) so that demo data travels the same read → map → validate path as an analyst's export.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from olcc_report.demo.profiles import (
    LOW_REGISTRATION_REGIONS,
    PROBLEM_WEIGHTS,
    PROFILE_GROUPS,
    PROFILES,
    YearProfile,
)
from olcc_report.records import reference, schema

BASE_SEED = 20191231


# Regions: in proportion to the young people per region (CBS), except three big-city regions that
# register markedly less (the 2019 report's observation, for the stille-vragen chapter to find)
# and Zeeland, from which no case came.
_NO_CASES = {"JZ38"}
_BIG_CITY_RATE = 0.4  # of the national rate per young person


def _region_weights(year: int) -> tuple[list[str], np.ndarray]:
    people = reference.youth_population(year, 2025).frame.set_index("jeugdregio")
    codes, weights = [], []
    for region in reference.regions():
        weight = float(people.loc[region.code, list(reference.POPULATION_BANDS)].sum())
        if region.code in _NO_CASES:
            weight = 0.0
        elif region.code in LOW_REGISTRATION_REGIONS:
            weight *= _BIG_CITY_RATE
        codes.append(region.code)
        weights.append(weight)
    w = np.array(weights)
    return codes, w / w.sum()


def _quota(rng: np.random.Generator, shares: dict, n: int) -> list:
    """Exactly calibrated allocation (largest remainder), in random order."""
    keys = list(shares)
    p = np.array([shares[k] for k in keys], dtype=float)
    p = p / p.sum()
    raw = p * n
    counts = np.floor(raw).astype(int)
    for i in np.argsort(-(raw - counts), kind="stable")[: n - counts.sum()]:
        counts[i] += 1
    values = [k for k, c in zip(keys, counts, strict=True) for _ in range(c)]
    return [values[i] for i in rng.permutation(n)]


def _pick(rng: np.random.Generator, shares: dict[str, float]) -> str:
    keys = list(shares)
    p = np.array([shares[k] for k in keys], dtype=float)
    return keys[int(rng.choice(len(keys), p=p / p.sum()))]


def _sex_and_age(rng: np.random.Generator, group: str) -> tuple[str, int]:
    if group == "groep_1":
        return "meisje", int(
            rng.choice([12, 13, 14, 15, 16, 17, 18], p=[0.1, 0.2, 0.2, 0.2, 0.15, 0.1, 0.05])
        )
    if group == "groep_2":
        return "jongen", int(rng.choice(range(8, 15), p=[0.07, 0.09, 0.11, 0.14, 0.18, 0.2, 0.21]))
    if group == "groep_3":
        sex = "jongen" if rng.random() < 0.55 else "meisje"
        return sex, int(
            rng.choice(range(17, 27), p=[0.2, 0.2, 0.16, 0.13, 0.1, 0.08, 0.06, 0.04, 0.02, 0.01])
        )
    sex = "jongen" if rng.random() < 0.5 else "meisje"
    if rng.random() < 0.03:
        sex = "anders_onbekend"
    if group == "ethisch":
        return sex, int(rng.integers(10, 21))
    if sex == "jongen":
        return sex, int(rng.integers(3, 16))
    return sex, int(rng.integers(10, 18))


def _problems(rng: np.random.Generator, group: str, count: int, trauma_forced: float) -> list[str]:
    codes = schema.get_field("problemen").codes
    weights = PROBLEM_WEIGHTS[group]
    w = np.array([weights.get(c, 0.3) for c in codes])
    chosen = list(rng.choice(codes, size=count, replace=False, p=w / w.sum()))
    if "trauma" not in chosen and rng.random() < trauma_forced:
        chosen[-1] = "trauma"
    return sorted(set(chosen), key=codes.index)


def _subset(
    rng: np.random.Generator, field_name: str, weights: dict[str, float], k: int
) -> list[str]:
    codes = schema.get_field(field_name).codes
    w = np.array([weights.get(c, 1.0) for c in codes])
    chosen = rng.choice(codes, size=k, replace=False, p=w / w.sum())
    return sorted(chosen, key=codes.index)


def _living(rng: np.random.Generator, profile: YearProfile, group: str, age: int) -> str:
    if rng.random() < profile.at_home:
        return "thuis"
    shares = {
        "pleeggezin_gezinshuis": 0.22,
        "residentieel": 0.38,
        "jeugdzorgplus_gesloten": 0.25,
        "zelfstandig": 0.05 if age >= 18 else 0.0,
        "overig_onbekend": 0.05,
    }
    if group == "groep_3":
        shares["jeugdzorgplus_gesloten"] = 0.45
    return _pick(rng, shares)


def profile_for(year: int) -> YearProfile:
    if year in PROFILES:
        return PROFILES[year]
    return PROFILES[min(PROFILES, key=lambda y: abs(y - year))]


def generate_cases(year: int, cases: int | None = None) -> list[dict]:
    """Synthetic case records (schema codes) for one calendar year, deterministic per year."""
    profile = profile_for(year)
    n = cases if cases is not None else profile.cases
    rng = np.random.default_rng([BASE_SEED, year, n])
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = (end - start).days + 1
    groups = _quota(rng, PROFILE_GROUPS, n)
    counts = _quota(rng, profile.problem_count, n)
    region_codes, region_p = _region_weights(year)
    regions = _quota(rng, dict(zip(region_codes, region_p, strict=True)), n)
    handed_back_from = dt.date.fromisoformat(f"{year}-{profile.handed_back_from}")
    records = []
    for group, count, region in zip(groups, counts, regions, strict=True):
        sex, age = _sex_and_age(rng, group)
        registered = start + dt.timedelta(days=int(rng.integers(0, days)))
        duration = int(np.ceil(rng.lognormal(np.log(80), 0.8)))
        closed = registered + dt.timedelta(days=duration)
        is_open = closed > end
        registrant = _pick(rng, profile.registrant)
        expert_team = registrant == "regionaal_expertteam" or rng.random() < profile.expert_team
        handed_back = bool(registered >= handed_back_from and rng.random() < profile.handed_back)
        expert_team = expert_team or handed_back
        if is_open:
            outcome = None
        elif handed_back:
            outcome = "teruggelegd"
        else:
            outcome = _pick(
                rng,
                {
                    "passende_hulp": 0.38,
                    "op_weg_geholpen": 0.40,
                    "geen_oplossing": 0.15,
                    "overig": 0.07,
                },
            )
        disruption_count = _pick(rng, {"1": 0.25, "2": 0.40, "3": 0.25, "4": 0.10})
        records.append(
            {
                "aanmelddatum": registered,
                "afsluitdatum": None if is_open else closed,
                "aanmelder": registrant,
                "geslacht": sex,
                "leeftijd": age,
                "jeugdregio": region,
                "woonsituatie": _living(rng, profile, group, age),
                "problemen": _problems(rng, group, count, profile.trauma_forced),
                "leefgebieden": _subset(
                    rng,
                    "leefgebieden",
                    {"gezin": 3, "psychisch": 4, "wonen": 3, "onderwijs": 2.5},
                    int(rng.choice([1, 2, 3, 4, 5], p=[0.04, 0.21, 0.35, 0.28, 0.12])),
                ),
                "verstoringen": _subset(
                    rng,
                    "verstoringen",
                    {
                        "organisatorisch": 4,
                        "inhoudelijk": 3.5,
                        "wettelijk": 4 if age >= 17 else 2,
                        "werkrelaties": 2,
                    },
                    int(disruption_count),
                ),
                "hulpvraag": _pick(
                    rng,
                    {
                        "zorgaanbod_zoeken": 0.55,
                        "maatwerk": 0.20,
                        "coordinatie": 0.10,
                        "bemiddeling": 0.08,
                        "advies": 0.05,
                        "overig": 0.02,
                    },
                ),
                "inzet": [
                    code
                    for code, p in (
                        ("bemiddeling", 0.75),
                        ("consultatie", 0.92),
                        ("advies", 0.5),
                        ("verbinden", 0.45),
                        ("doorgeleiding", 0.2),
                        ("coordinatie", 0.25),
                        ("maatwerk_organiseren", 0.15),
                    )
                    if rng.random() < p
                ]
                or ["consultatie"],
                "expertteam_betrokken": expert_team,
                "teruggelegd_bij_expertteam": handed_back,
                "profielgroep": group,
                "uitkomst": outcome,
            }
        )
    records.sort(key=lambda r: r["aanmelddatum"])
    for number, record in enumerate(records, start=1):
        record["case_id"] = f"DEMO-{year}-{number:04d}"
    return records


def _export_value(f: schema.Field, value) -> str:
    if value is None:
        return ""
    if f.kind == "date":
        return value.strftime("%d-%m-%Y")
    if f.kind == "boolean":
        return "ja" if value else "nee"
    if f.kind == "category":
        return f.label_of(value)
    if f.kind == "multi":
        return schema.MULTI_SEPARATOR.join(f.label_of(v) for v in value)
    return str(value)


def generate_export(year: int, cases: int | None = None) -> pd.DataFrame:
    """Synthetic export for one year, as an analyst's CSV would look (all cells text)."""
    return _export(generate_cases(year, cases))


def generate_period_export(start: dt.date, end: dt.date) -> pd.DataFrame:
    """Synthetic export for any period (a quarter, say): the cases of the calendar years it
    touches that were registered in it, with closures after its end not yet known."""
    records = []
    for year in range(start.year, end.year + 1):
        for record in generate_cases(year):
            if start <= record["aanmelddatum"] <= end:
                if record["afsluitdatum"] is not None and record["afsluitdatum"] > end:
                    record = {**record, "afsluitdatum": None, "uitkomst": None}
                records.append(record)
    return _export(records)


def _export(records: list[dict]) -> pd.DataFrame:
    columns = list(schema.input_fields())
    rows = [[_export_value(f, record[f.name]) for f in columns] for record in records]
    frame = pd.DataFrame(rows, columns=[f.name for f in columns], dtype=object)
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="rij")
    return frame


def write_export(year: int, path: str | Path, cases: int | None = None) -> Path:
    """Write the synthetic export as CSV (``;``, UTF-8 with BOM) or XLSX, by suffix."""
    path = Path(path)
    frame = generate_export(year, cases)
    if path.suffix.lower() == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", lineterminator="\n")
    return path
