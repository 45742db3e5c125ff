"""Search: the Pagefind index of the built site and the header search box in a real browser.

The fixture content in ``tests/search/content`` (real arXiv records, see its ``make_fixture.py``)
holds titles of the shapes readers paste (``Word-Word: ...``, ``$π$``, ``^``, ``*``), papers with
the phrase "model merging" and papers with the two words apart, a curated must-read paper with a
code link and a note, a made-up paper whose title and abstract are HTML, and a taxonomy whose
tag names are HTML (``<img src=x onerror=alert(1)>``, ``Reasoning <think>``). It is built once
with the real ``mkdocs build --strict`` (which runs Pagefind), served on 127.0.0.1 and driven in
headless Chromium. Expectations come from that fixture, or from the fixture loaded at test time.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect
from search.make_fixture import HOSTILE_TITLE, TITLES
from test_browser import chromium, serve_folder

from conftest import ROOT, build_site
from generator.build import ContentPaths, load_site
from generator.model import Paper
from generator.search import index_site
from generator.titleindex import FOLDER, shard_of, title_key

FIXTURE = ROOT / "tests" / "search" / "content"
SEARCH_JS = ROOT / "overrides" / "assets" / "search" / "search.js"
TIMEOUT_MS = 20_000
HOSTILE_TAG = "<img src=x onerror=alert(1)>"
THINK_TAG = "Reasoning <think>"
# The fixture's titles of every tricky shape (the last two are phrase-search pairs), and its
# hostile one: tests/search/make_fixture.py wrote tests/search/content from these.
PASTED_TITLES = [*TITLES[:12], HOSTILE_TITLE]


# ---- The built site (no browser) ----


@pytest.fixture(scope="module", params=[None, 20], ids=["one index", "shards of 20 pages"])
def built(request, tmp_path_factory) -> Path:
    """The fixture content built with the real MkDocs (and Pagefind); returns the site folder.
    Every test runs on the index as the site's size makes it (one shard), and on an index in
    shards of about 20 pages (3 here), which the browser merges into one search. There, a query
    whose rare word only one shard holds ("Semantic Scholar": "scholar" is in one abstract, with
    no "semantic") must still find nothing, as one index does. Much smaller shards are not
    expected to rank as one index: Pagefind's word statistics are each shard's own."""
    out = tmp_path_factory.mktemp("search")
    env = {} if request.param is None else {"READING_LIST_SEARCH_SHARD_PAGES": str(request.param)}
    result = build_site(FIXTURE, out, extra_env=env)
    assert result.returncode == 0, result.stderr
    shards = json.loads((out / "site" / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert (shards == 1) == (request.param is None), shards
    return out / "site"


@pytest.fixture(scope="module")
def papers() -> dict[str, Paper]:
    """The fixture's papers by title."""
    return {p.title: p for p in load_site(ContentPaths(ROOT, FIXTURE)).papers}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.site
def test_only_paper_pages_are_marked_for_the_index_and_lunr_is_gone(built, papers):
    paper = papers[PASTED_TITLES[0]]
    page = soup(built / "papers" / paper.slug / "index.html")
    body = page.select("[data-pagefind-body]")
    assert len(body) == 1
    assert body[0].select_one("h1[data-pagefind-weight]").get_text().startswith("PS-GS")
    assert "Appeared in" not in body[0].get_text(), "the appeared-in line must stay out of the index"
    assert "Look it up" not in body[0].get_text()
    assert body[0].select_one(".rl-marks[data-pagefind-ignore]"), "the badges and reading-list buttons are not indexed"
    for list_page in ("index.html", "papers/index.html", "tags/index.html", "digests/index.html"):
        assert not soup(built / list_page).select("[data-pagefind-body]"), list_page
    assert (built / "pagefind" / "pagefind.js").is_file()
    assert not (built / "search" / "search_index.json").exists()


