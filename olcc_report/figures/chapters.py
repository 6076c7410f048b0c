"""Every figure of a period's book made in one call, as the notebooks make them one by one next
to their text (the order and chapter of each is declared in :mod:`olcc_report.records.contents`):
:func:`chapter` for the quantitative chapters (benchmarks), :func:`book_figures` for all (the
tests read their CSVs as the published downloads)."""

from __future__ import annotations

from collections.abc import Sequence

from olcc_report.figures import qualitative, trend
from olcc_report.figures.base import Figure
from olcc_report.figures.cases import (
    age_by_sex,
    disruption_counts,
    disruptions,
    expert_teams,
    flows,
    life_domain_counts,
    living_situation,
    registrants,
)
from olcc_report.figures.outcomes import asked_vs_done, duration, outcomes
from olcc_report.figures.problems import combinations, problem_counts, problems_by_profile
from olcc_report.figures.regions import regions
from olcc_report.figures.release import Release
from olcc_report.intake.population import Population


def chapter(release: Release) -> list[Figure]:
    """Every figure of the quantitative chapters (``welke_vragen`` then ``wat_we_deden``), in
    book order (tests and benchmarks use this; the notebooks call the same functions one by
    one, next to their text)."""
    profile = problems_by_profile(release)
    region = regions(release)
    times = duration(release)
    return [
        flows(release),
        registrants(release),
        expert_teams(release),
        age_by_sex(release),
        profile.problems,
        problem_counts(release),
        combinations(release, 2),
        combinations(release, 3),
        profile.groups,
        profile.cross,
        region.regions,
        region.provinces,
        disruptions(release),
        disruption_counts(release),
        living_situation(release),
        life_domain_counts(release),
        asked_vs_done(release),
        outcomes(release),
        times.curve,
        times.quartiles,
    ]


def book_figures(
    release: Release,
    population: Population,
    history: Sequence[tuple[str, Release]] = (),
) -> list[Figure]:
    """Every figure with counts the period's book publishes, as the notebooks compose them
    (the whole-book audit in the tests reads their CSVs): the quantitative chapters, the
    qualitative ones when the period has codings, stille vragen on ``population``, and the
    rode draden over ``history`` (the calendar years up to this one, oldest first)."""
    out = chapter(release)
    if release.themes is not None:
        by_profile = qualitative.themes_by(
            release,
            "profielgroep",
            "themas-profielgroep",
            "Thema's per profielgroep",
            "Profielgroep",
        )
        out += [
            qualitative.theme_frequency(release),
            by_profile,
            qualitative.themes_by(
                release, "leeftijdsgroep", "themas-leeftijdsgroep", "Thema's", "Leeftijdsgroep"
            ),
            qualitative.cooccurrence(release),
            qualitative.evaluations(release).figure,
            *(
                qualitative.theme_by_profile(by_profile, t.code, t.label)
                for t in release.themes.codebook.of_kind("thema")
            ),
        ]
    out.append(qualitative.stille_vragen(release, population).figure)
    if history:
        years = [trend.Year(label, r) for label, r in history]
        coded = [(label, r) for label, r in history if r.themes is not None]
        out += [
            trend.case_numbers(years),
            trend.shares_per_year(
                years, "profielgroepen", "trend-profielgroepen", "Profielgroepen", "Profielgroep"
            ),
            trend.shares_per_year(
                years, "verstoringen", "trend-verstoringen", "Verstoringen", "Verstoring"
            ),
            trend.duration_per_year(years),
            *([qualitative.themes_by_year(coded, key="trend-themas")] if coded else []),
        ]
    return out
