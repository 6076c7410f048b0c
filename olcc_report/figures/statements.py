"""Sentences made from a value's state, never by putting a word where a number belongs: a
shown, hidden, missing or not registered value each gives its own complete Dutch sentence.

"Most" names a category only when no secret count in its table could be larger (what a reader
can tell from the published table alone); otherwise the sentence says that it speaks of the
counts that are shown."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from olcc_report.disclosure.tables import ProtectedTable, Total
from olcc_report.figures.figure import Figure
from olcc_report.records import schema
from olcc_report.records.formatting import DutchText, format_count, format_percent
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    AT_LEAST_WORDS,
    MISSING_SYMBOL,
    SECRET_SYMBOL,
)


@dataclass(frozen=True)
class Largest:
    """The categories with the largest shown count (several when their shown counts tie), or
    the one count published as a lower bound above every shown count."""

    labels: tuple[str, ...]
    share: float | None
    certain: bool  # no secret or bounded count in the table could be larger
    secret: int  # categories whose count is secret
    at_least: bool = False  # the share is a lower bound
    bounded: int = 0  # other categories whose count is published as a lower bound
    unregistered: int = 0  # categories the period does not register (".")

    @property
    def names(self) -> str:
        return _and([label.lower() for label in self.labels])

    def unknown_words(self, plural: str) -> str:
        """ "van 5 problemen is het aantal geheim" (and those shown only as a lower bound)."""
        parts = []
        if self.secret:
            parts.append(f"van {format_count(self.secret)} {plural} is het aantal geheim")
        if self.bounded:
            parts.append(
                f"van {format_count(self.bounded)} {plural} is alleen een ondergrens getoond"
            )
        if self.unregistered:
            parts.append(
                f"{format_count(self.unregistered)} {plural} worden in deze periode niet "
                "geregistreerd"
            )
        return "; ".join(parts)

    def share_words(self, base: str = "alle casussen") -> str:
        """ "bij 27% van alle casussen", "bij ten minste 91% van …", or "" without a share."""
        if self.share is None:
            return ""
        least = f"{AT_LEAST_WORDS} " if self.at_least else ""
        return f"bij {least}{format_percent(self.share)} van {base}"


def largest(table: ProtectedTable) -> Largest | None:
    """The largest shown count of a table, and whether a secret one could exceed it; None when
    no count above zero is shown."""
    cells = table.cells
    label = f"{table.row_field}_label"
    secret = int((cells["symbool"] == SECRET_SYMBOL).sum())
    # A category the period does not register could be the largest: never certain then.
    unregistered = int((cells["symbool"] == MISSING_SYMBOL).sum())
    bounded = cells[cells["symbool"] == AT_LEAST_SYMBOL]
    shown = cells.dropna(subset=["aantal"])
    top = int(shown["aantal"].astype(int).max()) if not shown.empty else 0
    slack = table.rules.rounding_base // 2
    if len(bounded) and int(bounded["ten_minste"].max()) > top + slack:
        row = bounded.loc[bounded["ten_minste"].astype(int).idxmax()]
        share = row["aandeel_ten_minste"]
        return Largest(
            (str(row[label]),),
            None if pd.isna(share) else float(share),
            len(bounded) == 1
            and not unregistered
            and (secret == 0 or _secret_bound(table) < int(row["ten_minste"])),
            secret,
            at_least=True,
            bounded=len(bounded) - 1,
            unregistered=unregistered,
        )
    if not top:
        return None
    best = shown[shown["aantal"].astype(int) == top]
    share = best["aandeel"].iloc[0]
    return Largest(
        tuple(str(v) for v in best[label]),
        None if pd.isna(share) else float(share),
        len(bounded) == 0 and not unregistered and (secret == 0 or _secret_bound(table) < top),
        secret,
        bounded=len(bounded),
        unregistered=unregistered,
    )


def _secret_bound(table: ProtectedTable) -> float:
    """The most a secret cell can hold as a reader sees it: in a partition, what the total
    leaves after the shown parts (each taken at its least, as rounding allows); in a table
    where a case counts in several categories, the total."""
    total = table.total.value
    if total is None:
        return float("inf")
    slack = table.rules.rounding_base // 2
    if table.row_kind != "partition":
        return total + slack
    shown = table.cells["aantal"].dropna().astype(int)
    return total + slack - sum(max(int(v) - slack, 0) for v in shown)


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " en " + words[-1]


def most_mentioned(figure: Figure, what: str, plural: str) -> DutchText:
    """ "Het vaakst genoemde probleem was trauma (bij 95% van alle casussen)." — or which
    categories among the shown ones, or why there is nothing to say."""
    if reason := _no_counts(figure, plural):
        return DutchText(reason)
    best = largest(figure.table)
    if best is None:
        return DutchText(f"Van geen enkel {what} kan het aantal casussen getoond worden.")
    verb = "was" if len(best.labels) == 1 else "waren"
    noun = f"vaakst genoemde {what}" if len(best.labels) == 1 else f"vaakst genoemde {plural}"
    words = best.share_words("alle casussen" + (" elk" if len(best.labels) > 1 else ""))
    share = f" ({words})" if words else ""
    if best.certain:
        return DutchText(f"Het {noun} {verb} {best.names}{share}.")
    return DutchText(
        f"Van de {plural} waarvan een aantal getoond wordt, {verb} {best.names} het "
        f"vaakst genoemd{share}; {best.unknown_words(plural)}."
    )


def largest_category(
    figure: Figure, subject: str, lead: str | None = None, base: str = "alle casussen"
) -> DutchText:
    """The largest category as a sentence: "De grootste groep naar aanmelder: ouder(s) (45% van
    alle casussen).", or its qualified or empty form. ``lead`` replaces "De grootste groep naar
    …"; ``base`` is what the share is of."""
    if reason := _no_counts(figure, subject):
        return DutchText(reason)
    best = largest(figure.table)
    if best is None:
        return DutchText(f"Naar {subject} kan voor geen enkele groep het aantal getoond worden.")
    if len(best.labels) > 1:
        lead = f"Even groot en het grootst naar {subject}"
    least = f"{AT_LEAST_WORDS} " if best.at_least else ""
    share = f" ({least}{format_percent(best.share)} van {base})" if best.share is not None else ""
    text = f"{lead or f'De grootste groep naar {subject}'}: {best.names}{share}."
    if not best.certain:
        text += (
            " Dat geldt voor de groepen waarvan een aantal getoond wordt; "
            f"{best.unknown_words('groepen')}."
        )
    return DutchText(text)


