"""HTML bodies of the paged list pages: all papers, tags, digests, archive months, must-reads.

Pure, no I/O. ``list_pages`` splits a list with ``paging.paginate`` and renders each page as
front matter, a blank line, then one raw HTML block (``<div class="rl-list">`` ... ``</div>``)
in which every line starts with a tag written here, so no Markdown construct can start inside
it and every Markdown engine passes it through unchanged. Untrusted text goes through
``markup.text`` or ``markup.math_text``; links are final directory URLs from
``structure.url_between`` (MkDocs does not resolve links inside raw HTML).

Each page says "Page k of n" and links the previous and next pages and nearby page numbers
(``pager``); a list with groups (letters, months, days) also gets jump links to the page and
heading where each group starts (``jump_links``), and repeats the group's heading at the top of a
page that continues it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from .codestatus import code_status
from .frontmatter import front_matter
from .marks import badges, reading_hook
from .markup import anchor, math_text, text
from .model import Paper
from .paging import PAGE_SIZE, ListPage, paginate, starts
from .structure import paper_path, url_between
from .texmath import math_excerpt

T = TypeVar("T")

# How many page numbers the pager shows on either side of the current page (plus first and last).
PAGER_REACH = 2


@dataclass(frozen=True)
class Group:
    """A heading items are listed under: ``key`` is its HTML id (letters, digits and ``-``
    only, chosen by the generator), ``label`` the plain text shown."""

    key: str
    label: str


@dataclass(frozen=True)
class ListSpec:
    """What a paged list shows around its items: ``first`` (the path of page 1 under docs_dir),
    ``meta`` (page 1's front matter; its ``title`` already escaped for HTML), ``heading`` (the
    ``<h1>``'s HTML) and ``intro`` (HTML lines after the heading, given the page's path)."""

    first: str
    meta: Mapping[str, object]
    heading: str
    intro: Callable[[str], list[str]]
    ordered: bool = False


def list_pages(
    spec: ListSpec,
    items: Sequence[T],
    item: Callable[[T, str], str],
    group: Callable[[T], Group] | None = None,
    weight: Callable[[T], int] | None = None,
) -> dict[str, str]:
    """Render ``items`` in pages: ``{path under docs_dir: page text}``, page 1 at ``spec.first``.

    ``item(x, here)`` renders one ``<li>`` for the page at ``here``; ``group(x)`` (optional) the
    heading ``x`` is listed under (items of one group next to each other); ``weight(x)``
    (optional) about how many bytes ``x``'s item takes, for ``paging.paginate``'s byte budget.
    """
    groups = distinct_runs([group(x) for x in items]) if group else []
    pages = paginate(items, spec.first, PAGE_SIZE, [weight(x) for x in items] if weight else None)
    begins = starts([g.key for g in groups], pages)
    labels = {g.key: g.label for g in groups}
    out = {}
    for page in pages:
        meta = dict(spec.meta)
        if page.number > 1:  # page 1 keeps the list's own title
            meta["title"] = f"{spec.meta['title']} (page {page.number} of {page.count})"
        body = _body(spec, page, item, groups[page.start : page.start + len(page.items)], (begins, labels))
        out[page.path] = front_matter(meta) + body
    return out


def distinct_runs(groups: list[Group]) -> list[Group]:
    """``groups`` (one per item) with each run of one group under its own id: a group that comes
    back after another (titles starting with ``#`` sort both before A and after Z) gets ``-2``,
    ``-3`` ... appended, so no heading id repeats on a page."""
    runs: dict[str, int] = {}
    out: list[Group] = []
    previous = None
    for found in groups:
        if found.key != previous:
            previous = found.key
            runs[found.key] = runs.get(found.key, 0) + 1
            run = found if runs[found.key] == 1 else Group(f"{found.key}-{runs[found.key]}", found.label)
        out.append(run)
    return out


def _body(
    spec: ListSpec,
    page: ListPage[T],
    item: Callable[[T, str], str],
    groups: list[Group],
    jumps: tuple[Mapping[str, int], Mapping[str, str]],
) -> str:
    here = page.path
    lines = ['<div class="rl-list">', f"<h1>{spec.heading}</h1>", *spec.intro(here)]
    nav = pager(page)
    lines += [nav] if nav else []
    if len(jumps[0]) > 1:
        lines.append(jump_links(here, page.paths, *jumps))
    lines += _items(page, item, groups, spec.ordered)
    lines += [nav] if nav else []
    return "\n".join([*lines, "</div>"]) + "\n"


def _items(page: ListPage[T], item: Callable[[T, str], str], groups: list[Group], ordered: bool) -> list[str]:
    """The items of ``page`` as lists, a heading wherever the group changes (and on top); none
    for an empty list (its intro says so)."""
    opening = f'<ol start="{page.start + 1}">' if ordered else "<ul>"
    closing = "</ol>" if ordered else "</ul>"
    lines: list[str] = []
    current = None
    for index, x in enumerate(page.items):
        if groups and groups[index].key != current:
            current = groups[index].key
            lines += [closing] if lines else []
            lines += [f'<h2 id="{current}">{text(groups[index].label)}</h2>', opening]
        elif not lines:
            lines.append(opening)
        lines.append(item(x, page.path))
    return [*lines, closing] if lines else []


def pager(page: ListPage[T]) -> str:
    """The pager of ``page`` (empty for a list of one page): previous, "Page k of n", next, and
    links to the first, the last and the ``PAGER_REACH`` nearest pages."""
    if page.count == 1:
        return ""
    here = page.path
    parts = []
    if page.previous:
        parts.append(f'<a href="{url_between(here, page.previous)}" rel="prev" class="rl-prev">← Previous</a>')
    parts.append(f'<span class="rl-page-of">Page {page.number} of {page.count}</span>')
    if page.next:
        parts.append(f'<a href="{url_between(here, page.next)}" rel="next" class="rl-next">Next →</a>')
    numbers = [page_link(here, page.paths, n, n == page.number) for n in _nearby(page.number, page.count)]
    parts.append(f'<span class="rl-pages">{" ".join(numbers)}</span>')
    return f'<nav class="rl-pager" aria-label="Pages">{" ".join(parts)}</nav>'


def _nearby(number: int, count: int) -> list[int]:
    """Page numbers to link from page ``number`` of ``count``: 1, the last, and those within
    ``PAGER_REACH``; with ``0`` where numbers are skipped."""
    shown = sorted({1, count, *range(max(1, number - PAGER_REACH), min(count, number + PAGER_REACH) + 1)})
    out: list[int] = []
    for n in shown:
        if out and n > out[-1] + 1:
            out.append(0)
        out.append(n)
    return out


def page_link(here: str, paths: Sequence[str], number: int, current: bool) -> str:
    """A link to page ``number`` of the list at ``paths`` (``…`` for ``0``; the current page as
    plain text, marked ``aria-current``)."""
    if number == 0:
        return "<span>…</span>"
    if current:
        return f'<span aria-current="page">{number}</span>'
    return anchor(url_between(here, paths[number - 1]), str(number))


def jump_links(here: str, paths: Sequence[str], begins: Mapping[str, int], labels: Mapping[str, str]) -> str:
    """Links from the page ``here`` to the heading where each group starts (``begins``: group key
    -> page number, in list order), on its page: ``#key`` on this page, else that page's URL."""
    links = []
    for key, number in begins.items():
        target = paths[number - 1]
        address = f"#{key}" if target == here else f"{url_between(here, target)}#{key}"
        links.append(anchor(address, text(labels[key])))
    return f'<nav class="rl-jump" aria-label="Jump to"><span>Jump to:</span> {" · ".join(links)}</nav>'


@dataclass(frozen=True)
class ItemParts:
    """The HTML of a paper's list item that does not depend on the page: ``title`` (math spans
    marked), ``marks`` (badges and reading-list hook) and ``summary`` (the excerpt)."""

    title: str
    marks: str
    summary: str


def item_parts(paper: Paper) -> ItemParts:
    """Render the page-independent parts of ``paper``'s list item (see ``ItemParts``)."""
    found = badges(paper, code_status(paper))
    hook = reading_hook(paper, text)
    return ItemParts(
        math_text(paper.title), f"{found} {hook}" if found else hook, math_text(math_excerpt(paper.abstract))
    )


class PaperItems:
    """List items of papers: each paper's page-independent HTML (``item_parts``) is rendered
    once, however many lists show it (all papers, its tags, digests, archive month). One
    instance serves one set of papers with distinct slugs (one ``render.render_site`` call)."""

    def __init__(self) -> None:
        self._parts: dict[str, ItemParts] = {}

    def parts(self, paper: Paper) -> ItemParts:
        """``item_parts(paper)``, rendered on first use."""
        found = self._parts.get(paper.slug)
        if found is None:
            found = self._parts[paper.slug] = item_parts(paper)
        return found

    def weight(self, paper: Paper, with_excerpt: bool = True) -> int:
        """About how many bytes ``paper``'s item takes (its parts, its link, the date or listing
        after it), for ``paging.paginate``'s budget."""
        parts = self.parts(paper)
        return (
            len(parts.title)
            + len(parts.marks)
            + (len(parts.summary) if with_excerpt else 0)
            + 2 * len(paper.slug)
            + 160
        )

    def item(self, paper: Paper, here: str, with_excerpt: bool = True, after: str = "") -> str:
        """A list item for ``paper`` on the page ``here``: its title linked to its page, its
        badges and reading-list hook, an excerpt (``with_excerpt``), then ``after`` (HTML such
        as a date)."""
        parts = self.parts(paper)
        link = anchor(url_between(here, paper_path(paper)), parts.title)
        summary = f" — {parts.summary}" if with_excerpt else ""
        return f"<li>{link} {parts.marks}{summary}{after}</li>"
