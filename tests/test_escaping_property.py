"""One escaping policy, proven: a paper page shows its title and abstract as exactly the cleaned
text, whatever the digest held, and nothing in them becomes markup, a link target or a script.

Random titles and abstracts (printable Unicode, control and invisible characters, and the
characters and sequences that mean something to Markdown, HTML, YAML, LaTeX, Jinja and the
Markdown extensions) go through the generator's own path: ``normalise`` (what the digest parser
does to every line), ``merge_papers`` (which cleans LaTeX leftovers), ``render.paper_page``, the
front matter read back with MkDocs' ``get_data``, and the Markdown extensions and configs that
``mkdocs.yml`` enables, loaded with MkDocs' own config loader. No site is built, so thousands of
examples run in seconds.

CI runs 2,000 examples per property with a fixed seed (``derandomize``). For a longer local run::

    ESCAPING_PROPERTY_EXAMPLES=100000 python -m pytest tests/test_escaping_property.py -q
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from generator.markup import is_html_body
from generator.model import Digest, Entry
from generator.papers import merge_papers
from generator.render import linkify, paper_page
from generator.texmath import MATHML_ATTRIBUTES, MATHML_TAGS, clean_around_math, math_spans, mathml
from generator.text import escape_html, find_urls, normalise

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("ESCAPING_PROPERTY_EXAMPLES", "2000"))
PROPERTY = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Sequences that mean something to Markdown, its extensions (enabled or not), HTML, YAML, LaTeX,
# Jinja and URL handling; drawn whole, next to single random characters.
TOKENS = [
    # HTML
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.example/a.js>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<think>",
    "</answer>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<?php",
    "</title>",
    "</p>",
    "<div markdown>",
    "&amp;",
    "&lt;",
    "&#60;",
    "&#x3C;",
    "&nbsp;",
    "&copy",
    "&#0;",
    "&#x110000;",
    '" onmouseover="alert(1)',
    "' autofocus onfocus='x",
    # Markdown
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "#",
    "## ",
    "# ",
    "> ",
    "- ",
    "+ ",
    "* ",
    "1. ",
    "1) ",
    "    ",
    "\t",
    "---",
    "===",
    "***",
    "___",
    "|",
    "| a | b |",
    "|---|",
    "[",
    "]",
    "(",
    ")",
    "[x](javascript:alert(1))",
    "![i](data:image/png,x)",
    "[x][1]",
    "[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<https://example.org>",
    "<x@example.org>",
    "\\",
    "\\*",
    "  ",
    "\n",
    "\r\n",
    "\r",
    # extensions (attr_list, abbr, footnotes, admonition, details, critic, caret, tilde, mark,
    # emoji, keys, smartsymbols, snippets, tabbed, blocks, arithmatex, def_list, wikilinks, toc)
    '{: onclick="alert(1)" }',
    "{#id .class}",
    "{: style=x }",
    "[x]{: onclick=y}",
    "*[HTML]: Hyper Text",
    "[^1]",
    "[^1]: x",
    "!!! note",
    '!!! danger "x"',
    "??? tip",
    "???+ note",
    "/// html | div",
    "///",
    "{++a++}",
    "{--a--}",
    "{~~a~>b~~}",
    "{==a==}",
    "{>>a<<}",
    "H~2~O",
    "~~s~~",
    "x^2^",
    "^^i^^",
    "==m==",
    ":smile:",
    ":material-account:",
    "++ctrl+alt+del++",
    "(c)",
    "(tm)",
    "-->",
    "<--",
    "+/-",
    "=/=",
    "1/2",
    "1st",
    "--8<--",
    '--8<-- "mkdocs.yml"',
    ";--8<--",
    '=== "Tab"',
    "$x$",
    "$$",
    "\\(",
    "\\[",
    ": definition",
    "[[Wiki]]",
    "[TOC]",
    "- [ ] task",
    # YAML and Jinja
    "no",
    "null",
    "~",
    "2401.10010",
    "*a",
    "&a",
    "a: b",
    "? x",
    "%YAML",
    "!!python/object:os.system",
    "!ENV",
    "{{ config }}",
    "{% raw %}",
    "${HOME}",
    # LaTeX leftovers
    "90\\%",
    "\\$0.60",
    "Experts~(MoE)",
    "``anchor''",
    "\\textit{First survey}",
    "\\textbf{x}",
    "\\url{https://etods.net/.}",
    "{\\ours}",
    "A^*",
    "CoSTA*",
    'T\\"ULU',
    "\\'e",
    "\\_",
    "\\{",
    "\\&",
    "~",
    # URLs and schemes
    "https://github.com/org/fomo_in_flux",
    "https://en.wikipedia.org/wiki/Foo_(bar)",
    "http://example.org/a?b=1&c=2",
    "https://example.org/x.",
    "(https://example.org/y)",
    "{https://example.org/z}",
    "HTTPS://EXAMPLE.ORG/UP",
    "https://例え.jp/パス",
    "https://x.org/~u/a*b*",
    "https://x.org/[a](b)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:",
    "data:text/html,x",
    "vbscript:msgbox(1)",
    "&#106;avascript:",
    "file:///etc/passwd",
    # invisible, control, bidirectional and other tricky characters
    "\x00",
    "\x1b[31m",
    "\x07",
    "\x0c",
    "\x0b",
    "\x85",
    "\x7f",
    "\u200b",
    "\u200d",
    "\u2060",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\u00ad",
    "\u2028",
    "\u2029",
    "\u00a0",
    "\u3000",
    "\u180e",
    "\u2062",
    "\U000e0041",
    "e\u0301",
    "\ufb01",
    "\uff21",
    "\U0001f680",
    "👨\u200d👩\u200d👧",
    "中文",
    "עברית",
    "\ufffd",
    "\ufffe",
    "\ue000",
]
ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


# Tokens travel as private-use placeholder characters inside one fast text draw, then expand.
_PLACEHOLDERS = {chr(0xF0000 + i): token for i, token in enumerate(TOKENS)}
_ALPHABET = (
    "".join(_PLACEHOLDERS) + ASCII_PUNCTUATION + " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)


def texts(max_size: int) -> st.SearchStrategy[str]:
    """Random text: whole tokens, ASCII punctuation, letters and digits, interleaved with any
    characters but surrogates (controls, invisible characters, any script, unassigned ones)."""
    structured = st.text(alphabet=_ALPHABET, min_size=1, max_size=max_size)
    anything = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=max_size // 3)
    return st.tuples(structured, anything).map(_interleave)


def _interleave(parts: tuple[str, str]) -> str:
    structured, anything = parts
    return "".join(_PLACEHOLDERS.get(a, a) + b for a, b in itertools.zip_longest(structured, anything, fillvalue=""))


@functools.cache
def project_config():
    """The project's MkDocs configuration, loaded and validated the way ``mkdocs build`` does
    (the ``!ENV`` tags resolved, MkDocs' built-in extensions added)."""
    return load_config(str(ROOT / "mkdocs.yml"))


@functools.cache
def project_markdown() -> markdown.Markdown:
    """A Markdown converter with exactly the extensions and configs that ``mkdocs.yml`` enables."""
    config = project_config()
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def to_html(converter: markdown.Markdown, text: str) -> str:
    converter.reset()
    return converter.convert(text)


def as_written(element: Tag) -> Tag:
    """A copy of ``element`` in which each typeset math span (a ``span.math`` with a title: the
    TeX as written, MathML inside) is that TeX, as text."""
    copy = BeautifulSoup(str(element), "html.parser")
    for span in copy.select("span.math[title]"):
        span.replace_with(str(span["title"]))
    return copy


def written_text(element: Tag) -> str:
    """The text of ``element`` with typeset math as its TeX (``as_written``), exactly."""
    return as_written(element).get_text()


def visible(element: Tag) -> str:
    """The text a reader sees in ``element`` (heading permalinks left out), whitespace collapsed;
    typeset math counts as its TeX (``as_written``)."""
    copy = as_written(element)
    return " ".join("".join(s for s in copy.find_all(string=True) if not _in_headerlink(s)).split())


def _in_headerlink(node) -> bool:
    return any("headerlink" in (parent.get("class") or []) for parent in node.parents if isinstance(parent, Tag))


def collapse(text: str) -> str:
    return " ".join(text.split())


def cleaned(raw: str) -> str:
    """What the generator shows for a raw digest line: normalised, then cleaned of LaTeX leftovers
    outside its math spans."""
    return clean_around_math(normalise(raw)[0])


def paper_markdown(raw_title: str, raw_abstract: str):
    """Normalise two raw digest lines as the parser does, merge them into a paper and render its
    page; returns the paper and the page read back by MkDocs: ``(paper, Markdown body, meta)``."""
    title, abstract = normalise(raw_title)[0], normalise(raw_abstract)[0]
    source = "content/digests/2026-01-02.txt"
    digest = Digest(
        name="2026-01-02",
        slug="2026-01-02",
        source=source,
        date="2026-01-02",
        layout="A",
        entries=(Entry(title, abstract, source, 13, 15),),
    )
    (paper,), _ = merge_papers([digest])
    body, meta = get_data(paper_page(paper, {digest.name: digest}))
    return paper, body, meta


def math_shown(element: Tag) -> list[str]:
    """Each ``span.math`` in ``element``, in order, as the TeX it stands for: a typeset span's
    ``title``, the text of one left as source."""
    return [span.get("title", span.get_text()) for span in element.select("span.math")]


def math_written(text: str) -> list[str]:
    """The math spans of ``text`` as written, delimiters included (``texmath.math_spans``)."""
    return [text[start:end] for start, end, _ in math_spans(text)]


def math_is_plain(span: Tag, tex: str) -> bool:
    """A math span for ``tex``: either its source as text (no element inside), or, when
    titled, exactly the MathML ``texmath.mathml`` makes of ``tex``, of allowlisted MathML
    elements and attributes only."""
    if span.attrs == {"class": ["math"]}:
        return not span.find(True) and mathml(tex) is None
    inside = span.find_all(True)
    return (
        set(span.attrs) == {"class", "title"}
        and [child.name for child in span.children] == ["math"]
        and all(e.name in MATHML_TAGS and set(e.attrs) <= MATHML_ATTRIBUTES.get(e.name, set()) for e in inside)
        and span.math == BeautifulSoup(mathml(tex) or "", "html.parser").math
    )


def only_links_and_math(element: Tag, text: str) -> bool:
    """``element`` (a rendered title or abstract of ``text``) holds no markup but links and
    the math spans of ``text``, each standing for its TeX exactly as written and holding its
    source or its MathML (``math_is_plain``)."""
    spans = element.select("span.math")
    typeset = {id(e) for span in spans for e in span.find_all(True)}
    plain = all(e.name == "a" or e in spans or id(e) in typeset for e in element.find_all(True))
    tex = [t for _, _, t in math_spans(text)]
    return (
        plain
        and math_shown(element) == math_written(text)
        and all(math_is_plain(span, t) for span, t in zip(spans, tex, strict=True))
    )


def assert_title_and_abstract_plain(heading: Tag, paragraph: Tag, title: str, abstract: str) -> None:
    """The rendered title holds nothing but its math spans (and the permalink), the abstract
    nothing but links and its math spans; every math span standing for its TeX as written."""
    heading = BeautifulSoup(str(heading), "html.parser").find(heading.name)
    for link in heading.select(".headerlink"):
        link.decompose()
    assert not heading.find("a")
    assert only_links_and_math(heading, title)
    assert only_links_and_math(paragraph, abstract)


def assert_nothing_executable(soup: BeautifulSoup) -> None:
    """No script, no event handler attribute, no link or source target other than http(s) or relative."""
    assert not soup.find(["script", "iframe", "object", "embed", "style", "img", "svg", "form", "base", "meta", "link"])
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), element
            if name.lower() in ("href", "src", "action", "formaction", "srcset", "xlink:href"):
                target = "".join(value.split()).lower()
                assert re.match(r"(https?://|#|\.\./|[a-z0-9][a-z0-9-]*\.md)", target), element


