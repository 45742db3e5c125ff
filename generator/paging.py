"""Lists in pages: split a list that grows with the site into pages of ``PAGE_SIZE`` items.

Pure, no I/O, linear in the number of items. One concept serves every growing list (all papers,
each tag, each digest, each archive month, the digests overview, the must-reads): page 1 stays
at the list's own path, so its URL never changes; page ``k`` (2, 3, ...) lives at
``<list>/page/<k>.md`` (``page_path``). That is always two or more folders below the list's
folder, while every paper, tag, digest and archive page is one file directly in it, so a page
of a list can never take the place of another page: ``papers/page/2.md`` (URL
``papers/page/2/``) and a paper slugged ``page`` (``papers/page.md``, URL ``papers/page/``)
live side by side.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

# Items per page. A list item is at most about 1.5 KB of HTML (title and reading-list data up to
# 300 characters each, an excerpt of 160, badges, a date), so a page of items stays near 150 KB
# even then, and near 60 KB with real titles, Material's page chrome included
# (tests/test_paging.py builds a huge tag and digest and checks every HTML page's size).
PAGE_SIZE = 100

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


def page_path(first: str, number: int) -> str:
    """Where page ``number`` (1-based) of the list whose first page is ``first`` lives under
    docs_dir: ``first`` itself for page 1; else ``<folder>/page/<number>.md`` for an index page
    (``papers/index.md`` -> ``papers/page/2.md``) and ``<stem>/page/<number>.md`` for any other
    (``tags/agents.md`` -> ``tags/agents/page/2.md``). Raises ``ValueError`` for ``number < 1``."""
    if number < 1:
        raise ValueError(f"expected a page number of 1 or more, found {number!r}")
    if number == 1:
        return first
    stem = first[: -len(".md")] if first.endswith(".md") else first
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return f"{stem}/page/{number}.md" if stem else f"page/{number}.md"


def page_count(items: int, size: int = PAGE_SIZE) -> int:
    """The number of pages ``items`` items fill, ``size`` to a page; an empty list has one page."""
    return max(1, -(-items // size))


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list: its 1-based ``number``, its ``items``, ``start`` (the index in the
    whole list of its first item) and ``paths`` (where every page of the list lives, page 1
    first; shared by all pages of one list)."""

    number: int
    items: tuple[T, ...]
    start: int
    paths: tuple[str, ...]

    @property
    def count(self) -> int:
        """How many pages the list has."""
        return len(self.paths)

    @property
    def path(self) -> str:
        """Where this page lives under docs_dir."""
        return self.paths[self.number - 1]

    @property
    def previous(self) -> str | None:
        """Where the previous page lives, ``None`` on page 1."""
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        """Where the next page lives, ``None`` on the last page."""
        return self.paths[self.number] if self.number < self.count else None


def paginate(items: Sequence[T], first: str, size: int = PAGE_SIZE) -> tuple[ListPage[T], ...]:
    """Split ``items`` (in order) into pages of ``size`` items (the last may hold fewer; an empty
    list gives one empty page), the first at ``first`` (see ``page_path``). Every item is on
    exactly one page, in order. Raises ``ValueError`` for a ``size`` below 1."""
    if size < 1:
        raise ValueError(f"expected a page size of 1 or more, found {size!r}")
    paths = tuple(page_path(first, n) for n in range(1, page_count(len(items), size) + 1))
    return tuple(ListPage(n + 1, tuple(items[n * size : (n + 1) * size]), n * size, paths) for n in range(len(paths)))


def starts(keys: Iterable[K], size: int = PAGE_SIZE) -> dict[K, int]:
    """Return ``{key: page number}``: for each key of ``keys`` (one per item, in list order, such
    as a paper's letter or month), the page where its first item is, keys in order of first
    appearance. The jump links of a list (letters, months, dates) point there."""
    found: dict[K, int] = {}
    for index, key in enumerate(keys):
        if key not in found:
            found[key] = index // size + 1
    return found
