"""Regional books: one protection for the national book and every regional book of a period.

Planted: a region whose only hidden cell is national minus the other regions."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, typed_cases

from olcc_report.analysis.cells import cell
from olcc_report.figures.release import release
from olcc_report.figures.release_regions import BOOK_REGION
from olcc_report.intake.params import DisclosureParams, Params, RegionalBook

EXACT = DisclosureParams(min_count=10, rounding_base=1)
START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)


def _book(code: str) -> RegionalBook:
    return RegionalBook(code, code, (code,), None, None, None)


def _cases():
    # Groningen (JZ01): 30 cases, 22 registered by parents. Friesland (JZ02): 30 cases, 3 by
    # parents. Every case is in one of the two books, so Friesland's 3 = 25 − 22.
    rows = []
    for region, parents in (("JZ01", 22), ("JZ02", 3)):
        for k in range(30):
            rows.append(
                {
                    "case_id": f"{region}-{k}",
                    "jeugdregio": region,
                    "aanmelder": "ouder" if k < parents else "jeugdhulpprofessional",
                }
            )
    return typed_cases(rows)


def _parents(r, book: str | None):
    scope = ((BOOK_REGION, book),) if book else ()
    return r.book.total(cell(*scope, ("aanmelder", "ouder")))


def test_national_minus_the_other_region_does_not_reveal_a_hidden_cell():
    cases = _cases()
    alone = release(cases, START, END, EXACT)
    # Without regional books, the national count of cases registered by parents is shown.
    assert alone.book.total(cell(("aanmelder", "ouder"))).value == 25
    both = release(cases, START, END, EXACT, regions=[_book("JZ01"), _book("JZ02")])
    friesland = _parents(both, "JZ02")
    assert friesland.value is None  # 3 cases: hidden (primary)
    shown = [_parents(both, None).value, _parents(both, "JZ01").value]
    # National and Groningen cannot both be shown exactly: 25 − 22 would give Friesland's 3.
    assert None in shown
    # Whatever is shown, the attacker's interval for Friesland's cell is as wide as promised.
    model, protection = both.book.model, both.book.protect()
    from olcc_report.disclosure.model import exposures

    assert exposures(model, {i for i, v in enumerate(protection.shown) if v is None}, EXACT) == []


def test_a_regional_book_total_is_its_regions_in_the_national_table():
    cases = _cases()
    r = release(cases, START, END, EXACT, regions=[_book("JZ01")])
    assert r.book.total(cell((BOOK_REGION, "JZ01"))) == r.book.total(cell(("jeugdregio", "JZ01")))
    assert r.regional("JZ01", "aanmelder").total.value == 30


@pytest.mark.parametrize(
    ("regions", "message"),
    [
        ([{"code": "JZ99"}], "not a CBS youth-care region code"),
        ([{"code": "noord", "regions": ["JZ01", "JZ02"]}], "needs a 'name'"),
        (
            [{"code": "JZ01"}, {"code": "noord", "name": "Noord", "regions": ["JZ01", "JZ04"]}],
            "JZ01 is in both JZ01 and noord",
        ),
        ([{"code": "a/b"}], "letters, digits"),
    ],
)
def test_regional_books_in_the_params_are_checked(regions, message):
    base = {"period": "2021-Q1", "title": "t", "data": {"cases": "demo"}}
    with pytest.raises(ValueError, match=message):
        Params.model_validate({**base, "regions": regions})


def test_all_regions_is_every_cbs_region():
    p = Params.model_validate(
        {"period": "2021-Q1", "title": "t", "data": {"cases": "demo"}, "regions": "alle"}
    )
    books = p.regional_books()
    assert len(books) == 42 and books[0].code == "JZ01" and books[0].name == "Groningen"


# --- the audit over all books of a period -------------------------------------------------

AUDIT_EXACT = DisclosureParams(min_count=10, rounding_base=1)


def _csv(text: str) -> bytes:
    return ("\ufeff" + "\n".join(line.strip() for line in text.strip().splitlines())).encode()


NATIONAL = {
    "jeugdregio.csv": """
        Jeugdregio;Aantal casussen;Aandeel
        Groningen;30;50
        Friesland (Fryslân);30;50
        Totaal;60;100
    """,
    "problemen.csv": """
        Probleem;Aantal casussen;Aandeel
        Suïcidaliteit;40;67
        Trauma;{trauma};{share}
        Totaal (alle casussen);60;100
    """,
}


def _regional(name: str, suicide: str, trauma: str, national_trauma: str) -> bytes:
    return _csv(
        f"""
        Probleem;{name}: aantal;{name}: aandeel;Landelijk: aantal;Landelijk: aandeel
        Suïcidaliteit;{suicide};x;40;67
        Trauma;{trauma};x;{national_trauma};x
        Totaal (alle casussen);30;100;60;100
        """
    )


def _audit(national_trauma: str) -> list[str]:
    from olcc_report.book.audit import PublishedBook, audit_books, read_book

    national = read_book(
        {
            name: _csv(text.format(trauma=national_trauma, share="x"))
            for name, text in NATIONAL.items()
        },
        "2030-Q1",
        AUDIT_EXACT,
    )
    books = [national]
    for name, member, trauma in (("Groningen", "Groningen", "20"), ("Friesland", None, "x")):
        tables = read_book(
            {"problemen.csv": _regional(name, "20", trauma, national_trauma)},
            "2030-Q1",
            AUDIT_EXACT,
        ).tables
        members = (member or "Friesland (Fryslân)",)
        books.append(PublishedBook("2030-Q1", AUDIT_EXACT, tables, region=name, members=members))
    return [str(f) for f in audit_books(books)]


def test_the_audit_of_all_books_finds_national_minus_the_other_region():
    # Friesland hides its 5 cases with trauma; Groningen shows 20 of the national 25.
    found = _audit("25")
    assert len(found) == 1, found
    assert "boekregio = Friesland" in found[0] and "tussen 5 en 5" in found[0]


def test_the_same_books_without_the_national_count_pass():
    assert _audit("x") == []


# --- the demo's regional books, as make report builds them -------------------------------


def test_every_declared_regional_book_is_built_with_its_region_in_its_downloads(demo_books):
    project, books = demo_books
    loaded = project.params("2023-Q1")
    codes = [b.code for b in loaded.params.regional_books()]
    assert codes == ["JZ14", "JZ22", "JZ39", "noord"]
    for code in codes:
        html = project.root / "_build" / "2023-Q1" / "regio" / code / "html"
        assert (html / "regio.html").is_file() and (html / "colofon.html").is_file()
        downloads = sorted(p.name for p in (html / "_static" / "tabellen").glob("*.csv"))
        assert downloads and all(name.startswith(f"{code}-") for name in downloads), downloads
    twente = project.root / "_build/2023-Q1/regio/JZ14/html"
    colophon = (twente / "colofon.html").read_text(encoding="utf-8")
    assert "Regionaal Expertteam Twente (demonstratie)" in colophon
    # a group's own pages are in its book
    assert (project.root / "_build/2023-Q1/regio/noord/html/eigen_werkwijze.html").is_file()
    # the national methodology says what is guaranteed across the books
    method = (project.root / "_build/2023-Q1/html/verantwoording.html").read_text("utf-8")
    assert "samen" in method and "Noord-Nederland" in method


def test_the_audit_reads_every_book_of_the_period_together(demo_books):
    from olcc_report.book.audit import Intruder, PublishedBook, read_book
    from olcc_report.pipeline.regional import _member_labels

    project, _ = demo_books
    loaded = project.params("2023-Q1")
    rules = loaded.params.disclosure
    built = project.root / "_build" / "2023-Q1"
    books = [read_book(built / "html" / "_static" / "tabellen", "2023-Q1", rules)]
    for region in loaded.params.regional_books():
        folder = built / "regio" / region.code / "html" / "_static" / "tabellen"
        files = {
            p.name.removeprefix(f"{region.code}-"): p.read_bytes() for p in folder.glob("*.csv")
        }
        tables = read_book(files, "2023-Q1", rules).tables
        books.append(
            PublishedBook(
                "2023-Q1", rules, tables, region=region.name, members=_member_labels(region)
            )
        )
    intruder = Intruder(books)
    regional_cells = [n for n in intruder.index if any(v == "boekregio" for v, _ in n[1])]
    assert len(regional_cells) > 200  # the regional tables were read, not skipped
    assert intruder.audit() == []


# --- one export per region, combined into the national one --------------------------------

HEADER = "case_id;aanmelddatum;afsluitdatum;aanmelder;geslacht;leeftijd;jeugdregio;woonsituatie;problemen"


def _export(folder, name: str, rows: list[str]) -> str:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return name


def _params(folder, twente: list[str], utrecht: list[str]):
    from olcc_report.intake.params import load_params

    folder.mkdir(exist_ok=True)
    a, b = _export(folder, "twente.csv", twente), _export(folder, "utrecht.csv", utrecht)
    (folder / "2021-Q1.yaml").write_text(
        f"""
