"""Render a ``Site`` into Markdown pages: ``{path under docs_dir: Markdown text}``.

Pure functions, no I/O. Untrusted text (titles, abstracts) passes through ``escape_markdown``
in page bodies and through ``escape_html`` in front matter, which Material prints into the HTML
unescaped. Links between Markdown pages are relative ``.md`` links, which MkDocs checks at
build time. The lists that grow with the site (all papers, tags, digests, archive months,
must-reads) come in pages whose body is one raw HTML block (``lists``, ``paging``; text through
``markup.text``, final directory URLs), never Material tag listings: their cost stays linear in
the number of papers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import quote

from .codestatus import code_status, read_code_statuses
from .dates import provenance
from .export import papers_json
from .feeds import DEFAULT_SITE_URL, SITE_NAME, Feed, render_feed
from .frontmatter import front_matter
from .lists import Group, ListSpec, PaperItems, list_pages
from .markup import anchor, text
from .memo import Memo
from .model import Digest, Paper, Site, Tag, show_count, show_date, show_month
from .paging import paginate
from .paperpage import ReadNext, cached_paper_page, paper_page
from .parallel import map_slices
from .related import digest_neighbours, related_papers
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
    must_reads_first,
    newest_first,
    paper_path,
    relative_link,
    structure,
    tag_path,
    url_between,
)
from .text import escape_html, escape_markdown, find_urls
from .titleindex import title_index

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
# The home page lists at most this many papers of the newest digest and of the must-reads, and
# no more than this many bytes of items in each; the rest are a link away (the digest's and the
# must-reads' own pages).
HOME_ITEMS = 50
HOME_BYTES = 40_000
STRONG = "<strong>{}</strong>"  # a count the home page stresses
# A digest's day on the home page and the digests overview: reading-list.js marks the digests
# listed since the reader's last visit ("New to you").
DAY = "data-rl-day"
NEWEST = "data-rl-newest"  # on the site's newest digest, where a first visit starts counting

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


def feeds_meta(tag: Tag) -> dict[str, object]:
    """Front matter naming a tag's feeds (``feeds: {title, rss, atom, json}``, paths from the
    site root), which ``overrides/partials/feeds-head.html`` links from the page head."""
    return {"feeds": {"title": escape_html(f"{tag.name} · {SITE_NAME}"), **{k: feed_path(k, tag) for k in FEED_FILES}}}


def _dated(paper: Paper, shape: Structure) -> str:
    """`` · <em>27 Aug 2026</em>``: the day ``paper`` was first listed, shown after its item."""
    return f" · <em>{show_date(shape.first_listed[paper.slug].day)}</em>"


def month_group(month: Month) -> Group:
    """The heading of a month in a list: id ``2026-08``, shown ``August 2026``."""
    return Group(f"{month[0]:04}-{month[1]:02}", show_month(month))


MUST_READS_GROUP = Group("must-reads", "Must-reads")


def feed_links(page: str, tag: Tag | None = None) -> str:
    """The visible links from ``page`` to the site's feeds (or ``tag``'s), as HTML with final
    URLs: ``RSS · Atom · JSON Feed``."""
    return " · ".join(anchor(url_between(page, feed_path(kind, tag)), FEED_NAMES[kind]) for kind in FEED_FILES)


def tag_page(tag: Tag, papers: Iterable[Paper], shape: Structure, items: PaperItems | None = None) -> dict[str, str]:
    """Render a tag's list pages (``{path: text}``, page 1 at ``tag_path``): description, feed
    links, then ``papers`` (``Structure.papers_by_tag``: newest first by first listing) with the
    must-reads pinned on top, the others under month headings, each with a one-line excerpt and
    the day it was first listed; jump links to each month. ``items`` renders the items (a
    ``PaperItems`` shared by the pages of one site saves work)."""
    listed = must_reads_first(papers)
    cache = items or PaperItems()
    meta = {"title": escape_html(tag.name), "description": escape_html(tag.description), **LIST_PAGE, **feeds_meta(tag)}

    def intro(here: str) -> list[str]:
        return [
            f"<p>{text(tag.description)}</p>",
            f"<p>{show_count(len(listed), 'paper')}: must-reads first, then newest first by the day they were first listed. "
            f"New papers in this tag by feed: {feed_links(here, tag)}</p>",
        ]

    def group(paper: Paper) -> Group:
        day = shape.first_listed[paper.slug].day
        return MUST_READS_GROUP if paper.highlight else month_group((day.year, day.month))

    def item(paper: Paper, here: str) -> str:
        return cache.item(paper, here, after=_dated(paper, shape))

    return list_pages(ListSpec(tag_path(tag), meta, text(tag.name), intro), listed, item, group, cache.weight)


def tags_overview(tags: Iterable[Tag], counts: Mapping[str, int], code: Mapping[str, Mapping[str, int]]) -> str:
    """Render ``tags/index.md`` (a raw HTML body, like the list pages): a table of every tag with
    its paper count (``counts`` maps every tag name to its number of papers), how many of its
    papers have code released or promised (``code``: ``code_counts``), and its description.
    Each count's cell names what it counts (``data-label``, in the form the count takes:
    ``1 paper``, ``2 papers``): narrow screens show a tag as a block, its name, then its counts
    with those names, then its description (``reading-list.css``, ``.rl-tags``)."""
    # column heading: what one count and what other counts are called
    columns = {"Papers": ("paper", "papers"), "Code released": ("code released",) * 2}
    columns["Code promised"] = ("code promised",) * 2
    heads = "".join(f'<th class="rl-count">{name}</th>' for name in columns)
    lines = ['<div class="rl-list rl-tags">', "<h1>Tags</h1>", "<table>"]
    lines.append(f"<thead><tr><th>Tag</th>{heads}<th>What belongs here</th></tr></thead>")
    lines.append("<tbody>")
    for t in tags:
        found = (counts[t.name], code[t.name]["released"], code[t.name]["promised"])
        cells = "".join(
            f'<td class="rl-count" data-label="{forms[n != 1]}">{n:,}</td>'
            for forms, n in zip(columns.values(), found, strict=True)
        )
        name = anchor(url_between(TAGS_INDEX, tag_path(t)), text(t.name))
        lines.append(f"<tr><td>{name}</td>{cells}<td>{text(t.description)}</td></tr>")
    body = "\n".join([*lines, "</tbody>", "</table>", "</div>"]) + "\n"
    return front_matter({"title": "Tags", **LIST_PAGE}) + body


def code_counts(papers_by_tag: Mapping[str, Iterable[Paper]]) -> dict[str, dict[str, int]]:
    """Return ``{tag name: {code status: number of papers}}`` for every tag of ``papers_by_tag``
    (``Structure.papers_by_tag``); every status of ``codestatus.CODE_STATUSES`` is counted."""
    counts: dict[str, dict[str, int]] = {}
    for name, papers in papers_by_tag.items():
        statuses = [code_status(p) for p in papers]
        counts[name] = {status: statuses.count(status) for status in ("released", "promised", "none")}
    return counts


def must_reads_page(papers: Iterable[Paper], items: PaperItems | None = None) -> dict[str, str]:
    """Render the must-reads list pages (page 1 at ``must-reads.md``): the curators' must-reads
    in the given order (newest digest first), each with its excerpt and the curator's note marked
    (``items``: see ``tag_page``)."""
    listed = tuple(papers)
    cache = items or PaperItems()
    meta = {"title": "Must-reads", **LIST_PAGE}

    def intro(here: str) -> list[str]:
        if not listed:
            return ["<p>No paper is marked as a must-read yet.</p>"]
        return [f"<p>{show_count(len(listed), 'paper')} the curators mark as must-reads, newest digest first.</p>"]

    return list_pages(ListSpec(MUST_READS, meta, "Must-reads", intro), listed, cache.item, weight=cache.weight)


def my_list_page() -> str:
    """Render ``my-list.md``: the reader's starred papers, filled in by the browser script from
    the browser's own storage (nothing leaves the browser), with BibTeX and links exports."""
    meta = {"title": "My list", **LIST_PAGE}
    return (
        front_matter(meta)
        + "# My list\n\n"
        + "The papers you star, kept in this browser only: no account, nothing is sent anywhere. "
        + "Press ☆ Star on a paper's page or in any list to add it here, and ○ Mark read once you have read it.\n\n"
        + '<div class="rl-my-list"><p class="rl-empty">Your list needs JavaScript, '
        + "which this browser does not run for this site.</p></div>\n"
    )


