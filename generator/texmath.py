"""Math spans in titles and abstracts: find them, and render text with them marked.

Pure, no I/O. Real arXiv titles and abstracts carry inline TeX (``$π$-Bench``,
``$\\mathcal{O}(n)$``, ``\\(x^2\\)``); the site typesets it with KaTeX in the browser, but only
inside the ``<span class="math">`` elements written here, never over the whole page, so a ``$``
in prose (``$0.60 to $1.20``) stays text. The TeX inside a span is escaped exactly like any
other untrusted text (``escape_markdown``): the span shows the TeX source when JavaScript or
KaTeX is unavailable or refuses it.

Which ``$`` pairs are math follows Pandoc's ``tex_math_dollars`` rule: the opening ``$`` has a
non-space character right after it, the closing ``$`` a non-space character right before it
and no digit right after it; neither is escaped (``\\$``) nor doubled (``$$``). A span is at most
``MAX_MATH_CHARS`` long, holds no line break and does not overlap a web address (``find_urls``:
``https://x.org/$a$b`` stays one link).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .memo import STRING_CACHE
from .text import escape_markdown, find_urls

MAX_MATH_CHARS = 300
MATH_CLASS = "math"
_DOLLARS = re.compile(rf"(?<![\\$])\$(?=[^\s$])([^$\n]{{1,{MAX_MATH_CHARS}}}?)(?<![\s\\])\$(?![\d$])")
_PARENS = re.compile(rf"\\\((.{{1,{MAX_MATH_CHARS}}}?)\\\)")


def math_spans(text: str) -> list[tuple[int, int, str]]:
    """Return the math spans of plain ``text`` as ``(start, end, tex)``, in order and not
    overlapping: ``text[start:end]`` is the whole span with its delimiters (``$x$``,
    ``\\(x\\)``), ``tex`` the TeX between them."""
    found = [(m.start(), m.end(), m.group(1)) for m in _PARENS.finditer(text)]
    found += [(m.start(), m.end(), m.group(1)) for m in _DOLLARS.finditer(text)]
    urls = find_urls(text)
    spans: list[tuple[int, int, str]] = []
    for start, end, tex in sorted(found):
        in_url = any(start < url_end and url_start < end for url_start, url_end in urls)
        if tex.strip() and not in_url and (not spans or start >= spans[-1][1]):
            spans.append((start, end, tex))
    return spans


def math_span(display: str) -> str:
    """Return the HTML element for one math span: ``<span class="math">`` holding ``display``
    (the span as written, delimiters included) escaped as text. The script reads the TeX from
    that text, so what a reader sees without KaTeX is exactly the source."""
    return f'<span class="{MATH_CLASS}">{escape_markdown(display)}</span>'


@lru_cache(maxsize=STRING_CACHE)
def render_with_math(text: str, plain: Callable[[str], str] = escape_markdown) -> str:
    """Return ``text`` for a Markdown page: math spans as ``math_span`` elements, everything
    between them through ``plain`` (``escape_markdown`` by default, or e.g. ``render.linkify``)."""
    out, last = [], 0
    for start, end, _ in math_spans(text):
        out.append(plain(text[last:start]))
        out.append(math_span(text[start:end]))
        last = end
    out.append(plain(text[last:]))
    return "".join(out)
