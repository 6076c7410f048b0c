"""Young people per youth-care region and CBS age band: the denominator of the stille-vragen
chapter. By default CBS's own figures shipped with the package (the report's year, or the
nearest year shipped); params may name another file with its source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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
        f"1 januari {cbs.year}, jeugdregio's in de indeling {indeling}; bewerking OLCC (CC BY 4.0)"
    )
    note = (
        ""
        if cbs.year == year
        else f"Het pakket bevat geen CBS-cijfers over {year}; gebruikt zijn die van "
        f"1 januari {cbs.year}, het dichtstbijzijnde jaar."
    )
    return Population(cbs.frame, source, note)


def read_population(path: Path, source: str) -> Population:
    """Young people per region from a file of the analyst's own (the CBS columns and codes)."""
    frame = pd.read_csv(path, dtype={"jeugdregio": str}, comment="#")
    missing = {"jeugdregio", *POPULATION_BANDS} - set(frame.columns)
    if missing:
        raise PopulationError(
            f"{path.name}: missing column(s) {', '.join(sorted(missing))} (expected jeugdregio, "
            f"{', '.join(POPULATION_BANDS)}: CBS's age bands)"
        )
    known = {r.code for r in reference.regions()}
    unknown = sorted(set(frame["jeugdregio"]) - known)
    absent = sorted(known - set(frame["jeugdregio"]))
    if unknown or absent:
        raise PopulationError(f"{path.name}: unknown region code(s) {unknown}; missing {absent}")
    bands = frame[list(POPULATION_BANDS)]
    if (
        not all(pd.api.types.is_integer_dtype(t) for t in bands.dtypes)
        or (bands <= 0).to_numpy().any()
    ):
        raise PopulationError(
            f"{path.name}: every region needs a positive whole number of young people per band"
        )
    return Population(frame[["jeugdregio", *POPULATION_BANDS]].reset_index(drop=True), source)
