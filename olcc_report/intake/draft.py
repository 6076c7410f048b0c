"""Write a draft mapping (:mod:`.assistant`) into a period's params file, as YAML an analyst can
read: every guess below full confidence has a comment with its score and the runner-up, and
every value that could not be placed is listed as a comment with suggestions."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from olcc_report.intake.assistant import Guess, Proposal, propose
from olcc_report.intake.params import DataParams
from olcc_report.intake.reader import HEADER_ROW, NOTICES, read_export
from olcc_report.records import schema
from olcc_report.records.vocabulary import calendar_parts


class DraftError(Exception):
    pass


def _q(text: str) -> str:
    """A YAML scalar for any text (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _line(indent: int, key: str, value: str, guess: Guess | None = None) -> str:
    comment = "" if guess is None or guess.certain else f"  # {guess.comment()}"
    return f"{' ' * indent}{key}: {value}{comment}"


def draft_blocks(proposal: Proposal, cases: str, reading: DataParams | None = None) -> str:
    """The ``data:`` and ``mapping:`` blocks of a params file for a proposal; ``reading``: the
    reading options the export needed (sheet, separator, encoding, header row, date format)."""
    lines = [*_data_block(proposal, cases, reading), *_mapping_block(proposal)]
    if proposal.unused:
        lines.append(
            "# Export columns not used (dropped at reading): " + ", ".join(proposal.unused)
        )
    return "\n".join(lines) + "\n"


def _data_block(proposal: Proposal, cases: str, reading: DataParams | None) -> list[str]:
    lines = ["data:", _line(2, "cases", _q(cases))]
    if proposal.layout != "wide":
        lines.append("  # One row per case and category (the case number repeats): rows combined.")
        lines.append(_line(2, "layout", proposal.layout))
    if reading is not None:
        for key in ("sheet", "separator", "encoding", "date_format"):
            value = getattr(reading, key)
            if value is not None:
                lines.append(_line(2, key, _q(value)))
        if reading.header_row not in (None, 1):
            lines.append(_line(2, "header_row", str(reading.header_row)))
    if proposal.not_registered:
        lines.append("  # Optional fields no column was found for: not registered by this system.")
        lines.append("  # Remove a field from this list and map its column if the export has it.")
        lines.append("  not_registered:")
        lines += [f"    - {name}" for name in proposal.not_registered]
    return lines


def _mapping_block(proposal: Proposal) -> list[str]:
    lines = ["mapping:", _line(2, "multi_separator", _q(proposal.multi_separator))]
    lines.append("  columns:" if proposal.columns else "  columns: {}")
    lines += [_line(4, _q(c), g.target, g) for c, g in proposal.columns.items()]
    if proposal.indicators:
        lines.append("  indicator_columns:")
        for name, columns in proposal.indicators.items():
            lines.append(f"    {name}:")
            lines += [_line(6, _q(c), g.target, g) for c, g in columns.items()]
    names = list(dict.fromkeys([*proposal.values, *proposal.unplaced]))
    if names:
        lines.append("  values:")
    for name in names:
        lines.append(f"    {name}:" if proposal.values.get(name) else f"    {name}: {{}}")
        for value, guess in proposal.values.get(name, {}).items():
            lines.append(_line(6, _q(value), guess.target, guess))
        for value, suggestions in proposal.unplaced.get(name, {}).items():
            hint = ", ".join(f"{code} ({score:.0f})" for code, score in suggestions)
            lines.append(f"      # {_q(value)}: ?  not placed; closest: {hint}")
    return lines


_TOP_LEVEL = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):", re.MULTILINE)


