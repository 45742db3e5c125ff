"""Results of the generator's expensive pure steps, kept between the runs of one serve session.

Pure bookkeeping, no I/O. ``mkdocs serve`` regenerates the site after every save, and most of
the work gives the same result as last time: the same digest bytes parse to the same digest, a
tag's rules give the same score on the same paper, the same papers' texts give the same related
papers, the same inputs render the same paper page. A ``Memo`` (held by the MkDocs plugin for the
whole session, passed into ``pipeline.assemble`` and ``render.render_site``) keeps those results
keyed by everything they depend on, so a rerun computes only what an edit changed. A full
``mkdocs build`` passes no memo and computes everything once.

Each ``Table`` keeps the entries used by the current run and the last run before it that used
the table (``Memo.rotate`` after each run drops the rest), so memory stays that of about one
site however long the session lasts. ``hits`` and ``misses`` count lookups since the last rotation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

# Entries of the ``functools.lru_cache`` on pure text functions (titles, abstracts, slugs):
# about the distinct texts of a large site; their results are strings its papers hold anyway.
STRING_CACHE = 1 << 17

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Table(Generic[K, V]):
    """A cache of one pure function's results by key (``get``), bounded to two runs' entries."""

    def __init__(self) -> None:
        self.previous: dict[K, V] = {}
        self.current: dict[K, V] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value for ``key``: remembered from this run or the one before, else ``compute()``
        (whose exceptions pass through; nothing is remembered then)."""
        value = self.lookup(key)
        if value is None:
            self.misses += 1
            value = self.current[key] = compute()
        else:
            self.hits += 1
        return value

    def lookup(self, key: K) -> V | None:
        """The value remembered for ``key`` (kept for this run), or ``None``; not counted."""
        value = self.current.get(key)
        if value is None:
            value = self.previous.get(key)
            if value is not None:
                self.current[key] = value
        return value

    def keep(self, key: K, value: V) -> None:
        """Remember ``value`` for ``key``."""
        self.current[key] = value

    def rotate(self) -> None:
        """End a run: keep only the entries it used (all of them when it used none: the table
        serves steps that some runs skip); reset the counters."""
        if self.current:
            self.previous, self.current = self.current, {}
        self.hits = self.misses = 0


@dataclass
class Memo:
    """The tables of one serve session. Keys hold every input of the step, so a hit is exactly
    what the step would compute again:

    - ``digests``: ``(source, name, file bytes)`` -> parsed digest and its problems (undated);
    - ``scores``: ``(title, abstract)`` -> ``{(tag's title patterns, tag's text patterns): the
      tag's score on that paper}`` (``tags.tag_score``): editing one tag re-runs only that tag's
      rules (hits and misses count single scores);
    - ``related``: ``((slug, title, abstract) of every paper)`` -> related papers' slugs;
    - ``words``: a paper's text -> its words as TF-IDF counts them (``related``), for when the
      papers change and related papers are computed again;
    - ``paper_pages``: everything ``paperpage.paper_page`` reads -> the page's Markdown;

    and ``written``, a digest of each file the last run wrote into docs_dir
    (``build.write_pages``), so that unchanged pages are not read back from disk.
    """

    digests: Table[Any, Any] = field(default_factory=Table)
    scores: Table[Any, dict[Any, tuple[int, int]]] = field(default_factory=Table)
    related: Table[Any, Any] = field(default_factory=Table)
    words: Table[str, tuple[str, ...]] = field(default_factory=Table)
    paper_pages: Table[Any, str] = field(default_factory=Table)
    written: dict[str, bytes] = field(default_factory=dict)

    def tables(self) -> dict[str, Table[Any, Any]]:
        """The tables by name."""
        return {
            "digests": self.digests,
            "scores": self.scores,
            "related": self.related,
            "words": self.words,
            "paper_pages": self.paper_pages,
        }

    def rotate(self) -> None:
        """End a run (see ``Table.rotate``)."""
        for table in self.tables().values():
            table.rotate()

    def counts(self) -> dict[str, tuple[int, int]]:
        """``{table name: (hits, misses)}`` since the last rotation."""
        return {name: (table.hits, table.misses) for name, table in self.tables().items()}