@PROPERTY
@given(raw_title=texts(30), raw_abstract=texts(80))
@example(
    raw_title="Attention</title><script>alert(1)</script>",
    raw_abstract="See <img src=x onerror=alert(1)> and <!-- here.",
)
@example(
    raw_title='{: onclick="alert(1)" }',
    raw_abstract="[x](javascript:alert(1)) and https://github.com/org/fomo_in_flux.",
)
@example(
    raw_title="no", raw_abstract="CoSTA* beats CoSTA* at 90\\% for \\$0.60 per ``anchor'' \\url{https://etods.net/.}"
)
@example(
    raw_title="# h",
    raw_abstract='!!! danger "x"\n    indented --8<-- "mkdocs.yml" H~2~O ==m== :smile: ++ctrl++ {++a++}',
)
def test_a_paper_page_shows_exactly_the_cleaned_title_and_abstract(raw_title, raw_abstract):
    title, abstract = cleaned(raw_title), cleaned(raw_abstract)
    if not title or not abstract:  # the parser drops lines that are empty after normalising
        return
    paper, body, meta = paper_markdown(raw_title, raw_abstract)
    assert (paper.title, paper.abstract) == (title, abstract)
    html = to_html(project_markdown(), body)
    # The body is one HTML block that Markdown passes through unchanged: the HTML the reading-list
    # plugin hands the theme without running Markdown is the HTML any Markdown engine makes of it.
    assert html == body.strip("\n")
    assert is_html_body(body)  # so the plugin takes it as it is
    soup = BeautifulSoup(html, "html.parser")
    urls = [abstract[start:end] for start, end in find_urls(abstract)]
    blocks = [child.name for child in soup.children if isinstance(child, Tag)]
    # the indexed part, "Appeared in", the box for BibTeX and look-up links: nothing else
    assert blocks == ["div", "p", "div"], html
    assert not soup.select_one("div.rl-cite").contents
    # in the indexed part: the search facets (a hidden title for a title with math, then empty
    # elements), title, badges and reading-list hook, abstract, the links found in it (if any)
    indexed = [child.name for child in soup.div.children if isinstance(child, Tag)]
    facets = ["span"] * bool(soup.h1.math) + ["i"] * sum(1 for child in soup.div.find_all("i", recursive=False))
    assert indexed == [*facets, "h1", "div", "p"] + ["p"] * bool(urls), html
    assert all(
        not i.contents and not i.attrs.keys() - {"data-pagefind-meta", "data-pagefind-filter"}
        for i in soup.div("i", recursive=False)
    )
    # the digest's day as the result's date, its year and month as filters; a code filter only
    # for a code link (the paper is not a must-read: it has no curation)
    facts = [(i.get("data-pagefind-meta"), i.get("data-pagefind-filter")) for i in soup.div("i", recursive=False)]
    (date,) = [m for m, _ in facts if m]
    day = re.fullmatch(r"date:\d{1,2} ([A-Z][a-z]{2}) (\d{4})", date)
    assert day, html
    code = ["code:yes"] * any(link.kind == "Code" for link in paper.links)
    assert [f for _, f in facts if f] == [f"year:{day[2]}", f"month:{day[1]}", *code], html
    # a search result's title is the text of the indexed part's first <h1>, or for a title with
    # typeset math, the title as written in a hidden copy
    assert soup.div.find("h1") is soup.find("h1")
    title_meta = [e.get_text() for e in soup.select('[data-pagefind-meta^="title"]')]
    assert title_meta == ([title] if soup.h1.math else []), html
    heading, paragraph = soup.find("h1"), soup.find("h1").find_next_sibling("p")
    assert written_text(heading) == title and written_text(paragraph) == abstract  # exactly, spaces too
    assert visible(heading) == collapse(title)
    assert visible(paragraph) == collapse(abstract)
    assert_title_and_abstract_plain(heading, paragraph, title, abstract)
    # each URL is a link whose text is the URL and whose target, as the browser reads it, is that URL
    assert [(a.get_text(), unquote(a["href"])) for a in paragraph.find_all("a")] == [
        (url, unquote(url)) for url in urls
    ]
    assert all(a["href"].isascii() for a in paragraph.find_all("a"))
    if urls:
        shown = paragraph.find_next_sibling("p")
        assert [(a.get_text(), unquote(a["href"])) for a in shown.find_all("a")] == [
            (link.url, unquote(link.url)) for link in paper.links
        ]
    assert meta["title"] == escape_html(title)
    assert_nothing_executable(soup)


