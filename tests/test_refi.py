"""REFI-QDA projects written by hand in the style of each tool (``tests/fixtures/qdpx/``).

The expected codings below are read off the fixture files themselves (case, code, text, quote),
never from the importer."""

import io
import subprocess
import sys
import zipfile

import pytest
from conftest import FIXTURES, ROOT, qdpx

from olcc_report.qualitative.codebook import load_codebook
from olcc_report.qualitative.codings import load_codings
from olcc_report.qualitative.segments import CodingsInvalid

CODEBOOK = load_codebook(ROOT / "params" / "kwalitatief" / "codeboek.yaml")
CASES = {f"DEMO-2020-{i:04d}" for i in range(1, 10)}


def load(tmp_path, data: bytes):
    path = tmp_path / "project.qdpx"
    path.write_bytes(data)
    return load_codings(path, CODEBOOK, CASES)


def rows(codings) -> set[tuple]:
    frame = codings.frame
    return {
        (r.case_id, r.code, r.tekst, bool(r.citaat))
        for r in frame[["case_id", "code", "tekst", "citaat"]].itertuples()
    }


def warnings_text(codings) -> str:
    return "\n".join(str(w) for w in codings.warnings)


def test_qualcoder_quotes_are_second_selections_and_folders_are_ignored(tmp_path):
    codings = load(tmp_path, qdpx(FIXTURES / "qualcoder"))
    bang = "De jongen is bang na wat er thuis gebeurde."
    coach = "Het contact met de buurtcoach hielp."
    assert rows(codings) == {
        ("DEMO-2020-0001", "trauma", bang, True),
        ("DEMO-2020-0001", "contact", "De mentor bleef wekelijks langskomen.", False),
        ("DEMO-2020-0001", "succes_contact", "De mentor bleef wekelijks langskomen.", False),
        (
            "DEMO-2020-0002",
            "knooppunt_aanbod",
            "Vader vertelt dat de school geen plek heeft.",
            False,
        ),
        ("DEMO-2020-0002", "contact", coach, True),
        ("DEMO-2020-0002", "leefwereld", coach, True),
    }
    text = warnings_text(codings)
    assert "Thema's" in text and "Casusevaluatie" in text and "a folder of codes: ignored" in text
    assert "Case with SourceRef" in text and "code points" in text


def test_atlasti_crlf_braced_guids_sets_names_with_extension_and_a_pdf(tmp_path):
    codings = load(tmp_path, qdpx(FIXTURES / "atlasti"))
    opa = "Opa haalt haar elke vrijdag op."
    assert rows(codings) == {
        ("DEMO-2020-0003", "trauma", "De jeugdige sliep slecht sinds de uithuisplaatsing.", True),
        ("DEMO-2020-0003", "leefwereld", opa, False),
        ("DEMO-2020-0003", "contact", opa, False),
        ("DEMO-2020-0004", "leefwereld", "De wijkagent kent het gezin al jaren.", False),
    }
    text = warnings_text(codings)
    assert "CRLF counted as one" in text and "the source name" in text


def test_nvivo_utf16_positions_stored_zip_and_a_case_node(tmp_path):
    codings = load(tmp_path, qdpx(FIXTURES / "nvivo", stored=True))
    assert rows(codings) == {
        ("DEMO-2020-0005", "stille_vraag", "De wachtlijst voor de kliniek is een jaar.", False),
        ("DEMO-2020-0005", "trauma", "Na het trauma durft hij niet meer naar buiten.", False),
    }
    text = warnings_text(codings)
    assert "UTF-16" in text and "DEMO-2020-0005" in text and "a case node: ignored" in text


def refused(tmp_path, data: bytes) -> str:
    with pytest.raises(CodingsInvalid) as caught:
        load(tmp_path, data)
    return "\n".join(str(p) for p in caught.value.problems)


def test_shifted_positions_are_refused_not_imported(tmp_path):
    # Every selection moved three characters on: in no way of counting do they fit the text.
    text = (FIXTURES / "atlasti" / "project.qde").read_text(encoding="utf-8")
    import re

    def shift(m):
        return f'startPosition="{int(m[1]) + 3}" endPosition="{int(m[2]) + 3}"'

    shifted = re.sub(r'startPosition="(\d+)" endPosition="(\d+)"', shift, text)
    folder = tmp_path / "shifted"
    folder.mkdir()
    (folder / "sources").mkdir()
    for source in (FIXTURES / "atlasti" / "sources").iterdir():
        (folder / "sources" / source.name).write_bytes(source.read_bytes())
    (folder / "project.qde").write_text(shifted, encoding="utf-8")
    message = refused(tmp_path, qdpx(folder))
    assert "selection positions that fit the texts" in message


def test_duplicate_guids_are_an_error_naming_both(tmp_path):
    data = qdpx(
        FIXTURES / "qualcoder",
        replace={
            'guid="c0000000-0000-4000-8000-000000000003"': 'guid="C0000000-0000-4000-8000-000000000002"'
        },
    )
    message = refused(tmp_path, data)
    assert (
        "<Code name='Contact als interventie'>" in message and "<Code name='leefwereld'>" in message
    )


