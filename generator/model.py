"""The records that flow through the generator: digests, entries, papers, problems.

All records are frozen dataclasses built by pure functions; nothing here touches the disk.
Data flows one way: digest text -> ``Digest`` (with ``Entry`` records) -> ``Paper`` records ->
Markdown pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

import regex


class Severity(str, Enum):
    """How bad a ``Problem`` is: errors stop the build, warnings are reported."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Something wrong with a content file, pointing at a file and a 1-based line.

    ``source`` is the path as the curator sees it (relative to the repository root, e.g.
    ``content/digests/000.txt``); ``line`` is 0 when the problem concerns the whole file.
    """

    source: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.severity.value}: {self.message}"


class ContentError(Exception):
    """Raised when content has errors; carries every ``Problem`` found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def first_error(self) -> Problem:
        """The first problem of severity error (the first problem when there is none)."""
        return next((p for p in self.problems if p.severity is Severity.ERROR), self.problems[0])

    def summary(self) -> str:
        """How many problems of each severity: ``1 error``, ``2 errors and 3 warnings``."""
        errors = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        warnings = len(self.problems) - errors
        return show_count(errors, "error") + (f" and {show_count(warnings, 'warning')}" if warnings else "")


@dataclass(frozen=True)
class SourceFile:
    """One content file as read from disk: ``source`` is its repository-relative POSIX path
    (used in messages), ``name`` its stem, ``data`` its bytes."""

    source: str
    name: str
    data: bytes


@dataclass(frozen=True)
class Entry:
    """One title/abstract pair as it stands in one digest.

    ``title`` and ``abstract`` are normalised plain text (NFC, one line, invisible characters
    removed) but not yet cleaned of LaTeX leftovers. ``line`` and ``abstract_line`` are the
    1-based lines of the title and the abstract in ``source``.
    """

    title: str
    abstract: str
    source: str
    line: int
    abstract_line: int


# The day of a digest that nothing dates (no history, no SOURCE_DATE_EPOCH): shown, never hidden.
UNDATED = datetime.date(1970, 1, 1)


class DateSource(str, Enum):
    """Where a digest's full date (``Digest.day``) came from, most trustworthy first."""

    FILE_NAME = "file name"  # 2026-11-20.txt
    DATE_LINE_COMMIT_YEAR = "date line, year from the commit that added the file"
    DATE_LINE_BUILD_YEAR = "date line, year from the build date (file not committed yet)"
    COMMIT = "the commit that added the file"
    BUILD = "the build date (file not committed yet)"


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


FULL_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def show_month(month: tuple[int, int]) -> str:
    """A ``(year, month)`` as readers see it: ``August 2026`` (English, whatever the locale)."""
    return f"{FULL_MONTH_NAMES[month[1] - 1]} {month[0]}"


def show_count(count: int, noun: str, number: str = "{}") -> str:
    """A count as readers see it: digits grouped by thousands, put into ``number`` (a format
    with one ``{}``, such as ``<strong>{}</strong>``), then ``noun``, with an ``s`` unless the
    count is 1: ``1 paper``, ``12,345 papers``."""
    return f"{number.format(f'{count:,}')} {noun if count == 1 else noun + 's'}"


def show_date(day: datetime.date) -> str:
    """A date as readers see it, with its year and no leading zero: ``27 Aug 2026``."""
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Digest:
    """One digest file: a day's listing of papers.

    ``name`` is the file stem (``000_b6c0b480d96c99fc``), shown to curators only; ``slug`` names
    its page under ``digests/``. ``date`` is what the file itself tells of its day: ``2026-11-20``
    when the file is named with an ISO date, else the date line's month and day (``Aug 27``),
    else ``None``. ``day`` is the full date (see ``dates.date_digest``) and ``date_source`` how it
    was derived; digests are ordered by ``(day, name)``, oldest first. ``layout`` is ``"A"``
    (blank-line separated, with a date line) or ``"B"`` (no blank lines, first title glued to
    ``Subscribe``). ``removed_chars`` counts invisible or control characters removed from titles
    and abstracts.
    """

    name: str
    slug: str
    source: str
    date: str | None
    layout: str
    entries: tuple[Entry, ...]
    removed_chars: int = 0
    day: datetime.date = UNDATED
    date_source: DateSource = DateSource.BUILD

    @property
    def label(self) -> str:
        """The digest as readers see it, never its file name: ``Daily Papers, 27 Aug 2026`` when
        the file dates itself (name or date line), else ``Added 20 Nov 2026``."""
        if self.date_source in (DateSource.COMMIT, DateSource.BUILD):
            return f"Added {show_date(self.day)}"
        return f"Daily Papers, {show_date(self.day)}"


@dataclass(frozen=True)
class History:
    """What git tells of the digests, read once by ``build`` and passed in as plain data.

    ``added`` maps a digest's file stem to the day (UTC) of the commit that first added it;
    ``default`` is the day for a digest not committed yet (``SOURCE_DATE_EPOCH``, else the day of
    the HEAD commit, else ``UNDATED``): never the wall clock, so two builds of one commit agree.
    """

    added: Mapping[str, datetime.date] = field(default_factory=dict)
    default: datetime.date = UNDATED


@dataclass(frozen=True)
class Link:
    """A link shown with a paper: ``kind`` is ``"Code"`` or ``"Project page"``; ``url`` is http(s)."""

    kind: str
    url: str


@dataclass(frozen=True)
class Paper:
    """One distinct paper, merged from every digest entry with the same identity key.

    ``key`` is the identity (see ``papers.identity_key``), ``slug`` the stable page name under
    ``papers/``. ``title`` and ``abstract`` are cleaned plain text, shown character for character.
    ``entries`` are all digest entries merged into this paper, oldest digest first; ``digests``
    the names of those digests, in the same order without repeats. ``tags`` are taxonomy tag
    names, strongest first (see ``tags.match_tags``). ``code_status`` is a curator's override
    of the code status (``codestatus.CODE_STATUSES``), ``None`` when not curated.
    """

    key: str
    slug: str
    title: str
    abstract: str
    entries: tuple[Entry, ...]
    digests: tuple[str, ...]
    links: tuple[Link, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None
    highlight: bool = False
    arxiv: str | None = None
    curated: bool = False
    code_status: str | None = None


@dataclass(frozen=True)
class Tag:
    """A taxonomy tag: ``name`` as shown, ``slug`` for its page under ``tags/``, the one-line
    ``description``, and the compiled rules (``title_rules`` searched in the title, ``text_rules``
    in title and abstract)."""

    name: str
    slug: str
    description: str
    title_rules: tuple[regex.Pattern[str], ...] = ()
    text_rules: tuple[regex.Pattern[str], ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Site:
    """Everything the pages are rendered from, gathered before anything is written.

    ``papers`` are the listed papers in slug order; ``hidden`` maps slug to reason for papers a
    curator hid; ``problems`` are the warnings collected on the way (errors raise instead).
    """

    digests: tuple[Digest, ...]
    papers: tuple[Paper, ...]
    tags: tuple[Tag, ...]
    hidden: dict[str, str] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


# A site with nothing in it: the base of a change when the base has no readable content.
EMPTY_SITE = Site(digests=(), papers=(), tags=())
