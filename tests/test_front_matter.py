"""Front matter: every generated page has an escaped ``title``, and every value written as YAML
reads back as exactly that value, read the way MkDocs reads it (``mkdocs.utils.meta.get_data``,
which silently drops front matter it cannot parse, so a lost title would go unnoticed).

Material prints ``page.meta.title`` and ``page.meta.description`` into the HTML unescaped, so
they are written HTML-escaped; YAML 1.1 turns ``no``, ``2401.10010``, ``null`` and friends into
booleans, numbers and nothing unless they are quoted.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from test_escaping_property import texts

from conftest import CONTENT
from generator.build import ContentPaths, hand_written, load_site
from generator.model import Digest, Entry, Paper
from generator.paperpage import DESCRIPTION_CHARS
from generator.papers import merge_papers
from generator.render import front_matter, paper_page
from generator.text import escape_html, excerpt

SITE_NAME = "ML Papers Reading List"
YAML_LOOKING = [
    "no",
    "No",
    "NO",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "~",
    "2401.10010",
    "1e3",
    "0x1F",
    "0o17",
    "1_000",
    "12:30",
    "2024-01-01",
    "2024-01-01 10:00:00",
    ".inf",
    "-.inf",
    ".nan",
    "=",
    "<<",
    "*a",
    "&a",
    "&a b",
    "!!str x",
    "!ENV [HOME]",
    "!relative",
    "a: b",
    "a:b",
    "# h",
    "a #b",
    "- x",
    "? x",
    "| x",
    "> x",
    "%YAML",
    "@x",
    "`x",
    "'q'",
    '"q"',
    "it's",
    'say "hi"',
    "{a: 1}",
    "[1, 2]",
    "---",
    "...",
    "--- x",
    " leading",
    "trailing ",
    "tab\there",
    "a\\b",
    "\\n",
    "Attention</title><script>alert(1)</script>",
    'x" onmouseover="alert(1)',
    "&lt;b&gt;",
    "ünïcödé",
    "🚀",
    "\u2028",
    "\ufeff",
]


def reads_back(meta: dict, body: str = "# Body\n") -> bool:
    """True when the page ``front_matter(meta) + body`` reads back, the MkDocs way, as exactly
    ``meta`` and ``body`` (and PyYAML's pure-Python loader agrees with MkDocs' C loader)."""
    page = front_matter(meta) + body
    markdown, read = get_data(page)
    block = page.split("---\n")[1]
    return (
        markdown == body
        and read == meta
        and yaml.safe_load(block) == meta
        and all(type(read[k]) is type(v) for k, v in meta.items())
    )


@pytest.mark.parametrize("value", YAML_LOOKING)
def test_a_yaml_looking_value_stays_the_string_it_is(value):
    assert reads_back({"title": value, "description": value, "tags": [value, "Agents"]})


@settings(max_examples=1000, derandomize=True, deadline=None)
@given(title=texts(30), description=texts(60), tags=st.lists(texts(8), max_size=3))
def test_any_values_read_back_exactly(title, description, tags):
    meta = {"title": escape_html(title), "description": escape_html(description), "search": {"exclude": True}}
    if tags:
        meta["tags"] = tags
    assert reads_back(meta)


def paper(title: str, abstract: str = "We study a problem. It matters.") -> Paper:
    source = "content/digests/2026-01-02.txt"
    digest = Digest("2026-01-02", "2026-01-02", source, "2026-01-02", "A", (Entry(title, abstract, source, 13, 15),))
    (result,), _ = merge_papers([digest])
    return result


@pytest.mark.parametrize(
    "title", [t for t in YAML_LOOKING if t.strip() and t == " ".join(t.split()) and t not in ("\u2028", "\ufeff")]
)
def test_a_paper_page_has_its_title_escaped_in_front_matter(title):
    rendered = paper(title, "An abstract: no, null, *a, # h, 'q'. It ends.")
    digest = Digest("2026-01-02", "2026-01-02", "content/digests/2026-01-02.txt", "2026-01-02", "A", ())
    _, meta = get_data(paper_page(rendered, {digest.name: digest}))
    assert meta["title"] == escape_html(title) and html.unescape(meta["title"]) == title
    assert meta["description"] == escape_html(excerpt(rendered.abstract, DESCRIPTION_CHARS))
    assert not re.search(r"[<>\"']", meta["title"])


def generated_pages(docs: Path) -> dict[str, str]:
    """Every page the generator wrote under ``docs`` (hand-written pages copied from
    ``content/pages`` left out): ``{path: text}``."""
    copied = set(hand_written(ContentPaths(CONTENT.parent, CONTENT)))
    return {
        p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(docs.rglob("*.md"))
        if p.relative_to(docs).as_posix() not in copied
    }


def check_front_matter(docs: Path, site) -> int:
    """Assert every generated page's front matter reads back with an escaped title, and paper
    pages with exactly their paper's title and description, and its tags as chips. Returns the pages checked."""
    pages = generated_pages(docs)
    for path, text in pages.items():
        assert text.startswith("---\n"), path
        body, meta = get_data(text)
        assert isinstance(meta.get("title"), str) and meta["title"].strip(), path
        assert escape_html(html.unescape(meta["title"])) == meta["title"], path  # escaped, and only once
        assert yaml.safe_load(text.split("---\n")[1]) == meta and not body.startswith("---"), path
    for paper in site.papers:
        _, meta = get_data(pages[f"papers/{paper.slug}.md"])
        assert meta["title"] == escape_html(paper.title)
        assert meta["description"] == escape_html(excerpt(paper.abstract, DESCRIPTION_CHARS))
        assert meta["paper"] is True  # selects the paper frame; the tags are chips in the body
        chips = re.findall(r'class="md-tag"[^>]*>([^<]*)<', pages[f"papers/{paper.slug}.md"])
        assert [html.unescape(chip) for chip in chips] == list(paper.tags)
    for digest in site.digests:
        _, meta = get_data(pages[f"digests/{digest.slug}.md"])
        assert meta["title"] == escape_html(digest.label) and digest.name not in meta["title"]
    return len(pages)


def test_every_generated_page_of_the_committed_site_reads_back(built_site):
    site = load_site(ContentPaths(CONTENT.parent, CONTENT))
    assert check_front_matter(built_site / "docs", site) > len(site.papers)


def test_the_browser_title_is_the_paper_title_not_escaped_twice(built_site):
    site = load_site(ContentPaths(CONTENT.parent, CONTENT))
    for paper in site.papers:
        page = (built_site / "site" / "papers" / paper.slug / "index.html").read_text(encoding="utf-8")
        (title,) = re.findall(r"<title>(.*?)</title>", page, re.S)
        assert html.unescape(title) == f"{paper.title} - {SITE_NAME}", paper.slug
