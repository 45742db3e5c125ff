"""The records that flow through the generator: digests, entries, papers, problems.

All records are frozen dataclasses built by pure functions; nothing here touches the disk.
Data flows one way: digest text -> ``Digest`` (with ``Entry`` records) -> ``Paper`` records ->
Markdown pages.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Digest:
    """One digest file: a day's listing of papers.

    ``name`` is the file stem (``000_b6c0b480d96c99fc``), which orders digests: later names are
    newer; ``slug`` names its page under ``digests/``. ``date`` is what the file tells of its day: ``2026-11-20`` when the file is named with an
    ISO date, else the date line's month and day (``Aug 27``), else ``None``; a year is never
    invented. ``layout`` is ``"A"`` (blank-line separated, with a date line) or ``"B"`` (no blank
    lines, first title glued to ``Subscribe``). ``removed_chars`` counts invisible or control
    characters removed from titles and abstracts.
    """

    name: str
    slug: str
    source: str
    date: str | None
    layout: str
    entries: tuple[Entry, ...]
    removed_chars: int = 0

    @property
    def label(self) -> str:
        """A human label: the date and the file name (``Aug 27 (000_b6c0)``), the date alone
        when the file is named by it, or the file name when there is no date."""
        if self.date and self.date != self.name:
            return f"{self.date} ({self.name})"
        return self.date or self.name


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
