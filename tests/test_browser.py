"""The built book in a real browser: Debian's chromium driven by playwright (never
`playwright install`). Every page: every chart drawn, no console errors, no request to any host
but the local server, and no serious or critical accessibility violation (axe-core, pinned in
package-lock.json and loaded from node_modules, its version asserted). And what a reader does:
the chapter menu and the page contents open by touch at phone width and close with Escape, the
menu hides and shows the sidebar on a laptop, the period switcher goes to the same page.
In CI these tests must run: .ci/run installs chromium, and a missing browser fails them."""

import functools
import http.server
import json
import os
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import ROOT, chromium

from olcc_report.book.accessibility import AXE_CORE, SCREEN_WIDTHS
from olcc_report.book.pdf import CHROMIUM_ARGS

# Harmless and not ours: Jupyter Book 1 registers the THEBE url twice on every page.
KNOWN_CONSOLE_ERRORS = ("THEBE_JS_URL",)


@pytest.fixture(scope="module")
def site(demo_books):
    """Every demo book, served from its build folder on 127.0.0.1."""
    project, books = demo_books
    root = project.root / "_build"

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, books, f"http://127.0.0.1:{server.server_address[1]}/"
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


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_AT_LEAST = (4, 14)  # the release the accessibility issue named


@pytest.fixture(scope="module")
def axe() -> str:
    """axe-core's script as package-lock.json pins it (``make install`` runs ``npm ci``)."""
    if not AXE.is_file():
        message = f"{AXE.relative_to(ROOT)} is missing: run `make install` (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def locked_axe_version() -> str:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/axe-core"]["version"]


