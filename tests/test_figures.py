"""Figures: built from protected tables only, and the page, the chart and the CSV agree."""

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest

from olcc_report import figures
from olcc_report.book.sphinx_numbers import decorate
from olcc_report.demo import cases as synth
from olcc_report.figures.release import release
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import DisclosureParams, MappingParams
from olcc_report.intake.validate import validate_export
from olcc_report.records import contents
from olcc_report.records.formatting import neutralise

START, END = dt.date(2020, 1, 1), dt.date(2020, 12, 31)
RULES = DisclosureParams()
EXACT = DisclosureParams(min_count=10, rounding_base=1)
RECORD_LEVEL = {"case_id", "aanmelddatum", "afsluitdatum", "leeftijd", "dag"}


@pytest.fixture(scope="module")
def demo_cases():
    return validate_export(synth.generate_export(2020), MappingParams(), START, END, "demo")


def protected(cases, rules=RULES):
    """Every table of the period, protected as one model."""
    return release(cases, START, END, rules)


def all_figures(cases, rules):
    return figures.chapter(protected(cases, rules))


def chart_records(chart):
    spec = chart.to_dict()
    for name, values in spec.get("datasets", {}).items():
        if isinstance(values, dict):
            assert values["type"] == "Topology", name  # region boundaries, no case data
            continue
        yield from values


@pytest.mark.parametrize("rules", [RULES, EXACT], ids=["rounded", "exact"])
def test_charts_hold_only_protected_aggregates(demo_cases, rules):
    built = all_figures(demo_cases, rules)
    assert len({f.key for f in built}) == len(built) == 20
    for figure in built:
        if figure.chart is None:
            continue
        records = list(chart_records(figure.chart))
        assert len(records) < 1000, figure.key  # aggregates, not a row per case
        for record in records:
            assert not RECORD_LEVEL & set(record), (figure.key, record)
            value = record.get("aantal")
            if value is not None and not pd.isna(value):
                assert value == 0 or value >= rules.min_count, (figure.key, record)
                assert value % rules.rounding_base == 0


@pytest.mark.parametrize("rules", [RULES, EXACT], ids=["rounded", "exact"])
def test_tables_show_no_small_count(demo_cases, rules):
    for figure in all_figures(demo_cases, rules):
        for _, cells in (*figure.view.rows, *figure.view.footer):
            for cell in cells:
                if cell.kind == "count" and not cell.missing:
                    assert cell.value == 0 or cell.value >= rules.min_count, figure.key
        if figure.table is not None:
            assert all(v == 0 or v >= rules.min_count for v in figure.table.shown_counts())


def test_csv_is_the_table_as_shown(demo_cases):
    figure = figures.age_by_sex(protected(demo_cases))
    rows = list(csv.reader(io.StringIO(figure.view.csv_text()), delimiter=";"))
    assert rows[0] == ["Leeftijdsgroep", "Jongen", "Meisje", "Anders of onbekend", "Totaal"]
    assert rows[-1][0] == "Totaal" and rows[-1][-1] == "440"
    html = figure.html()
    for row in rows[1:]:
        assert f'<th scope="row">{row[0]}</th>' in html
    # the book fills in the download's published name (here: none, so its own)
    assert 'href="_static/tabellen/leeftijd-geslacht.csv"' in decorate(html, {})


def test_csv_neutralises_formulas():
    view = TableView(
        "t",
        "T",
        ("Naam", "Aantal"),
        (
            ('=HYPERLINK("x")', (Cell.count(15),)),
            ("@SUM(A1)", (Cell.count(0, "-"),)),
            ("+31 6", (Cell.count(None, "x"),)),
        ),
    )
    rows = list(csv.reader(io.StringIO(view.csv_text()), delimiter=";"))
    assert rows[1] == ['\'=HYPERLINK("x")', "15"]
    assert rows[2] == ["'@SUM(A1)", "-"]
    assert rows[3] == ["'+31 6", "x"]
    assert neutralise("-") == "-" and neutralise("-5") == "'-5"


