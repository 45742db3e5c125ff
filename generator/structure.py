"""The site's structure: how the papers of a ``Site`` are grouped, ordered, counted and linked.

Pure, no I/O. ``structure(site)`` computes, once and in time linear in the number of papers
(times the few tags and digests each paper has), everything the pages share: the papers of each
tag and of each digest, in the order their pages list them, the number of papers per tag and per
digest, the papers in alphabetical order, and lookups of digests and tags by name. Where a page
lives (``paper_path``, ``tag_path``, ``digest_path``) and the relative link from one page to
another (``relative_link``) are defined here too. ``render`` (pages), ``report`` (what ``check``
prints) and ``changes`` (pull request summaries) read the site through this layer, and later
groupings (feeds, pagination, related papers, archives by date) belong here as well.

The time axis lives here too: each paper's first listing (its earliest digest by date), the
papers newest first by that date (feeds, archive), grouped by month (tag pages, archive), and
where the feeds, the archive and ``papers.json`` live (``feed_path``, ``archive_path``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Digest, Paper, Site, Tag

HOME_PAGE = "index.md"
PAPERS_INDEX = "papers/index.md"
TAGS_INDEX = "tags/index.md"
DIGESTS_INDEX = "digests/index.md"
ARCHIVE_INDEX = "archive/index.md"
PAPERS_JSON = "papers.json"
# Feed formats and their file names: RSS 2.0, Atom 1.0, JSON Feed 1.1.
FEED_FILES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}
FEED_ITEMS = 50

Month = tuple[int, int]  # (year, month)


def feed_path(kind: str, tag: Tag | None = None) -> str:
    """Where a feed file lives under docs_dir (MkDocs copies it to site_dir as it is): ``kind``
    is a key of ``FEED_FILES``; the site's feeds are ``feeds/rss.xml`` ..., a tag's
    ``feeds/tags/<slug>/rss.xml`` ... Raises ``KeyError`` for an unknown kind."""
    folder = f"feeds/tags/{tag.slug}" if tag else "feeds"
    return f"{folder}/{FEED_FILES[kind]}"


def archive_path(month: Month) -> str:
    """Where a month's archive page lives under docs_dir: ``archive/2026-08.md``."""
    return f"archive/{month[0]:04}-{month[1]:02}.md"


def page_url(page: str) -> str:
    """The URL path, relative to site_url, of the page at ``page`` under docs_dir, as MkDocs
    writes it with directory URLs (``papers/x.md`` -> ``papers/x/``, ``tags/index.md`` ->
    ``tags/``, ``index.md`` -> ``""``); a file that is not Markdown keeps its path."""
    if not page.endswith(".md"):
        return page
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def paper_path(paper: Paper) -> str:
    """Where a paper's page lives under docs_dir: ``papers/<slug>.md``."""
    return f"papers/{paper.slug}.md"


def tag_path(tag: Tag) -> str:
    """Where a tag's index page lives under docs_dir: ``tags/<slug>.md``."""
    return f"tags/{tag.slug}.md"


def digest_path(digest: Digest) -> str:
    """Where a digest's page lives under docs_dir: ``digests/<slug>.md``."""
    return f"digests/{digest.slug}.md"


def root_prefix(page: str) -> str:
    """Return the relative link from ``page`` (a POSIX path under docs_dir, such as
    ``tags/agents.md``) to docs_dir's root: ``""`` for a top-level page, ``"../"`` per folder."""
    return "../" * page.count("/")


def relative_link(from_page: str, to_page: str) -> str:
    """Return the shortest relative link from the page ``from_page`` to the page ``to_page``
    (both POSIX paths under docs_dir, such as ``papers/x.md`` and ``digests/y.md``, giving
    ``../digests/y.md``); MkDocs resolves and checks such ``.md`` links at build time."""
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def url_between(from_page: str, to_page: str) -> str:
    """Return the shortest relative URL from the page ``from_page`` to the page or file
    ``to_page`` (POSIX paths under docs_dir) as the built site has them (``page_url``: directory
    URLs): ``papers/x.md`` to ``tags/y.md`` gives ``../../tags/y/``, to ``papers/z.md``
    ``../z/``; a page to itself ``./``. For HTML written into page bodies, which MkDocs passes
    through without resolving ``.md`` links."""
    here = [part for part in page_url(from_page).split("/") if part]
    if not from_page.endswith(".md"):
        here = here[:-1]
    there = page_url(to_page).split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:]) or "./"


def tag_counts(site: Site) -> dict[str, int]:
    """Return the number of listed papers per tag name, in taxonomy order (zero included)."""
    return _count((t.name for t in site.tags), (p.tags for p in site.papers))


def digest_counts(site: Site) -> dict[str, int]:
    """Return the number of listed papers per digest name, oldest digest first (a paper listed
    twice in one digest counts once)."""
    return _count((d.name for d in site.digests), (p.digests for p in site.papers))


