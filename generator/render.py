"""Render a ``Site`` into Markdown pages: ``{path under docs_dir: Markdown text}``.

Pure functions, no I/O. Untrusted text (titles, abstracts) passes through ``escape_markdown``
in page bodies and through ``escape_html`` in front matter, which Material prints into the HTML
unescaped. Lists of papers are plain Markdown (no Material tag listings): their cost stays
linear in the number of papers. Links between pages are relative ``.md`` links, which MkDocs
checks at build time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

from .codestatus import code_status
from .dates import provenance
from .export import papers_json
from .feeds import DEFAULT_SITE_URL, SITE_NAME, Feed, render_feed
from .frontmatter import front_matter
from .marks import badges, reading_hook
from .memo import Memo
from .model import Digest, Paper, Site, Tag, show_date, show_month
from .paperpage import ReadNext, cached_paper_page, paper_page
from .related import digest_neighbours, more_in_tag, related_papers
from .structure import (
    ARCHIVE_INDEX,
    DIGESTS_INDEX,
    FEED_FILES,
    HOME_PAGE,
    PAPERS_INDEX,
    PAPERS_JSON,
    TAGS_INDEX,
    Month,
    Structure,
    archive_path,
    digest_path,
    feed_path,
    newest_first,
    paper_path,
    relative_link,
    root_prefix,
    structure,
    tag_path,
)
from .texmath import render_with_math
from .text import escape_html, escape_markdown, excerpt, find_urls

# Page paths are defined in ``structure``; importing them from here keeps working.
__all__ = [
    "MUST_READS",
    "MY_LIST",
    "ReadNext",
    "digest_path",
    "front_matter",
    "paper_page",
    "paper_path",
    "render_site",
    "tag_path",
]

MUST_READS = "must-reads.md"
MY_LIST = "my-list.md"

FEED_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
# Front matter of the list pages: out of the search index (which holds the paper pages, whose
# text these pages repeat) and without the sidebar, which would only repeat the tabs.
LIST_PAGE = {"search": {"exclude": True}, "hide": ["navigation"]}
_REFERENCE_AMP = re.compile(r"&(?=[#0-9A-Za-z])")


def href(url: str) -> str:
    """Return an http(s) ``url`` percent-encoded so that it is one safe Markdown link target.

    An ``&`` that could read as a character reference (before ``#``, a letter or a digit:
    ``&#106;``, ``&amp;``, and also ``&#0`` or ``&copy`` without ``;``, which browsers decode in
    attributes too) is written ``&amp;``: Markdown keeps references in link targets, so the link
    would otherwise lead somewhere other than the URL shown.
    """
    return _REFERENCE_AMP.sub("&amp;", quote(url, safe="/:?#[]@!$&+,;=%~-._"))


def link(text: str, target: str) -> str:
    """Return a Markdown link showing plain ``text`` (escaped) and pointing at ``target``."""
    return f"[{escape_markdown(text)}]({target})"


def linkify(text: str) -> str:
    """Escape plain ``text`` for Markdown, turning its http(s) URLs into links."""
    out, last = [], 0
    for start, end in find_urls(text):
        url = text[start:end]
        out.append(escape_markdown(text[last:start]))
        out.append(link(url, href(url)))
        last = end
    out.append(escape_markdown(text[last:]))
    return "".join(out)


def _item(paper: Paper, page: str, with_excerpt: bool = True) -> str:
    """A list item for ``paper`` on the page ``page`` (its path under docs_dir), linked through
    docs_dir's root: the title, its badges and reading-list hook (``item_marks``), an excerpt."""
    line = f"[{render_with_math(paper.title)}]({root_prefix(page) + paper_path(paper)}) {item_marks(paper)}"
    if with_excerpt:
        line += f" — {render_with_math(excerpt(paper.abstract))}"
    return line


def item_marks(paper: Paper) -> str:
    """The marks a listed paper carries after its title: badges (must-read, note, code status)
    and the reading-list hook (star, read, dimmed when read)."""
    found = badges(paper, code_status(paper))
    return f"{found} {reading_hook(paper)}" if found else reading_hook(paper)


