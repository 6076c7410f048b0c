import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from olcc_report.disclosure import protect_counts, round_to_base
from olcc_report.params import DisclosureParams

RULES = DisclosureParams()


def table(counts):
    return pd.DataFrame({"code": [f"c{i}" for i in range(len(counts))],
                         "label": [f"C{i}" for i in range(len(counts))], "aantal": counts})


def test_rounding_half_up():
    assert [round_to_base(n, 5) for n in (10, 12, 13, 17, 18, 440, 104)] == [10, 10, 15, 15, 20, 440, 105]


def test_small_cells_hidden_zero_shown_rest_rounded():
    protected = protect_counts(table([0, 3, 12, 85]), ["code", "label"], 100, RULES)
    frame = protected.frame
    assert frame["symbool"].tolist() == ["-", "x", "", ""]
    assert frame["aantal"].tolist()[0] == 0 and pd.isna(frame["aantal"][1])
    assert frame["aantal"].tolist()[2:] == [10, 85]
    assert protected.total == 100
    assert frame["aandeel"][3] == 0.85


def test_cell_hidden_when_rest_of_table_is_small():
    # 95 of 100 have it: publishing 95 tells that only 5 children do not.
    protected = protect_counts(table([95]), ["code", "label"], 100, RULES)
    assert protected.frame["symbool"].tolist() == ["x"]


def test_small_total_hidden():
    protected = protect_counts(table([4, 3]), ["code", "label"], 7, RULES)
    assert protected.total is None and protected.total_symbol == "x"
    assert protected.frame["aantal"].isna().all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=12),
       st.integers(min_value=2, max_value=15), st.sampled_from([1, 3, 5, 10]))
def test_no_shown_count_is_small_or_unrounded(counts, min_count, base):
    rules = DisclosureParams(min_count=min_count, rounding_base=base)
    total = sum(counts)
    protected = protect_counts(table(counts), ["code", "label"], total, rules)
    for raw, shown in zip(counts, protected.frame["aantal"], strict=True):
        if pd.isna(shown):
            assert 0 < raw < min_count or 0 < total - raw < min_count
        else:
            assert shown % base == 0
            assert shown == 0 or raw >= min_count
            assert abs(shown - raw) <= base / 2
    if protected.total is not None and protected.total:
        assert protected.total % base == 0