def share_sentence(
    figure: Figure, code: str, shown: str, hidden: str, complement: bool = False
) -> DutchText:
    """``shown`` with ``{share}`` filled in when the category's share is shown (``complement``:
    the share of cases *not* in it), else ``hidden`` (a complete sentence that says the number
    is secret)."""
    if reason := _no_counts(figure, figure.title.lower()):
        return DutchText(reason)
    if complement:  # of a lower bound no upper bound follows: only a shown share is used
        row = figure.table.cells.set_index(figure.table.row_field).loc[code]
        share = None if pd.isna(row["aandeel"]) else format_percent(1 - float(row["aandeel"]))
    else:
        share = _share_words(figure.table, code)
    return DutchText(hidden if share is None else shown.format(share=share))


def median_sentence(median: Total) -> DutchText:
    """The median duration as a sentence, for each state of the published median."""
    if median.value is not None:
        return DutchText(
            f"De helft van de casussen was na {format_count(median.value)} weken afgesloten "
            "(mediaan)."
        )
    if median.symbol == MISSING_SYMBOL:
        return DutchText(
            "Aan het eind van de periode was nog niet de helft van de casussen afgesloten; een "
            "mediane doorlooptijd is er daarom nog niet."
        )
    return DutchText(
        "Na hoeveel weken de helft van de casussen was afgesloten, wordt niet getoond (geheim): "
        "er liepen toen te weinig casussen."
    )


def _no_counts(figure: Figure, subject: str) -> str | None:
    if figure.not_registered:
        fields = _and([schema.get_field(f).label.lower() for f in figure.not_registered])
        verb = "is" if len(figure.not_registered) == 1 else "zijn"
        return f"In deze periode {verb} {fields} niet geregistreerd."
    if figure.unfilled:
        fields = _and([schema.get_field(f).label.lower() for f in figure.unfilled])
        verb = "is" if len(figure.unfilled) == 1 else "zijn"
        return f"Over {subject} is niets te zeggen: {fields} {verb} bij geen enkele casus ingevuld."
    return None


def _share_words(table: ProtectedTable, code: str) -> str | None:
    """The shown share of one row ("27%", "ten minste 91%"), or None when it is not shown."""
    row = table.cells.set_index(table.row_field).loc[code]
    if row["symbool"] == AT_LEAST_SYMBOL and not pd.isna(row["aandeel_ten_minste"]):
        return f"{AT_LEAST_WORDS} {format_percent(float(row['aandeel_ten_minste']))}"
    return None if pd.isna(row["aandeel"]) else format_percent(float(row["aandeel"]))


