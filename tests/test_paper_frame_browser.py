"""The paper page's slim frame in a real browser (light, dark, 390 px): Material's look, the
tabs at every width in place of the nav drawer, icons from the sprite, dark mode, the search box,
and no sitemap fetched (tests/test_reading_browser.py sees math laid out as MathML). Screenshots go to the test's temporary folder
(``--basetemp`` keeps them) for a person to look at."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_browser import TIMEOUT_MS, base_url, browser, site  # noqa: F401 (fixtures)

from generator.texmath import math_spans

pytestmark = pytest.mark.browser


def open_paper(browser, base_url, slug: str, scheme: str, width: int):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{base_url}papers/{slug}/")
    page.wait_for_load_state("networkidle")
    return context, page, requests, errors


@pytest.mark.parametrize(("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390)])
def test_a_paper_page_in_its_frame(browser, base_url, site, scheme, width, tmp_path):  # noqa: F811
    paper = next(p for p in site.papers if p.tags and not math_spans(f"{p.title} {p.abstract}"))
    context, page, requests, errors = open_paper(browser, base_url, paper.slug, scheme, width)
    try:
        page.screenshot(path=str(tmp_path / f"paper-{scheme}-{width}.png"), full_page=True)
        assert errors == []
        assert " ".join(page.locator("article h1").inner_text().split()) == " ".join(paper.title.split())
        # the tabs lead everywhere at every width; there is no drawer to open
        tabs = page.locator("nav.md-tabs a.md-tabs__link")
        assert tabs.first.is_visible() and tabs.count() >= 6
        assert page.locator('label[for="__drawer"].md-header__button').count() == 0
        assert page.locator(".md-sidebar").count() == 0
        # icons drawn from the sprite, at their size
        box = page.locator("form[data-md-component=palette] label:visible svg").bounding_box()
        assert box is not None and box["width"] >= 16 and box["height"] >= 16
        assert page.locator("svg use").count() >= 5 and page.locator("svg path").count() == 0
        for icon in page.locator("svg:visible").all():  # each as tall as Material draws it
            size = icon.bounding_box()
            assert size is not None and 12 <= size["height"] <= 48, size
        # the scheme of the reader's system, applied by the palette script before paint
        expected = "slate" if scheme == "dark" else "default"
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        # no horizontal scrolling, nothing from another origin, no sitemap
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        assert {urlsplit(url).netloc for url in requests} == {urlsplit(base_url).netloc}
        assert not [url for url in requests if "sitemap" in url]
        # the search box opens and takes a query
        if width < 1220:
            page.locator('label.md-header__button[for="__search"]').click()
        page.locator("[data-rl-search-query]").fill(paper.title)
        page.locator(f'.md-search-result__list a[href*="{paper.slug}"]').first.wait_for()
    finally:
        context.close()
