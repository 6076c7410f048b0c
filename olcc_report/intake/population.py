"""Young people per youth-care region and CBS age band: the denominator of the stille-vragen
chapter. By default CBS's own figures shipped with the package (the report's year, or the
nearest year shipped); params may name another file with its source."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from olcc_report.intake.reader import ReadError, decode_text, guess_separator
from olcc_report.records import reference
from olcc_report.records.reference import POPULATION_BANDS


class PopulationError(Exception):
    pass


@dataclass(frozen=True)
class Population:
    frame: pd.DataFrame  # jeugdregio, jeugdigen_0_14, jongeren_15_24 (one row per region)
    source: str  # the "Bron:" line, in Dutch
    note: str = ""  # e.g. that the numbers are of another year than the report's

    @property
    def total(self) -> int:
        return int(self.frame[list(POPULATION_BANDS)].to_numpy().sum())


def cbs_population(year: int, indeling: int) -> Population:
    cbs = reference.youth_population(year, indeling)
    source = (
        f"CBS, Kerncijfers wijken en buurten {cbs.year} (tabel {cbs.table}), jeugdigen op "
        f"1 januari {cbs.year}, jeugdregio's in de indeling {indeling}; bewerking OLCC ({reference.CBS_LICENCE})"
    )
    note = (
        ""
        if cbs.year == year
        else f"De jeugdigen per regio zijn die van 1 januari {cbs.year}, niet van {year}: CBS' "
        f"Kerncijfers wijken en buurten van {year} waren voor deze publicatie niet per gemeente "
        f"beschikbaar, en {cbs.year} is het dichtstbijzijnde jaar waarvoor ze dat wel waren"
        + (
            f" (even dichtbij als {2 * year - cbs.year}; het latere jaar is genomen)."
            if 2 * year - cbs.year in reference.population_years()
            else "."
        )
    )
    return Population(cbs.frame, source, note)


def read_population(path: Path, source: str) -> Population:
    """Young people per region from a file of the analyst's own (CBS region codes, CBS age
    bands). Every problem is reported at once, by row as Excel numbers it, column and value."""
    try:
        text = decode_text(path.read_bytes())
    except (OSError, ReadError) as exc:
        raise PopulationError(f"{path.name}: {exc}") from None
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    lines = [(n, line) for n, line in lines if not line.lstrip().startswith("#")]
    if not lines:
        raise PopulationError(f"{path.name}: the file is empty")
    delimiter = guess_separator("\n".join(line for _, line in lines))
    rows = [(n, next(csv.reader([line], delimiter=delimiter))) for n, line in lines]
    header = [h.strip() for h in rows[0][1]]
    expected = ("jeugdregio", *POPULATION_BANDS)
    missing = [c for c in expected if c not in header]
    if missing:
        raise PopulationError(
            f"{path.name}, row {rows[0][0]}: missing column(s) {', '.join(missing)} (expected "
            f"{', '.join(expected)}: CBS region codes such as JZ01 and CBS's age bands)"
        )
    at = {c: header.index(c) for c in expected}
    known = {r.code for r in reference.regions()}
    problems, seen, records = [], {}, []
    for number, cells in rows[1:]:
        value = {c: (cells[i].strip() if i < len(cells) else "") for c, i in at.items()}
        code = value["jeugdregio"]
        if code not in known:
            problems.append(
                f"row {number}, column jeugdregio: {code!r} is not a CBS youth-care region code "
                "(such as JZ01, as in CBS's jeugdregio indeling)"
            )
        elif code in seen:
            problems.append(f"row {number}, column jeugdregio: {code} is also on row {seen[code]}")
        seen.setdefault(code, number)
        for band in POPULATION_BANDS:
            digits = value[band].replace(".", "")
            if not digits.isdigit() or int(digits) <= 0:
                problems.append(
                    f"row {number}, column {band}: {value[band]!r} (expected a positive whole "
                    "number of young people)"
                )
        records.append(value)
    absent = sorted(known - set(seen))
    if absent:
        problems.append(f"no row for region(s) {', '.join(absent)}")
    if problems:
        raise PopulationError(f"{path.name}:\n  " + "\n  ".join(problems))
    frame = pd.DataFrame(records)
    for band in POPULATION_BANDS:
        frame[band] = frame[band].str.replace(".", "", regex=False).astype("int64")
    return Population(frame[list(expected)].reset_index(drop=True), source)
