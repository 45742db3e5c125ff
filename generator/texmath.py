"""Math spans in titles and abstracts: find them, and typeset their TeX as MathML.

Pure, no I/O. Real arXiv titles and abstracts carry inline TeX (``$π$-Bench``,
``$\\mathcal{O}(n)$``, ``\\(x^2\\)``). Only the spans found here are math, never the whole
text, so a ``$`` in prose (``$0.60 to $1.20``) stays text. Each span's TeX is typeset at build
time as MathML (``mathml``), which browsers lay out natively: a page with math loads no script,
style sheet or font for it. TeX the converter cannot read, or that uses commands it does not
know (an author's own macros), is shown as its source (``markup.math_text``).

Which ``$`` pairs are math follows Pandoc's ``tex_math_dollars`` rule: the opening ``$`` has a
non-space character right after it, the closing ``$`` a non-space character right before it
and no digit right after it; neither is escaped (``\\$``) nor doubled (``$$``). A span is at most
``MAX_MATH_CHARS`` long, holds no line break and does not overlap a web address (``find_urls``:
``https://x.org/$a$b`` stays one link).
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from latex2mathml.converter import convert

from .memo import STRING_CACHE
from .text import INVISIBLE, clean_latex, excerpt, find_urls

MAX_MATH_CHARS = 300
# The MathML of one span at most (the longest of 11,000 spans in 50,000 arXiv papers is 2.5 KB;
# a macro defined and used 99 times in 230 characters of TeX makes 26 KB).
MAX_MATHML_CHARS = 4096
MATH_CLASS = "math"
_DOLLARS = re.compile(rf"(?<![\\$])\$(?=[^\s$])([^$\n]{{1,{MAX_MATH_CHARS}}}?)(?<![\s\\])\$(?![\d$])")
_PARENS = re.compile(rf"\\\((.{{1,{MAX_MATH_CHARS}}}?)\\\)")

# MathML Core's elements as latex2mathml writes them, and the attributes that change layout
# only. Everything else goes: links (``\\href``), colours (``\\color``), namespaces.
_SCRIPTS = {"msup", "msub", "msubsup", "mover", "munder", "munderover"}
_TABLES = {"mtable", "mtr", "mtd"}
MATHML_TAGS = frozenset(
    {"math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "mstyle"}
    | {"mpadded", "mphantom", "menclose"}
    | _SCRIPTS
    | _TABLES
)
MATHML_ATTRIBUTES = {
    "mi": {"mathvariant"},
    "mtext": {"mathvariant"},
    "mo": {"stretchy", "fence", "separator", "form", "accent", "largeop", "movablelimits", "symmetric"}
    | {"lspace", "rspace", "minsize", "maxsize"},
    "mstyle": {"displaystyle", "scriptlevel"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "mspace": {"width"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mtd": {"columnalign"},
}
# What latex2mathml would copy into the output unescaped (``\\text{<b>}``): TeX has commands
# for both, which it writes as character references.
_TEX_ANGLES = str.maketrans({"<": r"\lt ", ">": r"\gt "})
# What the text normaliser removes or makes a space (``text.normalise``), which latex2mathml can
# bring back from ``&#10;`` or ``\unicode{202e}``: a line break would end the page's HTML block.
_UNSHOWN = re.compile(rf"{INVISIBLE.pattern}|[^\S \u00a0]")
# A token left empty: latex2mathml puts what it cannot place in a token (``\\mathop{\\mathrm{argmax}}``,
# ``\\operatorname{A\\_B}``) inside it, and the text is lost.
_EMPTY_TOKEN = re.compile(r"<(mi|mo|mn|ms|mtext)></\1>")


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


@lru_cache(maxsize=STRING_CACHE)
def clean_around_math(text: str) -> str:
    """Return ``text`` with ``text.clean_latex`` applied between its math spans and the spans
    as written: inside math ``\\%``, ``\\_`` and ``\\{`` are TeX (a percent sign, an underscore,
    a brace), which cleaning would turn into a comment, a subscript and a group
    (``$19.1\\%$`` showed as 19.1)."""
    out, last = [], 0
    for start, end, _ in math_spans(text):
        out.append(clean_latex(text[last:start]))
        out.append(text[start:end])
        last = end
    out.append(clean_latex(text[last:]))
    return "".join(out)


def math_excerpt(text: str) -> str:
    """Return ``text.excerpt`` of ``text``, cut before a math span it would end inside (half a
    span is neither math nor what the author wrote); a span that starts the text is kept whole."""
    short = excerpt(text)
    body = short.removesuffix("…")
    for start, end, _ in math_spans(text):
        if start < len(body) < end:
            return (text[:start].rstrip(" ,;:") or text[:end]) + "…"
    return short


@lru_cache(maxsize=STRING_CACHE)
def mathml(tex: str) -> str | None:
    """Return the TeX of one math span (``math_spans``' ``tex``) typeset as a MathML ``<math>``
    element (inline), or ``None`` when it is not typeset: latex2mathml raises on it or leaves a
    command it does not know (``\\ours``) as text, or the result would lose text (an empty
    token), hold a character the text normaliser removes (a line break, a bidirectional
    control) or pass ``MAX_MATHML_CHARS``. The result is sanitised by nh3 to ``MATHML_TAGS`` and
    ``MATHML_ATTRIBUTES``, so it holds no link, script, style or event handler whatever the TeX
    says; its text is escaped as HTML."""
    try:
        raw = convert(tex.translate(_TEX_ANGLES))
        clean = nh3.clean(raw, tags=set(MATHML_TAGS), attributes=MATHML_ATTRIBUTES, strip_comments=True, link_rel=None)
    except Exception:  # latex2mathml raises many kinds of error on TeX it cannot read
        return None
    # an unknown command: latex2mathml writes every known symbol as a character reference
    unknown = "\\" in raw
    lost = _EMPTY_TOKEN.search(clean) or _UNSHOWN.search(clean)
    return None if unknown or lost or len(clean) > MAX_MATHML_CHARS else clean