def test_an_unknown_codable_code_is_an_error_with_a_suggestion(tmp_path):
    data = qdpx(FIXTURES / "qualcoder", replace={'name="leefwereld"': 'name="Leefwereldd"'})
    assert "did you mean 'leefwereld'" in refused(tmp_path, data)


def test_a_project_without_selections_is_an_error(tmp_path):
    data = qdpx(
        FIXTURES / "nvivo",
        replace={
            "<PlainTextSelection": "<PlainTextSelectionX",
            "</PlainTextSelection>": "</PlainTextSelectionX>",
        },
    )
    assert "the project has none" in refused(tmp_path, data)


AMPLIFIED = """
import io, sys, zipfile
from pathlib import Path
from olcc_report.qualitative.codebook import load_codebook
from olcc_report.qualitative.codings import load_codings
from olcc_report.qualitative.segments import CodingsInvalid
xml = b'<Project xmlns="urn:QDA-XML:project:1.0">' + b'<Note/>' * 5_000_000 + b'</Project>'
buffer = io.BytesIO()
with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
    archive.writestr("project.qde", xml)
path = Path(sys.argv[1])
path.write_bytes(buffer.getvalue())
del xml, buffer
try:
    load_codings(path, load_codebook(sys.argv[2]), set())
    print("accepted")
except CodingsInvalid as exc:
    print(" | ".join(str(p) for p in exc.problems))
# VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's over exec).
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:")).split()[1]
print("maxrss_mb", int(peak) // 1024)
"""


def test_element_amplification_is_refused_in_bounded_memory(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            AMPLIFIED,
            str(tmp_path / "big.qdpx"),
            str(ROOT / "params" / "kwalitatief" / "codeboek.yaml"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "refused: more than 500.000 XML elements" in result.stdout, result.stdout
    rss = int(result.stdout.split("maxrss_mb")[1])
    assert rss < 400, f"{rss} MB"


def test_truncated_and_damaged_archives_are_refused(tmp_path):
    data = qdpx(FIXTURES / "qualcoder")
    assert "not a zip archive" in refused(tmp_path, data[: len(data) // 2])
    damaged = bytearray(data)
    damaged[100] ^= 0xFF  # inside the compressed project.qde
    assert "is damaged" in refused(tmp_path, bytes(damaged))


@pytest.mark.parametrize(
    "name", ["..\\\\..\\\\evil.txt", "C:\\\\evil.txt", "c:/evil.txt", "sources/../../evil.txt"]
)
def test_zip_slip_in_other_spellings_is_refused(tmp_path, name):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", b"<x/>")
        archive.writestr(name, b"x")
    assert "unsafe path" in refused(tmp_path, buffer.getvalue())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.qdpx"]  # nothing written


def test_maxqda_nameless_case_and_a_case_variable_in_the_source(tmp_path):
    codings = load(tmp_path, qdpx(FIXTURES / "maxqda"))
    assert rows(codings) == {
        ("DEMO-2020-0006", "stille_vraag", "De school zoekt al maanden een passende plek.", False)
    }
    assert "a variable holding the case id" in warnings_text(codings)


ATLAS_ROWS = {
    ("DEMO-2020-0003", "trauma", "De jeugdige sliep slecht sinds de uithuisplaatsing.", True),
    ("DEMO-2020-0003", "leefwereld", "Opa haalt haar elke vrijdag op.", False),
    ("DEMO-2020-0003", "contact", "Opa haalt haar elke vrijdag op.", False),
    ("DEMO-2020-0004", "leefwereld", "De wijkagent kent het gezin al jaren.", False),
}


def _renamed_project(data: bytes, name: str, extra: str | None = None) -> bytes:
    """The archive with its project file under another name (and a second one, ``extra``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.namelist():
            target = name if member == "project.qde" else member
            dst.writestr(target, src.read(member))
            if extra and member == "project.qde":
                dst.writestr(extra, src.read(member))
    return out.getvalue()


def test_atlasti_26_names_the_project_file_after_the_project(tmp_path):
    data = _renamed_project(qdpx(FIXTURES / "atlasti"), "Trial.qde")
    assert rows(load(tmp_path, data)) == ATLAS_ROWS
    two = _renamed_project(qdpx(FIXTURES / "atlasti"), "Trial.qde", extra="Kopie.qde")
    message = refused(tmp_path, two)
    assert "2 project files at the archive's root (Kopie.qde, Trial.qde)" in message


def test_selection_names_that_are_not_their_text_do_not_decide_positions(tmp_path):
    # ATLAS.ti quotations renamed by the analyst, and one named after its code: the names
    # match no text under any way of counting; the text itself decides (CRLF as one).
    names = {
        'startPosition="16"': 'name="Slaapproblemen na plaatsing" startPosition="16"',
        'startPosition="68"': 'name="Leefwereld" startPosition="68"',
        'startPosition="17"': 'name="wijkagent (Q3)" startPosition="17"',
    }
    codings = load(tmp_path, qdpx(FIXTURES / "atlasti", replace=names))
    assert rows(codings) == ATLAS_ROWS
    assert "CRLF counted as one" in warnings_text(codings)
