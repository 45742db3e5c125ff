"""Feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1), papers.json and share cards.

Feeds are parsed by feedparser, a real feed reader; the JSON Feed is checked against the JSON
Feed 1.1 rules and papers.json against ``schema/papers.schema.json``. Content is fixture content
owned here, hostile titles included; one real ``mkdocs build --strict`` checks the page heads.
"""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import urljoin

import feedparser
import jsonschema
import pytest
from bs4 import BeautifulSoup
from test_time_axis import TAXONOMY, digest, site

from conftest import ROOT, build_site
from generator.model import History
from generator.render import render_site
from generator.structure import FEED_ITEMS

SITE_URL = "https://example.org/list/"
SCHEMA = json.loads((ROOT / "schema" / "papers.schema.json").read_text(encoding="utf-8"))
HOSTILE = [
    "<script>alert(1)</script> Agents",
    "Agents ]]> and CDATA ends",
    "Tom & Jerry agents &amp; friends",
    "Agents with a \x07bell and \x1b[31mcolour",
    '"Quoted" agents <img src=x onerror=alert(1)>',
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
    return sorted(p for p in files if p.startswith("feeds/"))


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
        first = parsed.entries[:5]
        assert {e.title for e in first} == set(_cleaned(HOSTILE)), path
        assert all(e.id.startswith(SITE_URL + "papers/") and e.id.endswith("/") for e in parsed.entries)
        assert all(e.link == e.id for e in parsed.entries)
        assert first[0].published_parsed[:3] == (2026, 8, 2)
        assert [t.term for t in first[0].tags] == ["Agents"]
        assert parsed.feed.updated_parsed[:3] == (2026, 8, 2) if "updated_parsed" in parsed.feed else True


def _cleaned(titles: list[str]) -> list[str]:
    return [re.sub(r"[\x00-\x1f]", "", t) for t in titles]


def test_hostile_titles_stay_text_in_every_format(files):
    rss = files["feeds/rss.xml"]
    assert "<script>" not in rss and "<img" not in rss and "\x07" not in rss
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Agents" in rss
    assert "Agents ]]&gt; and CDATA ends" in rss
    assert "Tom &amp; Jerry agents &amp;amp; friends" in rss
    entries = feedparser.parse(files["feeds/atom.xml"]).entries
    assert "<script>alert(1)</script> Agents" in {e.title for e in entries}
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
    for path in ("feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json", "feeds/tags/agents/rss.xml", "papers.json"):
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
        assert card["og:title"] == card["twitter:title"] == paper.title
        assert card["og:url"] == f"{SITE_URL}papers/{paper.slug}/"
        assert card["og:description"].startswith("We study")
