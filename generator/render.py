"""Render a ``Site`` into Markdown pages: ``{path under docs_dir: Markdown text}``.

Pure functions, no I/O. Untrusted text (titles, abstracts) passes through ``escape_markdown``
in page bodies and through ``escape_html`` in front matter, which Material prints into the HTML
unescaped. Lists of papers are plain Markdown (no Material tag listings): their cost stays
linear in the number of papers. Links between pages are relative ``.md`` links, which MkDocs
checks at build time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import yaml

from .bibtex import bibtex_entry
from .codestatus import code_status
from .marks import badges, reading_hook
from .model import Digest, Paper, Site, Tag
from .related import digest_neighbours, more_in_tag, related_papers
from .structure import (
    DIGESTS_INDEX,
    HOME_PAGE,
    PAPERS_INDEX,
    TAGS_INDEX,
    Structure,
    digest_path,
    must_reads_first,
    newest_first,
    paper_path,
    relative_link,
    root_prefix,
    structure,
    tag_path,
)
from .texmath import render_with_math
from .text import escape_html, escape_markdown, excerpt, find_urls

# Page paths are defined in ``structure``; importing them from here keeps working.
__all__ = ["MUST_READS", "MY_LIST", "ReadNext", "digest_path", "paper_path", "render_site", "tag_path"]

MUST_READS = "must-reads.md"
MY_LIST = "my-list.md"

LOOKUPS = (
    ("arXiv", "https://arxiv.org/search/?searchtype=title&query={q}"),
    ("Semantic Scholar", "https://www.semanticscholar.org/search?q={q}"),
    ("Google Scholar", "https://scholar.google.com/scholar?q={q}"),
    ("Hugging Face", "https://huggingface.co/papers?q={q}"),
)
LATEST_DIGESTS = 10
# Front matter of the list pages: out of the search index (which holds the paper pages, whose
# text these pages repeat) and without the sidebar, which would only repeat the tabs.
LIST_PAGE = {"search": {"exclude": True}, "hide": ["navigation"]}
_REFERENCE_AMP = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def href(url: str) -> str:
    """Return an http(s) ``url`` percent-encoded so that it is one safe Markdown link target.

    An ``&`` that would read as a character reference (``&#106;``, ``&amp;``) is written
    ``&amp;``: Markdown keeps references in link targets, so the link would otherwise lead
    somewhere other than the URL shown.
    """
    return _REFERENCE_AMP.sub("&amp;", quote(url, safe="/:?#[]@!$&+,;=%~-._"))


def link(text: str, target: str) -> str:
    """Return a Markdown link showing plain ``text`` (escaped) and pointing at ``target``."""
    return f"[{escape_markdown(text)}]({target})"


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present


class _FrontMatterDumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """``yaml.SafeDumper`` that double-quotes strings holding a YAML line break other than ``\\n``
    (NEL, U+2028, U+2029): PyYAML may write NEL raw in other styles, where it reads back changed."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FrontMatterDumper.add_representer(str, _represent_str)


def front_matter(meta: Mapping[str, object]) -> str:
    """Return a YAML front matter block for ``meta``; string values must already be escaped for
    HTML. Every value round-trips through ``yaml.safe_load`` unchanged."""
    dumped = yaml.dump(meta, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=1_000_000_000)
    return f"---\n{dumped}---\n\n"


def linkify(text: str) -> str:
    """Escape plain ``text`` for Markdown, turning its http(s) URLs into links."""
    out, last = [], 0
    for start, end in find_urls(text):
        url = text[start:end]
        out.append(escape_markdown(text[last:start]))
        out.append(link(url, href(url)))
        last = end
    out.append(escape_markdown(text[last:]))
    return "".join(out)


def _item(paper: Paper, page: str, with_excerpt: bool = True) -> str:
    """A list item for ``paper`` on the page ``page`` (its path under docs_dir), linked through
    docs_dir's root: the title, its badges and reading-list hook (``item_marks``), an excerpt."""
    line = f"[{render_with_math(paper.title)}]({root_prefix(page) + paper_path(paper)}) {item_marks(paper)}"
    if with_excerpt:
        line += f" — {render_with_math(excerpt(paper.abstract))}"
    return line


def item_marks(paper: Paper) -> str:
    """The marks a listed paper carries after its title: badges (must-read, note, code status)
    and the reading-list hook (star, read, dimmed when read)."""
    found = badges(paper, code_status(paper))
    return f"{found} {reading_hook(paper)}" if found else reading_hook(paper)


@dataclass(frozen=True)
class ReadNext:
    """What a paper page suggests next: ``related`` papers (most similar first), ``tag`` and
    ``in_tag`` (more in the paper's strongest tag), the ``digest`` and its ``previous`` and
    ``next`` papers in digest order (``None`` at either end)."""

    related: tuple[Paper, ...] = ()
    tag: Tag | None = None
    in_tag: tuple[Paper, ...] = ()
    digest: Digest | None = None
    previous: Paper | None = None
    next: Paper | None = None


def paper_page(paper: Paper, digests: Mapping[str, Digest], read_next: ReadNext | None = None) -> str:
    """Render one paper's page: title with badges and reading-list buttons, the curator's note,
    abstract, links, digests, BibTeX, look-up links, then what to read next (``read_next``).

    ``digests`` maps digest name to digest (``Structure.digests_by_name``) and holds every name in
    ``paper.digests``. Front matter carries ``code_status`` (released, promised or none) for
    search filters."""
    status = code_status(paper)
    meta: dict[str, object] = {"title": escape_html(paper.title), "description": escape_html(excerpt(paper.abstract))}
    if paper.tags:
        meta["tags"] = list(paper.tags)
    meta["code_status"] = status
    if paper.highlight:
        meta["must_read"] = True
    parts = [front_matter(meta), f"# {render_with_math(paper.title)}\n\n"]
    # An HTML block, not a paragraph: the abstract stays the first paragraph after the title.
    marks = f"{badges(paper, status)} {reading_hook(paper)}".strip()
    parts.append(f'<div class="rl-marks">{marks}</div>\n\n')
    if paper.note:
        parts.append('!!! note "Curator\'s note"\n\n' + _indent(paper.note) + "\n\n")
    parts.append(render_with_math(paper.abstract, linkify) + "\n\n")
    if paper.links:
        links = " · ".join(f"**{item.kind}:** {link(item.url, href(item.url))}" for item in paper.links)
        parts.append(f"{links}\n\n")
    here = paper_path(paper)
    listed = ", ".join(
        link(digests[name].label, relative_link(here, digest_path(digests[name]))) for name in paper.digests
    )
    parts.append(f"**Appeared in:** {listed}\n\n")
    if paper.arxiv:
        ident = paper.arxiv
        parts.append(f"**arXiv:** [abstract](https://arxiv.org/abs/{ident}) · [PDF](https://arxiv.org/pdf/{ident})\n\n")
    parts.append('??? quote "BibTeX"\n\n' + _indent("```bibtex\n" + bibtex_entry(paper) + "\n```") + "\n\n")
    query = quote_plus(paper.title)
    lookups = " · ".join(f"[{name}]({href(url.format(q=query))})" for name, url in LOOKUPS)
    parts.append(f"**Look it up:** {lookups}\n")
    if read_next is not None:
        parts.append(_read_next(here, read_next))
    return "".join(parts)


def _read_next(here: str, found: ReadNext) -> str:
    parts = []
    if found.related:
        parts.append("\n## Related papers\n\n")
        parts += [f"- {_item(p, here, with_excerpt=False)}\n" for p in found.related]
    if found.tag is not None and found.in_tag:
        target = relative_link(here, tag_path(found.tag))
        parts.append(f"\n## More in {link(found.tag.name, target)}\n\n")
        parts += [f"- {_item(p, here, with_excerpt=False)}\n" for p in found.in_tag]
    if found.digest is not None and (found.previous or found.next):
        digest = link(found.digest.label, relative_link(here, digest_path(found.digest)))
        steps = []
        if found.previous:
            steps.append(f"← Previous: {_title_link(found.previous, here)}")
        if found.next:
            steps.append(f"Next: {_title_link(found.next, here)} →")
        parts.append(f"\n## In digest {digest}\n\n" + " · ".join(steps) + "\n")
    return "".join(parts)


def _title_link(paper: Paper, here: str) -> str:
    """A link from the page ``here`` to ``paper``'s page, showing its title with math spans."""
    return f"[{render_with_math(paper.title)}]({relative_link(here, paper_path(paper))})"


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.split("\n"))


