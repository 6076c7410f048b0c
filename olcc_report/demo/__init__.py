"""Demo: synthetic cases and codings, seeded, so the demo books can be built anywhere.

No real case is behind any of it. Only :mod:`olcc_report.pipeline` may import this package.

May import: :mod:`olcc_report.records`.
"""
