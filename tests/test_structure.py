"""The structure layer (``generator.structure``): grouping, ordering, counting and linking of the
papers of small sites that the tests own, and agreement with the rendered pages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from generator.model import EMPTY_SITE, Site
from generator.pipeline import SourceFile, assemble
from generator.render import render_site
from generator.structure import (
    alphabetical,
    digest_path,
    must_reads_first,
    paper_path,
    relative_link,
    root_prefix,
    structure,
    tag_path,
)

TAXONOMY = """\
tags:
  - name: Agents
    description: LLM agents.
    rules:
      text: ['\\bagents?\\b']
  - name: Vision
    description: Images and video.
    rules:
      title: ['\\bimages?\\b']
  - name: Audio
    description: Speech and sound.
    rules:
      title: ['\\bspeech\\b']
"""


def digest(*titles: str) -> str:
    """A layout A digest holding one entry per title, in the given order."""
    lines = ["new", "Get trending papers in your email inbox!", "Subscribe", "Aug 27"]
    for title in titles:
        lines += [title, f"We study {title.lower()} in depth and report results on three benchmarks."]
    return "\n\n".join(lines) + "\n"


def site(digests: dict[str, str], curation: dict[str, str] | None = None) -> Site:
    files = [SourceFile(f"content/digests/{name}.txt", name, text.encode()) for name, text in sorted(digests.items())]
    cures = [SourceFile(f"content/curation/{s}.yml", s, t.encode()) for s, t in sorted((curation or {}).items())]
    return assemble(files, SourceFile("content/taxonomy.yml", "taxonomy", TAXONOMY.encode()), cures)


SITE = site(
    {
        "000": digest("Zebra agents", "Sharper images from noise", "agents for images"),
        "001": digest("Web agents that browse", "Zebra agents", "A study of tokenizers", "Zebra agents"),
    },
    curation={"a-study-of-tokenizers": "highlight: true\n"},
)


def slugs(papers) -> list[str]:
    return [p.slug for p in papers]


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("index.md", "papers/x.md", "papers/x.md"),
        ("papers/x.md", "digests/y.md", "../digests/y.md"),
        ("tags/index.md", "tags/agents.md", "agents.md"),
        ("tags/agents.md", "papers/x.md", "../papers/x.md"),
        ("tags/agents.md", "index.md", "../index.md"),
        ("a/b/c.md", "a/d/e.md", "../d/e.md"),
        ("a/b/c.md", "a/b.md", "../b.md"),
        ("papers/x.md", "papers/y.md", "y.md"),
    ],
)
def test_relative_link_is_the_shortest_link_between_two_pages(source, target, expected):
    assert relative_link(source, target) == expected


def test_root_prefix_climbs_one_level_per_folder():
    assert [root_prefix(p) for p in ("index.md", "tags/a.md", "a/b/c.md")] == ["", "../", "../../"]


def test_page_paths_sit_in_their_folders_under_the_slug():
    shape = structure(SITE)
    paper = shape.alphabetical[0]
    assert paper_path(paper) == f"papers/{paper.slug}.md"
    assert tag_path(shape.tags_by_name["Vision"]) == "tags/vision.md"
    assert digest_path(shape.digests_by_name["001"]) == f"digests/{shape.digests_by_name['001'].slug}.md"


def test_papers_by_tag_newest_first_listed_first_then_a_to_z_and_every_tag_present():
    shape = structure(SITE)
    assert list(shape.papers_by_tag) == ["Agents", "Vision", "Audio"]  # taxonomy order, empty tag kept
    # "Zebra agents" is in 000 and 001: it was first listed in 000, with "agents for images".
    assert slugs(shape.papers_by_tag["Agents"]) == ["web-agents-that-browse", "agents-for-images", "zebra-agents"]
    assert slugs(shape.papers_by_tag["Vision"]) == ["agents-for-images", "sharper-images-from-noise"]
    assert shape.papers_by_tag["Audio"] == ()
    assert dict(shape.tag_counts) == {"Agents": 3, "Vision": 2, "Audio": 0}


def test_papers_by_digest_follow_the_digest_and_list_a_repeated_paper_once():
    shape = structure(SITE)
    assert list(shape.papers_by_digest) == ["000", "001"]
    assert slugs(shape.papers_by_digest["000"]) == ["zebra-agents", "sharper-images-from-noise", "agents-for-images"]
    assert slugs(shape.papers_by_digest["001"]) == ["web-agents-that-browse", "zebra-agents", "a-study-of-tokenizers"]
    assert dict(shape.digest_counts) == {"000": 3, "001": 3}


def test_alphabetical_ignores_case_and_breaks_ties_by_slug():
    shape = structure(SITE)
    assert slugs(shape.alphabetical) == [
        "a-study-of-tokenizers",
        "agents-for-images",
        "sharper-images-from-noise",
        "web-agents-that-browse",
        "zebra-agents",
    ]
    twins = [p for p in SITE.papers if p.slug in ("zebra-agents", "web-agents-that-browse")]
    same_title = [replace(p, title="Same") for p in twins]
    assert slugs(alphabetical(reversed(same_title))) == ["web-agents-that-browse", "zebra-agents"]


def test_lookups_highlights_and_newest_digests():
    shape = structure(SITE)
    assert list(shape.digests_by_name) == ["000", "001"]
    assert list(shape.tags_by_name) == ["Agents", "Vision", "Audio"]
    assert dict(shape.digest_order) == {"000": 0, "001": 1}
    assert [d.name for d in shape.digests_newest_first] == ["001", "000"]
    assert slugs(shape.highlighted) == ["a-study-of-tokenizers"]


def test_hidden_papers_are_in_no_group():
    hidden = site(
        {"000": digest("Zebra agents", "Sharper images from noise")},
        curation={"zebra-agents": "hidden: true\nreason: Off topic.\n"},
    )
    shape = structure(hidden)
    assert slugs(shape.alphabetical) == ["sharper-images-from-noise"]
    assert shape.papers_by_tag["Agents"] == () and shape.tag_counts["Agents"] == 0
    assert slugs(shape.papers_by_digest["000"]) == ["sharper-images-from-noise"]


def test_an_empty_site_has_an_empty_structure():
    shape = structure(EMPTY_SITE)
    assert shape.alphabetical == () and dict(shape.tag_counts) == {} and dict(shape.papers_by_digest) == {}


def test_rendered_lists_follow_the_structure():
    shape = structure(SITE)
    pages = render_site(SITE)
    for name, papers in shape.papers_by_tag.items():
        page = pages[tag_path(shape.tags_by_name[name])]
        positions = [page.index(f'"../../papers/{p.slug}/"') for p in must_reads_first(papers)]
        assert positions == sorted(positions), name
        assert (
            f"{shape.tag_counts[name]} papers: must-reads first, then newest first by the day they were first listed."
            in page
        )
    for name, papers in shape.papers_by_digest.items():
        page = pages[digest_path(shape.digests_by_name[name])]
        assert page.count("\n<li>") == len(papers)
        positions = [page.index(f'"../../papers/{p.slug}/"') for p in papers]
        assert positions == sorted(positions), name


def test_counts_add_up_on_a_larger_site():
    titles = [f"Agents number {i} with images" for i in range(300)]
    big = site({f"{d:03}": digest(*titles[d * 100 : d * 100 + 150]) for d in range(3)})
    shape = structure(big)
    assert len(shape.alphabetical) == 300
    assert shape.tag_counts["Agents"] == shape.tag_counts["Vision"] == 300
    assert dict(shape.digest_counts) == {"000": 150, "001": 150, "002": 100}
    assert sum(shape.digest_counts.values()) == sum(len(p.digests) for p in big.papers)


PAGES = [
    "index.md",
    "about.md",
    "papers/index.md",
    "papers/a.md",
    "papers/b.md",
    "tags/index.md",
    "tags/agents.md",
    "tags/agents/page/2.md",
    "digests/2026-08-27.md",
    "feeds/rss.xml",
    "feeds/tags/agents/atom.xml",
    "papers.json",
]


@pytest.mark.parametrize("here", [p for p in PAGES if p.endswith(".md")])
def test_url_between_leads_from_each_built_page_to_each_other(here):
    from urllib.parse import urljoin

    from generator.structure import page_url, url_between

    base = "https://example.org/site/" + page_url(here)
    for there in PAGES:
        found = url_between(here, there)
        assert urljoin(base, found) == "https://example.org/site/" + page_url(there), (here, there, found)
        assert not found.startswith("/") and ".md" not in found
