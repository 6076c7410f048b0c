"""Snapshots of what the build generates around the notebooks (pytest-regressions): the book's
``_toc.yml`` and ``_config.yml`` of the 2020 demo as staged, and a download's ``.meta.csv`` as
the committed executed notebooks give it. A deliberate change shows here as a diff to review;
regenerate with ``pytest tests/test_generated.py --force-regen``."""

from __future__ import annotations

from pathlib import Path

import pytest

from olcc_report.book.downloads import appendix_sections, downloads
from olcc_report.book.sphinx_numbers import numbering
from olcc_report.pipeline.project import Project
from olcc_report.pipeline.staging import available_chapters, stage_sources
from olcc_report.records.contents import book_chapters

ROOT = Path(__file__).resolve().parent.parent
PERIOD = "2020"


@pytest.fixture(scope="module")
def staged(tmp_path_factory) -> Path:
    project = Project(ROOT)
    src = tmp_path_factory.mktemp("src")
    stage_sources(project, project.params(PERIOD), src)
    return src


@pytest.mark.parametrize("name", ["_toc.yml", "_config.yml"])
def test_generated_book_files(staged, name, file_regression):
    file_regression.check(
        (staged / name).read_text(encoding="utf-8"),
        basename=f"{PERIOD}{name.replace('.', '_')}",
        extension=".yml",
    )


def test_a_downloads_metadata(staged, file_regression):
    project = Project(ROOT)
    loaded = project.params(PERIOD)
    executed = ROOT / "notebooks" / "executed" / PERIOD
    for notebook in executed.glob("*.ipynb"):  # the chapters' tables, as the build finds them
        (staged / notebook.name).write_bytes(notebook.read_bytes())
    chapters = book_chapters(available_chapters(project, loaded))
    numbers = numbering(chapters, appendix_sections(staged, chapters), loaded.params)
    files = downloads(sorted(staged.glob("*.ipynb")), loaded, numbers)
    file_regression.check(
        files["problemen.meta.csv"].decode("utf-8-sig"),
        basename=f"{PERIOD}_problemen_meta",
        extension=".csv",
    )