def new_count(digest: Digest, shape: Structure) -> int:
    """How many of ``digest``'s papers are listed for the first time there."""
    return sum(1 for p in shape.papers_by_digest[digest.name] if shape.first_listed[p.slug].name == digest.name)


def _listing(paper: Paper, digest: Digest, here: str, shape: Structure) -> str:
    """Whether ``paper`` is new in ``digest`` or was listed before (with a link to its first
    listing), as HTML shown after its item on the page ``here``."""
    first = shape.first_listed[paper.slug]
    if first.name == digest.name:
        return "<strong>new</strong>"
    return f"listed before: {anchor(url_between(here, digest_path(first)), show_date(first.day))}"


def digest_page(digest: Digest, shape: Structure, items: PaperItems | None = None) -> dict[str, str]:
    """Render a digest's list pages (page 1 at ``digest_path``), titled by its date
    (``Digest.label``): how the date was derived, then its papers in digest order
    (``Structure.papers_by_digest``), numbered, each marked new or listed before (with the
    earlier date; ``items``: see ``tag_page``)."""
    listed = shape.papers_by_digest[digest.name]
    cache = items or PaperItems()
    fresh = new_count(digest, shape)
    meta = {"title": escape_html(digest.label), **LIST_PAGE}

    def intro(here: str) -> list[str]:
        counts = f"{show_count(len(listed), 'paper')}: {fresh:,} new here, {len(listed) - fresh:,} listed before."
        return [f"<p>{counts} {text(provenance(digest))}</p>"]

    def item(paper: Paper, here: str) -> str:
        return cache.item(paper, here, after=" · " + _listing(paper, digest, here, shape))

    spec = ListSpec(digest_path(digest), meta, text(digest.label), intro, ordered=True)
    return list_pages(spec, listed, item, weight=cache.weight)


