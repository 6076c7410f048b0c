"""The figures of a regional book: each regional table beside the national one ("regio" and
"landelijk"), with both bases stated; a table whose regional counts are all hidden is left out
with a sentence instead of a table of ``x``."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from olcc_report.analysis.cells import CLOSED, OPEN, STATUS, cell
from olcc_report.disclosure import ProtectedTable, Total
from olcc_report.disclosure.tables import table_notes
from olcc_report.figures.base import (
    PRIMARY,
    SECONDARY,
    WIDTH,
    Figure,
    count_cell,
    describe,
    left_out_words,
    share_cell,
    total_cell,
)
from olcc_report.figures.release import Release
from olcc_report.figures.release_regions import BOOK_REGION
from olcc_report.figures.render import Cell, TableView
from olcc_report.intake.params import RegionalBook
from olcc_report.records import schema
from olcc_report.records.formatting import format_count, format_percent
from olcc_report.records.vocabulary import (
    MISSING_SYMBOL,
    NOT_REGISTERED,
    SECRET_SYMBOL,
    SYMBOL_WORDS,
)

NATIONAL_LABEL = "Landelijk"

# key → (title, the header of its rows)
TITLES = {
    "aanmelder": ("Casussen naar aanmelder", "Aanmelder"),
    "leeftijdsgroep": ("Casussen naar leeftijd", "Leeftijd"),
    "geslacht": ("Casussen naar geslacht", "Geslacht"),
    "problemen": ("Problemen die in de casussen spelen", "Probleem"),
    "woonsituatie": ("Casussen naar woonsituatie", "Woonsituatie"),
    "uitkomst": ("Uitkomst van de afgesloten casussen", "Uitkomst"),
}


@dataclass(frozen=True)
class LeftOut:
    """A table the regional book leaves out, and the sentence that says why."""

    key: str
    sentence: str

    def _repr_html_(self) -> str:
        import html

        return f'<p class="olcc-left-out">{html.escape(self.sentence)}</p>\n'


def _base(total: Total) -> str | None:
    """A count as a sentence may say it; None when it is hidden (a sentence then says that)."""
    if total.value is not None:
        return format_count(total.value)
    if total.at_least is not None:
        return f"ten minste {format_count(total.at_least)}"
    return None


def _of(total: Total, scope: str, where: str) -> str:
    """ "van de 30 casussen van de regio", or what a hidden base means for the shares."""
    base = _base(total)
    if base is None:
        return f"het aantal {scope} {where} is geheim, dus zijn er geen aandelen"
    return f"van de {base} {scope} {where}"


def _legend(name: str, total: Total) -> str:
    base = _base(total)
    return f"{name} (n = {base})" if base is not None else f"{name} (aantal geheim)"


def beside(release: Release, region: RegionalBook, key: str) -> Figure | LeftOut:
    """The region's table ``key`` beside the national one."""
    title, header = TITLES[key]
    missing = release.not_registered(key)
    if missing:
        labels = ", ".join(schema.get_field(f).label.lower() for f in missing)
        return LeftOut(key, f"{title}: {NOT_REGISTERED.lower()} ({labels}).")
    here, there = release.regional(region.code, key), release.regional(None, key)
    name = region.name
    if here.cells["aantal"].notna().sum() == 0:
        return LeftOut(
            key,
            f"{title}: van {name} is in deze periode geen enkel aantal per categorie te tonen "
            f"(minder dan {release.rules.min_count} casussen, of terug te rekenen uit andere "
            "cijfers); landelijk staat het in het landelijke boek.",
        )
    label = f"{here.row_field}_label"
    rows = []
    for (_, r), (_, n) in zip(here.cells.iterrows(), there.cells.iterrows(), strict=True):
        rows.append((str(r[label]), (count_cell(r), share_cell(r), count_cell(n), share_cell(n))))
    footer = (
        (
            "Totaal (alle casussen)" if here.row_kind == "has" else "Totaal",
            (total_cell(here.total), Cell.percent(1.0), total_cell(there.total), Cell.percent(1.0)),
        ),
    )
    scope = "afgesloten casussen" if key == "uitkomst" else "casussen"
    notes = (
        f"Aandeel in {name}: {_of(here.total, scope, 'van de regio')}; landelijk: "
        f"{_of(there.total, scope, 'van heel Nederland (de regio inbegrepen)')}.",
        *table_notes(release.rules, release.secondary, has_counts=here.row_kind == "has"),
    )
    columns = (
        header,
        f"{name}: aantal",
        f"{name}: aandeel",
        f"{NATIONAL_LABEL}: aantal",
        f"{NATIONAL_LABEL}: aandeel",
    )
    view = TableView(key, f"{title}: {name} en landelijk", columns, tuple(rows), footer, notes)
    left_out = " ".join(
        f"{side}: {words}"
        for side, t in ((name, here), (NATIONAL_LABEL, there))
        if (words := left_out_words(t, header))
    )
    return Figure(
        key,
        view.caption,
        describe("Staafdiagram", view),
        _chart(here, there, name, header),
        view,
        here,
        left_out=left_out,
    )


