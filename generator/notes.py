"""Curators' notes: render a note as the site will, then check the HTML against an allowlist.

Pure functions, no I/O. A note is Markdown written by a curator (``note:`` in a curation file)
and shown on the paper's page inside a "Curator's note" admonition. Checking the source text
with patterns misses what Markdown makes of it (a ``[x]: javascript:...`` definition inside a
blockquote, a list item, an admonition or with an empty label). So the note is rendered with
the Markdown extensions of ``mkdocs.yml`` in the place the page puts it, and the HTML is held to
an allowlist: the elements that Markdown emphasis, links, lists, quotes, code and tables make;
links only to absolute http(s) URLs; no images (a picture from another host would let it see
every reader: a tracking pixel); no raw HTML, whatever it is. nh3 (the Ammonia sanitiser) is the
authority: anything it would remove from the HTML is an error too.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import HtmlInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor

# The Markdown extensions of mkdocs.yml and those MkDocs adds itself (toc, tables,
# fenced_code); tests/test_notes.py holds this list equal to mkdocs.yml's.
NOTE_EXTENSIONS = ("toc", "tables", "fenced_code", "admonition", "pymdownx.details", "pymdownx.superfences")
NOTE_EXTENSION_CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": True}}
# What a note may render to: element -> allowed attributes.
ALLOWED = {
    "p": {"class"},
    "em": set(),
    "strong": set(),
    "a": {"href", "title"},
    "ul": set(),
    "ol": set(),
    "li": set(),
    "blockquote": set(),
    "code": {"class"},
    "pre": {"class"},
    "br": set(),
    "hr": set(),
    "table": set(),
    "thead": set(),
    "tbody": set(),
    "tr": set(),
    "th": {"style"},
    "td": {"style"},
    "div": {"class"},
    "details": {"class", "open"},
    "summary": set(),
    "span": {"class"},  # code highlighting
}
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED),
    attributes=ALLOWED,
    url_schemes={"http", "https"},
    url_relative="deny",
    link_rel=None,
    strip_comments=True,
)
# Lists and quotes nest at most this deep in a note (the admonition's own <div> aside): deeper
# is a mistake or an attack (Python-Markdown before 3.11 recursed once per level and crashed
# near 300; 3.11 renders hundreds of levels).
NESTING = frozenset({"ul", "ol", "blockquote"})
MAX_NESTING = 8
TOO_DEEP = f"found lists or quotes nested more than {MAX_NESTING} deep"
# Python-Markdown is super-linear on brackets (2,000 "[" take about 2 s): a note needs few.
MAX_BRACKETS = 200
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def check_note(note: str) -> list[str]:
    """Return what is wrong with ``note`` (empty when it may be published), each as
    ``"found ..."`` text: raw HTML, images, link targets that are not absolute http(s) URLs,
    elements or attributes outside the allowlist, anything else nh3 would remove, more than
    ``MAX_BRACKETS`` ``[``, or lists and quotes nested more than ``MAX_NESTING`` deep."""
    if note.count("[") > MAX_BRACKETS:
        return [f"found {note.count('['):,} '[' (at most {MAX_BRACKETS} in a note)"]
    try:
        html, raw = render_note(note)
    except RecursionError:  # Python-Markdown (before 3.11) recursed once per level of nesting
        return [TOO_DEEP]
    found = [f"found raw HTML {snippet[:60]!r}" for snippet in raw]
    found += _walk(html)
    if not found and _tokens(_CLEANER.clean(html)) != _tokens(html):
        found.append("found markup that the sanitiser removes")
    return list(dict.fromkeys(found))


def render_note(note: str) -> tuple[str, list[str]]:
    """Render ``note`` as its paper page does (inside the curator's-note admonition, with the
    Markdown extensions of mkdocs.yml): returns the HTML and the raw HTML snippets it held."""
    md, watch = _renderer()
    md.reset()
    watch.raw.clear()
    body = "\n".join(("    " + line) if line else "" for line in note.split("\n"))
    try:
        return md.convert('!!! note "Curator\'s note"\n\n' + body), list(watch.raw)
    except BaseException:
        # A conversion that stops half-way (RecursionError on deep nesting) leaves the parser's
        # state behind (e.g. "in a list", which drops the <p> of later notes): start afresh.
        _renderer.cache_clear()
        raise


@functools.cache
def _renderer() -> tuple[markdown.Markdown, _RawHtmlWatch]:
    """One Markdown instance, reset before each note (building one costs more than a note)."""
    watch = _RawHtmlWatch()
    md = markdown.Markdown(
        extensions=[*NOTE_EXTENSIONS, watch], extension_configs=NOTE_EXTENSION_CONFIGS, output_format="html"
    )
    return md, watch


def _walk(html: str) -> list[str]:
    """Name every element, attribute and link target of ``html`` outside the allowlist."""
    walker = _Walker()
    walker.feed(html)
    walker.close()
    return walker.found


class _Walker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.depth = 0  # lists and quotes open around the current element

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in NESTING

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in NESTING
        if self.depth == MAX_NESTING + 1:  # once, however deep it goes
            self.found.append(TOO_DEEP)
        if tag == "img":
            self.found.append(
                "found an image (notes may not show images: a picture from another host sees every reader)"
            )
        elif tag not in ALLOWED:
            self.found.append(
                f"found the element <{tag}> (notes may hold emphasis, links, lists, quotes, code and tables)"
            )
        for name, value in attrs:
            if tag in ALLOWED and name not in ALLOWED[tag]:
                self.found.append(f"found the attribute {name!r} on <{tag}>")
            elif name in ("href", "src") and not _is_http_url(value or ""):
                self.found.append(f"found the link target {value!r} (links must be absolute http(s) URLs)")


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s<>\"']", url)


def _tokens(html: str) -> list[tuple[str, ...]]:
    """The start tags (with sorted attributes), end tags and text of ``html``, entities decoded."""
    collector = _Tokens()
    collector.feed(html)
    collector.close()
    return collector.tokens


class _Tokens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, *sorted(f"{n}={v}" for n, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))


class _RawHtmlWatch(Extension):
    """Records the raw HTML Python-Markdown would pass through (inline tags, comments, blocks);
    character references such as ``&amp;`` are Markdown, not raw HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.raw: list[str] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        """Wrap the processors that keep raw HTML."""
        raw = self.raw
        pattern = md.inlinePatterns["html"].pattern

        class Inline(HtmlInlineProcessor):
            # The stubs give Pattern's one-argument signature to every inline processor.
            def handleMatch(  # type: ignore[override]
                self, m: re.Match[str], data: str
            ) -> tuple[str | Element | None, int | None, int | None]:
                """Record the raw HTML, then keep it as Python-Markdown does."""
                if not _ENTITY.fullmatch(m.group(0)):
                    raw.append(m.group(0))
                return super().handleMatch(m, data)

        class Block(HtmlBlockPreprocessor):
            def run(self, lines: list[str]) -> list[str]:
                """Record the raw HTML blocks, then keep them as Python-Markdown does."""
                before = self.md.htmlStash.html_counter
                result = super().run(lines)
                raw.extend(str(s) for s in self.md.htmlStash.rawHtmlBlocks[before : self.md.htmlStash.html_counter])
                return result

        md.inlinePatterns.register(Inline(pattern, md), "html", 90)
        md.preprocessors.register(Block(md), "html_block", 20)
