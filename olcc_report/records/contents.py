"""The publication as data: the book's parts and chapters in order, and every table and figure it
publishes, declared once.

Everything that needs the shape of the book reads it here: the release (which optional fields a
table needs), the figure functions and the chapter notebooks (which tables a chapter shows, in
order), the table of contents, the PDF's chapter order, the numbering of figures and tables and
their source lines, the downloads and the appendix, and the tests. The auditor of the published
files may read it too, as a reader reads the table of contents: it says what a table is, never
how it was protected.

Sources of a chapter:

* ``narrative``: the team's Markdown for the period, ``book/<period>/<name>.md`` (a chapter the
  period has no file for is left out);
* ``notebook``: a chapter notebook, ``notebooks/<name>.ipynb``, run by papermill (left out when
  the period lacks what it needs, see ``olcc.requires`` in its metadata);
* ``page``: a page rendered from a template shared by all periods, ``book/<name>.md``;
* ``generated``: written by the build (data dictionary, eight-point plan, tables appendix,
  colophon).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Source = Literal["narrative", "notebook", "page", "generated"]


@dataclass(frozen=True)
class Chapter:
    name: str  # the file (and page) name
    source: Source


@dataclass(frozen=True)
class Part:
    caption: str
    chapters: tuple[Chapter, ...]
    guide: str = ""  # what a reader finds there (the front page's reading guide)


@dataclass(frozen=True)
class Table:
    """A table the book publishes (with its chart, unless ``chart`` is False) and its CSV."""

    key: str  # the figure's key: its anchor, its CSV's name, its number's key
    chapter: str  # the chapter that shows it
    fields: tuple[str, ...] = ()  # optional fields of the record it needs (core ones always)
    cbs: bool = False  # made with CBS's figures: its source line names CBS, as the licence asks
    chart: bool = True
    counts: bool = True  # publishes counts of cases (not durations or plan points)
    optional: bool = False  # shown only when the period has what it needs (codings some year)


ROOT = "intro"
THEME_TABLE_PREFIX = "thema-"  # one table per theme of the codebook, on the theme's own page

PARTS: tuple[Part, ...] = (
    Part(
        "Inleiding",
        (Chapter("voorwoord", "narrative"), Chapter("wie_zijn_wij", "narrative")),
        "voorwoord, en wie wij zijn en hoe we analyseren (het verstoringenmodel)",
    ),
    Part(
        "Welke vragen zijn gesteld?",
        (Chapter("welke_vragen", "notebook"),),
        "instroom en uitstroom, aanmelders, leeftijd en geslacht, problemen en hun combinaties, "
        "profielgroepen, regio's, verstoringen, woonsituatie en leefgebieden",
    ),
    Part(
        "Kwalitatieve analyse",
        (Chapter("kwalitatief", "notebook"), Chapter("casusevaluaties", "notebook")),
        "thema's in de casusbeschrijvingen, citaten, en de knooppunten en succesmomenten uit de "
        "casusevaluaties",
    ),
    Part(
        "Stille vragen",
        (Chapter("stille_vragen", "notebook"),),
        "regio's met minder aanmeldingen dan je zou verwachten",
    ),
    Part(
        "Rode draden door de jaren heen",
        (Chapter("rode_draden", "notebook"),),
        "wat over de jaren terugkomt",
    ),
    Part(
        "Thema's",
        (
            Chapter("trauma", "narrative"),
            Chapter("contact", "narrative"),
            Chapter("leefwereld", "narrative"),
        ),
        "trauma, contact en leefwereld",
    ),
    Part(
        "Wat we deden met de vragen",
        (Chapter("wat_we_deden", "notebook"), Chapter("algemene_beschouwingen", "narrative")),
        "gevraagd tegenover gedaan, uitkomsten en doorlooptijd",
    ),
    Part(
        "Vooruit",
        (Chapter("achtpuntenplan", "generated"), Chapter("vooruitblik", "narrative")),
        "het achtpuntenplan en de vooruitblik",
    ),
    Part(
        "Verantwoording",
        (
            Chapter("verantwoording", "page"),
            Chapter("gegevenswoordenboek", "generated"),
            Chapter("bijlagen", "generated"),
            Chapter("toegankelijkheid", "page"),
            Chapter("colofon", "generated"),
        ),
        "gegevens, definities, geheimhouding, het gegevenswoordenboek, alle tabellen als download, "
        "de toegankelijkheidsverklaring en het colofon",
    ),
)

# Every table, in the order its chapter shows it.
TABLES: tuple[Table, ...] = (
    Table("instroom-uitstroom", "welke_vragen"),
    Table("aanmelder", "welke_vragen", ("aanmelder",)),
    Table("expertteam", "welke_vragen", ("expertteam_betrokken", "teruggelegd_bij_expertteam")),
    Table("leeftijd-geslacht", "welke_vragen"),
    Table("problemen", "welke_vragen", ("problemen",)),
    Table("aantal-problemen", "welke_vragen", ("problemen",)),
    Table("combinaties-2", "welke_vragen", ("problemen",)),
    Table("combinaties-3", "welke_vragen", ("problemen",)),
    Table("profielgroepen", "welke_vragen", ("profielgroep",)),
    Table("problemen-profielgroep", "welke_vragen", ("problemen", "profielgroep")),
    Table("jeugdregio", "welke_vragen", cbs=True),
    Table("provincie", "welke_vragen"),
    Table("verstoringen", "welke_vragen", ("verstoringen",)),
    Table("aantal-verstoringen", "welke_vragen", ("verstoringen",)),
    Table("woonsituatie", "welke_vragen", ("woonsituatie",)),
    Table("aantal-leefgebieden", "welke_vragen", ("leefgebieden",)),
    Table("themas", "kwalitatief"),
    Table("themas-profielgroep", "kwalitatief", ("profielgroep",)),
    Table("themas-leeftijdsgroep", "kwalitatief"),
    Table("thema-paren", "kwalitatief"),
    Table("casusevaluaties", "casusevaluaties"),
    Table("stille-vragen", "stille_vragen", cbs=True),
    Table("trend-casussen", "rode_draden"),
    Table("trend-profielgroepen", "rode_draden"),
    Table("trend-verstoringen", "rode_draden"),
    Table("trend-themas", "rode_draden", optional=True),
    Table("trend-doorlooptijd", "rode_draden", counts=False),
    Table("trend-plannen", "rode_draden", chart=False, counts=False),
    Table("hulpvraag-inzet", "wat_we_deden", ("hulpvraag", "inzet")),
    Table("uitkomst", "wat_we_deden", ("uitkomst",)),
    Table("doorlooptijd", "wat_we_deden"),
    Table("doorlooptijd-kwartielen", "wat_we_deden", chart=False, counts=False),
)
_BY_KEY = {t.key: t for t in TABLES}

# A regional book: one chapter, each table beside the national one (same keys, same cells).
REGIONAL_CHAPTER = "regio"
REGIONAL_TABLES: tuple[Table, ...] = (
    Table("instroom-uitstroom", REGIONAL_CHAPTER),
    Table("aanmelder", REGIONAL_CHAPTER, ("aanmelder",)),
    Table("leeftijdsgroep", REGIONAL_CHAPTER),
    Table("geslacht", REGIONAL_CHAPTER),
    Table("problemen", REGIONAL_CHAPTER, ("problemen",)),
    Table("woonsituatie", REGIONAL_CHAPTER, ("woonsituatie",)),
    Table("uitkomst", REGIONAL_CHAPTER, ("uitkomst",)),
    Table("doorlooptijd-kwartielen", REGIONAL_CHAPTER, chart=False, counts=False),
)
_REGIONAL = {t.key: t for t in REGIONAL_TABLES}

# The sentences the chapter notebooks glue for the narrative pages (``{glue:text}`…_zin```)
# and the optional fields each speaks of: a page copied into a year that does not register
# one is marked for revision by ``new-year``. A test holds this list to the notebooks.
SENTENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "aangemeld_zin": (),
    "casussen_zin": (),
    "mediaan_zin": (),
    "stille_vragen_zin": (),
    "aanmelder_zin": ("aanmelder",),
    "expertteam_zin": ("expertteam_betrokken",),
    "teruggelegd_zin": ("teruggelegd_bij_expertteam",),
    "hulpvraag_zin": ("hulpvraag",),
    "uitkomst_zin": ("uitkomst",),
    "probleem_zin": ("problemen",),
    "trauma_zin": ("problemen",),
    "meerdere_problemen_zin": ("problemen",),
    "niet_thuis_zin": ("woonsituatie",),
    "profielgroep_zin": ("profielgroep",),
    "verstoring_zin": ("verstoringen",),
    "evaluatie_zin": (),  # from the codings, not the registration
    "geevalueerd_zin": (),
    "thema_contact_zin": (),
    "thema_leefwereld_zin": (),
    "thema_trauma_zin": (),
}


def table(key: str) -> Table:
    """The table ``key``; a theme's table (``thema-<code>``, one row of ``themas-profielgroep``)
    is shown on the theme's page."""
    if key in _BY_KEY:
        return _BY_KEY[key]
    if key in _REGIONAL:
        return _REGIONAL[key]
    if key.startswith(THEME_TABLE_PREFIX):
        return Table(key, key.removeprefix(THEME_TABLE_PREFIX))
    raise KeyError(f"no table {key!r} in the publication")


