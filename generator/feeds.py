"""Feeds of new papers: RSS 2.0 and Atom 1.0 (with feedgen) and JSON Feed 1.1 (with json).

Pure, no I/O: each function returns the text of one feed file, written by ``build`` into
docs_dir (MkDocs copies it to site_dir as it is). A feed holds the newest ``FEED_ITEMS`` papers
by first listing; an item's id is the paper page's absolute URL (stable: slugs never change),
its date the day the paper was first listed, its categories the paper's tags, its text the
title and the cleaned abstract, as plain text that the XML or JSON encoder escapes. Nothing
depends on the clock: a feed's updated time is its newest item's day.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from feedgen.feed import FeedGenerator

from .model import UNDATED, Digest, Paper
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


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=datetime.timezone.utc)


def _items(feed: Feed) -> Sequence[Paper]:
    return feed.papers[:FEED_ITEMS]


def _updated(feed: Feed) -> datetime.datetime:
    items = _items(feed)
    return _moment(max((feed.first_listed[p.slug].day for p in items), default=UNDATED))


def _generator(feed: Feed, site_url: str, kind: str) -> FeedGenerator:
    """A feedgen feed of ``feed``; ``kind`` names the file it is written to (its ``self`` link),
    given before the home page's link, which RSS keeps as the channel's one link."""
    home = absolute(site_url, feed.page)
    out = FeedGenerator()
    out.link(href=absolute(site_url, feed.paths[kind]), rel="self")
    out.id(home)
    out.title(xml_text(feed.title))
    out.subtitle(xml_text(feed.description))
    out.author({"name": SITE_NAME})
    out.link(href=home, rel="alternate")
    out.language("en")
    out.generator(SITE_NAME)
    out.updated(_updated(feed))
    out.lastBuildDate(_updated(feed))
    for paper in _items(feed):
        url = absolute(site_url, paper_path(paper))
        entry = out.add_entry(order="append")
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(xml_text(paper.title))
        entry.link(href=url)
        entry.published(_moment(feed.first_listed[paper.slug].day))
        entry.updated(_moment(feed.first_listed[paper.slug].day))
        entry.description(xml_text(paper.abstract))
        if paper.tags:
            entry.category([{"term": xml_text(tag)} for tag in paper.tags])
    return out


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


def render_feed(feed: Feed, site_url: str) -> dict[str, str]:
    """Return every file of ``feed``: ``{path under docs_dir: text}`` for each kind in
    ``feed.paths``."""
    return {path: FEED_WRITERS[kind](feed, site_url) for kind, path in feed.paths.items()}