def digests_overview(shape: Structure) -> dict[str, str]:
    """Render the digests overview (page 1 at ``digests/index.md``): every digest newest first
    by date under month headings, each with its paper count and how many of them it lists for
    the first time, and its day (``DAY``, ``2026-11-20``; the newest digest ``NEWEST`` too);
    jump links to each month."""
    meta = {"title": "Digests", **LIST_PAGE}

    def item(digest: Digest, here: str) -> str:
        shown = anchor(url_between(here, digest_path(digest)), text(digest.label))
        counts = f"{show_count(shape.digest_counts[digest.name], 'paper')}, {new_count(digest, shape):,} new"
        newest = f" {NEWEST}" if shape.latest and digest.name == shape.latest.name else ""
        return f'<li {DAY}="{digest.day.isoformat()}"{newest}>{shown} — {counts}</li>'

    def group(digest: Digest) -> Group:
        return month_group((digest.day.year, digest.day.month))

    spec = ListSpec(
        DIGESTS_INDEX, meta, "Digests", lambda _: ["<p>Every Daily Papers listing on the site, newest first.</p>"]
    )
    return list_pages(spec, shape.digests_newest_first, item, group)


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
            f"- [{show_month(month)}]({relative_link(ARCHIVE_INDEX, archive_path(month))}) — {show_count(len(papers), 'paper')}\n"
        )
    return "".join(lines)


def archive_page(
    month: Month, papers: Iterable[Paper], shape: Structure, items: PaperItems | None = None
) -> dict[str, str]:
    """Render one month of the archive (page 1 at ``archive_path``): ``papers`` first listed in
    ``month`` (newest first), under headings of the day they were first listed; jump links to
    each day (``items``: see ``tag_page``)."""
    listed = tuple(papers)
    cache = items or PaperItems()
    meta = {"title": escape_html(f"Archive: {show_month(month)}"), **LIST_PAGE}

    def intro(here: str) -> list[str]:
        back = anchor(url_between(here, ARCHIVE_INDEX), "All months")
        return [f"<p>{show_count(len(listed), 'paper')} first listed in {show_month(month)}, newest first. {back}</p>"]

    def group(paper: Paper) -> Group:
        day = shape.first_listed[paper.slug].day
        return Group(day.isoformat(), show_date(day))

    spec = ListSpec(archive_path(month), meta, show_month(month), intro)
    return list_pages(spec, listed, cache.item, group, cache.weight)


def letter_group(paper: Paper) -> Group:
    """The letter ``paper`` is listed under A to Z: its title's first letter (ASCII A to Z),
    else ``#`` (id ``other``)."""
    first = paper.title[:1].upper()
    if first.isascii() and first.isalpha():
        return Group(first.lower(), first)
    return Group("other", "#")