def _count(keys: Iterable[str], groups: Iterable[tuple[str, ...]]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for group in groups:
        for key in group:
            counts[key] += 1
    return counts


def alphabetical(papers: Iterable[Paper]) -> tuple[Paper, ...]:
    """Return ``papers`` A to Z by title (case-insensitive), ties broken by slug."""
    return tuple(sorted(papers, key=lambda p: (p.title.casefold(), p.slug)))


def newest_listed(papers: Iterable[Paper], digest_order: Mapping[str, int]) -> tuple[Paper, ...]:
    """Return ``papers`` by their first listing, newest first (the position of their oldest
    digest in ``digest_order``, which is date order), then A to Z by title and slug."""
    return tuple(sorted(papers, key=lambda p: (-digest_order[p.digests[0]], p.title.casefold(), p.slug)))


def by_month(papers: Iterable[Paper], first_listed: Mapping[str, Digest]) -> dict[Month, tuple[Paper, ...]]:
    """Group ``papers`` (keeping their order) by the month of their first listing
    (``first_listed`` maps slug to the paper's oldest digest); months in order of first
    appearance, so papers newest first give months newest first."""
    months: dict[Month, list[Paper]] = {}
    for paper in papers:
        day = first_listed[paper.slug].day
        months.setdefault((day.year, day.month), []).append(paper)
    return {month: tuple(listed) for month, listed in months.items()}


def newest_first(papers: Iterable[Paper], digest_order: Mapping[str, int]) -> tuple[Paper, ...]:
    """Return ``papers`` by their newest digest, newest first, then A to Z by title and slug.

    ``digest_order`` maps every digest name to its position (oldest 0); a ``KeyError`` means a
    paper names a digest the site does not have, which ``assemble`` never produces.
    """
    return tuple(sorted(papers, key=lambda p: (-max(digest_order[d] for d in p.digests), p.title.casefold(), p.slug)))


def must_reads_first(papers: Iterable[Paper]) -> tuple[Paper, ...]:
    """Return ``papers`` with the must-reads (``highlight``) first, each group in the given order
    (a stable partition: tag pages pin must-reads at the top)."""
    listed = tuple(papers)
    return tuple(p for p in listed if p.highlight) + tuple(p for p in listed if not p.highlight)


@dataclass(frozen=True)
class Structure:
    """The grouped, ordered and counted view of a ``Site`` that every page shares.

    Mappings keyed by digest name hold every digest, oldest first; those keyed by tag name hold
    every taxonomy tag, in taxonomy order (empty groups and zero counts included).

    - ``papers_by_tag``: each tag's papers as its page lists them, newest first by first listing.
    - ``papers_by_digest``: each digest's listed papers in the digest's own order (by the line of
      their first entry in it); a paper listed twice in one digest appears once.
    - ``tag_counts`` / ``digest_counts``: the lengths of those groups.
    - ``alphabetical``: every listed paper A to Z; ``highlighted``: the must-reads, slug order.
    - ``digests_by_name`` / ``tags_by_name`` / ``digest_order`` (name -> position, oldest 0;
      digests are in date order, so this is too).
    - ``first_listed``: slug -> the paper's oldest digest (its date is the paper's "first listed").
    - ``newest``: every listed paper, newest first by first listing (feeds, archive).
    - ``months``: ``newest`` grouped by the month of first listing, newest month first.
    """

    site: Site
    digests_by_name: Mapping[str, Digest]
    tags_by_name: Mapping[str, Tag]
    digest_order: Mapping[str, int]
    papers_by_tag: Mapping[str, tuple[Paper, ...]]
    papers_by_digest: Mapping[str, tuple[Paper, ...]]
    tag_counts: Mapping[str, int]
    digest_counts: Mapping[str, int]
    alphabetical: tuple[Paper, ...]
    highlighted: tuple[Paper, ...]
    first_listed: Mapping[str, Digest]
    newest: tuple[Paper, ...]
    months: Mapping[Month, tuple[Paper, ...]]

    @property
    def digests_newest_first(self) -> tuple[Digest, ...]:
        """Every digest, newest first (by date, then file name)."""
        return tuple(reversed(self.site.digests))

    @property
    def latest(self) -> Digest | None:
        """The newest digest, or ``None`` for a site without digests."""
        return self.site.digests[-1] if self.site.digests else None


def structure(site: Site) -> Structure:
    """Group, order and count the papers of ``site`` (see ``Structure``); pure and linear."""
    order = {d.name: i for i, d in enumerate(site.digests)}
    by_tag = _papers_by_tag(site)
    by_digest = _papers_by_digest(site)
    names = {d.name: d for d in site.digests}
    first = {p.slug: names[p.digests[0]] for p in site.papers}
    newest = newest_listed(site.papers, order)
    return Structure(
        site=site,
        digests_by_name=names,
        tags_by_name={t.name: t for t in site.tags},
        digest_order=order,
        papers_by_tag={name: newest_listed(papers, order) for name, papers in by_tag.items()},
        papers_by_digest=by_digest,
        tag_counts={name: len(papers) for name, papers in by_tag.items()},
        digest_counts={name: len(papers) for name, papers in by_digest.items()},
        alphabetical=alphabetical(site.papers),
        highlighted=tuple(p for p in site.papers if p.highlight),
        first_listed=first,
        newest=newest,
        months=by_month(newest, first),
    )


def _papers_by_tag(site: Site) -> dict[str, list[Paper]]:
    by_tag: dict[str, list[Paper]] = {t.name: [] for t in site.tags}
    for paper in site.papers:
        for name in paper.tags:
            by_tag[name].append(paper)
    return by_tag


def _papers_by_digest(site: Site) -> dict[str, tuple[Paper, ...]]:
    digest_of = {d.source: d.name for d in site.digests}
    firsts: dict[str, dict[str, tuple[int, Paper]]] = {d.name: {} for d in site.digests}
    for paper in site.papers:
        for entry in paper.entries:
            firsts[digest_of[entry.source]].setdefault(paper.slug, (entry.line, paper))
    return {
        name: tuple(paper for _, paper in sorted(listed.values(), key=lambda item: item[0]))
        for name, listed in firsts.items()
    }
