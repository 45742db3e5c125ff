"""Curation files: every field, every error with file and line, and precedence over digests."""

from __future__ import annotations

from dataclasses import replace

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
        (
            "note: <script>alert(1)</script>\n",
            1,
            "expected a note in plain Markdown (see CONTRIBUTING.md), found raw HTML '<script>'",
        ),
        (
            "note: '[x](javascript:alert(1))'\n",
            1,
            "expected a note in plain Markdown (see CONTRIBUTING.md), found the link target 'javascript:alert",
        ),
        (
            "note: |\n  See [the demo][1].\n\n  [1]: javascript:alert(1)\n",
            1,
            "expected a note in plain Markdown (see CONTRIBUTING.md), found the link target 'javascript:alert(1)'",
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
    assert url == "https://github.com/o/r/new/main/content/curation?filename=an-off-topic-study.yml"
    odd = replace(paper(site, "an-off-topic-study"), slug="a b&c")
    assert curation_edit_url("https://github.com/o/r", "main", "content/curation", odd).endswith(
        "?filename=a%20b%26c.yml"
    )


def test_a_broken_taxonomy_or_digest_gives_no_false_curation_errors():
    broken_taxonomy = TAXONOMY.replace("'\\bagents?\\b'", "'(agents'")
    found = errors_of(_taxonomy=broken_taxonomy, **{"scaling-agents": "tags_add: [Agents]\n"})
    assert [(s, line) for s, line, _ in found] == [("content/taxonomy.yml", 5)]
    broken_digest = DIGEST + "\n\nLonely Title\n"
    found = errors_of(
        _digest=broken_digest, **{"scaling-agents": "highlight: true\n", "not-a-paper-yet": "highlight: true\n"}
    )
    assert [s for s, _, _ in found] == ["content/digests/000.txt"]


# ----- hostile curation and taxonomy files (issue 9) ------------------------------------------


@pytest.mark.parametrize("opening", ["[", "{", "- "])
def test_deeply_nested_yaml_is_an_error_with_file_and_line_not_a_recursion_error(opening):
    deep = "note: ok\ntags_add:\n  - " + opening * 5_000 + "\n"
    [(source, line, message)] = errors_of(**{"scaling-agents": deep})
    assert source == "content/curation/scaling-agents.yml" and line == 3
    assert "expected lists and mappings nested at most 20 deep, found deeper nesting" in message
    taxonomy = "tags:\n  - name: Agents\n    description: d\n    rules:\n      text: " + "[" * 5_000 + "\n"
    with pytest.raises(ContentError) as caught:
        site_with(_taxonomy=taxonomy)
    [problem] = caught.value.problems
    assert (problem.source, problem.line) == ("content/taxonomy.yml", 5)
    assert "nested at most 20 deep" in problem.message


def test_did_you_mean_for_thousands_of_misnamed_files_is_fast_and_useful():
    import time

    from generator.curation import close_slugs, load_curation
    from generator.papers import merge_papers
    from generator.pipeline import parse_digests

    words = [f"{w}{i}" for i, w in enumerate(["agent", "model", "merge", "scale", "graph", "token"] * 400)]
    titles = [f"{words[i % 2400]} {words[i * 7 % 2400]} {words[i * 13 % 2400]} study {i}" for i in range(10_000)]
    pairs = [line for t in titles for line in (t, ABSTRACT.format(t, "x"))]
    digests, _ = parse_digests(
        [SourceFile("content/digests/000.txt", "000", "\n".join(["Subscribe", *pairs]).encode())]
    )
    papers, _ = merge_papers(digests)
    assert len(papers) == 10_000
    misnamed = [p.slug[:-1] + "x" for p in papers[:2_000]]  # one letter wrong in each name
    files = [SourceFile(f"content/curation/{name}.yml", name, b"highlight: true\n") for name in misnamed]
    started = time.perf_counter()
    _, problems = load_curation(files, papers, None)
    elapsed = time.perf_counter() - started
    assert len(problems) == 2_000 and elapsed < 30  # difflib took about 233 s here
    for problem, paper in zip(problems[:50], papers[:50], strict=True):
        assert f"did you mean {paper.slug}.yml" in problem.message
    assert close_slugs("nothing-in-common", {"scaling-agents": ["scaling-agents"]}) == []


HOSTILE_NOTES = {
    "a definition in a blockquote": "> See [the demo][d].\n>\n> [d]: javascript:alert(1)",
    "a definition in a list item": "- See [the demo][d].\n\n    [d]: javascript:alert(1)",
    "a definition in an admonition": "!!! tip\n\n    See [the demo][d].\n\n    [d]: javascript:alert(1)",
    "a definition with an empty label": "[]: javascript:alert(1)\n\nSee [][].",
    "a scheme in mixed case": "[x](JaVaScRiPt:alert(1))",
    "a scheme written as a character reference": "[x](&#106;avascript:alert(1))",
    "a data: URL": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "a protocol-relative URL": "[x](//evil.example/x)",
    "a mailto autolink": "<mailto:someone@example.org>",
    "an image (a tracking pixel)": "![](https://tracker.example/pixel.gif)",
    "an image by reference": "![p][i]\n\n[i]: https://tracker.example/pixel.gif",
    "an inline tag": "Read *this* <b onclick=alert(1)>now</b>.",
    "an HTML comment": "<!-- hidden -->\n\nVisible.",
    "an HTML block": "<div>\n<script>alert(1)</script>\n</div>",
    "a heading": "## A heading in a note",
    "lists nested 600 deep": "1. " * 600,
    "quotes nested 9 deep": "> " * 9 + "Deep.",
    "too many brackets": "[" * 1_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_NOTES))
