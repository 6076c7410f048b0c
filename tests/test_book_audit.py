"""One disclosure model per book, checked as an intruder: from the published CSVs only.

Every demo period is protected in both modes (rounding to 5, and exact counts), its book's
tables are written as the downloads are, and the intruder of :mod:`olcc_report.book.audit` (which
does not use the library's cell model) reads them, alone and all periods together. The four
findings of the issue are checked again here from the published numbers, with code of their own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from olcc_report.book.audit import audit_books, read_book, read_csv
from olcc_report.book.downloads import downloads
from olcc_report.figures.chapters import book_figures
from olcc_report.figures.release import Release, release
from olcc_report.figures.release_stille import PoolPart
from olcc_report.intake.params import DisclosureParams
from olcc_report.pipeline.period import load_period
from olcc_report.qualitative.codebook import theme_labels
from olcc_report.records.vocabulary import is_calendar_year, published_name

ROOT = Path(__file__).resolve().parent.parent
PERIODS = ("2019", "2020", "2021", "2021-Q1", "2022-Q1")
MODES = {
    "afgerond": DisclosureParams(min_count=10, rounding_base=5),
    "exact": DisclosureParams(min_count=10, rounding_base=1),
}


@cache
def _period(period: str):
    return load_period(ROOT / "params" / f"{period}.yaml")


@cache
def _release(period: str, mode: str) -> Release:
    p = _period(period)
    earlier = [_release(q, mode) for q in PERIODS if q.startswith(f"{period}-Q")]
    pool = [
        PoolPart(q, _release(q, mode).book, _period(q).population, _release(q, mode).pool)
        for q in _pooled_with(period)
    ]
    return release(
        p.cases, p.start, p.end, MODES[mode], p.qualitative, earlier, p.population, pool, period
    )


def _pooled_with(period: str) -> list[str]:
    """The periods of the same kind before ``period`` that the stille-vragen chapter pools."""
    year, quarter = int(period[:4]), period[4:]
    before = [f"{year - k}{quarter}" for k in (2, 1)]
    return [q for q in before if q in PERIODS]


@cache
def _tables(period: str, mode: str) -> dict[str, bytes]:
    """The period's downloads, as its notebooks publish them."""
    p = _period(period)
    history = (
        [(y, _release(y, mode)) for y in PERIODS if is_calendar_year(y) and y <= period]
        if is_calendar_year(period)
        else []
    )
    figures = book_figures(_release(period, mode), p.population, history)
    # A figure of a field the period does not register has no download.
    return {f.csv_name: f.view.csv_text().encode("utf-8") for f in figures if not f.not_registered}


def _book(period: str, mode: str):
    return read_book(
        _tables(period, mode), period, MODES[mode], theme_labels(_period(period).loaded)
    )


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("period", PERIODS)
def test_whole_book_audit_passes(period, mode):
    assert audit_books([_book(period, mode)]) == []


@pytest.mark.parametrize("mode", MODES)
def test_audit_of_all_periods_together_passes(mode):
    assert audit_books([_book(p, mode) for p in PERIODS]) == []


def test_audit_reads_every_table_the_book_publishes():
    """The tables the audit reads are the ones the committed notebooks publish."""
    for period in PERIODS:
        folder = ROOT / "notebooks" / "executed" / period
        published = {
            name
            for name in downloads(sorted(folder.glob("*.ipynb")), _period(period).loaded)
            if name.endswith(".csv") and not name.endswith(".meta.csv")
        }
        # The plan table counts plan points, not cases: it is not composed here.
        assert set(_tables(period, "afgerond")) == published - {"trend-plannen.csv"}


# --- the four findings, from the published numbers ------------------------------------------------


def _rows(period, mode, key):
    return read_csv(_tables(period, mode)[f"{key}.csv"])


def _count(text: str) -> int | None:
    """A published count; None when it is secret, missing or only a lower bound (≥ n)."""
    if text in ("x", ".") or text.startswith("≥"):
        return None
    return 0 if text == "-" else int(text.replace(".", ""))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("period", PERIODS)
def test_no_step_of_a_survival_curve_shows_fewer_than_min_count_closures(period, mode):
    """A step from p% to q% in a group of at most n cases shows at most n·(p − q + 1%) closures
    (censoring only makes each closure a bigger step): that must reach ``min_count``."""
    rules = MODES[mode]
    if "profielgroepen.csv" in _tables(period, mode):
        sizes = {r[0]: _count(r[1]) for r in _rows(period, mode, "profielgroepen")[1:]}
        sizes["Alle casussen"] = sizes.pop("Totaal")
    else:  # a period without profile groups: only the curve of all cases
        totals = _rows(period, mode, "aanmelder")
        sizes = {"Alle casussen": _count(totals[-1][1])}
    curve = _rows(period, mode, "doorlooptijd")
    for j, group in enumerate(curve[0][1:], start=1):
        shares = [int(r[j]) / 100 for r in curve[1:] if r[j] not in ("x", ".")]
        n = sizes[group] + rules.rounding_base // 2 if sizes[group] is not None else None
        assert n is not None, f"{group}: curve shown for a hidden group"
        for before, after in zip(shares, shares[1:], strict=False):
            assert n * (before - after + 0.01) >= rules.min_count, (group, before, after)


