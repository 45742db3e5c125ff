"""The title index (``generator/titleindex.py``): which file holds which title, and what it says.

Expectations come from the frozen seed fixture and from made-up titles; the browser tests in
``tests/test_search.py`` hold the search box's key and hash to these.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter

import pytest

from conftest import ROOT, SEED
from generator.build import ContentPaths, load_site
from generator.model import EMPTY_SITE
from generator.render import render_site
from generator.structure import structure
from generator.titleindex import EXCERPT_WORDS, FOLDER, SHARDS, shard_of, title_index, title_key

SEARCH_JS = ROOT / "overrides" / "assets" / "search" / "search.js"


@pytest.fixture(scope="module")
def seed():
    site = load_site(ContentPaths(ROOT, SEED))
    return site, title_index(structure(site))


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("$π$-Attention: Periodic Sparse", "π attention periodic sparse"),
        ("CD^2:  Constrained   Dataset", "cd 2 constrained dataset"),
        ("Learning to Reason with A* Post-Training", "learning to reason with a post training"),
        ("ＧＰＴ－４ ﬁne-tuning", "gpt 4 fine tuning"),  # NFKC: full width, ligature
        ("ΟΔΟΣ Σ", "οδος σ"),  # a final sigma, and a lone one
        ("Doc-V*:Coarse-to-Fine", "doc v coarse to fine"),
        ("<think> & </think>", "think think"),
        (" ¿?¡! ", ""),
    ],
)
def test_title_key_folds_case_symbols_and_spacing(title, key):
    assert title_key(title) == key


def test_shards_spread_titles_evenly():
    words = [f"word{n}" for n in range(500)]
    rng = random.Random(11)
    counts = Counter(shard_of(" ".join(rng.sample(words, 6))) for _ in range(20 * SHARDS))
    assert set(counts) <= set(range(SHARDS))
    assert len(counts) == SHARDS and max(counts.values()) < 3 * 20


def test_the_search_box_knows_the_index_layout():
    script = SEARCH_JS.read_text(encoding="utf-8")
    assert re.search(r"const TITLE_SHARDS = (\d+);", script).group(1) == str(SHARDS)
    assert f"`{FOLDER}/${{shard}}.json`" in script
    assert re.search(r"const EXCERPT_WORDS = (\d+);", script).group(1) == str(EXCERPT_WORDS)
    assert "excerptLength: EXCERPT_WORDS" in script


def test_every_listed_paper_is_in_the_file_its_title_names_and_the_hidden_one_nowhere(seed):
    site, index = seed
    assert sorted(index) == sorted(f"{FOLDER}/{n}.json" for n in range(SHARDS))
    where = {}
    for path, text in index.items():
        for entry in json.loads(text):
            assert path == f"{FOLDER}/{shard_of(title_key(entry['title']))}.json"
            where.setdefault(entry["url"], []).append(path)
    assert sorted(where) == sorted(f"papers/{p.slug}/" for p in site.papers)
    assert all(len(paths) == 1 for paths in where.values())
    assert site.hidden and not any(slug in text for slug in site.hidden for text in index.values())


def test_an_entry_holds_what_a_search_result_shows(seed):
    site, index = seed
    entries = {e["url"]: e for text in index.values() for e in json.loads(text)}
    must_read = next(p for p in site.papers if p.highlight and p.tags)
    entry = entries[f"papers/{must_read.slug}/"]
    assert entry["title"] == must_read.title and entry["tags"] == list(must_read.tags) and entry["must_read"]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", entry["date"])
    words = must_read.abstract.split()
    assert len(words) > EXCERPT_WORDS
    assert entry["excerpt"] == " ".join(words[:EXCERPT_WORDS]) + " …"
    plain = next(p for p in site.papers if not p.highlight)
    assert entries[f"papers/{plain.slug}/"]["must_read"] is False


def test_files_are_sorted_by_key_one_entry_per_line(seed):
    _, index = seed
    for text in index.values():
        entries = json.loads(text)
        assert [title_key(e["title"]) for e in entries] == sorted(title_key(e["title"]) for e in entries)
        assert text.count("\n") == max(1, len(entries))


def test_a_site_without_papers_has_no_title_index():
    assert title_index(structure(EMPTY_SITE)) == {}
    assert not [path for path in render_site(EMPTY_SITE) if path.startswith(FOLDER)]