def feed_links(page: str, tag: Tag | None = None) -> str:
    """The visible links from ``page`` to the site's feeds (or ``tag``'s): ``RSS · Atom · JSON Feed``."""
    return " · ".join(f"[{FEED_NAMES[kind]}]({relative_link(page, feed_path(kind, tag))})" for kind in FEED_FILES)


def feeds_meta(tag: Tag) -> dict[str, object]:
    """Front matter naming a tag's feeds (``feeds: {title, rss, atom, json}``, paths from the
    site root), which ``overrides/partials/feeds-head.html`` links from the page head."""
    return {"feeds": {"title": escape_html(f"{tag.name} · {SITE_NAME}"), **{k: feed_path(k, tag) for k in FEED_FILES}}}


def _dated_item(paper: Paper, page: str, shape: Structure) -> str:
    day = show_date(shape.first_listed[paper.slug].day)
    return f"{_item(paper, page)} · *{day}*"


def _months(papers: Iterable[Paper], page: str, shape: Structure) -> list[str]:
    """``papers`` (newest first) under month headings (``## August 2026``), each with its
    first-listed date."""
    lines, heading = [], None
    for paper in papers:
        day = shape.first_listed[paper.slug].day
        if (day.year, day.month) != heading:
            heading = (day.year, day.month)
            lines.append(f"\n## {show_month(heading)}\n\n")
        lines.append(f"- {_dated_item(paper, page, shape)}\n")
    return lines


def tag_page(tag: Tag, papers: Iterable[Paper], shape: Structure) -> str:
    """Render a tag's index page: description, feed links, then ``papers`` in the given order
    (``Structure.papers_by_tag``: newest first by first listing) under month headings, each
    with a one-line excerpt and the day it was first listed."""
    here = tag_path(tag)
    listed = list(papers)
    meta = {"title": escape_html(tag.name), "description": escape_html(tag.description), **LIST_PAGE, **feeds_meta(tag)}
    lines = [front_matter(meta), f"# {escape_markdown(tag.name)}\n\n", f"{escape_markdown(tag.description)}\n\n"]
    pinned, rest = [p for p in listed if p.highlight], [p for p in listed if not p.highlight]
    lines.append(f"{len(listed)} papers: must-reads first, then newest first by the day they were first listed.\n\n")
    lines.append(f"New papers in this tag by feed: {feed_links(here, tag)}\n")
    if pinned:
        lines.append("\n## Must-reads\n\n")
        lines += [f"- {_dated_item(p, here, shape)}\n" for p in pinned]
    return "".join(lines + _months(rest, here, shape))


def tags_overview(
    tags: Iterable[Tag], counts: Mapping[str, int], code: Mapping[str, Mapping[str, int]] | None = None
) -> str:
    """Render ``tags/index.md``: every tag with its description and paper count (``counts`` maps
    every tag name to its number of papers) and, when ``code`` is given (``code_counts``), how
    many of its papers have code released or promised."""
    meta = {"title": "Tags", **LIST_PAGE}
    lines = [front_matter(meta), "# Tags\n\n"]
    if code is None:
        lines.append("| Tag | Papers | What belongs here |\n| --- | ---: | --- |\n")
    else:
        lines.append(
            "| Tag | Papers | Code released | Code promised | What belongs here |\n| --- | ---: | ---: | ---: | --- |\n"
        )
    for t in tags:
        counted = "" if code is None else f" {code[t.name]['released']} | {code[t.name]['promised']} |"
        lines.append(
            f"| {link(t.name, relative_link(TAGS_INDEX, tag_path(t)))} | {counts[t.name]} |{counted} {escape_markdown(t.description)} |\n"
        )
    return "".join(lines)


def code_counts(papers_by_tag: Mapping[str, Iterable[Paper]]) -> dict[str, dict[str, int]]:
    """Return ``{tag name: {code status: number of papers}}`` for every tag of ``papers_by_tag``
    (``Structure.papers_by_tag``); every status of ``codestatus.CODE_STATUSES`` is counted."""
    counts: dict[str, dict[str, int]] = {}
    for name, papers in papers_by_tag.items():
        statuses = [code_status(p) for p in papers]
        counts[name] = {status: statuses.count(status) for status in ("released", "promised", "none")}
    return counts


