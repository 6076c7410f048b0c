"""`olcc-report preview` as a writer uses it: the book served on 127.0.0.1, a saved page shown
in the open browser without reloading by hand, an error page (as text) while the params are
broken, and the book back after the fix. Runs the command in a copy of the project."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import chromium

from olcc_report.book.pdf import CHROMIUM_ARGS

PERIOD = "2021-Q1"  # the smallest demo book: three notebooks
PAYLOAD = "<b>vet</b>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_served(url: str, server: subprocess.Popen, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the preview stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    pytest.fail(f"{url} was not served")


@pytest.mark.slow
def test_preview_shows_a_saved_page_and_the_reason_a_build_failed(project_copy: Path):
    from playwright.sync_api import sync_playwright

    browser = chromium()
    port = free_port()
    command = [str(Path(sys.executable).parent / "olcc-report"), "preview", "--period", PERIOD]
    command += ["--port", str(port), "--project", str(project_copy)]
    log = project_copy.parent / "preview.log"  # outside the watched project
    with log.open("w") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/verantwoording.html"
        wait_until_served(url, server)
        with sync_playwright() as p:
            chrome = p.chromium.launch(executable_path=browser, args=CHROMIUM_ARGS)
            view = chrome.new_page()
            view.goto(url)
            time.sleep(1.5)  # the live-reload connection opens
            page = project_copy / "book" / "verantwoording.md"
            sentence = "Deze zin kwam er tijdens het schrijven bij."
            page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", "utf-8")
            view.wait_for_function(
                f"() => document.body && document.body.innerText.includes({sentence!r})",
                timeout=120_000,
            )

            # broken params: the open page says why, the problem shown as text
            params = project_copy / "params" / f"{PERIOD}.yaml"
            good = params.read_text(encoding="utf-8")
            params.write_text(good + f"\n'onbekende_sleutel {PAYLOAD}': 1\n", "utf-8")
            view.wait_for_function(
                "() => document.body && document.body.innerText.includes('is niet gebouwd')",
                timeout=120_000,
            )
            text = view.inner_text("body")
            assert "onbekende_sleutel" in text and PAYLOAD in text, text
            assert view.locator("b").count() == 0  # the payload is not markup

            params.write_text(good, encoding="utf-8")
            view.wait_for_function(
                f"() => document.body && document.body.innerText.includes({sentence!r})",
                timeout=120_000,
            )
            chrome.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
    said = log.read_text(encoding="utf-8")
    assert "gewijzigd: verantwoording.md" in said and "klaar" in said, said
    # the rebuild after a page edit neither validated nor executed anything again
    after_edit = said.split("gewijzigd: verantwoording.md", 1)[1].split("klaar", 1)[0]
    assert "validating" not in after_edit and "executing" not in after_edit, after_edit
