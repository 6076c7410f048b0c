"""olcc-report: a reproducible Dutch annual report of stuck youth-care cases.

Subpackages by stage, in the one direction data flows (a layer imports only those below it;
``make test`` checks this with import-linter)::

    pipeline     paths, inputs, notebook execution, build, CLI    (the only user of demo)
    demo         synthetic cases and codings
    book         shape, generated pages, downloads, PDF, site  |  figures  charts, tables, text
    disclosure   the cell model, protected tables, survival rules
    intervals    the promise and the interval solver (protection and auditor)
    analysis     pure counts, survival, themes, funnel, QA report
    qualitative  codebook, codings, REFI-QDA, quotes
    intake       params, reader, mapping, validation
    records      schema, reference data, vocabulary, Dutch formatting

Chapter notebooks import short names: ``from olcc_report import figures, figures_qual``
and ``from olcc_report.notebook import load_period``.
"""

from importlib import import_module

__version__ = "0.2.0"

# Short names the chapter notebooks use, imported on first use (the CLI does not need altair).
_SHORT_NAMES = {
    "figures_qual": "olcc_report.figures.qualitative",
    "figures_trend": "olcc_report.figures.trend",
    "plan": "olcc_report.book.plan",
}


def __getattr__(name: str):
    if name in _SHORT_NAMES:
        return import_module(_SHORT_NAMES[name])
    raise AttributeError(f"module 'olcc_report' has no attribute {name!r}")