def must_reads_page(papers: Iterable[Paper]) -> str:
    """Render ``must-reads.md``: the curators' must-reads in the given order (newest digest
    first), each with its excerpt and the curator's note marked."""
    listed = list(papers)
    meta = {"title": "Must-reads", **LIST_PAGE}
    lines = [front_matter(meta), "# Must-reads\n\n"]
    if not listed:
        lines.append("No paper is marked as a must-read yet.\n")
    else:
        lines.append(f"{len(listed)} papers the curators mark as must-reads, newest digest first.\n\n")
        lines += [f"- {_item(p, MUST_READS)}\n" for p in listed]
    return "".join(lines)


def my_list_page() -> str:
    """Render ``my-list.md``: the reader's starred papers, filled in by the browser script from
    the browser's own storage (nothing leaves the browser), with BibTeX and links exports."""
    meta = {"title": "My list", **LIST_PAGE}
    return (
        front_matter(meta)
        + "# My list\n\n"
        + "The papers you star, kept in this browser only: no account, nothing is sent anywhere. "
        + "Star a paper with ☆ on its page or in any list; mark it read with ✓.\n\n"
        + '<div class="rl-my-list"><p class="rl-empty">Your list needs JavaScript, '
        + "which this browser does not run for this site.</p></div>\n"
    )


def _listing(paper: Paper, digest: Digest, page: str, shape: Structure) -> str:
    """Whether ``paper`` is new in ``digest`` or was listed before (with a link to its first
    listing), as shown after its item on the page ``page``."""
    first = shape.first_listed[paper.slug]
    if first.name == digest.name:
        return "**new**"
    return f"listed before: {link(show_date(first.day), relative_link(page, digest_path(first)))}"


def new_count(digest: Digest, shape: Structure) -> int:
    """How many of ``digest``'s papers are listed for the first time there."""
    return sum(1 for p in shape.papers_by_digest[digest.name] if shape.first_listed[p.slug].name == digest.name)


def digest_page(digest: Digest, shape: Structure) -> str:
    """Render a digest's page, titled by its date (``Digest.label``): how the date was derived,
    then its papers in digest order (``Structure.papers_by_digest``), each marked new or listed
    before (with the earlier date)."""
    here = digest_path(digest)
    listed = shape.papers_by_digest[digest.name]
    meta = {"title": escape_html(digest.label), **LIST_PAGE}
    lines = [front_matter(meta), f"# {escape_markdown(digest.label)}\n\n"]
    fresh = new_count(digest, shape)
    lines.append(f"{len(listed)} papers: {fresh} new here, {len(listed) - fresh} listed before. ")
    lines.append(f"{escape_markdown(provenance(digest))}\n\n")
    lines += [f"1. {_item(p, here)} · {_listing(p, digest, here, shape)}\n" for p in listed]
    return "".join(lines)


def digests_overview(shape: Structure) -> str:
    """Render ``digests/index.md``: every digest newest first by date, each with its paper
    count and how many of them it lists for the first time."""
    meta = {"title": "Digests", **LIST_PAGE}
    lines = [front_matter(meta), "# Digests\n\n", "Every Daily Papers listing on the site, newest first.\n\n"]
    lines += [
        f"- {link(d.label, relative_link(DIGESTS_INDEX, digest_path(d)))} — "
        f"{shape.digest_counts[d.name]} papers, {new_count(d, shape)} new\n"
        for d in shape.digests_newest_first
    ]
    return "".join(lines)


def archive_index(shape: Structure) -> str:
    """Render ``archive/index.md``: every month with papers, newest first, under year headings,
    each with the number of papers first listed in it."""
    meta = {"title": "Archive", **LIST_PAGE}
    lines = [front_matter(meta), "# Archive\n\n", "Papers by the month they were first listed, newest first.\n"]
    year = None
    for month, papers in shape.months.items():
        if month[0] != year:
            year = month[0]
            lines.append(f"\n## {year}\n\n")
        lines.append(
            f"- [{show_month(month)}]({relative_link(ARCHIVE_INDEX, archive_path(month))}) — {len(papers)} papers\n"
        )
    return "".join(lines)


