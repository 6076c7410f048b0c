"""End to end: build the demo book in a temp copy of the project and look at what a reader gets."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from olcc_report.build import Project, build_period
from olcc_report.cli import app
from olcc_report.validate import ExportInvalid

from conftest import ROOT, raw_export

BANNER = "Demonstratie met synthetische gegevens"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = Project(ROOT).copy_inputs(tmp_path_factory.mktemp("e2e") / "project")
    index = build_period(project, "2020")
    return project, index


def html_pages(html_dir: Path) -> list[Path]:
    return sorted(p for p in html_dir.glob("*.html") if p.name not in ("genindex.html", "search.html"))


def text_of(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_book_has_the_chapter_and_key_numbers(built):
    project, index = built
    html = index.parent
    assert index.is_file()
    intro = text_of(html / "intro.html")
    assert "In de periode 2020 pakte Team Oppakken en Leren van Complexe Casuïstiek 440 casussen op" in intro
    assert '<span class="pasted-text">440</span>' in (html / "intro.html").read_text(encoding="utf-8")
    chapter = (html / "welke_vragen.html").read_text(encoding="utf-8")
    assert chapter.count('class="olcc-chart"') == 3
    assert "vegaEmbed(" in chapter
    for caption in ("Casussen naar aanmelder", "Casussen naar leeftijdsgroep en geslacht",
                    "Casussen naar aantal problemen"):
        assert caption in chapter
    assert 'lang="nl"' in chapter
    assert (html / "gegevenswoordenboek.html").is_file()


def test_every_page_carries_the_demo_banner(built):
    _, index = built
    for page in html_pages(index.parent):
        if page.name == "index.html":
            continue  # a redirect to intro.html
        text = page.read_text(encoding="utf-8")
        assert BANNER in text, page.name
        assert "Laatste aanpassing" not in text, f"{page.name} shows a build timestamp"


def test_no_case_rows_reach_the_build(built):
    project, _ = built
    for path in (project.root / "_build").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".ipynb", ".js", ".md", ".json", ".txt"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert "DEMO-2020-" not in text, path  # synthetic case ids
            assert not re.search(r"\b\d{2}-\d{2}-2020\b|\b2020-\d{2}-\d{2}\b", text), path


def test_chart_data_are_protected_aggregates_only(built):
    _, index = built
    chapter = (index.parent / "welke_vragen.html").read_text(encoding="utf-8")
    specs = re.findall(r'vegaEmbed\("#[^"]+", (\{.*?\}), \{"actions"', chapter)
    assert len(specs) == 3
    allowed = {"label", "aantal", "aandeel_tekst", "leeftijdsgroep_label", "geslacht", "geslacht_label"}
    for spec in specs:
        datasets = json.loads(spec.replace("<\\/", "</"))["datasets"]
        for records in datasets.values():
            for record in records:
                assert set(record) <= allowed
                assert record["aantal"] == 0 or record["aantal"] >= 10
                assert record["aantal"] % 5 == 0


def test_executed_notebooks_equal_the_committed_ones(built):
    project, _ = built
    for committed in sorted((ROOT / "notebooks" / "executed" / "2020").glob("*.ipynb")):
        staged = project.root / "_build" / "2020" / "src" / committed.name
        assert staged.read_bytes() == committed.read_bytes(), (
            f"{committed.name} is stale: run `make notebooks` and commit")


def test_rebuild_is_byte_identical_and_skips_work(built):
    project, index = built
    src = project.root / "_build" / "2020" / "src"
    before = {p: p.read_bytes() for p in src.rglob("*.ipynb")}
    shutil.rmtree(project.root / "_build" / "2020" / ".cache")  # force re-execution
    build_period(project, "2020")
    after = {p: p.read_bytes() for p in src.rglob("*.ipynb")}
    assert before == after


def test_broken_export_builds_nothing(tmp_path, project_copy):
    bad = raw_export([{"case_id": "A"}, {"case_id": "A", "leeftijd": "40"}])
    bad.to_csv(project_copy / "params" / "export.csv", sep=";", index=False)
    (project_copy / "params" / "2022.yaml").write_text(
        'period: "2022"\ntitle: T\ndata:\n  cases: export.csv\n', encoding="utf-8")
    with pytest.raises(ExportInvalid):
        build_period(Project(project_copy), "2022")
    assert not (project_copy / "_build" / "2022").exists()
    result = CliRunner().invoke(app, ["build", "--period", "2022", "--project", str(project_copy)])
    assert result.exit_code == 1
    assert "row 3" in result.output and "nothing was built" in result.output


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_charts_render_in_headless_chromium(built, tmp_path):
    browser = _chromium()
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (.ci/run installs the Debian package)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    _, index = built
    page = index.parent / "welke_vragen.html"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    )
    dom = result.stdout
    containers = re.findall(r'<div id="grafiek-[^"]+" class="olcc-chart[^>]*>(.*?)</div>\s*<script',
                            dom, flags=re.S)
    assert len(containers) == 3
    for inner in containers:
        assert "<svg" in inner, "a chart did not render (vega scripts missing or failing)"
