"""Render one paper's page: short front matter, then the page body as one block of HTML.

Pure, no I/O. The body is HTML built with ``markup`` (every piece of untrusted text escaped by
``markup.text``) in which every line starts with a tag: any Markdown engine passes it through
unchanged, and the reading-list plugin skips Markdown for it altogether (see ``plugin.py``).
Links are final relative URLs (``structure.url_between``), since nothing resolves ``.md``
links inside HTML. The theme's paper template (``overrides/main.html``) adds only a slim frame:
the page is the paper.

What Pagefind indexes is marked here, so that any engine's output indexes the same: inside
``data-pagefind-body`` the tag chips (the ``tag`` filter), the title (weighted highest, and the
result's title), the curator's note, the abstract and the code and project links; the badges and
reading-list buttons are ignored; the other filters (year, month, must-read, code) and the
result's date are attributes of empty elements (``search_facets``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from operator import attrgetter
from urllib.parse import quote_plus

from .codestatus import code_status
from .frontmatter import front_matter
from .marks import badges, reading_hook
from .markup import anchor, linked_text, math_text, text, url
from .memo import Memo
from .model import MONTH_NAMES, Digest, Paper, Tag, show_date
from .notes import render_note
from .structure import digest_path, paper_path, tag_path, url_between
from .text import escape_html, excerpt

PAPER_CLASS = "rl-paper"
# Where the browser script puts the paper's BibTeX entry and its look-up links (arXiv, Semantic
# Scholar, Google Scholar, Hugging Face), built from the page's reading-list hook
# (overrides/assets/reading-list/reading-list.js): 1.4 KB less on every paper page.
CITE = '<div class="rl-cite"></div>'
# The page's description (its meta description and share card; search engines show about 150
# characters): the abstract's first sentence, or its first words, within this many characters.
DESCRIPTION_CHARS = 130
# Marks a paper with a curation file: its page's script makes the edit action open that file,
# not GitHub's new-file form (reading-list.js).
CURATED = " data-rl-curated"
# Marks a tag chip as a value of the search index's ``tag`` filter (its text).
TAG_FILTER = 'data-pagefind-filter="tag"'
NOTE_HEADING = '<p class="admonition-title">'  # the note's heading, as notes.render_note writes it


@dataclass(frozen=True)
class ReadNext:
    """What a paper page suggests next: ``related`` papers (most similar first), ``tag`` (the
    paper's strongest tag, whose page it links; ``None`` when that page lists no other paper),
    the ``digest`` and its ``previous`` and ``next`` papers in digest order (``None`` at either
    end)."""

    related: tuple[Paper, ...] = ()
    tag: Tag | None = None
    digest: Digest | None = None
    previous: Paper | None = None
    next: Paper | None = None


def paper_page(
    paper: Paper,
    digests: Mapping[str, Digest],
    read_next: ReadNext | None = None,
    tags: Mapping[str, Tag] | None = None,
) -> str:
    """Render one paper's page (Markdown text: front matter and one HTML block): tag chips,
    title with badges and reading-list buttons, the curator's note, abstract, code and project
    links, digests, arXiv links, the place of the BibTeX entry and look-up links (``CITE``), then
    what to read next (``read_next``).

    ``digests`` maps digest name to digest (``Structure.digests_by_name``) and holds every name in
    ``paper.digests``; ``tags`` maps tag name to tag (``Structure.tags_by_name``): a tag chip
    links to its page when its tag is there. The front matter holds ``title`` and ``description`` (escaped for HTML,
    which Material prints unescaped) and ``paper: true``, which selects the paper template. The
    indexed part says ``data-rl-curated`` for a paper with a curation file (``CURATED``)."""
    listed = [digests[name] for name in paper.digests]
    here = paper_path(paper)
    status = code_status(paper)
    indexed = [
        f'<div class="{PAPER_CLASS}" data-pagefind-body{CURATED if paper.curated else ""}>{search_facets(paper, listed)}',
        tag_chips(paper, here, tags or {}),
        f'<h1 data-pagefind-weight="10">{math_text(paper.title)}</h1>',
        f'<div class="rl-marks" data-pagefind-ignore>{badges(paper, status)} {reading_hook(paper)}</div>',
    ]
    if paper.note:  # its heading ("Curator's note") out of the index and search excerpts
        note = one_line(render_note(paper.note)[0]).replace(
            NOTE_HEADING, NOTE_HEADING[:-1] + " data-pagefind-ignore>", 1
        )
        indexed.append(note)
    indexed.append(f"<p>{math_text(paper.abstract, linked_text)}</p>")
    if paper.links:
        shown = (f"<strong>{text(item.kind)}:</strong> {anchor(url(item.url), text(item.url))}" for item in paper.links)
        indexed.append(f"<p>{' · '.join(shown)}</p>")
    body = [*indexed, "</div>", *_about(paper, listed, here)]
    if read_next is not None:
        body += _read_next(here, read_next)
    return _front_matter(paper) + "\n".join(line for line in body if line) + "\n"


def cached_paper_page(
    paper: Paper,
    digests: Mapping[str, Digest],
    read_next: ReadNext | None = None,
    tags: Mapping[str, Tag] | None = None,
    memo: Memo | None = None,
) -> str:
    """``paper_page``, remembered in ``memo.paper_pages`` (a serve session's) by ``page_key``."""
    if memo is None:
        return paper_page(paper, digests, read_next, tags)
    key = page_key(paper, digests, read_next, tags or {})
    return memo.paper_pages.get(key, lambda: paper_page(paper, digests, read_next, tags))


def page_key(
    paper: Paper, digests: Mapping[str, Digest], read_next: ReadNext | None, tags: Mapping[str, Tag]
) -> tuple[object, ...]:
    """Everything ``paper_page`` reads, as a key that is quick to hash: the fields of the paper,
    of its digests and of the papers and digest it suggests (each without its digest entries,
    which no page shows and which would make every key as large as a digest), and the name and
    slug of each tag it links."""
    chips = tuple(_tag_key(tags.get(name)) for name in paper.tags)
    listed = tuple(_fields(digests[name]) for name in paper.digests)
    if read_next is None:
        return (_fields(paper), listed, chips, None)
    suggested = (
        tuple(map(_fields, read_next.related)),
        _tag_key(read_next.tag),
        _fields(read_next.digest),
        _fields(read_next.previous),
        _fields(read_next.next),
    )
    return (_fields(paper), listed, chips, suggested)


def _fields(record: Paper | Digest | None) -> tuple[object, ...] | None:
    """A paper's or digest's fields but its ``entries``."""
    if record is None:
        return None
    return (_PAPER_FIELDS if isinstance(record, Paper) else _DIGEST_FIELDS)(record)


def _getter(record: type) -> Callable[[object], tuple[object, ...]]:
    return attrgetter(*(f.name for f in fields(record) if f.name != "entries"))


_PAPER_FIELDS, _DIGEST_FIELDS = _getter(Paper), _getter(Digest)


def _tag_key(tag: Tag | None) -> tuple[str, str] | None:
    return None if tag is None else (tag.name, tag.slug)


def _front_matter(paper: Paper) -> str:
    """``title`` and ``description`` (the abstract's first ``DESCRIPTION_CHARS`` characters at
    most, ``text.excerpt``; escaped for HTML), and ``paper: true``."""
    description = escape_html(excerpt(paper.abstract, DESCRIPTION_CHARS))
    meta = {"title": escape_html(paper.title), "description": description, "paper": True}
    return front_matter(meta)


def search_facets(paper: Paper, digests: Iterable[Digest]) -> str:
    """What search results show and filter ``paper`` by, beyond what the page says already
    (Pagefind takes the result's ``title`` from the ``<h1>`` and the ``tag`` filters from the
    chips, ``tag_chips``): metadata ``title`` only for a title with typeset math (the result shows
    the TeX as written, ``$π^2$``, not the MathML's text, ``π2``), as the text of a hidden span;
    ``date`` (first listed, ``27 Aug 2026``) and the filters ``year`` and ``month`` of every
    digest day, ``must-read`` and ``code`` (it has a code link), values the generator makes
    (digits and month names, never the digests' text), as ``name:value`` attributes of empty
    ``<i>`` elements, a metadata and a filter each. ``""`` when there is none of these."""
    days = sorted(d.day for d in digests)
    title = (
        f'<span data-pagefind-meta="title" data-pagefind-ignore hidden>{text(paper.title)}</span>'
        if "<math>" in math_text(paper.title)
        else ""
    )
    metas = [f"date:{shown_date(days)}"] if days else []
    filters = [f"year:{year}" for year in sorted({str(day.year) for day in days})]
    filters += [f"month:{MONTH_NAMES[m - 1]}" for m in sorted({day.month for day in days})]
    filters += ["must-read:yes"] if paper.highlight else []
    filters += ["code:yes"] if any(item.kind == "Code" for item in paper.links) else []
    facts = []
    for i in range(max(len(metas), len(filters))):
        meta = f' data-pagefind-meta="{text(metas[i])}"' if i < len(metas) else ""
        found = f' data-pagefind-filter="{text(filters[i])}"' if i < len(filters) else ""
        facts.append(f"<i{meta}{found}></i>")
    return title + "".join(facts)


def shown_date(days: Iterable[datetime.date]) -> str:
    """The date a search result shows for a paper listed on ``days``: the first, as
    ``27 Aug 2026`` (``""`` when there is none)."""
    first = min(days, default=None)
    return show_date(first) if first else ""


def tag_chips(paper: Paper, here: str, tags: Mapping[str, Tag]) -> str:
    """Material's tag chips for ``paper`` on the page ``here``, each linking to its tag page
    when ``tags`` (tag name to tag) has it, and each the search index's ``tag`` filter."""
    chips = "".join(
        f'<a href="{url_between(here, tag_path(tags[name]))}" class="md-tag" {TAG_FILTER}>{text(name)}</a>'
        if name in tags
        else f'<span class="md-tag" {TAG_FILTER}>{text(name)}</span>'
        for name in paper.tags
    )
    return f'<nav class="md-tags">{chips}</nav>' if chips else ""


def one_line(fragment: str) -> str:
    """``fragment`` (HTML) on one line: its line breaks as ``&#10;``, which shows the same in text
    and in ``<pre>``, so no line of a page body starts with text that Markdown could read."""
    return fragment.strip().replace("\n", "&#10;")


def _about(paper: Paper, digests: list[Digest], here: str) -> list[str]:
    """The lines after the indexed part: digests, arXiv links, and where the script puts the
    BibTeX entry and look-up links (``CITE``)."""
    listed = ", ".join(anchor(url_between(here, digest_path(d)), text(d.label)) for d in digests)
    lines = [f"<p><strong>Appeared in:</strong> {listed}</p>"]
    if paper.arxiv:
        ident = quote_plus(paper.arxiv)
        abstract, pdf = f"https://arxiv.org/abs/{ident}", f"https://arxiv.org/pdf/{ident}"
        lines.append(f"<p><strong>arXiv:</strong> {anchor(url(abstract), 'abstract')} · {anchor(url(pdf), 'PDF')}</p>")
    lines.append(CITE)
    return lines


def _read_next(here: str, found: ReadNext) -> list[str]:
    lines = []
    if found.related:
        lines.append('<h2 id="related-papers">Related papers</h2>')
        lines.append(_list(found.related, here))
    if found.tag is not None:  # its page lists the tag's must-reads, then its newest papers
        tag = anchor(url_between(here, tag_path(found.tag)), text(found.tag.name))
        lines.append(f'<p class="rl-more">More in {tag} →</p>')
    if found.digest is not None and (found.previous or found.next):
        digest = anchor(url_between(here, digest_path(found.digest)), text(found.digest.label))
        steps = []
        if found.previous:
            steps.append(f"← Previous: {_title_link(found.previous, here)}")
        if found.next:
            steps.append(f"Next: {_title_link(found.next, here)} →")
        lines.append(f'<h2 id="in-digest">In digest {digest}</h2>')
        lines.append(f'<p class="rl-steps">{" · ".join(steps)}</p>')
    return lines


def _list(papers: Iterable[Paper], here: str) -> str:
    """A list of paper titles linked from ``here``, each with its badges (no reading-list
    buttons: the page's own paper has them, and every list page has them)."""
    items = []
    for paper in papers:
        found = badges(paper, code_status(paper))
        items.append(f"<li>{_title_link(paper, here)}{' ' + found if found else ''}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _title_link(paper: Paper, here: str) -> str:
    """A link from the page ``here`` to ``paper``'s page, showing its title with math spans."""
    return anchor(url_between(here, paper_path(paper)), math_text(paper.title))
