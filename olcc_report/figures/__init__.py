"""Figures: protected table + altair chart + text alternative + CSV, ready to show.

Charts are built from protected aggregate tables only (never from case rows): altair embeds its
whole data set in the page. :mod:`.base` (the figure, views, descriptions, shared charts),
:mod:`.render` (HTML and CSV), :mod:`.cases`, :mod:`.regions`, :mod:`.outcomes` (the
quantitative chapters), :mod:`.qualitative`, :mod:`.trend`, :mod:`.chapters` (which figures each
chapter shows).

Notebooks call the short names re-exported here (``figures.flows``, ``figures.show``).

May import: :mod:`olcc_report.disclosure`, :mod:`olcc_report.analysis`,
:mod:`olcc_report.qualitative`, :mod:`olcc_report.intake`, :mod:`olcc_report.records`.
"""

from olcc_report.figures.base import Figure, show
from olcc_report.figures.cases import (
    age_by_sex,
    case_sentences,
    disruption_counts,
    disruptions,
    expert_teams,
    flows,
    life_domain_counts,
    living_situation,
    period_totals,
    registrants,
)
from olcc_report.figures.chapters import chapter
from olcc_report.figures.headline import headline
from olcc_report.figures.outcomes import asked_vs_done, duration, outcomes
from olcc_report.figures.problems import combinations, problem_counts, problems_by_profile
from olcc_report.figures.regional import (
    beside,
    key_numbers_sentence,
    regional_duration,
    regional_flows,
)
from olcc_report.figures.regions import regions
from olcc_report.figures.statements import (
    largest_category,
    most_asked,
    most_mentioned,
    several_problems,
    share_sentence,
)
from olcc_report.records.formatting import DutchText

__all__ = [
    "DutchText",
    "Figure",
    "age_by_sex",
    "asked_vs_done",
    "beside",
    "key_numbers_sentence",
    "regional_duration",
    "regional_flows",
    "chapter",
    "combinations",
    "disruption_counts",
    "disruptions",
    "duration",
    "expert_teams",
    "flows",
    "headline",
    "case_sentences",
    "largest_category",
    "most_asked",
    "most_mentioned",
    "life_domain_counts",
    "living_situation",
    "outcomes",
    "period_totals",
    "problem_counts",
    "problems_by_profile",
    "regions",
    "registrants",
    "several_problems",
    "share_sentence",
    "show",
]
