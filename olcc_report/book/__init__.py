"""The book: its shape (parts and chapters, the narrative lint), the generated pages (plan,
data dictionary, colophon, appendix), the downloads, a new year, the PDF and the site index.

Reads executed notebooks and params; never computes or protects a number itself.

May import: :mod:`olcc_report.disclosure` (to state its rules), :mod:`olcc_report.qualitative`,
:mod:`olcc_report.intake`, :mod:`olcc_report.records`. Not :mod:`olcc_report.figures`: the
tables reach the book through the notebooks' outputs.
"""
