"""Curation files: every field, every error with file and line, and precedence over digests."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.curation import curation_edit_url
from generator.model import ContentError
from generator.pipeline import SourceFile, assemble

ABSTRACT = (
    "We study {} in depth. Code: https://github.com/org/{}. Our experiments show clear gains over strong baselines."
)
DIGEST = "\n\n".join(
    [
        "new",
        "Subscribe",
        "Aug 27",
        "Scaling Agents",
        ABSTRACT.format("agents that act", "agents"),
        "Merging Models by Task Arithmetic",
        ABSTRACT.format("model merging", "merge"),
        "An Off-Topic Study",
        ABSTRACT.format("office furniture", "chairs"),
    ]
)
TAXONOMY = """\
tags:
  - name: Agents
    description: Systems that act.
    rules:
      text: ['\\bagents?\\b']
  - name: Model merging
    description: Combining trained models.
    rules:
      text: ['model merging']
  - name: Benchmarks
    description: Ways to measure.
    rules:
      title: ['benchmark']
"""


def site_with(_digest: str = DIGEST, _taxonomy: str = TAXONOMY, **files: str):
    """Assemble a site from one digest, a taxonomy and curation files {slug: yaml}."""
    curation = [SourceFile(f"content/curation/{slug}.yml", slug, text.encode("utf-8")) for slug, text in files.items()]
    return assemble(
        [SourceFile("content/digests/000.txt", "000", _digest.encode("utf-8"))],
        SourceFile("content/taxonomy.yml", "taxonomy", _taxonomy.encode("utf-8")),
        curation,
    )


def errors_of(**files: str) -> list[tuple[str, int, str]]:
    with pytest.raises(ContentError) as caught:
        site_with(**files)
    return [(p.source, p.line, p.message) for p in caught.value.problems]


def paper(site, slug):
    return next(p for p in site.papers if p.slug == slug)


def test_without_curation_papers_come_from_the_digest():
    site = site_with()
    assert [p.slug for p in site.papers] == [
        "an-off-topic-study",
        "merging-models-by-task-arithmetic",
        "scaling-agents",
    ]
    assert paper(site, "scaling-agents").tags == ("Agents",)
    assert not any(p.curated for p in site.papers)


def test_every_field_applies_and_curation_wins_without_changing_the_slug():
    site = site_with(
        **{
            "scaling-agents": (
                "title: 'Scaling Agents: A Benchmark'\n"
                "tags_add: [Benchmarks, Model merging]\n"
                "tags_remove: [Agents]\n"
                "note: Read *this* first; see [the blog](https://example.org/post).\n"
                "highlight: true\n"
                "arxiv: 2401.10010\n"
                "code: https://github.com/org/better\n"
                "project: https://example.org/agents\n"
            ),
        }
    )
    curated = paper(site, "scaling-agents")
    assert curated.slug == "scaling-agents"
    assert curated.title == "Scaling Agents: A Benchmark"
    # The curator's additions first, in the order written; then what the rules still match.
    assert curated.tags == ("Benchmarks", "Model merging")
    assert curated.note == "Read *this* first; see [the blog](https://example.org/post)."
    assert curated.highlight is True and curated.curated is True
    assert curated.arxiv == "2401.10010" and isinstance(curated.arxiv, str)
    assert [(link.kind, link.url) for link in curated.links] == [
        ("Code", "https://github.com/org/better"),
        ("Project page", "https://example.org/agents"),
    ]


def test_a_corrected_title_is_matched_against_the_taxonomy_again():
    site = site_with(**{"an-off-topic-study": "title: A Benchmark of Office Chairs\n"})
    assert paper(site, "an-off-topic-study").tags == ("Benchmarks",)
    assert paper(site, "an-off-topic-study").slug == "an-off-topic-study"


def test_curation_keeps_the_order_of_links_and_replaces_in_place():
    plain = paper(site_with(), "scaling-agents").links
    assert paper(site_with(**{"scaling-agents": "note: Fine.\n"}), "scaling-agents").links == plain
    replaced = paper(site_with(**{"scaling-agents": "code: https://github.com/org/new\n"}), "scaling-agents").links
    assert [(link.kind, link.url) for link in replaced] == [("Code", "https://github.com/org/new")]


def test_hidden_papers_get_no_page_and_keep_their_reason():
    site = site_with(**{"an-off-topic-study": "hidden: true\nreason: About furniture, not learning.\n"})
    assert "an-off-topic-study" not in {p.slug for p in site.papers}
    assert site.hidden == {"an-off-topic-study": "About furniture, not learning."}


def test_yaml_1_1_values_stay_strings():
    site = site_with(**{"scaling-agents": "title: no\narxiv: 2401.10010\n", "an-off-topic-study": "title: null\n"})
    assert paper(site, "scaling-agents").title == "no"
    assert paper(site, "an-off-topic-study").title == "null"


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("colour: red\n", 1, "unknown field 'colour' in a curation file; expected one of: title, tags_add"),
        (
            "tags_add: [Agentz]\n",
            1,
            "expected a tag name from content/taxonomy.yml in tags_add, found 'Agentz'; did you mean 'Agents'?",
        ),
        ("tags_remove: Agents\n", 1, "expected tags_remove to be a list of tag names (- Name), found 'Agents'"),
        ("hidden: true\n", 1, "expected a 'reason:' saying why the paper is hidden, found none"),
        (
            "reason: dull\n",
            1,
            "expected 'hidden: true' with a 'reason:', found a reason for a paper that is not hidden",
        ),
        ("highlight: yes\n", 1, "expected highlight: true or highlight: false, found 'yes'"),
        ("arxiv: 2401.1\n", 1, "expected an arXiv id such as 2401.10010 or hep-th/9901001, found '2401.1'"),
        (
            "code: github.com/org/x\n",
            1,
            "expected code to be an http(s) URL such as https://github.com/owner/repo, found 'github.com/org/x'",
        ),
        ("project: javascript:alert(1)\n", 1, "expected project to be an http(s) URL"),
        ("note: <script>alert(1)</script>\n", 1, "expected Markdown without raw HTML in note"),
        ("note: '[x](javascript:alert(1))'\n", 1, "expected note links to be http(s) URLs, found 'javascript:alert"),
        (
            "note: |\n  See [the demo][1].\n\n  [1]: javascript:alert(1)\n",
            1,
            "expected note links to be http(s) URLs, found 'javascript:alert(1)'",
        ),
        ("title: ''\n", 1, "expected title to be non-empty text, found ''"),
        (
            "highlight: true\nhighlight: false\n",
            2,
            "invalid YAML: found the key 'highlight' a second time (first at line 1)",
        ),
        ("a: &x 1\nb: *x\n", 1, "invalid YAML: found an anchor"),
        ("title: !!python/object:os.system x\n", 1, "invalid YAML: expected plain values, found the YAML tag"),
        ("", 0, "expected curation fields (title, tags_add, note, ...), found an empty file"),
        ("- a list\n", 1, "expected a mapping of curation fields, found something else"),
    ],
)
def test_each_invalid_field_is_an_error_with_file_and_line(text, line, message):
    found = errors_of(**{"scaling-agents": text})
    assert len(found) == 1, found
    source, got_line, got = found[0]
    assert source == "content/curation/scaling-agents.yml"
    assert got_line == line
    assert got.startswith(message), got


def test_a_file_named_after_no_paper_suggests_the_closest_slugs():
    found = errors_of(**{"scaling-agent": "highlight: true\n"})
    assert found == [
        (
            "content/curation/scaling-agent.yml",
            0,
            "expected a file named after a paper's slug, found 'scaling-agent', which matches no paper; did you mean scaling-agents.yml?",
        )
    ]


def test_all_errors_of_all_files_are_reported_together():
    found = errors_of(
        **{
            "scaling-agents": "colour: red\nhighlight: maybe\n",
            "an-off-topic-study": "hidden: true\n",
            "nothing-like-this": "note: x\n",
        }
    )
    assert [(s.rsplit("/", 1)[1], line) for s, line, _ in found] == [
        ("scaling-agents.yml", 1),
        ("scaling-agents.yml", 2),
        ("an-off-topic-study.yml", 1),
        ("nothing-like-this.yml", 0),
    ]


def test_edit_urls_open_the_curation_file_or_the_new_file_form():
    site = site_with(**{"scaling-agents": "highlight: true\n"})
    curated = curation_edit_url("https://github.com/o/r/", "main", "content/curation", paper(site, "scaling-agents"))
    assert curated == "https://github.com/o/r/edit/main/content/curation/scaling-agents.yml"
    hostile = replace(paper(site, "an-off-topic-study"), title='x" onmouseover="alert(1)<script>')
    url = curation_edit_url("https://github.com/o/r", "main", "content/curation", hostile)
    assert url.startswith("https://github.com/o/r/new/main/content/curation?filename=an-off-topic-study.yml&value=")
    assert not any(c in url for c in '"<> ')
    query = parse_qs(urlsplit(url).query)
    assert query["filename"] == ["an-off-topic-study.yml"]
    assert query["value"][0].startswith('# Curation of: x" onmouseover="alert(1)<script>\n')
    assert "\n# code_status: released  # or promised, or none" in query["value"][0]


def test_a_broken_taxonomy_or_digest_gives_no_false_curation_errors():
    broken_taxonomy = TAXONOMY.replace("'\\bagents?\\b'", "'(agents'")
    found = errors_of(_taxonomy=broken_taxonomy, **{"scaling-agents": "tags_add: [Agents]\n"})
    assert [(s, line) for s, line, _ in found] == [("content/taxonomy.yml", 5)]
    broken_digest = DIGEST + "\n\nLonely Title\n"
    found = errors_of(
        _digest=broken_digest, **{"scaling-agents": "highlight: true\n", "not-a-paper-yet": "highlight: true\n"}
    )
    assert [s for s, _, _ in found] == ["content/digests/000.txt"]
