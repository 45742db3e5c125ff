"""Parse digest text (scraped Hugging Face Daily Papers listings) into ``Digest`` records.

Pure functions, no I/O: the caller reads the file and passes its bytes and its path.

Two layouts are recognised (see ``content/digests``):

* layout A: header lines (``new``, ``Get trending papers in your email inbox!``, ``Subscribe``,
  optionally ``Daily Papers``, ``byAK and the research community``), a date line such as
  ``Aug 27``, then title and abstract lines alternating, every line followed by a blank line;
* layout B: no blank lines and no date line; header ``Get trending papers in your email inbox
  once a day!`` / ``Get trending papers in your email inbox!``, and the first title glued to
  ``Subscribe``.

Blank lines carry no meaning in either layout: each non-blank line is a header line, the date
line, a title or an abstract. A title is followed by its abstract; when a line at an abstract's
place looks like a title followed by an abstract (or a line at a title's place looks like an
abstract), that is reported with its line number instead of shifting every later pair.
"""

from __future__ import annotations

import datetime
import hashlib
import re

from slugify import slugify

from .model import MONTH_NAMES, Digest, Entry, Problem, Severity
from .text import normalise

MAX_DIGEST_BYTES = 5 * 1024 * 1024
# Digest and tag slugs (page names) are cut here and given a hash suffix: file systems take at
# most 255 bytes per name.
MAX_SLUG_CHARS = 80
MAX_TITLE_CHARS = 500
MAX_ABSTRACT_CHARS = 20_000

HEADER_LINES = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)
MONTHS = MONTH_NAMES
# The most days each month has in any year (29 February included).
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DATE_LINE = re.compile(rf"({'|'.join(MONTHS)}) ([1-9]|[12][0-9]|3[01])")
_ISO_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_LOOKS_ISO = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")  # meant as a date: refused unless it is one
_GLUED = "Subscribe"
_INBOX = "Get trending papers in your email inbox!"

# A title is short and never ends like a sentence; an abstract is long or ends with a full stop.
# Measured on 50,000 arXiv records: titles are at most 216 characters and none ends with ".";
# abstracts are at least 102 characters.
_TITLE_MAX_LOOK = 300


def looks_like_abstract(line: str) -> bool:
    """True when ``line`` reads as an abstract rather than a title (long, or ends with ``.``)."""
    return len(line) > _TITLE_MAX_LOOK or line.endswith(".")


_SENTENCE_END = re.compile(r"[.!?][\"')\]”’]*$")
_SENTENCE_BREAK = re.compile(r"[.!?] [A-Z]")


def reads_as_title(line: str) -> bool:
    """True when ``line``, standing where an abstract belongs, reads as a title instead: short
    (at most 300 characters), not ending like a sentence (``.`` ``!`` ``?``, maybe followed by a
    quote or a bracket) and holding no sentence break (``. A``)."""
    return len(line) <= _TITLE_MAX_LOOK and not _SENTENCE_END.search(line) and not _SENTENCE_BREAK.search(line)


