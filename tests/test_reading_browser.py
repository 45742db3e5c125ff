"""The paper pages' reader features in a real browser (issue 13): starring and marking read,
kept across pages, reloads and Material's instant navigation; the My list page and its BibTeX
export; math typeset as MathML at build time; screenshots in light, dark and at phone width.

The fixture content ``tests/reading/content`` (five papers, one with ``$...$`` in its title and
abstract and a price in prose) is built once with the real MkDocs, served on 127.0.0.1 and driven
in headless Chromium (``test_browser.chromium``). Screenshots go to a temporary folder, or to
``$READING_SCREENSHOTS`` when set, to look at.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote_plus, urlsplit

import pytest
from test_browser import TIMEOUT_MS, chromium, serve_folder

from conftest import ROOT, SEED, build_site
from generator.bibtex import bibtex_entry
from generator.build import ContentPaths, load_site
from generator.curation import curation_edit_url
from generator.model import Paper, Site

pytestmark = pytest.mark.browser

CONTENT = ROOT / "tests" / "reading" / "content"
PLAN = "agents-that-plan-tree-search-for-web-agents"
BENCH = "p-bench-evaluating-agents-on-long-horizon-tasks-1bbf2560"
COOKING = "cooking-recipes-for-robots"
EMERGENT = "emergent-abilities-of-agents"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# mkdocs.yml's repo_url, as the build reads it.
REPO_URL = os.environ.get("REPO_URL", "https://github.com/ml-reading-list/ml-reading-list")


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(ContentPaths(ROOT, CONTENT))


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    """The fixture content (with the seed's hand-written pages) built strictly for the address it
    is served at (Material's instant navigation only follows links under ``site_url``)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    content = Path(tmp_path_factory.mktemp("reading")) / "content"
    shutil.copytree(CONTENT, content)
    shutil.copytree(SEED / "pages", content / "pages")
    out = content.parent / "out"
    result = build_site(content, out, extra_env={"SITE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(out / "site", port) as served:
        assert served == url
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


# What Material's theme asks of the web on its own: web fonts and the repository's facts.
THEME_HOSTS = ("https://fonts.googleapis.com/", "https://fonts.gstatic.com/", "https://api.github.com/repos/")


@pytest.fixture
def context(browser):
    """A browser context that is offline but for the served site: every other request is
    refused and recorded, and the test fails if one was not the theme's own."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light", accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []

    def offline(route) -> None:
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    yield context
    context.close()
    assert [url for url in refused if not url.startswith(THEME_HOSTS)] == []


@pytest.fixture
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    yield page
    assert errors == [], f"JavaScript errors on the page: {errors}"


def paper(site: Site, slug: str) -> Paper:
    return next(p for p in site.papers if p.slug == slug)


def star_of(page, slug: str):
    return page.locator(f'span.rl-actions[data-rl-slug="{slug}"] button.rl-star').first


def read_of(page, slug: str):
    return page.locator(f'span.rl-actions[data-rl-slug="{slug}"] button.rl-read').first


def pressed(button) -> bool:
    return button.get_attribute("aria-pressed") == "true"


def test_a_star_persists_across_reloads_and_pages(page, base_url):
    page.goto(f"{base_url}papers/{PLAN}/")
    star = star_of(page, PLAN)
    assert star.inner_text() == "☆ Star" and not pressed(star)
    star.click()
    assert pressed(star) and star.inner_text() == "★ Starred"
    page.reload()
    assert pressed(star_of(page, PLAN))
    # A click to another page (instant navigation is off: each page loads) shows it too.
    page.locator("nav.md-tags a.md-tag", has_text=re.compile(r"^Agents$")).click()
    page.wait_for_url(re.compile(r"/tags/agents/$"))
    page.locator("article h1", has_text="Agents").wait_for()
    assert pressed(star_of(page, PLAN))
    assert not pressed(star_of(page, EMERGENT))
    # A fresh page in the same browser sees it too.
    other = page.context.new_page()
    other.goto(f"{base_url}tags/agents/")
    assert pressed(star_of(other, PLAN))
    other.close()


def test_a_paper_starred_in_a_list_is_the_one_its_page_names(page, base_url, site):
    """List items carry no slug or title: the script takes them from the item's link, the title
    with its math as TeX ($π$-Bench has math, typeset)."""
    page.goto(f"{base_url}tags/agents/")
    assert page.locator(f'article li a[href$="/papers/{BENCH}/"] span.math math').count() == 1
    star_of(page, BENCH).click()
    page.goto(f"{base_url}papers/{BENCH}/")
    assert pressed(star_of(page, BENCH))
    page.goto(f"{base_url}my-list/")
    starred = page.locator("div.rl-my-list ul.rl-starred > li a").first
    assert starred.inner_text() == paper(site, BENCH).title
    assert starred.get_attribute("href") == f"{base_url}papers/{BENCH}/"


def test_read_papers_are_dimmed_in_lists_and_stay_read(page, base_url):
    page.goto(f"{base_url}tags/agents/")
    item = page.locator("article li", has=page.locator(f'span.rl-actions[data-rl-slug="{EMERGENT}"]'))
    assert item.evaluate("e => getComputedStyle(e).opacity") == "1"
    read_of(page, EMERGENT).click()
    assert pressed(read_of(page, EMERGENT)) and "rl-is-read" in item.get_attribute("class")
    assert float(item.evaluate("e => getComputedStyle(e).opacity")) < 1
    page.goto(f"{base_url}papers/{EMERGENT}/")
    assert pressed(read_of(page, EMERGENT)) and read_of(page, EMERGENT).inner_text() == "✓ Read"


VISITS = "reading-list:visits:v1"


def remember_visit(page, seen: str, hours_ago: float, shown: str | None = None) -> None:
    """Store the state of visits: earlier visits showed digests up to the day ``seen``, the last
    one up to ``shown`` (``seen`` when not given), ``hours_ago`` hours ago."""
    state = {"seen": seen, "shown": shown or seen, "at": 0}
    page.evaluate(
        "([key, state, ago]) => localStorage.setItem(key, JSON.stringify({...state, at: Date.now() - ago}))",
        [VISITS, state, hours_ago * 3600 * 1000],
    )


@pytest.fixture(scope="module")
def seed_url(tmp_path_factory) -> Iterator[str]:
    """The seed content (digests of five different days) built and served."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("seed-served")
    result = build_site(SEED, out, extra_env={"SITE_URL": url})
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_folder(out / "site", port) as served:
        assert served == url
        yield url


def test_digests_listed_since_the_last_visit_are_new_to_you(page, seed_url):
    base_url = seed_url
    page.goto(f"{base_url}digests/")
    days = page.locator("li[data-rl-day]").evaluate_all("items => items.map(i => i.dataset.rlDay)")
    assert len(set(days)) == 5 and page.locator(".rl-new-to-you").count() == 0  # a first visit marks nothing
    marked = "li[data-rl-day]:has(.rl-new-to-you)"

    def new_to_you() -> list[str]:
        return page.locator(marked).evaluate_all("items => items.map(i => i.dataset.rlDay)")

    middle = sorted(days)[len(days) // 2]
    remember_visit(page, middle, hours_ago=2)
    page.reload()
    assert new_to_you() == [day for day in days if day > middle]
    if new_to_you():
        assert page.locator(marked).first.inner_text().startswith("New to you ")  # first in its item
    # The last visit, two hours ago, showed more than the ones before: it counts as seen now.
    remember_visit(page, min(days), hours_ago=2, shown=middle)
    page.reload()
    assert new_to_you() == [day for day in days if day > middle]
    remember_visit(page, min(days), hours_ago=0.5, shown=middle)  # the same visit: from the oldest on
    page.reload()
    assert new_to_you() == [day for day in days if day > min(days)]
    remember_visit(page, "2000-01-01", hours_ago=2)
    page.goto(base_url)
    assert page.locator("h2#new .rl-new-to-you").inner_text() == "New to you"
    page.goto(f"{base_url}digests/")  # the same visit: the marks stay
    assert page.locator("li[data-rl-day] .rl-new-to-you").count() == len(days)
    page.evaluate(
        "key => { const s = JSON.parse(localStorage.getItem(key)); s.at -= 2 * 3600 * 1000; localStorage.setItem(key, JSON.stringify(s)); }",
        VISITS,
    )
    page.reload()  # an hour and more later: a new visit, which has seen them all
    assert page.locator(".rl-new-to-you").count() == 0


def test_my_list_shows_starred_papers_and_exports_the_same_bibtex_as_the_pages(page, base_url, site):
    page.goto(f"{base_url}my-list/")
    page.locator("div.rl-my-list p.rl-empty", has_text="No starred papers yet").wait_for()
    for slug in (COOKING, BENCH):  # starred in this order: the list shows the newest first
        page.goto(f"{base_url}papers/{slug}/")
        star_of(page, slug).click()
        page.wait_for_timeout(20)
    page.locator("nav a", has_text="My list").first.click()
    page.wait_for_url(re.compile(r"/my-list/$"))
    listed = page.locator("div.rl-my-list ul.rl-starred > li")
    listed.first.wait_for()
    assert listed.count() == 2
    assert listed.nth(0).locator("a").first.inner_text() == paper(site, BENCH).title
    assert listed.nth(1).locator("a").first.get_attribute("href") == f"{base_url}papers/{COOKING}/"
    with page.expect_download() as waited:
        page.locator("button.rl-export-bibtex").click()
    download = waited.value
    assert download.suggested_filename == "reading-list.bib"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text == bibtex_entry(paper(site, BENCH)) + "\n\n" + bibtex_entry(paper(site, COOKING)) + "\n"
    assert "eprint = {2307.13854}" in text  # the curated arXiv id makes a complete entry
    with page.expect_download() as waited:
        page.locator("button.rl-export-links").click()
    links = Path(waited.value.path()).read_text(encoding="utf-8")
    assert links == (
        f"{paper(site, BENCH).title}\n{base_url}papers/{BENCH}/\n\n"
        f"{paper(site, COOKING).title}\n{base_url}papers/{COOKING}/\n"
    )
    star_of(page, BENCH).click()  # unstarring on My list takes the paper off it
    assert page.locator("div.rl-my-list ul.rl-starred > li").count() == 1


LOOKUPS = (
    ("arXiv", "https://arxiv.org/search/?searchtype=title&query="),
    ("Semantic Scholar", "https://www.semanticscholar.org/search?q="),
    ("Google Scholar", "https://scholar.google.com/scholar?q="),
    ("Hugging Face", "https://huggingface.co/papers?q="),
)


def test_each_paper_page_shows_its_bibtex_and_look_up_links_built_from_its_hook(page, base_url, site):
    for p in site.papers:  # math and a curated arXiv id among them
        page.goto(f"{base_url}papers/{p.slug}/")
        box = page.locator("div.rl-cite")
        box.locator("details.quote > summary").click()
        assert box.locator("pre code").inner_text() == bibtex_entry(p)
        links = box.locator("p a").evaluate_all("links => links.map(a => [a.textContent, a.href])")
        assert links == [[name, address + quote_plus(p.title)] for name, address in LOOKUPS]
        assert box.locator("p").inner_text().startswith("Look it up: arXiv · ")


def test_the_edit_action_of_an_uncurated_paper_carries_a_curation_template(page, base_url, site):
    """The script makes the edit action: the address ``curation_edit_url`` gives (with the
    curation template for the new-file form), first in the article, with Material's icon."""
    edit = page.locator('article.md-content__inner > a.md-content__button[rel="edit"]:first-child')
    page.goto(f"{base_url}papers/{BENCH}/")
    expected = curation_edit_url(REPO_URL, "main", "content/curation", paper(site, BENCH))
    address = edit.get_attribute("href").split("&value=")[0]
    assert address == expected and edit.get_attribute("title") == "Edit this page"
    template = parse_qs(urlsplit(edit.get_attribute("href")).query)["value"][0]
    assert template.startswith(f"# Curation of: {paper(site, BENCH).title}\n# Optional fields (CONTRIBUTING.md):\n")
    assert template.endswith("\n# code_status: released  # or promised, or none\n")
    box = edit.locator("svg").bounding_box()
    assert box and box["width"] > 10 and box["height"] > 10  # the icon is drawn
    page.goto(f"{base_url}papers/{PLAN}/")  # curated: GitHub's editor for its file, as it is
    assert paper(site, PLAN).curated
    assert edit.get_attribute("href") == curation_edit_url(REPO_URL, "main", "content/curation", paper(site, PLAN))
    assert edit.count() == 1


def test_list_pages_ask_for_nothing_the_site_lacks(page, base_url):
    """Material asks for sitemap.xml beside each feed link of a page (its alternates): each
    feed folder has one, so no request of a list page is answered with the 404 page."""
    requested, failed = [], []
    page.on("response", lambda r: (requested.append(r.url), r.status >= 400 and failed.append((r.status, r.url))))
    for path in ("", "tags/agents/"):
        page.goto(f"{base_url}{path}")
        page.wait_for_load_state("networkidle")
    assert f"{base_url}feeds/tags/agents/sitemap.xml" in requested and f"{base_url}feeds/sitemap.xml" in requested
    assert failed == []


def test_math_is_laid_out_as_mathml_and_a_price_stays_text(page, base_url, site):
    page.goto(f"{base_url}papers/{BENCH}/")
    title_math = page.locator("article h1 span.math")
    assert title_math.get_attribute("title") == "$π$" and title_math.locator("math").count() == 1
    abstract = page.locator("article h1 ~ p").first
    math = abstract.locator("span.math")
    assert math.count() == 1 and math.get_attribute("title") == "$\\mathcal{O}(n)$"
    assert "a run costs $0.60 to $1.20 per task" in abstract.inner_text()
    # laid out by the browser as math: a MathML element box with the script letter 𝒪, in the
    # paragraph's own colour
    shown = page.evaluate(
        """() => {
          const math = document.querySelector("article h1 ~ p span.math math");
          const box = math.getBoundingClientRect();
          return {ns: math.namespaceURI, text: math.textContent, width: box.width, height: box.height,
                  color: getComputedStyle(math).color, paragraph: getComputedStyle(math.closest("p")).color};
        }"""
    )
    assert shown["ns"] == "http://www.w3.org/1998/Math/MathML" and shown["text"] == "𝒪(n)"
    assert shown["width"] > 10 and shown["height"] > 5 and shown["color"] == shown["paragraph"]
    page.goto(f"{base_url}papers/{EMERGENT}/")
    assert page.locator("article span.math[title] math").count() >= 1
    # a page with math asks for the same files as a page without, the page itself left out
    assert files_fetched(page.context.browser, f"{base_url}papers/{BENCH}/") == files_fetched(
        page.context.browser, f"{base_url}papers/{PLAN}/"
    )


def test_a_long_formula_scrolls_in_its_paragraph_at_phone_width(browser, base_url):
    """MathML does not break a formula across lines: at 390 px one wider than the screen
    scrolls inside its paragraph instead of widening the page."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(f"{base_url}papers/{BENCH}/")
    widths = page.evaluate(
        """() => {
          const row = document.querySelector("article h1 ~ p span.math math mrow");
          for (let i = 0; i < 5; i++) row.append(...[...row.children].map((c) => c.cloneNode(true)));
          const p = row.closest("p");
          return {math: row.getBoundingClientRect().width, paragraph: p.clientWidth,
                  overflow: getComputedStyle(p).overflowX,
                  page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
        }"""
    )
    context.close()
    assert widths["math"] > 2 * widths["paragraph"]  # the formula is wider than the screen
    assert widths["overflow"] == "auto" and widths["page"] <= 0


def files_fetched(browser, address: str) -> set[str]:
    """The paths of the files an empty-cache visit to the page at ``address`` fetches, the page's
    own address left out."""
    context = browser.new_context()
    page = context.new_page()
    paths: set[str] = set()
    page.on("request", lambda request: paths.add(urlsplit(request.url).path))
    page.goto(address)
    page.wait_for_load_state("networkidle")
    context.close()
    return paths - {urlsplit(address).path}


def test_without_javascript_math_still_shows(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}papers/{BENCH}/")
    assert page.locator("article h1 span.math math").text_content() == "π"
    assert page.locator("article h1 ~ p span.math math").first.text_content() == "𝒪(n)"
    context.close()


SHOTS = [
    ("light", {"width": 1280, "height": 1000}, "light"),
    ("dark", {"width": 1280, "height": 1000}, "dark"),
    ("phone", {"width": 390, "height": 844}, "light"),
]


@pytest.mark.parametrize(("name", "viewport", "scheme"), SHOTS, ids=[s[0] for s in SHOTS])
def test_screenshots_of_a_paper_page_and_a_tag_page(browser, base_url, tmp_path, name, viewport, scheme):
    folder = Path(os.environ.get("READING_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    for path, shot in ((f"papers/{PLAN}/", "paper"), ("tags/agents/", "tag")):
        page.goto(base_url + path)
        page.locator("span.rl-actions button.rl-star").first.wait_for()
        body_scheme = page.locator("body").get_attribute("data-md-color-scheme")
        assert body_scheme == ("slate" if scheme == "dark" else "default")
        # Nothing runs off the right edge at phone width.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(folder / f"{shot}-{name}.png"), full_page=True)
    context.close()
