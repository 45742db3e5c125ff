"""The paper-page frame (generator/frame.py): paper pages filled into a frame rendered once are
byte for byte the pages the theme renders one by one (with ``frame.tight`` applied)."""

from __future__ import annotations

import pytest

from conftest import SEED, build_or_fail, build_site, copy_content
from generator.frame import SLOTS, Frame, fill, make_frame, tight


def test_tight_drops_line_breaks_between_tags_and_keeps_one_next_to_text():
    assert tight("<p>a b</p>\n    \n  <p>c</p>  \n\t<a>x</a> <a>y</a>") == "<p>a b</p><p>c</p><a>x</a> <a>y</a>"
    assert tight("<span>\n  Site name\n</span>\n<b>x</b>") == "<span>\nSite name\n</span><b>x</b>"


def test_a_frame_is_filled_where_its_markers_were_and_needs_a_title_and_a_body():
    rendered = (
        f'<title>{SLOTS["title"]} - Site</title><meta content="{SLOTS["title"]}amp;"><main>{SLOTS["content"]}</main>'
    )
    frame = make_frame(rendered)
    assert frame == Frame(
        ("<title>", ' - Site</title><meta content="', '"><main>', "</main>"), ("title", "title_text", "content")
    )
    values = {"title": "A &amp; B", "title_text": "A &amp; B", "content": "<h1>A</h1>"}
    assert fill(frame, values) == '<title>A &amp; B - Site</title><meta content="A &amp; B"><main><h1>A</h1></main>'
    assert make_frame("<title>no markers</title>") is None


@pytest.fixture(scope="module")
def unframed_site(tmp_path_factory):
    """The seed content built with every paper page rendered by the theme, one by one."""
    out = tmp_path_factory.mktemp("unframed")
    result = build_site(SEED, out, extra_env={"READING_LIST_PAPER_FRAME": "off"})
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "site"


def test_every_paper_page_from_the_frame_is_the_page_the_theme_renders(seed_site, unframed_site):
    framed = sorted((seed_site / "site" / "papers").glob("*/index.html"))
    assert len(framed) > 400
    for page in framed:
        alone = unframed_site / page.relative_to(seed_site / "site")
        assert page.read_text(encoding="utf-8") == tight(alone.read_text(encoding="utf-8")), page.parent.name


def test_hostile_titles_fill_the_frame_as_the_theme_prints_them(tmp_path):
    # quotes, ampersands, tags and entities in titles and abstracts (tests/hostile): raw where
    # the theme prints the escaped title, through striptags and e in the share card
    from test_hostile import RENDERS, fixture_bytes

    content = copy_content(tmp_path / "content")
    for name in RENDERS:
        (content / "digests" / name).write_bytes(fixture_bytes(name))
    framed = build_or_fail(content, tmp_path / "framed") / "site" / "papers"
    result = build_site(content, tmp_path / "alone", extra_env={"READING_LIST_PAPER_FRAME": "off"})
    assert result.returncode == 0, result.stdout + result.stderr
    pages = sorted(framed.glob("*/index.html"))
    assert len(pages) > 100
    for page in pages:
        alone = tmp_path / "alone" / "site" / "papers" / page.parent.name / "index.html"
        assert page.read_text(encoding="utf-8") == tight(alone.read_text(encoding="utf-8")), page.parent.name