def test_hidden_cells_are_read_as_geheim(demo_cases):
    figure = figures.regions(protected(demo_cases)).regions
    assert "geheim" in figure.description
    assert 'class="visually-hidden">geheim</span>' in figure.view.html()
    assert figure.description in figure.html()


def test_key_numbers_and_highlights_come_from_protected_tables(demo_cases):
    period = protected(demo_cases)
    sentences = figures.case_sentences(period)
    assert str(sentences["casussen_zin"]) == (
        "In deze periode werden 440 casussen aangemeld. Aan het eind van de periode waren er "
        "320 afgesloten en liepen er nog 120."
    )
    living = figures.living_situation(period)
    at_home = living.table.cells.set_index("woonsituatie").loc["thuis"]
    expected = round(100 * (1 - at_home["aantal"] / living.table.total.value))
    sentence = figures.share_sentence(living, "thuis", "Niet thuis: {share}.", "Geheim.", True)
    assert str(sentence) == f"Niet thuis: {expected}%."
    assert expected > 65  # the 2020 finding: most children did not live at home


def test_small_group_gets_no_duration_curve():
    cases = validate_export(synth.generate_export(2020, cases=40), MappingParams(), START, END, "d")
    duration = figures.duration(protected(cases))
    groups = [label for label, _ in duration.quartiles.view.rows]
    assert groups[0] == "Alle casussen"
    shown = set(duration.curve.view.columns[1:])
    assert len(shown) < len(groups)  # some profile groups of 40 cases are under 10
    for label, cells in duration.quartiles.view.rows:
        if label not in shown:
            assert all(c.symbol == "x" for c in cells), label
    assert "Alle casussen" in shown


def test_chapter_builds_the_listed_figures_in_order(demo_cases):
    keys = [f.key for f in all_figures(demo_cases, RULES)]
    assert keys == [
        *contents.chapter_tables("welke_vragen"),
        *contents.chapter_tables("wat_we_deden"),
    ]


@pytest.mark.parametrize("rules", [RULES, EXACT], ids=["rounded", "exact"])
def test_published_tables_match_the_snapshot(demo_cases, rules, data_regression):
    """What the 2020 demo publishes, cell by cell (symbols included). A change to the analysis,
    the protection or the demo data shows here as a diff to review; regenerate with
    ``pytest --force-regen`` only when the change is meant."""
    published = {
        f.key: [
            [label, *(c.text() for c in cells)] for label, cells in (*f.view.rows, *f.view.footer)
        ]
        for f in all_figures(demo_cases, rules)
    }
    data_regression.check(published)


def test_decimal_and_interval_cells_read_as_dutch_numbers_and_say_their_decimals():
    ratio, limits = Cell.decimal(15.94, 1), Cell.interval(0, 5.7149, 2)
    assert (ratio.text(), ratio.csv()) == ("15,9", "15,9")
    assert (limits.text(), limits.csv()) == ("0,00 – 5,71", "0,00 – 5,71")
    view = TableView("t", "T", ("Regio", "Verwacht", "Grenzen"), (("A", (ratio, limits)),))
    assert view.column_kinds() == ["decimal", "interval"]
    assert view.column_decimals() == [1, 2]
    assert '<td class="olcc-decimal">15,9</td>' in view.html()


def test_which_combinations_are_listed_depends_on_problem_counts_only(demo_cases):
    # Shuffling each problem over the cases keeps every problem's count and changes every
    # combination: the same combinations are listed (a list of the most frequent combinations
    # would tell a reader that those left out are smaller).
    rng = np.random.default_rng(7)
    shuffled = demo_cases.copy()
    for column in [c for c in shuffled.columns if c.startswith("problemen__")]:
        shuffled[column] = rng.permutation(shuffled[column].to_numpy())
    for key in ("combinaties-2", "combinaties-3"):
        listed = [
            protected(c).table(key).cells["combinatie"].tolist() for c in (demo_cases, shuffled)
        ]
        assert listed[0] == listed[1] and len(listed[0]) == 10
        assert (
            protected(demo_cases).table(key).cells["aantal"].tolist()
            != protected(shuffled).table(key).cells["aantal"].tolist()
        )
