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
from olcc_report.intake.params import (
    DisclosureParams,
    LoadedParams,
    Params,
    ParamsError,
    load_params,
)
from olcc_report.intake.population import Population, cbs_population, read_population
from olcc_report.pipeline.inputs import load_cases, load_qualitative_inputs
from olcc_report.pipeline.project import sha256_of
from olcc_report.qualitative.codings import Qualitative
from olcc_report.qualitative.quotes import Quote, candidates, published, read_approvals
from olcc_report.records.vocabulary import calendar_parts, is_calendar_year


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
        return release(self.cases, self.start, self.end, self.rules, self.qualitative, earlier)

    def quarters(self) -> list[Period]:
        """For a calendar year: the periods of its quarters that have params next to it (on the
        same kind of data: demo or real)."""
        if not is_calendar_year(self.params.period):
            return []
        folder = self.loaded.path.parent
        quarters = [
            load_params(p) for p in sorted(folder.glob(f"{self.params.period}-Q[1-4].yaml"))
        ]
        # A year on real cases is never tied to a demo quarter (nor the other way round).
        return [load_period(q.path) for q in quarters if q.params.is_demo == self.params.is_demo]

    def previous(self) -> Period | None:
        """The period before this one of the same kind (the year before; the same quarter a
        year before), when its params are next to these (on the same kind of data)."""
        loaded = previous_period(self.loaded)
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


def previous_period(loaded: LoadedParams) -> LoadedParams | None:
    """The params of the period before ``loaded``'s of the same kind, if there are any (a
    period with its own start and end has none)."""
    parts = calendar_parts(loaded.params.period)
    if parts is None:
        return None
    year, quarter = parts
    path = loaded.path.parent / (
        f"{year - 1}.yaml" if quarter is None else f"{year - 1}-Q{quarter}.yaml"
    )
    if not path.is_file():
        return None
    earlier = load_params(path)
    return earlier if earlier.params.is_demo == loaded.params.is_demo else None


def related_periods(loaded: LoadedParams) -> list[LoadedParams]:
    """Every other period whose numbers ``loaded``'s book may show: the periods next to it on
    the same kind of data that start before it ends (a year's quarters, the earlier years of
    the rode draden, the previous period of the headline figures). Their inputs are part of
    the notebooks' cache key."""
    related = []
    for path in sorted(loaded.path.parent.glob("*.yaml")):
        if path.resolve() == loaded.path:
            continue
        try:
            other = load_params(path)
        except ParamsError:
            continue  # a broken params file of another period is that period's problem
        if other.params.is_demo == loaded.params.is_demo and (
            other.params.period_start <= loaded.params.period_end
        ):
            related.append(other)
    return related


# The periods this process has loaded, by the hash of their params and input files: the
# chapter notebooks of a build share a kernel, and each reads and validates the export once.
# In memory only (never a file), and only the last few.
_LOADED: OrderedDict[str, Period] = OrderedDict()
_KEEP = 8


def load_period(params_file: str | Path) -> Period:
    loaded = load_params(params_file)
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
    current = load_params(params_file)
    year = current.params.period_start.year
    periods = []
    for path in sorted(Path(params_file).parent.glob("*.yaml")):
        if not is_calendar_year(path.stem) or int(path.stem) > year:
            continue
        # Real years are never set beside demo years (nor the other way round).
        if load_params(path).params.is_demo != current.params.is_demo:
            continue
        periods.append(load_period(path))
    return periods
