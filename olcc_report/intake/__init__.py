"""Intake: params, and an export read, mapped and validated into the typed case frame.

:mod:`.params` (the period's params file), :mod:`.reader` (CSV/XLSX/Parquet),
:mod:`.values` (cell parsers), :mod:`.mapping` (columns and values onto the schema),
:mod:`.validate` (pandera validation, every problem at once), :mod:`.problems` (how a problem is
reported), :mod:`.population` (young people per region).

May import: :mod:`olcc_report.records`.
"""
