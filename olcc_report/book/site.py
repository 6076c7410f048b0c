"""The site index ``_build/index.html``: every period's book, newest first."""

from __future__ import annotations

import html
from dataclasses import dataclass

from olcc_report.records.vocabulary import DEMO_LABEL

SITE_TITLE = "Rapportages Oppakken en Leren van Complexe Casuïstiek"


@dataclass(frozen=True)
class SiteEntry:
    period: str
    title: str
    is_demo: bool
    regions: tuple[tuple[str, str], ...] = ()  # its regional books: (code, name)


def _regions(entry: SiteEntry) -> str:
    if not entry.regions:
        return ""
    links = [
        f'<li><a href="{html.escape(entry.period)}/regio/{html.escape(code)}/html/intro.html">'
        f"{html.escape(name)}</a></li>"
        for code, name in entry.regions
    ]
    return f'\n<ul aria-label="Regionale boeken">\n{chr(10).join(links)}\n</ul>'


def site_index(entries: list[SiteEntry]) -> str:
    """The index page (HTML; every text escaped)."""
    items = [
        f'<li><a href="{html.escape(e.period)}/html/intro.html">{html.escape(e.title)}</a>'
        f"{f' ({DEMO_LABEL})' if e.is_demo else ''}{_regions(e)}</li>"
        for e in entries
    ]
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{SITE_TITLE}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.5;color:#1a1a1a}a{color:#1f5a96}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{SITE_TITLE}</h1>\n"
        "<p>Kies een periode, en het landelijke boek of dat van een regio. Elke pagina van een "
        "rapportage heeft bovenaan een keuze om dezelfde pagina in een andere periode (en, waar "
        "een periode regionale boeken heeft, in een andere regio) te openen.</p>\n"
        f"<ul>\n{chr(10).join(items)}\n</ul>\n</main>\n</body>\n</html>\n"
    )