def test_a_hostile_note_is_an_error_however_it_is_written(name):
    note = HOSTILE_NOTES[name]
    quoted = note.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    [(source, line, message)] = errors_of(**{"scaling-agents": f'highlight: true\nnote: "{quoted}"\n'})
    assert (source, line) == ("content/curation/scaling-agents.yml", 2)
    assert message.startswith("expected a note in plain Markdown (see CONTRIBUTING.md), found "), message


@pytest.mark.parametrize(
    "note",
    [
        "We prove p<q for every input, and 3 < 4.",
        'See <https://example.org/demo> and [the code](https://github.com/org/agents "Code").',
        "Fast &amp; slow: R&D at 100% <- not HTML.",
        "> A quote with a [reference][r].\n>\n> [r]: https://example.org/r",
        "- *one*\n- **two**\n\n1. `code`\n2. three",
        "> " * 8 + "Quotes as deep as a note may nest them.",
        "| a | b |\n| :-- | --: |\n| 1 | 2 |",
        "```python\nprint('<b>not HTML</b>')\n```",
    ],
)
def test_plain_markdown_notes_are_accepted(note):
    quoted = note.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    site = site_with(**{"scaling-agents": f'note: "{quoted}"\n'})
    assert next(p for p in site.papers if p.slug == "scaling-agents").note == note


