"""The names chapter notebooks import: ``from olcc_report.notebook import load_period``.

A facade over :mod:`olcc_report.pipeline.period`, so that notebooks keep their short imports
whatever the package's inner layout.
"""

from olcc_report.pipeline.period import Period, load_history, load_period

__all__ = ["Period", "load_history", "load_period"]
