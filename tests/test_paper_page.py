"""Paper pages a reader acts on (issue 13), on the fixture content in tests/reading/content:
curation first, badges, must-reads, related papers, code status, math spans, BibTeX, tag
strength and the cap on tags."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from conftest import ROOT
from generator.bibtex import bibtex_entry, escape_bibtex
from generator.build import ContentPaths, load_site
from generator.changes import compare
from generator.codestatus import abstract_code_status, code_status
from generator.curation import load_curation
from generator.markup import math_text
from generator.model import Digest, Paper, SourceFile
from generator.paperpage import CITE
from generator.related import related_papers
from generator.render import render_site
from generator.tags import MAX_TAGS, tag_slug
from generator.texmath import clean_around_math, math_excerpt, math_spans

CONTENT = ROOT / "tests" / "reading" / "content"
PLAN = "agents-that-plan-tree-search-for-web-agents"
BENCH = "p-bench-evaluating-agents-on-long-horizon-tasks-1bbf2560"
MERGE = "merging-agents-by-task-arithmetic"
EMERGENT = "emergent-abilities-of-agents"
COOKING = "cooking-recipes-for-robots"


@pytest.fixture(scope="module")
def site():
    return load_site(ContentPaths(ROOT, CONTENT))


@pytest.fixture(scope="module")
def pages(site):
    return render_site(site)


def paper(site, slug: str) -> Paper:
    return next(p for p in site.papers if p.slug == slug)


def front(page: str) -> str:
    return page.split("---\n", 2)[1]


def test_the_note_comes_before_the_abstract_and_must_read_is_a_badge_by_the_title(pages):
    page = pages[f"papers/{PLAN}.md"]
    title = page.index('<h1 data-pagefind-weight="10">Agents That Plan')
    badge = page.index('<span class="rl-badge rl-must-read">Must-read</span>')
    note = page.index('<p class="admonition-title" data-pagefind-ignore>Curator\'s note</p>')
    abstract = page.index("<p>Web agents plan with tree search", title)
    assert title < badge < note < abstract
    assert page[title:badge].count("\n") == 1  # the line right after the title
    assert "Curators mark this paper" not in page


def test_must_reads_page_lists_must_reads_and_is_in_the_nav(pages):
    page = pages["must-reads.md"]
    assert f'"../papers/{PLAN}/"' in page  # must-reads.md is at must-reads/
    assert f"papers/{MERGE}/" not in page
    assert "must-reads.md" in (ROOT / "mkdocs.yml").read_text() and "my-list.md" in (ROOT / "mkdocs.yml").read_text()


def test_tag_pages_pin_must_reads_at_the_top(pages):
    items = [line for line in pages["tags/agents.md"].splitlines() if line.startswith("<li>")]
    assert PLAN in items[0]
    assert len(items) == 4


def test_list_items_mark_notes_code_status_and_carry_the_reading_list_hook(pages):
    item = next(line for line in pages["tags/agents.md"].splitlines() if PLAN in line)
    assert 'rl-badge rl-note">Note<' in item and 'rl-code-released">Code released<' in item
    # the slug and title come from the item's link; the rest a BibTeX entry needs is here
    assert '<span class="rl-actions" data-rl-year="2026"></span>' in item
    other = next(line for line in pages["tags/agents.md"].splitlines() if EMERGENT in line)
    assert "rl-badge" not in other and 'class="rl-actions"' in other


# The Agents tag of this fixture: its papers, with code released, with code promised.
PAPERS_AND_CODE = {"papers": 4, "code released": 1, "code promised": 1}


def test_code_status_from_links_abstract_and_curation_is_a_badge(site, pages):
    assert code_status(paper(site, PLAN)) == "released"  # a GitHub link
    assert code_status(paper(site, BENCH)) == "promised"  # "will be released"
    assert code_status(paper(site, EMERGENT)) == "none"
    assert code_status(paper(site, COOKING)) == "promised"  # curated
    assert '<span class="rl-badge rl-code-promised">Code promised</span>' in pages[f"papers/{COOKING}.md"]
    assert '<span class="rl-badge rl-code-released">Code released</span>' in pages[f"papers/{PLAN}.md"]
    assert '<span class="rl-badge rl-code' not in pages[f"papers/{EMERGENT}.md"].split("</h1>")[1].split("</div>")[0]
    overview = pages["tags/index.md"]
    assert '<th class="rl-count">Code released</th><th class="rl-count">Code promised</th>' in overview
    counts = "".join(f'<td class="rl-count" data-label="{label}">{n}</td>' for label, n in PAPERS_AND_CODE.items())
    assert f'<tr><td><a href="agents/">Agents</a></td>{counts}<td>' in overview


@pytest.mark.parametrize(
    ("abstract", "status"),
    [
        ("Our code is publicly available at the project page.", "released"),
        ("Code and models will be made publicly available upon acceptance.", "promised"),
        ("We will release the dataset soon. The code is available now.", "released"),
        ("Our findings will be available to practitioners.", "none"),
        ("There is a scarcity of data available for finetuning models.", "none"),
    ],
)
def test_code_status_reads_what_the_abstract_says(abstract, status):
    assert abstract_code_status(abstract) == status


def test_curation_refuses_an_unknown_code_status(site):
    file = SourceFile("content/curation/x.yml", PLAN, b"code_status: maybe\n")
    curations, problems = load_curation([file], list(site.papers), list(site.tags))
    assert curations == []
    assert [p.message for p in problems] == [
        "expected code_status to be one of released, promised, none, found 'maybe'"
    ]


def test_math_spans_are_marked_and_prices_stay_text(pages):
    page = pages[f"papers/{BENCH}.md"]
    pi = '<span class="math" title="$π$"><math><mrow><mi>π</mi></mrow></math></span>'
    assert f'<h1 data-pagefind-weight="10">{pi}-Bench' in page
    assert '<span class="math" title="$\\mathcal&#123;O&#125;(n)$"><math><mrow><mi>𝒪</mi>' in page
    assert "costs $0.60 to $1.20 per task" in page
    assert (
        '<span class="math" title="\\(x^2\\)"><math><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow></math></span>'
        in (pages[f"papers/{EMERGENT}.md"])
    )


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("$x$ and $y$", ["x", "y"]),
        ("from $0.60 to $1.20", []),
        ("$10-$20 a month", []),
        ("US$ 5 and 6$", []),
        (r"escaped \$x\$ dollars", []),
        (r"\(a+b\) and $$", ["a+b"]),
    ],
)
def test_math_span_rule(text, spans):
    assert [tex for _, _, tex in math_spans(text)] == spans
    assert ("<span" in math_text(text)) == bool(spans)


@pytest.mark.parametrize(
    ("raw", "shown", "typeset"),
    [
        # inside math, \\% is a percent sign and \\_ an underscore: the span stays as written
        ("accuracy of $19.1\\%$ at 90\\% recall", "accuracy of $19.1\\%$ at 90% recall", "<mn>19.1</mn><mi>%</mi>"),
        ("$t\\_\\mathrm{IoU}$ and \\$5", "$t\\_\\mathrm{IoU}$ and $5", "<mi>t</mi><mi>_</mi>"),
    ],
)
def test_latex_is_cleaned_around_math_not_inside_it(raw, shown, typeset):
    assert clean_around_math(raw) == shown
    assert typeset in math_text(shown)


@pytest.mark.parametrize("offset", range(100, 180, 6))
def test_a_list_excerpt_never_ends_inside_math(offset):
    text = "word " * (offset // 5) + "$\\frac{1}{2} + \\alpha_i + \\beta_{j,k}$ then" + " a tail of words" * 20
    short = math_excerpt(text)
    body = short.removesuffix("…")
    assert text.startswith(body) and short.endswith("…")
    (start, end, _), *_ = math_spans(text)
    assert len(body) <= start or len(body) >= end  # the span is whole or left out
    assert all(text[s:e] in body for s, e, _ in math_spans(body))
    assert math_excerpt("$" + "x+" * 100 + "y$ and words" * 20).startswith("$" + "x+" * 100 + "y$")  # kept whole


def test_bibtex_on_every_paper_page_with_year_from_the_digest_date(site, pages):
    # The script builds the entry in each page's CITE box (tests/test_reading_browser.py).
    for p in site.papers:
        assert pages[f"papers/{p.slug}.md"].count(CITE) == 1
    entry = bibtex_entry(paper(site, BENCH))
    assert entry.startswith(f"@misc{{{BENCH},\n  title = {{$π$-Bench: Evaluating Agents on Long-Horizon Tasks}},")
    assert "  year = {2026}," in entry
    assert "url = {https://huggingface.co/papers?q=%24%CF%80%24-Bench" in entry


def test_bibtex_complete_with_a_curated_arxiv_id_and_escaped():
    curated = Paper("k", "s", "50% of A_B & {C} #1", "", (), ("2026-11-20",), arxiv="2307.13854")
    assert bibtex_entry(curated) == (
        "@misc{arxiv2307_13854,\n  title = {50\\% of A\\_B \\& \\{C\\} \\#1},\n  year = {2023},\n"
        "  eprint = {2307.13854},\n  archivePrefix = {arXiv},\n  url = {https://arxiv.org/abs/2307.13854}\n}"
    )
    assert escape_bibtex("~^\\") == "\\textasciitilde{}\\textasciicircum{}\\textbackslash{}"


def test_related_papers_are_deterministic_and_similar(site, pages):
    first = related_papers(site.papers)
    assert first == related_papers(tuple(reversed(site.papers)))
    assert first[MERGE][0] in {PLAN, EMERGENT, BENCH}
    assert COOKING not in first[MERGE][:1]
    page = pages[f"papers/{MERGE}.md"]
    assert '<h2 id="related-papers">' in page and '<h2 id="in-digest">' in page
    # More in its strongest tag is the tag page's link (which lists its must-reads, then its newest)
    assert '<p class="rl-more">More in <a href="../../tags/agents/">Agents</a> →</p>' in page
    assert page.count("<li>") == len(first[MERGE])  # no list but the related papers


def test_more_in_its_tag_links_the_strongest_tag_when_its_page_lists_another_paper(site):
    # Robotics left to the cooking paper alone
    papers = tuple(
        dataclasses.replace(p, tags=tuple(t for t in p.tags if t != "Robotics")) if p.slug == MERGE else p
        for p in site.papers
    )
    site = dataclasses.replace(site, papers=papers)
    pages = render_site(site)
    counts = Counter(tag for p in site.papers for tag in p.tags)
    alone = [p for p in site.papers if p.tags and counts[p.tags[0]] == 1]
    shared = [p for p in site.papers if p.tags and counts[p.tags[0]] > 1]
    assert alone and shared  # the fixture holds both kinds
    for p in site.papers:
        linked = re.findall(r'<p class="rl-more">More in <a href="../../tags/([^/"]+)/">', pages[f"papers/{p.slug}.md"])
        assert linked == ([tag_slug(p.tags[0])] if p in shared else []), p.slug


def test_previous_and_next_follow_the_digest_order(pages):
    page = pages[f"papers/{PLAN}.md"]  # second in the digest
    assert f'← Previous: <a href="../{BENCH}/"><span class="math" title="$π$"><math>' in page
    assert f'Next: <a href="../{MERGE}/">Merging Agents by Task Arithmetic</a> →' in page


def test_tags_are_capped_strongest_first_and_words_keep_their_boundaries(site):
    # Title matches first (Agents matches its text 3 times, Model merging twice), then one text
    # match each, in taxonomy order: Web, the fifth, is dropped.
    assert paper(site, MERGE).tags == ("Agents", "Model merging", "Robotics", "Planning")
    assert "Model merging" not in paper(site, EMERGENT).tags  # "Emergent" is not "merge"
    assert all(len(p.tags) <= MAX_TAGS for p in site.papers if not p.curated)


def test_adding_a_digest_does_not_report_papers_changed_because_related_lists_moved(site):
    extra = Paper("new paper", "new-paper", "Agents for Web Planning", "Web agents plan.", (), ("2026-11-21",))
    digest = Digest("2026-11-21", "2026-11-21", "content/digests/2026-11-21.txt", "2026-11-21", "A", ())
    head = dataclasses.replace(site, papers=(*site.papers, extra), digests=(*site.digests, digest))
    assert related_papers(head.papers)[PLAN] != related_papers(site.papers)[PLAN]  # the lists moved
    changes = compare(site, head)
    assert [p.slug for p in changes.papers_added] == ["new-paper"]
    assert changes.papers_changed == ()


def test_related_papers_of_stop_words_only_are_empty_and_ties_go_to_the_smaller_slug():
    empty = [Paper(t, t.lower(), t, "", (), ()) for t in ("The", "A")]
    assert related_papers(empty) == {"a": (), "the": ()}
    same = [Paper(s, s, "Sparse experts", "Routing tokens to experts.", (), ()) for s in ("c", "b", "a", "d")]
    assert related_papers(same, k=2) == {"a": ("b", "c"), "b": ("a", "c"), "c": ("a", "b"), "d": ("a", "b")}