# Every extension installed with Python-Markdown and pymdown-extensions that reads text, at once:
# escaping must not depend on which of them mkdocs.yml enables, today or later. (snippets reads
# files relative to the repository here: escaped text must never reach it.)
EVERY_EXTENSION = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "sane_lists",
    "smarty",
    "wikilinks",
    "nl2br",
    "legacy_attrs",
    "pymdownx.arithmatex",
    "pymdownx.betterem",
    "pymdownx.bracketspan",
    "pymdownx.caret",
    "pymdownx.critic",
    "pymdownx.details",
    "pymdownx.emoji",
    "pymdownx.fancylists",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.keys",
    "pymdownx.magiclink",
    "pymdownx.mark",
    "pymdownx.progressbar",
    "pymdownx.quotes",
    "pymdownx.saneheaders",
    "pymdownx.smartsymbols",
    "pymdownx.snippets",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.tasklist",
    "pymdownx.tilde",
    "pymdownx.blocks.admonition",
    "pymdownx.blocks.details",
    "pymdownx.blocks.html",
    "pymdownx.blocks.tab",
    "pymdownx.blocks.caption",
    "pymdownx.blocks.definition",
]


@functools.cache
def every_extension_markdown() -> markdown.Markdown:
    configs = {"pymdownx.snippets": {"base_path": [str(ROOT)], "check_paths": False}, "toc": {"permalink": True}}
    return markdown.Markdown(extensions=EVERY_EXTENSION, extension_configs=configs)


