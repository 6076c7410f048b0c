import datetime as dt
import io
import os
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from olcc_report.intake.params import MappingParams
from olcc_report.intake.validate import validate_export
from olcc_report.pipeline.build import Project, build_periods, build_site

ROOT = Path(__file__).resolve().parents[1]
# The demo periods: those with committed executed notebooks.
DEMO_PERIODS = tuple(
    sorted(p.name for p in (ROOT / "notebooks" / "executed").iterdir() if p.is_dir())
)
WITH_PDF = ("2019", "2020")  # a year of each kind of data; the PDF takes the longest
FIXTURES = ROOT / "tests" / "fixtures" / "qdpx"  # REFI-QDA projects in the style of each tool

# The optional fields the export of the issue lacked (as a system that does not register them).
SIX = (
    "expertteam_betrokken",
    "teruggelegd_bij_expertteam",
    "hulpvraag",
    "inzet",
    "leefgebieden",
    "profielgroep",
)
GOOD_ROW = {
    "case_id": "C-1",
    "aanmelddatum": "2020-02-03",
    "afsluitdatum": "2020-05-01",
    "aanmelder": "ouder",
    "geslacht": "meisje",
    "leeftijd": "14",
    "jeugdregio": "JZ01",
    "woonsituatie": "thuis",
    "problemen": "suicidaliteit|trauma",
    "leefgebieden": "gezin",
    "verstoringen": "organisatorisch",
    "hulpvraag": "maatwerk",
    "inzet": "consultatie|bemiddeling",
    "expertteam_betrokken": "ja",
    "teruggelegd_bij_expertteam": "nee",
    "profielgroep": "groep_1",
    "uitkomst": "passende_hulp",
}


def raw_export(rows: list[dict]) -> pd.DataFrame:
    """A raw export (all text) as the reader would return it, rows numbered from 2."""
    frame = pd.DataFrame([{**GOOD_ROW, **row} for row in rows], dtype=object)
    frame.index = pd.RangeIndex(2, len(frame) + 2, name="rij")
    return frame


def typed_cases(rows: list[dict], year: int = 2020) -> pd.DataFrame:
    return validate_export(
        raw_export(rows), MappingParams(), dt.date(year, 1, 1), dt.date(year, 12, 31), "test.csv"
    )


# The lanes: `make test` runs everything; `make test-fast` leaves out what is marked slow.
# Slow: whatever builds or runs a whole book (it uses one of these fixtures), opens a browser,
# audits every demo period in both modes, or protects every demo period in both modes.
WHOLE_BOOK_FIXTURES = frozenset({"demo_books", "built", "project_copy", "poisoned", "worst_books"})
SLOW_MODULES = frozenset(
    {"test_browser", "test_preview", "test_book_audit", "test_protection_keeps"}
)


def pytest_collection_modifyitems(items):
    for item in items:
        if WHOLE_BOOK_FIXTURES & set(getattr(item, "fixturenames", ())) or (
            item.module is not None and item.module.__name__ in SLOW_MODULES
        ):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the project's inputs (params, notebooks, book, config) in a temp dir."""
    return Project(ROOT).copy_inputs(tmp_path / "project").root


@pytest.fixture(scope="session")
def demo_books(tmp_path_factory) -> tuple[Project, dict[str, Path]]:
    """Every demo period built once, in one copy of the project, as ``make report`` builds
    them (the notebooks of all periods in two kernels), for every test that reads a built book
    (pages, CSVs, notebooks, the browser): 2019 and 2020 with their PDF, the others HTML only.
    Immutable: a test that must edit a book works on its own copy."""
    project = Project(ROOT).copy_inputs(tmp_path_factory.mktemp("books") / "project")
    books = build_periods(project, list(DEMO_PERIODS), pdf=WITH_PDF)
    build_site(project)  # the index of all periods, which every book links back to
    return project, books


def qdpx(folder: Path, stored: bool = False, replace: dict[str, str] | None = None) -> bytes:
    """A fixture folder zipped as a .qdpx, with optional text replacements in project.qde."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                if path.name == "project.qde" and replace:
                    text = data.decode("utf-8")
                    for old, new in replace.items():
                        text = text.replace(old, new)
                    data = text.encode("utf-8")
                archive.writestr(path.relative_to(folder).as_posix(), data)
    return buffer.getvalue()


def chromium() -> str:
    """Debian's chromium: required in CI (.ci/run installs it), else the test is skipped."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (.ci/run installs the Debian package)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path