def tag_page(tag: Tag, papers: Iterable[Paper]) -> str:
    """Render a tag's index page: description, then ``papers`` in the given order
    (``Structure.papers_by_tag``: newest digest first), each with a one-line excerpt."""
    here = tag_path(tag)
    listed = list(papers)
    meta = {"title": escape_html(tag.name), "description": escape_html(tag.description), **LIST_PAGE}
    lines = [front_matter(meta), f"# {escape_markdown(tag.name)}\n\n", f"{escape_markdown(tag.description)}\n\n"]
    lines.append(f"{len(listed)} papers, must-reads first, then newest digest first.\n\n")
    lines += [f"- {_item(p, here)}\n" for p in must_reads_first(listed)]
    return "".join(lines)


def tags_overview(
    tags: Iterable[Tag], counts: Mapping[str, int], code: Mapping[str, Mapping[str, int]] | None = None
) -> str:
    """Render ``tags/index.md``: every tag with its description and paper count (``counts`` maps
    every tag name to its number of papers) and, when ``code`` is given (``code_counts``), how
    many of its papers have code released or promised."""
    meta = {"title": "Tags", **LIST_PAGE}
    lines = [front_matter(meta), "# Tags\n\n"]
    if code is None:
        lines.append("| Tag | Papers | What belongs here |\n| --- | ---: | --- |\n")
    else:
        lines.append(
            "| Tag | Papers | Code released | Code promised | What belongs here |\n| --- | ---: | ---: | ---: | --- |\n"
        )
    for t in tags:
        counted = "" if code is None else f" {code[t.name]['released']} | {code[t.name]['promised']} |"
        lines.append(
            f"| {link(t.name, relative_link(TAGS_INDEX, tag_path(t)))} | {counts[t.name]} |{counted} {escape_markdown(t.description)} |\n"
        )
    return "".join(lines)