def archive_page(month: Month, papers: Iterable[Paper], shape: Structure) -> str:
    """Render one month of the archive: ``papers`` first listed in ``month`` (newest first),
    under headings of the day they were first listed."""
    here = archive_path(month)
    listed = list(papers)
    meta = {"title": escape_html(f"Archive: {show_month(month)}"), **LIST_PAGE}
    lines = [front_matter(meta), f"# {show_month(month)}\n\n"]
    lines.append(f"{len(listed)} papers first listed in {show_month(month)}, newest first. ")
    lines.append(f"[All months]({relative_link(here, ARCHIVE_INDEX)})\n")
    heading = None
    for paper in listed:
        day = shape.first_listed[paper.slug].day
        if day != heading:
            heading = day
            lines.append(f"\n## {show_date(day)}\n\n")
        lines.append(f"- {_item(paper, here)}\n")
    return "".join(lines)


def papers_index(papers: Iterable[Paper]) -> str:
    """Render ``papers/index.md``: ``papers`` in the given order (``Structure.alphabetical``)
    under letter headings."""
    listed = list(papers)
    meta = {"title": "All papers", **LIST_PAGE}
    lines = [front_matter(meta), "# All papers\n\n", f"{len(listed)} papers, A to Z.\n"]
    heading = None
    for paper in listed:
        first = paper.title[:1].upper()
        letter = first if first.isascii() and first.isalpha() else "#"
        if letter != heading:
            heading = letter
            lines.append(f"\n## {escape_markdown(letter)}\n\n")
        lines.append(f"- {_item(paper, PAPERS_INDEX, with_excerpt=False)}\n")
    return "".join(lines)


def _tag_links(paper: Paper, page: str, shape: Structure) -> str:
    names = (shape.tags_by_name[name] for name in paper.tags)
    return ", ".join(link(t.name, relative_link(page, tag_path(t))) for t in names)


def latest_section(shape: Structure) -> list[str]:
    """The home page's opening: the newest digest's papers, must-reads first, each with its
    excerpt, tags and whether it is new there."""
    latest = shape.latest
    if latest is None:
        return ["No digests yet.\n\n"]
    papers = shape.papers_by_digest[latest.name]
    ordered = [p for p in papers if p.highlight] + [p for p in papers if not p.highlight]
    lines = [f"## New: {link(latest.label, relative_link(HOME_PAGE, digest_path(latest)))}\n\n"]
    lines.append(f"{len(papers)} papers, {new_count(latest, shape)} of them listed for the first time.\n\n")
    for paper in ordered:
        tags = _tag_links(paper, HOME_PAGE, shape)
        lines.append(
            f"- {_item(paper, HOME_PAGE)}{' · ' + tags if tags else ''} · {_listing(paper, latest, HOME_PAGE, shape)}\n"
        )
    return [*lines, "\n"]


def home_page(shape: Structure) -> str:
    """Render ``index.md``: counts, the newest digest's papers (``latest_section``), the ways
    into tags, archive, digests and all papers, the feeds and ``papers.json``, and the
    must-reads."""
    site = shape.site
    lines = [front_matter({"title": "Home", **LIST_PAGE}), f"# {SITE_NAME}\n\n"]
    lines.append(
        f"**{len(site.papers)}** papers from **{len(site.digests)}** digests of the Hugging Face Daily Papers, "
        f"in **{len(site.tags)}** tags.\n\n"
    )
    lines += latest_section(shape)
    lines.append("## Explore\n\n")
    lines.append(f"- [Tags]({TAGS_INDEX}): {len(site.tags)} topics, each with its newest papers first\n")
    lines.append(f"- [Archive]({ARCHIVE_INDEX}): papers by the month they were first listed\n")
    lines.append(f"- [Digests]({DIGESTS_INDEX}): every Daily Papers listing, newest first\n")
    lines.append(f"- [All papers]({PAPERS_INDEX}), A to Z\n\n")
    lines.append("## Follow\n\n")
    lines.append(f"New papers in your feed reader: {feed_links(HOME_PAGE)}. Every tag page has feeds of its own. ")
    lines.append(f"Every paper as data: [papers.json]({PAPERS_JSON}).\n\n")
    if shape.highlighted:
        lines.append("## Must-read\n\n")
        lines += [f"- {_item(p, HOME_PAGE)}\n" for p in shape.highlighted]
    return "".join(lines)


