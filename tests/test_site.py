"""End to end: the committed content built with the real MkDocs and Material, ``--strict``."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import CONTENT
from generator.build import ContentPaths, load_site


@pytest.fixture(scope="module")
def site_data():
    return load_site(ContentPaths(CONTENT.parent, CONTENT))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path):
    return soup(path).select_one("article.md-content__inner")


def paper_slugs(page: Path, site: Path, links) -> set[str]:
    """Slugs of the paper pages that ``links`` (a tags of ``page``) point to."""
    papers = (site / "papers").resolve()
    targets = {(page.parent / unquote(a["href"].split("#")[0])).resolve() for a in links if "://" not in a["href"]}
    return {t.name for t in targets if t.parent == papers}


def links_from(page: Path, site: Path) -> set[str]:
    """Paper slugs linked from a built page's article."""
    return paper_slugs(page, site, article(page).find_all("a", href=True))


def test_one_page_per_distinct_paper(built_site, site_data):
    assert len(site_data.papers) + len(site_data.hidden) == 493
    pages = {p.parent.name for p in (built_site / "site" / "papers").glob("*/index.html")}
    assert pages == {p.slug for p in site_data.papers}
    assert not set(site_data.hidden) & pages


def test_every_paper_page_shows_its_full_cleaned_abstract_and_title(built_site, site_data):
    for paper in site_data.papers:
        body = article(built_site / "site" / "papers" / paper.slug / "index.html")
        h1 = body.find("h1")
        assert h1.get_text().replace("¶", "").strip() == paper.title
        abstract = h1.find_next_sibling("p")
        assert " ".join(abstract.get_text().split()) == " ".join(paper.abstract.split()), paper.slug
        assert not abstract.find(["em", "strong", "code", "script", "img"]), paper.slug


def test_every_paper_is_reachable_from_its_tags_digests_and_the_all_papers_page(built_site, site_data):
    site = built_site / "site"
    listed = links_from(site / "papers" / "index.html", site)
    tags = {t.name: t for t in site_data.tags}
    by_tag = {t.name: links_from(site / "tags" / t.slug / "index.html", site) for t in site_data.tags}
    by_digest = {d.name: links_from(site / "digests" / d.slug / "index.html", site) for d in site_data.digests}
    for paper in site_data.papers:
        assert paper.slug in listed
        for name in paper.tags:
            assert paper.slug in by_tag[name], (paper.slug, name)
        for name in paper.digests:
            assert paper.slug in by_digest[name], (paper.slug, name)
    assert set().union(*by_tag.values()) <= {p.slug for p in site_data.papers}
    assert len(tags) == 30


def test_digest_pages_list_papers_in_digest_order(built_site, site_data):
    digest = site_data.digests[0]
    body = article(built_site / "site" / "digests" / digest.slug / "index.html")
    titles = [li.a.get_text() for li in body.select("ol > li")]
    seen = []
    for entry in digest.entries:
        paper = next(p for p in site_data.papers if entry in p.entries)
        if paper.title not in seen:
            seen.append(paper.title)
    assert titles == seen


def test_tags_overview_and_home_page_show_counts(built_site, site_data):
    site = built_site / "site"
    overview = article(site / "tags" / "index.html").get_text(" ")
    for tag in site_data.tags:
        count = sum(1 for p in site_data.papers if tag.name in p.tags)
        assert re.search(rf"{re.escape(tag.name)}\s+{count}\b", overview), tag.name
    home = article(site / "index.html").get_text(" ")
    assert f"{len(site_data.papers)} papers from {len(site_data.digests)} digests" in " ".join(home.split())


def test_paper_pages_stay_out_of_the_nav(built_site, site_data):
    site = built_site / "site"
    for page in (
        site / "index.html",
        site / "papers" / "index.html",
        site / "papers" / site_data.papers[0].slug / "index.html",
    ):
        nav = soup(page).select("nav.md-nav--primary a[href], nav.md-tabs a[href]")
        assert nav, page
        assert paper_slugs(page, site, nav) == set(), page


def test_look_up_links_search_by_title(built_site, site_data):
    paper = site_data.papers[0]
    hrefs = [
        a["href"] for a in article(built_site / "site" / "papers" / paper.slug / "index.html").find_all("a", href=True)
    ]
    for host in (
        "arxiv.org/search",
        "semanticscholar.org/search",
        "scholar.google.com/scholar",
        "huggingface.co/papers",
    ):
        assert any(host in h for h in hrefs), host


def test_curation_shows_on_the_built_site(built_site, site_data):
    site = built_site / "site"
    webarena = article(
        site / "papers" / "webarena-a-realistic-web-environment-for-building-autonomous-agents" / "index.html"
    )
    text = " ".join(webarena.get_text(" ").split())
    assert "Must-read" in text and "The standard testbed for web agents" in text
    assert webarena.select_one(".admonition.note em").get_text() == "functional"
    hrefs = {a["href"] for a in webarena.find_all("a", href=True)}
    assert {
        "https://arxiv.org/abs/2307.13854",
        "https://arxiv.org/pdf/2307.13854",
        "https://github.com/web-arena-x/webarena",
    } <= hrefs
    assert "@misc{arxiv2307_13854" in webarena.get_text()
    home = article(site / "index.html")
    must_read = next(h for h in home.find_all("h2") if "Must-read" in h.get_text())
    assert "WebArena" in must_read.find_next("ul").get_text()
    costa = article(
        site / "papers" / "costaast-cost-sensitive-toolpath-agent-for-multi-turn-image-editing" / "index.html"
    )
    assert (
        costa.find("h1").get_text().replace("¶", "").strip()
        == "CoSTA*: Cost-Sensitive Toolpath Agent for Multi-turn Image Editing"
    )
    adamerging = next(p for p in site_data.papers if p.slug.startswith("adamerging"))
    assert "Model merging" in adamerging.tags and "Reinforcement learning" not in adamerging.tags
    hidden = "human-ai-collaboration-the-effect-of-ai-delegation-on-human-task-performance-and-ec3fe95a"
    assert not (site / "papers" / hidden).exists()
    for page in site.rglob("*.html"):
        assert hidden not in page.read_text(encoding="utf-8"), page


def test_edit_action_points_to_the_curation_file(built_site):
    site = built_site / "site"

    def edit_href(slug):
        return soup(site / "papers" / slug / "index.html").select_one("a.md-content__button[href]")["href"]

    curated = edit_href("webarena-a-realistic-web-environment-for-building-autonomous-agents")
    assert curated.endswith(
        "/edit/main/content/curation/webarena-a-realistic-web-environment-for-building-autonomous-agents.yml"
    )
    uncurated = edit_href("a-generalist-agent")
    assert "/new/main/content/curation?filename=a-generalist-agent.yml&value=" in uncurated
    assert unquote(uncurated.split("&value=")[1]).startswith("# Curation of: A Generalist Agent\n")
    assert soup(site / "tags" / "agents" / "index.html").select_one("a.md-content__button") is None
    assert (
        soup(site / "about" / "index.html")
        .select_one("a.md-content__button")["href"]
        .endswith("/edit/main/content/pages/about.md")
    )


def test_tag_chips_link_to_the_generated_tag_pages(built_site):
    page = soup(built_site / "site" / "papers" / "a-generalist-agent" / "index.html")
    chips = {a.get_text(): a["href"] for a in page.select("nav.md-tags a.md-tag")}
    assert chips and all(h.startswith("../../tags/") and h.endswith("/") for h in chips.values())
    assert chips["Agents"] == "../../tags/agents/"
