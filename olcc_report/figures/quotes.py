"""Approved, de-identified quotes as HTML (every text escaped)."""

from __future__ import annotations

import html

from olcc_report.qualitative.codebook import Codebook
from olcc_report.qualitative.quotes import Quote


def quotes_html(
    quotes: list[Quote], codebook: Codebook, theme: str | None = None, limit: int = 3
) -> str:
    """Approved, de-identified quotes (of one theme) as blockquotes, in a stable order."""
    chosen = [q for q in quotes if theme is None or theme in q.themes][:limit]
    if not chosen:
        return '<p class="olcc-quote-none">Voor dit thema is (nog) geen citaat goedgekeurd.</p>\n'
    parts = []
    for quote in chosen:
        labels = ", ".join(codebook.label(t) for t in quote.themes if t in codebook.by_code)
        parts.append(
            f'<blockquote class="olcc-quote"><p>{html.escape(quote.text)}</p>'
            f"<footer>Uit een casusbeschrijving ({html.escape(labels)}); "
            "ge-de-identificeerd en door een analist goedgekeurd.</footer></blockquote>"
        )
    return "\n".join(parts) + "\n"