@pytest.mark.parametrize("mode", MODES)
def test_hidden_age_by_sex_cell_stays_wide_with_the_key_numbers(mode):
    """2019, "anders of onbekend" 5–12 jaar: the age × sex table and the key numbers
    (registered = closed + open, each as published) together leave it at least as uncertain as
    the method promises."""
    rules = MODES[mode]
    table = _rows("2019", mode, "leeftijd-geslacht")
    key = {r[0]: _count(r[1]) for r in _rows("2019", mode, "trend-casussen")[1:]}
    rows, columns = len(table) - 2, len(table[0]) - 2
    # variables: inner cells, row totals, column totals, total, closed, open
    n = rows * columns + rows + columns + 3

    def known(text):
        if text.startswith("≥"):  # a lower bound: at least that many
            return (int(text.removeprefix("≥").strip().replace(".", "")), None)
        value = _count(text)
        if value is None:
            return (0, None)
        if value == 0:
            return (0, 0)
        half = rules.rounding_base // 2
        return (max(value - half, rules.min_count), value + (rules.rounding_base + 1) // 2 - 1)

    bounds = [known(t) for r in table[1:-1] for t in r[1:-1]]
    bounds += [known(r[-1]) for r in table[1:-1]] + [known(t) for t in table[-1][1:-1]]
    bounds += [known(table[-1][-1])]
    bounds += [
        known(str(key["Afgesloten in het jaar"])),
        known(str(key["Open aan het eind van het jaar"])),
    ]
    equations = []
    for i in range(rows):
        eq = np.zeros(n)
        eq[i * columns : (i + 1) * columns] = 1
        eq[rows * columns + i] = -1
        equations.append(eq)
    for j in range(columns):
        eq = np.zeros(n)
        eq[[i * columns + j for i in range(rows)]] = 1
        eq[rows * columns + rows + j] = -1
        equations.append(eq)
    total = rows * columns + rows + columns
    eq = np.zeros(n)
    eq[rows * columns : rows * columns + rows] = 1
    eq[total] = -1
    equations.append(eq)
    eq = np.zeros(n)
    eq[total] = 1
    eq[total + 1 : total + 3] = -1
    equations.append(eq)
    labels = [r[0] for r in table[1:-1]]
    cell = labels.index("5 t/m 12 jaar") * columns + table[0].index("Anders of onbekend") - 1
    assert bounds[cell] == (0, None), "the cell is hidden"
    c = np.zeros(n)
    c[cell] = 1
    a = np.array(equations)
    low = linprog(c, A_eq=a, b_eq=np.zeros(len(a)), bounds=bounds, method="highs")
    high = linprog(-c, A_eq=a, b_eq=np.zeros(len(a)), bounds=bounds, method="highs")
    width = (np.inf if high.status == 3 else -high.fun) - low.fun
    promised = rules.min_count if rules.rounding_base == 1 else 4
    assert width >= promised


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("period", PERIODS)
def test_no_zero_next_to_a_hidden_cell(period, mode):
    """ "0 t/m 4 jaar: x; -; -; x" would tell that the few children are all boys; a hidden row
    with "-" for some kinds of help would tell what none of them got."""
    table = _rows(period, mode, "leeftijd-geslacht")
    lines = [r[1:] for r in table[1:]] + [
        list(c) for c in zip(*[r[1:-1] for r in table[1:]], strict=True)
    ]
    if "hulpvraag-inzet.csv" in _tables(period, mode):
        help_rows = _rows(period, mode, "hulpvraag-inzet")
        lines += [r[1:] for r in help_rows[1:] if r[-1] == "x"]
    for line in lines:
        assert not ("x" in line and "-" in line), line


def test_exact_counts_hide_a_group_everywhere_it_is_published():
    """With exact counts, a group size hidden in one table is hidden in every other that shows
    it: age groups in the age × sex table and the themes × age table; profile groups in their
    table and as shares in the trend chapter."""
    for period in ("2019", "2020", "2021"):
        ages = {r[0]: r[-1] for r in _rows(period, "exact", "leeftijd-geslacht")[1:-1]}
        themes = _rows(period, "exact", "themas-leeftijdsgroep")
        by_theme = dict(zip(themes[0][1:-1], themes[-1][1:-1], strict=True))
        assert {k: v == "x" for k, v in ages.items()} == {k: v == "x" for k, v in by_theme.items()}
        groups = {r[0]: r[1] for r in _rows(period, "exact", "profielgroepen")[1:-1]}
        trend = _rows("2021", "exact", "trend-profielgroepen")
        column = trend[0].index(period)
        shares = {r[0]: r[column] for r in trend[1:-1]}
        assert {k: v == "x" for k, v in groups.items()} == {k: v == "x" for k, v in shares.items()}


def test_the_audit_reads_a_downloaded_demo_folder_by_its_published_names(tmp_path):
    """A reader of a demo book downloads problemen-synthetisch.csv; the intruder reads those."""
    files = _tables("2020", "afgerond")
    for name, data in files.items():
        (tmp_path / published_name(name, demo=True)).write_bytes(data)
    book = read_book(tmp_path, "2020", MODES["afgerond"])
    assert set(book.tables) == {name.removesuffix(".csv") for name in files}
