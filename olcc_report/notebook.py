"""What a chapter notebook needs, in one call: the period's params and its validated cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from olcc_report.params import DisclosureParams, LoadedParams, Params, load_params
from olcc_report.validate import load_cases


@dataclass(frozen=True)
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


def load_period(params_file: str | Path) -> Period:
    loaded = load_params(params_file)
    return Period(loaded, load_cases(loaded))
