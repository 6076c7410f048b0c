"""REFI-QDA projects in the style of each tool, through the whole book.

Each fixture of ``tests/fixtures/qdpx/`` is the 2020 demo period's codings in turn. The counts
below are read off the fixture files by hand (which case's source holds which coding), never
from the importer: the book's theme table, its case-evaluation table and its quotes must say
the same. Hostile projects stop the build with the reason, exit 1, and leave nothing behind.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, qdpx
from typer.testing import CliRunner

from olcc_report.figures.chapters import book_figures
from olcc_report.pipeline.cli import app
from olcc_report.pipeline.period import load_period
from olcc_report.records.vocabulary import NIL_SYMBOL, SECRET_SYMBOL

EXACT = {"min_count": 1, "rounding_base": 1}  # nothing hidden, nothing rounded

# Cases per theme and per case-evaluation code, from the fixture files:
# qualcoder  DEMO-2020-0001: Trauma, Contact als interventie, Vaste contactpersoon;
#            DEMO-2020-0002: Contact als interventie, leefwereld, Ontbrekend aanbod.
# atlasti    DEMO-2020-0003.docx: trauma, Leefwereld (twice coded with contact);
#            DEMO-2020-0004.pdf: Leefwereld (in the PDF's text representation).
# nvivo      DEMO-2020-0005: Trauma, Stille vraag (the case node "Casus vijf" is no theme).
# maxqda     the source whose variable Casusnummer is DEMO-2020-0006: Stille vraag.
# The code "Trauma" matches the theme by its code; the book prints the codebook's label.
THEMES = {
    "qualcoder": {
        "Traumatische ervaringen": 1,
        "Contact als interventie": 2,
        "Leefwereld en sociale basis": 1,
    },
    "atlasti": {
        "Traumatische ervaringen": 1,
        "Contact als interventie": 1,
        "Leefwereld en sociale basis": 2,
    },
    "nvivo": {"Traumatische ervaringen": 1, "Stille vraag": 1},
    "maxqda": {"Stille vraag": 1},
}
EVALUATIONS = {
    "qualcoder": {
        "Eén of meer knooppunten": 1,
        "Eén of meer succesmomenten": 1,
        "Knooppunt: Ontbrekend aanbod": 1,
        "Succesmoment: Vaste contactpersoon": 1,
        "Geëvalueerde casussen": 2,
    },
}
# The segments coded as quote (QualCoder: a second selection of the same range with "Citaat";
# ATLAS.ti: a "citaat" Coding inside the selection), with the themes coded on the same text.
QUOTES = {
    "qualcoder": {
        "De jongen is bang na wat er thuis gebeurde.": ("trauma",),
        "Het contact met de buurtcoach hielp.": ("contact", "leefwereld"),
    },
    "atlasti": {"De jeugdige sliep slecht sinds de uithuisplaatsing.": ("trauma",)},
    "nvivo": {},
    "maxqda": {},
}


def use_codings(project: Path, data: bytes, disclosure: dict | None = None) -> Path:
    """Make ``data`` the 2020 period's codings file, with its own (empty) approval file."""
    (project / "params" / "kwalitatief" / "project.qdpx").write_bytes(data)
    path = project / "params" / "2020.yaml"
    params = yaml.safe_load(path.read_text(encoding="utf-8"))
    params["qualitative"]["codings"] = "kwalitatief/project.qdpx"
    params["qualitative"]["quotes"] = "kwalitatief/citaten-project.yaml"
    if disclosure:
        params["disclosure"] = disclosure
    path.write_text(yaml.safe_dump(params, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def table(figures, name: str) -> dict[str, str]:
    """First column → second column of a published CSV, as a reader downloads it."""
    figure = next(f for f in figures if f.csv_name == name)
    rows = list(csv.reader(io.StringIO(figure.view.csv_text()), delimiter=";"))
    return {r[0]: r[1] for r in rows[1:]}


def published(params: Path):
    period = load_period(params)
    return book_figures(period.release, period.population)


@pytest.mark.parametrize("tool", sorted(THEMES))
def test_the_book_counts_what_the_file_says(project_copy, tool):
    params = use_codings(project_copy, qdpx(FIXTURES / tool, stored=tool == "nvivo"), EXACT)
    figures = published(params)
    themes = table(figures, "themas.csv")
    for label, shown in themes.items():
        if not label.startswith("Totaal"):
            assert shown == str(THEMES[tool].get(label, NIL_SYMBOL)), (label, shown)
    assert set(THEMES[tool]) <= set(themes)
    evaluations = table(figures, "casusevaluaties.csv")
    for label, shown in evaluations.items():
        assert shown == str(EVALUATIONS.get(tool, {}).get(label, NIL_SYMBOL)), (label, shown)


def test_small_theme_counts_are_hidden_under_the_books_rules(project_copy):
    params = use_codings(project_copy, qdpx(FIXTURES / "qualcoder"))  # min_count 10, round to 5
    themes = table(published(params), "themas.csv")
    expected = {label: SECRET_SYMBOL for label in THEMES["qualcoder"]}
    assert {k: v for k, v in themes.items() if k in expected} == expected


@pytest.mark.parametrize("tool", ["qualcoder", "atlasti"])
def test_quotes_reach_the_approval_file_and_then_the_book(project_copy, tool):
    params = use_codings(project_copy, qdpx(FIXTURES / tool))
    runner = CliRunner()
    result = runner.invoke(app, ["quotes", "--period", "2020", "--project", str(project_copy)])
    assert result.exit_code == 0, result.output
    approvals = project_copy / "params" / "kwalitatief" / "citaten-project.yaml"
    entries = yaml.safe_load(approvals.read_text(encoding="utf-8"))["citaten"]
    assert {e["tekst"]: tuple(e["thema"]) for e in entries} == QUOTES[tool]
    assert load_period(params).quotes() == []  # nothing is shown before it is approved
    for entry in entries:
        entry["akkoord"], entry["door"] = True, "test"
    approvals.write_text(yaml.safe_dump({"citaten": entries}, allow_unicode=True), "utf-8")
    shown = load_period(params).quotes()
    assert {q.text: q.themes for q in shown} == QUOTES[tool]


# --- hostile projects stop the build --------------------------------------------------------------


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def project_xml(body: bytes, head: bytes = b"") -> bytes:
    return head + b'<Project xmlns="urn:QDA-XML:project:1.0">' + body + b"</Project>"


def fixture_with(old: str, new: str) -> bytes:
    return qdpx(FIXTURES / "qualcoder", replace={old: new})


def hostile() -> dict[str, tuple[bytes, str]]:
    """Name → (the .qdpx bytes, what the refusal says)."""
    good = qdpx(FIXTURES / "qualcoder")
    dtd = b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">]>'
    xinclude = (
        b'<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xi="http://www.w3.org/2001/XInclude">'
        b'<xi:include href="/etc/passwd" parse="text"/></Project>'
    )
    return {
        "entities": (zipped({"project.qde": project_xml(b"&a;", dtd)}), "DTD or entities"),
        "external entity": (
            zipped(
                {
                    "project.qde": project_xml(
                        b"&x;", b'<!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    )
                }
            ),
            "DTD or entities",
        ),
        "xinclude": (zipped({"project.qde": xinclude}), "XInclude"),
        "zip bomb": (
            zipped({"project.qde": b"<x/>", "sources/big.txt": b"0" * (201 * 2**20)}),
            "zip bomb",
        ),
        "many members": (
            zipped({"project.qde": b"<x/>", **{f"sources/{i}.txt": b"" for i in range(10_001)}}),
            "files in the archive",
        ),
        "zip slip": (zipped({"project.qde": b"<x/>", "../../evil.txt": b"x"}), "unsafe path"),
        "not a zip": (b"PK not really", "not a zip"),
        "truncated": (good[: len(good) // 2], "not a zip"),
        "malformed": (zipped({"project.qde": b'<Project xmlns="x"><Sources>'}), "not valid XML"),
        "amplification": (
            zipped({"project.qde": project_xml(b"<Note/>" * 600_000)}),
            "XML elements",
        ),
        "offset out of range": (
            fixture_with(
                'startPosition="99" endPosition="136"', 'startPosition="99" endPosition="9136"'
            ),
            "9136",
        ),
        "unknown guid": (
            fixture_with(
                '<CodeRef targetGUID="c0000000-0000-4000-8000-000000000003"/>',
                '<CodeRef targetGUID="c0000000-0000-4000-8000-0000000000ff"/>',
            ),
            "0000000000ff",
        ),
        "duplicate guid": (
            fixture_with('guid="s2"', 'guid="S1"'),
            "(guid 'S1', positions 55–98)",
        ),
    }


HOSTILE = hostile()


def files(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_project_stops_the_build_and_writes_nothing(project_copy, name):
    data, reason = HOSTILE[name]
    use_codings(project_copy, data)
    before = files(project_copy)
    result = CliRunner().invoke(app, ["build", "--period", "2020", "--project", str(project_copy)])
    assert result.exit_code == 1, result.output
    message = " ".join(result.output.split())
    assert "project.qdpx" in message and reason in message, message
    assert files(project_copy) == before  # no book, no cache, nothing unpacked
