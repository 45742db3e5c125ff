"""The built site in a real browser: search, the light/dark toggle and tag chips.

The frozen seed content (``tests/seed/content``) is built once (``seed_site``), served over HTTP on 127.0.0.1 by a
threaded ``http.server`` on a free port, and driven in headless Chromium (Debian's build at
``/usr/bin/chromium``) through Playwright. Material's search, palette toggle and instant
navigation are JavaScript: only a browser shows that they work on the generated pages.
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import SEED
from generator.build import ContentPaths, load_site
from generator.model import Paper

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000
# Words too common to make a search phrase distinctive (lunr drops some of them anyway).
COMMON = frozenset(
    [
        "about",
        "above",
        "after",
        "again",
        "against",
        "also",
        "among",
        "based",
        "between",
        "both",
        "could",
        "during",
        "each",
        "from",
        "have",
        "into",
        "large",
        "language",
        "learning",
        "model",
        "models",
        "more",
        "most",
        "other",
        "over",
        "such",
        "than",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "through",
        "using",
        "when",
        "where",
        "which",
        "while",
        "with",
        "within",
        "would",
    ]
)


def require_chromium() -> None:
    """Skip (fail on CI) when Debian's Chromium or Playwright is missing."""
    missing = None
    if not CHROMIUM.is_file():
        missing = f"{CHROMIUM} is missing; install Debian's Chromium with `apt-get install chromium` (Playwright's own browser download is not used)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = (
                "the Playwright package is missing; install the test extras with `python -m pip install -e '.[test]'`"
            )
    if missing and os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run on CI: {missing}")
    if missing:
        pytest.skip(f"browser tests skipped: {missing}")


@contextmanager
def chromium() -> Iterator:
    """Launch headless Chromium (``/usr/bin/chromium``) through Playwright; yield the browser."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serve_folder(folder: Path, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 (``port``, or a free one) in a thread; yield the
    base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), partial(Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``."""
    return text.split()


def plain(word: str) -> bool:
    """A word made of letters only, long enough and not common: a good search term."""
    return word.isascii() and word.isalpha() and len(word) >= 5 and word.lower() not in COMMON


def distinctive_phrase(papers: list[Paper]) -> tuple[Paper, str]:
    """Return the first paper (in slug order) whose abstract holds three consecutive plain words
    that no other paper's title or abstract contains, and those three words."""
    seen_in = Counter(w for p in papers for w in {w.lower() for w in words(f"{p.title} {p.abstract}")})
    for paper in papers:
        found = words(paper.abstract)
        for i in range(len(found) - 2):
            window = found[i : i + 3]
            if all(plain(w) and seen_in[w.lower()] == 1 for w in window):
                return paper, " ".join(window)
    raise AssertionError("expected a paper with three words no other paper uses, found none in the seed content")


@pytest.fixture(scope="module")
def site():
    """The seed content as the generator assembles it: where expected titles come from."""
    return load_site(ContentPaths(SEED.parent, SEED))


@pytest.fixture(scope="module")
def base_url(seed_site) -> Iterator[str]:
    with serve_folder(seed_site / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def heading(page) -> str:
    """The text of the page's H1, without the permalink sign."""
    return " ".join(page.locator("article h1").inner_text().replace("¶", "").split())


def test_palette_toggle_switches_between_light_and_dark(page, base_url):
    page.goto(base_url)
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.locator('label[title="Switch to dark mode"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light, f"the background stayed {light} after switching to dark mode"
    page.locator('label[title="Switch to light mode"]').click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'default'")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == light


def test_tag_chip_on_a_paper_page_leads_to_the_tag_page_listing_the_paper(page, base_url, site):
    paper = next(p for p in site.papers if len(p.tags) >= 2)
    name = paper.tags[-1]
    tag = next(t for t in site.tags if t.name == name)
    page.goto(f"{base_url}papers/{paper.slug}/")
    assert heading(page) == " ".join(paper.title.split())
    chips = page.locator("nav.md-tags a.md-tag")
    assert sorted(chips.all_inner_texts()) == sorted(paper.tags)  # Material orders chips by name
    chips.filter(has_text=re.compile(rf"^{re.escape(name)}$")).click()
    page.wait_for_url(re.compile(rf"/tags/{re.escape(tag.slug)}/$"))
    page.locator("article h1").wait_for()
    assert heading(page) == name
    listed = page.locator(f'article li a[href$="papers/{paper.slug}/"]')
    assert listed.count() == 1
    assert " ".join(listed.inner_text().split()) == " ".join(paper.title.split())


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390)])
def test_list_pages_of_the_time_axis_fit_the_screen(browser, base_url, site, scheme, width, tmp_path):
    """Home, a tag page, a digest page and the archive at desktop width in both schemes and at
    390 px: a dated heading, no horizontal scrolling. Screenshots are saved in the test's
    temporary folder for a person to look at (``--basetemp`` keeps them)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    tag = max(site.tags, key=lambda t: sum(1 for p in site.papers if t.name in p.tags))
    pages = {
        "home": "",
        "tag": f"tags/{tag.slug}/",
        "digest": f"digests/{site.digests[-1].slug}/",
        "archive": "archive/",
    }
    try:
        for name, path in pages.items():
            page.goto(base_url + path)
            page.screenshot(path=str(tmp_path / f"{name}-{scheme}-{width}.png"))
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, overflow)
        page.goto(base_url + pages["digest"])
        assert site.digests[-1].label == heading(page)
    finally:
        context.close()
