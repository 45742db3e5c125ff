"""The catalogue of hostile digests (``tests/hostile/``): each renders faithfully or is rejected.

``tests/hostile/README.md`` says per fixture what must happen; these tests hold the fixtures to
it. Fixtures that render are built together as ONE site with the real ``mkdocs build --strict``
(the ``hostile_site`` fixture, also scanned by ``test_site_safety.py``): in the HTML, every title
and abstract reads exactly as the digest line cleaned (``normalise`` then ``clean_around_math``).
Fixtures with errors stop ``python -m generator check`` and ``mkdocs build`` with exactly their
errors, all reported together, before any Markdown is rendered. Files too big to commit are
generated here at run time.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data
from test_escaping_property import collapse, only_links_and_math, visible
from test_front_matter import check_front_matter
from test_site_safety import scan_site

from conftest import SEED, build_site
from generator import build as build_module
from generator import papers as papers_module
from generator.build import ContentPaths, generate, load_site
from generator.cli import main
from generator.digest import MAX_ABSTRACT_CHARS, MAX_DIGEST_BYTES, MAX_TITLE_CHARS, parse_digest
from generator.model import ContentError, Digest, Entry, Paper, Severity, Site
from generator.paperpage import DESCRIPTION_CHARS
from generator.papers import identity_key, merge_papers, paper_slug
from generator.pipeline import SourceFile, parse_digests
from generator.texmath import clean_around_math
from generator.text import escape_html, excerpt, normalise

HOSTILE = Path(__file__).resolve().parent / "hostile"
SITE_NAME = "ML Papers Reading List"
HEADER = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    "Aug 27",
]
SENTENCE = "We measure how the method behaves on long inputs and report every number we obtained."


@dataclass(frozen=True)
class Expected:
    """One row of the README: a fixture and what it must give (no errors: it renders)."""

    name: str
    errors: tuple[tuple[int, str], ...]
    generated: bool

    @property
    def renders(self) -> bool:
        return not self.errors


def read_catalogue() -> dict[str, Expected]:
    """The README's tables: ``{file name: Expected}``."""
    rows, generated = {}, False
    for line in (HOSTILE / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            generated = "Generated" in line
        match = re.fullmatch(r"\| `([^`]+\.txt)` \|.*\| (renders|error, line .*) \|", line)
        if match:
            errors = tuple((int(n), text) for n, text in re.findall(r'error, line (\d+): "([^"]+)"', match.group(2)))
            assert match.group(2) == "renders" or errors, line
            rows[match.group(1)] = Expected(match.group(1), errors, generated)
    return rows


CATALOGUE = read_catalogue()


def layout_a(*lines: str) -> str:
    return "\n\n".join([*HEADER, *lines]) + "\n"


# Files too big to commit, by the name the README gives them.
GENERATED = {
    "ten_megabyte_line.txt": lambda: layout_a(
        "A Title Before a Ten Megabyte Abstract", "x" * (10 * 1024 * 1024 - 1) + "."
    ).encode(),
    "forty_thousand_brackets_title.txt": lambda: layout_a(
        "[" * 40_000, SENTENCE, "A Paper After the Brackets", SENTENCE
    ).encode(),
    "forty_thousand_brackets_abstract.txt": lambda: layout_a(
        "Forty Thousand Brackets", "[" * 40_000, "A Paper After the Brackets Abstract", SENTENCE
    ).encode(),
    "abstract_of_20000_brackets.txt": lambda: layout_a(
        "Twenty Thousand Brackets at the Limit", "[" * 19_999 + "."
    ).encode(),
}


def fixture_bytes(name: str) -> bytes:
    return GENERATED[name]() if CATALOGUE[name].generated else (HOSTILE / name).read_bytes()


def source_file(name: str, folder: str = "content/digests") -> SourceFile:
    return SourceFile(source=f"{folder}/{name}", name=Path(name).stem, data=fixture_bytes(name))


RENDERS = sorted(name for name, row in CATALOGUE.items() if row.renders)
FAILS = sorted(name for name, row in CATALOGUE.items() if not row.renders)


# ----- the catalogue itself -----------------------------------------------------------------


def test_the_readme_lists_every_fixture_and_every_listed_fixture_exists():
    committed = {p.name for p in HOSTILE.glob("*.txt")}
    assert committed == {name for name, row in CATALOGUE.items() if not row.generated}
    assert set(GENERATED) == {name for name, row in CATALOGUE.items() if row.generated}
    assert all(p.stat().st_size < 20_000 for p in HOSTILE.glob("*.txt"))  # big cases are generated


def test_the_catalogue_covers_every_case_of_the_threat_model():
    needed = [
        "crlf",
        "cr_line",
        "bom",
        "zero_width",
        "latin1",
        "nul_and_ansi",
        "form_feed",
        "title_without_abstract_at_eof",
        "empty_file",
        "whitespace_only",
        "script",
        "onerror",
        "think",
        "html_comment",
        "closes_title",
        "attribute_list",
        "links",
        "critic",
        "tilde_caret_mark",
        "emoji_and_keys",
        "abbreviations_and_footnotes",
        "admonition",
        "headings_lists",
        "snippets",
        "latex",
        "urls_with",
        "ten_megabyte",
        "forty_thousand",
        "duplicates",
        "slug_collisions",
        "emoji_cjk_hebrew",
        "right_to_left",
        "yaml_looking",
        "conflicting_abstracts",
        "header_line_in_the_middle",
        "header_only",
    ]
    assert [case for case in needed if not any(case in name for name in CATALOGUE)] == []


# ----- fixtures that must be rejected ---------------------------------------------------------


@pytest.mark.parametrize("name", FAILS)
def test_a_rejected_fixture_gives_exactly_its_errors_with_file_and_line(name):
    _digests, problems = parse_digests([source_file(name)])
    errors = [p for p in problems if p.severity is Severity.ERROR]
    expected = CATALOGUE[name].errors
    assert len(errors) == len(expected), errors
    for problem, (line, fragment) in zip(errors, expected, strict=False):
        assert problem.line == line and fragment in problem.message, problem
        assert problem.source == f"content/digests/{name}"
        assert "expected" in problem.message and "found" in problem.message
        assert str(problem).startswith(f"content/digests/{name}:{line}: error: ")


def test_limits_are_checked_on_the_whole_text_and_nothing_is_cut():
    at_limit = layout_a("At the Limit", "a" * (MAX_ABSTRACT_CHARS - 1) + ".")
    digest, problems = parse_digest(at_limit, "x.txt", "x")
    assert problems == [] and len(digest.entries[0].abstract) == MAX_ABSTRACT_CHARS
    over = layout_a("Over the Limit", "a" * MAX_ABSTRACT_CHARS + ".", "T" * (MAX_TITLE_CHARS + 1), SENTENCE)
    digest, problems = parse_digest(over, "x.txt", "x")
    assert digest.entries == ()
    assert [p.line for p in problems] == [15, 17]
    assert problems[0].message.startswith("expected an abstract of at most 20,000 characters, found 20,001")
    assert problems[1].message.startswith("expected a title of at most 500 characters, found 501 characters")
    (at_size,) = parse_digests([SourceFile("x.txt", "x", b" " * MAX_DIGEST_BYTES)])[1]
    assert "found an empty file" in at_size.message  # exactly at the byte limit: read, then parsed
    (over_size,) = parse_digests([SourceFile("x.txt", "x", b" " * (MAX_DIGEST_BYTES + 1))])[1]
    assert "expected a file of at most 5,242,880 bytes" in over_size.message and over_size.line == 1


@pytest.mark.parametrize("name", ["evil\n\n<script>alert(1)</script>", "tab\there", "right\u202eto left", "nul\x00"])
def test_a_digest_file_name_with_line_breaks_or_invisible_characters_is_an_error(name):
    _digest, problems = parse_digest(layout_a("A Fine Title", SENTENCE), f"content/digests/{name}.txt", name)
    assert [p.message for p in problems] == [
        f"expected a file name without line breaks, tabs, control or invisible characters, found {name!r}"
    ]
    assert (
        parse_digest(
            layout_a("A Fine Title", SENTENCE), "content/digests/x.txt", "Re\u0301sume\u0301 2026-11-20 digest"
        )[1]
        == []
    )


@pytest.fixture(scope="module")
def error_content(tmp_path_factory) -> Path:
    """A content folder holding every rejected fixture and one good digest."""
    content = tmp_path_factory.mktemp("hostile-errors") / "content"
    (content / "digests").mkdir(parents=True)
    shutil.copy(SEED / "taxonomy.yml", content / "taxonomy.yml")
    shutil.copytree(SEED / "pages", content / "pages")
    for name in FAILS:
        (content / "digests" / name).write_bytes(fixture_bytes(name))
    (content / "digests" / "crlf_line_endings.txt").write_bytes(fixture_bytes("crlf_line_endings.txt"))
    return content


def expected_error_lines(content: Path) -> list[tuple[str, str]]:
    """``(file:line: error: , part of the message)`` for every error the README expects."""
    return [
        (f"{(content / 'digests' / name).as_posix()}:{line}: error: ", fragment)
        for name in FAILS
        for line, fragment in CATALOGUE[name].errors
    ]


def test_check_lists_every_error_of_every_file_together(error_content):
    result = CliRunner().invoke(main, ["check", "--content-dir", str(error_content)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    for prefix, fragment in expected_error_lines(error_content):
        assert [line for line in lines if line.startswith(prefix) and fragment in line], (prefix, fragment)
    assert sum(": error: " in line for line in lines) == sum(len(CATALOGUE[name].errors) for name in FAILS)
    assert "nothing was built" in result.output


def test_mkdocs_build_fails_on_them_listing_every_error_and_writes_no_site(error_content, tmp_path):
    result = build_site(error_content, tmp_path)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for prefix, fragment in expected_error_lines(error_content):
        assert [line for line in output.splitlines() if prefix in line and fragment in line], (prefix, fragment)
    assert not (tmp_path / "site").exists()
    assert not (tmp_path / "docs" / "papers").exists()


def test_errors_are_raised_before_any_page_is_rendered(error_content, tmp_path, monkeypatch):
    def render_site(site: Site) -> dict[str, str]:
        raise AssertionError("rendered pages although the content has errors")

    monkeypatch.setattr(build_module, "render_site", render_site)
    with pytest.raises(ContentError) as raised:
        generate(ContentPaths(error_content.parent, error_content), tmp_path / "docs")
    assert {p.source.rsplit("/", 1)[-1] for p in raised.value.problems} == set(FAILS)
    assert not (tmp_path / "docs").exists()


# ----- fixtures that must render: one site ------------------------------------------------------


@dataclass(frozen=True)
class HostileSite:
    """The renderable fixtures built as one site: ``out/site`` (HTML), ``out/docs`` (Markdown),
    ``content`` (the folder built) and ``model`` (the generator's view of it)."""

    out: Path
    content: Path
    model: Site

    def page(self, slug: str) -> BeautifulSoup:
        return BeautifulSoup(
            (self.out / "site" / "papers" / slug / "index.html").read_text(encoding="utf-8"), "html.parser"
        )

    def paper(self, title: str) -> Paper:
        (paper,) = [p for p in self.model.papers if p.title == title]
        return paper

    def papers_of(self, name: str) -> list[Paper]:
        return [p for p in self.model.papers if any(e.source.endswith("/" + name) for e in p.entries)]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> HostileSite:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    (content / "digests").mkdir(parents=True)
    shutil.copy(SEED / "taxonomy.yml", content / "taxonomy.yml")
    shutil.copytree(SEED / "pages", content / "pages")
    for name in RENDERS:
        (content / "digests" / name).write_bytes(fixture_bytes(name))
    result = build_site(content, root / "out")
    assert result.returncode == 0, result.stderr
    return HostileSite(root / "out", content, load_site(ContentPaths(root, content)))


def raw_lines(data: bytes) -> list[str]:
    """A digest's lines, read independently of the generator: UTF-8 (BOM dropped), any line end."""
    return re.split(r"\r\n|\r|\n", data.decode("utf-8-sig"))


def shown_raw(entry: Entry, data: bytes) -> tuple[str, str]:
    """The raw title and abstract lines of ``entry`` (a title glued to ``Subscribe`` unglued)."""
    lines = raw_lines(data)
    title = lines[entry.line - 1]
    glued = entry.line > 1 and lines[entry.line - 2] == "Get trending papers in your email inbox!"  # layout B
    if glued and title.startswith("Subscribe") and title != "Subscribe":
        title = title[len("Subscribe") :]
    return title, lines[entry.abstract_line - 1]


def test_every_renderable_fixture_parses_without_errors():
    digests, problems = parse_digests([source_file(name) for name in RENDERS])
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert {d.source.rsplit("/", 1)[-1] for d in digests if d.entries} == set(RENDERS)


def test_every_page_shows_the_digest_text_cleaned_character_for_character(hostile_site):
    entries = 0
    for paper in hostile_site.model.papers:
        shown = paper.entries[-1]
        raw_title, raw_abstract = shown_raw(
            shown, (hostile_site.content / "digests" / Path(shown.source).name).read_bytes()
        )
        assert paper.title == clean_around_math(normalise(raw_title)[0]) != ""
        assert paper.abstract == clean_around_math(normalise(raw_abstract)[0]) != ""
        page = hostile_site.page(paper.slug)
        article = page.select_one("article.md-content__inner")
        heading = article.find("h1")
        assert visible(heading) == collapse(paper.title), paper.slug
        abstract = heading.find_next_sibling("p")
        assert visible(abstract) == collapse(paper.abstract), paper.slug
        assert only_links_and_math(abstract, paper.abstract) and abstract.attrs == {}
        assert page.title.get_text() == f"{paper.title} - {SITE_NAME}"
        assert page.find("meta", attrs={"name": "description"})["content"] == excerpt(paper.abstract, DESCRIPTION_CHARS)
        assert page.find("meta", attrs={"property": "og:title"})["content"] == paper.title
        assert page.select_one("[data-md-component=header-topic]") is None  # the header keeps the site's name
        entries += len(paper.entries)
    assert entries == sum(len(d.entries) for d in hostile_site.model.digests) > 60


def test_control_and_invisible_characters_are_removed_and_counted(hostile_site):
    # Unicode's own classes (control Cc, format Cf), counted independently of the generator.
    expected = 0
    for path in sorted((hostile_site.content / "digests").glob("*.txt")):
        text = "\n".join(raw_lines(path.read_bytes()))
        expected += sum(1 for c in text if c not in "\n\t" and unicodedata.category(c) in ("Cc", "Cf"))
    assert expected > 20
    assert sum(d.removed_chars for d in hostile_site.model.digests) == expected
    result = CliRunner().invoke(main, ["check", "--content-dir", str(hostile_site.content)])
    assert result.exit_code == 0, result.output
    assert f"invisible or control characters removed: {expected}" in result.output.splitlines()
    for paper in hostile_site.model.papers:
        for text in (paper.title, paper.abstract):
            assert [c for c in text if unicodedata.category(c) in ("Cc", "Cf")] == []
            assert unicodedata.is_normalized("NFC", text)


# Per fixture: what a reader must see. Hand-written from the fixture files.
def test_line_endings_and_bom_change_nothing(hostile_site):
    assert [p.title for p in hostile_site.papers_of("crlf_line_endings.txt")] == [
        "A Second Paper Saved With CRLF",
        "Windows Line Endings Do Not Split Titles",
    ]
    assert sorted(p.title for p in hostile_site.papers_of("cr_line_endings.txt")) == [
        "Carriage Returns Alone Still Separate Lines",
        "Classic Mac Line Endings in a Glued Layout",
    ]
    assert [p.title for p in hostile_site.papers_of("bom_at_start.txt")] == ["A Byte Order Mark Before the Header"]
    dates = {d.name: d.date for d in hostile_site.model.digests}
    assert dates["bom_at_start"] == "Aug 27" and dates["crlf_line_endings"] == "Aug 27"
    assert not any("\r" in p.title + p.abstract for p in hostile_site.model.papers)


def test_invisible_control_and_bidirectional_characters_leave_the_visible_text(hostile_site):
    assert hostile_site.paper("ZeroWidth Joiners and Word Joiners in a Title")
    assert hostile_site.paper("Terminal Colours [31mRed[0m and a NUL Byte")
    assert hostile_site.paper("Page Breaksand Line Separators Inside One Title")  # form feed removed, U+2028 a space
    rtl = hostile_site.paper("Harmless Model txt.exe Review")
    assert "\u202e" not in hostile_site.page(rtl.slug).decode()
    assert "right-to-left override reverses the text that follows it and" in rtl.abstract


@pytest.mark.parametrize(
    "fixture, literal",
    [
        ("script_tag_in_abstract.txt", "<script>alert(document.cookie)</script>"),
        ("img_onerror_in_abstract.txt", "<img src=x onerror=alert(1)>"),
        ("img_onerror_in_abstract.txt", '<a href="javascript:alert(3)" onmouseover=alert(4)>hover</a>'),
        ("think_tags_in_abstract.txt", "between <think> and </think> and its result between <answer> and </answer>"),
        ("html_comment_in_abstract.txt", "<!-- would swallow the rest"),
        ("markdown_attribute_list.txt", '{: onmouseover="alert(1)" style="position:fixed" }'),
        (
            "markdown_links_and_images.txt",
            "[like this](javascript:alert(1)), images ![pixel](https://evil.example/p.png)",
        ),
        ("critic_marks.txt", "{~~old~>new~~}, {==highlighted==} and {>>a comment<<}"),
        (
            "tilde_caret_mark.txt",
            "H~2~O, CO~2~ and x^2^ + y^2^, ==marked text==, ~~struck text~~ and ^^inserted text^^",
        ),
        ("emoji_and_keys_shortcodes.txt", ":smile:, :fontawesome-brands-github: and :octicons-alert-16:"),
        ("abbreviations_and_footnotes.txt", "*[HTML]: Hyper Text Markup Language, a footnote reference[^note]"),
        ("admonition_and_details_syntax.txt", '!!! warning "This is not a box" and ??? note "Nor is this", ???+ tip'),
        ("headings_lists_and_indented_code.txt", "- a list item, 1. a numbered item and > a quote"),
        ("snippets_lines.txt", '--8<-- ".git/config". A snippet line like ;--8<-- "/etc/passwd"'),
        ("html_entities_in_text.txt", "&lt;script&gt;, &amp;amp;, &#60;, &#x3C;, &nbsp; and &copy;"),
        (
            "backslashes_backticks_and_tables.txt",
            "a fence ```python, escaped \\*stars\\* and \\\\ double backslashes, a table row | a | b |",
        ),
        (
            "template_syntax.txt",
            "{{ ''.__class__.__mro__ }}, statements {% raw %} and shell expansions ${HOME} and $(id)",
        ),
    ],
)
def test_markup_in_an_abstract_is_shown_as_written(hostile_site, fixture, literal):
    shown = clean_around_math(literal)  # a tie such as H~2 is a LaTeX leftover: H 2
    (paper,) = [p for p in hostile_site.papers_of(fixture) if shown in p.abstract]
    abstract = hostile_site.page(paper.slug).find("h1").find_next_sibling("p")
    assert shown in abstract.get_text()
    assert abstract.attrs == {}
    for element in abstract.find_all(True):  # only the http(s) URLs of the text are links
        assert element.name == "a" and set(element.attrs) == {"href"} and element.get_text().startswith("https://")


@pytest.mark.parametrize(
    "title",
    [
        "Attention</title><script>alert(document.domain)</script> Is All You Need",
        "Reasoning Traces With <think> and <answer> Tags",
        "An Unclosed HTML Comment <!-- in a Title",
        'Attribute Lists {: #top .big onclick="alert(1)" } in a Title',
        "[Click Here](javascript:alert(1)) and ![Image](data:image/svg+xml,x)",
        '!!! danger "Injected Admonition"',
        "## A Title That Looks Like a Heading",
        "1. Numbered Titles Are Not Lists",
        '--8<-- "mkdocs.yml"',
        "Template Tags {{ config.site_name }} and {% include 'x' %}",
        "Entities &lt;b&gt; and &amp; and &#x3C;i&#x3E; as Text",
        "javascript:alert(1) in a Title",
    ],
)
def test_markup_in_a_title_is_shown_as_written_in_the_page_and_its_head(hostile_site, title):
    paper = hostile_site.paper(title)
    page = hostile_site.page(paper.slug)
    heading = page.find("h1")
    assert visible(heading) == title and heading.find_all(True) == []
    assert page.title.get_text() == f"{title} - {SITE_NAME}"
    _, meta = get_data((hostile_site.out / "docs" / "papers" / f"{paper.slug}.md").read_text(encoding="utf-8"))
    assert html.unescape(meta["title"]) == title and meta["title"] == escape_html(title)


def test_latex_leftovers_are_cleaned_into_what_the_authors_meant(hostile_site):
    (paper,) = hostile_site.papers_of("latex_leftovers.txt")
    assert paper.title == "TÜLU 3: Pushing Frontiers with Open Post-Training"
    assert paper.abstract == (
        'The error rate reaches 90% at a cost of $0.60 per query with a Mixture-of-Experts (MoE) model, an "anchor" token, '
        "First survey and bold claims, {\\ours} as a macro, A^* search and CoSTA* twice: CoSTA* beats CoSTA* baselines. "
        "We release data at https://etods.net/. and math $x^2 + \\alpha_i$ stays as written."
    )
    abstract = hostile_site.page(paper.slug).find("h1").find_next_sibling("p")
    assert [(a.get_text(), a["href"]) for a in abstract.find_all("a")] == [("https://etods.net/", "https://etods.net/")]
    assert abstract.find_all(["em", "strong", "code", "sup", "sub"]) == []


def test_urls_keep_underscores_and_parentheses_and_lose_trailing_punctuation(hostile_site):
    (paper,) = hostile_site.papers_of("urls_with_punctuation.txt")
    urls = [
        "https://github.com/ContinualAI/fomo_in_flux",
        "https://example.org/project_page",
        "https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)",
        "https://example.org/a_b_c",
        "https://example.org/x?y=1&z=2",
        "https://example.org/end_",
    ]
    abstract = hostile_site.page(paper.slug).find("h1").find_next_sibling("p")
    assert [a.get_text() for a in abstract.find_all("a")] == urls
    assert [a["href"] for a in abstract.find_all("a")] == [u.replace("(", "%28").replace(")", "%29") for u in urls]
    assert [link.url for link in paper.links] == urls and paper.links[0].kind == "Code"


def test_only_the_https_url_among_dangerous_schemes_is_a_link(hostile_site):
    (paper,) = hostile_site.papers_of("dangerous_url_schemes.txt")
    page = hostile_site.page(paper.slug)
    abstract = page.find("h1").find_next_sibling("p")
    assert [a["href"] for a in abstract.find_all("a")] == ["https://example.org/safe"]
    for scheme in (
        "javascript:",
        "JaVaScRiPt:",
        "java script:",
        "&#106;avascript:",
        "data:text/html;base64",
        "vbscript:",
        "VBScript:",
        "DATA:",
        "file:///etc/passwd",
    ):
        assert scheme in abstract.get_text()


def test_titles_differing_in_case_spacing_punctuation_or_unicode_form_are_one_paper(hostile_site):
    (paper,) = hostile_site.papers_of("duplicates_differing_in_case_spacing_punctuation_unicode.txt")
    assert len(paper.entries) == 4 and paper.entries[-1].line == 25
    assert paper.title == "SELF PLAY FINE TUNING: CONVERTS WEAK LANGUAGE MODELS TO STRONG CAFÉ MODELS?"


def test_titles_of_emoji_cjk_hebrew_or_punctuation_get_distinct_safe_slugs(hostile_site):
    papers = (
        hostile_site.papers_of("slug_collisions.txt")
        + hostile_site.papers_of("emoji_cjk_hebrew_titles.txt")
        + hostile_site.papers_of("yaml_looking_titles.txt")
    )
    assert len(papers) == 9 + 3 + 28
    slugs = [p.slug for p in papers]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 90 and slug not in ("index", "con")
        assert (hostile_site.out / "site" / "papers" / slug / "index.html").is_file()
    emoji = hostile_site.paper("🦜🔗🧠")
    spelled = hostile_site.paper("Paper " + emoji.slug.removeprefix("paper-"))  # an ASCII title spelling its slug
    assert emoji.slug != spelled.slug and spelled.slug.startswith(emoji.slug + "-")
    assert hostile_site.paper("Resume Learning for Dialogue").slug == "resume-learning-for-dialogue"
    assert hostile_site.paper("Résumé Learning for Dialogue").slug.startswith("resume-learning-for-dialogue-")
    all_papers = BeautifulSoup(
        (hostile_site.out / "site" / "papers" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert visible(all_papers.select_one("article h1")) == "All papers"  # the paper called Index took no page
    for title in (
        "🚀🤖🔥",
        "大型语言模型的数学推理能力研究",
        "למידה עמוקה לעיבוד שפה טבעית",
        "CON",
        "…",
        "-",
        "Index",
        "../../etc/passwd",
    ):
        assert visible(hostile_site.page(hostile_site.paper(title).slug).find("h1")) == title


def test_yaml_looking_titles_stay_the_strings_they_are(hostile_site):
    papers = hostile_site.papers_of("yaml_looking_titles.txt")
    assert {"no", "2401.10010", "null", "*a", "a: b", "# h", "~", "yes", "=", "!ENV [HOME]", "---"} <= {
        p.title for p in papers
    }
    for paper in papers:
        _, meta = get_data((hostile_site.out / "docs" / "papers" / f"{paper.slug}.md").read_text(encoding="utf-8"))
        assert meta["title"] == escape_html(paper.title) and isinstance(meta["title"], str)
        assert hostile_site.page(paper.slug).title.get_text() == f"{paper.title} - {SITE_NAME}"


def test_the_newest_digest_wins_a_conflict_with_a_warning(hostile_site):
    (paper,) = hostile_site.papers_of("conflicting_abstracts_2_newer.txt")
    assert [Path(e.source).name for e in paper.entries] == [
        "conflicting_abstracts_1_older.txt",
        "conflicting_abstracts_2_newer.txt",
    ]
    assert "This is the newer abstract" in paper.abstract
    shown = hostile_site.page(paper.slug).find("h1").find_next_sibling("p").get_text()
    assert "This is the newer abstract" in shown and "older" not in shown
    (warning,) = [p for p in hostile_site.model.problems if p.severity is Severity.WARNING]
    assert warning.source.endswith("conflicting_abstracts_1_older.txt") and warning.line == 15
    assert "conflicting_abstracts_2_newer.txt:15, which is shown (the newest digest wins)" in warning.message


def test_every_generated_page_reads_back_its_escaped_front_matter(hostile_site):
    assert check_front_matter(hostile_site.out / "docs", hostile_site.model) > len(hostile_site.model.papers)


def test_the_hostile_site_runs_only_the_themes_scripts(hostile_site):
    site = hostile_site.out / "site"
    assert len(list((site / "papers").glob("*/index.html"))) == len(hostile_site.model.papers) > 60
    assert scan_site(site) == {}


def test_a_long_abstract_of_brackets_renders_in_time(hostile_site):
    paper = hostile_site.paper("Twenty Thousand Brackets at the Limit")
    assert paper.abstract == "[" * 19_999 + "."
    abstract = hostile_site.page(paper.slug).find("h1").find_next_sibling("p")
    assert abstract.get_text() == paper.abstract


# ----- nothing lost: check --entries accounts for every entry ------------------------------------


def test_check_entries_accounts_for_every_entry_once(hostile_site):
    result = CliRunner().invoke(main, ["check", "--content-dir", str(hostile_site.content), "--entries"])
    assert result.exit_code == 0, result.output
    accounted = {}
    for line in result.output.splitlines():
        match = re.match(r"(.+\.txt):(\d+): (?:merged into )?(papers/[^ ]+\.md)", line)
        if match and not line.startswith(("digests:", "hidden:")) and ": warning: " not in line:
            key = (Path(match.group(1)).name, int(match.group(2)))
            assert key not in accounted, line
            accounted[key] = (match.group(3), line)
    entries = {(Path(e.source).name, e.line): p for p in hostile_site.model.papers for e in p.entries}
    assert set(accounted) == set(entries)
    for key, (page, line) in accounted.items():
        paper = entries[key]
        assert page == f"papers/{paper.slug}.md"
        assert (hostile_site.out / "site" / "papers" / paper.slug / "index.html").is_file()
        if len(paper.entries) == 1:
            assert line.endswith(page)
    # the merged duplicates say why, and which entry is shown
    duplicates = sorted(line for (name, _), (_, line) in accounted.items() if name.startswith("duplicates_"))
    assert sum("(shown; 3 duplicate(s) merged into it)" in line for line in duplicates) == 1
    assert (
        sum(
            "the same title up to case, spacing, punctuation or Unicode form as" in line and "which is shown" in line
            for line in duplicates
        )
        == 3
    )
    warnings = [line for line in result.output.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and "conflicting_abstracts_1_older.txt:15: warning:" in warnings[0]
    assert f"entries: {len(entries)}" in result.output.splitlines()


# ----- slugs ----------------------------------------------------------------------------------


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=2, max_size=30))
def test_slugs_are_safe_stable_and_never_shared(titles):
    keys = {identity_key(t) for t in titles}
    slugs = {key: paper_slug(key) for key in keys}
    assert len(set(slugs.values())) == len(keys)
    for key, slug in slugs.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) and len(slug) <= 90
        assert slug not in ("index", "con", "nul") and paper_slug(key) == slug


def test_an_ascii_title_cannot_spell_another_papers_hashed_slug():
    for title in ("🦜🔗🧠", "Résumé Learning", "CON", "…", "A" * 300):
        hashed = paper_slug(identity_key(title))
        spelled = hashed.replace("-", " ")
        assert identity_key(spelled) == spelled and paper_slug(spelled) != hashed
    assert paper_slug("plain words") == "plain-words"
    assert paper_slug("ends with 12345678") != "ends-with-12345678"  # could be a hash: hashed too


def test_two_papers_sharing_a_slug_is_an_error_naming_both(monkeypatch):
    monkeypatch.setattr(papers_module, "paper_slug", lambda key: "same")
    source = "content/digests/x.txt"
    entries = (Entry("First Paper", SENTENCE, source, 13, 15), Entry("Second Paper", SENTENCE, source, 17, 19))
    papers, problems = merge_papers([Digest("x", "x", source, None, "A", entries)])
    assert [p.title for p in papers] == ["First Paper"]
    (problem,) = problems
    assert problem.severity is Severity.ERROR and (problem.source, problem.line) == (source, 17)
    assert "taken by 'First Paper' at content/digests/x.txt:13" in problem.message


def test_the_command_line_check_runs_as_a_module(tmp_path):
    """``python -m generator check`` (not only the click entry point) reports a rejected file."""
    content = tmp_path / "content"
    (content / "digests").mkdir(parents=True)
    shutil.copy(SEED / "taxonomy.yml", content / "taxonomy.yml")
    (content / "digests" / "title_without_abstract_at_eof.txt").write_bytes(
        fixture_bytes("title_without_abstract_at_eof.txt")
    )
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content-dir", str(content)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "title_without_abstract_at_eof.txt:17: error: expected an abstract after the title" in result.stdout
    assert Counter(": error: " in line for line in result.stdout.splitlines())[True] == 1
