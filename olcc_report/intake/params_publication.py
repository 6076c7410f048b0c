"""The params that say how a period's book is published: the plan and its status a year on,
revisions, contact, licence, publisher and dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from olcc_report.intake.params_inputs import Strict
from olcc_report.records.vocabulary import PLAN_STATUSES


class PlanPoint(Strict):
    punt: str = Field(description="What the team will do.")
    eigenaar: str = Field(description="Who is responsible.")
    maatstaf: str = Field(description="How we will know it succeeded.")


class PlanStatus(Strict):
    status: Literal[PLAN_STATUSES] | None = Field(
        default=None, description="How the point of last year's plan went (empty: not filled in)."
    )
    toelichting: str = Field(default="", description="One line of account.")


class Revision(Strict):
    date: dt.date = Field(description="When the revised book was published.")
    what: str = Field(description="What changed.")
    why: str = Field(description="Why it changed.")


_EMAIL = re.compile(r"[^@\s<>()\[\]]+@[^@\s<>()\[\]]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,}")


class ContactParams(Strict):
    """Where a reader asks about the figures (after CBS's "Inlichtingen")."""

    name: str | None = Field(default=None, description="Team or desk; default: the organisation.")
    email: str | None = None
    phone: str | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.fullmatch(value):
            raise ValueError("not an e-mail address such as olcc@organisatie.nl")
        return value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.fullmatch(value):
            raise ValueError("not a phone number such as 030 123 45 67 or +31 30 123 45 67")
        return value


LICENCES = {
    "CC BY 4.0": "https://creativecommons.org/licenses/by/4.0/deed.nl",
    "CC0 1.0": "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
}


class PublicationParams(Strict):
    status: Literal["voorlopig", "definitief"] = Field(
        default="voorlopig",
        description="Status of every figure of this period (definitief needs a date).",
    )
    date: dt.date | None = Field(default=None, description="Publication date (Gepubliceerd op).")
    next_update: dt.date | None = Field(
        default=None, description="When the next publication is planned (Volgende publicatie)."
    )
    revisions: list[Revision] = Field(
        default_factory=list, description="Each revision of this book: date, what and why."
    )
    url: str | None = Field(
        default=None,
        description="Web address of this period's published book (the PDF's links point there).",
        pattern=r"^https?://[^\s]+$",
    )
    publisher: str | None = Field(default=None, description="Default: the organisation.")
    address: str | None = Field(default=None, description="The publisher's postal address.")
    contact: ContactParams = Field(default_factory=ContactParams)
    licence: Literal[tuple(LICENCES)] = Field(
        default="CC BY 4.0", description="Terms on which the tables and text may be reused."
    )

    @model_validator(mode="after")
    def _dated(self) -> PublicationParams:
        if self.status == "definitief" and self.date is None:
            raise ValueError(
                "a definitief book needs its publication date: give 'publication.date' "
                "(e.g. 2021-06-30), or status voorlopig"
            )
        dates = [r.date for r in self.revisions]
        if dates != sorted(dates):
            raise ValueError("'publication.revisions': list them oldest first")
        if self.date is not None and dates and dates[0] < self.date:
            raise ValueError(
                f"'publication.revisions': a revision ({dates[0]}) before the publication date "
                f"({self.date})"
            )
        if self.next_update is not None and self.date is not None and self.next_update <= self.date:
            raise ValueError(
                f"'publication.next_update' ({self.next_update}) is not after the publication "
                f"date ({self.date})"
            )
        return self

    @property
    def revised(self) -> dt.date | None:
        """The date of the latest revision, if any."""
        return self.revisions[-1].date if self.revisions else None

    @property
    def licence_url(self) -> str:
        return LICENCES[self.licence]
