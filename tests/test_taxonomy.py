"""The taxonomy file: validation with file and line, and matching papers to tags."""

from __future__ import annotations

import pytest

from conftest import ROOT, SEED
from generator.build import ContentPaths, load_site
from generator.tags import load_taxonomy, match_tags

GOOD = """\
tags:
  - name: Agents
    description: Systems that act.
    rules:
      title: ['\\bagents?\\b']
  - name: Model merging
    description: Combining trained models.
    rules:
      text: ['model merging', 'task arithmetic']
"""


def problems_of(text: str) -> list[tuple[int, str]]:
    _, problems = load_taxonomy(text, "content/taxonomy.yml")
    assert all(p.source == "content/taxonomy.yml" for p in problems)
    return [(p.line, p.message) for p in problems]


def test_a_valid_taxonomy_loads_in_order_with_slugs():
    tags, problems = load_taxonomy(GOOD, "content/taxonomy.yml")
    assert problems == []
    assert [(t.name, t.slug, t.line) for t in tags] == [("Agents", "agents", 2), ("Model merging", "model-merging", 6)]


def test_title_rules_look_at_the_title_and_text_rules_at_both():
    tags, _ = load_taxonomy(GOOD, "t")
    assert match_tags("Web Agents at Scale", "Nothing here.", tags) == ("Agents",)
    assert match_tags("A Study", "We discuss agents in passing.", tags) == ()
    assert match_tags("A Study", "We use Task Arithmetic.", tags) == ("Model merging",)
    assert match_tags("Model merging for agents", "x", tags) == ("Agents", "Model merging")


def test_unknown_fields_are_errors_with_lines():
    text = GOOD.replace("    description: Systems that act.\n", "    description: Systems that act.\n    colour: red\n")
    assert problems_of(text) == [(4, "unknown field 'colour' in a tag; expected one of: name, description, rules")]
    text = GOOD.replace("      title: ['\\bagents?\\b']", "      titel: ['x']")
    found = problems_of(text)
    assert (5, "unknown field 'titel' in tag rules; expected one of: title, text") in found


def test_empty_rules_missing_fields_and_duplicates_are_errors():
    text = GOOD.replace("      title: ['\\bagents?\\b']", "      title: []")
    assert problems_of(text) == [(5, "expected at least one pattern under 'title:' or 'text:', found none")]
    text = GOOD.replace("    description: Systems that act.\n", "")
    assert problems_of(text) == [(2, "expected a non-empty description for the tag, found nothing")]
    text = GOOD.replace("Model merging", "agents", 1)
    assert problems_of(text) == [(6, "expected a unique tag name, found 'agents' again (also at line 2)")]


def test_a_pattern_with_a_control_character_is_an_error():
    """In double quotes YAML reads "\\b" as a backspace: such a pattern would match nothing."""
    found = problems_of(GOOD.replace("title: ['\\bagents?\\b']", 'title: ["\\bagents?\\b"]'))
    assert [line for line, _ in found] == [5]
    assert found[0][1].startswith("expected a pattern without control characters, found '\\x08agents?\\x08' (U+0008)")
    assert "single quotes" in found[0][1]
    assert problems_of(GOOD.replace("'task arithmetic'", '"task\\tarithmetic"'))[0][0] == 9


def test_values_of_the_wrong_kind_are_named_plainly():
    text = GOOD.replace("      title: ['\\bagents?\\b']", "      title: {x: y}")
    assert (5, "expected a list of patterns, found a mapping with the keys x") in problems_of(text)
    assert problems_of("tags:\n  - [a, b]\n") == [
        (2, "expected a tag (name, description, rules), found a list of 2 items")
    ]


def test_invalid_patterns_and_yaml_errors_name_the_line():
    assert problems_of(GOOD.replace("'task arithmetic'", "'task (arithmetic'"))[0][0] == 9
    assert (
        "expected a valid regular expression, found 'task (arithmetic'"
        in problems_of(GOOD.replace("'task arithmetic'", "'task (arithmetic'"))[0][1]
    )
    duplicate = GOOD.replace(
        "    description: Combining trained models.\n",
        "    description: Combining trained models.\n    description: again\n",
    )
    assert problems_of(duplicate) == [
        (8, "invalid YAML: found the key 'description' a second time (first at line 7); each key may appear once")
    ]
    assert problems_of("tags: [")[0][1].startswith("invalid YAML:")
    assert problems_of("- just a list\n") == [(1, "expected a mapping with a list under 'tags:', found something else")]


def test_every_error_in_the_file_is_reported_together():
    text = GOOD.replace("      title: ['\\bagents?\\b']", "      title: ['(']").replace("'task arithmetic'", "'[x'")
    assert [line for line, _ in problems_of(text)] == [5, 9]


