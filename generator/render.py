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
from urllib.parse import quote, quote_plus

import yaml

from .model import Digest, Paper, Site, Tag
from .structure import (
    DIGESTS_INDEX,
    HOME_PAGE,
    PAPERS_INDEX,
    TAGS_INDEX,
    Structure,
    digest_path,
    paper_path,
    relative_link,
    root_prefix,
    structure,
    tag_path,
)
from .text import escape_html, escape_markdown, excerpt, find_urls

# Page paths are defined in ``structure``; importing them from here keeps working.
__all__ = ["digest_path", "paper_path", "render_site", "tag_path"]

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
_REFERENCE_AMP = re.compile(r"&(?=[#0-9A-Za-z])")


def href(url: str) -> str:
    """Return an http(s) ``url`` percent-encoded so that it is one safe Markdown link target.

    An ``&`` that could read as a character reference (before ``#``, a letter or a digit:
    ``&#106;``, ``&amp;``, and also ``&#0`` or ``&copy`` without ``;``, which browsers decode in
    attributes too) is written ``&amp;``: Markdown keeps references in link targets, so the link
    would otherwise lead somewhere other than the URL shown.
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
    docs_dir's root."""
    star = "★ " if paper.highlight else ""
    line = f"{star}{link(paper.title, root_prefix(page) + paper_path(paper))}"
    if with_excerpt:
        line += f" — {escape_markdown(excerpt(paper.abstract))}"
    return line


def paper_page(paper: Paper, digests: Mapping[str, Digest]) -> str:
    """Render one paper's page: title, abstract, links, curator note, digests, look-up links.

    ``digests`` maps digest name to digest (``Structure.digests_by_name``) and holds every name in
    ``paper.digests``."""
    meta: dict[str, object] = {"title": escape_html(paper.title), "description": escape_html(excerpt(paper.abstract))}
    if paper.tags:
        meta["tags"] = list(paper.tags)
    parts = [front_matter(meta), f"# {escape_markdown(paper.title)}\n\n"]
    if paper.highlight:
        parts.append('!!! tip "Must-read"\n\n    Curators mark this paper as a must-read.\n\n')
    parts.append(linkify(paper.abstract) + "\n\n")
    if paper.note:
        parts.append('!!! note "Curator\'s note"\n\n' + _indent(paper.note) + "\n\n")
    if paper.links:
        links = " · ".join(f"**{item.kind}:** {link(item.url, href(item.url))}" for item in paper.links)
        parts.append(f"{links}\n\n")
    here = paper_path(paper)
    listed = ", ".join(
        link(digests[name].label, relative_link(here, digest_path(digests[name]))) for name in paper.digests
    )
    parts.append(f"**Appeared in:** {listed}\n\n")
    if paper.arxiv:
        parts.append(_arxiv(paper, paper.arxiv))
    query = quote_plus(paper.title)
    lookups = " · ".join(f"[{name}]({href(url.format(q=query))})" for name, url in LOOKUPS)
    parts.append(f"**Look it up:** {lookups}\n")
    return "".join(parts)


def _arxiv(paper: Paper, ident: str) -> str:
    key = "arxiv" + ident.replace(".", "_").replace("/", "_")
    bibtex = (
        f"@misc{{{key},\n  title = {{{paper.title}}},\n  eprint = {{{ident}}},\n"
        f"  archivePrefix = {{arXiv}},\n  url = {{https://arxiv.org/abs/{ident}}}\n}}"
    )
    return (
        f"**arXiv:** [abstract](https://arxiv.org/abs/{ident}) · [PDF](https://arxiv.org/pdf/{ident})\n\n"
        f'??? quote "BibTeX"\n\n' + _indent("```bibtex\n" + bibtex + "\n```") + "\n\n"
    )


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.split("\n"))


def tag_page(tag: Tag, papers: Iterable[Paper]) -> str:
    """Render a tag's index page: description, then ``papers`` in the given order
    (``Structure.papers_by_tag``: newest digest first), each with a one-line excerpt."""
    here = tag_path(tag)
    listed = list(papers)
    meta = {"title": escape_html(tag.name), "description": escape_html(tag.description), **LIST_PAGE}
    lines = [front_matter(meta), f"# {escape_markdown(tag.name)}\n\n", f"{escape_markdown(tag.description)}\n\n"]
    lines.append(f"{len(listed)} papers, newest digest first.\n\n")
    lines += [f"- {_item(p, here)}\n" for p in listed]
    return "".join(lines)


def tags_overview(tags: Iterable[Tag], counts: Mapping[str, int]) -> str:
    """Render ``tags/index.md``: every tag with its description and paper count (``counts`` maps
    every tag name to its number of papers)."""
    meta = {"title": "Tags", **LIST_PAGE}
    lines = [front_matter(meta), "# Tags\n\n", "| Tag | Papers | What belongs here |\n| --- | ---: | --- |\n"]
    lines += [
        f"| {link(t.name, relative_link(TAGS_INDEX, tag_path(t)))} | {counts[t.name]} | {escape_markdown(t.description)} |\n"
        for t in tags
    ]
    return "".join(lines)


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
    ``tags/index.md``, ``tags/<slug>.md``, ``digests/index.md``, ``digests/<slug>.md``.
    """
    shape = structure(site)
    pages = {HOME_PAGE: home_page(shape), PAPERS_INDEX: papers_index(shape.alphabetical)}
    pages.update({paper_path(p): paper_page(p, shape.digests_by_name) for p in site.papers})
    pages[TAGS_INDEX] = tags_overview(site.tags, shape.tag_counts)
    pages.update({tag_path(t): tag_page(t, shape.papers_by_tag[t.name]) for t in site.tags})
    pages[DIGESTS_INDEX] = digests_overview(shape.digests_newest_first, shape.digest_counts)
    pages.update({digest_path(d): digest_page(d, shape.papers_by_digest[d.name]) for d in site.digests})
    return pages
