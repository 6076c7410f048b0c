"""A figure: its key, title, text alternative, chart, table view and protected table, the
HTML a notebook shows (a numbered slot, the chart, the table, the download link), and the
figure of a field the period does not register. The book's colours."""

from __future__ import annotations

import html
from dataclasses import dataclass

import altair as alt
from IPython.display import display

from olcc_report.disclosure import ProtectedTable
from olcc_report.figures.render import TableView, chart_html
from olcc_report.records import schema
from olcc_report.records.vocabulary import (
    NO_CHART,
    NOT_REGISTERED,
    TABLE_METADATA,
    TABLES_DIR,
    slot,
)

PRIMARY = "#1f5a96"


SECONDARY = "#c1502e"


GREY = "#6b6b6b"


SERIES = ["#1f5a96", "#c1502e", "#117733", "#6b6b6b", "#882255", "#8a6d00"]


SEX_COLOURS = {"jongen": "#1f5a96", "meisje": "#c1502e", "anders_onbekend": "#6b6b6b"}


WIDTH = 420
HIDDEN_GREY = "#d9d9d9"
HIDDEN_TEXT = "#333333"


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    description: str
    chart: alt.TopLevelMixin | None
    view: TableView
    table: ProtectedTable | None = None
    not_registered: tuple[str, ...] = ()  # fields it needs that the period does not register
    unfilled: tuple[str, ...] = ()  # fields it needs that no case has a value for
    left_out: str = ""  # what the chart does not draw, said under it

    @property
    def csv_name(self) -> str:
        return f"{self.key}.csv"

    def html(self) -> str:
        if self.not_registered:
            return (
                f'<figure class="olcc-figure olcc-not-registered" id="figuur-{self.key}">\n'
                f"<figcaption>{html.escape(self.title)}</figcaption>\n"
                f"<p>{html.escape(self.description)}</p>\n</figure>\n"
            )
        download = (
            f'<p class="olcc-download"><a href="{TABLES_DIR}/{slot("bestand", self.key)}" '
            f'download="{slot("bestand", self.key)}">Download de tabel '
            f"“{html.escape(self.title)}” (CSV)</a></p>\n"
        )
        if self.chart is None:  # a table and nothing else: no empty frame above it
            return (
                f'<div class="olcc-figure-table" id="figuur-{self.key}">\n{self.view.html()}'
                f"</div>\n{download}"
            )
        chart = ""
        if not self.view.shows_values():
            chart = f'<p class="olcc-no-chart">{NO_CHART}</p>\n'
        else:
            chart = (
                f"{chart_html(self.chart, self.key, self.description)}"
                f'<p class="visually-hidden">{html.escape(self.description)}</p>\n'
            )
            if self.left_out:
                chart += f'<p class="olcc-chart-note">{html.escape(self.left_out)}</p>\n'
        number, source = slot("figuur", self.key), slot("bron", self.key)
        return (
            f'<figure class="olcc-figure" id="figuur-{self.key}">\n'
            f"<figcaption>{number}{html.escape(self.title)}</figcaption>\n{chart}{source}</figure>\n"
            f"{self.view.html()}{download}"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        """HTML for the page; the table travels along as CSV in the output's metadata (key
        ``olcc_table``), which the build writes to ``_static/tabellen/`` as the download. Also
        when the figure is glued into a narrative page. A figure of a field the period does not
        register has no table to download."""
        if self.not_registered:
            return {"text/html": self.html()}, {}
        return {"text/html": self.html()}, {
            TABLE_METADATA: {
                "filename": self.csv_name,
                "title": self.title,
                "csv": self.view.csv_text(),
                "columns": list(self.view.columns),
                "kinds": self.view.column_kinds(),
                "decimals": self.view.column_decimals(),
                "notes": list(self.view.notes),
            }
        }


def not_registered_figure(key: str, title: str, fields: tuple[str, ...]) -> Figure:
    """The figure of a table whose fields the period does not register: its title and the
    statement, no chart and no CSV."""
    labels = ", ".join(schema.get_field(f).label.lower() for f in fields)
    statement = f"{NOT_REGISTERED}: {labels}."
    view = TableView(key, title, (title,), (), (), (statement,))
    return Figure(key, title, statement, None, view, None, fields)


def show(figure: Figure) -> None:
    """Display a figure in a notebook."""
    display(figure)
