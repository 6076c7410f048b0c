"""The book's own Sphinx extension: text the theme puts into every page as it is.

The themes insert the book's title (``docstitle``: the logo text, the search page's title), the
home page's title (``root_title``: the sidebar), the page's title (``pagetitle``: the printed
head), the page description and the author (the footer) into their templates without escaping,
as if they were HTML. They come from params, so they are escaped here, after the theme has set
them; Jinja does not escape them a second time.
"""

from __future__ import annotations

from markupsafe import Markup, escape

ESCAPED = ("docstitle", "root_title", "pagetitle", "page_description", "author", "project")


def _escape(app, pagename, templatename, context, doctree) -> None:
    for key in ESCAPED:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def setup(app):
    app.connect("html-page-context", _escape, priority=900)  # after the themes (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
