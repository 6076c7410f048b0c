"""The book as a reviewer reads it: no hand-typed numbers, the plan, a new year, the QA report."""

import datetime as dt
import re

import pytest
from conftest import ROOT

from olcc_report.analysis.qa import quality_report
from olcc_report.book import shape as book
from olcc_report.book.newyear import NewYearError, new_year
from olcc_report.book.plan import plan_markdown, plan_overview
from olcc_report.demo import cases as synth
from olcc_report.intake.params import MappingParams, load_params
from olcc_report.intake.validate import validate_export
from olcc_report.pipeline.build import Project, build_period
from olcc_report.records import contents

NARRATIVES = sorted((ROOT / "book").glob("*/*.md"))
# Every page under book/, the shared pages (intro, verantwoording) included.
PAGES = sorted((ROOT / "book").rglob("*.md"))


def test_there_is_narrative_for_every_demo_year():
    years = {p.parent.name for p in NARRATIVES if p.parent.name != "_static"}
    assert {"2019", "2020", "2021"} <= years


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_no_hand_typed_number_in_the_narrative(path):
    """Every number in the team's text must come from a notebook (glue), so none goes stale."""
    stray = book.stray_numbers(path.read_text(encoding="utf-8"))
    assert stray == [], f"{path}: numbers not from a notebook (line, number): {stray}"


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.relative_to(ROOT / "book").as_posix())
def test_the_narrative_glues_sentences_not_bare_values(path):
    """A value glued into the team's text is a whole sentence made for each of its states."""
    assert book.bare_glue(path.read_text(encoding="utf-8")) == [], path


def test_bare_glue_names_a_glued_number():
    text = "Na {glue:text}`wat_we_deden.ipynb::mediaan_weken:` weken. {glue:text}`a.ipynb::b_zin:`"
    assert book.bare_glue(text) == ["mediaan_weken"]


def test_stray_numbers_allows_years_headings_lists_and_glue():
    text = (
        "# 3. Trauma in 2020\n"
        "1. eerste punt\n"
        "In 2021 waren het {glue:text}`welke_vragen.ipynb::n_aangemeld:` casussen.\n"
        "```{glue} fig_trauma\n:doc: kwalitatief.ipynb\n```\n"
        "Zie `params/2020.yaml` en [de tabel](tabel_12.md). <!-- 42 -->\n"
    )
    assert book.stray_numbers(text) == []
    assert book.stray_numbers("Het team nam 440 casussen op, 27% meer.") == [(1, "440"), (1, "27")]
    assert book.stray_numbers("Ruim 1.234 vragen") == [(1, "1.234")]
    # values the build fills in from params and the code's constants are not typed numbers
    assert book.stray_numbers("per {{ per_rate }} jeugdigen, {{ min_count - 1 }} of minder") == []
    # but a number typed inside a template expression is still a typed number
    assert book.stray_numbers("Ruim {{ 440 }} casussen") == [(1, "440")]


def test_table_of_contents_lists_only_what_exists():
    toc = contents.table_of_contents({"intro", "voorwoord", "welke_vragen", "verantwoording"})
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert files == ["voorwoord", "welke_vragen", "verantwoording"]
    assert toc["root"] == "intro"


def test_plan_page_tracks_last_years_plan():
    # As the reader sees it: the params text is escaped as literal Markdown text.
    page = re.sub(r"\\(.)", r"\1", plan_markdown(load_params(ROOT / "params" / "2021.yaml")))
    assert "## Wat we in 2020 aankondigden" in page
    assert "| 8 | Kwartaalmonitor voor de regio's | Team OLCC | Vervallen |" in page
    assert "## Ons plan voor het komende jaar" in page
    overview = plan_overview(ROOT / "params", 2021).set_index("jaar")
    assert overview.loc["2021", "punten"] == 8 and overview.loc["2021", "gerealiseerd"] == 3


def test_quality_report_flags_changes_vanished_and_missing():
    start, end = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
    current = validate_export(synth.generate_export(2020), MappingParams(), start, end, "d")
    previous = validate_export(
        synth.generate_export(2019),
        MappingParams(),
        dt.date(2019, 1, 1),
        dt.date(2019, 12, 31),
        "d",
    )
    findings = {(f.field, f.category, f.what.split()[0]) for f in quality_report(current, previous)}
    assert ("casussen", "totaal", "changed") in findings  # 104 → 440
    assert ("aanmelder", "regionaal_expertteam", "appeared") in findings  # none in 2019


def test_new_year_then_build(project_copy):
    """`new-year` followed by a build: text kept but marked, statuses emptied, loud warning."""
    project = Project(project_copy)
    result = new_year(project.root, 2022)
    params = load_params(result.params_file).params
    assert params.period == "2022" and params.plan == []
    assert len(params.plan_status) == 2 and all(s.status is None for s in params.plan_status)
    pages = sorted(p.name for p in result.book_dir.glob("*.md"))
    assert pages == sorted(p.name for p in (project.book_dir / "2021").glob("*.md"))
    assert all(
        book.revision_marked(p.read_text(encoding="utf-8")) for p in result.book_dir.glob("*.md")
    )
    assert all(
        book.stray_numbers(p.read_text(encoding="utf-8")) == []
        for p in result.book_dir.glob("*.md")
    )
    with pytest.raises(NewYearError, match="already exists"):
        new_year(project.root, 2022)
    warnings = []
    index = build_period(project, "2022", warn=warnings.append)
    assert index.is_file() and len(warnings) == 1 and book.REVISION_MARK in warnings[0]
    plan_page = (index.parent / "achtpuntenplan.html").read_text(encoding="utf-8")
    assert "Nog niet ingevuld" in plan_page


def test_new_year_with_real_data_asks_for_the_paths(tmp_path):
    params = tmp_path / "params"
    (params).mkdir()
    (tmp_path / "book" / "2021").mkdir(parents=True)
    (params / "export.csv").write_text("x", encoding="utf-8")
    (params / "2021.yaml").write_text(
        'period: "2021"\ntitle: Jaarrapportage 2021\ndata:\n  cases: export.csv\n', encoding="utf-8"
    )
    result = new_year(tmp_path, 2022)
    text = result.params_file.read_text(encoding="utf-8")
    assert "VUL-IN" in text and "Jaarrapportage 2022" in text
    assert any("data.cases" in item for item in result.todo)