def code_counts(papers_by_tag: Mapping[str, Iterable[Paper]]) -> dict[str, dict[str, int]]:
    """Return ``{tag name: {code status: number of papers}}`` for every tag of ``papers_by_tag``
    (``Structure.papers_by_tag``); every status of ``codestatus.CODE_STATUSES`` is counted."""
    counts: dict[str, dict[str, int]] = {}
    for name, papers in papers_by_tag.items():
        statuses = [code_status(p) for p in papers]
        counts[name] = {status: statuses.count(status) for status in ("released", "promised", "none")}
    return counts


def must_reads_page(papers: Iterable[Paper]) -> str:
    """Render ``must-reads.md``: the curators' must-reads in the given order (newest digest
    first), each with its excerpt and the curator's note marked."""
    listed = list(papers)
    meta = {"title": "Must-reads", **LIST_PAGE}
    lines = [front_matter(meta), "# Must-reads\n\n"]
    if not listed:
        lines.append("No paper is marked as a must-read yet.\n")
    else:
        lines.append(f"{len(listed)} papers the curators mark as must-reads, newest digest first.\n\n")
        lines += [f"- {_item(p, MUST_READS)}\n" for p in listed]
    return "".join(lines)


def my_list_page() -> str:
    """Render ``my-list.md``: the reader's starred papers, filled in by the browser script from
    the browser's own storage (nothing leaves the browser), with BibTeX and links exports."""
    meta = {"title": "My list", **LIST_PAGE}
    return (
        front_matter(meta)
        + "# My list\n\n"
        + "The papers you star, kept in this browser only: no account, nothing is sent anywhere. "
        + "Star a paper with ☆ on its page or in any list; mark it read with ✓.\n\n"
        + '<div class="rl-my-list"><p class="rl-empty">Your list needs JavaScript, '
        + "which this browser does not run for this site.</p></div>\n"
    )


def digest_page(digest: Digest, papers: Iterable[Paper]) -> str:
    """Render a digest's page: ``papers`` in the given order (``Structure.papers_by_digest``:
    digest order)."""
    here = digest_path(digest)
    listed = list(papers)
    meta = {"title": escape_html(f"Digest {digest.label}"), **LIST_PAGE}
    date = digest.date or "no date line"
    lines = [front_matter(meta), f"# Digest {escape_markdown(digest.label)}\n\n"]
    file_name = digest.source.rsplit("/", 1)[-1]
    lines.append(f"{len(listed)} papers · {escape_markdown(date)} · file {escape_markdown(file_name)}\n\n")
    lines += [f"1. {_item(p, here)}\n" for p in listed]
    return "".join(lines)


def digests_overview(digests: Iterable[Digest], counts: Mapping[str, int]) -> str:
    """Render ``digests/index.md``: ``digests`` in the given order (newest first), each with its
    paper count (``counts`` maps every digest name to its number of papers)."""
    meta = {"title": "Digests", **LIST_PAGE}
    lines = [front_matter(meta), "# Digests\n\n", "Newest first.\n\n"]
    lines += [
        f"- {link(d.label, relative_link(DIGESTS_INDEX, digest_path(d)))} — {counts[d.name]} papers\n" for d in digests
    ]
    return "".join(lines)