def site_feeds(shape: Structure) -> list[Feed]:
    """The site's feed and one per tag, each with its newest papers by first listing."""
    paths = {kind: feed_path(kind) for kind in FEED_FILES}
    feeds = [
        Feed(
            SITE_NAME,
            "New papers from the Hugging Face Daily Papers.",
            HOME_PAGE,
            paths,
            shape.newest,
            shape.first_listed,
        )
    ]
    for tag in shape.site.tags:
        paths = {kind: feed_path(kind, tag) for kind in FEED_FILES}
        title = f"{tag.name} · {SITE_NAME}"
        feeds.append(
            Feed(title, tag.description, tag_path(tag), paths, shape.papers_by_tag[tag.name], shape.first_listed)
        )
    return feeds


def render_site(site: Site, site_url: str = DEFAULT_SITE_URL, memo: Memo | None = None) -> dict[str, str]:
    """Render every generated file of ``site``: ``{path under docs_dir: text}``. ``memo`` (a
    serve session's) keeps related papers and paper pages between runs (see ``memo``).

    Paths are POSIX and relative: ``index.md``, ``papers/index.md``, ``papers/<slug>.md``,
    ``tags/index.md``, ``tags/<slug>.md``, ``digests/index.md``, ``digests/<slug>.md``,
    ``archive/index.md``, ``archive/<yyyy>-<mm>.md``; the feeds (``feeds/rss.xml``,
    ``feeds/atom.xml``, ``feeds/feed.json`` and the same under ``feeds/tags/<slug>/``) and
    ``papers.json``, whose absolute URLs start with ``site_url``; ``must-reads.md`` and ``my-list.md``.
    """
    shape = structure(site)
    pages = {HOME_PAGE: home_page(shape), PAPERS_INDEX: papers_index(shape.alphabetical)}
    suggestions = read_next(shape, memo)
    pages.update(
        {
            paper_path(p): cached_paper_page(p, shape.digests_by_name, suggestions[p.slug], shape.tags_by_name, memo)
            for p in site.papers
        }
    )
    pages[TAGS_INDEX] = tags_overview(site.tags, shape.tag_counts, code_counts(shape.papers_by_tag))
    pages.update({tag_path(t): tag_page(t, shape.papers_by_tag[t.name], shape) for t in site.tags})
    pages[DIGESTS_INDEX] = digests_overview(shape)
    pages.update({digest_path(d): digest_page(d, shape) for d in site.digests})
    pages[ARCHIVE_INDEX] = archive_index(shape)
    pages.update({archive_path(m): archive_page(m, papers, shape) for m, papers in shape.months.items()})
    for feed in site_feeds(shape):
        pages.update(render_feed(feed, site_url))
    pages[PAPERS_JSON] = papers_json(shape, site_url)
    pages[MUST_READS] = must_reads_page(newest_first(shape.highlighted, shape.digest_order))
    pages[MY_LIST] = my_list_page()
    return pages


def read_next(shape: Structure, memo: Memo | None = None) -> dict[str, ReadNext]:
    """Return ``{slug: ReadNext}``: what each listed paper's page suggests next. ``memo``
    remembers the related papers by the slug, title and abstract of every paper."""
    site = shape.site
    by_slug = {p.slug: p for p in site.papers}
    if memo is None:
        related = related_papers(site.papers)
    else:
        texts = tuple((p.slug, p.title, p.abstract) for p in site.papers)
        related = memo.related.get(texts, lambda: related_papers(site.papers, words=memo.words))
    neighbours = digest_neighbours(shape.papers_by_digest, site.digests)
    found: dict[str, ReadNext] = {}
    for paper in site.papers:
        similar = tuple(by_slug[s] for s in related.get(paper.slug, ()))
        tag = shape.tags_by_name[paper.tags[0]] if paper.tags else None
        skip = {p.slug for p in similar}
        in_tag = more_in_tag(paper, shape.papers_by_tag[tag.name], skip) if tag else ()
        digest, previous, after = neighbours.get(paper.slug, (None, None, None))
        found[paper.slug] = ReadNext(similar, tag, in_tag, digest, previous, after)
    return found
