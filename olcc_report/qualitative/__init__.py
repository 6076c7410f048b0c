"""Qualitative inputs: the codebook, codings from a table or a REFI-QDA project, and quotes
(de-identification and the analysts' approvals).

:mod:`.codebook`, :mod:`.segments` (the codings frame), :mod:`.codings` (tables, checks, loading),
:mod:`.refi` (``.qdpx``, opened defensively), :mod:`.quotes`.

May import: :mod:`olcc_report.intake`, :mod:`olcc_report.records`.
"""
