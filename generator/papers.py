"""Merge digest entries into papers: identity, stable slugs, links found in abstracts.

Pure functions, no I/O. Identity is the title: two titles that differ only in case, whitespace,
punctuation or Unicode normal form are the same paper (``identity_key``). A paper's slug depends
on its identity key alone, never on which other papers exist, so adding or removing a digest never
changes an existing paper's URL.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from slugify import slugify
from text_unidecode import unidecode

from .memo import STRING_CACHE
from .model import Digest, Entry, Link, Paper, Problem, Severity
from .texmath import clean_around_math
from .text import find_urls

MAX_SLUG_CHARS = 80
# Names that cannot be a page: the papers index itself, and names Windows reserves for devices.
_RESERVED = frozenset(
    {"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_HASH_SUFFIX = re.compile(r"-[0-9a-f]{8}$")
# Symbols that make a different name: C++ / C# / C, Q* / Q, Mamba+ / Mamba. Non-ASCII math,
# currency and other symbols (∞, €, emoji) count too; the minus sign U+2212 is a dash.
_SIGNIFICANT = frozenset("+#*")
_SYMBOL_CATEGORIES = frozenset({"Sm", "Sc", "So"})
# LaTeX that identity reads the way the author meant, FROZEN: identity (and so every URL) must
# not follow changes to ``text.clean_latex``. ``T\"ULU`` is ``TÜLU``; ``\textit{x}`` is ``x``.
_ACCENT_MARKS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
}
_LATEX_ACCENT = re.compile(r"""\\(["'`^~=.])(?:\{([A-Za-z])\}|([A-Za-z]))""")
_LATEX_STYLE = re.compile(r"\\(?:textit|textbf|emph|texttt|textsc|textrm|textsf|underline)\{([^{}]*)\}")


@lru_cache(maxsize=STRING_CACHE)
def identity_key(title: str) -> str:
    """Return the identity of a paper title (a normalised digest line or a curated title).

    The title is NFKC-normalised and case-folded; a LaTeX accent or style command is read as
    the letters it makes (a frozen rule, independent of ``clean_latex``); then every run of
    whitespace, punctuation (dashes, colons, quotes, brackets, ``&``, ``/`` ...) and modifier
    symbols (``^``, ``~``) becomes one space, while letters, digits, ``+``, ``#``, ``*`` and
    non-ASCII symbols stay. ``"Self-Play  LLMs!"`` and ``"self play llms"`` share a key;
    ``C++ Tricks``, ``C# Tricks`` and ``C Tricks`` do not. A title made only of punctuation
    keeps it, so no key is empty.
    """
    folded = unicodedata.normalize("NFKC", _read_latex(title)).casefold()
    key = " ".join("".join(char if _kept(char) else " " for char in folded).split())
    return key or " ".join(folded.split())


def _read_latex(title: str) -> str:
    title = _LATEX_ACCENT.sub(lambda m: (m.group(2) or m.group(3)) + _ACCENT_MARKS[m.group(1)], title)
    return _LATEX_STYLE.sub(r"\1", title)


def _kept(char: str) -> bool:
    """True for the characters that tell one title from another (see ``identity_key``)."""
    if char.isalnum() or char in _SIGNIFICANT:
        return True
    return not char.isascii() and char != "\u2212" and unicodedata.category(char) in _SYMBOL_CATEGORIES


@lru_cache(maxsize=STRING_CACHE)
def paper_slug(key: str) -> str:
    """Return the page slug for an identity key: ASCII, non-empty, at most about 90 characters.

    An ASCII key of words maps to its words joined by ``-`` (``"self play llms"`` ->
    ``self-play-llms``), which no other such key shares. A key that is not plain ASCII, holds a
    symbol (``c++ tricks``), is longer than ``MAX_SLUG_CHARS``, transliterates to nothing or to a
    reserved name, or ends in a word of 8 hex digits (and so could spell another key's hashed
    slug) gets ``-`` and 8 hex digits of its SHA-256 appended (``Résumé Learning`` ->
    ``resume-learning-1a2b3c4d``), so that it cannot take another paper's slug.

    The words come from one fixed transliteration (NFKD, then text-unidecode), whichever optional
    packages are installed: python-slugify alone would switch to Unidecode when it is present, and
    ``ℵ₀ Models`` would get another URL. ``tests/golden/slug_titles.txt`` holds every seed
    paper's slug; any change to one is a failing test.
    """
    base = _slug_base(key)
    plain = base and key.isascii() and base == key.replace(" ", "-") and not _HASH_SUFFIX.search(base)
    if plain and base not in _RESERVED:
        return base
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
    return f"{base or 'paper'}-{digest}"


def _slug_base(key: str) -> str:
    """The words of a slug: one fixed transliteration (NFKD, then text-unidecode), then slugify."""
    return str(slugify(unidecode(unicodedata.normalize("NFKD", key)), max_length=MAX_SLUG_CHARS, word_boundary=True))


def split_slug(title: str) -> str:
    """The slug of a paper a curator split off by its exact digest ``title`` (``split:``): the
    words of its title and 8 hex digits of SHA-256 of ``split`` and the title, so that it never
    meets the paper it left nor any other."""
    digest = hashlib.sha256(f"split\n{title}".encode()).hexdigest()[:8]
    return f"{_slug_base(identity_key(title)) or 'paper'}-{digest}"


def title_slug(title: str) -> str:
    """The slug of the paper a (normalised) digest title belongs to when no curation joins or
    splits it: ``paper_slug(identity_key(title))``."""
    return paper_slug(identity_key(title))


@lru_cache(maxsize=STRING_CACHE)
def extract_links(abstract: str) -> tuple[Link, ...]:
    """Return the links named in a cleaned abstract, in order, without repeats: a GitHub
    repository URL is ``Code``, any other http(s) URL ``Project page``."""
    links: dict[str, Link] = {}
    for start, end in find_urls(abstract):
        url = abstract[start:end]
        kind = "Code" if re.match(r"https?://(www\.)?github\.com/[^/\s]+/[^/\s]+", url, re.I) else "Project page"
        links.setdefault(url, Link(kind, url))
    return tuple(links.values())


@dataclass(frozen=True)
class IdentityEdits:
    """Curators' corrections to identity, from curation files (see ``curation.identity_edits``).

    ``joins`` maps the slug of a paper to the slug of the paper it really is (``same_as:``): its
    entries join that paper, which keeps its URL. ``splits`` maps the slug of a paper to exact
    digest titles (normalised) merged into it that are other papers (``split:``): entries with
    such a title leave it and form a paper of their own, whose slug is ``split_slug(title)``.
    """

    joins: Mapping[str, str] = field(default_factory=dict)
    splits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def merge_papers(digests: Iterable[Digest], edits: IdentityEdits | None = None) -> tuple[list[Paper], list[Problem]]:
    """Merge the entries of ``digests`` (oldest first) into papers, sorted by slug.

    Entries are the same paper when their titles share an ``identity_key``, unless ``edits``
    join or split them. The newest entry of a paper gives its shown title and abstract (the
    curators' latest scrape); when entries of one paper carry different abstracts, a warning
    names both places and says which one is shown. Two different keys with one slug (which the
    slug rule leaves to a collision of 8 hex digits of SHA-256) are an error naming both
    entries, never one paper hiding another. No edit changes the slug of a paper it does not
    name.
    """
    edits = edits or IdentityEdits()
    digests = list(digests)
    keys = {paper_slug(identity_key(e.title)): identity_key(e.title) for d in digests for e in d.entries}
    groups: dict[str, list[Entry]] = {}
    slugs: dict[str, str] = {}
    digest_names: dict[str, str] = {}
    for digest in digests:
        digest_names[digest.source] = digest.name
        for entry in digest.entries:
            key = identity_key(entry.title)
            natural = paper_slug(key)
            if entry.title in edits.splits.get(natural, ()):
                key = f"{key} (split: {entry.title})"
                slugs[key] = split_slug(entry.title)
            elif natural in edits.joins and edits.joins[natural] in keys:
                key = keys[edits.joins[natural]]
            groups.setdefault(key, []).append(entry)
    papers: dict[str, Paper] = {}
    problems: list[Problem] = []
    for key, entries in groups.items():
        shown = entries[-1]
        abstract = clean_around_math(shown.abstract)
        for other in entries[:-1]:
            if other.abstract != shown.abstract:
                problems.append(
                    Problem(
                        other.source,
                        other.abstract_line,
                        f"this abstract of {shown.title[:80]!r} differs from the one at {shown.source}:{shown.abstract_line}, which is shown (the newest digest wins)",
                        Severity.WARNING,
                    )
                )
        slug = slugs.get(key) or paper_slug(key)
        if slug in papers:
            taken = papers[slug].entries[-1]
            problems.append(
                Problem(
                    shown.source,
                    shown.line,
                    f"expected a page of its own for {shown.title[:80]!r}, found its slug {slug!r} taken by {taken.title[:80]!r} at {taken.source}:{taken.line}; change one title",
                )
            )
            continue
        digests_seen = tuple(dict.fromkeys(digest_names[e.source] for e in entries))
        papers[slug] = Paper(
            key=key,
            slug=slug,
            title=clean_around_math(shown.title),
            abstract=abstract,
            entries=tuple(entries),
            digests=digests_seen,
            links=extract_links(abstract),
        )
    return [papers[slug] for slug in sorted(papers)], problems