@PROPERTY
@given(raw_title=texts(30), raw_abstract=texts(80))
@example(
    raw_title='--8<-- "mkdocs.yml"', raw_abstract='[x]{: onclick=y} /// html | div {: onclick="alert(1)" } *[x]: y'
)
def test_escaping_holds_under_every_installed_markdown_extension(raw_title, raw_abstract):
    title, abstract = cleaned(raw_title), cleaned(raw_abstract)
    if not title or not abstract:
        return
    _, body, _ = paper_markdown(raw_title, raw_abstract)
    soup = BeautifulSoup(to_html(every_extension_markdown(), body), "html.parser")
    heading = soup.find("h1")
    assert visible(heading) == collapse(title)
    assert visible(heading.find_next_sibling("p")) == collapse(abstract)
    # smartsymbols writes ordinals as 1<sup>st</sup>: same visible text; everything else is plain
    for sup in soup.find_all("sup"):
        sup.unwrap()
    assert_title_and_abstract_plain(heading, heading.find_next_sibling("p"), title, abstract)
    assert_nothing_executable(soup)


# TeX as it appears in titles and abstracts, and what must stay text inside a math span.
TEX_ALPHABET = "abcxyzABN0123456789 +-=^_{}()[]|<>/.,:;!?*'\"&#%~@`\\αβπ∑"
TEX_TOKENS = [
    "\\mathcal{O}",
    "\\frac{1}{2}",
    "\\text{<script>alert(1)</script>}",
    "\\href{javascript:alert(1)}{x}",
    "\\url{javascript:alert(1)}",
    "\\htmlClass{x}{y}",
    "\\includegraphics{x}",
    "</span><script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "&lt;",
    "**b**",
    "[x](javascript:alert(1))",
    "{: onclick=y}",
    "\\$",
    "\\text{&#10;~~~&#10;}",
    "\\unicode{202e}",
    "&#13;",
    "19.1\\%",
    "t\\_x",
]


