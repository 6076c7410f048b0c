"""Codebook, codings import (table and REFI-QDA), hostile .qdpx files and themes."""

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from conftest import ROOT

from olcc_report.analysis import themes as qa
from olcc_report.demo import cases as synth
from olcc_report.demo import codings as synth_qual
from olcc_report.intake.params import MappingParams
from olcc_report.intake.validate import validate_export
from olcc_report.qualitative.codebook import CodebookError, load_codebook
from olcc_report.qualitative.codings import CodingsInvalid, load_codings
from olcc_report.qualitative.refi import MAX_UNPACKED

CODEBOOK = load_codebook(ROOT / "params" / "kwalitatief" / "codeboek.yaml")
START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def cases():
    return validate_export(synth.generate_export(2020), MappingParams(), START, END, "demo")


@pytest.fixture(scope="module")
def case_ids(cases):
    return set(cases["case_id"])


def codes():
    return [(t.code, t.label) for t in CODEBOOK.themes]


# --- codebook -----------------------------------------------------------------------------------


def test_demo_codebook_covers_what_the_reports_need():
    kinds = {t.kind for t in CODEBOOK.themes}
    assert kinds == {"thema", "stille_vraag", "verstoring", "knooppunt", "succesmoment", "citaat"}
    assert [t.code for t in CODEBOOK.of_kind("thema")] == ["trauma", "contact", "leefwereld"]
    assert len(CODEBOOK.of_kind("verstoring")) == 4
    assert CODEBOOK.of_kind("knooppunt")[0].code == "knooppunt_wet_regelgeving"
    assert CODEBOOK.resolve("Wet- en regelgeving") == "knooppunt_wet_regelgeving"
    assert CODEBOOK.resolve("CONTACT ALS INTERVENTIE") == "contact"


