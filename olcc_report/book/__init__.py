"""The book: its shape (parts and chapters, the narrative lint), the generated pages (plan,
data dictionary, colophon, appendix), the downloads, a new year, the PDF and the site index.

Reads executed notebooks and params; never computes or protects a number itself.

May import: :mod:`olcc_report.intervals` (the promise and the interval solver the auditor uses),
:mod:`olcc_report.qualitative`, :mod:`olcc_report.intake`, :mod:`olcc_report.records`. Never
:mod:`olcc_report.disclosure`: the auditor (:mod:`.audit`) writes down its own relations from
the published files, as an intruder would. Not :mod:`olcc_report.figures`: the tables reach the
book through the notebooks' outputs. An import contract (``pyproject.toml``) holds both.
"""
