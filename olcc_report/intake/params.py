"""Parameters of one reporting period: ``params/<period>.yaml``, validated on load.

Relative paths inside a params file are resolved against the folder that holds the params file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from olcc_report.intake.params_inputs import (
    DataParams,
    DisclosureParams,
    MappingParams,
    PopulationParams,
    QualitativeParams,
    Strict,
    date_pattern,
    separator_character,
)
from olcc_report.intake.params_publication import (
    LICENCES,
    ContactParams,
    PlanPoint,
    PlanStatus,
    PublicationParams,
    Revision,
)
from olcc_report.intake.params_regions import FROM_REGIONS, RegionalBook, RegionsMixin
from olcc_report.records import schema
from olcc_report.records.formatting import date_nl
from olcc_report.records.vocabulary import calendar_parts, is_calendar_year

__all__ = [
    "ContactParams",
    "DEMO_SOURCE",
    "DataParams",
    "DisclosureParams",
    "LICENCES",
    "LoadedParams",
    "MappingParams",
    "PLAN_KEYS",
    "Params",
    "ParamsError",
    "PlanPoint",
    "PlanStatus",
    "PopulationParams",
    "PublicationParams",
    "QualitativeParams",
    "FROM_REGIONS",
    "RegionalBook",
    "Revision",
    "Strict",
    "date_pattern",
    "load_params",
    "params_path",
    "separator_character",
]


DEMO_SOURCE = "demo"


class ParamsError(Exception):
    """A params file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


PLAN_KEYS = frozenset({"plan", "plan_status"})


class Params(RegionsMixin):
    period: str = Field(description="Reporting period, e.g. '2020' or '2021-Q3'.")
    title: str
    subtitle: str | None = None
    organisation: str = "Team Oppakken en Leren van Complexe Casuïstiek"
    start: dt.date | None = None
    end: dt.date | None = None
    data: DataParams
    mapping: MappingParams = Field(default_factory=MappingParams)
    disclosure: DisclosureParams = Field(default_factory=DisclosureParams)
    qualitative: QualitativeParams | None = None
    population: PopulationParams | None = None
    publication: PublicationParams = Field(default_factory=PublicationParams)
    plan: list[PlanPoint] = Field(
        default_factory=list, description="The plan this report announces for the next period."
    )
    plan_status: list[PlanStatus] = Field(
        default_factory=list,
        description="Status of each point of the previous period's plan, in order.",
    )
    texts: dict[str, str] = Field(default_factory=dict, description="Dutch text snippets.")

    @model_validator(mode="after")
    def _period_dates(self) -> Params:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both 'start' and 'end', or neither")
        if self.start is None and _calendar_period(self.period) is None:
            raise ValueError(
                f"period {self.period!r} is not a year (2020) or a quarter (2021-Q1): "
                "give 'start' and 'end' dates"
            )
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        return self

    @property
    def period_start(self) -> dt.date:
        if self.start is not None:
            return self.start
        return _calendar_period(self.period)[0]

    @property
    def period_end(self) -> dt.date:
        if self.end is not None:
            return self.end
        return _calendar_period(self.period)[1]

    @property
    def is_demo(self) -> bool:
        return self.data.cases == DEMO_SOURCE

    def content(self, plan: bool = True) -> bytes:
        """What the params say (not how the file spells it: comments and layout do not count),
        with or without the plan, as bytes for a cache key."""
        exclude = None if plan else set(PLAN_KEYS)
        return json.dumps(self.model_dump(mode="json", exclude=exclude), sort_keys=True).encode()

    @property
    def period_label(self) -> str:
        """The period as the book names it: the year, or its first and last day."""
        if is_calendar_year(self.period):
            return self.period
        return f"{date_nl(self.period_start)} tot en met {date_nl(self.period_end)}"

    @property
    def publisher(self) -> str:
        return self.publication.publisher or self.organisation


