"""Figures of problems: problems per case, the most frequent combinations, and problems ×
profile group with its two margins (the one-way problem and profile-group figures)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from olcc_report.figures.base import (
    Figure,
    cross_view,
    describe,
    heatmap,
    not_registered_figure,
    one_way_figure,
    release_figure,
)
from olcc_report.figures.release import Release
from olcc_report.records.vocabulary import (
    TOP_PROBLEMS,
)


def problem_counts(release: Release) -> Figure:
    return release_figure(
        release, "aantal-problemen", "Casussen naar aantal problemen", "Aantal problemen"
    )


def combinations(release: Release, size: int) -> Figure:
    """Every combination of ``size`` of the most frequent problems (cases that have at least
    these), secret ones included."""
    key = f"combinaties-{size}"
    what = {2: "twee", 3: "drie"}.get(size, str(size))
    title = f"Combinaties van {what} van de {TOP_PROBLEMS} meest genoemde problemen"
    if missing := release.not_registered(key):
        return not_registered_figure(key, title, missing)
    figure = one_way_figure(release.table(key), title, "Combinatie", sort="-x")
    view = figure.view.with_notes(
        f"Alle combinaties van {what} van de {TOP_PROBLEMS} problemen die het vaakst genoemd "
        "zijn, ook als een combinatie geheim is; een casus met meer problemen telt bij elke "
        "combinatie die hij heeft."
    )
    return replace(figure, view=view, description=describe("Staafdiagram", view))


@dataclass(frozen=True)
class ProblemProfile:
    """Problems × profile group, and the two one-way tables that are its margins."""

    cross: Figure
    problems: Figure
    groups: Figure


def problems_by_profile(release: Release) -> ProblemProfile:
    key, title = "problemen-profielgroep", "Problemen per profielgroep"
    if missing := release.not_registered(key):
        cross = not_registered_figure(key, title, missing)
    else:
        table = release.table(key)
        view = cross_view(
            table, title, "Probleem", total_column="Alle casussen", total_row="Casussen in de groep"
        )
        cross_chart = heatmap(
            table, "profielgroep", "problemen", "Profielgroep", "Probleem", "Aandeel van de groep"
        )
        cross = Figure(key, title, describe("Kleurentabel", view), cross_chart, view, table)
    problems_figure = release_figure(
        release, "problemen", "Casussen naar probleem", "Probleem", sort="-x"
    )
    groups_figure = release_figure(
        release, "profielgroepen", "Casussen naar profielgroep", "Profielgroep"
    )
    return ProblemProfile(cross, problems_figure, groups_figure)
