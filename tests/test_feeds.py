"""Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), papers.json and share cards.

Feeds are parsed by feedparser, a real feed reader; the JSON Feed is checked against the JSON
Feed 1.1 rules and papers.json against ``schema/papers.schema.json``. Content is fixture content
owned here, hostile titles included; one real ``mkdocs build --strict`` checks the page heads.
"""

from __future__ import annotations

import datetime
import json
import posixpath
import re
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from test_time_axis import TAXONOMY, digest, site

from conftest import ROOT, build_site
from generator.feeds import SITE_NAME
from generator.model import History
from generator.render import render_site
from generator.sitemaps import read_urls
from generator.structure import FEED_ITEMS
from generator.text import excerpt

SITE_URL = "https://example.org/list/"
SCHEMA = json.loads((ROOT / "schema" / "papers.schema.json").read_text(encoding="utf-8"))
HOSTILE = [
    "<script>alert(1)</script> Agents",
    "Agents ]]> and CDATA ends",
    "Tom & Jerry agents &amp; friends",
    "Agents with a \x07bell and \x1b[31mcolour",
    '"Quoted" agents <img src=x onerror=alert(1)>',
    "<think> Agents that reason </think> <b>bold</b>",
]
D = datetime.date

# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): what a reader relies on.
JSON_FEED_SCHEMA = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string", "pattern": "^https?://"},
        "feed_url": {"type": "string", "pattern": "^https?://"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string", "pattern": "^https?://"},
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "date_published": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def hostile_site():
    many = [f"Agents number {i:03}" for i in range(60)]
    return site(
        {
            "2026-08-01": digest(*many, date_line="Aug 1"),
            "2026-08-02": digest(*HOSTILE, date_line="Aug 2"),
        },
        History(),
    )


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return render_site(hostile_site(), SITE_URL)


def feed_files(files: dict[str, str]) -> list[str]:
    return sorted(p for p in files if p.startswith("feeds/") and not p.endswith("/sitemap.xml"))


def test_each_feed_folder_has_a_sitemap_of_its_feeds(files):
    # Material asks for sitemap.xml beside every <link rel="alternate">, the feed links included
    folders = {posixpath.dirname(p) for p in feed_files(files)}
    assert {p for p in files if p.startswith("feeds/") and p.endswith("/sitemap.xml")} == {
        f"{folder}/sitemap.xml" for folder in folders
    }
    for folder in folders:
        urls = read_urls(files[f"{folder}/sitemap.xml"].encode("utf-8"))
        feeds = [SITE_URL + p for p in feed_files(files) if posixpath.dirname(p) == folder]
        assert sorted(u.loc for u in urls) == feeds
        assert {u.lastmod for u in urls} == {"2026-08-02"}


def test_every_feed_parses_with_the_newest_papers_first(files):
    built = hostile_site()
    paths = feed_files(files)
    assert len(paths) == 3 * (1 + len(built.tags))
    for path in paths:
        if path.endswith(".json"):
            continue
        parsed = feedparser.parse(files[path])
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.endswith("rss.xml") else "atom10")
        assert len(parsed.entries) == FEED_ITEMS
        first = parsed.entries[: len(HOSTILE)]
        assert {shown(e.title_detail) for e in first} == set(_cleaned(HOSTILE)), path
        assert all(e.id.startswith(SITE_URL + "papers/") and e.id.endswith("/") for e in parsed.entries)
        assert all(e.link == e.id for e in parsed.entries)
        assert first[0].published_parsed[:3] == (2026, 8, 2)
        assert [t.term for t in first[0].tags] == ["Agents"]
        assert parsed.feed.updated_parsed[:3] == (2026, 8, 2) if "updated_parsed" in parsed.feed else True


def _cleaned(titles: list[str]) -> list[str]:
    return [re.sub(r"[\x00-\x1f]", "", t) for t in titles]


def shown(detail) -> str:
    """What a feed reader shows for a field feedparser parsed (its ``*_detail``): plain text as it
    is, HTML as the text it renders to. The HTML of a title or abstract must hold no element at
    all (so feedparser's sanitiser had nothing to remove, and no reader has markup to run)."""
    if detail.type == "text/plain":
        return detail.value
    assert detail.type == "text/html", detail
    html = BeautifulSoup(detail.value, "html.parser")
    assert html.find() is None, detail.value
    return html.get_text()