def test_codebook_problems_are_listed_at_once(tmp_path):
    path = tmp_path / "cb.yaml"
    path.write_text(
        "version: '1'\nthemes:\n"
        "  - {code: a, label: A, kind: thema}\n"
        "  - {code: a, label: B, kind: thema}\n"
        "  - {code: c, label: C, kind: knooppunt, parent: nope}\n"
        "  - {code: d, label: D, kind: succesmoment, parent: a}\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    joined = " | ".join(caught.value.problems)
    assert "code 'a' also used" in joined and "parent 'nope'" in joined and "differs" in joined


def test_a_theme_cannot_share_its_label_with_a_registered_category(tmp_path):
    # "Trauma" as a coded theme (a share of the described cases) and as a registered problem
    # (a share of all cases) are two quantities; one name for both misleads.
    path = tmp_path / "cb.yaml"
    path.write_text(
        "version: '1'\nthemes:\n  - {code: trauma, label: ' trauma', kind: thema}\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError) as caught:
        load_codebook(path)
    assert "registered category 'trauma' of 'problemen'" in caught.value.problems[0]
    assert CODEBOOK.resolve("Trauma") == "trauma"  # a QDA code named Trauma still matches


# --- import -------------------------------------------------------------------------------------


def test_qdpx_and_table_import_to_the_same_codings(tmp_path, case_ids):
    qdpx = tmp_path / "demo.qdpx"
    qdpx.write_bytes(synth_qual.qdpx_bytes(2020, codes()))
    table = tmp_path / "codings.csv"
    table.write_text(synth_qual.codings_csv(2020), encoding="utf-8")
    from_qdpx = load_codings(qdpx, CODEBOOK, case_ids)
    from_table = load_codings(table, CODEBOOK, case_ids)
    columns = ["case_id", "code", "tekst", "start", "einde", "citaat", "bekende_namen"]
    a = from_qdpx.frame[columns].sort_values(columns[:4]).reset_index(drop=True)
    b = from_table.frame[columns].sort_values(columns[:4]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) > 1000 and a["citaat"].sum() > 10
    assert set(a["code"]) <= set(CODEBOOK.by_code) and "citaat" not in set(a["code"])


def test_qdpx_is_deterministic():
    assert synth_qual.qdpx_bytes(2020, codes()) == synth_qual.qdpx_bytes(2020, codes())


def test_table_errors_are_listed_at_once_with_rows(tmp_path, case_ids):
    path = tmp_path / "codings.csv"
    path.write_text(
        "casus;code;tekst;codeur;citaat\n"
        "DEMO-2020-0001;trauma;Iets over trauma.;A;ja\n"
        "DEMO-2020-0001;traума;Typo in de code.;A;nee\n"
        "ONBEKEND-1;contact;Een casus die niet bestaat.;A;nee\n"
        "DEMO-2020-0002;contakt;Nog een typo.;A;misschien\n"
        "DEMO-2020-0001;trauma;Iets over trauma.;B;nee\n",
        encoding="utf-8",
    )
    with pytest.raises(CodingsInvalid) as caught:
        load_codings(path, CODEBOOK, case_ids)
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "row 3, column 'code': value 'traума'" in text
    assert "row 4, column 'casus': value 'ONBEKEND-1'" in text
    assert "did you mean 'contact'" in text
    assert "row 5, column 'citaat': value 'misschien'" in text


def test_duplicate_codings_are_warned_and_counted_once(tmp_path, case_ids):
    path = tmp_path / "codings.csv"
    path.write_text(
        "casus;code;tekst;codeur\n"
        "DEMO-2020-0001;trauma;Iets over trauma.;A\n"
        "DEMO-2020-0001;trauma;Iets over trauma.;B\n",
        encoding="utf-8",
    )
    codings = load_codings(path, CODEBOOK, case_ids)
    assert len(codings.frame) == 1
    assert len(codings.warnings) == 1 and "duplicate" in str(codings.warnings[0])


def test_qdpx_with_unknown_code_and_case(tmp_path, case_ids):
    data = synth_qual.qdpx_bytes(2020, [*codes(), ("verzonnen", "Verzonnen thema")])
    path = tmp_path / "p.qdpx"
    path.write_bytes(data)
    with pytest.raises(CodingsInvalid) as caught:
        load_codings(path, CODEBOOK, case_ids - {"DEMO-2020-0005"})
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "CodeBook" in text and "Verzonnen thema" in text
    assert "DEMO-2020-0005" in text


# --- hostile .qdpx files ------------------------------------------------------------------------


def zipped(members: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(tmp_path, data: bytes, case_ids) -> str:
    path = tmp_path / "evil.qdpx"
    path.write_bytes(data)
    with pytest.raises(CodingsInvalid) as caught:
        load_codings(path, CODEBOOK, case_ids)
    return "\n".join(str(p) for p in caught.value.problems)


def test_entity_expansion_is_refused(tmp_path, case_ids):
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0">&lol2;</Project>'
    )
    assert "refused" in refused(tmp_path, zipped({"project.qde": bomb}), case_ids)


def test_external_entity_is_refused(tmp_path, case_ids):
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<Project xmlns="urn:QDA-XML:project:1.0">&x;</Project>'
    )
    text = refused(tmp_path, zipped({"project.qde": xxe}), case_ids)
    assert "refused" in text and "root:" not in text


def test_zip_bomb_is_refused(tmp_path, case_ids):
    big = b"0" * (MAX_UNPACKED + 1024)  # compresses to a fraction of a MB
    data = zipped({"project.qde": b"<x/>", "Sources/big.txt": big})
    assert len(data) < 1024 * 1024
    assert "zip bomb" in refused(tmp_path, data, case_ids)


def test_path_traversal_is_refused(tmp_path, case_ids):
    data = zipped({"project.qde": b"<x/>", "../../etc/evil.txt": b"x"})
    assert "unsafe path" in refused(tmp_path, data, case_ids)
    data = zipped({"project.qde": b"<x/>", "/abs/evil.txt": b"x"})
    assert "unsafe path" in refused(tmp_path, data, case_ids)


def test_not_a_zip_and_no_project(tmp_path, case_ids):
    assert "not a zip" in refused(tmp_path, b"plain text", case_ids)
    assert "no project file (*.qde)" in refused(tmp_path, zipped({"a.txt": b"x"}), case_ids)


# --- themes -------------------------------------------------------------------------------------


def test_theme_counts_by_hand():
    cases = pd.DataFrame(
        {
            "case_id": ["a", "b", "c"],
            "profielgroep": pd.Categorical(
                ["groep_1", "groep_1", "groep_2"], categories=["groep_1", "groep_2"]
            ),
        }
    )
    codings = pd.DataFrame(
        {"case_id": ["a", "a", "b", "c"], "code": ["trauma", "contact", "trauma", "contact"]}
    )
    themes = CODEBOOK.of_kind("thema")
    ind = qa.theme_indicators(codings, cases, themes)
    counts = qa.count_themes(ind, themes).set_index("thema")["aantal"]
    assert counts.to_dict() == {"trauma": 2, "contact": 2, "leefwereld": 0}
    pairs = qa.theme_pairs(ind, themes).set_index("paar")["aantal"]
    assert pairs.to_dict() == {"trauma+contact": 1, "trauma+leefwereld": 0, "contact+leefwereld": 0}


def test_themes_by_year_marks_themes_a_codebook_did_not_have(cases):
    from dataclasses import replace

    from olcc_report.figures import qualitative as figures_qual
    from olcc_report.intake.params import DisclosureParams

    rules = DisclosureParams()
    codings = pd.DataFrame(
        {
            "case_id": list(cases["case_id"][:60]) + list(cases["case_id"][:30]),
            "code": ["trauma"] * 60 + ["stille_vraag"] * 30,
        }
    )
    old_book = replace(
        CODEBOOK, themes=tuple(t for t in CODEBOOK.themes if t.code != "stille_vraag")
    )
    from olcc_report.figures.release import release
    from olcc_report.qualitative.codings import Qualitative
    from olcc_report.qualitative.segments import Codings

    def year(codebook):
        coded = Qualitative(codebook, Codings(codings, (), "test"))
        return release(cases, START, END, rules, coded)

    figure = figures_qual.themes_by_year([("2019", year(old_book)), ("2020", year(CODEBOOK))])
    rows = dict(figure.view.rows)
    assert rows["Stille vraag"][0].text() == "."  # not in 2019's codebook: no data, not 0
    assert rows["Stille vraag"][1].text() == "7%"  # 30 of 440 → 7% (rounded counts)
    trauma = rows["Traumatische ervaringen"]
    assert trauma[0].text() == trauma[1].text() == "14%"  # 60 of 440
