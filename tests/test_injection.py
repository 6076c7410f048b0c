"""No input text becomes markup: payloads in every text the package reads from params and the
codebook, built into a whole book (HTML and PDF), appear only as text."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from pypdf import PdfReader

from olcc_report.book.pdf import PDF_NAME, chromium_path
from olcc_report.figures.quotes import quotes_html
from olcc_report.pipeline.build import Project, build_period, build_site
from olcc_report.qualitative.codebook import load_codebook
from olcc_report.qualitative.quotes import Quote
from olcc_report.records.vocabulary import CHART_CALL

MARK = "olccxss"
PAYLOADS = (
    f"<script>alert('{MARK}')</script>",
    f"<img src=x onerror=alert('{MARK}')>",
    f"</script><svg onload=alert('{MARK}')>",
    f"[klik](javascript:alert('{MARK}'))",
    f"<a href=\"javascript:alert('{MARK}')\">klik</a>",
    f"```{{raw}} html\n<b id='{MARK}-raw'>x</b>\n```",
    f"{{glue}}`{MARK}`",
    "{{ params.period }}",
    "*nadruk* & ' \" |",
)
PAYLOAD = " ".join(PAYLOADS)


def poison(project: Project, period: str) -> None:
    """The payloads in every text of the period's params and in every codebook label and
    definition (which reach captions, text alternatives, tables, quotes and the print page)."""
    path = project.params_file(period)
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("title", "subtitle", "organisation"):
        params[key] = f"{params.get(key) or key} {PAYLOAD}"
    params["texts"] = {"inleiding": PAYLOAD}
    publication = params.setdefault("publication", {})
    day = publication.get("date") or "2021-06-30"
    publication.update(
        date=day,
        revisions=[{"date": day, "what": PAYLOAD, "why": PAYLOAD}],
        publisher=PAYLOAD,
        address=PAYLOAD,
        contact={"name": PAYLOAD},
    )
    for point in params.get("plan", []):
        for key in point:
            point[key] = f"{point[key]} {PAYLOAD}"
    for status in params.get("plan_status", []):
        status["toelichting"] = PAYLOAD
    path.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    codebook_path = path.parent / params["qualitative"]["codebook"]
    codebook = yaml.safe_load(codebook_path.read_text(encoding="utf-8"))
    for theme in codebook["themes"]:
        theme["label"] = f"{theme['label']} {PAYLOAD}"
        theme["definition"] = f"{theme['definition']} {PAYLOAD}"
    codebook_path.write_text(yaml.safe_dump(codebook, allow_unicode=True), encoding="utf-8")


_SPEC = CHART_CALL  # a chart's call: its spec is JSON data


class LiveMarkup(HTMLParser):
    """Every place where a payload would run or render as markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._script = []
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARK in value:
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and re.match(
                r"\s*javascript:", value, re.I
            ):
                self.found.append(f"<{tag} {name}={value[:40]}>")
            if name == "id" and value.strip("'’\"") == f"{MARK}-raw":
                self.found.append(f"<{tag} id={value}> (a raw block rendered)")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            # The chart specs carry the labels as JSON strings (data, drawn as SVG text); any
            # payload outside them is a script that runs.
            rest = _SPEC.sub("", "".join(self._script))
            if MARK in rest:
                self.found.append(f"<script> running {rest[:80]!r}")
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        else:
            self.text.append(data)


def read(path: Path) -> LiveMarkup:
    parser = LiveMarkup()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    project = Project(ROOT).copy_inputs(tmp_path_factory.mktemp("xss") / "project")
    poison(project, "2020")
    index = build_period(project, "2020")
    return project, index.parent


def test_no_payload_becomes_markup_in_any_page(poisoned):
    project, html_dir = poisoned
    pages = [*sorted(html_dir.glob("*.html")), build_site(project)]
    live = {p.name: read(p).found for p in pages}
    assert {name: found for name, found in live.items() if found} == {}
    # The payloads reached the pages, as text a reader can read.
    intro = " ".join(read(html_dir / "intro.html").text)
    assert all(" ".join(p.split()) in " ".join(intro.split()) for p in PAYLOADS), intro[:2000]
    caption = " ".join(read(html_dir / "kwalitatief.html").text)
    assert f"<img src=x onerror=alert('{MARK}')>" in caption
    plan = " ".join(read(html_dir / "achtpuntenplan.html").text)
    assert f"{{glue}}`{MARK}`" in plan


def test_no_payload_becomes_markup_or_a_link_in_the_pdf(poisoned):
    _, html_dir = poisoned
    if not (html_dir / PDF_NAME).is_file():
        assert chromium_path() is None and os.environ.get("CI") != "true", "no PDF was made"
        pytest.skip("no chromium: no PDF")
    reader = PdfReader(html_dir / PDF_NAME)
    text = " ".join(page.extract_text() for page in reader.pages[:3])
    assert MARK in text  # the payload is printed as text on the title or first pages
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", ""))
            assert not uri.lower().startswith("javascript:"), uri
    assert "/JavaScript" not in str(reader.trailer["/Root"].get("/Names", {}))


def test_quote_text_is_shown_as_text(tmp_path):
    # Quote text comes from the analysts' QDA project: the payloads as a quote's words.
    codebook = load_codebook(ROOT / "params" / "kwalitatief" / "codeboek.yaml")
    page = tmp_path / "citaat.html"
    quote = Quote("c1", ("trauma",), PAYLOAD)
    page.write_text(f"<html><body>{quotes_html([quote], codebook)}</body></html>", "utf-8")
    parsed = read(page)
    assert parsed.found == []
    assert " ".join(PAYLOAD.split()) in " ".join(" ".join(parsed.text).split())