period: "2021-Q1"
title: "t"
data:
  cases: "regio's"
  not_registered: [leefgebieden, verstoringen, hulpvraag, inzet, expertteam_betrokken,
    teruggelegd_bij_expertteam, profielgroep, uitkomst]
regions:
  - code: JZ14
    cases: {a}
  - code: JZ22
    cases: {b}
""",
        encoding="utf-8",
    )
    return load_params(folder / "2021-Q1.yaml")


def _row(case: str, region: str) -> str:
    return f"{case};03-02-2021;;ouder;meisje;14;{region};thuis;trauma"


def test_the_regions_own_exports_make_the_national_cases(tmp_path):
    from olcc_report.intake.validate import read_cases

    loaded = _params(
        tmp_path / "p",
        [_row(f"T-{k}", "JZ14") for k in range(12)],
        [_row(f"U-{k}", "JZ22") for k in range(15)],
    )
    cases = read_cases(loaded)
    assert len(cases) == 27  # 12 rows in twente.csv, 15 in utrecht.csv
    counts = cases["jeugdregio"].value_counts()
    assert counts[counts > 0].to_dict() == {"JZ22": 15, "JZ14": 12}
    assert str(cases["jeugdregio"].dtype) == "category"  # as one export gives it
    assert [p.name for p in loaded.input_files()] == ["twente.csv", "utrecht.csv"]


def test_a_case_of_another_region_or_twice_is_refused_with_its_file_and_row(tmp_path):
    from olcc_report.intake.problems import ExportInvalid
    from olcc_report.intake.validate import read_cases

    loaded = _params(
        tmp_path / "p",
        [_row("T-1", "JZ14"), _row("T-2", "JZ22")],  # Excel row 3: Utrecht Stad's case
        [_row("U-1", "JZ22"), _row("T-1", "JZ22")],  # Excel row 3: a case number of Twente's
    )
    with pytest.raises(ExportInvalid) as caught:
        read_cases(loaded)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "twente.csv, row 3, column 'jeugdregio'" in text and "JZ14's export" in text
    assert "utrecht.csv, row 3, column 'case_id'" in text and "also in twente.csv" in text


def test_regional_exports_need_every_book_to_give_one(tmp_path):
    base = {"period": "2021-Q1", "title": "t", "data": {"cases": "regio's"}}
    with pytest.raises(ValueError, match="JZ14 has no 'cases'"):
        Params.model_validate({**base, "regions": [{"code": "JZ14"}]})
    with pytest.raises(ValueError, match="gives 'cases', but data.cases"):
        Params.model_validate(
            {**base, "data": {"cases": "x.csv"}, "regions": [{"code": "JZ14", "cases": "a.csv"}]}
        )


def test_another_organisations_registration_is_not_the_period_before():
    from olcc_report.intake.periods import Periods, load

    regional = load(ROOT / "params" / "2023-Q1.yaml")
    assert (ROOT / "params" / "2022-Q1.yaml").is_file()  # the national team's quarter
    assert Periods.beside(regional).previous(regional) is None
    assert Periods.beside(regional).related(regional) == []


def test_a_hidden_regional_count_is_said_to_be_hidden_never_put_in_a_sentence():
    from olcc_report import figures

    rows = [{"case_id": f"A-{k}", "jeugdregio": "JZ01"} for k in range(3)]
    rows += [{"case_id": f"B-{k}", "jeugdregio": "JZ02"} for k in range(40)]
    small = _book("JZ01")
    r = release(typed_cases(rows), START, END, EXACT, regions=[small, _book("JZ02")])
    sentence = figures.key_numbers_sentence(r, small)
    assert sentence.startswith("Hoeveel casussen in deze periode in JZ01 zijn aangemeld, is geheim")
    left_out = figures.beside(r, small, "aanmelder")
    assert "geen enkel aantal per categorie" in left_out.sentence
    # JZ02's 40 would give JZ01's 3 as 43 − 40: it is shown as a lower bound, and said so
    other = figures.key_numbers_sentence(r, _book("JZ02"))
    assert other.startswith("In deze periode zijn in JZ02 ten minste 10 casussen aangemeld")