def papers_index(papers: Iterable[Paper], items: PaperItems | None = None) -> dict[str, str]:
    """Render the all-papers list pages (page 1 at ``papers/index.md``): ``papers`` in the given
    order (``Structure.alphabetical``) under letter headings, with jump links to each letter
    (``items``: see ``tag_page``)."""
    listed = tuple(papers)
    cache = items or PaperItems()
    meta = {"title": "All papers", **LIST_PAGE}

    def item(paper: Paper, here: str) -> str:
        return cache.item(paper, here, with_excerpt=False)

    def weight(paper: Paper) -> int:
        return cache.weight(paper, with_excerpt=False)

    spec = ListSpec(PAPERS_INDEX, meta, "All papers", lambda _: [f"<p>{show_count(len(listed), 'paper')}, A to Z.</p>"])
    return list_pages(spec, listed, item, letter_group, weight)


def _tag_links(paper: Paper, page: str, shape: Structure) -> str:
    """Links from the page ``page`` to ``paper``'s tag pages, as HTML: ``Agents, Reasoning``."""
    names = (shape.tags_by_name[name] for name in paper.tags)
    return ", ".join(anchor(url_between(page, tag_path(t)), text(t.name)) for t in names)


def _home_share(papers: Sequence[Paper], items: PaperItems) -> tuple[Paper, ...]:
    """The first of ``papers`` that one home page section shows: at most ``HOME_ITEMS``, and no
    more than ``HOME_BYTES`` of items (the first page of ``paging.paginate``)."""
    weights = [items.weight(p) + 200 for p in papers]  # its tags and listing too
    return paginate(papers, HOME_PAGE, HOME_ITEMS, weights, HOME_BYTES)[0].items


def latest_section(shape: Structure, items: PaperItems | None = None) -> list[str]:
    """The home page's opening as HTML lines: the newest digest's papers, must-reads first, each
    with its excerpt, tags and whether it is new there; at most ``HOME_ITEMS`` (and
    ``HOME_BYTES``), then a link to the digest's page for the rest. Its heading carries the
    digest's day (``DAY``) and ``NEWEST``."""
    latest = shape.latest
    if latest is None:
        return ["<p>No digests yet.</p>"]
    cache = items or PaperItems()
    papers = shape.papers_by_digest[latest.name]
    shown = _home_share(must_reads_first(papers), cache)
    target = url_between(HOME_PAGE, digest_path(latest))
    lines = [f'<h2 id="new" {DAY}="{latest.day.isoformat()}" {NEWEST}>New: {anchor(target, text(latest.label))}</h2>']
    lines.append(
        f"<p>{show_count(len(papers), 'paper')}, {new_count(latest, shape):,} of them listed for the first time.</p>"
    )
    lines.append("<ul>")
    for paper in shown:
        tags = _tag_links(paper, HOME_PAGE, shape)
        after = f"{' · ' + tags if tags else ''} · {_listing(paper, latest, HOME_PAGE, shape)}"
        lines.append(cache.item(paper, HOME_PAGE, after=after))
    lines.append("</ul>")
    if len(shown) < len(papers):
        lines.append(f"<p>{anchor(target, f'All {len(papers):,} papers of this digest')}</p>")
    return lines


