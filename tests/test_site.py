"""End to end: content built with the real MkDocs and Material, ``--strict``.

Two builds, once per session (``conftest``): the committed ``content/`` and the frozen seed
fixture ``tests/seed/content``. The invariants of ``tests/invariants.py``, which hold for any
content, are checked on both; exact figures and the look of particular papers only on the seed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from invariants import (
    article,
    failures,
    faithful_titles_and_abstracts,
    hidden_papers_unpublished,
    list_pages,
    no_executable_content,
    one_page_per_paper,
    paper_slugs,
    reachable,
    soup,
    written_text,
)

from conftest import CONTENT, ROOT, SEED, build_site
from generator.build import ContentPaths, load_site
from generator.cli import main

HIDDEN = "human-ai-collaboration-the-effect-of-ai-delegation-on-human-task-performance-and-ec3fe95a"
WEBARENA = "webarena-a-realistic-web-environment-for-building-autonomous-agents"


@pytest.fixture(scope="module")
def site_data():
    """The seed content as the generator assembles it."""
    return load_site(ContentPaths(SEED.parent, SEED))


@pytest.fixture(scope="module")
def committed_data():
    """The committed content as the generator assembles it (for invariants, never exact values)."""
    return load_site(ContentPaths(CONTENT.parent, CONTENT))


@pytest.fixture(params=["committed", "seed"])
def any_build(request) -> tuple[Path, Path]:
    """``(output folder, content folder)`` of the committed content and of the seed fixture."""
    if request.param == "committed":
        return request.getfixturevalue("built_site"), CONTENT
    return request.getfixturevalue("seed_site"), SEED


# ----- what holds for any content ------------------------------------------------------------


def test_every_invariant_holds(any_build):
    out, content = any_build
    assert failures(out, content) == {}


@pytest.fixture
def seed_copy(seed_site, tmp_path) -> Path:
    """A copy of the built seed site, to spoil in a test."""
    return Path(shutil.copytree(seed_site / "site", tmp_path / "site"))


def test_the_invariants_find_a_missing_page_and_a_missing_link(seed_copy, site_data):
    paper = next(p for p in site_data.papers if p.tags)
    shutil.rmtree(seed_copy / "papers" / site_data.papers[-1].slug)
    tag = next(t for t in site_data.tags if t.name == paper.tags[0])
    listing = seed_copy / "tags" / tag.slug / "index.html"
    text = listing.read_text(encoding="utf-8")
    listing.write_text(text.replace(f"{paper.slug}/", "elsewhere/"), encoding="utf-8")
    assert one_page_per_paper(seed_copy, site_data) == [f"no page for the listed paper {site_data.papers[-1].slug}"]
    assert f"{paper.slug}: not linked from the page of its tag {tag.name!r}" in reachable(seed_copy, site_data)


def test_the_invariants_find_a_changed_abstract_and_markup_in_it(seed_copy, site_data):
    one, two = site_data.papers[:2]
    first = seed_copy / "papers" / one.slug / "index.html"
    # The abstract: the first paragraph after the title and its badges.
    abstract = re.compile(r'(</h1><div class="rl-marks"[^>]*>.*?</div>)<p>')
    text = first.read_text(encoding="utf-8")
    assert len(abstract.findall(text)) == 1
    first.write_text(abstract.sub(r"\1<p>x", text), encoding="utf-8")
    second = seed_copy / "papers" / two.slug / "index.html"
    marked = abstract.sub(r"\1<p><em></em>", second.read_text(encoding="utf-8"), count=1)
    second.write_text(marked, encoding="utf-8")
    assert faithful_titles_and_abstracts(seed_copy, site_data) == [
        f"{one.slug}: expected the abstract as the first paragraph after the title",
        f"{two.slug}: the abstract holds <em>",
    ]


def test_the_invariants_find_a_hidden_paper_and_a_script(seed_copy, site_data):
    home = seed_copy / "index.html"
    home.write_text(
        home.read_text(encoding="utf-8").replace(
            "</article>", f'<a href="papers/{HIDDEN}/">x</a><script>alert(1)</script></article>', 1
        ),
        encoding="utf-8",
    )
    assert hidden_papers_unpublished(seed_copy, site_data) == [f"index.html names the hidden paper {HIDDEN}"]
    assert [f for f in no_executable_content(seed_copy) if f.startswith("index.html: script")]


# ----- exact figures and looks of the seed fixture ---------------------------------------------


def test_the_seed_holds_the_known_figures(site_data):
    result = CliRunner().invoke(main, ["check", "--content-dir", str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "entries: 585" in lines
    assert "distinct papers: 493 (492 listed, 1 hidden)" in lines
    assert "duplicates merged: 92 entries into 72 papers" in lines
    assert "tags: 30; tag coverage: 492/492 papers (100.0%)" in lines
    assert len(site_data.papers) + len(site_data.hidden) == 493
    assert len(site_data.tags) == 30
    assert [d.layout for d in site_data.digests] == ["A", "A", "A", "A", "B"]


def test_one_page_per_distinct_paper(seed_site, site_data):
    pages = {p.parent.name for p in (seed_site / "site" / "papers").glob("*/index.html")}
    assert len(pages) == 492
    assert HIDDEN in site_data.hidden and HIDDEN not in pages


@pytest.mark.parametrize("which", [0, -1])  # the biggest seed digest fills three pages
def test_digest_pages_list_papers_in_digest_order(seed_site, site_data, which):
    digest = site_data.digests[which]
    pages = list_pages(seed_site / "site" / "digests" / digest.slug / "index.html")
    lists = [article(page).select_one("ol") for page in pages]
    titles = [written_text(li.a) for ol in lists for li in ol.select("li")]
    counts = [len(ol.select("li")) for ol in lists]
    assert [int(ol["start"]) for ol in lists] == [1 + sum(counts[:n]) for n in range(len(lists))]  # numbered on
    seen = []
    for entry in digest.entries:
        paper = next((p for p in site_data.papers if entry in p.entries), None)  # None: a hidden paper
        if paper is not None and paper.title not in seen:
            seen.append(paper.title)
    assert len(pages) > 1 if which == -1 else len(pages) == 1
    assert titles == seen


def test_tags_overview_and_home_page_show_counts(seed_site, site_data):
    site = seed_site / "site"
    rows = article(site / "tags" / "index.html").select("tbody tr")
    shown = {row.td.get_text(): row.select_one("td.rl-count").get_text() for row in rows}
    assert shown == {t.name: f"{sum(1 for p in site_data.papers if t.name in p.tags):,}" for t in site_data.tags}
    home = article(site / "index.html").get_text(" ")
    counts = f"{len(site_data.papers):,} papers from {len(site_data.digests):,} digests"
    assert counts in " ".join(home.split())


def test_paper_pages_stay_out_of_the_nav(seed_site, site_data):
    site = seed_site / "site"
    for page in (
        site / "index.html",
        site / "papers" / "index.html",
        site / "papers" / site_data.papers[0].slug / "index.html",
    ):
        nav = soup(page).select("nav.md-nav--primary a[href], nav.md-tabs a[href]")
        assert nav, page
        assert paper_slugs(page, site, nav) == set(), page


def test_curation_shows_on_the_seed_site(seed_site, site_data):
    site = seed_site / "site"
    webarena = article(site / "papers" / WEBARENA / "index.html")
    text = " ".join(webarena.get_text(" ").split())
    assert "Must-read" in text and "The standard testbed for web agents" in text
    assert webarena.select_one(".admonition.note em").get_text() == "functional"
    hrefs = {a["href"] for a in webarena.find_all("a", href=True)}
    assert {
        "https://arxiv.org/abs/2307.13854",
        "https://arxiv.org/pdf/2307.13854",
        "https://github.com/web-arena-x/webarena",
    } <= hrefs
    # the BibTeX entry the script builds is complete (tests/test_reading_browser.py)
    assert webarena.select_one(".rl-paper span.rl-actions")["data-rl-arxiv"] == "2307.13854"
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
    assert not (site / "papers" / HIDDEN).exists()
    assert hidden_papers_unpublished(site, site_data) == []


def test_edit_action_points_to_the_curation_file(seed_site):
    """Paper pages carry what their script makes the edit action from (the browser test
    compares the action it makes with ``curation_edit_url``): the curation folder's address in
    the page's configuration, and whether the paper has a curation file."""
    site = seed_site / "site"

    def config(path):
        return json.loads(soup(site / path).select_one("script#__config").get_text())

    # Curation files live next to the digests: content/curation/ in the repository, here the seed's.
    curation = f"{SEED.relative_to(ROOT).as_posix()}/curation"
    folder, title, icon = config(f"papers/{WEBARENA}/index.html")["curation"]
    assert folder.endswith(f"/{{}}/main/{curation}") and title == "Edit this page"
    assert f'id="{icon}"' in (site / "assets" / "icons" / "icons.svg").read_text(encoding="utf-8")
    assert soup(site / "papers" / WEBARENA / "index.html").select_one(".rl-paper[data-rl-curated]") is not None
    assert soup(site / "papers" / "a-generalist-agent" / "index.html").select_one("[data-rl-curated]") is None
    for path in (f"papers/{WEBARENA}/index.html", "tags/agents/index.html", "about/index.html"):
        assert soup(site / path).select_one("a.md-content__button") is None or path.startswith("about")
    assert "curation" not in config("tags/agents/index.html") and "curation" not in config("about/index.html")
    assert (
        soup(site / "about" / "index.html")
        .select_one("a.md-content__button")["href"]
        .endswith("/edit/main/content/pages/about.md")
    )


