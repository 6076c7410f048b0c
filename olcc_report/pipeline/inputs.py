"""A period's inputs as every command and notebook loads them: the case export (or, for the
demo, the synthetic cases) and the codings (or the synthetic ``.qdpx``).

This is the one place that chooses between real and demo inputs, so only the pipeline imports
:mod:`olcc_report.demo`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from olcc_report.demo.cases import generate_period_export
from olcc_report.demo.codings import qdpx_bytes
from olcc_report.intake.params import LoadedParams
from olcc_report.intake.validate import read_cases, validate_export
from olcc_report.qualitative.codebook import Codebook
from olcc_report.qualitative.codings import Qualitative, load_qualitative


def load_cases(loaded: LoadedParams, path: Path | str | None = None) -> pd.DataFrame:
    """Read, map and validate a period's cases: ``path`` if given (``olcc-report validate
    --file``), else the export or the demo data its params point at."""
    params = loaded.params
    if path is None and params.is_demo:
        raw = generate_period_export(params.period_start, params.period_end)
        # A demo period that does not register some fields gets an export without them.
        dropped = [c for c in raw.columns if c in params.data.not_registered]
        return validate_export(
            raw.drop(columns=dropped),
            params.mapping,
            params.period_start,
            params.period_end,
            f"demo:{params.period}",
            params.data,
        )
    return read_cases(loaded, path)


def _demo_codings(loaded: LoadedParams, codebook: Codebook, case_ids: set[str]) -> bytes:
    themes = [(t.code, t.label) for t in codebook.themes]
    return qdpx_bytes(loaded.params.period_start.year, themes, case_ids)


def load_qualitative_inputs(loaded: LoadedParams, cases: pd.DataFrame) -> Qualitative | None:
    """The period's codebook and checked codings (None when it has none)."""
    return load_qualitative(loaded, cases, _demo_codings)