def evaluation_sentences(table: ProtectedTable) -> tuple[DutchText, DutchText]:
    """(How many cases were evaluated; how often a knooppunt and a succesmoment were named),
    each a sentence for every state of its numbers."""
    total = table.total
    count = (
        DutchText(f"In deze periode werden {format_count(total.value)} casussen geëvalueerd.")
        if total.value is not None
        else DutchText("Hoeveel casussen in deze periode werden geëvalueerd, wordt niet getoond.")
    )
    knot, success = _share_words(table, "knooppunt"), _share_words(table, "succesmoment")
    if knot and success:
        text = (
            f"In de casusevaluaties werd in {knot} van de geëvalueerde casussen ten minste één "
            f"knooppunt benoemd, en in {success} ten minste één succesmoment."
        )
        k, s = (
            table.cells.set_index("thema").loc[c, "aandeel"] for c in ("knooppunt", "succesmoment")
        )
        if not (pd.isna(k) or pd.isna(s)) and k != s:
            text += (
                " Knooppunten werden vaker benoemd dan succesmomenten."
                if k > s
                else " Succesmomenten werden vaker benoemd dan knooppunten."
            )
    elif knot or success:
        named, other = ("knooppunt", "succesmoment") if knot else ("succesmoment", "knooppunt")
        text = (
            f"In de casusevaluaties werd in {knot or success} van de geëvalueerde casussen ten "
            f"minste één {named} benoemd; hoe vaak een {other} werd benoemd, wordt niet getoond."
        )
    else:
        text = (
            "Hoe vaak in de casusevaluaties een knooppunt of een succesmoment werd benoemd, "
            "wordt niet getoond."
        )
    return count, DutchText(text)


def cases_sentences(
    registered: Total, closed: Total, still_open: Total, rounding_base: int
) -> tuple[DutchText, DutchText]:
    """(How many cases were registered; and how many of them were closed and still open at the
    end), each a sentence for every state of its numbers. Rounded counts need not add up: the
    second sentence says so when they do not."""
    if registered.value is None:
        first = "Hoeveel casussen in deze periode werden aangemeld, wordt niet getoond (geheim)."
    else:
        first = f"In deze periode werden {format_count(registered.value)} casussen aangemeld."
    if closed.value is not None and still_open.value is not None:
        second = (
            f"Aan het eind van de periode waren er {format_count(closed.value)} afgesloten en "
            f"liepen er nog {format_count(still_open.value)}."
        )
        if registered.value is not None and closed.value + still_open.value != registered.value:
            second += (
                f" De aantallen zijn afgerond op {rounding_base}-tallen en tellen daardoor niet "
                "precies op."
            )
    elif still_open.value is not None:
        second = (
            f"Aan het eind van de periode liepen er nog {format_count(still_open.value)}; hoeveel "
            "er waren afgesloten, wordt niet getoond (geheim)."
        )
    elif closed.value is not None:
        second = (
            f"Aan het eind van de periode waren er {format_count(closed.value)} afgesloten; "
            "hoeveel er nog liepen, wordt niet getoond (geheim)."
        )
    else:
        second = (
            "Hoeveel casussen aan het eind van de periode afgesloten waren, wordt niet getoond."
        )
    return DutchText(first), DutchText(second)


def several_problems(figure: Figure) -> DutchText:
    """ "In 95% van alle casussen speelden twee of meer problemen tegelijk." — from the shown
    counts of cases by number of problems (all of 2, 3, … shown), else why it cannot be said."""
    if reason := _no_counts(figure, "het aantal problemen per casus"):
        return DutchText(reason)
    cells = figure.table.cells
    several = cells[cells[figure.table.row_field].astype(int) >= 2]
    if several.empty or several["aandeel"].isna().any():
        return DutchText(
            "Hoeveel casussen meer dan één probleem hadden, wordt niet getoond (geheim)."
        )
    share = float(several["aandeel"].sum())
    return DutchText(
        f"In {format_percent(share)} van alle casussen speelden twee of meer problemen tegelijk."
    )


def most_asked(figure: Figure) -> DutchText:
    """The most frequent question (hulpvraag) from the row margins of the questions × help
    table: "De meest gestelde hulpvraag: zoeken naar zorgaanbod (58% van alle casussen)."."""
    table = figure.table
    if table is not None and table.row_totals is not None:
        margins = replace(table, cells=table.row_totals, column_field=None, row_kind="partition")
        figure = replace(figure, table=margins)
    return largest_category(figure, "hulpvraag", "De meest gestelde hulpvraag")
