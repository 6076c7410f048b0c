"""What the intruder reads: the downloads of a book (CSV rows by table key), a published count
(``x`` hidden, ``-`` nihil, ``1.234``) and a finding."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from olcc_report.intake.params import DisclosureParams
from olcc_report.records.vocabulary import (
    AT_LEAST_SYMBOL,
    MISSING_SYMBOL,
    NIL_SYMBOL,
    SECRET_SYMBOL,
    SYNTHETIC_MARK,
)

YES, NO, REST = "ja", "nee", "(rest)"
Name = tuple[str, frozenset[tuple[str, str]]]  # (period, conditions)


@dataclass(frozen=True)
class Finding:
    period: str
    what: str

    def __str__(self) -> str:
        return f"{self.period}: {self.what}"


@dataclass
class PublishedBook:
    """The downloads of one book: table key → rows of the CSV (header first)."""

    period: str
    rules: DisclosureParams
    tables: dict[str, list[list[str]]]
    theme_labels: dict[str, str] = field(default_factory=dict)  # theme code → label (codebook)
    region: str = ""  # a regional book: its name (its counts are within it)
    members: tuple[str, ...] = ()  # a regional book: the CBS regions it covers, by name


def read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text), delimiter=";") if row]


def read_book(
    files: Mapping[str, bytes] | Path,
    period: str,
    rules: DisclosureParams,
    theme_labels: Mapping[str, str] | None = None,
) -> PublishedBook:
    """The tables of one book, from the download files (name → bytes) or their folder (as a
    reader downloads them)."""
    if isinstance(files, Path):
        files = {p.name: p.read_bytes() for p in files.glob("*.csv")}
    tables = {  # by the figure's key, also under a demo's published name
        name.removesuffix(".csv").removesuffix(f"-{SYNTHETIC_MARK}"): read_csv(data)
        for name, data in files.items()
        if name.endswith(".csv") and not name.endswith(".meta.csv")
    }
    return PublishedBook(period, rules, tables, dict(theme_labels or {}))


def at_least(text: str) -> int | None:
    """The bound of a count published as ``≥ 110``; None for any other text."""
    text = text.strip()
    if not text.startswith(AT_LEAST_SYMBOL):
        return None
    return int(text.removeprefix(AT_LEAST_SYMBOL).strip().replace(".", ""))


def number(text: str) -> int | None:
    """A published count: ``x``, ``.`` or a bound (``≥ 110``) → None (not known exactly), ``-`` → 0,
    ``1.234`` → 1234."""
    text = text.strip()
    if text in (SECRET_SYMBOL, MISSING_SYMBOL) or at_least(text) is not None:
        return None
    if text == NIL_SYMBOL:
        return 0
    return int(text.replace(".", ""))
