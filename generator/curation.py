"""Curation files (``content/curation/<slug>.yml``): validate them and apply them to papers.

Pure functions, no I/O. One small YAML file per curated paper, named by the paper's slug, so that
two pull requests about different papers never touch the same file. Every field is optional;
see ``FIELDS``. Curation wins over digest data, and never changes a paper's slug (URL).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import quote, urlsplit

from rapidfuzz import fuzz, process

from .codestatus import CODE_STATUSES
from .digest import MAX_TITLE_CHARS, decode
from .model import Link, Paper, Problem, SourceFile, Tag
from .notes import check_note
from .papers import IdentityEdits, split_slug
from .tags import match_tags
from .text import normalise
from .yamlfile import Mapping, Sequence, Text, check_keys, line_of, load_yaml, shown

FIELDS = {
    "title": "a corrected title (the URL stays the same)",
    "tags_add": "tag names from the taxonomy to add",
    "tags_remove": "tag names from the taxonomy to remove",
    "note": "the curator's words: short Markdown, no raw HTML or images, http(s) links only",
    "highlight": "true to mark the paper as a must-read",
    "hidden": "true to leave the paper out of the site (needs reason)",
    "reason": "why the paper is hidden",
    "arxiv": "an arXiv id such as 2401.10010",
    "code": "the code repository URL (replaces the one found in the abstract)",
    "project": "the project page URL (replaces the one found in the abstract)",
    "same_as": "the slug of the paper this one really is (its entries join that paper)",
    "split": "digest titles merged into this paper that are other papers (each gets its own page)",
    "code_status": "released, promised or none (replaces what the abstract says)",
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_NOTE_CHARS = 2_000
ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")
_BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class Curation:
    """The validated fields of one curation file for the paper ``slug`` (``None``: not set)."""

    slug: str
    title: str | None = None
    tags_add: tuple[str, ...] = ()
    tags_remove: tuple[str, ...] = ()
    note: str | None = None
    highlight: bool = False
    hidden: bool = False
    reason: str | None = None
    arxiv: str | None = None
    code: str | None = None
    project: str | None = None
    same_as: str | None = None
    split: tuple[str, ...] = ()
    source: str = ""
    same_as_line: int = 0
    split_line: int = 0
    code_status: str | None = None


def load_curation(
    files: list[SourceFile], papers: list[Paper] | None, tags: list[Tag] | None
) -> tuple[list[Curation], list[Problem]]:
    """Validate curation files (``SourceFile``s named ``<slug>.yml``) against the papers and tags.

    ``papers`` are the papers as the digests merge them, before any ``same_as`` or ``split``.
    Returns the valid curations and every problem found: invalid YAML, duplicate or unknown
    keys, a file named after no paper (with the closest slugs; a slug that a ``split:`` makes
    counts), unknown tags, ``hidden`` without ``reason``, malformed URLs and arXiv ids, a
    ``same_as`` or ``split`` that names no paper or title; each names the file and line.
    ``papers`` or ``tags`` is ``None`` when the digests or the taxonomy had errors: file names,
    identity edits or tag names are then not checked, rather than reported as unknown because
    of someone else's error.
    """
    loaded = [_load(file) for file in files]
    split_off = {split_slug(t) for _, data, _ in loaded for t in _split_titles(data)}
    slugs = sorted({p.slug for p in papers} | split_off) if papers is not None else None
    known = set(slugs or ())
    index = slug_index(slugs or [])
    tag_names = [t.name for t in tags] if tags is not None else None
    curations: list[Curation] = []
    problems: list[Problem] = []
    for file, data, load_problems in loaded:
        if slugs is not None and file.name not in known:
            close = close_slugs(file.name, index)
            hint = f"; did you mean {', '.join(c + '.yml' for c in close)}?" if close else ""
            problems.append(
                Problem(
                    file.source,
                    0,
                    f"expected a file named after a paper's slug, found {file.name!r}, which matches no paper{hint}",
                )
            )
            continue
        if load_problems:
            problems += load_problems
            continue
        curation, found = _curation(data, file, tag_names)
        if curation is not None:
            curations.append(curation)
        problems += found
    if papers is not None:
        problems += check_identity_edits(curations, papers)
    return curations, problems


def _load(file: SourceFile) -> tuple[SourceFile, object, list[Problem]]:
    text, found = decode(file.data, file.source)
    data, more = load_yaml(text, file.source) if text is not None else (None, [])
    return file, data, found + more


def _split_titles(data: object) -> list[str]:
    """The text items of a loaded file's ``split:`` list (before validation)."""
    split = data.get("split") if isinstance(data, Mapping) else None
    return [str(item) for item in split if isinstance(item, Text)] if isinstance(split, Sequence) else []


