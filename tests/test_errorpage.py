"""The banner ``mkdocs serve`` shows while the content has errors (``generator.errorpage``):
every problem escaped, a flood of problems capped, placed at the top of the page's content."""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator.errorpage import BANNER_ID, MAX_SHOWN, RELOAD_SCRIPT, banner, with_banner

HOSTILE = "content/digests/a.txt:3: error: expected an abstract after the title '<script>alert(1)</script> & \"x\"'"
PAGE = '<html><body dir="ltr"><div><article class="md-content__inner md-typeset"><h1>Paper</h1></article></div></body></html>'


def test_every_problem_is_shown_as_text_never_as_markup():
    soup = BeautifulSoup(banner([HOSTILE, "content/taxonomy.yml:2: error: expected a name, found ''"]), "html.parser")
    box = soup.find(id=BANNER_ID)
    assert box is not None and box.find("script") is None
    assert [li.get_text() for li in box.find_all("li")] == [
        HOSTILE,
        "content/taxonomy.yml:2: error: expected a name, found ''",
    ]
    assert "2 problems in the content" in box.get_text()


def test_a_flood_of_problems_is_capped_and_counted():
    problems = [f"content/digests/{i}.txt:1: error: expected text, found nothing" for i in range(MAX_SHOWN + 70)]
    items = BeautifulSoup(banner(problems), "html.parser").find_all("li")
    assert len(items) == MAX_SHOWN + 1
    assert items[-1].get_text().startswith("… and 70 more")
    assert f"{MAX_SHOWN + 70} problems" in banner(problems)


def test_the_banner_goes_on_top_of_the_article_and_the_script_before_the_body_ends():
    shown = with_banner(PAGE, banner([HOSTILE]), RELOAD_SCRIPT)
    soup = BeautifulSoup(shown, "html.parser")
    article = soup.find("article")
    assert article is not None
    assert next(c for c in article.children if getattr(c, "name", None)).get("id") == BANNER_ID
    assert soup.body is not None and soup.body.find_all("script")[-1] is soup.body.contents[-1]


def test_without_an_article_the_banner_follows_the_body_tag_or_comes_first():
    assert with_banner("<body class='x'><p>hi</p></body>", "<b>!</b>").startswith("<body class='x'>\n<b>!</b>")
    assert with_banner("<p>no body</p>", "<b>!</b>") == "\n<b>!</b><p>no body</p>"


def test_the_reload_script_does_not_carry_the_banner_marker_itself():
    assert f'id="{BANNER_ID}"' not in RELOAD_SCRIPT
    assert BANNER_ID in RELOAD_SCRIPT
