"""HTML for the bodies of generated pages: escaped text, links, math spans, lists of papers.

Pure, no I/O. Generated pages are Markdown files whose body is one raw HTML block (a ``<div>``
at the start of a line), which every Markdown engine passes through unchanged, and which the
reading-list plugin hands to the theme without running Markdown at all (``plugin.py``): Python-
Markdown's inline processing was most of the cost of a build. The escaping guarantee holds in
this form too: every piece of untrusted text goes through ``text`` (``&``, ``<``, ``>``, quotes,
the backtick and braces become character references), so nothing in it can open a tag, end an
attribute or a block, or start a Markdown construct at the start of a line (no text ever starts
a line of a generated block: each line starts with a tag written here). Typeset math is the one
markup made from untrusted text: MathML serialised by nh3 from its allowlist (``texmath.mathml``),
its backticks and braces then made character references like ``text``'s; it holds no line break.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from .memo import STRING_CACHE
from .texmath import MATH_CLASS, math_spans, mathml
from .text import find_urls

# Beyond HTML's own: characters that Markdown preprocessors read anywhere in a page, raw HTML
# included (the backtick of code fences, the braces of CriticMarkup's {++ ++}).
_MARKUP = str.maketrans({"`": "&#96;", "{": "&#123;", "}": "&#125;"})
_SAFE_URL = "/:?#[]@!$&+,;=%~-._"


def text(value: str) -> str:
    """Return plain ``value`` escaped for HTML text or a double-quoted attribute value."""
    return html.escape(value, quote=True).translate(_MARKUP)


def url(address: str) -> str:
    """Return an http(s) ``address`` percent-encoded (spaces, quotes, brackets, non-ASCII) and
    escaped for a double-quoted ``href``: the link leads exactly where the address says."""
    return html.escape(quote(address, safe=_SAFE_URL), quote=True)


def anchor(href: str, inner: str, classes: str = "") -> str:
    """Return ``<a href="href">inner</a>``; ``href`` (escaped: ``url`` or a relative URL built
    here) and ``inner`` (HTML) are trusted to be escaped already."""
    attribute = f' class="{classes}"' if classes else ""
    return f'<a href="{href}"{attribute}>{inner}</a>'


@lru_cache(maxsize=STRING_CACHE)
def math_text(value: str, plain: Callable[[str], str] = text) -> str:
    """Return plain ``value`` as HTML with each of its math spans (``texmath.math_spans``) as a
    ``math_element``, and the text between them through ``plain`` (``text``, or
    ``linked_text`` for an abstract)."""
    out, last = [], 0
    for start, end, tex in math_spans(value):
        out.append(plain(value[last:start]))
        out.append(math_element(value[start:end], tex))
        last = end
    out.append(plain(value[last:]))
    return "".join(out)


def math_element(written: str, tex: str) -> str:
    """Return one math span, ``written`` as in the text (delimiters included) with ``tex``
    between them, as ``<span class="math" title="written">`` holding its MathML
    (``texmath.mathml``), or as ``<span class="math">`` holding ``written`` as text when the
    TeX is not typeset."""
    typeset = mathml(tex)
    if typeset is None:
        return f'<span class="{MATH_CLASS}">{text(written)}</span>'
    return f'<span class="{MATH_CLASS}" title="{text(written)}">{typeset.translate(_MARKUP)}</span>'


def linked_text(value: str) -> str:
    """Return plain ``value`` as HTML with its http(s) web addresses (``text.find_urls``) as links."""
    out, last = [], 0
    for start, end in find_urls(value):
        address = value[start:end]
        out.append(text(value[last:start]))
        out.append(anchor(url(address), text(address)))
        last = end
    out.append(text(value[last:]))
    return "".join(out)


def is_html_body(markdown: str) -> bool:
    """True when a generated page's Markdown body (front matter removed) is one HTML block as
    the renderers write it: it starts with ``<div`` and every line starts with a tag."""
    return markdown.startswith("<div") and all(line.startswith("<") for line in markdown.strip("\n").split("\n"))
