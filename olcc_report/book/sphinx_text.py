"""The book's own Sphinx extension: what the themes put into every page, made safe and Dutch.

- The themes insert the book's title (``docstitle``: the logo text, the search page's title),
  the home page's title (``root_title``: the sidebar), the page's title (``pagetitle``: the
  printed head), the page description and the author (the footer) into their templates without
  escaping, as if they were HTML. They come from params, so they are escaped here, after the
  themes have set them; Jinja does not escape them a second time.
- The pydata theme has no Dutch catalogue and Sphinx's misses a few strings: the Dutch ones
  below are a fallback behind Sphinx's own translation. Buttons whose names the theme spells
  out in English are overridden in ``olcc_report/templates/sphinx`` (found before the themes' own components).
- Nothing points nowhere or at the internet: the download menu's source files (``_sources/``
  is not published) and Thebe's script address (nothing launches Thebe) are removed.
"""

from __future__ import annotations

import gettext
from importlib import resources

from markupsafe import Markup, escape

ESCAPED = ("docstitle", "root_title", "pagetitle", "page_description", "author", "project")

# Interface strings of the themes and of Sphinx that have no Dutch translation there.
DUTCH = {
    "Skip to main content": "Naar de inhoud",
    "Back to top": "Naar boven",
    "Color mode": "Kleurweergave",
    "Light": "Licht",
    "Dark": "Donker",
    "System Settings": "Zoals het apparaat",
    "previous page": "vorige pagina",
    "next page": "volgende pagina",
    "Site navigation": "Navigatie",
    "Section Navigation": "Navigatie in dit deel",
    "On this page": "Op deze pagina",
    "Announcement": "Mededeling",
    "Version warning": "Waarschuwing over de versie",
    "Breadcrumb": "Kruimelpad",
    "Home": "Start",
    "Link to this heading": "Link naar deze kop",
    "Link to this table": "Link naar deze tabel",
    "Link to this image": "Link naar deze afbeelding",
    "Link to this code": "Link naar deze code",
    "Link to this definition": "Link naar deze definitie",
    "Search": "Zoeken",
}
SEARCH_BAR_TEXT = "Zoek in dit boek…"
# Buttons of the download menu that link to files the book does not publish.
UNPUBLISHED_BUTTONS = ("download-notebook-button", "download-source-button")


class _Dutch(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return DUTCH.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def _escape(context: dict) -> None:
    for key in ESCAPED:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = escape(value)


def _only_what_works(context: dict) -> None:
    for group in context.get("header_buttons", []):
        if group.get("type") == "group":
            group["buttons"] = [
                b for b in group["buttons"] if b.get("label") not in UNPUBLISHED_BUTTONS
            ]
    context["script_files"] = [
        s
        for s in context.get("script_files", [])
        if "sphinx-thebe" not in str(s)
        and "unpkg.com" not in str(getattr(s, "attributes", {}).get("body", ""))
    ]


def _page_context(app, pagename, templatename, context, doctree) -> None:
    _escape(context)
    _only_what_works(context)
    context["theme_search_bar_text"] = SEARCH_BAR_TEXT


def _configure(app, config) -> None:
    templates = resources.files("olcc_report").joinpath("templates/sphinx")
    config.templates_path = [str(templates), *config.templates_path]
    config.html_theme_options = {
        **(config.html_theme_options or {}),
        "search_bar_text": SEARCH_BAR_TEXT,
    }


def setup(app):
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _page_context, priority=900)  # after the themes (500)
    app.translator.add_fallback(_Dutch())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
