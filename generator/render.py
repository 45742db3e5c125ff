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
from .text import escape_html, escape_markdown, excerpt, find_urls

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


def paper_path(paper: Paper) -> str:
    """Where a paper's page lives under docs_dir: ``papers/<slug>.md``."""
    return f"papers/{paper.slug}.md"


def tag_path(tag: Tag) -> str:
    """Where a tag's index page lives under docs_dir: ``tags/<slug>.md``."""
    return f"tags/{tag.slug}.md"


def digest_path(digest: Digest) -> str:
    """Where a digest's page lives under docs_dir: ``digests/<slug>.md``."""
    return f"digests/{digest.slug}.md"


def _item(paper: Paper, prefix: str, with_excerpt: bool = True) -> str:
    """A list item for ``paper``, linked from a page whose path to docs_dir's root is ``prefix``."""
    star = "★ " if paper.highlight else ""
    line = f"{star}{link(paper.title, prefix + paper_path(paper))}"
    if with_excerpt:
        line += f" — {escape_markdown(excerpt(paper.abstract))}"
    return line


def paper_page(paper: Paper, digests: dict[str, Digest]) -> str:
    """Render one paper's page: title, abstract, links, curator note, digests, look-up links.

    Its front matter also carries ``paper`` (see ``paper_facets``), which marks the page as a
    paper page for the theme's search index."""
    meta: dict[str, object] = {"title": escape_html(paper.title), "description": escape_html(excerpt(paper.abstract))}
    if paper.tags:
        meta["tags"] = list(paper.tags)
    meta["paper"] = paper_facets(paper, [digests[name] for name in paper.digests])
    parts = [front_matter(meta), f"# {escape_markdown(paper.title)}\n\n"]
    if paper.highlight:
        parts.append('!!! tip "Must-read"\n\n    Curators mark this paper as a must-read.\n\n')
    parts.append(linkify(paper.abstract) + "\n\n")
    if paper.note:
        parts.append('!!! note "Curator\'s note"\n\n' + _indent(paper.note) + "\n\n")
    if paper.links:
        links = " · ".join(f"**{item.kind}:** {link(item.url, href(item.url))}" for item in paper.links)
        parts.append(f"{links}\n\n")
    listed = ", ".join(link(digests[name].label, f"../{digest_path(digests[name])}") for name in paper.digests)
    parts.append(f"**Appeared in:** {listed}\n\n")
    if paper.arxiv:
        parts.append(_arxiv(paper, paper.arxiv))
    query = quote_plus(paper.title)
    lookups = " · ".join(f"[{name}]({href(url.format(q=query))})" for name, url in LOOKUPS)
    parts.append(f"**Look it up:** {lookups}\n")
    return "".join(parts)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
_MONTH_NAME = re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\b\.?", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


def date_facets(date: str | None) -> tuple[str | None, str | None]:
    """Return the year (``"2026"``) and month (``"Nov"``) a digest date string names, each
    ``None`` when the date does not say: ``"2026-11-20"`` -> ``("2026", "Nov")``, ``"Aug 27"``
    -> ``(None, "Aug")``, ``None`` -> ``(None, None)``. Never guesses a missing year."""
    if not date:
        return None, None
    iso = _ISO_DATE.fullmatch(date.strip())
    if iso:
        month = int(iso.group(2))
        return (iso.group(1), _MONTHS[month - 1]) if 1 <= month <= 12 else (None, None)
    name, year = _MONTH_NAME.search(date), _YEAR.search(date)
    return (year.group(1) if year else None), (name.group(1).title() if name else None)


def paper_facets(paper: Paper, digests: list[Digest]) -> dict[str, object]:
    """Return what search results show and filter a paper by: ``date`` (the first of its
    ``digests`` that has one, as written there), ``years`` and ``months`` of all its digests'
    dates (``date_facets``), ``tags``, ``must_read`` and ``code`` (it has a code link). Strings
    are escaped for HTML; empty lists and false flags are left out."""
    dates = [d.date for d in digests if d.date]
    facets = [date_facets(d) for d in dates]
    found: dict[str, object] = {
        "date": escape_html(dates[0]) if dates else None,
        "years": sorted({year for year, _ in facets if year}),
        "months": sorted({month for _, month in facets if month}, key=_MONTHS.index),
        "tags": [escape_html(tag) for tag in paper.tags],
        "must_read": paper.highlight,
        "code": any(link.kind == "Code" for link in paper.links),
    }
    return {key: value for key, value in found.items() if value}


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


def _newest_first(papers: Iterable[Paper], order: dict[str, int]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-max(order[d] for d in p.digests), p.title.casefold(), p.slug))


def tag_page(tag: Tag, papers: list[Paper], order: dict[str, int]) -> str:
    """Render a tag's index page: description, then its papers, newest digest first, each with
    a one-line excerpt. ``order`` maps digest name to its position (oldest 0)."""
    meta = {"title": escape_html(tag.name), "description": escape_html(tag.description), **LIST_PAGE}
    lines = [front_matter(meta), f"# {escape_markdown(tag.name)}\n\n", f"{escape_markdown(tag.description)}\n\n"]
    lines.append(f"{len(papers)} papers, newest digest first.\n\n")
    lines += [f"- {_item(p, '../')}\n" for p in _newest_first(papers, order)]
    return "".join(lines)


