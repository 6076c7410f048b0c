"""The book build's time per stage, each as a ratio to a floor measured in the same run.

Run with `make benchmark` (or `python benchmarks/build_time.py --period 2020`). It builds in a
temporary copy of the project, so it never touches your own _build/. This is the benchmark,
not a timed test: the targets below are checked here and nowhere else.

The floor, measured first on this machine:
- a kernel: papermill runs a notebook that only imports pandas and altair (kernel start,
  imports, shutdown); the period's notebooks on two kernels cannot take less than
  ceil(notebooks / 2) of those;
- a Sphinx no-op on the built book;
- one Chromium print: the whole book printed once, as one page. The clean build's PDF stage
  (every chapter printed apart, so that an edit reprints only its chapter; the front matter,
  the page numbers and the merge) must stay within twice that print.

Then the builds: `cold` (a fresh copy: no cache at all, also no de-identified quotes), `clean`
(_build/ removed; the project's de-identification cache kept, as on a team's machine), `no-op`,
`edit` (one narrative page changed, a full build with the PDF), the same edit seen in the
preview's browser, and every period built together (`make report`) against one by one.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from olcc_report.intake.params import load_params
from olcc_report.pipeline.build import Project, build_period, build_periods
from olcc_report.pipeline.project import Stages
from olcc_report.pipeline.staging import available_chapters
from olcc_report.records.contents import book_order

ROOT = Path(__file__).resolve().parents[1]
STAGES = [
    "validate cases",
    "codings and quotes",
    "narrative pages",
    "notebooks",
    "downloads and audit",
    "Sphinx",
    "PDF",
]
WORKERS = 2
EDIT_PAGE = "voorwoord.md"


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def kernel_floor(folder: Path) -> float:
    """One kernel start, the imports every chapter needs and shutdown, by papermill."""
    import papermill

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas, altair")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    source, target = folder / "floor.ipynb", folder / "floor-out.ipynb"
    nbformat.write(nb, source)
    run = lambda: papermill.execute_notebook(  # noqa: E731
        str(source), str(target), kernel_name="python3", progress_bar=False
    )
    run()  # warm the file cache once
    return min(timed(run) for _ in range(2))


def sphinx_floor(out: Path) -> float:
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees")]
    command += [str(out / "src"), str(out / "html")]
    return min(timed(lambda: subprocess.run(command, check=True)) for _ in range(2))


def print_floor(out: Path, params_file: Path) -> float:
    """The whole book printed once by Chromium, as one page (what a single print costs)."""
    import asyncio

    from olcc_report.book import pdf

    html = out / "html"
    loaded = load_params(params_file)
    cover = pdf.Cover.of(loaded.params)
    project = Project(params_file.parent.parent)
    chapters = book_order(available_chapters(project, loaded))
    prints = pdf.chapter_prints(html, chapters, cover)
    first = next(c.page for c in prints if "vega-bundle" in c.page)  # a head that draws charts
    head, body = (
        first.split("<body>", 1)[0],
        "".join(c.page.split("<body>", 1)[1].rsplit("</body>", 1)[0] for c in prints),
    )
    page = f"{head}<body>{body}</body></html>"

    async def once() -> None:
        from playwright.async_api import async_playwright

        async with async_playwright() as p:
            chrome = await p.chromium.launch(
                executable_path=pdf.chromium_path(), args=pdf.CHROMIUM_ARGS
            )
            printer = pdf.Printer(chrome, html)
            await printer.print([pdf.PrintJob(page, out / "floor.pdf")])
            await chrome.close()

    return timed(lambda: asyncio.run(once()))


def build(project: Project, period: str, **kwargs) -> tuple[float, dict[str, float]]:
    stages = Stages()
    seconds = timed(lambda: build_period(project, period, stages=stages, **kwargs))
    return seconds, stages.seconds


def outputs(out: Path) -> dict[str, str]:
    files = [*(out / "src").rglob("*.ipynb"), *(out / "src").rglob("*.csv")]
    files += list((out / "html").glob("*.pdf"))
    return {str(f.relative_to(out)): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_edit(project: Project, period: str, page: Path) -> float:
    """Seconds from saving a narrative page to seeing its new sentence in the preview."""
    from playwright.sync_api import sync_playwright

    from olcc_report.book.pdf import CHROMIUM_ARGS, chromium_path

    port = free_port()
    command = [str(Path(sys.executable).parent / "olcc-report"), "preview"]
    command += ["--period", period, "--port", str(port), "--project", str(project.root)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            view = chrome.new_page()
            deadline = time.monotonic() + 300
            while True:
                try:
                    view.goto(f"http://127.0.0.1:{port}/{page.stem}.html")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.5)
            time.sleep(2)  # the page and its live-reload connection settle
            seconds = []
            for attempt in range(3):
                sentence = f"Zin voor de meting {'abc'[attempt]}."
                start = time.perf_counter()
                page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", "utf-8")
                view.wait_for_function(
                    f"() => document.body && document.body.innerText.includes({sentence!r})",
                    timeout=60_000,
                    polling=50,
                )
                seconds.append(time.perf_counter() - start)
                time.sleep(1.5)
            chrome.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return sorted(seconds)[1]  # the median of three


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--period", default="2020")
    args = parser.parse_args()
    period = args.period
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project = Project(ROOT).copy_inputs(tmp / "project")
        out = project.build_dir(period)
        notebooks = len(project.templates_for(load_params(project.params_file(period))))
        floor_kernel = kernel_floor(tmp)
        runs: dict[str, tuple[float, dict[str, float]]] = {}
        runs["cold"] = build(project, period)
        cold_outputs = outputs(out)
        shutil.rmtree(project.root / "_build")
        runs["clean"] = build(project, period)
        identical = outputs(out) == cold_outputs
        floor_sphinx = sphinx_floor(out)
        floor_print = print_floor(out, project.params_file(period))
        runs["no-op"] = build(project, period)
        page = project.book_dir / period[:4] / EDIT_PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\nEen zin erbij.\n", "utf-8")
        runs["edit"] = build(project, period)
        preview = preview_edit(project, period, page)
        shutil.rmtree(project.root / "_build")
        periods = project.periods()
        together = timed(lambda: build_periods(project, periods, pdf=False))
        one_by_one = 0.0
        for each in periods:
            shutil.rmtree(project.root / "_build", ignore_errors=True)
            one_by_one += timed(lambda p=each: build_period(project, p, pdf=False))

    floor_notebooks = math.ceil(notebooks / WORKERS) * floor_kernel
    floor = floor_notebooks + floor_sphinx
    print(f"Book build of {period} on {os.cpu_count()} cores (seconds; × = ratio to the floor)")
    print(
        f"floor: kernel {floor_kernel:.1f} s × ceil({notebooks}/{WORKERS}) = "
        f"{floor_notebooks:.1f} s notebooks + Sphinx no-op {floor_sphinx:.1f} s = {floor:.1f} s;"
        f" one Chromium print of the book {floor_print:.1f} s"
    )
    header = f"{'stage':22s}" + "".join(f"{name:>10s}" for name in runs)
    print(header)
    for stage in STAGES:
        cells = "".join(f"{runs[name][1].get(stage, 0.0):10.1f}" for name in runs)
        print(f"{stage:22s}{cells}")
    print(f"{'total':22s}" + "".join(f"{runs[name][0]:10.1f}" for name in runs))
    print(f"{'× floor':22s}" + "".join(f"{runs[name][0] / floor:9.1f}×" for name in runs))
    print(f"preview: a narrative edit visible in the browser after {preview:.1f} s")
    print(
        f"all {len(periods)} periods (HTML): together {together:.1f} s, one by one {one_by_one:.1f} s"
    )
    print(f"clean build's notebooks, CSVs and PDF identical to the cold build's: {identical}")
    targets = [
        (
            "clean build incl. PDF ≤ 2.5 × floor + one print",
            runs["clean"][0],
            2.5 * floor + floor_print,
        ),
        (
            "clean build's PDF stage ≤ 2 × one print",
            runs["clean"][1].get("PDF", 0.0),
            2.0 * floor_print,
        ),
        ("no-op ≤ 2 s", runs["no-op"][0], 2.0),
        ("narrative edit in the preview ≤ 3 s", preview, 3.0),
        ("full build after the edit ≤ 8 s", runs["edit"][0], 8.0),
        ("all periods together < one by one", together, one_by_one),
    ]
    failed = not identical
    for label, seconds, limit in targets:
        ok = seconds <= limit
        failed |= not ok
        print(f"  {label:50s} {seconds:6.1f} s  (limit {limit:5.1f} s)  {'ok' if ok else 'OVER'}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