def indexed_records(site_dir: Path) -> dict[str, dict]:
    """What Pagefind stored for each page of ``site_dir``'s index (every shard), by URL: its
    fragment files (gzip-compressed, Pagefind's signature, then the JSON its script reads for a result:
    ``title`` and the other metadata in ``meta``, values of each filter in ``filters``)."""
    records = {}
    for path in (site_dir / "pagefind").glob("**/fragment/*"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        record = json.loads(data[len(b"pagefind_dcd") :])
        assert record["url"] not in records, "a page is in one shard only"
        records[record["url"]] = record
    return records


@pytest.mark.site
def test_filters_and_metadata_are_written_as_escaped_text(built, papers):
    paper = papers[PASTED_TITLES[0]]
    html = (built / "papers" / paper.slug / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html
    records = indexed_records(built)
    record = records[f"/papers/{paper.slug}/"]
    assert record["meta"]["title"] == paper.title
    assert HOSTILE_TAG in record["filters"]["tag"]
    # The digest's "Aug 27" date line, with the year of the commit (or build) that dated it.
    date = record["meta"]["date"]
    assert re.fullmatch(r"27 Aug (\d{4})", date) and record["filters"]["month"] == ["Aug"]
    assert record["filters"]["year"] == [date[-4:]]
    assert record["filters"]["must-read"] == ["yes"] and record["filters"]["code"] == ["yes"]
    # The text under the title starts with the curator's note, without the note's heading.
    assert record["content"].startswith(f"{paper.title}. Read it for the photometric cues")
    hostile = records[f"/papers/{papers[PASTED_TITLES[-1]].slug}/"]
    assert hostile["meta"]["title"] == PASTED_TITLES[-1]
    assert hostile["filters"]["year"] == ["2026"]
    # every paper's result shows its own title and tags
    for found in papers.values():
        stored = records[f"/papers/{found.slug}/"]
        assert stored["meta"]["title"] == found.title
        assert sorted(stored["filters"].get("tag", [])) == sorted(found.tags)


@pytest.mark.site
def test_pages_load_nothing_from_other_sites(built):
    for path in (
        built / "index.html",
        built / "about" / "index.html",
        *list((built / "papers").glob("*/index.html"))[:3],
    ):
        page = soup(path)
        loaded = [el.get("href") for el in page.select("link[rel=stylesheet], link[rel=preconnect], link[rel=preload]")]
        loaded += [el.get("src") for el in page.select("script[src], img[src], iframe[src]")]
        assert not [url for url in loaded if re.match(r"(https?:)?//", url or "")], path
        assert not page.select('[data-md-component="source"]'), "a placeholder repository must not fetch its facts"
        paper_page = path.parent.parent.name == "papers"
        assert bool(page.select_one("a.md-source")) != paper_page, "the repository link stays, but on paper pages"


@pytest.mark.site
def test_a_configured_repository_shows_its_facts(tmp_path):
    result = build_site(FIXTURE, tmp_path, extra_env={"REPO_URL": "https://github.com/example/reading-list"})
    assert result.returncode == 0, result.stderr
    source = soup(tmp_path / "site" / "index.html").select_one('[data-md-component="source"]')
    assert source is not None and source["href"] == "https://github.com/example/reading-list"


@pytest.mark.site
def test_search_index_command_indexes_any_built_folder(built, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("pagefind"))
    run = [sys.executable, "-m", "generator", "search-index"]
    done = subprocess.run([*run, str(copy)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert re.search(r"indexed \d+ paper pages", done.stdout)
    assert (copy / "pagefind" / "pagefind.js").is_file()
    missing = subprocess.run([*run, str(tmp_path / "nothing")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert missing.returncode == 1
    assert "expected a built site folder" in missing.stderr and "Traceback" not in missing.stderr


@pytest.mark.site
def test_a_built_site_is_indexed_in_shards_holding_every_paper_once(built, papers, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built, copy)  # with the index of the build, which this one replaces
    index = index_site(copy, shard_pages=20)
    assert index.pages == len(papers)
    count = json.loads((copy / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert count == 3 and sorted(p.name for p in (copy / "pagefind").iterdir() if p.name.isdigit()) == ["1", "2"]
    records = indexed_records(copy)  # each page in one shard only
    assert sorted(records) == sorted(f"/papers/{p.slug}/" for p in papers.values())
    for k in ("1", "2"):  # the browser runs shard 0's script and WebAssembly for all
        assert not list((copy / "pagefind" / k).glob("*.js")) and not list((copy / "pagefind" / k).glob("wasm.*"))
    assert not [p for p in copy.rglob("*") if p.is_symlink()]


@pytest.mark.site
def test_shards_that_get_no_page_are_left_out(built, papers, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built, copy, ignore=shutil.ignore_patterns("pagefind"))
    index = index_site(copy, shard_pages=1)  # one shard per page asked for: some get none
    count = json.loads((copy / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert index.pages == len(papers) and 1 < count < len(papers)
    assert sorted(int(p.name) for p in (copy / "pagefind").iterdir() if p.name.isdigit()) == list(range(1, count))
    assert sorted(indexed_records(copy)) == sorted(f"/papers/{p.slug}/" for p in papers.values())


@pytest.mark.site
def test_a_shard_size_below_one_page_is_a_clear_configuration_error(tmp_path):
    result = build_site(FIXTURE, tmp_path, extra_env={"READING_LIST_SEARCH_SHARD_PAGES": "0"})
    assert result.returncode != 0
    assert "search_shard_pages: expected a number of pages of at least 1, found 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_without_paper_pages_gets_no_index_and_a_stale_one_is_removed(tmp_path):
    (tmp_path / "index.html").write_text("<html><body><h1>Home</h1></body></html>", encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "stale.pf_meta").write_bytes(b"old")
    index = index_site(tmp_path)
    assert index.pages == 0
    assert not (tmp_path / "pagefind").exists()


# ---- In the browser ----


@pytest.fixture(scope="module")
def base_url(built) -> Iterator[str]:
    with serve_folder(built) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    yield from _page(browser, {"width": 1280, "height": 900}, "light")


def _page(browser, viewport: dict, scheme: str) -> Iterator:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda err: problems.append(f"error: {err}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()
    assert problems == [], f"scripts ran or failed on the page: {problems}"


def search(page, query: str) -> list[str]:
    """Paste ``query`` into the open search box; return the hrefs of the results shown."""
    page.locator("input.md-search__input").fill(query)
    return results(page)


def results(page) -> list[str]:
    """Wait for the search under way (typing, a filter) to show its answer; return its hrefs."""
    page.wait_for_function("document.querySelector('[data-rl-search-result]').dataset.state === 'done'")
    return page.locator(".md-search-result__list a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def open_search(page) -> None:
    page.locator("input.md-search__input").click()


def slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def status(page) -> str:
    return page.locator("[data-rl-search-meta]").inner_text()


@pytest.mark.browser
def test_pasted_titles_rank_their_paper_first(page, base_url, papers):
    """First from the title index (nothing else loaded), then with Pagefind loaded, whose
    results the box then shows in full."""
    page.goto(base_url)
    open_search(page)
    for source in ("title index", "pagefind"):
        wrong = []
        for title in PASTED_TITLES:
            found = search(page, title)
            if not found or slug_of(found[0]) != papers[title].slug:
                wrong.append((title, found[:3]))
            shown = status(page)
            if ("with this title" in shown) != (source == "title index"):
                wrong.append((title, source, shown))
        assert wrong == [], source
        first = page.locator(".md-search-result__list h1").first
        assert first.inner_text() == PASTED_TITLES[-1], "the hostile title shows as text"
        search(page, "model merging")  # loads Pagefind


@pytest.mark.browser
def test_a_pasted_title_fetches_one_title_file_and_more_results_load_pagefind(page, base_url, papers):
    title = PASTED_TITLES[3]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base_url, wait_until="networkidle")
    requested.clear()
    open_search(page)
    assert [slug_of(h) for h in search(page, title)] == [papers[title].slug]
    assert status(page) == "1 paper with this title"
    assert requested == [f"{base_url}{FOLDER}/{shard_of(title_key(title))}.json"]
    page.get_by_role("button", name="Search all papers for these words").click()
    found = results(page)
    assert slug_of(found[0]) == papers[title].slug
    assert re.fullmatch(r"\d+ matching papers?", status(page)), "Pagefind's answer"
    assert any(url.endswith("/pagefind/pagefind.js") for url in requested)
    assert page.get_by_role("button", name="Search all papers for these words").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("answer", ["{}", '[{"title": 1}]', "not json", 404])
def test_a_broken_title_file_leaves_the_search_to_pagefind(page, base_url, papers, answer):
    title = PASTED_TITLES[1]

    def reply(route):
        if answer == 404:
            route.fulfill(status=404, body="")
        else:
            route.fulfill(status=200, body=answer, content_type="application/json")

    page.route(f"**/{FOLDER}/*.json", reply)
    page.goto(base_url)
    open_search(page)
    assert slug_of(search(page, title)[0]) == papers[title].slug
    assert re.fullmatch(r"\d+ matching papers?", status(page)), "Pagefind's answer"


# For each word, how many shards hold it, by Pagefind's own count: a search filtered to a shard
# that does not exist finds nothing and counts each shard's pages in totalFilters.
SHARDS_HOLDING = """async ([root, count, words]) => {
  const module = await import(`${root}pagefind/pagefind.js`);
  const options = (k) => ({ baseUrl: root, noWorker: true, mergeFilter: { shard: String(k) } });
  const instance = module.createInstance(options(0));
  await instance.init();
  for (let k = 1; k < count; k += 1) await instance.mergeIndex(`${root}pagefind/${k}/`, options(k));
  const held = [];
  for (const word of words) {
    const found = await instance.search(word, { filters: { shard: "none" } });
    held.push(Object.values(found.totalFilters.shard || {}).filter((pages) => pages > 0).length);
  }
  return held;
}"""


@pytest.mark.browser
def test_the_words_listed_as_in_every_shard_are_in_every_shard(page, base_url, built):
    """The box does not ask which shards hold a word ``shards.json`` lists under "everywhere":
    Pagefind must find each such word in every shard."""
    listed = json.loads((built / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    if listed["shards"] == 1:
        assert "everywhere" not in listed, "one index needs no list"
        return
    words = listed["everywhere"]
    assert "the" in words and len(words) == len(set(words)), words  # the fixture's commonest word
    page.goto(base_url)
    root = urlsplit(base_url).path
    held = page.evaluate(SHARDS_HOLDING, [root, listed["shards"], words])
    assert dict(zip(words, held, strict=True)) == dict.fromkeys(words, listed["shards"])


@pytest.mark.browser
@pytest.mark.parametrize("answer", [500, "{}", '{"shards": 0}'])
def test_an_unreadable_shard_count_fails_the_search_instead_of_searching_part(page, base_url, answer):
    def reply(route):
        if answer == 500:
            route.fulfill(status=500, body="")
        else:
            route.fulfill(status=200, body=answer, content_type="application/json")

    page.route("**/pagefind/shards.json", reply)
    page.goto(base_url)
    open_search(page)
    page.locator("input.md-search__input").fill("zanzibarite")
    failed = re.compile(r"Search failed|Search is not available")
    expect(page.locator("[data-rl-search-meta]")).to_contain_text(failed, timeout=TIMEOUT_MS)
    assert page.locator(".md-search-result__item").count() == 0, "no results from part of the index"


@pytest.mark.browser
def test_the_search_box_keys_titles_as_the_generator_does(page, base_url, papers):
    """``normalise`` in search.js (run as written) against ``title_key`` on tricky text."""
    source = re.search(r"function normalise\(text\) \{.*?\n  \}", SEARCH_JS.read_text(encoding="utf-8"), re.S)
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x20, 0x3000) if unicodedata.category(chr(c)) not in ("Cn", "Cs", "Co")]
    alphabet += list("ﬁﬂＡＺａｚ０９İıſΣσςẞß²³½Ⅻ①　\u200d\u0301😀")
    texts = [*papers, *("".join(rng.choices(alphabet, k=rng.randint(1, 40))) for _ in range(3000))]
    page.goto(base_url)
    keyed = page.evaluate(f"(texts) => {{ {source.group(0)}; return texts.map(normalise); }}", texts)
    assert [(t, k) for t, k in zip(texts, keyed, strict=True) if k != title_key(t)] == []


@pytest.mark.browser
def test_a_phrase_ranks_papers_holding_it_above_papers_with_the_words_apart(page, base_url, papers):
    def text(p: Paper) -> str:
        return " ".join(f"{p.title} {p.abstract}".lower().split())

    # Tags are indexed too: a paper tagged "Model merging" holds the phrase.
    phrase = {p.slug for p in papers.values() if "model merging" in text(p) or "Model merging" in p.tags}

    def words(p: Paper) -> str:  # punctuation between two words does not part a phrase
        return " ".join(re.sub(r"[^a-z0-9]+", " ", text(p)).split())

    apart = {
        p.slug
        for p in papers.values()
        if re.search(r"\bmodel\b", text(p)) and re.search(r"\bmerging\b", text(p)) and "model merg" not in words(p)
    } - phrase
    assert phrase and apart, "the fixture holds both kinds"
    page.goto(base_url)
    open_search(page)
    ranks = [slug_of(h) for h in search(page, "model merging")]
    holding = [ranks.index(s) for s in phrase if s in ranks]
    without = [ranks.index(s) for s in apart if s in ranks]
    assert len(holding) == len(phrase), "every paper with the phrase is found"
    assert without, "papers with the words apart are found too"
    assert max(holding) < min(without), ranks


@pytest.mark.browser
def test_words_of_an_abstract_or_a_note_find_the_paper_and_boilerplate_finds_nothing(page, base_url, papers):
    page.goto(base_url)
    open_search(page)
    assert [slug_of(h) for h in search(page, "quokkaphrasing")] == [papers[PASTED_TITLES[-1]].slug]
    assert [slug_of(h) for h in search(page, "zanzibarite")] == [papers[PASTED_TITLES[0]].slug]
    for boilerplate in ("Semantic Scholar", "Google Scholar", "Curators mark this paper"):
        assert search(page, boilerplate) == [], boilerplate


@pytest.mark.browser
def test_a_one_letter_typo_still_finds_the_paper_and_suggests_the_word(page, base_url, papers):
    page.goto(base_url)
    open_search(page)
    found = [slug_of(h) for h in search(page, "Gausian")]
    assert papers[PASTED_TITLES[0]].slug in found
    shown = status(page)
    assert "gaussian" in shown.lower(), shown


@pytest.mark.browser
@pytest.mark.parametrize("query", ["zanzibarite", PASTED_TITLES[0]], ids=["pagefind", "title index"])
def test_results_show_title_tags_date_and_a_short_excerpt_as_text(page, base_url, papers, query):
    paper = papers[PASTED_TITLES[0]]
    page.goto(base_url)
    open_search(page)
    search(page, query)
    result = page.locator(".md-search-result__list .md-search-result__item").first
    assert result.locator("h1").inner_text() == paper.title
    chips = result.locator(".md-tag").all_inner_texts()
    assert any(re.fullmatch(r"27 Aug \d{4}", chip) for chip in chips) and HOSTILE_TAG in chips and "Must-read" in chips
    excerpt = result.locator(".rl-search-excerpt").inner_text()
    assert 0 < len(excerpt.split()) <= 40 < len(paper.abstract.split())
    marks = result.locator(".rl-search-excerpt mark").all_inner_texts()
    asked = set(title_key(query).split())
    assert marks and all(set(title_key(mark).split()) & asked for mark in marks), marks
    if query == paper.title:  # the abstract's first words, each word of the title marked
        assert excerpt == " ".join(paper.abstract.split()[:26]) + " …"
        assert marks == [w for w in excerpt.split() if title_key(w) and set(title_key(w).split()) <= asked]
    assert page.locator(".md-search-result img, .md-search-result script, .md-search-result think").count() == 0


MATH_TITLE = "$π$-Attention: Periodic Sparse Transformers for Efficient Long-Context Modeling"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "title"),
    [("photometric stereo", PASTED_TITLES[0]), ("periodic sparse", MATH_TITLE)],
    ids=["title", "title with math"],
)
def test_an_excerpt_is_abstract_text_not_the_title_shown_above_it(page, base_url, papers, query, title):
    """The words of the query in the title and in the text under it: the excerpt is a run of
    that text (the curator's note, then the abstract; ellipses aside) with the query's words
    marked, not the title again (whose text in the index is MathML's, when it has math)."""
    paper = papers[title]
    page.goto(base_url)
    open_search(page)
    search(page, query)
    result = page.locator(".md-search-result__item", has=page.locator(f'h1:text-is("{paper.title}")')).first
    excerpt = result.locator(".rl-search-excerpt").inner_text()
    # The note's emphasis and the abstract's one-letter math as the page's text.
    under = " ".join(f"{paper.note or ''} {paper.abstract}".replace("*", "").replace("$", "").split())
    assert excerpt.strip("… ") in under, excerpt
    marks = result.locator(".rl-search-excerpt mark").all_inner_texts()
    assert marks and {title_key(mark) for mark in marks} <= set(query.split()), marks


@pytest.mark.browser
def test_filters_narrow_results_by_tag_date_must_read_and_code(page, base_url, papers):
    page.goto(base_url)
    open_search(page)
    unfiltered = search(page, "reasoning")
    page.locator("[data-rl-search-filter-button]").click()
    tag = page.locator('select[data-rl-filter="tag"]')
    tag.wait_for()
    labels = tag.locator("option").all_inner_texts()
    assert any(label.startswith(THINK_TAG) for label in labels), labels
    assert any(label.startswith(HOSTILE_TAG) for label in labels), labels
    tag.select_option(THINK_TAG)
    narrowed = results(page)
    tagged = {p.slug for p in papers.values() if THINK_TAG in p.tags}
    assert narrowed and {slug_of(h) for h in narrowed} <= tagged
    assert len(narrowed) < len(unfiltered)
    tag.select_option("")
    everything = search(page, "learning")
    month = page.locator('select[data-rl-filter="month"]')
    month.select_option("Aug")
    in_august = results(page)
    assert in_august and len(in_august) < len(everything)
    dates = page.locator(".md-search-result__list .rl-search-date").all_inner_texts()
    assert dates and all(re.fullmatch(r"27 Aug \d{4}", date) for date in dates), dates
    month.select_option("")
    year = page.locator('select[data-rl-filter="year"]')
    year.select_option("2026")
    assert results(page)
    dates = page.locator(".md-search-result__list .rl-search-date").all_inner_texts()
    assert dates and all(date.endswith(" 2026") for date in dates), dates
    year.select_option("")
    results(page)
    page.locator('input[data-rl-filter="must-read"]').check()
    assert [slug_of(h) for h in search(page, "photometric")] == [papers[PASTED_TITLES[0]].slug]
    page.locator('input[data-rl-filter="must-read"]').uncheck()
    page.locator('input[data-rl-filter="code"]').check()
    with_code = {slug_of(h) for h in search(page, "learning")}
    has_code = {p.slug for p in papers.values() if any(link.kind == "Code" for link in p.links)}
    assert with_code and with_code <= has_code


@pytest.mark.browser
@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_keyboard_opens_moves_through_results_and_opens_one(page, base_url, papers, key):
    title = PASTED_TITLES[0]  # plain text: a title with math shows typeset in the page
    page.goto(base_url)
    page.locator("article h1").wait_for()
    page.keyboard.press(key)
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert not page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press(key)
    search(page, title)
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('a.md-search-result__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/papers/{re.escape(papers[title].slug)}/$"))
    page.wait_for_function("t => document.querySelector('article h1')?.textContent.startsWith(t)", arg=title)
    assert not page.evaluate("document.getElementById('__search').checked")


@pytest.mark.browser
def test_enter_in_the_box_opens_the_first_result(page, base_url, papers):
    page.goto(base_url)
    open_search(page)
    search(page, PASTED_TITLES[1])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/papers/{re.escape(papers[PASTED_TITLES[1]].slug)}/$"))


@pytest.mark.browser
def test_no_request_leaves_the_site_and_the_first_visit_downloads_no_search_data(browser, base_url, papers):
    for page in _page(browser, {"width": 1280, "height": 900}, "light"):
        requested: list[str] = []
        page.on("request", lambda request, seen=requested: seen.append(request.url))
        page.goto(base_url + f"papers/{papers[PASTED_TITLES[0]].slug}/", wait_until="networkidle")
        page.goto(base_url, wait_until="networkidle")
        open_search(page)
        page.wait_for_load_state("networkidle")
        index = [url for url in requested if f"/{FOLDER}/" in url or "/pagefind/" in url]
        assert index == [], "nothing of either index before the first query"
        search(page, "model merging")
        search(page, PASTED_TITLES[2])
        page.locator(".md-search-result__list a.md-search-result__link").first.click()
        page.wait_for_url(re.compile(r"/papers/"))
        page.wait_for_load_state("networkidle")
        assert any(url.endswith("/pagefind/pagefind.js") for url in requested)
        assert any(f"/{FOLDER}/" in url for url in requested)
        assert [url for url in requested if not url.startswith(base_url)] == []


@pytest.mark.browser
def test_result_links_work_when_the_site_lives_under_a_sub_path(browser, built, papers, tmp_path):
    (tmp_path / "repo").symlink_to(built, target_is_directory=True)
    with serve_folder(tmp_path) as url:
        for page in _page(browser, {"width": 1280, "height": 900}, "light"):
            page.goto(url + "repo/tags/")
            open_search(page)
            found = search(page, PASTED_TITLES[4])
            assert found and found[0] == f"/repo/papers/{papers[PASTED_TITLES[4]].slug}/"


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "width"), [("dark", 1280), ("light", 390), ("dark", 390)])
def test_search_works_in_dark_mode_and_on_a_phone(browser, base_url, papers, tmp_path, scheme, width):
    for page in _page(browser, {"width": width, "height": 844}, scheme):
        page.goto(base_url)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == (
            "slate" if scheme == "dark" else "default"
        )
        if width < 600:
            page.locator('label.md-header__button[for="__search"]').click()
        else:
            open_search(page)
        box = page.locator("input.md-search__input")
        box.wait_for(state="visible")
        found = search(page, PASTED_TITLES[5])
        assert slug_of(found[0]) == papers[PASTED_TITLES[5]].slug
        page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
        first = page.locator(".md-search-result__list .md-search-result__item").first
        shape = first.bounding_box()
        assert shape["x"] >= 0 and shape["x"] + shape["width"] <= width + 1, "results fit the screen"
        background = first.evaluate(
            """el => {
              for (; el; el = el.parentElement) {
                const color = getComputedStyle(el).backgroundColor;
                if (color !== "rgba(0, 0, 0, 0)") return color;
              }
              return "none";
            }"""
        )
        channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
        assert (sum(channels) < 200) if scheme == "dark" else (sum(channels) > 600), background
        page.screenshot(path=str(tmp_path / f"search-{scheme}-{width}.png"))
