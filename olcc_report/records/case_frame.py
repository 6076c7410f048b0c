"""The pandera schema of the typed case frame, derived from the fields of :mod:`.schema`."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from olcc_report.records.schema import fields, indicator_columns


def case_frame_schema(
    period_start=None, period_end=None, registered: Iterable[str] | None = None
) -> pa.DataFrameSchema:
    """The pandera schema of the typed case frame (after parsing).

    With a period, registration dates must fall inside it, closing dates may not fall after its
    end, and a case may not close before it was registered. ``registered``: the fields the
    frame has (default all); the core fields are always among them.
    """
    columns: dict[str, pa.Column] = {}
    keep = None if registered is None else set(registered)
    for f in fields():
        source = f.derived_from or f.name
        if keep is not None and source not in keep and not f.core:
            continue
        nullable = not f.required
        if f.kind == "id":
            columns[f.name] = pa.Column(str, nullable=False, unique=True)
        elif f.kind == "date":
            columns[f.name] = pa.Column("datetime64[ns]", nullable=nullable)
        elif f.kind == "integer":
            columns[f.name] = pa.Column(
                "Int64", pa.Check.in_range(f.minimum, f.maximum), nullable=nullable
            )
        elif f.kind == "boolean":
            columns[f.name] = pa.Column("boolean", nullable=nullable)
        elif f.kind == "category":
            columns[f.name] = pa.Column(
                pd.CategoricalDtype(f.codes, ordered=True), nullable=nullable
            )
        elif f.kind == "multi":
            # A category the export has no column for is not registered: no column.
            for column in indicator_columns(f.name):
                columns[column] = pa.Column("boolean", nullable=False, required=False)
    checks = []
    if period_start is not None and period_end is not None:
        first, last = pd.Timestamp(period_start), pd.Timestamp(period_end)
        columns["aanmelddatum"] = columns["aanmelddatum"].set_checks(
            [pa.Check.in_range(first, last)]
        )
        columns["afsluitdatum"] = columns["afsluitdatum"].set_checks([pa.Check.le(last)])
        checks.append(
            pa.Check(
                lambda d: (
                    d["afsluitdatum"].isna()
                    | d["aanmelddatum"].isna()
                    | (d["afsluitdatum"] >= d["aanmelddatum"])
                ),
                name="closing_after_registration",
            )
        )
    return pa.DataFrameSchema(columns, checks=checks, strict=True, ordered=False)