def fields_needed(key: str) -> tuple[str, ...]:
    """The optional fields a table of the release needs (none for the counts that are part of
    another figure, such as the national counts per age band of stille vragen)."""
    return table(key).fields if key in _BY_KEY or key.startswith(THEME_TABLE_PREFIX) else ()


def chapter_tables(chapter: str) -> tuple[str, ...]:
    """The keys of the tables a chapter shows, in order."""
    return tuple(t.key for t in TABLES if t.chapter == chapter)


def chapters() -> tuple[Chapter, ...]:
    return tuple(c for part in PARTS for c in part.chapters)


def book_chapters(available: Iterable[str]) -> list[str]:
    """The chapters a period's book has (``available``: the files it has), in book order: the
    contents, the numbering of figures and tables, the appendix."""
    have = set(available)
    return [c.name for c in chapters() if c.name in have]


def book_order(available: Iterable[str]) -> list[str]:
    """The root page, then :func:`book_chapters` (the PDF's order)."""
    return [ROOT, *book_chapters(available)]


def reading_guide(available: Iterable[str]) -> list[tuple[str, str]]:
    """(caption, what a reader finds there) for each part the period's book has."""
    have = set(available)
    return [(p.caption, p.guide) for p in PARTS if any(c.name in have for c in p.chapters)]


def table_of_contents(available: Iterable[str]) -> dict:
    """The Jupyter Book ``_toc.yml`` with the chapters that exist for the period."""
    have = set(available)
    parts = []
    for part in PARTS:
        files = [{"file": c.name} for c in part.chapters if c.name in have]
        if files:
            # Chapters numbered (not their sections), on across parts: the numbers figures and
            # tables carry ("Figuur 3.5" is in chapter 3).
            parts.append({"caption": part.caption, "numbered": 1, "chapters": files})
    return {"format": "jb-book", "root": ROOT, "parts": parts}
