"""Execute the chapter notebooks with papermill, two at a time, and skip those whose inputs
did not change (a key of the template, params, input files and package; never case rows)."""

from __future__ import annotations

import concurrent.futures
import os
import tempfile
from pathlib import Path

import nbformat

from olcc_report.book.glue import drop_unregistered_text
from olcc_report.intake.params import LoadedParams, load_params
from olcc_report.pipeline.period import related_periods
from olcc_report.pipeline.project import (
    BuildError,
    Project,
    Report,
    package_fingerprint,
    sha256_of,
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


def execute_notebook(template: Path, output: Path, params_file: Path) -> bool:
    """Run one template with papermill; write it to ``output`` if its bytes changed."""
    import papermill

    output.parent.mkdir(parents=True, exist_ok=True)
    relative = os.path.relpath(params_file.resolve(), output.parent.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / output.name
        try:
            papermill.execute_notebook(
                str(template),
                str(raw),
                parameters={"params_file": Path(relative).as_posix()},
                cwd=str(output.parent),
                kernel_name=KERNEL,
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
            )
        except papermill.PapermillExecutionError as exc:
            raise BuildError(
                f"notebook {template.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
            ) from None
        nb = normalise_executed(nbformat.read(raw, as_version=4))
    nb = drop_unregistered_text(nb, load_params(params_file).params.data.not_registered)
    return write_if_changed(output, (nbformat.writes(nb) + "\n").encode("utf-8"))


NOTEBOOK_WORKERS = 2  # measured on 2 cores: two kernels at a time is the fastest


def execute_notebooks(
    project: Project,
    loaded: LoadedParams,
    out_dir: Path,
    cache_dir: Path | None = None,
    report: Report = lambda _: None,
) -> bool:
    """Execute every chapter template for a period into ``out_dir`` (two at a time). True if
    any output changed."""
    # The period's own params and inputs, and those of every period its book may quote.
    periods = (loaded, *related_periods(loaded))
    params_bytes = b"".join(
        sha256_of(str(p.path).encode(), p.path.read_bytes()).encode() for p in periods
    )
    data_bytes = b"".join(
        sha256_of(str(p).encode(), p.read_bytes()).encode()
        for other in periods
        for p in other.input_files()
    )
    fingerprint = package_fingerprint()
    jobs = []
    for template in project.templates_for(loaded):
        output = out_dir / template.name
        key = sha256_of(
            template.read_bytes(),
            params_bytes,
            data_bytes,
            fingerprint,
            str(os.path.relpath(loaded.path, out_dir.resolve())).encode(),
        )
        key_file = cache_dir / f"{template.stem}.sha256" if cache_dir else None
        if key_file and output.is_file() and key_file.is_file() and key_file.read_text() == key:
            report(f"notebook {template.name}: unchanged inputs, not re-run")
            continue
        jobs.append((template, output, key, key_file))
    if not jobs:
        return False
    report(f"executing {len(jobs)} notebook(s): {', '.join(t.name for t, *_ in jobs)}")
    changed = False
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(NOTEBOOK_WORKERS, len(jobs))
    ) as pool:
        futures = [
            (pool.submit(execute_notebook, t, o, loaded.path), key, key_file)
            for t, o, key, key_file in jobs
        ]
        for future, key, key_file in futures:
            changed |= future.result()
            if key_file:
                write_if_changed(key_file, key.encode())
    return changed
