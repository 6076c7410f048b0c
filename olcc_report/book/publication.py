"""What makes the book a publication: its dates and revisions, whom to ask, and the terms of reuse
(after CBS's "Inlichtingen" and colophon). One function per block, used on the front page, in the
colophon and on the PDF's title page, so all three say the same. Every params value reaches
Markdown as literal text."""

from __future__ import annotations

from olcc_report.intake.params import Params
from olcc_report.records.formatting import date_nl, markdown_literal
from olcc_report.records.reference import CBS_LICENCE

STATUS_LABELS = {"voorlopig": "voorlopige cijfers", "definitief": "definitieve cijfers"}
DEMO_CONTACT = (
    "Demonstratie: dit is geen echt contactadres. Een uitgave op echte gegevens noemt hier het "
    "e-mailadres en telefoonnummer waar lezers met vragen over de cijfers terechtkunnen."
)


def dates_lines(params: Params) -> list[str]:
    """Gepubliceerd op, Herzien op, Volgende publicatie and the status (plain text lines)."""
    pub = params.publication
    lines = []
    if pub.date is not None:
        lines.append(f"Gepubliceerd op {date_nl(pub.date)}")
    else:
        lines.append("Nog niet gepubliceerd (geen publicatiedatum)")
    if pub.revised is not None:
        lines.append(f"Herzien op {date_nl(pub.revised)}")
    lines.append(f"Status: {STATUS_LABELS[pub.status]}")
    if pub.next_update is not None:
        lines.append(f"Volgende publicatie: {date_nl(pub.next_update)}")
    return lines


def dates_markdown(params: Params) -> str:
    """The dates as a list, with every revision (date, what, why), for the front page and the
    colophon."""
    lines = [f"- {markdown_literal(line)}" for line in dates_lines(params)]
    revisions = params.publication.revisions
    if revisions:
        lines += ["", "Herzieningen:", ""]
        lines += [
            f"- {markdown_literal(date_nl(r.date))}: {markdown_literal(r.what)} "
            f"{markdown_literal('Reden: ' + r.why)}"
            for r in revisions
        ]
    return "\n".join(lines) + "\n"


def contact_markdown(params: Params) -> str:
    """Inlichtingen: who answers questions about the figures, and how to reach them."""
    contact = params.publication.contact
    lines = [f"- {markdown_literal(contact.name or params.organisation)}"]
    if contact.email:
        lines.append(f"- E-mail: <mailto:{contact.email}>")
    if contact.phone:
        lines.append(f"- Telefoon: {markdown_literal(contact.phone)}")
    text = "\n".join(lines) + "\n"
    if params.is_demo and not (contact.email or contact.phone):
        text += f"\n{markdown_literal(DEMO_CONTACT)}\n"
    return text


def terms_markdown(params: Params) -> str:
    """Reuse terms: the licence, with CBS's attribution for its data."""
    pub = params.publication
    return (
        f"Tekst, tabellen en grafieken van deze publicatie mogen worden overgenomen en bewerkt "
        f"onder de licentie [{markdown_literal(pub.licence)}]({pub.licence_url}), met "
        f"bronvermelding: {markdown_literal(source_line(params))}. De aantallen jeugdigen per "
        f"regio en de regiogrenzen zijn van het CBS (licentie {markdown_literal(CBS_LICENCE)}); "
        'vermeld bij hergebruik daarvan "Bron: CBS" en, waar ze bewerkt zijn, "bewerking '
        f'{markdown_literal(params.publisher)}".\n'
    )


def source_line(params: Params, cbs: bool = False) -> str:
    """The "Bron:" line of a figure or table: organisation, registration and period; with
    ``cbs`` also CBS's figures, as edited; in the demo: synthetic."""
    registration = f"registratie {params.period_label}"
    if params.is_demo:
        registration += " (synthetische gegevens, demonstratie)"
    text = f"{params.publisher}, {registration}"
    if cbs:
        text += f"; CBS (jeugdigen per regio, regiogrenzen), bewerking {params.publisher}"
    return text
