"""The plugin indexes each paper page's body on its own, while MkDocs renders the site
(``search.search_pages`` and ``search.Indexing``): what Pagefind reads there must be what the
built page holds, so the index is the one ``search-index`` makes from the built site."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from conftest import SEED
from generator.build import ContentPaths, load_site
from generator.frame import tight
from generator.render import render_site
from generator.search import EVERYWHERE_FILE, everywhere_words, plain_words, search_pages, shard_count, shard_of


def test_each_paper_is_indexed_from_exactly_the_body_its_built_page_holds(seed_site):
    site = load_site(ContentPaths(SEED.parent, SEED))
    pages = dict(search_pages(render_site(site)))
    assert sorted(pages) == sorted(f"0/papers/{p.slug}/index.html" for p in site.papers)  # one shard
    for path, data in pages.items():
        scratch = data.decode("utf-8")
        (body,) = re.findall(r"<body>\n(.*)</body>", scratch, re.S)
        assert body.startswith('<div class="rl-paper" data-pagefind-body')
        built = (seed_site / "site" / path.removeprefix("0/")).read_text(encoding="utf-8")
        assert tight(body.strip("\n")) in built, path  # the built page without line breaks between tags


def test_list_and_hand_written_pages_are_not_indexed():
    body = "<div data-pagefind-body>x</div>\n"
    pages = {
        "papers/index.md": f"---\ntitle: All\n---\n\n{body}",
        "about.md": body,
        "papers/x.md": f"---\npaper: true\n---\n\n{body}",
    }
    assert [path for path, _ in search_pages(pages)] == ["0/papers/x/index.html"]


def test_papers_are_dealt_into_even_stable_shards_of_the_size_asked_for():
    body = "<div data-pagefind-body>x</div>\n"
    pages = {f"papers/p{n}.md": f"---\npaper: true\n---\n\n{body}" for n in range(1000)}
    placed = [path for path, _ in search_pages(pages, shard_pages=100) if path != EVERYWHERE_FILE]
    sizes = Counter(int(path.split("/")[0]) for path in placed)
    assert sorted(sizes) == list(range(10)) and sum(sizes.values()) == 1000  # every page, once
    assert max(sizes.values()) <= 140 and min(sizes.values()) >= 60  # a hash spreads them evenly
    for path in placed:  # a page's shard depends only on its path and the number of shards
        shard, page = path.split("/", 1)
        assert shard_of(page, 10) == int(shard)
    assert shard_count(1000, 100) == 10 and shard_count(1001, 100) == 11 and shard_count(0, 100) == 1
    assert shard_of("papers/p1/index.html", 7) == shard_of("papers/p1/index.html", 7)  # no salt


def test_the_scratch_folder_is_in_memory_only_with_room_to_spare(tmp_path, monkeypatch):
    import tempfile

    from generator import search

    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path)
    roomy = search.scratch_folder()
    assert roomy.parent == tmp_path and roomy.is_dir() and not any(roomy.iterdir())
    monkeypatch.setattr(search, "MEMORY_FOLDER_ROOM", 2**80)
    cramped = search.scratch_folder()
    assert cramped.parent == Path(tempfile.gettempdir())
    monkeypatch.setattr(search, "MEMORY_FOLDER", tmp_path / "missing")
    missing = search.scratch_folder()
    assert missing.parent == Path(tempfile.gettempdir())
    cramped.rmdir()
    missing.rmdir()


def test_plain_words_are_the_indexed_text_between_spaces_without_tags_or_what_pagefind_skips():
    body = (
        '<div class="rl-paper" data-pagefind-body><i data-pagefind-meta="date:1 Jan 2026" '
        'data-pagefind-filter="year:2026"></i><nav class="md-tags"><a href="../../tags/vision/" '
        'class="md-tag" data-pagefind-filter="tag">Vision tag</a></nav><h1 data-pagefind-weight="10">Sparse '
        "Attention</h1>"
        '<div class="rl-marks" data-pagefind-ignore><span class="rl-badge">Must-read</span> '
        '<span class="rl-actions"></span></div>'
        "<p>We train models, then <em>prune</em> them &amp; don&#x27;t stop: "
        '<span class="math" title="$x$"><math><mi>word</mi></math></span> Ünïcode end.</p>'
        '<h2 id="note" data-pagefind-ignore>Curator note</h2><p>Plain</p><div> nested </div></div>'
        "\n<h2>In digest</h2> <p> outside </p>"
    )
    # A word next to a tag may run into the next ("Attention</h1><p>We"): it is left out.
    assert plain_words(body) == {"train", "then", "them", "nested"}  # not "outside" the indexed div
    words = plain_words("<div data-pagefind-body><p>Graph neural <b>nets</b> and net<i>works</i> here</p></div>")
    assert words == {"neural", "and"}
    assert plain_words("<p>no mark here</p>") == set(), "nothing outside data-pagefind-body is indexed"
    # What an ignored element holds goes with it, nested elements of its kind too; so do the
    # elements Pagefind skips (the tag chips' nav, svg, label...), whatever they hold.
    nested = (
        "<div data-pagefind-body><p> kept </p><div data-pagefind-ignore><div> x </div> ignored here </div>"
        "<nav> in nav </nav><svg><title> in svg </title></svg><label> in label </label><p> too </p></div>"
    )
    assert plain_words(nested) == {"kept", "too"}
    assert plain_words("<div data-pagefind-body><p> a </p><span data-pagefind-ignore> open to the end") == {"a"}


def test_the_words_everywhere_are_those_in_enough_pages_of_every_shard_commonest_first():
    shards = [Counter({"the": 12, "model": 10, "rare": 30}), Counter({"the": 20, "model": 11, "data": 10})]
    assert everywhere_words(shards, least=10) == ["the", "model"]
    assert everywhere_words(shards, least=11) == ["the"]
    assert everywhere_words(shards, least=10, most=1) == ["the"]
    assert everywhere_words([Counter({"b": 10, "a": 10}), Counter({"a": 10, "b": 10})], least=10) == ["a", "b"]
    assert everywhere_words(shards[:1], least=1) == [], "one shard needs no list"


def test_search_pages_lists_the_words_every_shard_holds_after_the_pages():
    def page(n: int) -> str:
        return f"---\npaper: true\n---\n\n<div data-pagefind-body><p>A common word{n} in plain text</p></div>\n"

    pages = {f"papers/p{n}.md": page(n) for n in range(60)}
    *placed, (name, data) = search_pages(pages, shard_pages=20)
    assert name == EVERYWHERE_FILE and len(placed) == 60
    # Each in all 60 pages, by count, then alphabetical ("A" and "text" touch a tag; "wordN" has digits).
    assert json.loads(data) == ["common", "in", "plain"]
    assert [path for path, _ in search_pages(pages, shard_pages=100)][-1] != EVERYWHERE_FILE  # one shard: no list
