"""Feeds of new papers: RSS 2.0 and Atom 1.0 (with feedgen) and JSON Feed 1.1 (with json).

Pure, no I/O: each function returns the text of one feed file, written by ``build`` into
docs_dir (MkDocs copies it to site_dir as it is). Beside a feed's files is a sitemap listing them
(``feed_sitemap``), for the theme. A feed holds the newest ``FEED_ITEMS`` papers
by first listing; an item's id is the paper page's absolute URL (stable: slugs never change),
its date the day the paper was first listed, its categories the paper's tags, its text the
title and the cleaned abstract. Nothing depends on the clock: a feed's updated time is its
newest item's day.

Each format says whether a field is text or HTML, and the text is encoded for exactly that, so a
feed reader shows the cleaned text character for character and no title or abstract becomes
markup (SECURITY.md, point 7):

- RSS 2.0: ``<description>`` is entity-encoded HTML by the specification and readers render it
  as HTML; ``<title>`` has no declared type, and readers guess (feedparser reads it as HTML as
  soon as it holds an entity such as ``&amp;`` or a closing tag of a harmless element). So every
  RSS text (channel and item title and description) is HTML-escaped (``html_text``) before lxml
  escapes it again for XML: read as HTML it shows the text, and a title without ``<``, ``>`` or
  ``&`` (nearly all) is the same string read either way. Categories are plain text.
- Atom 1.0: titles, subtitle and content are text constructs of ``type="text"``, written
  explicitly (``PlainTextExtension``), escaped once by lxml.
- JSON Feed 1.1: ``title``, ``content_text`` and ``summary`` are plain text by the
  specification (no ``content_html`` is written); the json module escapes them for JSON.
"""

from __future__ import annotations

import datetime
import html
import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator

from .model import UNDATED, Digest, Paper
from .sitemaps import SITEMAP, SitemapUrl, urlset
from .structure import FEED_ITEMS, page_url, paper_path
from .text import excerpt

SITE_NAME = "ML Papers Reading List"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
# Characters XML 1.0 cannot hold at all (the text normaliser removes them already; this is the
# last guard, as lxml refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Feed:
    """One feed's description: ``title`` and ``description`` (plain text), ``page`` (the page
    under docs_dir the feed follows: ``index.md`` or ``tags/<slug>.md``), ``paths`` (feed kind
    -> file under docs_dir, see ``structure.feed_path``), ``papers`` (newest first) and
    ``first_listed`` (slug -> the paper's oldest digest)."""

    title: str
    description: str
    page: str
    paths: Mapping[str, str]
    papers: Sequence[Paper]
    first_listed: Mapping[str, Digest]


def absolute(site_url: str, page: str) -> str:
    """The absolute URL of ``page`` (a path under docs_dir) on a site at ``site_url``."""
    return site_url.rstrip("/") + "/" + page_url(page)


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold."""
    return _NOT_XML.sub("", text)


def html_text(text: str) -> str:
    """``text`` (plain, XML-safe) as HTML that shows exactly it: ``&``, ``<`` and ``>`` become
    character references (quotes need none outside attributes)."""
    return html.escape(text, quote=False)


# Atom text constructs (RFC 4287, section 3.1) that feedgen writes without a type attribute.
_ATOM_TEXT = ("title", "subtitle", "rights", "summary", "content")


def _text_type(element: Any) -> Any:
    """Give every Atom text construct directly under ``element`` (an lxml element of feedgen's
    tree) that has no type an explicit ``type="text"`` (RFC 4287's default, so nothing changes
    for a reader); return ``element``."""
    for child in element:
        name = child.tag.rpartition("}")[2] if isinstance(child.tag, str) else ""
        if name in _ATOM_TEXT and "type" not in child.attrib and "src" not in child.attrib:
            child.set("type", "text")
    return element


class PlainTextExtension(BaseExtension):  # type: ignore[misc]
    """feedgen extension writing ``type="text"`` on the Atom feed's title and subtitle."""

    def extend_atom(self, feed: Any) -> Any:
        """Mark the feed's own text constructs (entries are added after this runs)."""
        return _text_type(feed)


class PlainTextEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """feedgen extension writing ``type="text"`` on an Atom entry's title and content."""

    def extend_atom(self, entry: Any) -> Any:
        """Mark the entry's text constructs."""
        return _text_type(entry)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.timezone.utc)


def _items(feed: Feed) -> Sequence[Paper]:
    return feed.papers[:FEED_ITEMS]


def _updated(feed: Feed) -> datetime.datetime:
    items = _items(feed)
    return _moment(max((feed.first_listed[p.slug].day for p in items), default=UNDATED))


