"""Lists in pages: the paging rules, the raw HTML bodies of list pages, page sizes, and paging
through a big list in a real browser.

The big fixture is generated here (``big_content``): 330 papers with long titles and abstracts in
three digests, one of 240 papers, all in one tag; a third of them are made as heavy as a list
item can get (titles at the 300-character limit of a digest's title line, full of characters that escaping lengthens,
and math spans), so pages end at the byte budget as well as at the item count. It is built once
with the real MkDocs (``big_site``).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import markdown
import pytest
from bs4 import BeautifulSoup
from invariants import article, links_from, list_pages, soup, written_text
from mkdocs.utils.meta import get_data
from test_browser import TIMEOUT_MS, chromium, serve_folder
from test_markdown_policy import configured

from conftest import build_or_fail
from generator.build import ContentPaths, load_site
from generator.lists import Group, distinct_runs
from generator.paging import PAGE_BYTES, PAGE_SIZE, page_count, page_path, paginate, starts
from generator.papers import title_slug
from generator.render import render_site
from generator.structure import page_url

MAX_PAGE_BYTES = 150 * 1024
DESCRIPTION = 'LLM agents <script>alert(1)</script> `code` {++ins++} --8<-- "x" [l](javascript:alert(1)) ==m== a|b'
TAXONOMY = f"""\
tags:
  - name: Agents
    description: '{DESCRIPTION}'
    rules:
      text: ['\\bagents?\\b']
