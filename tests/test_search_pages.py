"""The plugin indexes each paper page's body on its own, while MkDocs renders the site
(``search.search_pages`` and ``search.Indexing``): what Pagefind reads there must be what the
built page holds, so the index is the one ``search-index`` makes from the built site."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import SEED
from generator.build import ContentPaths, load_site
from generator.render import render_site
from generator.search import search_pages


def test_each_paper_is_indexed_from_exactly_the_body_its_built_page_holds(seed_site):
    site = load_site(ContentPaths(SEED.parent, SEED))
    pages = search_pages(render_site(site))
    assert sorted(pages) == sorted(f"papers/{p.slug}/index.html" for p in site.papers)
    for path, data in pages.items():
        scratch = data.decode("utf-8")
        (body,) = re.findall(r"<body>\n(.*)</body>", scratch, re.S)
        assert body.startswith('<div class="rl-paper" data-pagefind-body>')
        built = (seed_site / "site" / path).read_text(encoding="utf-8")
        assert body.strip("\n") in built, path


def test_list_and_hand_written_pages_are_not_indexed():
    body = "<div data-pagefind-body>x</div>\n"
    pages = {
        "papers/index.md": f"---\ntitle: All\n---\n\n{body}",
        "about.md": body,
        "papers/x.md": f"---\npaper: true\n---\n\n{body}",
    }
    assert list(search_pages(pages)) == ["papers/x/index.html"]


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
