"""Sitemaps within the protocol's limits: past 50,000 URLs, a sitemap index and its sitemaps.

Pure, no I/O. MkDocs writes one ``sitemap.xml`` (and ``sitemap.xml.gz``) listing every page; the
sitemap protocol (sitemaps.org) allows at most ``MAX_URLS`` URLs per file. ``split_sitemap`` takes
the bytes of MkDocs' sitemap and, when it lists more, returns the files that replace it: a
sitemap index at ``sitemap.xml`` (so every crawler and robots.txt that knows the address keeps
working), the same index gzipped at ``sitemap.xml.gz``, and ``sitemap-1.xml``, ``sitemap-2.xml``
... of at most ``MAX_URLS`` URLs each, at the site root (a sitemap may only list URLs below its
own folder). ``build.write_sitemaps`` writes them. The output depends only on the input: two
builds give the same bytes (the gzip header carries no time or name).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from defusedxml import DefusedXmlException, ElementTree

MAX_URLS = 50_000
SITEMAP = "sitemap.xml"
SITEMAP_GZ = "sitemap.xml.gz"
# The sitemaps an index points to: sitemap-1.xml, sitemap-2.xml, ...
PART = re.compile(r"sitemap-[1-9][0-9]*\.xml")
_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class SitemapError(ValueError):
    """Raised when a sitemap cannot be read: not XML, or not a ``urlset``."""


@dataclass(frozen=True)
class SitemapUrl:
    """One ``<url>`` of a sitemap: its ``loc`` (an absolute URL) and ``lastmod`` (``None`` when
    the sitemap gives none)."""

    loc: str
    lastmod: str | None


def read_urls(sitemap: bytes) -> list[SitemapUrl]:
    """Return the URLs of a sitemap (``<urlset>``) in order. Raises ``SitemapError`` when
    ``sitemap`` is not XML or not a ``urlset`` of the sitemap protocol."""
    try:
        root = ElementTree.fromstring(sitemap)
    except (ElementTree.ParseError, DefusedXmlException) as err:
        raise SitemapError(f"expected a sitemap in XML, found: {err}") from None
    if root.tag != f"{_NS}urlset":
        raise SitemapError(f"expected a <urlset> of the sitemap protocol, found <{root.tag}>")
    return [
        SitemapUrl((url.findtext(f"{_NS}loc") or "").strip(), _stripped(url.findtext(f"{_NS}lastmod")))
        for url in root.iter(f"{_NS}url")
    ]


def _stripped(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def part_name(number: int) -> str:
    """The file name of the ``number``-th (1-based) sitemap of an index: ``sitemap-1.xml``."""
    return f"sitemap-{number}.xml"


def urlset(urls: Sequence[SitemapUrl]) -> bytes:
    """A sitemap (``<urlset>``) listing ``urls``, UTF-8, one ``<url>`` per line."""
    lines = [_HEAD, f"<urlset {_XMLNS}>\n"]
    for url in urls:
        lastmod = f"<lastmod>{escape(url.lastmod)}</lastmod>" if url.lastmod else ""
        lines.append(f"<url><loc>{escape(url.loc)}</loc>{lastmod}</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines).encode("utf-8")


def sitemap_index(site_url: str, parts: Sequence[Sequence[SitemapUrl]]) -> bytes:
    """A sitemap index pointing to ``sitemap-1.xml`` ... under ``site_url`` (which ends with
    ``/``), one per part of ``parts``, each with the newest ``lastmod`` of its URLs."""
    lines = [_HEAD, f"<sitemapindex {_XMLNS}>\n"]
    for number, part in enumerate(parts, start=1):
        dates = [url.lastmod for url in part if url.lastmod]
        lastmod = f"<lastmod>{escape(max(dates))}</lastmod>" if dates else ""
        lines.append(f"<sitemap><loc>{escape(site_url + part_name(number))}</loc>{lastmod}</sitemap>\n")
    lines.append("</sitemapindex>\n")
    return "".join(lines).encode("utf-8")


def split_sitemap(sitemap: bytes, site_url: str, limit: int = MAX_URLS) -> dict[str, bytes] | None:
    """Return the files that replace a sitemap of more than ``limit`` URLs (``{file name at the
    site root: bytes}``: ``sitemap.xml`` as an index, ``sitemap.xml.gz``, ``sitemap-1.xml`` ...),
    or ``None`` when it lists at most ``limit`` and stays as it is. ``site_url`` is the site's
    absolute base URL (a ``/`` is added when missing). Raises ``SitemapError`` as ``read_urls``."""
    urls = read_urls(sitemap)
    if len(urls) <= limit:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    parts = [urls[start : start + limit] for start in range(0, len(urls), limit)]
    index = sitemap_index(base, parts)
    files = {SITEMAP: index, SITEMAP_GZ: gzip.compress(index, mtime=0)}
    files.update({part_name(n): urlset(part) for n, part in enumerate(parts, start=1)})
    return files
