"""The plugin indexes each paper page's body on its own, while MkDocs renders the site
(``search.search_pages`` and ``search.Indexing``): what Pagefind reads there must be what the
built page holds, so the index is the one ``search-index`` makes from the built site."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from conftest import SEED
from generator.build import ContentPaths, load_site
from generator.frame import tight
from generator.render import render_site
from generator.search import search_pages, shard_count, shard_of


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
    placed = [path for path, _ in search_pages(pages, shard_pages=100)]
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