def _without_blocks(text: str, keys: set[str]) -> str:
    """The params text without the top-level blocks ``keys`` (their comments inside go too;
    everything else stays as the analyst wrote it)."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        match = _TOP_LEVEL.match(line)
        if match:
            skipping = match["key"] in keys
        elif line.strip() and not line.startswith((" ", "\t", "#")):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


@dataclass(frozen=True)
class Draft:
    params_file: Path
    created: bool


def default_title(period: str) -> str:
    parts = calendar_parts(period)
    if parts is None:
        return f"Rapportage {period}"
    year, quarter = parts
    if quarter is None:
        return f"Jaarrapportage {year}"
    return f"Kwartaalmonitor {year}, kwartaal {quarter}"


def write_draft(
    params_file: Path,
    period: str,
    proposal: Proposal,
    export: Path,
    reading: DataParams | None = None,
    force: bool = False,
) -> Draft:
    """Write (or update) ``params_file`` with the proposal. An existing ``mapping:`` block is
    only replaced with ``force`` (it may hold the analyst's own corrections)."""
    cases = Path(os.path.relpath(export.resolve(), params_file.parent.resolve())).as_posix()
    blocks = draft_blocks(proposal, cases, reading)
    if params_file.is_file():
        text = params_file.read_text(encoding="utf-8")
        existing = yaml.safe_load(text) or {}
        if existing.get("mapping") and not force:
            raise DraftError(
                f"{params_file} already has a mapping: block; run again with --force to replace "
                "it (your own corrections in it would be lost)"
            )
        kept = _without_blocks(text, {"data", "mapping"}).rstrip("\n")
        params_file.write_text(kept + "\n" + blocks, encoding="utf-8")
        return Draft(params_file, created=False)
    params_file.parent.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Reporting period {period}: draft written by `olcc-report map` from {export.name}.\n"
        "# Check every line with a comment (a guess), then run olcc-report validate.\n"
        f"period: {_q(period)}\n"
        f"title: {_q(default_title(period))}\n"
    )
    params_file.write_text(header + blocks, encoding="utf-8")
    return Draft(params_file, created=True)


def summary(proposal: Proposal) -> list[str]:
    """What the draft did, for the command's one summary."""
    certain = [c for c, g in proposal.columns.items() if g.certain]
    guessed = [(c, g) for c, g in proposal.columns.items() if not g.certain]
    indicator_guesses = [
        (c, g) for cs in proposal.indicators.values() for c, g in cs.items() if not g.certain
    ]
    lines = [
        f"mapped: {len(certain) + sum(len(cs) for cs in proposal.indicators.values()) - len(indicator_guesses)} "
        "column(s) by name",
        f"guessed: {len(guessed) + len(indicator_guesses)} column(s)"
        + "".join(
            f"\n    {c!r} → {g.target} ({g.comment()})" for c, g in guessed + indicator_guesses
        ),
        f"values guessed: {sum(len(v) for v in proposal.values.values())}"
        + "".join(
            f"\n    {name}: {value!r} → {g.target} (score {g.score:.0f})"
            for name, vs in proposal.values.items()
            for value, g in vs.items()
        ),
        "not registered (no column found): " + (", ".join(proposal.not_registered) or "none"),
    ]
    if proposal.missing_core:
        labels = ", ".join(f"{n} ({schema.get_field(n).label})" for n in proposal.missing_core)
        lines.append(f"core fields without a column (map them by hand): {labels}")
    unplaced = [
        f"    {name}: {value!r} (closest: {', '.join(f'{c} {s:.0f}' for c, s in sug)})"
        for name, vs in proposal.unplaced.items()
        for value, sug in vs.items()
    ]
    lines.append(f"values not placed (validation will list them): {len(unplaced)}")
    lines += unplaced
    if proposal.unused:
        lines.append("columns not used: " + ", ".join(proposal.unused))
    return lines


def draft_from_export(
    params_file: Path,
    period: str,
    export: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    separator: str | None = None,
    encoding: str | None = None,
    force: bool = False,
) -> tuple[Draft, Proposal, int, list[str]]:
    """Read the export's headers and values, propose a mapping and write it into the params:
    the draft, the proposal (for the summary), the number of rows read and what the reader
    decided (header row, worksheet, totals rows left out). Raises
    :class:`ReadError` (or ValueError) for an export that cannot be read and
    :class:`DraftError` for a mapping that would be overwritten without ``force``."""
    reading = DataParams(
        cases=export.name,
        sheet=sheet,
        header_row=header_row,
        separator=separator,
        encoding=encoding,
    )
    raw = read_export(export, reading)
    if reading.header_row is None and raw.attrs.get(HEADER_ROW, 1) != 1:
        reading = reading.model_copy(update={"header_row": raw.attrs[HEADER_ROW]})
    proposal = propose(raw)
    draft = write_draft(params_file, period, proposal, export, reading, force)
    return draft, proposal, len(raw), list(raw.attrs.get(NOTICES, []))
