"""CBS reference data shipped with the package: youth-care regions, provinces and municipalities.

The CSV files under ``olcc_report/data/reference`` are copies of CBS data (see
``SOURCES.md`` there for origin and licence). No code assumes a number of regions or a name:
everything is read from these files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pandas as pd

_REFERENCE = "data/reference"


def _read_csv(name: str) -> pd.DataFrame:
    with resources.files("olcc_report").joinpath(f"{_REFERENCE}/{name}").open("rb") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    province_code: str
    province: str


@cache
def regions() -> tuple[Region, ...]:
    """The youth-care regions (CBS indeling 2025), in code order."""
    frame = _read_csv("jeugdregios.csv")
    return tuple(
        Region(row.code, row.naam, row.provinciecode, row.provincie)
        for row in frame.sort_values("code").itertuples()
    )


@cache
def provinces() -> pd.DataFrame:
    """The 12 provinces with landsdeel (code, naam, landsdeelcode, landsdeelnaam, ...)."""
    return _read_csv("provincies.csv")


@cache
def region_aliases() -> dict[str, str]:
    """Names people commonly use for a region → CBS code.

    Only unambiguous aliases (one CBS code, not marked uncertain) are returned: an export that uses
    e.g. "Noord-Holland Noord" (three CBS regions) must be mapped explicitly in params.
    """
    frame = _read_csv("jeugdregio_aliassen.csv")
    usable = frame[
        ~frame["codes_cbs"].str.contains(";")
        & frame["soort_match"].isin(["gelijk", "spellingsvariant", "andere naam"])
    ]
    return dict(zip(usable["naam_voorlopig"], usable["codes_cbs"], strict=True))


@cache
def ambiguous_region_names() -> dict[str, str]:
    """Region names that cannot be mapped automatically → explanation (Dutch, from CBS notes)."""
    frame = _read_csv("jeugdregio_aliassen.csv")
    ambiguous = frame[frame["codes_cbs"].str.contains(";") | (frame["soort_match"] == "onzeker")]
    return {
        row.naam_voorlopig: f"could be {row.codes_cbs.replace(';', ', ')} ({row.toelichting})"
        for row in ambiguous.itertuples()
    }


@dataclass(frozen=True)
class Municipality:
    code: str  # CBS code of the municipality it is (or merged into) in 2025, e.g. GM0363
    name: str  # its CBS name 2025
    regions: dict[int, str]  # CBS indeling (2023, 2025) → youth-care region code


@cache
def municipalities() -> dict[str, Municipality]:
    """Every name a municipality has had in the shipped CBS tables (2021–2025, so also the
    names of municipalities merged since, e.g. Weesp → Amsterdam) and every code → the
    municipality."""
    frame = _read_csv("gemeente_jeugdregio.csv")
    by_code = {
        row.gemeentecode: Municipality(
            row.gemeentecode,
            row.gemeentenaam,
            {2023: row.jeugdregiocode_2023, 2025: row.jeugdregiocode_2025},
        )
        for row in frame.itertuples()
    }
    out = {**by_code, **{m.name: m for m in by_code.values()}}
    former = _read_csv("gemeente_jeugdigen_2019_2024.csv")
    successors = former.groupby("gemeentenaam_cbs")["gemeentecode_2025"].unique()
    for name, codes in successors.items():
        if len(codes) == 1:  # a municipality split over several (Haaren) has no one successor
            out.setdefault(name, by_code[codes[0]])
    return out


@cache
def split_municipalities() -> dict[str, list[str]]:
    """Former municipalities split over several present ones (Haaren) → their names."""
    former = _read_csv("gemeente_jeugdigen_2019_2024.csv")
    successors = former.groupby("gemeentenaam_cbs")["gemeentenaam_2025"].unique()
    return {name: sorted(names) for name, names in successors.items() if len(names) > 1}


@cache
def region_names_2023() -> dict[str, str]:
    """The youth-care regions' CBS names of the indeling 2023 (e.g. "Midden-Brabant") → code."""
    frame = _read_csv("jeugdregios.csv")
    return dict(zip(frame["naam_cbs_2023"], frame["code"], strict=True))


# The licence of CBS's open data (StatLine, wijken en buurten).
CBS_LICENCE = "CC BY 4.0"

# The age-band columns of the shipped population file (CBS's bands 0–14 and 15–24).
POPULATION_BANDS = ("jeugdigen_0_14", "jongeren_15_24")


@dataclass(frozen=True)
class CbsPopulation:
    """Young people per youth-care region on 1 January of one year, in one CBS indeling."""

    frame: pd.DataFrame  # jeugdregio, jeugdigen_0_14, jongeren_15_24
    year: int  # the year the numbers are of (the nearest one shipped)
    table: str  # CBS StatLine table id
    indeling: int


@cache
def _population_years() -> dict[int, str]:
    """Year → CBS table of the shipped population figures."""
    frame = _read_csv("gemeente_jeugdigen_2019_2024.csv")
    pairs = frame[["jaar", "cbs_tabel"]].drop_duplicates()
    return {int(y): t for y, t in zip(pairs["jaar"], pairs["cbs_tabel"], strict=True)}


def population_years() -> tuple[int, ...]:
    return tuple(sorted(_population_years()))


def nearest_population_year(year: int) -> int:
    """The shipped year closest to ``year`` (the later one of two as close)."""
    return min(population_years(), key=lambda y: (abs(y - year), -y))


@cache
def youth_population(year: int, indeling: int) -> CbsPopulation:
    """CBS young people per region for ``year`` (or the nearest year shipped), in the regions of
    ``indeling`` (2023 or 2025)."""
    used = nearest_population_year(year)
    frame = _read_csv("jeugdregio_jeugdigen_2019_2024.csv")
    rows = frame[(frame["jaar"] == str(used)) & (frame["indeling"] == str(indeling))]
    if rows.empty:
        raise ValueError(f"no CBS population for the jeugdregio indeling {indeling}")
    out = rows.rename(columns={"jeugdregiocode": "jeugdregio"})[
        ["jeugdregio", *POPULATION_BANDS]
    ].astype({c: int for c in POPULATION_BANDS})
    return CbsPopulation(
        out.sort_values("jeugdregio").reset_index(drop=True),
        used,
        _population_years()[used],
        indeling,
    )
