"""Tag precision and coverage, and code status precision.

The precision sample (``tests/precision/sample.yml``): 100 papers of the frozen seed digests, each
with the tags it should carry, judged by reading its title and abstract, against the frozen
copy of the taxonomy next to it (``tests/precision/taxonomy.yml``). These tests run that copy, so
curators may edit ``content/taxonomy.yml`` freely; re-judge the sample when the frozen copy is
replaced. The committed taxonomy is held only to invariants: coverage and the cap on tags.

The code status sample (``tests/precision/code_status.yml``): every seed paper that
``codestatus.code_status`` flags as released or promised, with the status judged by reading it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT, SEED
from generator.build import ContentPaths, load_site
from generator.codestatus import NONE, code_status
from generator.model import Paper, Site
from generator.tags import MAX_TAGS, load_taxonomy

PRECISION = ROOT / "tests" / "precision"
MIN_PRECISION = 0.90
MIN_COVERAGE = 0.95
MIN_CODE_PRECISION = 0.95


def sample() -> dict[str, tuple[str, ...]]:
    """``{title: the tags judged right}`` of the precision sample."""
    data = yaml.safe_load((PRECISION / "sample.yml").read_text(encoding="utf-8"))
    return {item["title"]: tuple(item["tags"]) for item in data["papers"]}


@pytest.fixture(scope="module")
def frozen_site(tmp_path_factory) -> Site:
    """The seed digests tagged by the frozen taxonomy, with no curation (curators' tags are not
    the rules' work)."""
    content = Path(tmp_path_factory.mktemp("precision")) / "content"
    shutil.copytree(SEED / "digests", content / "digests")
    shutil.copy(PRECISION / "taxonomy.yml", content / "taxonomy.yml")
    return load_site(ContentPaths(ROOT, content))


def coverage(papers: tuple[Paper, ...]) -> float:
    """The share of ``papers`` with at least one tag."""
    return sum(1 for p in papers if p.tags) / len(papers)


def precision(site: Site, judged: dict[str, tuple[str, ...]]) -> tuple[float, list[str]]:
    """The share of the tags the rules give the sampled papers that the judgement holds right,
    and the wrong ones as ``"title: tag"``."""
    by_title = {p.title: p for p in site.papers}
    given = [(title, tag) for title in judged for tag in by_title[title].tags]
    wrong = [f"{title}: {tag}" for title, tag in given if tag not in judged[title]]
    return 1 - len(wrong) / len(given), wrong


def test_the_sample_is_100_seed_papers_judged_with_tags_of_the_frozen_taxonomy(frozen_site):
    judged = sample()
    names = {t.name for t in frozen_site.tags}
    assert len(judged) == 100
    assert set(judged) <= {p.title for p in frozen_site.papers}
    assert all(tags and set(tags) <= names for tags in judged.values())


def test_tag_precision_on_the_hand_checked_sample_is_at_least_90_percent(frozen_site):
    found, wrong = precision(frozen_site, sample())
    print(f"tag precision {found:.1%}; wrong: {wrong}")
    assert found >= MIN_PRECISION, wrong


def test_the_frozen_taxonomy_tags_at_least_95_percent_of_the_seed_papers_with_at_most_the_cap(frozen_site):
    assert coverage(frozen_site.papers) >= MIN_COVERAGE
    assert max(len(p.tags) for p in frozen_site.papers) <= MAX_TAGS


def test_the_precision_measure_counts_a_wrong_tag():
    # The measure itself: one right tag and one wrong one make 50%.
    taxonomy = "tags:\n  - {name: A, description: a, rules: {title: [x]}}\n  - {name: B, description: b, rules: {title: [x]}}\n"
    tags, problems = load_taxonomy(taxonomy, "t.yml")
    assert problems == []
    site = Site(tags=tuple(tags), papers=(Paper("x", "x", "x", "", (), (), tags=("A", "B")),), digests=())
    assert precision(site, {"x": ("A",)}) == (0.5, ["x: B"])


def test_the_committed_taxonomy_tags_at_least_95_percent_of_the_committed_papers_with_at_most_the_cap():
    site = load_site(ContentPaths(ROOT, CONTENT))
    rules_only = tuple(p for p in site.papers if not p.curated)  # curators may add tags beyond the cap
    assert coverage(site.papers) >= MIN_COVERAGE
    assert all(len(p.tags) <= MAX_TAGS for p in rules_only)


def test_code_status_precision_on_the_hand_checked_seed_papers_is_at_least_95_percent(frozen_site):
    data = yaml.safe_load((PRECISION / "code_status.yml").read_text(encoding="utf-8"))
    judged = {item["title"]: item["status"] for item in data["papers"]}
    flagged = {p.title: code_status(p) for p in frozen_site.papers if code_status(p) != NONE}
    assert set(flagged) <= set(judged), f"judge these and add them: {sorted(set(flagged) - set(judged))}"
    wrong = [
        f"{title}: {status}, judged {judged[title]}" for title, status in flagged.items() if judged[title] != status
    ]
    found = 1 - len(wrong) / len(flagged)
    print(f"code status precision {found:.1%} of {len(flagged)} flagged papers; wrong: {wrong}")
    assert len(flagged) >= 100 and found >= MIN_CODE_PRECISION, wrong
