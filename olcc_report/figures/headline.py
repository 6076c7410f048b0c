"""The headline figures on a book's front page: a few tiles, each a protected number that the
book also shows elsewhere (a table or a sentence), with one line of explanation and its change
against the previous period of the same kind, computed from both periods' published numbers
(never protected again: each is as its own book shows it)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from olcc_report.disclosure.tables import Total
from olcc_report.figures.base import table_share
from olcc_report.figures.release import Release
from olcc_report.figures.statements import Largest, largest
from olcc_report.figures.views import total_cell
from olcc_report.intake.params import Params
from olcc_report.records.formatting import format_count, format_percent
from olcc_report.records.vocabulary import calendar_parts

QUARTER_NAMES = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}


@dataclass(frozen=True)
class Tile:
    label: str  # what is counted, e.g. "Aangemeld"
    value: str  # as shown, e.g. "440" or "27%"
    explanation: str  # one line
    change: str  # against the previous period, or ""


def period_name(period: str, label: str) -> str:
    """How a sentence names a period: "2019", "het eerste kwartaal van 2021", else its label."""
    parts = calendar_parts(period)
    if parts is None:
        return label
    year, quarter = parts
    return str(year) if quarter is None else f"het {QUARTER_NAMES[quarter]} kwartaal van {year}"


def _signed(difference: int, unit: tuple[str, str] = ("", "")) -> str:
    """+25, −1 week, +3 procentpunten (``unit``: singular and plural, with a leading space)."""
    sign = "+" if difference > 0 else "−"
    return f"{sign}{format_count(abs(difference))}{unit[0] if abs(difference) == 1 else unit[1]}"


def _count_change(now: Total, before: Total | None, name: str) -> str:
    if before is None or now.value is None or before.value is None:
        return ""
    difference = int(now.value) - int(before.value)
    if difference == 0:
        return f"gelijk aan {name}"
    return f"{_signed(difference)} ten opzichte van {name} ({format_count(before.value)})"


def _shown_percent(share: float) -> int:
    return int(format_percent(share).rstrip("%"))


def _share(release: Release, key: str, code: str, complement: bool) -> float | None:
    if release.not_registered(key) or release.unfilled(key):
        return None
    share = table_share(release.table(key), code)
    return None if share is None else (1 - share if complement else share)


def _largest(release: Release, key: str) -> Largest | None:
    """The categories with the largest shown count, and whether a secret one could exceed it."""
    if release.not_registered(key) or release.unfilled(key):
        return None
    return largest(release.table(key))


def _median_weeks(release: Release) -> Total | None:
    summary = release.survival.get("totaal")
    return None if summary is None else summary.quartiles[1]


def headline(
    current: Release,
    params: Params,
    previous: Release | None = None,
    previous_params: Params | None = None,
) -> Headline:
    """The tiles of a period (``previous``: the release of the period before it of the same
    kind, with its params)."""
    period_label = period_name(params.period, params.period_label)
    previous_period = (
        period_name(previous_params.period, previous_params.period_label) if previous_params else ""
    )
    tiles = []
    now, before = current.key_numbers(), previous.key_numbers() if previous else {}

    def count_tile(key: str, label: str, explanation: str) -> None:
        total = now[key]
        tiles.append(
            Tile(
                label,
                total_cell(total).text(),
                explanation,
                _count_change(total, before.get(key), previous_period),
            )
        )

    count_tile("aangemeld", "Aangemeld", f"casussen in {period_label}")
    count_tile("afgesloten", "Afgesloten", "van deze casussen, aan het eind van de periode")
    count_tile("open_einde_periode", "Nog open", "van deze casussen, aan het eind van de periode")

    def share_tile(label: str, explanation: str, measure: Callable[[Release], float | None]):
        share = measure(current)
        if share is None:
            return
        earlier = measure(previous) if previous else None
        change = ""
        if earlier is not None:
            points = _shown_percent(share) - _shown_percent(earlier)
            change = (
                f"gelijk aan {previous_period}"
                if points == 0
                else f"{_signed(points, (' procentpunt', ' procentpunten'))} ten opzichte van {previous_period} "
                f"({format_percent(earlier)})"
            )
        tiles.append(Tile(label, format_percent(share), explanation, change))

    share_tile(
        "Niet thuis",
        "van de jeugdigen woonde bij aanmelding niet thuis (of de woonsituatie is onbekend)",
        lambda r: _share(r, "woonsituatie", "thuis", complement=True),
    )
    median = _median_weeks(current)
    if median is not None and median.value is not None:
        earlier = _median_weeks(previous) if previous else None
        change = ""
        if earlier is not None and earlier.value is not None:
            weeks = int(median.value) - int(earlier.value)
            change = (
                f"gelijk aan {previous_period}"
                if weeks == 0
                else f"{_signed(weeks, (' week', ' weken'))} ten opzichte van {previous_period} "
                f"({format_count(earlier.value)} weken)"
            )
        tiles.append(
            Tile(
                "Doorlooptijd",
                f"{format_count(median.value)} weken",
                "tot de helft van de casussen was afgesloten (mediaan)",
                change,
            )
        )
    best = _largest(current, "problemen")
    if best is not None:
        earlier = _largest(previous, "problemen") if previous else None
        change = ""
        if earlier is not None:
            change = (
                f"ook in {previous_period} het vaakst"
                if earlier.labels == best.labels and earlier.certain and best.certain
                else f"in {previous_period}: {earlier.names}"
                + ("" if earlier.certain else " (van de getoonde)")
            )
        words = best.share_words()
        share = f", {words}" if words else ""
        explanation = (
            f"het vaakst genoemd{share}"
            if best.certain
            else f"het vaakst van de problemen waarvan een aantal getoond wordt{share}; "
            f"{best.unknown_words('problemen')}"
        )
        label = best.names[0].upper() + best.names[1:]
        tiles.append(Tile("Meest genoemde probleem", label, explanation, change))
    rounded = params.disclosure.rounding_base
    return Headline(
        tuple(tiles),
        previous_period if previous else "",
        f"Aantallen afgerond op {rounded}-tallen: ze tellen daardoor niet altijd precies op."
        if rounded > 1
        else "",
    )


@dataclass(frozen=True)
class Headline:
    tiles: tuple[Tile, ...]
    compared_with: str  # the previous period as a sentence names it, or "" without one
    rounding: str = ""  # why the tiles need not add up

    def html(self) -> str:
        items = "".join(
            '<li class="olcc-tile">'
            f'<p class="olcc-tile-label">{html.escape(t.label)}</p>'
            f'<p class="olcc-tile-value">{html.escape(t.value)}</p>'
            f'<p class="olcc-tile-text">{html.escape(t.explanation)}</p>'
            + (f'<p class="olcc-tile-change">{html.escape(t.change)}</p>' if t.change else "")
            + "</li>"
            for t in self.tiles
        )
        notes = [self.rounding] if self.rounding else []
        if self.compared_with:
            notes.append(
                f"Verschillen met {self.compared_with} zijn berekend uit de gepubliceerde "
                "(afgeronde) cijfers van beide perioden."
            )
        note = f'<p class="olcc-tiles-note">{html.escape(" ".join(notes))}</p>\n' if notes else ""
        return f'<ul class="olcc-tiles" aria-label="Kerncijfers">{items}</ul>\n{note}'

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.html(), "text/plain": ""}, {}