def check_identity_edits(curations: list[Curation], papers: list[Paper]) -> list[Problem]:
    """Check ``same_as`` and ``split`` against the papers the digests make: a ``same_as`` must
    name another paper that is not itself merged away; a ``split`` title must be a title of one
    of the paper's entries (as the digest writes it), and one entry at least must stay."""
    by_slug = {p.slug: p for p in papers}
    joined = {c.slug for c in curations if c.same_as}
    problems = []
    for c in curations:
        source = c.source
        if c.same_as and (c.same_as == c.slug or c.same_as not in by_slug or c.same_as in joined):
            why = (
                "itself"
                if c.same_as == c.slug
                else "a paper that is itself merged away (same_as)"
                if c.same_as in joined
                else "no paper"
            )
            problems.append(
                Problem(
                    source, c.same_as_line, f"expected same_as to name another paper's slug, found {c.same_as!r}, {why}"
                )
            )
        paper = by_slug.get(c.slug)
        titles = [e.title for e in paper.entries] if paper else []
        for title in c.split:
            if title not in titles:
                problems.append(
                    Problem(
                        source,
                        c.split_line,
                        f"expected split titles written as in a digest entry of this paper ({', '.join(repr(t) for t in dict.fromkeys(titles))}), found {title!r}",
                    )
                )
        if c.split and paper and all(t in c.split for t in titles):
            problems.append(
                Problem(
                    source,
                    c.split_line,
                    "expected split to leave one entry at least with the paper, found every title split off",
                )
            )
    return problems


def identity_edits(curations: list[Curation]) -> IdentityEdits:
    """The ``same_as`` joins and ``split`` titles of valid curations, for ``merge_papers``."""
    return IdentityEdits(
        joins={c.slug: c.same_as for c in curations if c.same_as},
        splits={c.slug: c.split for c in curations if c.split},
    )


# "Did you mean": at most this many slugs are compared with one misnamed file, so that the
# hints cost about files x MAX_CANDIDATES, not files x papers (2,000 misnamed files against
# 10,000 papers took minutes with difflib).
MAX_CANDIDATES = 200


def slug_index(slugs: list[str]) -> dict[str, list[str]]:
    """Index ``slugs`` by each of their ``-``-separated words: ``{word: [slug, ...]}``."""
    index: dict[str, list[str]] = {}
    for slug in slugs:
        for word in dict.fromkeys(slug.split("-")):
            index.setdefault(word, []).append(slug)
    return index


def close_slugs(name: str, index: dict[str, list[str]], limit: int = 3) -> list[str]:
    """Return up to ``limit`` slugs like ``name`` (best first), from an index by ``slug_index``.

    Candidates are the slugs sharing a word with ``name``, rarest words first, at most
    ``MAX_CANDIDATES`` of them; they are ranked by rapidfuzz's normalised edit similarity
    (``fuzz.ratio``, at least 60 of 100, as difflib's 0.6).
    """
    words = sorted(dict.fromkeys(name.split("-")), key=lambda word: len(index.get(word, ())))
    candidates: dict[str, None] = {}
    for word in words:
        for slug in index.get(word, ())[: MAX_CANDIDATES - len(candidates)]:
            candidates[slug] = None
        if len(candidates) >= MAX_CANDIDATES:
            break
    found = process.extract(name, list(candidates), scorer=fuzz.ratio, limit=limit, score_cutoff=60)
    return [slug for slug, _score, _index in found]


