"""The built book in a real browser: Debian's chromium driven by playwright (never
`playwright install`). Every page: every chart drawn, no console errors, no request to any host
but the local server, and no serious or critical accessibility violation (axe-core).
In CI these tests must run: .ci/run installs chromium, and a missing browser fails them."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT

from olcc_report.book.pdf import CHROMIUM_ARGS
from olcc_report.pipeline.build import Project, build_period

# Harmless and not ours: Jupyter Book 1 registers the THEBE url twice on every page.
KNOWN_CONSOLE_ERRORS = ("THEBE_JS_URL",)


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is required in CI (.ci/run installs the Debian package)")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = Project(ROOT).copy_inputs(tmp_path_factory.mktemp("browser") / "project")
    index = build_period(project, "2020")
    root = project.root / "_build"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield index.parent, f"http://127.0.0.1:{server.server_address[1]}/2020/html/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=path,
            args=CHROMIUM_ARGS,
        )
        yield b
        b.close()


def pages(html: Path) -> list[str]:
    """Every page of the book (index.html is Jupyter Book's redirect to intro.html)."""
    skip = ("genindex.html", "search.html", "index.html")
    return sorted(p.name for p in html.glob("*.html") if p.name not in skip)


def test_every_page_renders_offline_and_is_accessible(site, browser):
    from axe_playwright_python.sync_playwright import Axe

    html, base = site
    axe = Axe()
    problems = []
    names = pages(html)
    assert len(names) >= 15
    for name in names:
        page = browser.new_page()
        errors, foreign = [], []
        page.on(
            "console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None
        )
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.on(
            "response",
            lambda r, errors=errors: (
                errors.append(f"{r.status} {r.url} from {r.request.headers.get('referer')}")
                if r.status >= 400
                else None
            ),
        )
        page.on(
            "request",
            lambda r, foreign=foreign: (
                foreign.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", None)
                and not r.url.startswith("data:")
                else None
            ),
        )
        page.goto(base + name, wait_until="load")
        charts = page.locator(".olcc-chart").count()
        if charts:
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('.olcc-chart'))"
                ".every(c => c.querySelector('svg, canvas'))",
                timeout=20_000,
            )
        assert page.evaluate("document.documentElement.lang") == "nl", name
        # preload off: axe would fetch @import-ed stylesheets relative to the page, not the sheet.
        results = axe.run(page, options={"resultTypes": ["violations"], "preload": False})
        serious = [
            v for v in results.response["violations"] if v["impact"] in ("serious", "critical")
        ]
        for v in serious:
            problems.append(
                f"{name}: {v['id']} ({v['impact']}): {v['help']} — "
                f"{[n['target'] for n in v['nodes'][:3]]}"
            )
        errors = [e for e in errors if not any(k in e for k in KNOWN_CONSOLE_ERRORS)]
        if errors:
            problems.append(f"{name}: console errors {errors}")
        if foreign:
            problems.append(f"{name}: requests to other hosts {foreign}")
        page.close()
    assert not problems, "\n".join(problems)


def test_period_switcher_points_at_the_same_page(site, browser):
    html, base = site
    page = browser.new_page()
    page.goto(base + "trauma.html")
    nav = page.locator("nav.olcc-periods")
    assert nav.locator("[aria-current=page]").inner_text() == "2020"
    assert (
        nav.get_by_role("link", name="2019").get_attribute("href") == "../../2019/html/trauma.html"
    )
    # the quarter has no trauma chapter: its link goes to its front page
    assert (
        nav.get_by_role("link", name="2021-Q1").get_attribute("href")
        == "../../2021-Q1/html/intro.html"
    )
    page.close()
