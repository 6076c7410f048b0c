"""The worst-case books read clean: a period where every number is secret (nine cases) and one
where every optional value is missing or not registered (tests/fixtures/worst/, hand-made). Every
page's text, its text alternatives and labels included, is read as a reviewer would: no broken
phrase, no empty parentheses, no "onbekend" where a number belongs, no symbol standing in for a
number in a sentence, no placeholder, no English."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from olcc_report.pipeline.build import Project, build_periods

WORST = ROOT / "tests" / "fixtures" / "worst"
PERIODS = ("2030", "2031")

# What must never be read in a book (each with why).
DEFECTS = {
    r"(?<!of )(?<!is )(?<!woonsituatie )\bonbekend\b": "'onbekend' where a number belongs",
    r"\(\s*\)": "empty parentheses",
    r"\b(?:werden|waren|pakte|nog|na|bij|in)\s+[x.-]\s": "a symbol standing in for a number",
    r"params[:.]|VUL-IN|TODO|⟨|\{\{|\}\}|\{glue": "a placeholder or unfilled template",
    r"\b(?:the|unknown|missing|hidden|None|null|NaN|undefined)\b": "English or a program's word",
    r"cel\(len\)|\(en\)\b": "a plural in brackets",
    r"\s[.,;:]\s*[.,;]": "a broken phrase (punctuation after nothing)",
}


class _Text(HTMLParser):
    """The text a reader sees or hears: body text and the labels and text alternatives."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("aria-label", "alt", "title") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


@pytest.fixture(scope="module")
def worst_books(tmp_path_factory) -> dict[str, Path]:
    project = Project(ROOT).copy_inputs(tmp_path_factory.mktemp("worst") / "project")
    for source in WORST.iterdir():
        shutil.copy(source, project.root / "params" / source.name)
    return build_periods(project, list(PERIODS), pdf=False)


def defects(html: Path) -> list[str]:
    """What a reader must never read, page by page, with where it stands."""
    skip = ("genindex.html", "search.html")
    pages = [p for p in sorted(html.glob("*.html")) if p.name not in skip]
    assert len(pages) > 5
    found = []
    for page in pages:
        text = page_text(page)
        for pattern, why in DEFECTS.items():
            found += [
                f"{page.name}: {why}: …{text[max(0, m.start() - 80) : m.end() + 40]}…"
                for m in re.finditer(pattern, text)
            ]
    return found


@pytest.mark.parametrize("period", PERIODS)
def test_every_page_of_a_worst_case_book_reads_clean(worst_books, period):
    assert defects(worst_books[period].parent) == []


def test_every_page_of_every_demo_book_reads_clean(demo_books):
    _, books = demo_books
    found = [f"{period}: {d}" for period, index in books.items() for d in defects(index.parent)]
    assert found == [], "\n".join(found)


def test_the_all_secret_book_says_its_numbers_are_secret(worst_books):
    intro = page_text(worst_books["2030"].parent / "intro.html")
    assert (
        "Hoeveel casussen in deze periode werden aangemeld, wordt niet getoond (geheim)." in intro
    )
    chapter = page_text(worst_books["2030"].parent / "wat_we_deden.html")
    assert "Na hoeveel weken de helft van de casussen was afgesloten, wordt niet getoond" in chapter


def test_the_empty_book_says_what_was_not_registered_or_filled_in(worst_books):
    chapter = page_text(worst_books["2031"].parent / "welke_vragen.html")
    assert "In deze periode niet geregistreerd: aanmelder." in chapter
    assert "problemen is bij geen enkele casus ingevuld" in chapter
    assert "trauma als probleem bij 0%" not in chapter