def _curation(data: object, file: SourceFile, tag_names: list[str] | None) -> tuple[Curation | None, list[Problem]]:
    source = file.source
    if data is None:
        return None, [Problem(source, 0, "expected curation fields (title, tags_add, note, ...), found an empty file")]
    if not isinstance(data, Mapping):
        return None, [
            Problem(source, getattr(data, "line", 1), "expected a mapping of curation fields, found something else")
        ]
    problems = check_keys(data, FIELDS, source, "a curation file")
    curation = Curation(
        slug=file.name,
        title=_title(data.get("title"), source, problems),
        tags_add=_tags(data.get("tags_add"), "tags_add", tag_names, source, problems),
        tags_remove=_tags(data.get("tags_remove"), "tags_remove", tag_names, source, problems),
        note=_note(data.get("note"), source, problems),
        highlight=_boolean(data.get("highlight"), "highlight", source, problems),
        hidden=_boolean(data.get("hidden"), "hidden", source, problems),
        reason=_text(data.get("reason"), "reason", source, problems),
        arxiv=_arxiv(data.get("arxiv"), source, problems),
        code=_url(data.get("code"), "code", source, problems),
        project=_url(data.get("project"), "project", source, problems),
        same_as=_same_as(data, source, problems),
        split=_split(data.get("split"), source, problems),
        source=source,
        same_as_line=line_of(data.get("same_as")),
        split_line=line_of(data.get("split")),
        code_status=_code_status(data.get("code_status"), source, problems),
    )
    if curation.hidden and not curation.reason:
        problems.append(
            Problem(source, line_of(data["hidden"]), "expected a 'reason:' saying why the paper is hidden, found none")
        )
    if curation.reason and not curation.hidden:
        problems.append(
            Problem(
                source,
                line_of(data["reason"]),
                "expected 'hidden: true' with a 'reason:', found a reason for a paper that is not hidden",
            )
        )
    if problems:
        return None, problems
    return curation, []


def _text(value: object, field: str, source: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, Text) or not value.strip():
        problems.append(
            Problem(source, getattr(value, "line", 0), f"expected {field} to be non-empty text, found {shown(value)}")
        )
        return None
    return str(value)


def _title(value: object, source: str, problems: list[Problem]) -> str | None:
    text = _text(value, "title", source, problems)
    if text is None:
        return None
    title, _ = normalise(text)
    if len(title) > MAX_TITLE_CHARS:
        problems.append(
            Problem(
                source, line_of(value), f"expected a title of at most {MAX_TITLE_CHARS} characters, found {len(title)}"
            )
        )
    return title


def _tags(value: object, field: str, names: list[str] | None, source: str, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, Sequence):
        problems.append(
            Problem(
                source,
                getattr(value, "line", 0),
                f"expected {field} to be a list of tag names (- Name), found {shown(value)}",
            )
        )
        return ()
    found = []
    for item in value:
        if not isinstance(item, Text):
            problems.append(
                Problem(
                    source, line_of(item, value.line), f"expected a tag name (text) in {field}, found {shown(item)}"
                )
            )
        elif names is None or item in names:  # names is None: the taxonomy has errors, names go unchecked
            found.append(str(item))
        else:
            close = process.extractOne(str(item), names, scorer=fuzz.ratio, score_cutoff=50)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                Problem(
                    source,
                    item.line,
                    f"expected a tag name from content/taxonomy.yml in {field}, found {item!r}{hint}",
                )
            )
    return tuple(found)


def _note(value: object, source: str, problems: list[Problem]) -> str | None:
    text = _text(value, "note", source, problems)
    if text is None:
        return None
    if len(text) > MAX_NOTE_CHARS:
        problems.append(
            Problem(
                source, line_of(value), f"expected a note of at most {MAX_NOTE_CHARS:,} characters, found {len(text):,}"
            )
        )
    elif found := check_note(text):
        problems.append(
            Problem(
                source, line_of(value), f"expected a note in plain Markdown (see CONTRIBUTING.md), {'; '.join(found)}"
            )
        )
    return text


def _same_as(data: Mapping, source: str, problems: list[Problem]) -> str | None:
    value = data.get("same_as")
    if value is None:
        return None
    if not isinstance(value, Text) or not _SLUG.fullmatch(value):
        problems.append(
            Problem(
                source,
                line_of(value, data.line),
                f"expected same_as to be a paper's slug such as llama-2-open-foundation-models, found {value!r}",
            )
        )
        return None
    others = [str(key) for key in data if key != "same_as"]
    if others:
        problems.append(
            Problem(
                source,
                line_of(value),
                f"expected nothing but same_as in the file of a paper merged into another, found {', '.join(others)}; curate {value}.yml instead",
            )
        )
    return str(value)


def _split(value: object, source: str, problems: list[Problem]) -> tuple[str, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, Sequence) else None
    if items is None or not items or not all(isinstance(i, Text) and i.strip() for i in items):
        problems.append(
            Problem(
                source,
                line_of(value),
                f"expected split to be a list of titles (- Title as in the digest), found {value!r}",
            )
        )
        return ()
    titles = tuple(normalise(str(item))[0] for item in items)
    if len(set(titles)) < len(titles):
        problems.append(Problem(source, line_of(value), f"expected each split title once, found {list(titles)!r}"))
    return titles