def _generator(feed: Feed, site_url: str, kind: str) -> FeedGenerator:
    """A feedgen feed of ``feed`` for ``kind`` (``rss`` or ``atom``), which also names the file
    it is written to (its ``self`` link, given before the home page's link, which RSS keeps as
    the channel's one link). RSS texts are HTML-escaped; Atom texts are ``type="text"``."""
    encode = html_text if kind == "rss" else str
    home = absolute(site_url, feed.page)
    out = FeedGenerator()
    if kind == "atom":
        out.register_extension("plaintext", PlainTextExtension, PlainTextEntryExtension, atom=True, rss=False)
    out.link(href=absolute(site_url, feed.paths[kind]), rel="self")
    out.id(home)
    out.title(encode(xml_text(feed.title)))
    out.subtitle(encode(xml_text(feed.description)))
    out.author({"name": SITE_NAME})
    out.link(href=home, rel="alternate")
    out.language("en")
    out.generator(SITE_NAME)
    out.updated(_updated(feed))
    out.lastBuildDate(_updated(feed))
    for paper in _items(feed):
        _entry(out.add_entry(order="append"), feed, paper, site_url, kind)
    return out


def _entry(entry: FeedEntry, feed: Feed, paper: Paper, site_url: str, kind: str) -> None:
    """Fill one feedgen ``entry`` with ``paper``: RSS ``description`` as HTML-escaped text,
    Atom ``content`` as ``type="text"``."""
    url = absolute(site_url, paper_path(paper))
    entry.id(url)
    entry.guid(url, permalink=True)
    entry.link(href=url)
    entry.published(_moment(feed.first_listed[paper.slug].day))
    entry.updated(_moment(feed.first_listed[paper.slug].day))
    if kind == "rss":
        entry.title(html_text(xml_text(paper.title)))
        entry.description(html_text(xml_text(paper.abstract)))
    else:
        entry.title(xml_text(paper.title))
        entry.content(xml_text(paper.abstract), type="text")
    if paper.tags:
        entry.category([{"term": xml_text(tag)} for tag in paper.tags])


def rss_feed(feed: Feed, site_url: str) -> str:
    """Return the RSS 2.0 document of ``feed`` (UTF-8 XML text)."""
    out = _generator(feed, site_url, "rss")
    data: bytes = out.rss_str(pretty=True)
    return data.decode("utf-8")


def atom_feed(feed: Feed, site_url: str) -> str:
    """Return the Atom 1.0 document of ``feed`` (UTF-8 XML text)."""
    out = _generator(feed, site_url, "atom")
    data: bytes = out.atom_str(pretty=True)
    return data.decode("utf-8")


def json_feed(feed: Feed, site_url: str) -> str:
    """Return the JSON Feed 1.1 document of ``feed``: ``version``, ``title``, ``items`` (each
    with ``id``, ``url``, ``title``, ``content_text``, ``summary``, ``date_published``,
    ``tags``) and the feed's own and home page's URLs."""
    items = [
        {
            "id": absolute(site_url, paper_path(paper)),
            "url": absolute(site_url, paper_path(paper)),
            "title": paper.title,
            "content_text": paper.abstract,
            "summary": excerpt(paper.abstract),
            "date_published": _moment(feed.first_listed[paper.slug].day).isoformat(),
            "tags": list(paper.tags),
        }
        for paper in _items(feed)
    ]
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": absolute(site_url, feed.page),
        "feed_url": absolute(site_url, feed.paths["json"]),
        "description": feed.description,
        "language": "en",
        "authors": [{"name": SITE_NAME}],
        "items": items,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


FEED_WRITERS = {"rss": rss_feed, "atom": atom_feed, "json": json_feed}


def feed_sitemap(feed: Feed, site_url: str) -> str:
    """A sitemap (``<urlset>``) of ``feed``'s files, each with the feed's updated day as
    ``lastmod`` (none for a feed without items). Material's bundle asks every page for ``sitemap.xml`` in the folder of each of
    its ``<link rel="alternate">`` (it follows a page's language versions), and the feeds'
    autodiscovery links are alternates: without this file every list page made three or six
    requests answered by the 404 page."""
    day = _updated(feed).date().isoformat() if _items(feed) else None
    return urlset([SitemapUrl(absolute(site_url, path), day) for path in feed.paths.values()]).decode("utf-8")


def render_feed(feed: Feed, site_url: str) -> dict[str, str]:
    """Return every file of ``feed``: ``{path under docs_dir: text}`` for each kind in
    ``feed.paths``, and ``feed_sitemap`` as ``sitemap.xml`` in their folder."""
    files = {path: FEED_WRITERS[kind](feed, site_url) for kind, path in feed.paths.items()}
    (folder,) = {posixpath.dirname(path) for path in feed.paths.values()}
    return files | {posixpath.join(folder, SITEMAP): feed_sitemap(feed, site_url)}