def test_a_reader_shows_every_title_and_abstract_as_the_cleaned_text(files):
    """feedparser (the reader most aggregators build on) shows each RSS and Atom title and
    abstract exactly as the cleaned text; a JSON Feed's title, content_text and summary are plain
    text by its specification (feedparser 6.0 does not read JSON Feed) and equal it too."""
    papers = {p.slug: p for p in hostile_site().papers}
    hostile = {p.slug for p in papers.values() if p.title in _cleaned(HOSTILE)}
    assert len(hostile) == len(HOSTILE)
    for kind in ("rss", "atom"):
        parsed = feedparser.parse(files[f"feeds/{kind}.xml"])
        entries = {e.id.removeprefix(SITE_URL + "papers/").rstrip("/"): e for e in parsed.entries}
        assert hostile <= set(entries)
        for slug, entry in entries.items():
            text = entry.content[0] if kind == "atom" else entry.summary_detail
            assert (shown(entry.title_detail), shown(text)) == (papers[slug].title, papers[slug].abstract), kind
        assert shown(parsed.feed.title_detail) == SITE_NAME
    items = {i["id"]: i for i in json.loads(files["feeds/feed.json"])["items"]}
    for slug in hostile:
        item = items[f"{SITE_URL}papers/{slug}/"]
        assert (item["title"], item["content_text"]) == (papers[slug].title, papers[slug].abstract)
        assert item["summary"] == excerpt(papers[slug].abstract) and "content_html" not in item


def test_each_format_declares_how_its_text_is_encoded(files):
    """RSS: titles and descriptions are HTML-escaped, then XML-escaped (``&amp;lt;``), so read as
    HTML they show the text. Atom: every text construct says ``type="text"``, escaped once."""
    rss = files["feeds/rss.xml"]
    assert "<script>" not in rss and "<img" not in rss and "\x07" not in rss and "&lt;script" not in rss
    assert "<title>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; Agents</title>" in rss
    assert "<title>Agents ]]&amp;gt; and CDATA ends</title>" in rss
    assert "<title>Tom &amp;amp; Jerry agents &amp;amp;amp; friends</title>" in rss
    assert "<description>We study &amp;lt;think&amp;gt; agents that reason" in rss
    atom = files["feeds/atom.xml"]
    assert "<script>" not in atom and "<img" not in atom
    assert '<title type="text">&lt;script&gt;alert(1)&lt;/script&gt; Agents</title>' in atom
    assert '<content type="text">We study &lt;script&gt;alert(1)&lt;/script&gt; agents' in atom
    assert re.findall(r"<(title|subtitle|content|summary)(?![^>]*type=\"text\")", atom) == []
    items = json.loads(files["feeds/feed.json"])["items"]
    assert "Tom & Jerry agents &amp; friends" in {i["title"] for i in items}


def test_json_feeds_follow_json_feed_1_1(files):
    for path in feed_files(files):
        if path.endswith(".json"):
            document = json.loads(files[path])
            jsonschema.validate(document, JSON_FEED_SCHEMA, format_checker=jsonschema.FormatChecker())
            ids = [i["id"] for i in document["items"]]
            assert len(ids) == len(set(ids)) == min(FEED_ITEMS, len(ids))
            assert document["feed_url"] == SITE_URL + path


def test_feeds_are_deterministic_and_item_ids_do_not_move(files):
    again = render_site(hostile_site(), SITE_URL)
    assert {p: again[p] for p in feed_files(files)} == {p: files[p] for p in feed_files(files)}


def test_a_new_digest_tops_the_feed_and_old_ids_stay(tmp_path):
    before = hostile_site()
    texts = {
        "2026-08-01": digest(*[f"Agents number {i:03}" for i in range(60)], date_line="Aug 1"),
        "2026-08-02": digest(*HOSTILE, date_line="Aug 2"),
        "zz-later": digest("Brand new agents", date_line="Sep 9"),
    }
    after = site(texts, History(added={"zz-later": D(2026, 9, 10)}))
    old = feedparser.parse(render_site(before, SITE_URL)["feeds/atom.xml"]).entries
    new = feedparser.parse(render_site(after, SITE_URL)["feeds/atom.xml"]).entries
    assert new[0].title == "Brand new agents" and new[0].published_parsed[:3] == (2026, 9, 9)
    assert [e.id for e in new[1:]] == [e.id for e in old[:-1]]


