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
from functools import lru_cache

from linkify_it import LinkifyIt

from .memo import STRING_CACHE

# Removed from titles and abstracts: control characters (Unicode category Cc) other than tab,
# bidirectional controls, zero-width characters (joiners, invisible operators, the Mongolian vowel
# separator, deprecated format characters, interlinear annotation marks, tag characters), soft
# hyphen and the BOM. They are invisible and can make a title read differently from what it is.
INVISIBLE = re.compile(
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
    visible, removed = INVISIBLE.subn("", text)
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", visible).strip()), removed


# LaTeX accents as scraped abstracts carry them (``T\"ULU`` for TÜLU): command -> combining mark.
_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307"}
_ACCENT = re.compile(r"""\\(["'`^~=.])(?:\{([A-Za-z])\}|([A-Za-z]))""")
_STYLE = re.compile(r"\\(?:textit|textbf|emph|texttt|textsc|textrm|textsf|underline)\{([^{}]*)\}")
_URL_COMMAND = re.compile(r"\\url\{([^{}\s]*)\}")
_ESCAPED_SYMBOL = re.compile(r"\\([%$&#_{}])")
# A LaTeX tie (``Experts~(MoE)``, ``Figure~3``): a ``~`` right after a letter, digit or closing
# punctuation and before a visible character. A ``~`` after a space or an opening bracket means
# "approximately" (``(~2x)``, ``about ~3%``) and stays.
_TIE = re.compile(r"(?<=[^\W_]|[.,;:)\]])~(?=[^\s~/=])")
# ````quoted''``: the quoted text ends at the first ``''`` and holds no other ````` (a tempered
# token, so each opening mark scans at most up to the next one: linear, where ``(.+?)''`` was
# quadratic on thousands of unclosed marks).
_QUOTES = re.compile(r"``((?:(?!``|'').)+)''")
_URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+", re.IGNORECASE)


@lru_cache(maxsize=STRING_CACHE)
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


_TRAILING = ".,;:!?]"
# Where a URL ends at the latest, whatever the recogniser says: whitespace, ASCII quotes and
# brackets that never belong to a URL written in prose, and any non-ASCII punctuation or space
# (“ ” ’ 。 ， 「 ...), which ends the sentence or the quote around the URL, not the URL.
_ASCII_STOP = frozenset(" \t\n<>\"'`{}|\\^")
# A longer "URL" stays text: it is shown whole, but not linked.
MAX_URL_CHARS = 2_000
_SCHEMA = re.compile(r"(?<![A-Za-z0-9])https?:", re.IGNORECASE)
_LINKIFY = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})


def _url_stop(text: str, start: int, end: int) -> int:
    """The first index in ``text[start:end]`` where a URL written in prose must end."""
    for index in range(start, end):
        char = text[index]
        if char in _ASCII_STOP or (not char.isascii() and unicodedata.category(char).startswith(("P", "Z"))):
            return index
    return end


def find_urls(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the http(s) URLs in ``text``, in order.

    Where a URL starts is ``http://`` or ``https://`` (any case) after a non-alphanumeric
    character; how far it reaches is decided by linkify-it-py (the maintained port of
    markdown-it's linkify-it), asked about that one position and shown only the text up to the
    next ``http(s):`` at most, so the work stays linear however many a line holds (a URL that
    carries another, ``?u=https://...``, is cut there). ``javascript:``, ``mailto:``, ``ftp:`` and bare ``www.``
    names never become links. A URL ends at whitespace, a quote, ``<``, ``>``, ``{``, ``}``, or
    any non-ASCII punctuation (``“https://x/y”``, ``https://x/y。``, ``https://x/y’s``); then
    trailing punctuation that ends the sentence rather than the URL is trimmed: ``.`` ``,``
    ``;`` ``:`` ``!`` ``?`` ``]`` and a ``)`` that has no ``(`` inside the URL. A URL of more than
    ``MAX_URL_CHARS`` characters is left as text.
    """
    spans = []
    match = _SCHEMA.search(text)
    while match:
        start = match.start()
        following = _SCHEMA.search(text, match.end())
        limit = min(following.start() if following else len(text), start + MAX_URL_CHARS + 1)
        stop = _url_stop(text, start, limit)
        window = text[start:stop]  # the recogniser never sees past the stop: linear work
        tail = _LINKIFY.test_schema_at(window, match.group().lower(), match.end() - start)
        reach = match.end() + tail  # past MAX_URL_CHARS only when the window was cut there
        end = _trim(text, start, reach) if tail and reach - start <= MAX_URL_CHARS else start
        if end - start > len("https://"):
            spans.append((start, end))
        match = following
    return spans


def _trim(text: str, start: int, end: int) -> int:
    """Move ``end`` back over punctuation that ends the sentence rather than the URL."""
    unopened = text.count(")", start, end) - text.count("(", start, end)
    while end > start:
        last = text[end - 1]
        if last in _TRAILING or (last == ")" and unopened > 0):
            unopened -= last == ")"
            end -= 1
        else:
            break
    return end


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


@lru_cache(maxsize=STRING_CACHE)
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
