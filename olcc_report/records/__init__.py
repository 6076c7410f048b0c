"""Records: the case record and everything every stage shares.

:mod:`.schema` (fields, categories, synonyms, Dutch labels: the single source of truth),
:mod:`.reference` (CBS regions and provinces), :mod:`.vocabulary` (table symbols and their words,
period kinds, plan statuses, method constants), :mod:`.formatting` (Dutch number and date formats,
safe CSV text), :mod:`.archive` (deterministic zip files).

May import: nothing else of ``olcc_report`` (the bottom layer).
"""
