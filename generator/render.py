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
from urllib.parse import quote, quote_plus

import yaml

from .dates import provenance
from .export import papers_json
from .feeds import DEFAULT_SITE_URL, SITE_NAME, Feed, render_feed
from .model import MONTH_NAMES, Digest, Paper, Site, Tag, show_date, show_month
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
    paper_path,
    relative_link,
    root_prefix,
    structure,
    tag_path,
)
from .text import escape_html, escape_markdown, excerpt, find_urls

# Page paths are defined in ``structure``; importing them from here keeps working.
__all__ = ["digest_path", "paper_path", "render_site", "tag_path"]

LOOKUPS = (
    ("arXiv", "https://arxiv.org/search/?searchtype=title&query={q}"),
    ("Semantic Scholar", "https://www.semanticscholar.org/search?q={q}"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={q}"),
    ("Hugging Face", "https://huggingface.co/papers?q={q}"),
)
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


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present


class _FrontMatterDumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """``yaml.SafeDumper`` that double-quotes strings holding a YAML line break other than ``\\n``
    (NEL, U+2028, U+2029): PyYAML may write NEL raw in other styles, where it reads back changed."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FrontMatterDumper.add_representer(str, _represent_str)


def front_matter(meta: Mapping[str, object]) -> str:
    """Return a YAML front matter block for ``meta``; string values must already be escaped for
    HTML. Every value round-trips through ``yaml.safe_load`` unchanged."""
    dumped = yaml.dump(meta, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=1_000_000_000)
    return f"---\n{dumped}---\n\n"


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
    docs_dir's root."""
    star = "★ " if paper.highlight else ""
    line = f"{star}{link(paper.title, root_prefix(page) + paper_path(paper))}"
    if with_excerpt:
        line += f" — {escape_markdown(excerpt(paper.abstract))}"
    return line


def paper_page(paper: Paper, digests: Mapping[str, Digest]) -> str:
    """Render one paper's page: title, abstract, links, curator note, digests, look-up links.

    ``digests`` maps digest name to digest (``Structure.digests_by_name``) and holds every name in
    ``paper.digests``.

    Its front matter also carries ``paper`` (see ``paper_facets``), which marks the page as a
    paper page for the theme's search index."""
    meta: dict[str, object] = {"title": escape_html(paper.title), "description": escape_html(excerpt(paper.abstract))}
    if paper.tags:
        meta["tags"] = list(paper.tags)
    meta["paper"] = paper_facets(paper, [digests[name] for name in paper.digests])
    parts = [front_matter(meta), f"# {escape_markdown(paper.title)}\n\n"]
    if paper.highlight:
        parts.append('!!! tip "Must-read"\n\n    Curators mark this paper as a must-read.\n\n')
    parts.append(linkify(paper.abstract) + "\n\n")
    if paper.note:
        parts.append('!!! note "Curator\'s note"\n\n' + _indent(paper.note) + "\n\n")
    if paper.links:
        links = " · ".join(f"**{item.kind}:** {link(item.url, href(item.url))}" for item in paper.links)
        parts.append(f"{links}\n\n")
    here = paper_path(paper)
    listed = ", ".join(
        link(digests[name].label, relative_link(here, digest_path(digests[name]))) for name in paper.digests
    )
    parts.append(f"**Appeared in:** {listed}\n\n")
    if paper.arxiv:
        parts.append(_arxiv(paper, paper.arxiv))
    query = quote_plus(paper.title)
    lookups = " · ".join(f"[{name}]({href(url.format(q=query))})" for name, url in LOOKUPS)
    parts.append(f"**Look it up:** {lookups}\n")
    return "".join(parts)


def paper_facets(paper: Paper, digests: list[Digest]) -> dict[str, object]:
    """Return what search results show and filter a paper by: ``date`` (its first-listed day,
    ``27 Aug 2026``), ``years`` (``"2026"``) and ``months`` (``"Aug"``) of all its ``digests``'
    days, ``tags``, ``must_read`` and ``code`` (it has a code link). Strings are escaped for HTML;
    empty lists and false flags are left out."""
    days = sorted(d.day for d in digests)
    found: dict[str, object] = {
        "date": show_date(days[0]) if days else None,
        "years": sorted({str(day.year) for day in days}),
        "months": [MONTH_NAMES[m - 1] for m in sorted({day.month for day in days})],
        "tags": [escape_html(tag) for tag in paper.tags],
        "must_read": paper.highlight,
        "code": any(link.kind == "Code" for link in paper.links),
    }
    return {key: value for key, value in found.items() if value}


def _arxiv(paper: Paper, ident: str) -> str:
    key = "arxiv" + ident.replace(".", "_").replace("/", "_")
    bibtex = (
        f"@misc{{{key},\n  title = {{{paper.title}}},\n  eprint = {{{ident}}},\n"
        f"  archivePrefix = {{arXiv}},\n  url = {{https://arxiv.org/abs/{ident}}}\n}}"
    )
    return (
        f"**arXiv:** [abstract](https://arxiv.org/abs/{ident}) · [PDF](https://arxiv.org/pdf/{ident})\n\n"
        f'??? quote "BibTeX"\n\n' + _indent("```bibtex\n" + bibtex + "\n```") + "\n\n"
    )


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.split("\n"))


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
    lines.append(f"{len(listed)} papers, newest first by the day they were first listed.\n\n")
    lines.append(f"New papers in this tag by feed: {feed_links(here, tag)}\n")
    return "".join(lines + _months(listed, here, shape))


