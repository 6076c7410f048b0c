"""Disclosure control, tested as an attacker would: from the published table only.

The attacker's linear program here is written independently of the library's audit: it reads
what a reader sees (shown counts, symbols, margins) and computes, for every hidden cell, the
narrowest interval the published numbers allow.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from olcc_report.analysis.cells import UNKNOWN, YES, Universe, cell
from olcc_report.disclosure import required_width, round_to_base, rounding_interval
from olcc_report.disclosure.book import Book, has_side, partition_side
from olcc_report.intake.params import DisclosureParams

RULES = DisclosureParams()
EXACT = DisclosureParams(min_count=10, rounding_base=1)


# --- tables on their own: a small universe of invented cases, one table declared on a Book ------


def _blocks(sizes, n):
    """Masks of consecutive blocks of ``sizes`` units among ``n``."""
    masks, start = [], 0
    for size in sizes:
        mask = np.zeros(n, dtype=bool)
        mask[start : start + size] = True
        masks.append(mask)
        start += size
    return masks


def protect_one_way(counts, total, rules, kind="partition"):
    """One one-way table of ``total`` invented cases with ``counts`` per category."""
    codes = [f"c{i}" for i in range(len(counts))]
    labels = [f"C{i}" for i in range(len(counts))]
    u = Universe(total)
    if kind == "partition":
        masks = dict(zip(codes, _blocks(counts, total), strict=True))
        if sum(counts) < total:
            masks[UNKNOWN] = ~np.logical_or.reduce(list(masks.values()))
        u.add("code", masks)
        side = partition_side("code", codes, labels)
    else:
        for code, count in zip(codes, counts, strict=True):
            u.add_indicator(f"code={code}", np.arange(total) < count)
        side = has_side("code", codes, labels)
    book = Book(u, rules)
    book.one_way("t", "code", side, kind=kind)
    return book.table("t")


def protect_two_way(grid, rules):
    """A partition × partition table of invented cases with ``grid`` per cell."""
    grid = np.asarray(grid)
    n = int(grid.sum())
    blocks = _blocks(grid.ravel().tolist(), n)
    rows, columns = grid.shape
    u = Universe(n)
    u.add(
        "r",
        {
            f"r{i}": np.logical_or.reduce(blocks[i * columns : (i + 1) * columns])
            for i in range(rows)
        },
    )
    u.add("k", {f"k{j}": np.logical_or.reduce(blocks[j::columns]) for j in range(columns)})
    book = Book(u, rules)
    book.two_way(
        "t",
        "r",
        partition_side("r", [f"r{i}" for i in range(rows)], [f"R{i}" for i in range(rows)]),
        "k",
        partition_side("k", [f"k{j}" for j in range(columns)], [f"K{j}" for j in range(columns)]),
    )
    return book.table("t")


# --- the attacker -------------------------------------------------------------------------------


def _value(frame):
    """The shown count, or the lower bound of a count shown as "≥ n"."""
    return frame["aantal"].fillna(frame["ten_minste"])


def _total_value(total):
    return total.value if total.value is not None else total.at_least


def _known(value, symbol, rules):
    """What a reader knows about one published count: an interval."""
    if symbol == "x":
        return (0, None)
    if symbol == "≥":  # a lower bound
        return (int(value), None)
    if symbol == "-":
        return (0, 0)
    low, high = rounding_interval(int(value), rules.rounding_base)
    return (max(low, rules.min_count), high)


def attack_two_way(table, rules):
    """Intervals of the hidden inner cells of a published partition × partition table."""
    cells = table.cells
    rows = list(dict.fromkeys(cells[table.row_field]))
    cols = list(dict.fromkeys(cells[table.column_field]))
    n_cells = len(rows) * len(cols)
    # variables: cells (row-major), row margins, column margins, total
    n = n_cells + len(rows) + len(cols) + 1
    bounds = [_known(v, s, rules) for v, s in zip(_value(cells), cells["symbool"], strict=True)]
    bounds += [
        _known(v, s, rules)
        for v, s in zip(_value(table.row_totals), table.row_totals["symbool"], strict=True)
    ]
    bounds += [
        _known(v, s, rules)
        for v, s in zip(_value(table.column_totals), table.column_totals["symbool"], strict=True)
    ]
    bounds.append(_known(_total_value(table.total), table.total.symbol, rules))
    equations = []
    for i in range(len(rows)):
        eq = np.zeros(n)
        eq[[i * len(cols) + j for j in range(len(cols))]] = 1
        eq[n_cells + i] = -1
        equations.append(eq)
    for j in range(len(cols)):
        eq = np.zeros(n)
        eq[[i * len(cols) + j for i in range(len(rows))]] = 1
        eq[n_cells + len(rows) + j] = -1
        equations.append(eq)
    eq = np.zeros(n)
    eq[n_cells : n_cells + len(rows)] = 1
    eq[-1] = -1
    equations.append(eq)
    return _intervals(
        np.array(equations), bounds, [k for k in range(n_cells) if bounds[k] == (0, None)]
    )


def attack_one_way(table, rules):
    cells = table.cells
    n = len(cells) + 1
    bounds = [_known(v, s, rules) for v, s in zip(_value(cells), cells["symbool"], strict=True)]
    bounds.append(_known(_total_value(table.total), table.total.symbol, rules))
    eq = np.ones(n)
    eq[-1] = -1
    return _intervals(
        np.array([eq]), bounds, [k for k in range(len(cells)) if bounds[k] == (0, None)]
    )


def _intervals(a_eq, bounds, hidden):
    out = {}
    for k in hidden:
        c = np.zeros(len(bounds))
        c[k] = 1
        low = linprog(c, A_eq=a_eq, b_eq=np.zeros(len(a_eq)), bounds=bounds, method="highs")
        high = linprog(-c, A_eq=a_eq, b_eq=np.zeros(len(a_eq)), bounds=bounds, method="highs")
        assert low.status == 0
        out[k] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return out


def primary_only(grid, min_count):
    """What naive protection publishes: exact counts, only the small cells hidden."""
    grid = np.asarray(grid)
    hidden = (grid > 0) & (grid < min_count)
    return grid, hidden


# --- rules --------------------------------------------------------------------------------------


def test_rounding_half_up_and_its_interval():
    assert [round_to_base(n, 5) for n in (10, 12, 13, 17, 18, 440, 104)] == [
        10,
        10,
        15,
        15,
        20,
        440,
        105,
    ]
    assert rounding_interval(10, 5) == (8, 12)
    assert rounding_interval(10, 10) == (5, 14)
    assert rounding_interval(7, 1) == (7, 7)
    for base in (1, 2, 5, 10):
        for v in range(0, 60):
            low, high = rounding_interval(round_to_base(v, base), base)
            assert low <= v <= high


def test_small_cells_hidden_zero_shown_rest_rounded():
    protected = protect_one_way([0, 3, 12, 85], 100, RULES)
    frame = protected.cells
    assert frame["symbool"].tolist()[:2] == ["-", "x"]  # its total (100) is shown
    assert frame["aantal"].tolist()[0] == 0 and pd.isna(frame["aantal"][1])
    assert protected.total.value == 100
    shown = frame.dropna(subset=["aantal"])
    assert all(v % 5 == 0 for v in shown["aantal"])


def test_a_large_count_is_a_lower_bound_when_counts_are_exact():
    # 95 of 100 have it: publishing 95 tells that only 5 children do not. "≥ 90" (the total
    # less 10) keeps what a reader needs: the 5 without it lie anywhere in 0..10.
    protected = protect_one_way([95], 100, EXACT, kind="has")
    assert protected.cells["symbool"].tolist() == ["≥"]
    assert protected.cells["ten_minste"].tolist() == [90]
    assert pd.isna(protected.cells["aantal"][0]) and pd.isna(protected.cells["aandeel"][0])
    assert protected.cells["aandeel_ten_minste"].tolist() == [0.9]
    # Too small a total for a bound of at least 10: hidden.
    protected = protect_one_way([15], 18, EXACT, kind="has")
    assert protected.cells["symbool"].tolist() == ["x"]


def test_large_count_stays_readable_with_rounding():
    # Rounded, 95 (93..97) of 100 (98..102) leaves the 5 without it in 1..9: as wide as the
    # promise asks (one rounding interval, 4), so the count a reader most needs is shown.
    protected = protect_one_way([95], 100, RULES, kind="has")
    assert protected.cells["symbool"].tolist() == [""]
    assert protected.cells["aantal"].tolist() == [95]
    # 99 of 100: shown 100 of 100, the one without lies in 0..4 (still one rounding interval).
    protected = protect_one_way([99], 100, RULES, kind="has")
    assert protected.cells["aantal"].tolist() == [100]


def test_small_total_hidden():
    protected = protect_one_way([4, 3], 7, RULES)
    assert protected.total.value is None and protected.total.symbol == "x"
    assert protected.cells["aantal"].isna().all()


def test_single_hidden_cell_gets_a_partner_when_counts_are_exact():
    # Exact counts 50, 40, 3 and total 93: 3 = 93 - 50 - 40. Another cell must go too.
    protected = protect_one_way([50, 40, 3], 93, EXACT)
    assert (protected.cells["symbool"] == "x").sum() == 2
    assert protected.secondary == 1
    assert protected.cells["symbool"].tolist() == ["", "x", "x"]  # the smaller partner
    for low, high in attack_one_way(protected, EXACT).values():
        assert high - low >= 10


def test_has_counts_need_no_partner():
    # "has" counts are separate has / has-not splits; the has-not counts are not published.
    protected = protect_one_way([50, 40, 3], 93, EXACT, kind="has")
    assert protected.cells["symbool"].tolist() == ["", "", "x"]
    assert protected.secondary == 0


def test_required_width():
    assert required_width(EXACT) == 10
    assert required_width(RULES) == 4  # one rounding interval: 8..12 all round to 10


def test_rounding_alone_protects_a_single_hidden_cell():
    # Shown 150 (148..152), 50 (48..52) and total 205 (203..207): the hidden 7 lies somewhere
    # in 0..11, and an exact 7 cannot be computed back.
    protected = protect_one_way([150, 50, 7], 207, RULES)
    assert protected.cells["symbool"].tolist() == ["", "", "x"]
    assert protected.secondary == 0
    ((low, high),) = attack_one_way(protected, RULES).values()
    assert (low, high) == (0, 11)


def test_zero_under_a_hidden_total_is_hidden_too():
    # Column k0 is 0 and 3 (hidden): showing "-" would tell that the 3 are all in row r1.
    protected = protect_two_way([[0, 40], [3, 50]], RULES)
    assert protected.cells["symbool"].tolist()[:1] == ["x"]
    assert protected.column_totals["symbool"].tolist()[0] == "x"
    # A zero whose row and column totals are shown is nihil, even next to a hidden cell.
    protected = protect_two_way([[0, 40, 30], [30, 50, 3]], RULES)
    assert protected.cells["symbool"].tolist()[:1] == ["-"]


def test_region_in_province_cannot_be_computed_back():
    u = Universe(74)
    a, b, c = _blocks([40, 4, 30], 74)
    u.add("reg", {"a": a, "b": b, "c": c})
    u.add("prov", {"p": a | b, "q": c})
    book = Book(u, EXACT)
    book.one_way("r", "reg", partition_side("reg", ["a", "b", "c"], ["A", "B", "C"]))
    book.one_way("p", "prov", partition_side("prov", ["p", "q"], ["P", "Q"]))
    book.parts(cell(("prov", "p")), [cell(("reg", "a")), cell(("reg", "b"))])
    book.parts(cell(("prov", "q")), [cell(("reg", "c"))])
    child, parent = book.table("r"), book.table("p")
    # B is small; with P = 44 and A = 40 published exactly, B = 4. So A is shown only as a
    # lower bound (≥ 30: B lies anywhere in 0..14), or A or P is hidden.
    assert child.cells.set_index("reg").loc["b", "symbool"] == "x"
    a = child.cells.set_index("reg").loc["a"]
    assert a["symbool"] == "≥" and a["ten_minste"] == 30
    assert parent.cells.set_index("prov").loc["p", "aantal"] == 44
    # Q has one region: Q and C are the same number and are both shown (nothing small).
    assert parent.cells.set_index("prov").loc["q", "aantal"] == 30


def test_a_count_in_two_tables_is_one_cell():
    # The same group sizes as a one-way table and as the margin of a cross table: one number.
    u = Universe(60)
    g1, g2 = _blocks([52, 8], 60)
    u.add("g", {"g1": g1, "g2": g2})
    u.add_indicator("p=a", np.arange(60) < 30)
    book = Book(u, EXACT)
    groups = partition_side("g", ["g1", "g2"], ["G1", "G2"])
    book.one_way("groepen", "g", groups)
    book.two_way("p-g", "p", has_side("p", ["a"], ["A"]), "g", groups, row_kind="has")
    one_way, cross = book.table("groepen"), book.table("p-g")
    pd.testing.assert_series_equal(
        one_way.cells["symbool"], cross.column_totals["symbool"], check_names=False
    )
    assert one_way.cells.set_index("g").loc["g2", "symbool"] == "x"


# --- the attack that motivated secondary suppression --------------------------------------------


def invented_12_by_4():
    rng = np.random.default_rng(20201231)
    return rng.multinomial(1000, rng.dirichlet(np.full(48, 0.6))).reshape(12, 4)


def test_hiding_only_small_cells_is_not_enough():
    """On 12 × 4 cells of 1,000 invented cases, primary suppression alone leaks exact counts."""
    grid, hidden = primary_only(invented_12_by_4(), 10)
    n = grid.size + 12 + 4 + 1
    bounds = [
        (0, None) if h else (int(v), int(v))
        for v, h in zip(grid.ravel(), hidden.ravel(), strict=True)
    ]
    bounds += [(int(v), int(v)) for v in grid.sum(axis=1)] + [
        (int(v), int(v)) for v in grid.sum(axis=0)
    ]
    bounds.append((int(grid.sum()), int(grid.sum())))
    equations = []
    for i in range(12):
        eq = np.zeros(n)
        eq[i * 4 : (i + 1) * 4] = 1
        eq[48 + i] = -1
        equations.append(eq)
    for j in range(4):
        eq = np.zeros(n)
        eq[[i * 4 + j for i in range(12)]] = 1
        eq[60 + j] = -1
        equations.append(eq)
    intervals = _intervals(np.array(equations), bounds, list(np.flatnonzero(hidden.ravel())))
    recovered = [k for k, (low, high) in intervals.items() if high - low < 0.5]
    assert hidden.sum() >= 15
    assert len(recovered) >= 3, "the example should show the leak"


def test_secondary_suppression_closes_the_leak():
    grid = invented_12_by_4()
    protected = protect_two_way(grid, EXACT)
    intervals = attack_two_way(protected, EXACT)
    assert protected.secondary > 0
    assert intervals and all(high - low >= 10 for low, high in intervals.values())
    # and no shown count is small
    assert all(v == 0 or v >= 10 for v in protected.shown_counts())


# --- property-based: whatever the table, nothing small is shown and nothing hidden leaks --------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=300), min_size=1, max_size=10),
    st.integers(min_value=3, max_value=12),
    st.sampled_from([1, 3, 5, 10]),
)
def test_one_way_property(counts, min_count, base):
    rules = DisclosureParams(min_count=min_count, rounding_base=base)
    total = sum(counts)
    protected = protect_one_way(counts, total, rules)
    for raw, shown in zip(counts, protected.cells["aantal"], strict=True):
        if not pd.isna(shown):
            assert shown % base == 0
            # With rounding the rest of the total is left to the reader's check (below).
            assert shown == 0 or (
                raw >= min_count and (base > 1 or total - raw == 0 or total - raw >= min_count)
            )
            assert (
                raw in range(*np.add(rounding_interval(int(shown), base), (0, 1)))
                or shown == raw == 0
            )
    for low, high in attack_one_way(protected, rules).values():
        assert high - low >= required_width(rules) - 1e-6


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=2, max_value=5),
    st.integers(min_value=2, max_value=4),
    st.data(),
    st.sampled_from([1, 5]),
)
def test_two_way_property(n_rows, n_cols, data, base):
    grid = np.array(
        data.draw(
            st.lists(
                st.lists(st.integers(min_value=0, max_value=40), min_size=n_cols, max_size=n_cols),
                min_size=n_rows,
                max_size=n_rows,
            )
        )
    )
    rules = DisclosureParams(min_count=10, rounding_base=base)
    protected = protect_two_way(grid, rules)
    assert all(v == 0 or v >= 10 for v in protected.shown_counts())
    assert all(v % base == 0 for v in protected.shown_counts())
    for low, high in attack_two_way(protected, rules).values():
        assert high - low >= required_width(rules) - 1e-6


def test_has_by_group_table_hides_small_complements():
    # rows: problems (a case can have several); columns: groups (each case in one).
    # g1: 40 cases, 38 with A and 12 with B; g2: 30 cases, 20 with A and 15 with B.
    u = Universe(70)
    g1, g2 = _blocks([40, 30], 70)
    u.add("g", {"g1": g1, "g2": g2})
    index = np.arange(70)
    u.add_indicator("p=a", (index < 38) | ((index >= 40) & (index < 60)))
    u.add_indicator("p=b", (index < 12) | ((index >= 40) & (index < 55)))
    shown = {}
    for rules in (EXACT, RULES):
        book = Book(u, rules)
        book.two_way(
            "t",
            "p",
            has_side("p", ["a", "b"], ["A", "B"]),
            "g",
            partition_side("g", ["g1", "g2"], ["G1", "G2"]),
            row_kind="has",
            share_of="column",
        )
        cells = book.table("t").cells.set_index(["p", "g"])
        shown[rules.rounding_base] = cells.loc[("a", "g1"), "aantal"]
        assert cells.loc[("b", "g2"), "aantal"] == 15
    assert cells.loc[("b", "g2"), "aandeel"] == pytest.approx(15 / 30)
    # 38 of the 40 cases in g1 have A: exact, the 2 without it would be exposed; rounded, 40 of
    # 40 leaves them in 0..4, as wide as a rounding interval.
    assert pd.isna(shown[1]) and shown[5] == 40


# --- durations ----------------------------------------------------------------------------------


def test_survival_published_only_while_enough_cases_are_at_risk():
    from olcc_report.analysis import survival
    from olcc_report.disclosure import protect_survival

    # 30 cases: 20 close after 10..29 days, 10 are still open after 40 days.
    days = np.array([float(d) for d in range(10, 30)] + [40.0] * 10)
    closed = np.array([True] * 20 + [False] * 10)
    d = survival.Durations(days, closed)
    summary = protect_survival(days, survival.kaplan_meier(d), RULES)
    assert summary.shown
    # month 0: 30 at risk; month 1 (30.4 days): 10 at risk (the open ones); month 2: none.
    # The quartiles are points on the same curve: 25% closed on day 17 is only 8 closures
    # after day 0 (secret); the median on day 24, 15 closures after day 0, is shown (3 weeks);
    # month 1 is then only 5 closures after the median (secret).
    assert set(summary.months) == {0} and summary.hidden == {1}
    q25, q50, q75 = summary.quartiles
    assert (q25.symbol, q50.value) == ("x", 3)
    assert q75.symbol == "."  # never reached: a third is still open


def test_survival_quartiles_are_points_on_the_curve():
    from olcc_report.analysis import survival
    from olcc_report.disclosure import protect_survival

    # 24 cases closed one a day from day 50: 25% closed after 8 weeks (day 55), half after 9
    # (day 61). Published beside each other they would show 6 closures in one week.
    days = np.arange(50.0, 74.0)
    curve = survival.kaplan_meier(survival.Durations(days, np.ones(24, dtype=bool)))
    summary = protect_survival(days, curve, RULES)
    # The median (day 61, 12 closures after day 0) goes first; month 2 (day 60.9) would be one
    # closure from it, the other quartiles six.
    assert set(summary.months) == {0} and summary.hidden == {1, 2}
    assert [q.value for q in summary.quartiles] == [None, 9, None]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=10, max_value=120), st.integers(min_value=0, max_value=10**6))
def test_no_step_between_published_points_has_few_closures(n, seed):
    from olcc_report.analysis import survival
    from olcc_report.disclosure import protect_survival
    from olcc_report.records.vocabulary import DAYS_PER_MONTH

    rng = np.random.default_rng(seed)
    days = np.floor(rng.exponential(60, n)) + 1
    closed = rng.random(n) < 0.8
    curve = survival.kaplan_meier(survival.Durations(days, closed))
    summary = protect_survival(days, curve, RULES, 12, closed)
    points = [m * DAYS_PER_MONTH for m in summary.months]
    points += [
        survival.survival_quantile(curve, share)
        for share, q in zip((0.25, 0.5, 0.75), summary.quartiles, strict=True)
        if q.value is not None
    ]
    events = days[closed]
    points = sorted(points)
    for before, after in zip(points, points[1:], strict=False):
        assert ((events > before) & (events <= after)).sum() >= RULES.min_count


def test_survival_hidden_for_a_small_group():
    from olcc_report.analysis import survival
    from olcc_report.disclosure import protect_survival

    days = np.array([5.0, 9, 12])
    d = survival.Durations(days, np.array([True, True, False]))
    summary = protect_survival(days, survival.kaplan_meier(d), RULES)
    assert not summary.shown and summary.months == {}
    assert all(q.symbol == "x" for q in summary.quartiles)


def test_flows_hide_what_the_open_cases_would_give_away():
    import datetime as dt

    from olcc_report.analysis.cells import case_universe
    from olcc_report.analysis.counts import flows as count_flows

    inflow, outflow = [30, 40, 35], [3, 30, 40]  # open: 27, 37, 32
    naive_open = np.cumsum(inflow) - np.cumsum(outflow)
    assert inflow[0] - naive_open[0] == 3  # exact in and open give the hidden outflow away
    # 105 invented cases registered in Jan–Mar, the first registered closed first
    registered = [
        dt.date(2020, m, 1) for m, n in zip((1, 2, 3), inflow, strict=True) for _ in range(n)
    ]
    closed = [
        dt.date(2020, m, 28) for m, n in zip((1, 2, 3), outflow, strict=True) for _ in range(n)
    ]
    cases = pd.DataFrame(
        {
            "aanmelddatum": pd.to_datetime(registered),
            "afsluitdatum": pd.to_datetime(closed + [None] * (105 - len(closed))),
        }
    )
    end = dt.date(2020, 3, 31)
    flow = count_flows(cases, dt.date(2020, 1, 1), end, "maand")
    book = Book(case_universe(cases, end, {}, flow), EXACT)
    buckets = list(flow.frame["periode"])
    book.flows(buckets)
    book.publish()  # the number of cases, 105, is published with the flows
    names = [
        [cell((variable, b)) for b in buckets] for variable in ("aangemeld_in", "afgesloten_in")
    ] + [[cell((f"open_na={b}", YES)) for b in buckets]]
    published = [book.total(name) for row in names for name in row]
    assert published[3].symbol == "x" and book.secondary > 0  # the outflow of January
    # The attacker: unknowns in(3), out(3), open(3), rest, total; published ones fixed.
    n = 11
    bounds = [(0, None) if t.value is None else (t.value, t.value) for t in published]
    bounds += [(0, None), (105, 105)]  # unpublished rest (still open), total
    equations = []
    eq = np.zeros(n)
    eq[0:3] = 1
    eq[10] = -1
    equations.append(eq)
    eq = np.zeros(n)
    eq[3:6] = 1
    eq[9] = 1
    eq[10] = -1
    equations.append(eq)
    for t in range(3):  # open(t) + out(t) - in(t) - open(t-1) = 0
        eq = np.zeros(n)
        eq[6 + t] = 1
        eq[3 + t] = 1
        eq[t] = -1
        if t:
            eq[6 + t - 1] = -1
        equations.append(eq)
    hidden = [k for k in range(9) if bounds[k] == (0, None)]
    for low, high in _intervals(np.array(equations), bounds, hidden).values():
        assert high - low >= 10