def run_axe(page, script: str) -> list[dict]:
    """axe-core's violations on the drawn page, with its default rules. The version in the
    page is the pinned one, and at least the release the issue named."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=script)
    version = page.evaluate("window.axe.version")
    assert version == locked_axe_version() == AXE_CORE, version
    assert tuple(int(x) for x in version.split(".")[:2]) >= AXE_AT_LEAST, version
    # preload off: axe would fetch @import-ed stylesheets relative to the page.
    return page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations'], preload: false}))"
        ".violations"
    )


def pages(html: Path) -> list[str]:
    """Every page of the book (index.html is Jupyter Book's redirect to intro.html)."""
    skip = ("genindex.html", "search.html", "index.html")
    return sorted(p.name for p in html.glob("*.html") if p.name not in skip)


WIDTHS = SCREEN_WIDTHS  # a government laptop and a phone (the statement page quotes them)

# The theme's English interface strings (and vega's), as a reader would meet them in a page's
# text or in an accessible name.
ENGLISH = re.compile(
    r"\b(Skip to main content|Back to top|Search this book|Search\b|Color mode|Light\b|Dark\b|"
    r"System\b|Toggle|Link to this heading|Vega visualization|visualization|Page\b|"
    r"Contents\b|On this page|Previous|Next\b|Download this page|Print to PDF|Fullscreen|"
    r"Edit this page|Source repository|Open an issue)"
)

# After drawing: every chart within its column and the viewport, still an image named by its
# Dutch text alternative; what vega draws stays hidden from assistive technology.
CHARTS = """() => Array.from(document.querySelectorAll('.olcc-chart')).map(c => {
  const box = c.getBoundingClientRect();
  const marks = Array.from(c.querySelectorAll('svg text, svg path, svg rect, svg line, svg circle'))
    .map(e => e.getBoundingClientRect()).filter(r => r.width || r.height);
  const right = marks.length ? Math.max(...marks.map(r => r.right)) : box.right;
  // words drawn over other words (a label under a title, two names on one spot), each word
  // as the turned box it is drawn in; boxes that touch by up to 3 px (line spacing) do not count
  const boxes = Array.from(c.querySelectorAll('svg text')).filter(t => t.textContent.trim())
    .map(t => {
      const b = t.getBBox(), m = t.getScreenCTM();
      const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height],
                       [b.x, b.y + b.height]];
      return [t.textContent.trim(), corners.map(([x, y]) => [m.a * x + m.c * y + m.e,
                                                            m.b * x + m.d * y + m.f])];
    }).filter(([, q]) => q[0][0] !== q[2][0]);
  const apart = (P, Q) => [P, Q].some(poly => poly.some(([x1, y1], i) => {
    const [x2, y2] = poly[(i + 1) % 4];
    const length = Math.hypot(y2 - y1, x1 - x2) || 1;
    const along = R => R.map(([x, y]) => (x * (y2 - y1) + y * (x1 - x2)) / length);
    const a = along(P), b = along(Q);
    return Math.max(...a) - 3 <= Math.min(...b) || Math.max(...b) - 3 <= Math.min(...a);
  }));
  const overlaps = [];
  boxes.forEach(([a, P], i) => boxes.slice(i + 1).forEach(([b, Q]) => {
    if (!apart(P, Q)) overlaps.push(`${a} / ${b}`);
  }));
  return {id: c.id, role: c.getAttribute('role'), name: c.getAttribute('aria-label') || '',
          overlaps: overlaps,
          hidden: Array.from(c.querySelectorAll('.olcc-chart-drawing'))
            .every(d => d.getAttribute('aria-hidden') === 'true'),
          drawn: Array.from(c.querySelectorAll('.olcc-chart-drawing'))
            .map(d => d.getAttribute('aria-label') || ''),
          box: box.right, right: right, viewport: window.innerWidth};
})"""

# What a reader meets as words: the text (also visually hidden text), and the accessible names,
# titles, placeholders and role descriptions of every element.
WORDS = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('script, style, noscript').forEach(e => e.remove());
  const out = [clone.textContent];
  document.querySelectorAll('[aria-label], [title], [placeholder], [aria-roledescription], [alt]')
    .forEach(e => ['aria-label', 'title', 'placeholder', 'aria-roledescription', 'alt']
      .forEach(a => { if (e.hasAttribute(a)) out.push(e.getAttribute(a)); }));
  return out.join('\\n');
}"""

# Every internet address in a page that is not a link a reader follows on purpose.
# Every address of another host in a page (the page's own, as vega writes a gradient's
# url(#id) out in full, is not one), except in a link a reader follows on purpose.
EXTERNAL = """() => {
  const found = [];
  const other = text => (text.match(/https?:\\/\\/[^\\s"')]*/g) || [])
    .filter(u => { try { return new URL(u).host !== location.host; } catch (x) { return true; } });
  document.querySelectorAll('*').forEach(e => {
    for (const a of e.attributes) {
      const namespace = a.name === 'xmlns' || a.name.startsWith('xmlns:');  // never fetched
      if (!namespace && !(e.tagName === 'A' && a.name === 'href')) {
        other(a.value).forEach(u => found.push(`${e.tagName.toLowerCase()} ${a.name}=${u}`));
      }
    }
    if (e.tagName === 'SCRIPT') {
      other(e.textContent).forEach(u => found.push(`script: ${u}`));
    }
  });
  return found;
}"""

LINKS = """() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"""


def every_page(root: Path, books: dict[str, Path]) -> list[tuple[str, str]]:
    """(period, the page's address under the site root) of every page of every book: the
    national ones and the regional ones beside them."""
    out = []
    for period, index in books.items():
        for html in [index.parent, *sorted((root / period / "regio").glob("*/html"))]:
            folder = html.relative_to(root).as_posix()
            out += [(period, f"{folder}/{name}") for name in pages(html)]
    return out


def dead_links(root: Path, base: str, links: dict[str, set[str]]) -> list[str]:
    """Internal links (to the served books) whose page or anchor does not exist."""
    dead, texts = [], {}
    for target, sources in sorted(links.items()):
        if not target.startswith(base):
            continue
        address = urlparse(target)
        path = root / unquote(address.path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            dead.append(f"{target} (from {sorted(sources)[:2]})")
            continue
        if address.fragment and path.suffix == ".html":
            if path not in texts:
                texts[path] = path.read_text(encoding="utf-8")
            if f'id="{address.fragment}"' not in texts[path]:
                dead.append(f"{target}: no anchor (from {sorted(sources)[:2]})")
    return dead


def look_at(page, where: str, axe: str) -> list[str]:
    """What is wrong with the drawn page: its charts, words, addresses and axe's verdict."""
    problems = []
    for chart in page.evaluate(CHARTS):
        if chart["right"] > chart["box"] + 1 or chart["box"] > chart["viewport"]:
            problems.append(
                f"{where}: chart {chart['id']} is {chart['right']:.0f} px wide "
                f"in a column ending at {chart['box']:.0f} px"
            )
        if chart["overlaps"]:
            problems.append(
                f"{where}: chart {chart['id']} draws text over text {chart['overlaps'][:3]}"
            )
        named = ": " in chart["name"] and not ENGLISH.search(chart["name"])
        if chart["role"] != "img" or not named or not chart["hidden"]:
            problems.append(f"{where}: chart {chart['id']} is not a named image {chart}")
        if any(d != chart["name"] for d in chart["drawn"]):
            problems.append(f"{where}: chart {chart['id']} drawn with another name")
    english = sorted(set(ENGLISH.findall(page.evaluate(WORDS))))
    if english:
        problems.append(f"{where}: English interface text {english}")
    external = page.evaluate(EXTERNAL)
    if external:
        problems.append(f"{where}: internet addresses {external[:3]}")
    for v in run_axe(page, axe):
        if v["impact"] in ("serious", "critical"):
            problems.append(
                f"{where}: {v['id']} ({v['impact']}): {v['help']} — "
                f"{[n['target'] for n in v['nodes'][:3]]}"
            )
    return problems


def test_every_page_of_every_period_at_every_width(site, browser, axe):
    """Every page of every demo period, on a laptop and a phone: no serious or critical axe
    violation, every chart drawn within its column and named in Dutch, no English interface
    string, no internet address but a link, no console error, no request to another host, and
    no dead internal link."""
    root, books, base = site
    problems: list[str] = []
    links: dict[str, set[str]] = {}
    names = every_page(root, books)
    assert len(names) >= 60
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors, foreign = [], []
        page.on("console", lambda m, e=errors: e.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda x, e=errors: e.append(str(x)))
        page.on(
            "response",
            lambda r, e=errors: e.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.on(
            "request",
            lambda r, f=foreign: (
                f.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", None)
                and not r.url.startswith("data:")
                else None
            ),
        )
        for _period, name in names:
            where = f"{name} at {width} px"
            errors.clear()
            foreign.clear()
            page.goto(f"{base}{name}", wait_until="load")
            if page.locator(".olcc-chart").count():
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.olcc-chart-drawing'))"
                    ".every(c => c.querySelector('svg'))",
                    timeout=20_000,
                )
            assert page.evaluate("document.documentElement.lang") == "nl", where
            problems += look_at(page, where, axe)
            for link in page.evaluate(LINKS):
                links.setdefault(link.split("?")[0], set()).add(name)
            shown = [e for e in errors if not any(k in e for k in KNOWN_CONSOLE_ERRORS)]
            if shown:
                problems.append(f"{where}: console errors {shown}")
            if foreign:
                problems.append(f"{where}: requests to other hosts {foreign}")
        page.close()
    problems += [f"dead link {d}" for d in dead_links(root, base, links)]
    assert not problems, "\n".join(problems)


def test_period_switcher_points_at_the_same_page(site, browser):
    _, _, base = site
    page = browser.new_page()
    page.goto(base + "2020/html/trauma.html")
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
    nav.get_by_role("link", name="2019").click()
    page.wait_for_url("**/2019/html/trauma.html")
    assert page.locator("nav.olcc-periods [aria-current=page]").inner_text() == "2019"
    page.close()


def test_the_region_switcher_reaches_every_book_of_the_period(site, browser):
    """From the national book to each regional book and back, on the same page where the other
    book has it; the site index lists every book."""
    root, _, base = site
    page = browser.new_page()
    page.goto(base + "index.html")
    regional = page.get_by_role("list", name="Regionale boeken").get_by_role("link")
    assert regional.all_inner_texts() == [
        "Twente",
        "Utrecht Stad",
        "Zuidoost-Brabant",
        "Noord-Nederland",
    ]
    regional.first.click()
    page.wait_for_url("**/2023-Q1/regio/JZ14/html/intro.html")
    page.goto(base + "2023-Q1/regio/JZ14/html/regio.html")
    regions = page.get_by_role("navigation", name="Hetzelfde boek voor een andere regio")
    assert regions.locator("[aria-current=page]").inner_text() == "Twente"
    regions.get_by_role("link", name="Noord-Nederland").click()
    page.wait_for_url("**/2023-Q1/regio/noord/html/regio.html")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Cijfers van de regio")
    regions = page.get_by_role("navigation", name="Hetzelfde boek voor een andere regio")
    regions.get_by_role("link", name="Landelijk").click()  # no such page: its front page
    page.wait_for_url("**/2023-Q1/html/intro.html")
    regions = page.get_by_role("navigation", name="Hetzelfde boek voor een andere regio")
    assert regions.locator("[aria-current=page]").inner_text() == "Landelijk"
    assert len(regions.get_by_role("link").all()) == 4
    # from a regional book to another period without regional books: its national book
    page.goto(base + "2023-Q1/regio/JZ22/html/regio.html")
    page.get_by_role("navigation", name="Dezelfde pagina in een andere periode").get_by_role(
        "link", name="2022-Q1"
    ).click()
    page.wait_for_url("**/2022-Q1/html/intro.html")
    page.close()


def test_the_menu_opens_by_touch_on_a_phone_and_leads_to_a_chapter(site, browser):
    """At 390 px: tapping ☰ shows the chapter list inside the viewport, a chapter in it is
    reached by a tap; Escape closes the menu and gives the focus back to ☰."""
    _, _, base = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(base + "2020/html/intro.html")
    menu = page.locator("#pst-primary-sidebar-modal")
    assert not menu.evaluate("d => d.open")
    page.get_by_role("button", name="Menu tonen of verbergen").tap()
    assert menu.evaluate("d => d.open")
    chapters = menu.get_by_role("navigation", name="Hoofdstukken")
    assert chapters.is_visible()
    box = chapters.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    link = chapters.get_by_role("link", name="Stille vragen").first
    assert link.is_visible()
    link.tap()
    page.wait_for_url("**/stille_vragen*.html")
    assert "Stille vragen" in page.locator("h1").first.inner_text()
    toggle = page.get_by_role("button", name="Menu tonen of verbergen")
    toggle.tap()
    assert menu.evaluate("d => d.open")
    page.keyboard.press("Escape")
    assert not menu.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('primary-toggle')")
    context.close()


def test_the_page_contents_open_by_touch_on_a_phone(site, browser):
    _, _, base = site
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(base + "2020/html/rode_draden.html")
    contents = page.locator("#pst-secondary-sidebar-modal")
    toggle = page.get_by_role("button", name="Inhoud van deze pagina tonen of verbergen")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.tap()
    assert contents.evaluate("d => d.open")
    assert toggle.get_attribute("aria-expanded") == "true"
    links = contents.locator("nav a")
    assert links.count() >= 2
    first = links.first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    page.keyboard.press("Escape")
    assert not contents.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('secondary-toggle')")
    assert toggle.get_attribute("aria-expanded") == "false"
    context.close()


def test_the_menu_hides_and_shows_the_sidebar_on_a_laptop(site, browser):
    _, _, base = site
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(base + "2020/html/intro.html")
    chapters = page.get_by_role("navigation", name="Hoofdstukken")
    toggle = page.get_by_role("button", name="Menu tonen of verbergen")
    assert chapters.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    expect_hidden = "n => getComputedStyle(n.closest('.bd-sidebar-primary')).visibility"
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.bd-sidebar-primary')).visibility"
        " === 'hidden'"
    )
    assert not chapters.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.bd-sidebar-primary')).visibility"
        " === 'visible'"
    )
    assert chapters.evaluate(expect_hidden) == "visible"
    assert chapters.is_visible()
    page.close()


def test_a_wide_table_keeps_its_row_labels_in_view_on_a_phone(site, browser):
    """At 390 px a table wider than the screen scrolls sideways under its first column: after
    scrolling to its last column, the row labels are still where the table starts."""
    _, _, base = site
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(base + "2020/html/stille_vragen.html")
    wrapper = page.locator(".olcc-table-wrapper").filter(has=page.locator("#tabel-stille-vragen"))
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth + 1")
    label = wrapper.locator("tbody th[scope=row]").first
    before = label.bounding_box()
    wrapper.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    page.wait_for_function(
        "() => document.querySelector('#tabel-stille-vragen').parentElement.scrollLeft > 0"
    )
    after = label.bounding_box()
    assert abs(after["x"] - before["x"]) < 1, (before, after)
    last = wrapper.locator("tbody tr").first.locator("td").last.bounding_box()
    assert last["x"] + last["width"] <= 390 + 1  # the last column came into view
    assert last["x"] >= after["x"] + after["width"] - 1  # beside the labels, not under them
    page.close()
