"""Plain-text handling for untrusted digest text: normalise, clean LaTeX leftovers, escape.

Every function here is pure. The escaping policy is the project's one guarantee about
untrusted text: ``escape_markdown(s)`` renders, through any Markdown extension, as exactly the
visible text ``s`` (every ASCII punctuation character becomes a numeric character reference, so no
Markdown, HTML or extension syntax survives).
"""

from __future__ import annotations

import html
import re
import unicodedata

# Removed from titles and abstracts: control characters (Unicode category Cc) other than tab,
# bidirectional controls, zero-width characters (joiners, invisible operators, the Mongolian vowel
# separator, deprecated format characters, interlinear annotation marks, tag characters), soft
# hyphen and the BOM. They are invisible and can make a title read differently from what it is.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> tuple[str, int]:
    """Return ``text`` as one NFC line, and how many characters were removed.

    Control characters (e.g. NUL, ESC, form feed) other than tab, and bidirectional, zero-width
    and other invisible characters are removed and counted; every run of whitespace (tab,
    U+2028 ...) becomes one space; the ends are stripped.
    """
    visible, removed = _INVISIBLE.subn("", text)
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", visible).strip()), removed


# LaTeX accents as scraped abstracts carry them (``T\"ULU`` for TÜLU): command -> combining mark.
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307"}
_ACCENT = re.compile(r"""\\(["'`^~=.])(?:\{([A-Za-z])\}|([A-Za-z]))""")
_STYLE = re.compile(r"\\(?:textit|textbf|emph|texttt|textsc|textrm|textsf|underline)\{([^{}]*)\}")
_URL_COMMAND = re.compile(r"\\url\{([^{}\s]*)\}")
_ESCAPED_SYMBOL = re.compile(r"\\([%$&#_{}])")
_TIE = re.compile(r"(?<=[^\s~/=])~(?=[^\s~/=])")
_QUOTES = re.compile(r"``(.+?)''")
_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)


def clean_latex(text: str) -> str:
    """Turn LaTeX leftovers in an abstract into what the author meant; leave everything else.

    ``90\\%`` -> ``90%``, ``\\$0.60`` -> ``$0.60``, ``Experts~(MoE)`` -> ``Experts (MoE)``,
    ````anchor''`` -> ``"anchor"``, ``\\textit{First survey}`` -> ``First survey``,
    ``\\url{https://x}`` -> ``https://x``, ``T\\"ULU`` -> ``TÜLU``. URLs are left untouched
    (a ``~`` inside a URL is part of it). Unknown macros such as ``{\\ours}`` stay as written.
    """
    parts = []
    last = 0
    text = _URL_COMMAND.sub(r"\1", text)
    for match in _URL.finditer(text):
        parts.append(_clean_prose(text[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append(_clean_prose(text[last:]))
    return "".join(parts)


def _clean_prose(text: str) -> str:
    text = _ACCENT.sub(lambda m: (m.group(2) or m.group(3)) + _ACCENTS[m.group(1)], text)
    text = _STYLE.sub(r"\1", text)
    text = _ESCAPED_SYMBOL.sub(r"\1", text)
    text = _TIE.sub(" ", text)
    text = _QUOTES.sub(r'"\1"', text)
    return unicodedata.normalize("NFC", text)


_TRAILING = ".,;:!?]"  # quotes, "}" and ">" never enter a match (see _URL)


def find_urls(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the http(s) URLs in ``text``, in order.

    A URL ends at whitespace, a quote, ``<``, ``>``, ``{`` or ``}``; trailing punctuation that
    ends the sentence rather than the URL is trimmed: ``.`` ``,`` ``;`` ``:`` ``!`` ``?`` ``]``
    and a ``)`` that has no ``(`` inside the URL. Only ``http`` and ``https`` are recognised;
    ``javascript:`` and the like never become links.
    """
    spans = []
    for match in _URL.finditer(text):
        start, end = match.span()
        unopened = match.group().count(")") - match.group().count("(")
        while end > start:
            last = text[end - 1]
            if last in _TRAILING or (last == ")" and unopened > 0):
                unopened -= last == ")"
                end -= 1
            else:
                break
        if end - start > len("https://"):
            spans.append((start, end))
    return spans


_PUNCTUATION = {ord(c): f"&#{ord(c)};" for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"}


def escape_markdown(text: str) -> str:
    """Escape plain ``text`` so that Markdown renders exactly it: every ASCII punctuation
    character becomes a numeric character reference (``*`` -> ``&#42;``)."""
    return text.translate(_PUNCTUATION)


def escape_html(text: str) -> str:
    """Escape ``text`` for HTML element content and attribute values (``<`` ``>`` ``&`` quotes)."""
    return html.escape(text, quote=True)


# A full stop that ends a sentence: followed by a space and a capital, not after "e.g", "i.e",
# "et al", "vs", "Fig" or a single letter (an initial).
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\bal)(?<!\bvs)(?<!\bFig)(?<!\b\w)\.(?= [A-Z])")


def excerpt(text: str, limit: int = 160) -> str:
    """Return a short excerpt of ``text`` (for lists, never the shown abstract): the whole text
    when it has at most ``limit`` characters, else its first sentence when that ends within
    ``limit``, else its first ``limit`` characters cut at a word boundary with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    sentence = _SENTENCE_END.search(cut, 40)
    if sentence:
        return cut[: sentence.start() + 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:") + "…"