def decode(data: bytes, source: str, limit: int = MAX_DIGEST_BYTES) -> tuple[str | None, list[Problem]]:
    """Decode a content file's bytes as UTF-8 (a leading BOM is dropped; CRLF and CR become LF).

    Returns ``(text, [])``, or ``(None, [problem])`` for a file over ``limit`` bytes (the problem
    names the line where the limit is passed) or with invalid UTF-8 (the problem names the line of
    the first bad byte); nothing is truncated or replaced silently.
    """
    if len(data) > limit:
        line = _line_at(data, limit)
        return None, [
            Problem(
                source,
                line,
                f"expected a file of at most {limit:,} bytes, found {len(data):,} bytes (the limit is passed in line {line})",
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = _line_at(data, err.start)
        bad = data[err.start : err.start + 4]
        return None, [
            Problem(
                source,
                line,
                f"expected UTF-8 text, found the bytes {bad!r} (saved as Latin-1 or Windows-1252? save the file as UTF-8)",
            )
        ]
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"), []


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line of byte ``offset`` in ``data``, counting LF, CRLF and CR line ends."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def parse_digest(text: str, source: str, name: str) -> tuple[Digest | None, list[Problem]]:
    """Parse decoded digest ``text`` (see ``decode``) into a ``Digest``.

    ``source`` is the path shown in messages; ``name`` the file stem, which gives the digest its
    full date when it is an ISO date (``2026-11-20``) and must hold no line break, tab, control
    or invisible character (it is shown on pages). Returns the digest (``None`` when nothing
    could be parsed) and every problem found; any error problem means the digest must not be
    published. Lines are split on ``\\n`` only.
    """
    problems: list[Problem] = []
    removed = 0
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line, count = normalise(raw)
        removed += count
        if line:
            lines.append((number, line))
    if not lines:
        found = "an empty file" if not text else "an empty file (only whitespace, invisible or control characters)"
        return None, [
            Problem(source, 1, f"expected a digest (header, date line, then titles and abstracts), found {found}")
        ]

    layout = "A" if any(not raw.strip() for raw in text.rstrip("\n").split("\n")[1:]) else "B"
    position, date = _skip_header(lines)
    if layout == "B" and _glued(lines, position):
        number, line = lines[position]  # layout B: "SubscribeFirst Title"
        lines[position] = (number, line[len(_GLUED) :].lstrip())
    entries = _pair(lines[position:], source, problems)
    if not entries and not problems:
        found = f"only header lines (last at line {lines[-1][0]})"
        problems.append(Problem(source, lines[-1][0], f"expected titles and abstracts after the header, found {found}"))
    if normalise(name)[1] or re.search(r"[^\S ]", name):
        problems.append(
            Problem(
                source,
                0,
                f"expected a file name without line breaks, tabs, control or invisible characters, found {name!r}",
            )
        )
    if date and not _real_day(date):
        problems.append(
            Problem(
                source,
                next(n for n, line in lines if line == date),
                f"expected a date line naming a real day, found {date!r}",
            )
        )
        date = None
    full_date = _iso_date(name)
    if full_date is None and _LOOKS_ISO.fullmatch(name):
        found = f"{name!r}, which names no day" if _ISO_NAME.fullmatch(name) else repr(name)
        expected = "a file name that is a real date written YYYY-MM-DD (2026-08-27) or no date at all"
        dated = "its date line and the year it was added" if date else "the day it was added"
        problems.append(Problem(source, 0, f"expected {expected}, found {found}; dated by {dated}", Severity.WARNING))
    if full_date and date and f"{MONTHS[full_date.month - 1]} {full_date.day}" != date:
        problems.append(
            Problem(
                source,
                next(n for n, line in lines if line == date),
                f"expected the date line to match the file name {name!r}, found {date!r}; the file name's date is shown",
                Severity.WARNING,
            )
        )
    iso_date = full_date.isoformat() if full_date else None
    digest = Digest(
        name=name,
        slug=digest_slug(name),
        source=source,
        date=iso_date or date,
        layout=layout,
        entries=tuple(entries),
        removed_chars=removed,
    )
    return digest, problems


def _glued(lines: list[tuple[int, str]], position: int) -> bool:
    """True in layout B's real shape: the header ends with the inbox line, has no ``Subscribe``
    line of its own, and the first title starts with ``Subscribe`` glued to it. A first title
    such as ``Subscriber Churn Prediction`` in any other shape keeps its first word."""
    return (
        0 < position < len(lines)
        and lines[position - 1][1] == _INBOX
        and all(line != _GLUED for _, line in lines[:position])
        and lines[position][1].startswith(_GLUED)
        and len(lines[position][1]) > len(_GLUED)
    )


def _real_day(date: str) -> bool:
    """True when a date line such as ``Aug 27`` names a day that its month has in some year."""
    month, day = date.split(" ")
    return int(day) <= _MONTH_DAYS[MONTHS.index(month)]


def _iso_date(name: str) -> datetime.date | None:
    """The date a file stem such as ``2026-11-20`` names, or ``None``."""
    if not _ISO_NAME.fullmatch(name):
        return None
    try:
        return datetime.date.fromisoformat(name)
    except ValueError:
        return None


def digest_slug(name: str) -> str:
    """Return the page slug of a digest named ``name`` (its file stem): ASCII, never empty, never
    ``index`` (the digests overview), at most ``MAX_SLUG_CHARS`` plus a hash suffix.

    A name whose slug would be empty, ``index`` or longer than ``MAX_SLUG_CHARS`` (a long or
    non-Latin name transliterates to more than a file system takes) gets ``-`` and 8 hex digits
    of its SHA-256, as paper slugs do.
    """
    return capped_slug(name, "digest", reserved=("index",))


def capped_slug(name: str, fallback: str, reserved: tuple[str, ...] = ()) -> str:
    """``slugify(name)`` when it is non-empty, not in ``reserved`` and at most
    ``MAX_SLUG_CHARS`` long; otherwise its first ``MAX_SLUG_CHARS`` characters (cut at a word,
    or ``fallback`` when empty) plus ``-`` and 8 hex digits of the SHA-256 of ``name``."""
    slug = slugify(name)
    if slug and slug not in reserved and len(slug) <= MAX_SLUG_CHARS:
        return slug
    base = slugify(name, max_length=MAX_SLUG_CHARS, word_boundary=True) or slug[:MAX_SLUG_CHARS].strip("-")
    return f"{base or fallback}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"


def _skip_header(lines: list[tuple[int, str]]) -> tuple[int, str | None]:
    """Return the index of the first title and the date line's text (``None`` without one)."""
    position, date = 0, None
    while position < len(lines):
        line = lines[position][1]
        if line in HEADER_LINES:
            position += 1
        elif date is None and _DATE_LINE.fullmatch(line):
            date = line
            position += 1
        else:
            break
    return position, date


def _pair(lines: list[tuple[int, str]], source: str, problems: list[Problem]) -> list[Entry]:
    """Pair title and abstract lines; report (and step over) lines that cannot be paired."""
    entries: list[Entry] = []
    i = 0
    while i < len(lines):
        number, title = lines[i]
        if _misplaced(title, number, source, problems):
            i += 1
            continue
        if len(title) > MAX_TITLE_CHARS and not title.endswith("."):
            problems.append(
                Problem(
                    source,
                    number,
                    f"expected a title of at most {MAX_TITLE_CHARS} characters, found {len(title):,} characters: {title[:60]!r}...",
                )
            )
            followed_by_abstract = i + 1 < len(lines) and looks_like_abstract(lines[i + 1][1])
            i += 2 if followed_by_abstract else 1
            continue
        if looks_like_abstract(title):
            problems.append(
                Problem(
                    source,
                    number,
                    f"expected a title, found a {len(title)}-character line that reads as an abstract: {title[:60]!r}... (is its title missing, or is an abstract split over two lines?)",
                )
            )
            i += 1
            continue
        if i + 1 == len(lines):
            problems.append(
                Problem(
                    source, number, f"expected an abstract after the title {title[:80]!r}, found the end of the file"
                )
            )
            break
        abstract_number, abstract = lines[i + 1]
        if _misplaced(abstract, abstract_number, source, problems):
            i += 2
            continue
        if reads_as_title(abstract):
            # Two missing lines can balance out (a lost title, later a lost abstract): a title in
            # an abstract's place is an error even when the counts still match.
            problems.append(
                Problem(
                    source,
                    number,
                    f"expected an abstract after the title {title[:80]!r} at line {abstract_number}, found another title {abstract[:80]!r} (an abstract is over 300 characters or ends like a sentence; is a line missing?)",
                )
            )
            i += 1
            continue
        if len(abstract) > MAX_ABSTRACT_CHARS:
            problems.append(
                Problem(
                    source,
                    abstract_number,
                    f"expected an abstract of at most {MAX_ABSTRACT_CHARS:,} characters, found {len(abstract):,}",
                )
            )
        else:
            entries.append(Entry(title, abstract, source, number, abstract_number))
        i += 2
    return entries


def _misplaced(line: str, number: int, source: str, problems: list[Problem]) -> bool:
    """Report a header or date line standing among titles and abstracts."""
    if line in HEADER_LINES or _DATE_LINE.fullmatch(line):
        problems.append(
            Problem(
                source,
                number,
                f"expected a title or an abstract, found the header line {line!r} (a second digest pasted in?)",
            )
        )
        return True
    return False