"""
HEADER = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers"]
DIGESTS = {"2026-01-05": range(0, 240), "2026-02-10": range(240, 290), "2026-03-15": range(290, 330)}
MUST_READS = (5, 150, 300)


# ----- the paging rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "number", "expected"),
    [
        ("papers/index.md", 1, "papers/index.md"),
        ("papers/index.md", 2, "papers/page/2.md"),
        ("tags/agents.md", 12, "tags/agents/page/12.md"),
        ("digests/index.md", 3, "digests/page/3.md"),
        ("archive/2026-08.md", 2, "archive/2026-08/page/2.md"),
        ("must-reads.md", 2, "must-reads/page/2.md"),
    ],
)
def test_page_paths_keep_page_one_and_put_the_others_two_folders_down(first, number, expected):
    assert page_path(first, number) == expected


def test_a_page_number_below_one_is_refused():
    with pytest.raises(ValueError, match="found 0"):
        page_path("papers/index.md", 0)


@pytest.mark.parametrize("count", [0, 1, 99, 100, 101, 250])
def test_every_item_is_on_exactly_one_page_in_order(count):
    items = list(range(count))
    pages = paginate(items, "tags/x.md", size=100)
    assert [x for page in pages for x in page.items] == items
    assert len(pages) == page_count(count, 100) == max(1, -(-count // 100))
    assert [len(p.items) for p in pages[:-1]] == [100] * (len(pages) - 1)
    assert [p.start for p in pages] == [100 * n for n in range(len(pages))]
    assert pages[0].path == "tags/x.md" and pages[0].previous is None and pages[-1].next is None
    for before, after in itertools.pairwise(pages):
        assert before.next == after.path and after.previous == before.path


def test_a_page_ends_before_an_item_that_would_pass_the_byte_budget():
    weights = [40, 40, 30, 90, 10, 200, 5]
    pages = paginate(list(range(7)), "papers/index.md", size=100, weights=weights, budget=100)
    assert [p.items for p in pages] == [(0, 1), (2,), (3, 4), (5,), (6,)]  # a heavy item still gets a page
    with pytest.raises(ValueError, match="one weight per item"):
        paginate([1, 2], "papers/index.md", weights=[1])


def test_jump_targets_are_the_pages_where_each_group_starts():
    keys = ["a"] * 3 + ["b"] * 4 + ["c"]
    pages = paginate(keys, "papers/index.md", size=3)
    assert starts(keys, pages) == {"a": 1, "b": 2, "c": 3}


def test_a_group_that_comes_back_gets_a_heading_id_of_its_own():
    groups = [Group("other", "#"), Group("a", "A"), Group("other", "#"), Group("other", "#")]
    assert [g.key for g in distinct_runs(groups)] == ["other", "a", "other-2", "other-2"]


# ----- the big fixture -----------------------------------------------------------------------------


def title(n: int) -> str:
    """A distinct title starting with a letter that varies with ``n``; every third one as heavy
    as a list item from a digest gets (300 characters, the most a title line may have; most of
    them lengthened by escaping)."""
    letter = chr(ord("A") + n % 26)
    if n % 3 == 0:
        return (f'{letter}gents {n} & <b>"zq" $x_{n}$ ' + "&<>\"'&<>\"' $a$ " * 30)[:300].strip()
    return f"{letter}gents {n}: " + " ".join(f"long-winded-word-{n}-{i}" for i in range(12))


def abstract(n: int) -> str:
    """An abstract of about 1,500 characters whose first sentence makes a full-length excerpt."""
    opening = "&<>\"'" * 30 if n % 3 == 0 else "We study agents that plan " * 6
    return f"{opening} agents.{' Agents act and report results in many words.' * 30}"


def digest_text(name: str, numbers: range) -> str:
    month, day = int(name[5:7]), int(name[8:])
    lines = [*HEADER, f"{('Jan', 'Feb', 'Mar')[month - 1]} {day}"]
    for n in numbers:
        lines += [title(n), abstract(n)]
    return "\n\n".join(lines) + "\n"


def big_content(root: Path) -> Path:
    """Write the big fixture's content folder under ``root`` and return it."""
    content = root / "content"
    (content / "digests").mkdir(parents=True)
    (content / "curation").mkdir()
    (content / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    for name, numbers in DIGESTS.items():
        (content / "digests" / f"{name}.txt").write_text(digest_text(name, numbers), encoding="utf-8")
    for n in MUST_READS:
        (content / "curation" / f"{title_slug(title(n))}.yml").write_text("highlight: true\n", encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    return big_content(tmp_path_factory.mktemp("big"))


@pytest.fixture(scope="module")
def big_site(content, tmp_path_factory) -> Path:
    """The big fixture built with the real MkDocs: its ``site/`` folder."""
    return build_or_fail(content, tmp_path_factory.mktemp("big-site")) / "site"


@pytest.fixture(scope="module")
def pages(content) -> dict[str, str]:
    site = load_site(ContentPaths(content.parent, content))
    assert len(site.papers) == 330 and len(site.hidden) == 0
    return render_site(site)


def list_bodies(pages: dict[str, str]) -> dict[str, str]:
    """The bodies (after front matter) of the generated list pages, the tags overview and the
    home page."""
    kinds = ("papers/index.md", "papers/page/", "tags/", "digests/", "archive/2026-", "must-reads", "index.md")
    return {path: get_data(text)[0] for path, text in pages.items() if path.startswith(kinds)}


# ----- list bodies are one raw HTML block ----------------------------------------------------------


def test_the_big_lists_have_several_pages_and_the_heavy_items_end_pages_early(pages):
    assert {"papers/page/4.md", "tags/agents/page/4.md", "digests/2026-01-05/page/3.md"} <= set(pages)
    digest = [pages[page_path("digests/2026-01-05.md", n)] for n in (1, 2, 3)]
    counts = [body.count("<li>") for body in digest]
    assert sum(counts) <= 240 and all(count < PAGE_SIZE for count in counts)  # the budget ends them
    listed = [m for body in digest for m in re.findall(r'<li><a href="[^"]*/papers/([^/"]+)/"', body)]
    assert len(listed) == len(set(listed))
    home = pages["index.md"]
    newest = home[home.index('<h2 id="new"') : home.index('<h2 id="explore">')]
    assert 0 < newest.count("<li>") < 40 and '<a href="digests/2026-03-15/">All 40 papers of this digest</a>' in newest


def test_every_line_of_a_list_body_starts_with_a_tag(pages):
    bodies = list_bodies(pages)
    assert len(bodies) > 20
    for path, body in bodies.items():
        lines = body.rstrip("\n").split("\n")
        assert lines[0] in ('<div class="rl-list">', '<div class="rl-list rl-tags">') and lines[-1] == "</div>", path
        assert all(line.startswith("<") for line in lines), path


def test_markdown_passes_every_list_body_through_unchanged(pages):
    names = [name for name, _ in configured()]
    options = {name: value or {} for name, value in configured()}
    converter = markdown.Markdown(extensions=names, extension_configs=options)
    for path, body in list_bodies(pages).items():
        assert converter.reset().convert(body) == body.rstrip("\n"), path


def test_untrusted_titles_are_escaped_in_list_items(pages):
    heavy = title(0)
    shown = BeautifulSoup(pages["papers/index.md"] + pages["papers/page/2.md"], "html.parser")
    assert heavy in [written_text(link) for link in shown.select("li > a:first-child")]  # its text, whole
    for path, body in list_bodies(pages).items():
        assert "<b>" not in body and '"zq"' not in body, path


def test_untrusted_tag_text_is_escaped_in_the_tags_overview(pages):
    shown = BeautifulSoup(get_data(pages["tags/index.md"])[0], "html.parser")
    (row,) = shown.select("tbody tr")
    assert [cell.get_text() for cell in row.select("td")] == ["Agents", "330", "0", "0", DESCRIPTION]
    assert shown.select("script, a[href^=javascript]") == [] and len(shown.select("a")) == 1


def test_every_link_of_a_list_body_leads_to_a_generated_page_or_file(pages):
    urls = {page_url(path) for path in pages}
    for path, body in list_bodies(pages).items():
        for href in re.findall(r'<a href="([^"]+)"', body):
            if href.startswith("#"):
                continue
            resolved = urljoin(f"https://example.org/{page_url(path)}", href)
            assert resolved.startswith("https://example.org/"), (path, href)
            assert unquote(resolved.removeprefix("https://example.org/").split("#")[0]) in urls, (path, href)


# ----- the built site ------------------------------------------------------------------------------


def test_no_built_html_page_is_over_150_kb(big_site):
    sizes = {p.relative_to(big_site).as_posix(): p.stat().st_size for p in big_site.rglob("*.html")}
    over = {path: size for path, size in sizes.items() if size > MAX_PAGE_BYTES}
    assert over == {}
    lists = [size for path, size in sizes.items() if path.startswith(("tags/agents", "digests/2026-01-05"))]
    assert max(lists) > 90 * 1024  # the heavy items do fill pages up to the budget
    assert PAGE_BYTES + 40 * 1024 < MAX_PAGE_BYTES  # the budget leaves room for the theme's page


def test_every_paper_is_on_exactly_one_page_of_each_list(big_site, content):
    site = load_site(ContentPaths(content.parent, content))
    slugs = {p.slug for p in site.papers}
    for first, expected in [
        ("papers/index.html", slugs),
        ("tags/agents/index.html", {p.slug for p in site.papers if "Agents" in p.tags}),
        ("digests/2026-01-05/index.html", {title_slug(title(n)) for n in DIGESTS["2026-01-05"]}),
    ]:
        listed = list_pages(big_site / first)
        found = [links_from(page, big_site) for page in listed]
        assert len(found) > 2, first
        assert not [page for page in listed if soup(page).select("[data-pagefind-body]")]  # not in search
        assert sum(len(f) for f in found) == len(expected) and set().union(*found) == expected, first


def test_tag_jump_links_lead_to_the_heading_where_each_month_starts(big_site):
    first = big_site / "tags" / "agents" / "index.html"
    for page in list_pages(first):
        for link in article(page).select("nav.rl-jump a"):
            address, _, key = str(link["href"]).partition("#")
            target = (page.parent / unquote(address)).resolve() / "index.html" if address else page
            heading = article(target).select_one(f'h2[id="{key}"]')
            assert heading is not None and heading.get_text() == link.get_text(), (page, link)
    ids = [h["id"] for page in list_pages(first) for h in article(page).select("h2")]
    assert ids[0] == "must-reads" and "2026-01" in ids and "2026-03" in ids


# ----- paging in a browser -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(big_site):
    with serve_folder(big_site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("light", 390)])
def test_paging_through_a_tag_and_all_papers_in_a_browser(served, scheme, width, tmp_path):
    """Next links walk a tag from page 1 to its last page and previous links walk back; a jump
    link leads to its month; all papers page by page and through a letter. Screenshots land in
    the test's temporary folder for a person to look at."""
    with chromium() as browser:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        try:
            walk(page, served + "tags/agents/", tmp_path / f"tag-{scheme}-{width}.png")
            page.locator("nav.rl-jump a", has_text="January 2026").first.click()
            page.wait_for_url(re.compile(r"/tags/agents/page/\d+/#2026-01$"))
            assert page.locator("h2#\\32 026-01").is_visible()
            walk(page, served + "papers/", tmp_path / f"papers-{scheme}-{width}.png")
            page.locator("nav.rl-jump a", has_text=re.compile("^Z$")).first.click()
            page.wait_for_url(re.compile(r"/papers/page/\d+/#z$"))
            assert page.locator("h2#z").is_visible()
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0
        finally:
            context.close()
    assert errors == []


# True once the page (Material's instant navigation swaps it in place) says "Page k of".
SHOWS = "(words) => { const found = document.querySelector('.rl-page-of'); return found && found.textContent.includes(words); }"


def walk(page, first: str, shot: Path) -> None:
    """Go to ``first``, follow "Next" to the last page, then "Previous" back to page 1, checking
    "Page k of n" on each; save a screenshot of page 2."""
    page.goto(first)
    total = int(re.search(r"of (\d+)", page.locator(".rl-page-of").first.inner_text()).group(1))
    assert total > 2
    for number in range(2, total + 1):
        page.locator("a.rl-next").first.click()
        page.wait_for_function(SHOWS, arg=f"Page {number} of ")
        if number == 2:
            page.screenshot(path=str(shot))
    assert page.locator("a.rl-next").count() == 0
    for number in range(total - 1, 0, -1):
        page.locator("a.rl-prev").first.click()
        page.wait_for_function(SHOWS, arg=f"Page {number} of ")
    assert page.url == first and page.locator("a.rl-prev").count() == 0