def papers_index(papers: Iterable[Paper]) -> str:
    """Render ``papers/index.md``: ``papers`` in the given order (``Structure.alphabetical``)
    under letter headings."""
    listed = list(papers)
    meta = {"title": "All papers", **LIST_PAGE}
    lines = [front_matter(meta), "# All papers\n\n", f"{len(listed)} papers, A to Z.\n"]
    heading = None
    for paper in listed:
        first = paper.title[:1].upper()
        letter = first if first.isascii() and first.isalpha() else "#"
        if letter != heading:
            heading = letter
            lines.append(f"\n## {escape_markdown(letter)}\n\n")
        lines.append(f"- {_item(paper, PAPERS_INDEX, with_excerpt=False)}\n")
    return "".join(lines)


def home_page(shape: Structure) -> str:
    """Render ``index.md``: counts, highlights, the latest digests and the tags."""
    site = shape.site
    lines = [front_matter({"title": "Home", **LIST_PAGE}), "# ML Papers Reading List\n\n"]
    lines.append(
        f"**{len(site.papers)}** papers from **{len(site.digests)}** digests of the Hugging Face Daily Papers, "
        f"in **{len(site.tags)}** tags. [All papers]({PAPERS_INDEX}) · [Tags]({TAGS_INDEX}) · [Digests]({DIGESTS_INDEX})\n\n"
    )
    if shape.highlighted:
        lines.append("## Must-read\n\n")
        lines += [f"- {_item(p, HOME_PAGE)}\n" for p in shape.highlighted]
        lines.append("\n")
    lines.append("## Latest digests\n\n")
    lines += [
        f"- {link(d.label, relative_link(HOME_PAGE, digest_path(d)))} — {shape.digest_counts[d.name]} papers\n"
        for d in shape.digests_newest_first[:LATEST_DIGESTS]
    ]
    lines.append("\n## Tags\n\n")
    lines += [
        f"- {link(t.name, relative_link(HOME_PAGE, tag_path(t)))} ({shape.tag_counts[t.name]})\n" for t in site.tags
    ]
    return "".join(lines)


def render_site(site: Site) -> dict[str, str]:
    """Render every generated page of ``site``: ``{path under docs_dir: Markdown}``.

    Paths are POSIX and relative: ``index.md``, ``papers/index.md``, ``papers/<slug>.md``,
    ``tags/index.md``, ``tags/<slug>.md``, ``digests/index.md``, ``digests/<slug>.md``,
    ``must-reads.md`` and ``my-list.md``.
    """
    shape = structure(site)
    pages = {HOME_PAGE: home_page(shape), PAPERS_INDEX: papers_index(shape.alphabetical)}
    suggestions = read_next(shape)
    pages.update({paper_path(p): paper_page(p, shape.digests_by_name, suggestions[p.slug]) for p in site.papers})
    pages[TAGS_INDEX] = tags_overview(site.tags, shape.tag_counts, code_counts(shape.papers_by_tag))
    pages.update({tag_path(t): tag_page(t, shape.papers_by_tag[t.name]) for t in site.tags})
    pages[DIGESTS_INDEX] = digests_overview(shape.digests_newest_first, shape.digest_counts)
    pages.update({digest_path(d): digest_page(d, shape.papers_by_digest[d.name]) for d in site.digests})
    pages[MUST_READS] = must_reads_page(newest_first(shape.highlighted, shape.digest_order))
    pages[MY_LIST] = my_list_page()
    return pages


def read_next(shape: Structure) -> dict[str, ReadNext]:
    """Return ``{slug: ReadNext}``: what each listed paper's page suggests next."""
    site = shape.site
    by_slug = {p.slug: p for p in site.papers}
    related = related_papers(site.papers)
    neighbours = digest_neighbours(shape.papers_by_digest, site.digests)
    found: dict[str, ReadNext] = {}
    for paper in site.papers:
        similar = tuple(by_slug[s] for s in related.get(paper.slug, ()))
        tag = shape.tags_by_name[paper.tags[0]] if paper.tags else None
        skip = {p.slug for p in similar}
        in_tag = more_in_tag(paper, shape.papers_by_tag[tag.name], skip) if tag else ()
        digest, previous, after = neighbours.get(paper.slug, (None, None, None))
        found[paper.slug] = ReadNext(similar, tag, in_tag, digest, previous, after)
    return found
