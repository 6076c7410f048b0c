"""Everything a build checks before it runs anything: the export, the population, the codings
and that every approved quote is exactly today's de-identified text. Skipped while none of
their bytes changed since they last passed (a key, never a case row)."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from olcc_report.intake.params import LoadedParams
from olcc_report.intake.population import PopulationError
from olcc_report.pipeline.inputs import load_cases, load_qualitative_inputs
from olcc_report.pipeline.period import period_population
from olcc_report.pipeline.project import (
    BuildError,
    Key,
    Project,
    Report,
    Stages,
    package_fingerprint,
    where,
)
from olcc_report.qualitative.quotes import (
    DeidentificationCache,
    candidates,
    read_approvals,
    stale_approvals,
    unsuitable_approved,
)


def check_quotes(
    project: Project, loaded: LoadedParams, cases, report: Report = lambda _: None
) -> None:
    """Check the codings and that every approved quote is exactly today's de-identified text.

    Raises CodingsInvalid or BuildError before anything is built."""
    q = loaded.params.qualitative
    if q is None:
        return
    report("checking codings and quotes")
    qualitative = load_qualitative_inputs(loaded, cases)
    if q.quotes is None:
        return
    approvals = read_approvals(loaded.resolve(q.quotes))
    unsuitable = unsuitable_approved(approvals)
    if unsuitable:
        raise BuildError(
            f"{len(unsuitable)} approved quote(s) in {q.quotes} are marked ongeschikt (too much "
            f"removed to say anything) and have no toch_publiceren reason: {', '.join(unsuitable)}"
        )
    if not any(a.approved for a in approvals):
        return
    report("checking approved quotes against de-identification (deduce)")
    stale = stale_approvals(
        candidates(qualitative.codings.frame),
        approvals,
        DeidentificationCache(project.cache_dir / "deidentified.json"),
    )
    if stale:
        raise BuildError(
            f"{len(stale)} approved quote(s) in {q.quotes} are not what de-identification gives "
            f"today (edited by hand, or the codings or rules changed): {', '.join(stale)}. "
            f"Run `olcc-report quotes --period {loaded.params.period}` and approve them again."
        )


def _versions(*names: str) -> bytes:
    return " ".join(f"{n}=={version(n)}" for n in names).encode()


def validate_inputs(
    project: Project,
    loaded: LoadedParams,
    cache: Path,
    report: Report = lambda _: None,
    stage: Stages | None = None,
) -> None:
    """Validate the export, the population, the codings and the approved quotes — unless
    none of their bytes (nor the package) changed since they last passed (a key in
    ``cache``, never a case row)."""
    key = Key(
        cache,
        "validated",
        loaded.params.content(plan=False),  # the plan is not an input to validate
        *(where(f, loaded.path.parent) + f.read_bytes() for f in loaded.input_files()),
        package_fingerprint(),
        _versions("pandera", "deduce", "pandas"),
    )
    if key.unchanged():
        report("inputs unchanged since they were validated")
        return
    key.forget()
    stage = stage or Stages()
    with stage("validate cases"):
        report("validating the case export")
        cases = load_cases(loaded)  # raises ExportInvalid before anything runs
        try:
            period_population(loaded)
        except PopulationError as exc:
            raise BuildError(f"population: {exc}") from None
    with stage("codings and quotes"):
        check_quotes(project, loaded, cases, report)
    key.keep()
