"""The qualitative part of a release: which cases carry each theme, which were evaluated, the
knooppunten and succesmomenten within the evaluated cases, and their tables on the book."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from olcc_report.analysis import themes as theme_analysis
from olcc_report.analysis.cells import (
    YES,
    cell,
    has,
)
from olcc_report.disclosure.book import Book, Entry, field_side, has_side
from olcc_report.qualitative.codebook import KIND_LABELS, Codebook, Theme
from olcc_report.qualitative.codings import Qualitative

THEME = "thema"
EVALUATION = "evaluatie"
EVALUATED = "geevalueerd"


THEME_KINDS = ("thema", "stille_vraag")


@dataclass(frozen=True)
class Themes:
    """The themes of a period's qualitative analysis that are published, and the evaluations."""

    codebook: Codebook
    themes: list[Theme]
    evaluation: list[Theme]
    pairs: pd.DataFrame  # paar, label, thema_a, thema_b (labels), in published order


# --- themes -----------------------------------------------------------------------------------------


def count_themes(universe, q: Qualitative | None, cases: pd.DataFrame) -> Themes | None:
    if q is None:
        return None
    codebook, codings = q.codebook, q.codings.frame
    counted = [t for t in codebook.themes if t.kind != "citaat"]
    indicators = theme_analysis.theme_indicators(codings, cases, counted)
    for t in counted:
        universe.add_indicator(has(THEME, t.code), indicators[t.code].to_numpy())
    evaluated = cases["case_id"].isin(theme_analysis.evaluated_cases(codings, codebook))
    universe.add_indicator(EVALUATED, evaluated.to_numpy())
    parents = [codebook.by_code[k] for k in ("knooppunt", "succesmoment") if k in codebook.by_code]
    evaluation = [*parents, *codebook.of_kind("knooppunt"), *codebook.of_kind("succesmoment")]
    scope = cases[evaluated]
    in_scope = theme_analysis.theme_indicators(codings, scope, evaluation)
    for t in evaluation:
        values = pd.Series(False, index=cases.index)
        values.loc[scope.index] = in_scope[t.code].to_numpy()
        universe.add_indicator(has(EVALUATION, t.code), values.to_numpy())
    published = [t for kind in THEME_KINDS for t in codebook.of_kind(kind)]
    pairs = theme_analysis.theme_pairs(indicators, published)
    return Themes(codebook, published, evaluation, pairs)


def declare_themes(book: Book, themes: Themes, declared: Callable[[str], bool]) -> None:
    side = has_side(THEME, [t.code for t in themes.themes], [t.label for t in themes.themes])
    book.one_way("themas", THEME, side, kind="has")
    for group in ("profielgroep", "leeftijdsgroep"):
        if not declared(f"themas-{group}"):
            continue
        book.two_way(
            f"themas-{group}",
            THEME,
            side,
            group,
            field_side(group),
            row_kind="has",
            share_of="column",
        )
    book.one_way(
        "thema-paren",
        "paar",
        [
            Entry(
                row["paar"],
                row["label"],
                tuple((has(THEME, c), YES) for c in row["paar"].split("+")),
            )
            for _, row in themes.pairs.iterrows()
        ],
        kind="has",
    )
    for t in themes.codebook.themes:
        if t.parent is not None and t.kind != "citaat":
            book.at_least(cell((has(THEME, t.parent), YES)), cell((has(THEME, t.code), YES)))
    scope = ((EVALUATED, YES),)
    book.one_way(
        "casusevaluaties",
        THEME,
        [
            Entry(t.code, _evaluation_label(t), ((has(EVALUATION, t.code), YES),))
            for t in themes.evaluation
        ],
        scope=scope,
        kind="has",
    )
    for t in themes.evaluation:
        if t.parent is not None:
            book.at_least(
                cell(*scope, (has(EVALUATION, t.parent), YES)),
                cell(*scope, (has(EVALUATION, t.code), YES)),
            )


def _evaluation_label(t: Theme) -> str:
    if t.parent:
        return f"{KIND_LABELS[t.kind]}: {t.label}"
    return f"Eén of meer {t.label.lower()}en"