def test_notes_are_checked_with_the_markdown_extensions_of_mkdocs_yml():
    from mkdocs.utils import yaml_load

    from conftest import ROOT
    from generator.notes import NOTE_EXTENSION_CONFIGS, NOTE_EXTENSIONS

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)
    configured = {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        configured[name] = options or {}
    mkdocs_own = {"toc", "tables", "fenced_code"}  # MkDocs adds these itself
    assert set(NOTE_EXTENSIONS) == set(configured) | mkdocs_own
    assert {k: v for k, v in configured.items() if v} == NOTE_EXTENSION_CONFIGS


# ----- identity edits: same_as joins a missed merge, split undoes a wrong one -------------------

IDENTITY_DIGEST = "\n\n".join(
    [
        "Subscribe",
        "Aug 27",
        "Llama2: Open Foundation Models",
        ABSTRACT.format("llama two", "llama2"),
        "Llama 2: Open Foundation Models",
        ABSTRACT.format("llama two", "llama"),
        "Self-Play Tuning",
        ABSTRACT.format("self-play tuning of agents", "selfplay"),
        "Self Play Tuning",
        ABSTRACT.format("a different paper on self play", "other"),
        "Scaling Agents",
        ABSTRACT.format("agents that act", "agents"),
    ]
)


def identity_site(**files: str):
    return site_with(IDENTITY_DIGEST, **files)


def test_same_as_joins_a_missed_merge_without_moving_any_other_url():
    from generator.papers import split_slug

    before = {p.slug: p for p in identity_site().papers}
    assert {"llama2-open-foundation-models", "llama-2-open-foundation-models"} <= set(before)
    after = {
        p.slug: p
        for p in identity_site(**{"llama2-open-foundation-models": "same_as: llama-2-open-foundation-models\n"}).papers
    }
    assert set(after) == set(before) - {"llama2-open-foundation-models"}
    joined = after["llama-2-open-foundation-models"]
    assert [e.title for e in joined.entries] == ["Llama2: Open Foundation Models", "Llama 2: Open Foundation Models"]
    assert joined.title == "Llama 2: Open Foundation Models"  # the newest entry is shown
    assert split_slug("x") not in after


def test_split_undoes_a_wrong_merge_and_the_split_paper_can_be_curated():
    from generator.papers import split_slug

    before = {p.slug: p for p in identity_site().papers}
    assert len(before["self-play-tuning"].entries) == 2  # merged: they differ only by a dash
    new_slug = split_slug("Self Play Tuning")
    site = identity_site(
        **{"self-play-tuning": "split:\n  - Self Play Tuning\n", new_slug: "highlight: true\nnote: The *other* one.\n"}
    )
    after = {p.slug: p for p in site.papers}
    assert set(after) == set(before) | {new_slug}
    assert [e.title for e in after["self-play-tuning"].entries] == ["Self-Play Tuning"]
    assert [e.title for e in after[new_slug].entries] == ["Self Play Tuning"]
    assert after[new_slug].highlight and after[new_slug].note == "The *other* one."
    assert new_slug.startswith("self-play-tuning-") and new_slug != "self-play-tuning"
    for slug in set(before) - {"self-play-tuning"}:
        assert after[slug].entries == before[slug].entries


@pytest.mark.parametrize(
    ("slug", "text", "line", "message"),
    [
        (
            "scaling-agents",
            "same_as: nothing-like-this\n",
            1,
            "expected same_as to name another paper's slug, found 'nothing-like-this', no paper",
        ),
        ("scaling-agents", "same_as: scaling-agents\n", 1, "found 'scaling-agents', itself"),
        ("scaling-agents", "same_as: Scaling Agents\n", 1, "expected same_as to be a paper's slug such as"),
        (
            "scaling-agents",
            "highlight: true\nsame_as: self-play-tuning\n",
            2,
            "expected nothing but same_as in the file of a paper merged into another, found highlight; curate self-play-tuning.yml instead",
        ),
        (
            "self-play-tuning",
            "split:\n  - Self Play Tunning\n",
            2,
            "expected split titles written as in a digest entry of this paper ('Self-Play Tuning', 'Self Play Tuning'), found 'Self Play Tunning'",
        ),
        (
            "self-play-tuning",
            "split: [Self Play Tuning, Self-Play Tuning]\n",
            1,
            "expected split to leave one entry at least with the paper",
        ),
        ("self-play-tuning", "split: Self Play Tuning\n", 1, "expected split to be a list of titles"),
    ],
)
def test_identity_edits_are_validated_with_file_and_line(slug, text, line, message):
    with pytest.raises(ContentError) as caught:
        identity_site(**{slug: text})
    [problem] = [p for p in caught.value.problems if p.severity.value == "error"]
    assert (problem.source, problem.line) == (f"content/curation/{slug}.yml", line)
    assert message in problem.message, problem.message


def test_a_chain_of_same_as_is_an_error():
    with pytest.raises(ContentError) as caught:
        identity_site(
            **{
                "llama2-open-foundation-models": "same_as: llama-2-open-foundation-models\n",
                "llama-2-open-foundation-models": "same_as: scaling-agents\n",
            }
        )
    [problem] = [p for p in caught.value.problems if p.severity.value == "error"]
    assert problem.source == "content/curation/llama2-open-foundation-models.yml"
    assert "a paper that is itself merged away (same_as)" in problem.message


def test_a_backtracking_taxonomy_pattern_is_an_error_naming_its_tag_not_a_hang():
    import time

    taxonomy = (
        TAXONOMY + "  - name: Slow\n    description: A pattern that backtracks.\n    rules:\n      text: ['(a+)+$']\n"
    )
    digest = "\n\n".join(["Subscribe", "Aug 27", "A Paper of Many Letters", "We write " + "a" * 5_000 + "! and stop."])
    started = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        site_with(digest, taxonomy)
    assert time.perf_counter() - started < 60
    [problem] = caught.value.problems
    assert (problem.source, problem.line) == ("content/taxonomy.yml", 14)
    assert "expected patterns that finish quickly, found '(a+)+$' of the tag 'Slow'" in problem.message


def test_a_note_too_deep_to_render_leaves_later_notes_rendered_alike():
    from generator.notes import TOO_DEEP, check_note, render_note

    before = render_note("First paragraph.\n\nSecond paragraph.")[0]
    assert check_note("1. " * 600) == [TOO_DEEP]
    assert render_note("First paragraph.\n\nSecond paragraph.")[0] == before
    assert before.count("<p") == 3  # the admonition's title and both paragraphs
