"""A draft mapping from an export nobody here has seen (``olcc-report map``).

Reads the export's headers and values and proposes, for every field of the schema, the column
that holds it and, for every value that validation would not accept as it is, the category
code it stands for:

* a header by the field's name, Dutch label or header synonyms, exactly or by similarity
  (``rapidfuzz``); a header that says little, by what its column holds (unique codes: the case
  number; dates: registration before closing; whole numbers 0–27: the age; mostly one field's
  categories: that field);
* a group of ja/nee columns ("Probleem: Trauma", "verstoring_wettelijk") as the indicator
  columns of a multi-valued field;
* a value by code, label, synonym (the schema's, and CBS's region names) or similarity.

Below :data:`THRESHOLD` nothing is guessed: the field is left unmapped (optional fields are
then proposed as not registered) and a value is left for validation to list, with
suggestions. Every guess carries its score and the runner-up. Pure: no file is written here.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd
from rapidfuzz import fuzz

from olcc_report.intake.layout import Columns, columns_of, looks_long
from olcc_report.intake.values import (
    DateParser,
    is_blank,
    normalise,
    parse_boolean,
    parse_integer,
    show_value,
)
from olcc_report.records import reference, schema

THRESHOLD = 85.0  # below it a header or value is not guessed
CERTAIN = 100.0
_SAMPLE = 2000  # rows read to judge a column by its content
_PREFIX = re.compile(r"^(?P<prefix>.+?)\s*(?::|\s-\s|_{1,2}|/|\.|\()\s*(?P<rest>.+?)\)?$")
_MULTI_SEPARATORS = ("|", ";", ",", "/", "+")


@dataclass(frozen=True)
class Guess:
    """A proposed target (field name or category code) with its score (100 = certain)."""

    target: str
    score: float
    how: str  # naam | gelijkenis | inhoud
    runner_up: tuple[str, float] | None = None

    @property
    def certain(self) -> bool:
        return self.score >= CERTAIN

    def comment(self) -> str:
        other = (
            f"; runner-up {self.runner_up[0]} ({self.runner_up[1]:.0f})" if self.runner_up else ""
        )
        return f"guessed by {self.how}, score {self.score:.0f}{other}"


@dataclass
class Proposal:
    columns: dict[str, Guess] = field(default_factory=dict)  # export column → field
    indicators: dict[str, dict[str, Guess]] = field(default_factory=dict)  # field → col → code
    values: dict[str, dict[str, Guess]] = field(default_factory=dict)  # field → value → code
    unplaced: dict[str, dict[str, list[tuple[str, float]]]] = field(default_factory=dict)
    not_registered: list[str] = field(default_factory=list)
    missing_core: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    multi_separator: str = schema.MULTI_SEPARATOR
    layout: str = "wide"  # "long": one row per case and category (the case number repeats)

    def field_of(self, column: str) -> str | None:
        guess = self.columns.get(column)
        return None if guess is None else guess.target


# --- scoring -----------------------------------------------------------------------------------------


def similarity(found: str, name: str) -> float:
    """0–100: how alike what an export says (``found``) is to a name of the schema, both
    normalised. Word order does not matter; an abbreviation of at least four letters that
    starts the name (``jeugdhulpprof.`` for jeugdhulpprofessional) and two or more words that
    all occur in the name (``pad ondersteund``) count as 90. Only an identical name is 100."""
    if not found or not name:
        return 0.0
    if found == name:
        return CERTAIN
    score = max(fuzz.ratio(found, name), fuzz.token_sort_ratio(found, name)) * 0.99
    short, long = _compact(found), _compact(name)
    if short == long:
        return 99.0
    if len(short) >= 4 and long.startswith(short):
        score = max(score, 90.0)
    words, name_words = set(found.split()), set(name.split())
    if len(words) >= 2 and words < name_words:
        score = max(score, 90.0)
    return float(score)


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text)


def _best(query: str, candidates: dict[str, list[str]]) -> Guess | None:
    """The best target for a query among {target: [names]}, with the runner-up."""
    scored = sorted(
        (
            (max(similarity(query, normalise(n)) for n in names), target)
            for target, names in candidates.items()
        ),
        reverse=True,
    )
    if not scored:
        return None
    (score, target), rest = scored[0], scored[1:]
    runner = (rest[0][1], rest[0][0]) if rest else None
    return Guess(target, score, "naam" if score >= CERTAIN else "gelijkenis", runner)


def _header_names(f: schema.Field) -> list[str]:
    return [f.name, f.label, *f.headers]


def _category_names(f: schema.Field) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {c.code: [c.code, c.label] for c in f.categories}
    for alias, code in f.aliases.items():
        names[code].append(alias)
    if f.name == "jeugdregio":
        for alias, code in reference.region_aliases().items():
            names.setdefault(code, []).append(alias)
    return names


# --- columns -----------------------------------------------------------------------------------------


def _values(raw: pd.DataFrame, column: str) -> list:
    return [v for v in raw[column].head(_SAMPLE) if not is_blank(v)]


def _is_yes_no(values: list) -> bool:
    if not values:
        return False
    try:
        for v in values:
            parse_boolean(v)
    except ValueError:
        return False
    return True


def propose(raw: pd.DataFrame) -> Proposal:
    """A draft mapping for a raw export (as :func:`~olcc_report.intake.reader.read_export`
    returns it)."""
    proposal = Proposal()
    columns = [c for c in raw.columns if c]
    _by_header(proposal, columns)
    _indicator_groups(proposal, raw, [c for c in columns if c not in proposal.columns])
    taken = set(proposal.columns) | {c for cs in proposal.indicators.values() for c in cs}
    _by_content(proposal, raw, [c for c in columns if c not in taken])
    multi_columns = [
        c for c, g in proposal.columns.items() if schema.mapping_target(g.target).kind == "multi"
    ]
    proposal.multi_separator = _multi_separator(raw, multi_columns)
    _value_mapping(proposal, raw)
    mapped = {g.target for g in proposal.columns.values()} | set(proposal.indicators)
    mapped |= {f.feeds for f in schema.source_fields() if f.name in mapped and f.feeds}
    for f in schema.input_fields():
        if f.name in mapped:
            continue
        (proposal.missing_core if f.core else proposal.not_registered).append(f.name)
    for name, found in proposal.indicators.items():
        # A yes/no column for some categories only: the system does not ask about the others.
        given = {g.target for g in found.values()}
        proposal.not_registered += [
            schema.category_entry(name, c) for c in schema.get_field(name).codes if c not in given
        ]
    taken = set(proposal.columns) | {c for cs in proposal.indicators.values() for c in cs}
    proposal.unused = [c for c in columns if c not in taken]
    if looks_long(raw, _layout_columns(proposal)):
        proposal.layout = "long"
    return proposal


def _layout_columns(proposal: Proposal) -> Columns:
    single = {g.target: c for c, g in proposal.columns.items()}
    indicators = {f: {g.target: c for c, g in cs.items()} for f, cs in proposal.indicators.items()}
    return columns_of(single, indicators)


def _by_header(proposal: Proposal, columns: list[str]) -> None:
    """Header ↔ field by name, label, synonyms and similarity; each field and each column at
    most once, best pairs first."""
    candidates = {f.name: _header_names(f) for f in schema.mapping_targets()}
    pairs = []
    for column in columns:
        scored = sorted(
            (
                (max(similarity(normalise(column), normalise(n)) for n in names), name)
                for name, names in candidates.items()
            ),
            reverse=True,
        )
        for rank, (score, name) in enumerate(scored):
            runner = scored[1] if rank == 0 and len(scored) > 1 else scored[0]
            pairs.append((score, column, name, (runner[1], runner[0])))
    used_fields: set[str] = set()
    for score, column, name, runner in sorted(pairs, key=lambda p: -p[0]):
        if score < THRESHOLD or column in proposal.columns or name in used_fields:
            continue
        how = "naam" if score >= CERTAIN else "gelijkenis"
        proposal.columns[column] = Guess(name, score, how, None if score >= CERTAIN else runner)
        used_fields.add(name)


def _indicator_groups(proposal: Proposal, raw: pd.DataFrame, columns: list[str]) -> None:
    """Ja/nee columns whose header names a multi-valued field and one of its categories
    ("Probleem: Trauma"), or only a category that one multi-valued field has ("Trauma")."""
    multi = [f for f in schema.input_fields() if f.kind == "multi"]
    taken = {g.target for g in proposal.columns.values()}
    for column in columns:
        if not _is_yes_no(_values(raw, column)):
            continue
        match = _PREFIX.match(column)
        options = []
        for f in multi:
            if f.name in taken:
                continue
            if match:
                prefix = max(
                    similarity(normalise(match["prefix"]), normalise(n)) for n in _header_names(f)
                )
                if prefix >= THRESHOLD:
                    guess = _best(normalise(match["rest"]), _category_names(f))
                    if guess is not None:
                        options.append((min(prefix, guess.score), f.name, guess))
                        continue
            guess = _best(normalise(column), _category_names(f))
            if guess is not None:
                options.append((guess.score * 0.99, f.name, guess))  # no field named: a guess
        options.sort(key=lambda o: -o[0])
        if not options or options[0][0] < THRESHOLD:
            continue
        score, name, guess = options[0]
        runner = (options[1][2].target, options[1][0]) if len(options) > 1 else guess.runner_up
        if guess.target in {g.target for g in proposal.indicators.get(name, {}).values()}:
            continue  # a second column for the same category: leave it to the analyst
        how = "naam" if score >= CERTAIN else "gelijkenis"
        proposal.indicators.setdefault(name, {})[column] = Guess(guess.target, score, how, runner)


def _multi_separator(raw: pd.DataFrame, columns: list[str]) -> str:
    """The separator of multi-valued cells: the one that occurs in most cells."""
    counts = dict.fromkeys(_MULTI_SEPARATORS, 0)
    for column in columns:
        for v in _values(raw, column)[:200]:
            text = str(v)
            for sep in _MULTI_SEPARATORS:
                counts[sep] += sep in text
    best = max(_MULTI_SEPARATORS, key=lambda s: (counts[s], s == schema.MULTI_SEPARATOR))
    return best if counts[best] else schema.MULTI_SEPARATOR


# --- by content ----------------------------------------------------------------------------------


def _by_content(proposal: Proposal, raw: pd.DataFrame, columns: list[str]) -> None:
    """Fields still without a column, by what the remaining columns hold."""
    mapped = {g.target for g in proposal.columns.values()} | set(proposal.indicators)
    free = [c for c in columns if c not in proposal.columns]
    dates = [c for c in free if _share(raw, c, DateParser()) >= 0.95]
    date_fields = [f for f in ("aanmelddatum", "afsluitdatum") if f not in mapped]
    if dates and date_fields:
        # Registration comes first: the column with the fewest blanks and the earliest dates.
        order = sorted(dates, key=lambda c: (raw[c].map(is_blank).sum(), _mean_date(raw, c)))
        for name, column in zip(date_fields, order, strict=False):
            proposal.columns[column] = Guess(name, 90.0, "inhoud")
            mapped.add(name)
    free = [c for c in free if c not in proposal.columns]
    for f in schema.input_fields():
        if f.name in mapped or f.kind in ("date", "multi"):
            continue
        scored = sorted(((_content_score(raw, c, f), c) for c in free), reverse=True)
        if scored and scored[0][0] >= THRESHOLD:
            score, column = scored[0]
            runner = (scored[1][1], scored[1][0]) if len(scored) > 1 else None
            proposal.columns[column] = Guess(f.name, score, "inhoud", runner)
            free.remove(column)
            mapped.add(f.name)


def _share(raw: pd.DataFrame, column: str, parser) -> float:
    values = _values(raw, column)
    if not values:
        return 0.0
    ok = 0
    for v in values:
        try:
            parser(v)
            ok += 1
        except ValueError:
            pass
    return ok / len(values)


def _mean_date(raw: pd.DataFrame, column: str) -> float:
    parse = DateParser()
    stamps = []
    for v in _values(raw, column):
        with contextlib.suppress(ValueError):
            stamps.append(parse(v).value)
    return sum(stamps) / len(stamps) if stamps else 0.0


def _content_score(raw: pd.DataFrame, column: str, f: schema.Field) -> float:
    values = _values(raw, column)
    if not values:
        return 0.0
    if f.kind == "id":
        texts = [show_value(v) for v in values]
        unique = len(set(texts)) == len(texts) and len(texts) >= 0.95 * len(raw)
        return 90.0 if unique and _share(raw, column, DateParser()) < 0.5 else 0.0
    if f.kind == "integer":
        ages = _share(raw, column, lambda v: _in_range(parse_integer(v), f))
        return 90.0 * ages if ages >= 0.98 else 0.0
    if f.kind == "boolean":
        return 0.0  # two ja/nee fields cannot be told apart by content
    distinct = {normalise(v) for v in values}
    names = _category_names(f)
    placed = sum(1 for v in distinct if (g := _best(v, names)) is not None and g.score >= THRESHOLD)
    return 95.0 * placed / len(distinct)


def _in_range(value: int, f: schema.Field) -> int:
    if not (f.minimum <= value <= f.maximum):
        raise ValueError("out of range")
    return value


# --- values ----------------------------------------------------------------------------------------


def _value_mapping(proposal: Proposal, raw: pd.DataFrame) -> None:
    """For every value of a mapped category column that validation would not accept as it is:
    the code it stands for (at or above the threshold), or suggestions."""
    for column, guess in proposal.columns.items():
        f = schema.mapping_target(guess.target)
        if f.kind not in ("category", "multi") or f.feeds:  # a municipality: CBS's table
            continue
        # Every distinct value (not a sample): a value needing a mapping may be rare.
        tokens: Iterable[str] = [v for v in raw[column].dropna().unique() if not is_blank(v)]
        if f.kind == "multi":
            tokens = (t for v in tokens for t in str(v).split(proposal.multi_separator))
        _place(proposal, f, {show_value(t) for t in tokens if str(t).strip()})


def _place(proposal: Proposal, f: schema.Field, values: set[str]) -> None:
    names = _category_names(f)
    exact = {normalise(n): code for code, ns in names.items() for n in ns}
    for value in sorted(values):
        if normalise(value) in exact:
            continue  # validation accepts it as it is
        scored = sorted(
            (
                (max(similarity(normalise(value), normalise(n)) for n in ns), code)
                for code, ns in names.items()
            ),
            reverse=True,
        )
        best, runner = scored[0], (scored[1] if len(scored) > 1 else None)
        # Two categories that fit equally well: no guess.
        clear = runner is None or best[0] - runner[0] >= 5
        if best[0] >= THRESHOLD and clear:
            proposal.values.setdefault(f.name, {})[value] = Guess(
                best[1], best[0], "gelijkenis", None if runner is None else (runner[1], runner[0])
            )
        else:
            proposal.unplaced.setdefault(f.name, {})[value] = [(c, s) for s, c in scored[:2]]
