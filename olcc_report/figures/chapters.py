"""The figures of each chapter notebook, listed once: the notebooks show them in this order,
:func:`chapter` builds the quantitative ones for tests and benchmarks, and the tests check
both against this list."""

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

# The figures that use CBS's figures (young people per region, region boundaries): their
# source line names CBS, as its licence asks.
CBS_FIGURES = ("jeugdregio", "stille-vragen")

# notebook → the keys of the figures it shows, in order. Figures glued into narrative pages
# (``thema-<code>``, one per theme of the codebook) are in THEME_FIGURE_PREFIX.
CHAPTER_FIGURES: dict[str, tuple[str, ...]] = {
    "welke_vragen": (
        "instroom-uitstroom",
        "aanmelder",
        "expertteam",
        "leeftijd-geslacht",
        "problemen",
        "aantal-problemen",
        "combinaties-2",
        "combinaties-3",
        "profielgroepen",
        "problemen-profielgroep",
        "jeugdregio",
        "provincie",
        "verstoringen",
        "aantal-verstoringen",
        "woonsituatie",
        "aantal-leefgebieden",
    ),
    "kwalitatief": (
        "themas",
        "themas-profielgroep",
        "themas-leeftijdsgroep",
        "thema-paren",
    ),
    "casusevaluaties": ("casusevaluaties",),
    "stille_vragen": ("stille-vragen",),
    "rode_draden": (
        "trend-casussen",
        "trend-profielgroepen",
        "trend-verstoringen",
        "trend-themas",
        "trend-doorlooptijd",
        "trend-plannen",
    ),
    "wat_we_deden": ("hulpvraag-inzet", "uitkomst", "doorlooptijd", "doorlooptijd-kwartielen"),
}
# Shown only when the period has what they need (codings in some year).
OPTIONAL_FIGURES = frozenset({"trend-themas"})
THEME_FIGURE_PREFIX = "thema-"
# Tables without a chart.
WITHOUT_CHART = frozenset({"doorlooptijd-kwartielen", "trend-plannen"})


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
