"""Figures of problems: problems per case, the most frequent combinations, and problems ×
profile group with its two margins (the one-way problem and profile-group figures)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from olcc_report.analysis import counts as analysis
from olcc_report.disclosure import (
    ProtectedTable,
    protect_one_way,
    protect_two_way,
)
from olcc_report.figures.base import (
    Figure,
    bar_chart,
    cross_view,
    describe,
    heatmap,
    margin_figure,
    one_way_figure,
    one_way_view,
)
from olcc_report.intake.params import DisclosureParams
from olcc_report.records.vocabulary import (
    TOP_COMBINATIONS,
)


def problem_counts(cases: pd.DataFrame, rules: DisclosureParams) -> Figure:
    return categories_per_case(
        "aantal-problemen",
        cases,
        "problemen",
        rules,
        "Casussen naar aantal problemen",
        "Aantal problemen",
    )


def categories_per_case(
    key: str,
    cases: pd.DataFrame,
    field_name: str,
    rules: DisclosureParams,
    title: str,
    header: str,
    cap: int = analysis.PROBLEM_COUNT_CAP,
) -> Figure:
    counts = analysis.count_categories_per_case(cases, field_name, cap)
    return one_way_figure(key, counts, "aantal_categorieen", len(cases), rules, title, header)


def combinations(
    cases: pd.DataFrame, rules: DisclosureParams, size: int, top: int = TOP_COMBINATIONS
) -> Figure:
    """The most frequent combinations of ``size`` problems (cases that have at least these)."""
    counts = analysis.combinations(cases, "problemen", size)
    # Only the combinations that are published are protected (the rest never leaves).
    counts = counts[counts["aantal"] >= rules.min_count].head(top)
    table = protect_one_way(
        f"combinaties-{size}", counts, "combinatie", len(cases), rules, kind="has"
    )
    what = {2: "twee", 3: "drie"}.get(size, str(size))
    title = f"Meest voorkomende combinaties van {what} problemen"
    view = one_way_view(table, title, "Combinatie")
    view = view.with_notes(
        f"De {top} combinaties met de meeste casussen; een casus met "
        "meer problemen telt bij elke combinatie die hij heeft."
    )
    chart = bar_chart(table, "Combinatie", sort="-x")
    return Figure(table.key, title, describe("Staafdiagram", view), chart, view, table)


@dataclass(frozen=True)
class ProblemProfile:
    """Problems × profile group, and the two one-way tables that are its margins."""

    cross: Figure
    problems: Figure
    groups: Figure
    table: ProtectedTable


def multi_by_group(
    key: str,
    cases: pd.DataFrame,
    multi_field: str,
    group_field: str,
    rules: DisclosureParams,
    multi_on_rows: bool,
) -> ProtectedTable:
    """Cases with each category of a multi-valued field within each group of a categorical one,
    with both margins; shares are of the group."""
    counts = analysis.count_multi_by(cases, multi_field, group_field)
    multi = analysis.count_multi(cases, multi_field)["aantal"].tolist()
    groups = analysis.count_by(cases, group_field)["aantal"].tolist()
    if multi_on_rows:
        return protect_two_way(
            key,
            counts,
            multi_field,
            group_field,
            rules,
            row_kind="has",
            row_margins=multi,
            column_margins=groups,
            total=len(cases),
            share_of="column",
        )
    return protect_two_way(
        key,
        counts,
        group_field,
        multi_field,
        rules,
        column_kind="has",
        row_margins=groups,
        column_margins=multi,
        total=len(cases),
        share_of="row",
    )


def problems_by_profile(cases: pd.DataFrame, rules: DisclosureParams) -> ProblemProfile:
    table = multi_by_group(
        "problemen-profielgroep", cases, "problemen", "profielgroep", rules, multi_on_rows=True
    )
    title = "Problemen per profielgroep"
    view = cross_view(
        table, title, "Probleem", total_column="Alle casussen", total_row="Casussen in de groep"
    )
    cross_chart = heatmap(
        table, "profielgroep", "problemen", "Profielgroep", "Probleem", "Aandeel van de groep"
    )
    cross = Figure(
        "problemen-profielgroep", title, describe("Heatmap", view), cross_chart, view, table
    )
    problems_figure = margin_figure(
        table, "rows", "problemen", "Casussen naar probleem", "Probleem", sort="-x"
    )
    groups_figure = margin_figure(
        table, "columns", "profielgroepen", "Casussen naar profielgroep", "Profielgroep"
    )
    return ProblemProfile(cross, problems_figure, groups_figure, table)