def test_the_seed_taxonomy_tags_nearly_every_paper_and_no_tag_dominates():
    site = load_site(ContentPaths(SEED.parent, SEED))
    papers = site.papers
    tagged = sum(1 for p in papers if p.tags)
    assert tagged / len(papers) >= 0.95
    for tag in site.tags:
        share = sum(1 for p in papers if tag.name in p.tags) / len(papers)
        assert 0 < share <= 0.40, (tag.name, share)
    names = {t.name for t in site.tags}
    for topic in [
        "Multi-task learning",
        "Continual learning",
        "Agents",
        "Tool use",
        "Instruction tuning",
        "Model merging",
        "Reinforcement learning",
        "Computer vision",
        "Robotics and embodied AI",
        "Benchmarks and evaluation",
        "Mixture of experts and modularity",
        "Knowledge distillation",
    ]:
        assert topic in names


def test_tag_names_with_one_page_slug_and_a_tag_named_index():
    text = GOOD.replace("Model merging", "Agents!")
    assert problems_of(text) == [
        (
            6,
            "expected a tag name with a page of its own, found 'Agents!', whose page slug 'agents' is taken by the tag at line 2",
        )
    ]
    tags, problems = load_taxonomy(GOOD.replace("Model merging", "Index"), "t")
    assert problems == [] and tags[1].slug == "index-tag"


def test_only_the_listed_characters_outside_ascii_match_an_ascii_letter_ignoring_case():
    import regex

    from generator.literals import ASCII_FOLDS

    for letter in "abcdefghijklmnopqrstuvwxyz":
        pattern = regex.compile(letter, regex.IGNORECASE | regex.VERSION0)
        others = {chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c <= 0xDFFF and pattern.fullmatch(chr(c))}
        assert {c for c in others if c.translate(ASCII_FOLDS) != letter} == set(), letter


@pytest.mark.parametrize(
    ("pattern", "literals"),
    [
        (r"\bLLMs?\b", {"llm"}),
        (r"\b(large language models?|LLMs?)\b", {"large language model", "llm"}),
        (r"\b(?:text|image)-to-(?:image|video)\b", {"image", "video"}),
        (r"(?<!x)Transformer", {"transformer"}),
        (r"\bRL\b", None),  # too short to be worth a test
        (r"agents?|[0-9]+ tools", {"agent", " tools"}),
        (r"agents?|[0-9]+", None),  # a branch without a literal
        (r"(ab)?cd", None),
        (r"(?:planning){1,3}", {"planning"}),
    ],
)
def test_required_literals_of_a_pattern(pattern, literals):
    from generator.literals import required_literals

    assert required_literals(pattern) == (None if literals is None else frozenset(literals))


def test_a_rule_skipped_for_its_literals_never_matches():
    # The one promise of the literal test, on real text: 493 seed papers and 3,000 arXiv
    # abstracts when the corpus is there, every rule of the frozen precision taxonomy.
    # The index finds exactly the literals that are substrings of the folded text.
    from generator.literals import fold, may_match, required_literals
    from generator.tags import literal_index

    taxonomy = (ROOT / "tests" / "precision" / "taxonomy.yml").read_text(encoding="utf-8")
    tags, _ = load_taxonomy(taxonomy, "taxonomy.yml")
    site = load_site(ContentPaths(SEED.parent, SEED))
    texts = [f"{p.title} {p.abstract}" for p in site.papers] + corpus_texts(3000)
    texts += ["İnstruction Tuning of a Large Language Model", "ſelf-Attention and the KELVIN Sign"]
    rules = [r for tag in tags for r in (*tag.title_rules, *tag.text_rules)]
    every = {literal for r in rules for literal in required_literals(r.pattern) or ()}
    index = literal_index(tags)
    found = [index.found(fold(text)) for text in texts]
    assert found == [{literal for literal in every if literal in fold(text)} for text in texts]
    skipped = 0
    for rule in rules:
        literals = required_literals(rule.pattern)
        for text, present in zip(texts, found, strict=True):
            if not may_match(literals, present):
                skipped += 1
                assert rule.search(text) is None, (rule.pattern, text[:80])
    assert skipped > len(texts)  # the test does skip rules


def corpus_texts(count: int) -> list[str]:
    import gzip
    import json

    corpus = ROOT.parent / "shared" / "corpora" / "arxiv_50k.jsonl.gz"
    if not corpus.exists():
        return []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        return [f"{r['title']} {r['abstract']}" for r in (json.loads(next(lines)) for _ in range(count))]