def tags_overview(tags: Iterable[Tag], counts: Mapping[str, int]) -> str:
    """Render ``tags/index.md``: every tag with its description and paper count (``counts`` maps
    every tag name to its number of papers)."""
    meta = {"title": "Tags", **LIST_PAGE}
    lines = [front_matter(meta), "# Tags\n\n", "| Tag | Papers | What belongs here |\n| --- | ---: | --- |\n"]
    lines += [
        f"| {link(t.name, relative_link(TAGS_INDEX, tag_path(t)))} | {counts[t.name]} | {escape_markdown(t.description)} |\n"
        for t in tags
    ]
    return "".join(lines)


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


def render_site(site: Site, site_url: str = DEFAULT_SITE_URL) -> dict[str, str]:
    """Render every generated file of ``site``: ``{path under docs_dir: text}``.

    Paths are POSIX and relative: ``index.md``, ``papers/index.md``, ``papers/<slug>.md``,
    ``tags/index.md``, ``tags/<slug>.md``, ``digests/index.md``, ``digests/<slug>.md``,
    ``archive/index.md``, ``archive/<yyyy>-<mm>.md``; the feeds (``feeds/rss.xml``,
    ``feeds/atom.xml``, ``feeds/feed.json`` and the same under ``feeds/tags/<slug>/``) and
    ``papers.json``, whose absolute URLs start with ``site_url``.
    """
    shape = structure(site)
    pages = {HOME_PAGE: home_page(shape), PAPERS_INDEX: papers_index(shape.alphabetical)}
    pages.update({paper_path(p): paper_page(p, shape.digests_by_name) for p in site.papers})
    pages[TAGS_INDEX] = tags_overview(site.tags, shape.tag_counts)
    pages.update({tag_path(t): tag_page(t, shape.papers_by_tag[t.name], shape) for t in site.tags})
    pages[DIGESTS_INDEX] = digests_overview(shape)
    pages.update({digest_path(d): digest_page(d, shape) for d in site.digests})
    pages[ARCHIVE_INDEX] = archive_index(shape)
    pages.update({archive_path(m): archive_page(m, papers, shape) for m, papers in shape.months.items()})
    for feed in site_feeds(shape):
        pages.update(render_feed(feed, site_url))
    pages[PAPERS_JSON] = papers_json(shape, site_url)
    return pages
