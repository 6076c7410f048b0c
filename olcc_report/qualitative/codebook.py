"""The codebook of the qualitative analysis: themes with code, Dutch label, definition and parent.

A codebook is a YAML file (see ``params/codeboek.yaml``), usually shared by all periods, with a
``version`` so that a report can say which codebook coded a year. Each theme has a ``kind`` that
says which analysis uses it:

* ``thema``: the themes of the qualitative chapter (trauma, contact, leefwereld, ...);
* ``stille_vraag``: a signal of a *stille vraag* (a question that does not reach the teams);
* ``verstoring``: one of the four kinds of verstoring of the verstoringenmodel;
* ``knooppunt`` / ``succesmoment``: the case evaluations of the Routewijzer;
* ``citaat``: marks a segment an analyst chose as a quote (used when a tool cannot mark quotes
  otherwise, e.g. a REFI-QDA project).

A theme with a ``parent`` is a category of that parent (knooppunt categories under ``knooppunt``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from olcc_report.intake.params import LoadedParams
from olcc_report.intake.values import normalise
from olcc_report.records.schema import fields

Kind = Literal["thema", "stille_vraag", "verstoring", "knooppunt", "succesmoment", "citaat"]
KIND_LABELS = {
    "thema": "Thema",
    "stille_vraag": "Stille vraag",
    "verstoring": "Verstoring",
    "knooppunt": "Knooppunt",
    "succesmoment": "Succesmoment",
    "citaat": "Citaat",
}


class CodebookError(Exception):
    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


class _Theme(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    kind: Kind
    definition: str = ""
    parent: str | None = None
    chapters: tuple[str, ...] = ()


class _Codebook(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    version: str
    themes: tuple[_Theme, ...]


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    kind: str
    definition: str
    parent: str | None
    chapters: tuple[str, ...]


@dataclass(frozen=True)
class Codebook:
    version: str
    themes: tuple[Theme, ...]

    @cached_property
    def by_code(self) -> dict[str, Theme]:
        return {t.code: t for t in self.themes}

    @cached_property
    def _names(self) -> dict[str, str]:
        names = {}
        for theme in self.themes:
            names[normalise(theme.code)] = theme.code
            names[normalise(theme.label)] = theme.code
        return names

    def resolve(self, name: str) -> str | None:
        """The code a tool's code name stands for (code or Dutch label, any case), or None."""
        return self._names.get(normalise(name))

    def of_kind(self, kind: str, leaves_only: bool = True) -> list[Theme]:
        """Themes of one kind, in codebook order; without the parents of categories."""
        parents = {t.parent for t in self.themes if t.parent}
        return [
            t for t in self.themes if t.kind == kind and not (leaves_only and t.code in parents)
        ]

    def label(self, code: str) -> str:
        return self.by_code[code].label


def load_codebook(path: str | Path) -> Codebook:
    """Read and check a codebook; every problem is listed at once."""
    path = Path(path)
    if not path.is_file():
        raise CodebookError(path, ["file not found"])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        model = _Codebook.model_validate(raw)
    except yaml.YAMLError as exc:
        raise CodebookError(path, [f"not valid YAML: {exc}"]) from None
    except ValidationError as exc:
        raise CodebookError(
            path, [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        ) from None
    problems = []
    seen: dict[str, int] = {}
    for number, theme in enumerate(model.themes, start=1):
        if theme.code in seen:
            problems.append(
                f"theme {number}: code '{theme.code}' also used by theme {seen[theme.code]}"
            )
        seen.setdefault(theme.code, number)
    codes = {t.code: t for t in model.themes}
    for theme in model.themes:
        if theme.parent is not None:
            parent = codes.get(theme.parent)
            if parent is None:
                problems.append(
                    f"theme '{theme.code}': parent '{theme.parent}' is not in the codebook"
                )
            elif parent.kind != theme.kind:
                problems.append(
                    f"theme '{theme.code}': kind '{theme.kind}' differs from its "
                    f"parent's '{parent.kind}'"
                )
    problems += _shared_labels(model.themes)
    if problems:
        raise CodebookError(path, problems)
    return Codebook(
        model.version,
        tuple(
            Theme(t.code, t.label, t.kind, t.definition, t.parent, t.chapters) for t in model.themes
        ),
    )


def _shared_labels(themes) -> list[str]:
    """A theme labelled like a registered category ("Trauma" as a coded theme and as a
    registered problem) would give one name two numbers: each theme needs its own label."""
    registered = {
        category.label.casefold(): (f.name, category.code)
        for f in fields()
        for category in f.categories or ()
    }
    problems = []
    for theme in themes:
        if (clash := registered.get(theme.label.strip().casefold())) is not None:
            problems.append(
                f"theme '{theme.code}': label '{theme.label}' is also the label of the "
                f"registered category '{clash[1]}' of '{clash[0]}'; a reader would take the "
                "coded theme and the registered count for one quantity. Give the theme its own "
                f"label (for example '{theme.label} in de casusbeschrijvingen'); the QDA "
                "project's codes still match it by its code."
            )
    return problems


def theme_labels(loaded: LoadedParams) -> dict[str, str]:
    """Theme code → label, from the period's codebook (the book prints it); none without a
    qualitative analysis."""
    q = loaded.params.qualitative
    if q is None:
        return {}
    return {t.code: t.label for t in load_codebook(loaded.resolve(q.codebook)).themes}
