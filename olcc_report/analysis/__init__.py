"""Analysis: pure functions from the typed case frame (and codings) to unprotected counts.

:mod:`.counts` (categories, pairs, multi-valued fields, flows), :mod:`.survival`
(Kaplan–Meier), :mod:`.themes` (themes per case), :mod:`.funnel` (stille vragen limits),
:mod:`.qa` (the analysts' quality report, never published). Nothing here is published as it is:
it passes :mod:`olcc_report.disclosure` first.

May import: :mod:`olcc_report.qualitative`, :mod:`olcc_report.intake`, :mod:`olcc_report.records`.
"""
