"""Execute the chapter notebooks with papermill, two at a time, and skip those whose inputs
did not change (a key of the template, params, input files and package; never case rows)."""

from __future__ import annotations

import concurrent.futures
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from olcc_report.book.glue import drop_unregistered_text
from olcc_report.book.plan import plan_overview
from olcc_report.intake.params import LoadedParams
from olcc_report.intake.periods import Periods, load
from olcc_report.pipeline.project import (
    BuildError,
    Project,
    Report,
    package_fingerprint,
    sha256_of,
    where,
    write_if_changed,
)

KERNEL = "python3"


def normalise_executed(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what differs between runs (timings, paths, random ids) and hide the injected cell."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell["id"] = "injected-parameters"
            if "remove-cell" not in tags:
                cell.metadata["tags"] = [*tags, "remove-cell"]
    return nb


def renumber_executions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Count the cells' executions from 1, as a kernel of their own would (notebooks that
    shared a kernel continue its count)."""
    counts = sorted(
        {c.execution_count for c in nb.cells if c.cell_type == "code" and c.execution_count}
    )
    new = {old: index for index, old in enumerate(counts, start=1)}
    for cell in nb.cells:
        if cell.cell_type != "code" or not cell.execution_count:
            continue
        cell.execution_count = new[cell.execution_count]
        for output in cell.outputs:
            if output.get("execution_count"):
                output.execution_count = cell.execution_count
    return nb


def _shared_kernel_engine():
    """A papermill engine that runs a notebook in a kernel it is given (``km``), after
    clearing what the notebook before it left in the kernel's namespace (imported modules and
    the periods they loaded stay, which is the point)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class FreshNamespaceClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            # papermill has moved this process into the notebook's folder: so does the kernel
            here = json.dumps(os.getcwd())
            code = f"%reset -f\nimport os as _os\n_os.chdir({here})\ndel _os"
            self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
            super().papermill_execute_cells()

    class SharedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            return FreshNamespaceClient(nb_man, **final).execute()

    return SharedKernelEngine


SHARED_KERNEL = "olcc-shared-kernel"


@dataclass(frozen=True)
class NotebookJob:
    """One chapter notebook to run: its template, output, params and the key it is kept by."""

    template: Path
    output: Path
    params_file: Path
    key: str
    key_file: Path | None
    parameters: tuple[tuple[str, str], ...] = ()  # beyond params_file (a regional book's code)


def execute_in_one_kernel(jobs: list[NotebookJob]) -> list[bool]:
    """Run the jobs one after another in one kernel, each into its output if its bytes
    changed (True); the kernel imports the package and loads each period once."""
    import papermill
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync
    from papermill.engines import papermill_engines

    papermill_engines.register(SHARED_KERNEL, _shared_kernel_engine())
    km = AsyncKernelManager(kernel_name=KERNEL)
    changed = []
    try:
        for job in jobs:
            template, output, params_file = job.template, job.output, job.params_file
            output.parent.mkdir(parents=True, exist_ok=True)
            relative = os.path.relpath(params_file.resolve(), output.parent.resolve())
            with tempfile.TemporaryDirectory() as tmp:
                raw = Path(tmp) / output.name
                try:
                    papermill.execute_notebook(
                        str(template),
                        str(raw),
                        parameters={
                            "params_file": Path(relative).as_posix(),
                            **dict(job.parameters),
                        },
                        cwd=str(output.parent),
                        engine_name=SHARED_KERNEL,
                        kernel_name=KERNEL,
                        km=km,
                        progress_bar=False,
                        log_output=False,
                        request_save_on_cell_execute=False,
                    )
                except papermill.PapermillExecutionError as exc:
                    raise BuildError(
                        f"notebook {template.name} failed in cell {exc.exec_count}: "
                        f"{exc.ename}: {exc.evalue}"
                    ) from None
                nb = renumber_executions(normalise_executed(nbformat.read(raw, as_version=4)))
            nb = drop_unregistered_text(nb, load(params_file).params.data.not_registered)
            changed.append(write_if_changed(output, (nbformat.writes(nb) + "\n").encode("utf-8")))
    finally:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    return changed


NOTEBOOK_WORKERS = 2  # measured on 2 cores: two kernels at a time is the fastest


def _plan_bytes(loaded: LoadedParams) -> bytes:
    """The plan as a notebook that reads it sees it: the statuses per year up to this one
    (editing the plan this year announces changes nothing a notebook shows)."""
    overview = plan_overview(loaded.path.parent, loaded.params.period_start.year)
    return overview.to_csv(index=False).encode()


def notebook_jobs(
    project: Project,
    loaded: LoadedParams,
    out_dir: Path,
    cache_dir: Path | None = None,
    report: Report = lambda _: None,
    templates: list[Path] | None = None,
    parameters: tuple[tuple[str, str], ...] = (),
) -> list[NotebookJob]:
    """The period's chapter notebooks whose inputs changed since they last ran (all of them
    without ``cache_dir``). A notebook's key covers its template, the params (the plan only as
    the overview a notebook that reads it shows) and input files of its period and of every
    period its book may quote, and the package; never case rows."""
    periods = (loaded, *Periods.beside(loaded).related(loaded))
    base = loaded.path.parent

    params_bytes = b"".join(
        sha256_of(where(p.path, base), p.params.content(plan=False)).encode() for p in periods
    )

    data_bytes = b"".join(
        sha256_of(where(p, base), p.read_bytes()).encode()
        for other in periods
        for p in other.input_files()
    )
    fingerprint = package_fingerprint()
    jobs = []
    for template in project.templates_for(loaded) if templates is None else templates:
        output = out_dir / template.name
        key = sha256_of(
            template.read_bytes(),
            params_bytes,
            _plan_bytes(loaded) if "plan" in project.reads(template) else b"",
            data_bytes,
            fingerprint,
            str(os.path.relpath(loaded.path, out_dir.resolve())).encode(),
            repr(parameters).encode(),
        )
        key_file = cache_dir / f"{template.stem}.sha256" if cache_dir else None
        if key_file and output.is_file() and key_file.is_file() and key_file.read_text() == key:
            report(f"notebook {template.name}: unchanged inputs, not re-run")
            continue
        jobs.append(NotebookJob(template, output, loaded.path, key, key_file, parameters))
    return jobs


def run_notebooks(jobs: list[NotebookJob], report: Report = lambda _: None) -> set[Path]:
    """Run the jobs in two kernels, each its share one after another, so that the imports and
    every period's cases and codings are loaded once per kernel, not once per notebook (the
    jobs may come from several periods). Returns the outputs whose bytes changed."""
    if not jobs:
        return set()
    report(f"executing {len(jobs)} notebook(s): {', '.join(j.template.name for j in jobs)}")
    groups = [jobs[i::NOTEBOOK_WORKERS] for i in range(min(NOTEBOOK_WORKERS, len(jobs)))]
    changed = set()
    with concurrent.futures.ProcessPoolExecutor(max_workers=len(groups)) as pool:
        futures = [(pool.submit(execute_in_one_kernel, group), group) for group in groups]
        for future, group in futures:
            for job, written in zip(group, future.result(), strict=True):
                if written:
                    changed.add(job.output)
                if job.key_file:
                    write_if_changed(job.key_file, job.key.encode())
    return changed
