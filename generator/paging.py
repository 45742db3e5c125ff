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

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

# Items per page, and the most bytes of list-item HTML a page holds (``paginate``'s budget):
# whichever is reached first ends a page. Real list items are 400-900 bytes, so pages hold 100
# items and weigh 60-110 KB with Material's chrome; items made long on purpose (titles of 500
# characters that escaping makes five times longer) end a page at the budget instead, so no
# page passes 150 KB whatever the content (tests/test_paging.py builds a huge tag and digest and
# checks every HTML page's size).
PAGE_SIZE = 100
PAGE_BYTES = 100_000

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


def paginate(
    items: Sequence[T],
    first: str,
    size: int = PAGE_SIZE,
    weights: Sequence[int] | None = None,
    budget: int = PAGE_BYTES,
) -> tuple[ListPage[T], ...]:
    """Split ``items`` (in order) into pages, the first at ``first`` (see ``page_path``): a page
    ends after ``size`` items, or before an item that would take the ``weights`` of its items
    (bytes, one per item; when given) past ``budget``; a page holds at least one item, and an
    empty list gives one empty page. Every item is on exactly one page, in order. Raises
    ``ValueError`` for a ``size`` below 1 or ``weights`` of another length than ``items``."""
    if size < 1:
        raise ValueError(f"expected a page size of 1 or more, found {size!r}")
    if weights is not None and len(weights) != len(items):
        raise ValueError(f"expected one weight per item ({len(items)}), found {len(weights)}")
    bounds = _bounds(len(items), size, weights, budget)
    paths = tuple(page_path(first, n) for n in range(1, len(bounds) + 1))
    return tuple(ListPage(n + 1, tuple(items[start:end]), start, paths) for n, (start, end) in enumerate(bounds))


def _bounds(count: int, size: int, weights: Sequence[int] | None, budget: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each page of ``count`` items (see ``paginate``); ``[(0, 0)]`` for none."""
    bounds, start, used = [], 0, 0
    for index in range(count):
        weight = weights[index] if weights is not None else 0
        if index > start and (index - start == size or used + weight > budget):
            bounds.append((start, index))
            start, used = index, 0
        used += weight
    bounds.append((start, count))
    return bounds


def starts(keys: Sequence[K], pages: Sequence[ListPage[T]]) -> dict[K, int]:
    """Return ``{key: page number}``: for each key of ``keys`` (one per item of the list that
    ``pages`` split, in list order, such as a paper's letter or month), the page where its first
    item is, keys in order of first appearance. Jump links (letters, months, dates) point there."""
    found: dict[K, int] = {}
    for page in pages:
        for key in keys[page.start : page.start + len(page.items)]:
            found.setdefault(key, page.number)
    return found
