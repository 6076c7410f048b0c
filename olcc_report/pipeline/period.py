"""What a chapter notebook needs, in one call: the period's params, its validated cases, its
codings, quotes and population (the facade :mod:`olcc_report.notebook` re-exports)."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from olcc_report.figures.release import Release, release
from olcc_report.figures.release_stille import POOLED_PERIODS, PoolPart
from olcc_report.intake.params import (
    DisclosureParams,
    LoadedParams,
    Params,
    RegionalBook,
)
from olcc_report.intake.periods import Periods, load
from olcc_report.intake.population import Population, cbs_population, read_population
from olcc_report.pipeline.inputs import load_cases, load_qualitative_inputs
from olcc_report.pipeline.project import sha256_of
from olcc_report.qualitative.codings import Qualitative
from olcc_report.qualitative.quotes import Quote, candidates, published, read_approvals


@dataclass
class Period:
    loaded: LoadedParams
    cases: pd.DataFrame

    @property
    def params(self) -> Params:
        return self.loaded.params

    @property
    def rules(self) -> DisclosureParams:
        return self.params.disclosure

    @property
    def start(self) -> dt.date:
        return self.params.period_start

    @property
    def end(self) -> dt.date:
        return self.params.period_end

    def regional_book(self, code: str) -> RegionalBook:
        """One of the period's regional books, by its code."""
        for book in self.params.regional_books():
            if book.code == code:
                return book
        raise KeyError(f"{self.params.period} has no regional book {code!r} in its params")

    @cached_property
    def qualitative(self) -> Qualitative | None:
        """Codebook and checked codings, or None when the period has no qualitative analysis."""
        return load_qualitative_inputs(self.loaded, self.cases)

    def quotes(self) -> list[Quote]:
        """The approved, de-identified quotes (checked against deduce by the build)."""
        q = self.qualitative
        if q is None or self.params.qualitative.quotes is None:
            return []
        approvals = read_approvals(self.loaded.resolve(self.params.qualitative.quotes))
        return published(candidates(q.codings.frame), approvals)

    @cached_property
    def release(self) -> Release:
        """Every table the period's book publishes, protected as one model, with the books
        of the quarters within it (already published) as part of that model."""
        earlier = [q.release for q in self.quarters()]
        return release(
            self.cases,
            self.start,
            self.end,
            self.rules,
            self.qualitative,
            earlier,
            self.population,
            self.pooled_with(),
            self.params.period,
            self.params.regional_books(),
        )

    def pooled_with(self) -> list[PoolPart]:
        """The earlier periods the stille-vragen chapter pools with this one (up to two of the
        same kind, oldest first), when their params are next to these."""
        out, period = [], self
        for _ in range(POOLED_PERIODS - 1):
            period = period.previous()
            if period is None:
                break
            out.append(
                PoolPart(
                    period.params.period,
                    period.release.book,
                    period.population,
                    period.release.pool,
                )
            )
        return out[::-1]

    def quarters(self) -> list[Period]:
        """For a calendar year: the periods of its quarters that have params next to it (on the
        same kind of data: demo or real)."""
        return [load_period(q.path) for q in Periods.beside(self.loaded).quarters(self.loaded)]

    def previous(self) -> Period | None:
        """The period before this one of the same kind (the year before; the same quarter a
        year before), when its params are next to these (on the same kind of data)."""
        loaded = Periods.beside(self.loaded).previous(self.loaded)
        return None if loaded is None else load_period(loaded.path)

    @cached_property
    def population(self) -> Population:
        """Young people per region and age band: the params' own file, else CBS's figures of
        the period's year (or the nearest year shipped) in the export's region indeling."""
        return period_population(self.loaded)


def period_population(loaded: LoadedParams) -> Population:
    p = loaded.params.population
    if p is not None:
        return read_population(loaded.resolve(p.file), p.source)
    return cbs_population(loaded.params.period_end.year, loaded.params.data.jeugdregio_indeling)


# The periods this process has loaded, by the hash of their params and input files: the
# chapter notebooks of a build share a kernel, and each reads and validates the export once.
# In memory only (never a file), and only the last few.
_LOADED: OrderedDict[str, Period] = OrderedDict()
_KEEP = 8


def load_period(params_file: str | Path) -> Period:
    loaded = load(params_file)
    key = sha256_of(
        str(loaded.path).encode(),
        loaded.path.read_bytes(),
        *(str(f).encode() + f.read_bytes() for f in loaded.input_files()),
    )
    if key in _LOADED:
        _LOADED.move_to_end(key)
        return _LOADED[key]
    period = _LOADED[key] = Period(loaded, load_cases(loaded))
    while len(_LOADED) > _KEEP:
        _LOADED.popitem(last=False)
    return period


def load_history(params_file: str | Path) -> list[Period]:
    """The calendar-year periods next to ``params_file`` up to and including its year, on the
    same kind of data (demo or real), oldest first (for figures across years)."""
    current = load(params_file)
    return [load_period(y.path) for y in Periods.beside(current).history(current)]