def test_papers_json_validates_against_its_schema_and_holds_every_paper(files):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    data = json.loads(files["papers.json"])
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(data)) == []
    built = hostile_site()
    assert data["version"] == 1 and [p["slug"] for p in data["papers"]] == [p.slug for p in built.papers]
    record = next(p for p in data["papers"] if p["title"] == "Agents ]]> and CDATA ends")
    assert record["first_listed"] == "2026-08-02" and record["url"] == f"{SITE_URL}papers/{record['slug']}/"
    assert record["digests"] == [
        {
            "label": "Daily Papers, 2 Aug 2026",
            "date": "2026-08-02",
            "date_source": "file name",
            "url": f"{SITE_URL}digests/2026-08-02/",
        }
    ]


def test_papers_json_carries_links_and_curation_fields():
    text = digest(
        "Curated agents", abstracts={"Curated agents": "Agents. Code at https://github.com/a/b and https://x.org/p."}
    )
    built = site(
        {"2026-08-27": text}, curation={"curated-agents": "highlight: true\nnote: Read it.\narxiv: '2401.00001'\n"}
    )
    data = json.loads(render_site(built, SITE_URL)["papers.json"])
    jsonschema.validate(data, SCHEMA)
    (paper,) = data["papers"]
    assert paper["code"] == ["https://github.com/a/b"] and paper["project_pages"] == ["https://x.org/p"]
    assert (paper["must_read"], paper["note"], paper["arxiv"], paper["curated"]) == (
        True,
        "Read it.",
        "2401.00001",
        True,
    )


# ----- a real build: page heads ------------------------------------------------------------------


@pytest.mark.site
def test_heads_link_the_feeds_and_paper_pages_carry_escaped_share_cards(tmp_path):
    content = tmp_path / "content"
    (content / "digests").mkdir(parents=True)
    (content / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    (content / "digests" / "2026-08-02.txt").write_text(digest(*HOSTILE, date_line="Aug 2"), encoding="utf-8")
    result = build_site(content, tmp_path / "out", extra_env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    site_dir = tmp_path / "out" / "site"
    for path in (
        "feeds/rss.xml",
        "feeds/atom.xml",
        "feeds/feed.json",
        "feeds/tags/agents/rss.xml",
        "papers.json",
        "feeds/tags/agents/sitemap.xml",
    ):
        assert (site_dir / path).is_file(), path
    home = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    alternates = {urljoin(SITE_URL, link["href"]) for link in home.select('head link[rel="alternate"]')}
    assert {f"{SITE_URL}feeds/rss.xml", f"{SITE_URL}feeds/atom.xml", f"{SITE_URL}feeds/feed.json"} <= alternates
    tag = BeautifulSoup((site_dir / "tags" / "agents" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert f"{SITE_URL}feeds/tags/agents/atom.xml" in {
        urljoin(f"{SITE_URL}tags/agents/", link["href"]) for link in tag.select('head link[rel="alternate"]')
    }
    assert tag.select_one('article a[href$="feeds/tags/agents/rss.xml"]') is not None
    papers = site({"2026-08-02": digest(*HOSTILE, date_line="Aug 2")}).papers
    assert sorted(p.title for p in papers) == sorted(_cleaned(HOSTILE))
    for paper in papers:
        slug_page = site_dir / "papers" / paper.slug / "index.html"
        raw = slug_page.read_text(encoding="utf-8")
        head = raw[: raw.index("</head>")]
        assert "<script>alert" not in head and "<img" not in head
        page = BeautifulSoup(raw, "html.parser")
        card = {m.get("property") or m.get("name"): m["content"] for m in page.select("head meta[content]")}
        assert card["og:type"] == "article" and card["twitter:card"] == "summary"
        assert card["og:title"] == paper.title and "twitter:title" not in card  # Twitter/X reads og:title
        assert not page.select('head link[rel="alternate"]')  # paper pages stay light: feeds are on list pages
        assert page.select_one('head link[rel="canonical"]')["href"] == f"{SITE_URL}papers/{paper.slug}/"
        assert "og:url" not in card  # the canonical link gives the card's address
        assert card["og:description"].startswith("We study")