def math_piece() -> st.SearchStrategy[str]:
    """One math span as a title or abstract writes it: ``$tex$`` or ``\\(tex\\)``, the TeX drawn
    from TeX characters, Markdown and HTML tokens."""
    tex = st.lists(
        st.one_of(st.sampled_from(TEX_TOKENS), st.text(alphabet=TEX_ALPHABET, min_size=1, max_size=6)),
        min_size=1,
        max_size=4,
    )
    tex = tex.map("".join).map(lambda t: t.replace("$", "").strip() or "x")
    return st.tuples(tex, st.booleans()).map(lambda p: f"${p[0]}$" if p[1] else f"\\({p[0]}\\)")


def texts_with_math(max_size: int) -> st.SearchStrategy[str]:
    """Random text (``texts``) with math spans and prices (``$0.60 to $1.20``) between its pieces."""
    price = st.sampled_from(["$0.60 to $1.20", "US$ 5", "$10-$20", "costs $3", "\\$x\\$"])
    piece = st.one_of(texts(max_size // 3), math_piece(), math_piece(), price)
    return st.lists(piece, min_size=1, max_size=5).map(" ".join)


@PROPERTY
@given(raw_title=texts_with_math(30), raw_abstract=texts_with_math(80))
@example(
    raw_title="$\\pi$-Bench: <script>alert(1)</script>",
    raw_abstract="It costs $0.60 to $1.20 and runs in $\\mathcal{O}(n)$ with \\(x^2\\) and $</span><img src=x onerror=alert(1)>$.",
)
@example(raw_title="$x$", raw_abstract="$\\text{**b**}$ and https://x.org/$a$b and $[x](javascript:alert(1))$")
@pytest.mark.parametrize("converter", [project_markdown, every_extension_markdown], ids=["project", "every-extension"])
def test_text_with_math_shows_exactly_as_written_and_marks_only_its_math_spans(converter, raw_title, raw_abstract):
    title, abstract = cleaned(raw_title), cleaned(raw_abstract)
    if not title or not abstract:
        return
    _, body, _ = paper_markdown(raw_title, raw_abstract)
    soup = BeautifulSoup(to_html(converter(), body), "html.parser")
    for sup in soup.find_all("sup"):  # smartsymbols' ordinals (every-extension): same visible text
        sup.unwrap()
    heading = soup.find("h1")
    paragraph = heading.find_next_sibling("p")
    assert visible(heading) == collapse(title)
    assert visible(paragraph) == collapse(abstract)
    assert_title_and_abstract_plain(heading, paragraph, title, abstract)
    assert_nothing_executable(soup)


def test_math_text_examples_do_have_math_spans():
    # The property above is not vacuous: its examples and draws produce math spans.
    _, body, _ = paper_markdown("$\\pi$-Bench", "It costs $0.60 to $1.20 and runs in $\\mathcal{O}(n)$.")
    soup = BeautifulSoup(to_html(project_markdown(), body), "html.parser")
    assert math_shown(soup) == ["$\\pi$", "$\\mathcal{O}(n)$"]
    assert [bool(span.math) for span in soup.select("span.math")] == [True, True]  # typeset
    assert "It costs $0.60 to $1.20 and runs in" in visible(soup.find("h1").find_next_sibling("p"))


@pytest.mark.parametrize(
    ("tex", "typeset"),
    [
        # latex2mathml writes these as attributes (a link, a colour, an event handler): all go
        ("\\href{javascript:alert(1)}{x}", "<math><mrow><mrow><mrow><mi>x</mi></mrow></mrow></mrow></math>"),
        ("\\color{red}x", "<math><mrow><mstyle><mi>x</mi></mstyle></mrow></math>"),
        ('\\hspace{1em" onclick="alert(1)}y', '<math><mrow><mspace width="1em"></mspace><mi>y</mi></mrow></math>'),
        # it copies \text{...} unescaped: a < is TeX's \lt there, so the span stays source
        ("\\text{</math><img src=x onerror=alert(1)>}", None),
        ("x<y", "<math><mrow><mi>x</mi><mo>&lt;</mo><mi>y</mi></mrow></math>"),
        ("\\text{a & b}", "<math><mrow><mtext>a&nbsp;&amp;&nbsp;b</mtext></mrow></math>"),
        # an author's macro, or TeX it cannot read: the source shows
        ("\\ours", None),
        ("x^", None),
        # characters the text normaliser removes, brought back by a reference or \unicode: a
        # line break would end the page's HTML block ("~~~" would then open a code fence)
        ("\\text{&#10;~~~&#10;}", None),
        ("\\unicode{a}", None),
        ("\\unicode{202e}", None),
        ("\\text{&#x3;}", None),
        ("\ud800", None),
        # a macro that makes 16 KB of MathML from 152 characters
        ("\\def\\A{x_1x_2x_3x_4x_5x_6x_7x_8}" + "\\A" * 60, None),
        # text latex2mathml would lose into an empty token
        ("\\mathop{\\mathrm{argmax}}_x f", None),
        ("\\operatorname{DIV2K\\_LSDIR}", None),
        (
            "\\operatorname{softmax}(x)",
            '<math><mrow><mo>softmax</mo><mo stretchy="false">(</mo><mi>x</mi><mo stretchy="false">)</mo></mrow></math>',
        ),
        (
            "\\mathcal{O}(n)",
            '<math><mrow><mi>𝒪</mi><mo stretchy="false">(</mo><mi>n</mi><mo stretchy="false">)</mo></mrow></math>',
        ),
    ],
)
def test_math_is_typeset_as_mathml_layout_only(tex, typeset):
    assert mathml(tex) == typeset


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\x00script:alert(1)",
        "java\u200bscript:alert(1)",
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "javascript%3Aalert(1)",
        "javascript://%0aalert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "DATA:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "VBScript:MsgBox(1)",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "[x][r] [r]: javascript:alert(1)",
        "![x](javascript:alert(1))",
        "file:///etc/passwd",
    ],
)
def test_only_http_and_https_urls_become_links(text):
    abstract = cleaned(f"We tried {text} in this study.")
    soup = BeautifulSoup(to_html(project_markdown(), linkify(abstract)), "html.parser")
    assert soup.find_all("a") == []
    assert visible(soup.p) == collapse(abstract)


@pytest.mark.parametrize(
    "url, shown",
    [
        ("https://github.com/org/fomo_in_flux.", "https://github.com/org/fomo_in_flux"),
        ("(https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("{https://example.org/a_b_c}", "https://example.org/a_b_c"),
        ("HTTP://EXAMPLE.ORG/X,", "HTTP://EXAMPLE.ORG/X"),
        ("https://javascript.example/alert(1)?", "https://javascript.example/alert(1)"),
    ],
)
def test_http_urls_become_links_whose_text_and_target_are_the_url(url, shown):
    abstract = f"The code is at {url} for everyone."
    soup = BeautifulSoup(to_html(project_markdown(), linkify(abstract)), "html.parser")
    (anchor,) = soup.find_all("a")
    assert anchor.get_text() == shown and unquote(anchor["href"]) == shown
    assert visible(soup.p) == collapse(abstract)