def tags_overview(tags: list[Tag], counts: dict[str, int]) -> str:
    """Render ``tags/index.md``: every tag with its description and paper count."""
    meta = {"title": "Tags", **LIST_PAGE}
    lines = [front_matter(meta), "# Tags\n\n", "| Tag | Papers | What belongs here |\n| --- | ---: | --- |\n"]
    lines += [
        f"| {link(t.name, t.slug + '.md')} | {counts[t.name]} | {escape_markdown(t.description)} |\n" for t in tags
    ]
    return "".join(lines)


def digest_page(digest: Digest, papers: list[Paper]) -> str:
    """Render a digest's page: its papers in digest order (``papers`` already in that order)."""
    meta = {"title": escape_html(f"Digest {digest.label}"), **LIST_PAGE}
    date = digest.date or "no date line"
    lines = [front_matter(meta), f"# Digest {escape_markdown(digest.label)}\n\n"]
    file_name = digest.source.rsplit("/", 1)[-1]
    lines.append(f"{len(papers)} papers · {escape_markdown(date)} · file {escape_markdown(file_name)}\n\n")
    lines += [f"1. {_item(p, '../')}\n" for p in papers]
    return "".join(lines)


def digests_overview(digests: list[Digest], counts: dict[str, int]) -> str:
    """Render ``digests/index.md``: every digest, newest first, with its paper count."""
    meta = {"title": "Digests", **LIST_PAGE}
    lines = [front_matter(meta), "# Digests\n\n", "Newest first.\n\n"]
    lines += [f"- {link(d.label, d.slug + '.md')} — {counts[d.name]} papers\n" for d in reversed(digests)]
    return "".join(lines)


def papers_index(papers: list[Paper]) -> str:
    """Render ``papers/index.md``: every listed paper, alphabetically, under letter headings."""
    meta = {"title": "All papers", **LIST_PAGE}
    lines = [front_matter(meta), "# All papers\n\n", f"{len(papers)} papers, A to Z.\n"]
    heading = None
    for paper in sorted(papers, key=lambda p: (p.title.casefold(), p.slug)):
        first = paper.title[:1].upper()
        letter = first if first.isascii() and first.isalpha() else "#"
        if letter != heading:
            heading = letter
            lines.append(f"\n## {escape_markdown(letter)}\n\n")
        lines.append(f"- {_item(paper, '../', with_excerpt=False)}\n")
    return "".join(lines)


def home_page(site: Site) -> str:
    """Render ``index.md``: counts, highlights, the latest digests and the tags."""
    counts = tag_counts(site)
    lines = [front_matter({"title": "Home", **LIST_PAGE}), "# ML Papers Reading List\n\n"]
    lines.append(
        f"**{len(site.papers)}** papers from **{len(site.digests)}** digests of the Hugging Face Daily Papers, "
        f"in **{len(site.tags)}** tags. [All papers](papers/index.md) · [Tags](tags/index.md) · [Digests](digests/index.md)\n\n"
    )
    highlighted = [p for p in site.papers if p.highlight]
    if highlighted:
        lines.append("## Must-read\n\n")
        lines += [f"- {_item(p, '')}\n" for p in highlighted]
        lines.append("\n")
    lines.append("## Latest digests\n\n")
    per_digest = digest_counts(site)
    lines += [
        f"- {link(d.label, digest_path(d))} — {per_digest[d.name]} papers\n"
        for d in reversed(site.digests[-LATEST_DIGESTS:])
    ]
    lines.append("\n## Tags\n\n")
    lines += [f"- {link(t.name, tag_path(t))} ({counts[t.name]})\n" for t in site.tags]
    return "".join(lines)


def tag_counts(site: Site) -> dict[str, int]:
    """Return the number of listed papers per tag name (every taxonomy tag, zero included)."""
    return _count((t.name for t in site.tags), (p.tags for p in site.papers))


def digest_counts(site: Site) -> dict[str, int]:
    """Return the number of listed papers per digest name."""
    return _count((d.name for d in site.digests), (p.digests for p in site.papers))


def _count(keys: Iterable[str], groups: Iterable[tuple[str, ...]]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for group in groups:
        for key in group:
            counts[key] += 1
    return counts


def render_site(site: Site) -> dict[str, str]:
    """Render every generated page of ``site``: ``{path under docs_dir: Markdown}``.

    Paths are POSIX and relative: ``index.md``, ``papers/index.md``, ``papers/<slug>.md``,
    ``tags/index.md``, ``tags/<slug>.md``, ``digests/index.md``, ``digests/<slug>.md``.
    """
    digests = {d.name: d for d in site.digests}
    order = {d.name: i for i, d in enumerate(site.digests)}
    pages = {"index.md": home_page(site), "papers/index.md": papers_index(list(site.papers))}
    pages.update({paper_path(p): paper_page(p, digests) for p in site.papers})
    by_tag: dict[str, list[Paper]] = {t.name: [] for t in site.tags}
    by_digest: dict[str, dict[str, tuple[int, Paper]]] = {d.name: {} for d in site.digests}
    digest_of = {d.source: d.name for d in site.digests}
    for paper in site.papers:
        for name in paper.tags:
            by_tag[name].append(paper)
        for entry in paper.entries:
            by_digest[digest_of[entry.source]].setdefault(paper.slug, (entry.line, paper))
    pages["tags/index.md"] = tags_overview(list(site.tags), tag_counts(site))
    pages.update({tag_path(t): tag_page(t, by_tag[t.name], order) for t in site.tags})
    pages["digests/index.md"] = digests_overview(list(site.digests), digest_counts(site))
    for digest in site.digests:
        listed = [paper for _, paper in sorted(by_digest[digest.name].values(), key=lambda item: item[0])]
        pages[digest_path(digest)] = digest_page(digest, listed)
    return pages