def _chart(here: ProtectedTable, there: ProtectedTable, name: str, header: str) -> alt.Chart:
    label = f"{here.row_field}_label"
    series = [_legend(name, here.total), _legend(NATIONAL_LABEL, there.total)]
    frame = pd.DataFrame(
        [
            {label: r[label], "reeks": s, "aandeel": float(r["aandeel"])}
            for s, t in zip(series, (here, there), strict=True)
            for _, r in t.cells.iterrows()
            if pd.notna(r["aandeel"])
        ],
        columns=[label, "reeks", "aandeel"],
    )
    frame["aandeel_tekst"] = [format_percent(v) for v in frame["aandeel"]]
    return (
        alt.Chart(frame, width=WIDTH)
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", sort=list(here.cells[label]), title=header),
            yOffset=alt.YOffset("reeks:N", sort=series),
            x=alt.X("aandeel:Q", title="Aandeel", axis=alt.Axis(format="%")),
            color=alt.Color(
                "reeks:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=[PRIMARY, SECONDARY]),
                legend=alt.Legend(orient="bottom", direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=header),
                alt.Tooltip("reeks:N", title="Gebied"),
                alt.Tooltip("aandeel_tekst:N", title="Aandeel"),
            ],
        )
    )


def regional_flows(release: Release, region: RegionalBook) -> Figure:
    """Registered, closed and open after each month, in the region and nationally (a table:
    a region's months are small)."""
    here, there = release.regional_flows(region.code), release.flows()
    name = region.name
    unit = "Maand" if release.flow.frequency == "maand" else "Kwartaal"
    words = {"instroom": "aangemeld", "uitstroom": "afgesloten", "open_einde": "open aan het eind"}
    columns = (
        unit,
        *(f"{name}: {w}" for w in words.values()),
        *(f"{NATIONAL_LABEL}: {w}" for w in words.values()),
    )
    rows = tuple(
        (
            label,
            (
                *(total_cell(here[c][i]) for c in words),
                *(total_cell(there[c][i]) for c in words),
            ),
        )
        for i, label in enumerate(release.flow.frame["label"])
    )
    title = f"Instroom, uitstroom en open casussen per {unit.lower()}: {name} en landelijk"
    notes = (
        *table_notes(release.rules, release.secondary),
        "Open aan het eind: casussen uit deze periode die aan het eind van de maand nog liepen.",
    )
    view = TableView("instroom-uitstroom", title, columns, rows, (), notes)
    return Figure("instroom-uitstroom", title, describe("Tabel", view), None, view)


def regional_duration(release: Release, region: RegionalBook) -> Figure | LeftOut:
    """Weeks until a quarter, half and three quarters of the cases were closed: region and
    national (Kaplan–Meier, protected as the national curve is)."""
    here, there = release.regional_survival(region.code), release.survival["totaal"]
    name = region.name
    title = f"Doorlooptijd in weken: {name} en landelijk"
    if not any(q.value is not None for q in here.quartiles):
        return LeftOut(
            "doorlooptijd-kwartielen",
            f"Doorlooptijd: voor {name} is in deze periode geen kwartiel te tonen (nog niet "
            f"bereikt, of te weinig casussen: minder dan {release.rules.min_count}).",
        )
    labels = ("25% afgesloten na (weken)", "Mediaan (weken)", "75% afgesloten na (weken)")
    rows = tuple(
        (label, (Cell(a.value, a.symbol, "number"), Cell(b.value, b.symbol, "number")))
        for label, a, b in zip(labels, here.quartiles, there.quartiles, strict=True)
    )
    notes = (
        "Kaplan–Meier-schatting: casussen die aan het eind van de periode nog liepen, tellen "
        "mee tot dat moment; weken afgerond op hele weken.",
        f"{SECRET_SYMBOL} = {SYMBOL_WORDS[SECRET_SYMBOL]}: op dat moment liepen er minder dan "
        f"{release.rules.min_count}, of er zijn tussen het kwartiel en een getoond punt ernaast "
        f"minder dan {release.rules.min_count} casussen afgesloten.",
        f"{MISSING_SYMBOL} = niet bereikt binnen de periode.",
    )
    view = TableView(
        "doorlooptijd-kwartielen", title, ("Kwartiel", name, NATIONAL_LABEL), rows, (), notes
    )
    return Figure("doorlooptijd-kwartielen", title, describe("Tabel", view), None, view)


def regional_key_numbers(release: Release, region: RegionalBook) -> dict[str, tuple[Total, Total]]:
    """Registered, closed and open at the end: (region, national), as the protection shows
    them (a lower bound stays one)."""
    scope = (BOOK_REGION, region.code)
    status = {"aangemeld": (), "afgesloten": ((STATUS, CLOSED),), "open": ((STATUS, OPEN),)}
    return {
        key: (release.book.total(cell(scope, *c)), release.book.total(cell(*c)))
        for key, c in status.items()
    }


def key_numbers_sentence(release: Release, region: RegionalBook) -> str:
    """The region's cases in one or two sentences; a hidden count is said to be hidden."""
    numbers = regional_key_numbers(release, region)
    registered, closed, still_open = (numbers[k][0] for k in ("aangemeld", "afgesloten", "open"))
    national = numbers["aangemeld"][1]
    name = region.name
    landelijk = f" (landelijk {_base(national)})" if _base(national) is not None else ""
    if _base(registered) is None:
        return (
            f"Hoeveel casussen in deze periode in {name} zijn aangemeld, is geheim: te weinig, of "
            f"terug te rekenen uit andere cijfers{landelijk}."
        )
    first = f"In deze periode zijn in {name} {_base(registered)} casussen aangemeld{landelijk}."
    if closed.value is not None and still_open.value is not None:
        return (
            f"{first} Aan het eind van de periode waren er daarvan {_base(closed)} afgesloten en "
            f"liepen er {_base(still_open)} nog."
        )
    return (
        f"{first} Hoeveel daarvan aan het eind van de periode waren afgesloten en hoeveel nog "
        "liepen, is geheim: te weinig casussen, of terug te rekenen uit andere cijfers."
    )
