"""``olcc-report new-year YEAR``: start a new reporting year from the latest one.

Writes ``params/<YEAR>.yaml`` and ``book/<YEAR>/`` from the latest calendar year before it:
* the narrative is kept as a starting point, each page marked ``TE HERZIEN`` (the build warns
  loudly while a mark is left);
* data paths are emptied unless the latest year ran on demo data (then the new year does too);
* last year's plan becomes this year's plan status, every status empty; the new plan is empty.
Returns what the analyst must fill in.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from olcc_report.book.glue import glue_references
from olcc_report.book.shape import REVISION_MARK
from olcc_report.intake.params import DEMO_SOURCE
from olcc_report.qualitative.quotes import write_approvals
from olcc_report.records import contents
from olcc_report.records.vocabulary import is_calendar_year

TO_FILL = "VUL-IN"


class NewYearError(Exception):
    pass


@dataclass(frozen=True)
class NewYear:
    params_file: Path
    book_dir: Path
    source_year: str
    todo: list[str]
    written: tuple[Path, ...] = ()  # every file it wrote (and the book folder)

    def undo(self) -> None:
        """Remove what it wrote: a failed ``new-year`` leaves nothing behind to retry over."""
        for path in self.written:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


def _revision_block(source: str, year: int) -> str:
    return (
        f":::{{admonition}} {REVISION_MARK}\n:class: warning\n"
        f"Deze tekst is overgenomen uit de rapportage over {source}. Pas hem aan voor {year} "
        "en haal dit blok daarna weg.\n:::\n"
    )


def _mark(text: str, source: str, year: int) -> str:
    lines = text.splitlines(keepends=True)
    heading = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    block = "\n" + _revision_block(source, year) + "\n"
    return "".join(lines[: heading + 1]) + block + "".join(lines[heading + 1 :])


def _real_period(raw: dict, year: int, target: Path, todo: list[str]) -> None:
    """Turn params copied from a demo year into a real period: no demo title, and no
    synthetic codings (left as to-dos; the chapters that need them are left out
    of the book, with a build warning, until they are given)."""
    for key in ("title", "subtitle"):
        text = raw.get(key)
        if text and ("demonstratie" in text or "synthetisch" in text):
            cleaned = re.sub(r"\s*\((?:demonstratie)[^)]*\)", "", text)
            if "synthetisch" in cleaned:
                raw.pop(key)
            else:
                raw[key] = cleaned
    quality = raw.get("qualitative")
    if quality and quality.get("codings") == DEMO_SOURCE:
        raw.pop("qualitative")
        todo.append(
            f"qualitative in {target.name}: the codebook, the codings of {year} and a quotes "
            "file (until given, the qualitative chapters and the pages that quote them are "
            "left out; the build says which)"
        )


def _data(raw: dict, year: int, target: Path, todo: list[str], export: Path | None) -> None:
    if export is not None:
        raw["data"] = {"cases": os.path.relpath(export.resolve(), target.parent.resolve())}
        raw.pop("mapping", None)  # drafted from the new export by `map`
        _real_period(raw, year, target, todo)
    elif raw["data"]["cases"] != DEMO_SOURCE:
        raw["data"]["cases"] = f"{TO_FILL}: pad naar de export van {year}"
        todo.append(f"data.cases in {target.name}: the path of the {year} export")
    else:
        todo.append(
            f"data.cases in {target.name}: still 'demo'; for your own export run "
            f"`olcc-report map --period {year} --file <export>`"
        )


_PUBLICATION_KEPT = ("publisher", "address", "contact", "licence")


def new_year(root: Path, year: int, export: Path | None = None) -> NewYear:
    """``export``: the new year's own export (``new-year --export``): the new period is a
    real one even when the latest year ran on demo data (the CLI then drafts its mapping)."""
    params_dir, book_dir = root / "params", root / "book"
    target = params_dir / f"{year}.yaml"
    if target.exists():
        raise NewYearError(f"{target} already exists")
    years = sorted(
        int(p.stem)
        for p in params_dir.glob("*.yaml")
        if is_calendar_year(p.stem) and int(p.stem) < year
    )
    if not years:
        raise NewYearError(f"no calendar year before {year} in {params_dir} to start from")
    source = str(years[-1])
    raw = yaml.safe_load((params_dir / f"{source}.yaml").read_text(encoding="utf-8"))
    todo: list[str] = []
    written: list[Path] = []
    raw["period"] = str(year)
    for key in ("title", "subtitle"):
        if raw.get(key):
            raw[key] = raw[key].replace(source, str(year))
    _data(raw, year, target, todo, export)
    # A new book is not published yet: who publishes it and on what terms stay; its dates do not.
    publication = {
        k: v for k, v in (raw.get("publication") or {}).items() if k in _PUBLICATION_KEPT
    }
    raw["publication"] = {**publication, "status": "voorlopig"}
    todo.append(
        f"publication in {target.name}: status definitief and the publication date "
        "(publication.date) when the book is published; next_update if known"
    )
    quality = raw.get("qualitative")
    if quality:
        if quality.get("codings") != DEMO_SOURCE:
            quality["codings"] = f"{TO_FILL}: pad naar de coderingen van {year}"
            todo.append(f"qualitative.codings in {target.name}: the codings of {year}")
        if quality.get("quotes"):
            quality["quotes"] = (
                re.sub(r"\d{4}", str(year), quality["quotes"])
                if source in quality["quotes"]
                else f"kwalitatief/citaten-{year}.yaml"
            )
            approvals = params_dir / quality["quotes"]
            if not approvals.exists():
                written.append(approvals)
            write_approvals(approvals, [])
            todo.append(f"quotes: run `olcc-report quotes --period {year}` and approve them")
    if raw.get("population"):
        todo.append(
            f"population in {target.name}: a population file of your own for {year} (without "
            "it the book uses CBS's young people per region of the nearest year shipped)"
        )
    previous_plan = raw.get("plan") or []
    raw["plan_status"] = [{"status": None, "toelichting": ""} for _ in previous_plan]
    raw["plan"] = []
    if previous_plan:
        todo.append(
            f"plan_status in {target.name}: status and one line per point of the "
            f"{source} plan ({len(previous_plan)} points)"
        )
    todo.append(f"plan in {target.name}: the plan this report announces")
    header = (
        f"# Reporting period {year}, started with `olcc-report new-year {year}` from {source}.\n"
        f'# Fill in everything marked {TO_FILL} and the plan; see README "A new year".\n'
    )
    target.write_text(
        header + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    written.append(target)
    new_book = book_dir / str(year)
    new_book.mkdir(parents=True, exist_ok=False)
    written.append(new_book)
    for page in sorted((book_dir / source).glob("*.md")):
        (new_book / page.name).write_text(
            _mark(page.read_text(encoding="utf-8"), source, year), encoding="utf-8"
        )
    todo.append(f"book/{year}/*.md: revise the text and remove the {REVISION_MARK} blocks")
    return NewYear(target, new_book, source, todo, tuple(written))


def mark_unregistered_sentences(book_dir: Path, not_registered: Iterable[str]) -> list[str]:
    """Mark, in the pages copied into a new year, every line that quotes a sentence about a
    field the new export does not register (the sentence will say so, but the prose around
    it was written for a year that had it): a ``% TE HERZIEN`` comment above the line, and a
    to-do naming page, line and field."""
    missing = set(not_registered)
    todo = []
    for page in sorted(book_dir.glob("*.md")):
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        out = []
        for line in lines:
            fields = sorted(
                {
                    f
                    for _, name in glue_references(line)
                    for f in contents.SENTENCE_FIELDS.get(name, ())
                    if f in missing
                }
            )
            if fields:
                out.append(
                    f"% {REVISION_MARK}: de zin hieronder gaat over {', '.join(fields)}, dat in "
                    "dit jaar niet wordt geregistreerd\n"
                )
                todo.append(  # the line as the marked page numbers it
                    f"book/{book_dir.name}/{page.name}, line {len(out) + 1}: its sentence is about "
                    f"{', '.join(fields)}, which this export does not register: rewrite or "
                    "remove the text around it"
                )
            out.append(line)
        page.write_text("".join(out), encoding="utf-8")
    return todo