def home_page(shape: Structure, items: PaperItems | None = None) -> str:
    """Render ``index.md`` (a raw HTML body, like the list pages): counts, the newest digest's
    papers (``latest_section``), the ways into tags, archive, digests and all papers, the feeds
    and ``papers.json``, and the newest must-reads (at most ``HOME_ITEMS`` and ``HOME_BYTES``,
    then a link to the must-reads page)."""
    site = shape.site
    cache = items or PaperItems()
    lines = ['<div class="rl-list">', f"<h1>{text(SITE_NAME)}</h1>"]
    lines.append(
        f"<p>{show_count(len(site.papers), 'paper', STRONG)} from {show_count(len(site.digests), 'digest', STRONG)} of "
        f"the Hugging Face Daily Papers, in {show_count(len(site.tags), 'tag', STRONG)}.</p>"
    )
    lines += latest_section(shape, cache)
    lines += ['<h2 id="explore">Explore</h2>', "<ul>"]
    for page, label, rest in (
        (TAGS_INDEX, "Tags", f": {show_count(len(site.tags), 'topic')}, each with its newest papers first"),
        (ARCHIVE_INDEX, "Archive", ": papers by the month they were first listed"),
        (DIGESTS_INDEX, "Digests", ": every Daily Papers listing, newest first"),
        (PAPERS_INDEX, "All papers", ", A to Z"),
    ):
        lines.append(f"<li>{anchor(url_between(HOME_PAGE, page), label)}{rest}</li>")
    lines += ["</ul>", '<h2 id="follow">Follow</h2>']
    lines.append(
        f"<p>New papers in your feed reader: {feed_links(HOME_PAGE)}. Every tag page has feeds of its own. "
        f"Every paper as data: {anchor(url_between(HOME_PAGE, PAPERS_JSON), 'papers.json')}.</p>"
    )
    if shape.highlighted:
        must = newest_first(shape.highlighted, shape.digest_order)
        shown = _home_share(must, cache)
        lines += ['<h2 id="must-read">Must-read</h2>', "<ul>", *(cache.item(p, HOME_PAGE) for p in shown), "</ul>"]
        if len(shown) < len(must):
            lines.append(f"<p>{anchor(url_between(HOME_PAGE, MUST_READS), f'All {len(must):,} must-reads')}</p>")
    body = "\n".join([*lines, "</div>"]) + "\n"
    return front_matter({"title": "Home", **LIST_PAGE}) + body


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
    ``feeds/atom.xml``, ``feeds/feed.json`` and the same under ``feeds/tags/<slug>/``, each folder
    with a ``sitemap.xml`` of its feeds) and ``papers.json``, whose absolute URLs start with
    ``site_url``; ``must-reads.md`` and ``my-list.md``;
    the title index (``search/titles/<n>.json``, ``titleindex``).
    """
    shape = structure(site)
    if memo is None:  # a build: the abstracts' code statuses over the cores, before pages fork
        read_code_statuses(p.abstract for p in site.papers)
    items = PaperItems()  # each paper's list item rendered once, for every list it is in
    pages = {HOME_PAGE: home_page(shape, items), **papers_index(shape.alphabetical, items)}
    suggestions = read_next(shape, memo)
    pages.update(zip(map(paper_path, site.papers), paper_pages(shape, suggestions, memo), strict=True))
    pages[TAGS_INDEX] = tags_overview(site.tags, shape.tag_counts, code_counts(shape.papers_by_tag))
    for tag in site.tags:
        pages.update(tag_page(tag, shape.papers_by_tag[tag.name], shape, items))
    pages.update(digests_overview(shape))
    for digest in site.digests:
        pages.update(digest_page(digest, shape, items))
    pages[ARCHIVE_INDEX] = archive_index(shape)
    for month, papers in shape.months.items():
        pages.update(archive_page(month, papers, shape, items))
    for feed in site_feeds(shape):
        pages.update(render_feed(feed, site_url))
    pages[PAPERS_JSON] = papers_json(shape, site_url)
    pages.update(title_index(shape))
    pages.update(must_reads_page(newest_first(shape.highlighted, shape.digest_order), items))
    pages[MY_LIST] = my_list_page()
    return pages


def paper_pages(shape: Structure, suggestions: Mapping[str, ReadNext], memo: Memo | None = None) -> list[str]:
    """Every listed paper's page (``paperpage.paper_page``), in ``shape.site.papers``' order;
    over the cores in a build (``parallel``), remembered in ``memo`` while serving."""
    if memo is not None:
        return [
            cached_paper_page(p, shape.digests_by_name, suggestions[p.slug], shape.tags_by_name, memo)
            for p in shape.site.papers
        ]

    def render(papers: Sequence[Paper]) -> list[str]:
        return [paper_page(p, shape.digests_by_name, suggestions[p.slug], shape.tags_by_name) for p in papers]

    return map_slices(render, shape.site.papers)


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
        strongest = paper.tags[0] if paper.tags else None
        # its page is worth a link when it lists another paper
        tag = shape.tags_by_name[strongest] if strongest and len(shape.papers_by_tag[strongest]) > 1 else None
        digest, previous, after = neighbours.get(paper.slug, (None, None, None))
        found[paper.slug] = ReadNext(similar, tag, digest, previous, after)
    return found
