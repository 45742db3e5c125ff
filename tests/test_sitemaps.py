"""Sitemaps within the protocol's limits: a sitemap index past 50,000 URLs (``generator/sitemaps.py``)
and the files ``build.write_sitemaps`` writes into a site folder. Sitemaps are generated here in
the shape MkDocs writes them; no site is built."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from defusedxml import ElementTree

from generator.build import write_sitemaps
from generator.sitemaps import MAX_URLS, SitemapError, SitemapUrl, read_urls, split_sitemap

SITE_URL = "https://example.org/list/"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def mkdocs_sitemap(count: int) -> bytes:
    """A sitemap of ``count`` URLs laid out as MkDocs' template writes it, with an ``&`` in one."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for n in range(count):
        day = f"2026-{1 + n % 12:02}-{1 + n % 28:02}"
        loc = f"{SITE_URL}papers/paper-{n}/" if n != 7 else f"{SITE_URL}papers/a&amp;b/"
        lines += ["    <url>", f"         <loc>{loc}</loc>", f"         <lastmod>{day}</lastmod>", "    </url>"]
    return ("\n".join([*lines, "</urlset>"]) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def big() -> bytes:
    return mkdocs_sitemap(120_000)


def test_a_sitemap_past_50000_urls_becomes_an_index_of_sitemaps_holding_every_url_once(big):
    files = split_sitemap(big, SITE_URL)
    assert files is not None
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml", "sitemap.xml.gz"]
    index = ElementTree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    assert [s.findtext(f"{NS}loc") for s in index] == [f"{SITE_URL}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert all(s.findtext(f"{NS}lastmod") == "2026-12-28" for s in index)
    parts = [read_urls(files[f"sitemap-{n}.xml"]) for n in (1, 2, 3)]
    assert [len(p) for p in parts] == [MAX_URLS, MAX_URLS, 20_000]
    assert [u for p in parts for u in p] == read_urls(big)
    assert SitemapUrl(f"{SITE_URL}papers/a&b/", "2026-08-08") in parts[0]
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    assert max(len(data) for data in files.values()) < 50 * 1024 * 1024  # the protocol's byte limit


def test_the_split_is_byte_identical_between_runs(big):
    assert split_sitemap(big, SITE_URL) == split_sitemap(bytes(big), SITE_URL.rstrip("/"))


@pytest.mark.parametrize("count", [0, 1, MAX_URLS])
def test_a_sitemap_within_the_limit_stays_as_it_is(count):
    assert split_sitemap(mkdocs_sitemap(count), SITE_URL) is None


@pytest.mark.parametrize(
    "data",
    [
        b"not xml",
        b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>',
    ],
)
def test_what_is_not_a_sitemap_is_refused_with_a_clear_error(data):
    with pytest.raises(SitemapError, match="expected"):
        split_sitemap(data, SITE_URL)


def test_write_sitemaps_replaces_the_sitemap_and_removes_parts_of_an_earlier_build(tmp_path: Path, big):
    (tmp_path / "sitemap.xml").write_bytes(big)
    (tmp_path / "sitemap-9.xml").write_text("stale", encoding="utf-8")
    (tmp_path / "sitemap-notes.xml").write_text("not ours", encoding="utf-8")
    assert write_sitemaps(tmp_path, SITE_URL) == 3
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
        "sitemap-notes.xml",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    assert (tmp_path / "sitemap.xml").read_bytes() == split_sitemap(big, SITE_URL)["sitemap.xml"]


def test_write_sitemaps_leaves_a_small_sitemap_alone(tmp_path: Path):
    small = mkdocs_sitemap(3)
    (tmp_path / "sitemap.xml").write_bytes(small)
    (tmp_path / "sitemap.xml.gz").write_bytes(gzip.compress(small))
    assert write_sitemaps(tmp_path, SITE_URL) == 0
    assert (tmp_path / "sitemap.xml").read_bytes() == small
    assert write_sitemaps(tmp_path / "missing", SITE_URL) == 0