def test_no_edit_action_without_a_repository(tmp_path):
    """A site built without ``repo_url`` has no edit action anywhere: paper pages get no
    curation address to make one from, and hand-written pages no edit link (MkDocs would make
    one relative to the page, which leads nowhere)."""
    result = build_site(SEED, tmp_path, extra_env={"REPO_URL": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    paper = soup(site / "papers" / WEBARENA / "index.html")
    assert paper.select_one(".rl-paper[data-rl-curated]") is not None  # the page is the curated one
    assert "curation" not in json.loads(paper.select_one("script#__config").get_text())
    for path in ("about/index.html", "index.html", "tags/agents/index.html"):
        assert soup(site / path).select_one('a[rel="edit"], a.md-content__button') is None, path


def test_tag_chips_link_to_the_generated_tag_pages(seed_site):
    page = soup(seed_site / "site" / "papers" / "a-generalist-agent" / "index.html")
    chips = {a.get_text(): a["href"] for a in page.select("nav.md-tags a.md-tag")}
    assert chips and all(h.startswith("../../tags/") and h.endswith("/") for h in chips.values())
    assert chips["Agents"] == "../../tags/agents/"


YEAR_DATE = re.compile(r"\b([1-9]|[12][0-9]|3[01]) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b")


def test_readers_see_dates_with_years_never_digest_file_names(built_site, committed_data):
    site = built_site / "site"
    names = [d.name for d in committed_data.digests]
    for page in site.rglob("*.html"):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        found = [name for name in names if name in text]
        assert found == [], (page.relative_to(site).as_posix(), found)
    for digest in committed_data.digests:
        heading = article(site / "digests" / digest.slug / "index.html").h1.get_text()
        assert YEAR_DATE.search(heading), heading
    for paper in committed_data.papers:
        listed = article(site / "papers" / paper.slug / "index.html").get_text(" ")
        assert YEAR_DATE.search(listed[listed.index("Appeared in") :]), paper.slug


def test_lists_that_say_newest_first_follow_the_dates(built_site, committed_data):
    site = built_site / "site"
    by_slug = {d.slug: d for d in committed_data.digests}
    overview = article(site / "digests" / "index.html")
    days = [by_slug[a["href"].strip("/").split("/")[-1]].day for a in overview.select("li > a")]
    assert len(days) == len(committed_data.digests) and days == sorted(days, reverse=True)
    first = {p.slug: min(by_slug_day(committed_data, d) for d in p.digests) for p in committed_data.papers}
    for tag in committed_data.tags:
        body = article(site / "tags" / tag.slug / "index.html")
        must_read = {p.slug for p in committed_data.papers if p.highlight}
        listed = [a["href"].strip("/").split("/")[-1] for a in body.select("li > a") if "/papers/" in a["href"]]
        pinned = [s for s in listed if s in must_read]
        assert listed[: len(pinned)] == pinned, tag.name  # must-reads are pinned at the top
        rest = listed[len(pinned) :]
        assert [first[s] for s in rest] == sorted((first[s] for s in rest), reverse=True), tag.name
    home = article(site / "index.html").get_text(" ")
    assert committed_data.digests[-1].label in home and committed_data.digests[-1].day == max(
        d.day for d in committed_data.digests
    )


def by_slug_day(site_data, name: str):
    return next(d.day for d in site_data.digests if d.name == name)