def _calendar_period(period: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a year ('2020') or quarter ('2021-Q1'); None for anything else."""
    parts = calendar_parts(period)
    if parts is None:
        return None
    year, quarter = parts
    if quarter is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return (
        dt.date(year, first_month, 1),
        dt.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


class LoadedParams(BaseModel):
    """Params plus where they came from."""

    model_config = ConfigDict(frozen=True)
    params: Params
    path: Path

    def resolve(self, relative: str) -> Path:
        return (self.path.parent / relative).resolve()

    def input_files(self) -> list[Path]:
        """Every file the period's book is computed from (params excluded)."""
        p = self.params
        files = [] if p.is_demo else [path for _, path in self.case_exports()]
        if p.qualitative is not None:
            files.append(self.resolve(p.qualitative.codebook))
            if p.qualitative.codings != DEMO_SOURCE:
                files.append(self.resolve(p.qualitative.codings))
            if p.qualitative.quotes is not None and self.resolve(p.qualitative.quotes).is_file():
                files.append(self.resolve(p.qualitative.quotes))
        if p.population is not None:
            files.append(self.resolve(p.population.file))
        return files

    @property
    def cases_path(self) -> Path | None:
        """The national export (None for the demo, or when the regions give their own)."""
        if self.params.is_demo or self.params.data.cases == FROM_REGIONS:
            return None
        return self.resolve(self.params.data.cases)

    def case_exports(self) -> list[tuple[RegionalBook | None, Path]]:
        """The case exports: the national one, or each regional book's own."""
        if self.params.data.cases == FROM_REGIONS:
            return [(b, self.resolve(b.cases)) for b in self.params.regional_books()]
        return [] if self.cases_path is None else [(None, self.cases_path)]


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Allowed keys of the (nested) model at ``loc`` (the location of the offending key)."""
    current: Any = model
    for part in loc[:-1]:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            return []
        current = info.annotation
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _describe(error: dict[str, Any]) -> str:
    loc = tuple(error["loc"])
    where = ".".join(str(p) for p in loc) or "(top level)"
    if error["type"] == "extra_forbidden":
        allowed = ", ".join(_allowed_keys(Params, loc))
        return f"unknown key '{where}' (allowed here: {allowed})"
    if error["type"] == "missing":
        return f"missing required key '{where}'"
    return f"'{where}': {error['msg']} (got {error.get('input')!r})"


def _check_not_registered(params: Params) -> list[str]:
    optional = [f.name for f in schema.optional_fields()]
    problems = []
    for name in params.data.not_registered:
        if name in optional:
            continue
        field_name, _, code = name.partition(".")
        if code:
            f = schema.field_by_name().get(field_name)
            if f is None or f.kind != "multi" or code not in f.codes:
                multi = [g.name for g in schema.input_fields() if g.kind == "multi"]
                problems.append(
                    f"data.not_registered: '{name}' is not a category of a field with several "
                    f"categories (write field.code, e.g. problemen.{schema.get_field('problemen').codes[-1]}; "
                    f"fields: {', '.join(multi)})"
                )
            elif field_name in params.data.not_registered:
                problems.append(
                    f"data.not_registered: '{name}' and '{field_name}' both: the whole field "
                    "is not registered, so leave out its categories"
                )
            continue
        if name in schema.field_by_name() and schema.get_field(name).core:
            problems.append(
                f"data.not_registered: '{name}' is a core field; without it there is no report"
            )
        else:
            problems.append(
                f"data.not_registered: '{name}' is not an optional field "
                f"(optional fields: {', '.join(optional)})"
            )
    return problems


def _check_mapping_targets(params: Params) -> list[str]:
    known = schema.field_by_name()
    targets = {f.name for f in schema.mapping_targets()}
    problems = _check_not_registered(params)
    for export_column, target in params.mapping.columns.items():
        if target not in targets:
            problems.append(
                f"mapping.columns: '{export_column}' maps to unknown field '{target}' "
                f"(fields: {', '.join(f.name for f in schema.mapping_targets())})"
            )
    for target, values in params.mapping.values.items():
        if target not in known or not known[target].categories:
            problems.append(f"mapping.values: '{target}' is not a categorical field")
            continue
        for export_value, code in values.items():
            if code not in known[target].codes:
                problems.append(
                    f"mapping.values.{target}: '{export_value}' maps to unknown code '{code}' "
                    f"(codes: {', '.join(known[target].codes)})"
                )
    for target, columns in params.mapping.indicator_columns.items():
        if target not in known or known[target].kind != "multi":
            problems.append(f"mapping.indicator_columns: '{target}' is not a multi-valued field")
            continue
        for export_column, code in columns.items():
            if code not in known[target].codes:
                problems.append(
                    f"mapping.indicator_columns.{target}: '{export_column}' maps to unknown "
                    f"code '{code}' (codes: {', '.join(known[target].codes)})"
                )
    return problems


def _demo_inputs_with_real_data(params: Params) -> list[str]:
    """A period on real cases may not take any synthetic input: its book would mix invented
    codings with real registrations."""
    if params.is_demo:
        return []
    problems = []
    if params.qualitative is not None and params.qualitative.codings == DEMO_SOURCE:
        problems.append(
            "qualitative.codings: 'demo' (synthetic codings) cannot go with a real export; "
            "give this period's codings, or remove the qualitative: block"
        )
    return problems


def _missing_inputs(params: Params, folder: Path) -> list[str]:
    """Every input file the params name (relative to their folder) that does not exist."""
    if params.is_demo:
        inputs = []
    elif params.data.cases == FROM_REGIONS:
        inputs = [(f"regions {b.code}: cases", b.cases) for b in params.regional_books()]
    else:
        inputs = [("data.cases", params.data.cases)]
    if params.qualitative is not None:
        inputs.append(("qualitative.codebook", params.qualitative.codebook))
        if params.qualitative.codings != DEMO_SOURCE:
            inputs.append(("qualitative.codings", params.qualitative.codings))
    if params.population is not None:
        inputs.append(("population.file", params.population.file))
    return [
        f"{key}: file not found: {(folder / relative).resolve()}"
        for key, relative in inputs
        if not (folder / relative).is_file()
    ]


def load_params(path: str | Path) -> LoadedParams:
    """Read and validate a params file. Raises :class:`ParamsError` listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(path, ["file not found"])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParamsError(path, [f"not valid YAML: {exc}"]) from None
    if not isinstance(raw, dict):
        raise ParamsError(path, ["expected a mapping of keys to values at the top level"])
    try:
        params = Params.model_validate(raw)
    except ValidationError as exc:
        raise ParamsError(path, [_describe(e) for e in exc.errors()]) from None
    problems = (
        _check_mapping_targets(params)
        + _missing_inputs(params, path.parent)
        + _demo_inputs_with_real_data(params)
    )
    if problems:
        raise ParamsError(path, problems)
    return LoadedParams(params=params, path=path.resolve())


def params_path(period: str, params_dir: str | Path = "params") -> Path:
    return Path(params_dir) / f"{period}.yaml"
