"""olcc-report: a reproducible Dutch annual report of stuck youth-care cases."""

__version__ = "0.1.0"