def _boolean(value: object, field: str, source: str, problems: list[Problem]) -> bool:
    if value is None:
        return False
    if isinstance(value, Text) and value in _BOOLEANS:
        return _BOOLEANS[value]
    problems.append(
        Problem(source, getattr(value, "line", 0), f"expected {field}: true or {field}: false, found {value!r}")
    )
    return False


def _checked(
    value: object, accept: Callable[[str], object], expected: str, source: str, problems: list[Problem]
) -> str | None:
    """``value`` as a string when it is text that ``accept`` takes; else ``None``, reporting that
    ``expected`` was expected (``None`` without a report when the field is not set)."""
    if value is None:
        return None
    if isinstance(value, Text) and accept(value):
        return str(value)
    problems.append(Problem(source, line_of(value), f"expected {expected}, found {value!r}"))
    return None


def _arxiv(value: object, source: str, problems: list[Problem]) -> str | None:
    expected = "an arXiv id such as 2401.10010 or hep-th/9901001"
    return _checked(value, ARXIV_ID.fullmatch, expected, source, problems)


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s<>\"']", text)


def _url(value: object, field: str, source: str, problems: list[Problem]) -> str | None:
    expected = f"{field} to be an http(s) URL such as https://github.com/owner/repo"
    return _checked(value, _is_url, expected, source, problems)


def _code_status(value: object, source: str, problems: list[Problem]) -> str | None:
    expected = f"code_status to be one of {', '.join(CODE_STATUSES)}"
    return _checked(value, CODE_STATUSES.__contains__, expected, source, problems)


def apply_curation(
    papers: list[Paper], curations: list[Curation], tags: list[Tag]
) -> tuple[list[Paper], dict[str, str]]:
    """Apply curations to papers: returns the listed papers (same order) and ``{slug: reason}``
    of hidden ones. Curation wins over digest data; slugs never change. A corrected title is
    matched against the taxonomy again before ``tags_add`` and ``tags_remove`` apply."""
    by_slug = {c.slug: c for c in curations}
    listed: list[Paper] = []
    hidden: dict[str, str] = {}
    for paper in papers:
        curation = by_slug.get(paper.slug)
        if curation is None:
            listed.append(paper)
        elif curation.hidden:
            hidden[paper.slug] = curation.reason or ""
        else:
            listed.append(_curated(paper, curation, tags))
    return listed, hidden


def _curated(paper: Paper, c: Curation, tags: list[Tag]) -> Paper:
    title = c.title or paper.title
    matched = match_tags(title, paper.abstract, tags) if c.title else paper.tags
    # The curator's additions first (a curator's word is the strongest), then the rules' matches.
    names = [
        *dict.fromkeys(c.tags_add),
        *(name for name in matched if name not in c.tags_add and name not in c.tags_remove),
    ]
    links = list(paper.links)
    for kind, url in (("Code", c.code), ("Project page", c.project)):
        if url:  # the curator's link takes the place of the abstract's links of that kind
            place = next((i for i, link in enumerate(links) if link.kind == kind), len(links))
            links = (
                [link for link in links[:place] if link.kind != kind]
                + [Link(kind, url)]
                + [link for link in links[place:] if link.kind != kind]
            )
    return replace(
        paper,
        title=title,
        tags=tuple(names),
        links=tuple(links),
        note=c.note,
        highlight=c.highlight,
        arxiv=c.arxiv,
        curated=True,
        code_status=c.code_status,
    )


def curation_url(repo_url: str, branch: str, folder: str) -> str:
    """Return the address of the curation folder ``folder`` on GitHub with ``{}`` where the
    action goes: ``https://github.com/o/r/{}/main/content/curation``. The paper page's script
    (``overrides/assets/reading-list/reading-list.js``) makes the edit action from it, as
    ``curation_edit_url`` does."""
    return f"{repo_url.rstrip('/')}/{{}}/{branch}/{quote(folder)}"


def curation_edit_url(repo_url: str, branch: str, folder: str, paper: Paper) -> str:
    """Return the GitHub URL that edits ``paper``'s curation file ``<folder>/<slug>.yml``.

    For a paper with a curation file: GitHub's editor for it. Otherwise GitHub's new-file form
    with the file name filled in (percent-encoded); the paper page's script adds a commented
    template naming the paper and the fields. The paper page's script builds this address in the
    browser from ``curation_url`` (a browser test compares the two).
    """
    folder_url = curation_url(repo_url, branch, folder)
    name = f"{paper.slug}.yml"
    if paper.curated:
        return f"{folder_url.replace('{}', 'edit', 1)}/{quote(name, safe='')}"
    return f"{folder_url.replace('{}', 'new', 1)}?filename={quote(name, safe='')}"
