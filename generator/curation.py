"""Curation files (``content/curation/<slug>.yml``): validate them and apply them to papers.

Pure functions, no I/O. One small YAML file per curated paper, named by the paper's slug, so that
two pull requests about different papers never touch the same file. Every field is optional;
see ``FIELDS``. Curation wins over digest data, and never changes a paper's slug (URL).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from urllib.parse import quote, urlsplit

from .codestatus import CODE_STATUSES
from .digest import MAX_TITLE_CHARS, decode
from .model import Link, Paper, Problem, SourceFile, Tag
from .tags import match_tags
from .text import normalise
from .yamlfile import Mapping, Sequence, Text, check_keys, line_of, load_yaml

FIELDS = {
    "title": "a corrected title (the URL stays the same)",
    "tags_add": "tag names from the taxonomy to add",
    "tags_remove": "tag names from the taxonomy to remove",
    "note": "the curator's words: short Markdown, no raw HTML",
    "highlight": "true to mark the paper as a must-read",
    "hidden": "true to leave the paper out of the site (needs reason)",
    "reason": "why the paper is hidden",
    "arxiv": "an arXiv id such as 2401.10010",
    "code": "the code repository URL (replaces the one found in the abstract)",
    "project": "the project page URL (replaces the one found in the abstract)",
    "code_status": "released, promised or none (replaces what the abstract says)",
}
MAX_NOTE_CHARS = 2_000
ARXIV_ID = re.compile(r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(\.[A-Z]{2})?/\d{7})(v\d+)?")
_RAW_HTML = re.compile(r"<\s*[A-Za-z!/?]")
# Link targets in a note: inline links ``[text](target)`` and reference definitions ``[id]: target``.
_NOTE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
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
    code_status: str | None = None


def load_curation(
    files: list[SourceFile], papers: list[Paper] | None, tags: list[Tag] | None
) -> tuple[list[Curation], list[Problem]]:
    """Validate curation files (``SourceFile``s named ``<slug>.yml``) against the papers and tags.

    Returns the valid curations and every problem found: invalid YAML, duplicate or unknown
    keys, a file named after no paper (with the closest slugs), unknown tags, ``hidden`` without
    ``reason``, malformed URLs and arXiv ids; each names the file and line. ``papers`` or ``tags``
    is ``None`` when the digests or the taxonomy had errors: file names or tag names are then not
    checked, rather than reported as unknown because of someone else's error.
    """
    slugs = sorted(p.slug for p in papers) if papers is not None else None
    known = set(slugs or ())
    tag_names = [t.name for t in tags] if tags is not None else None
    curations: list[Curation] = []
    problems: list[Problem] = []
    for file in files:
        found: list[Problem] = []
        if slugs is not None and file.name not in known:
            close = difflib.get_close_matches(file.name, slugs, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(c + '.yml' for c in close)}?" if close else ""
            problems.append(
                Problem(
                    file.source,
                    0,
                    f"expected a file named after a paper's slug, found {file.name!r}, which matches no paper{hint}",
                )
            )
            continue
        text, found = decode(file.data, file.source)
        data, more = load_yaml(text, file.source) if text is not None else (None, [])
        found += more
        if not found:
            curation, found = _curation(data, file, tag_names)
            if curation is not None:
                curations.append(curation)
        problems += found
    return curations, problems


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
            Problem(source, getattr(value, "line", 0), f"expected {field} to be non-empty text, found {value!r}")
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
                f"expected {field} to be a list of tag names (- Name), found {value!r}",
            )
        )
        return ()
    found = []
    for item in value:
        if not isinstance(item, Text):
            problems.append(
                Problem(source, line_of(item, value.line), f"expected a tag name (text) in {field}, found {item!r}")
            )
        elif names is None or item in names:  # names is None: the taxonomy has errors, names go unchecked
            found.append(str(item))
        else:
            close = difflib.get_close_matches(str(item), names, n=1, cutoff=0.5)
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
    if _RAW_HTML.search(text):
        problems.append(
            Problem(
                source,
                line_of(value),
                "expected Markdown without raw HTML in note, found an HTML tag (write *emphasis*, [links](https://...), - lists)",
            )
        )
    for target in (inline or reference for inline, reference in _NOTE_LINK.findall(text)):
        if not _is_url(target):
            problems.append(
                Problem(source, line_of(value), f"expected note links to be http(s) URLs, found {target!r}")
            )
    return text


def _boolean(value: object, field: str, source: str, problems: list[Problem]) -> bool:
    if value is None:
        return False
    if isinstance(value, Text) and value in _BOOLEANS:
        return _BOOLEANS[value]
    problems.append(
        Problem(source, getattr(value, "line", 0), f"expected {field}: true or {field}: false, found {value!r}")
    )
    return False


def _arxiv(value: object, source: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if isinstance(value, Text) and ARXIV_ID.fullmatch(value):
        return str(value)
    problems.append(
        Problem(
            source,
            getattr(value, "line", 0),
            f"expected an arXiv id such as 2401.10010 or hep-th/9901001, found {value!r}",
        )
    )
    return None


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s<>\"']", text)


def _url(value: object, field: str, source: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if isinstance(value, Text) and _is_url(value):
        return str(value)
    problems.append(
        Problem(
            source,
            getattr(value, "line", 0),
            f"expected {field} to be an http(s) URL such as https://github.com/owner/repo, found {value!r}",
        )
    )
    return None


def _code_status(value: object, source: str, problems: list[Problem]) -> str | None:
    if value is None:
        return None
    if isinstance(value, Text) and value in CODE_STATUSES:
        return str(value)
    problems.append(
        Problem(
            source,
            getattr(value, "line", 0),
            f"expected code_status to be one of {', '.join(CODE_STATUSES)}, found {value!r}",
        )
    )
    return None


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


def curation_edit_url(repo_url: str, branch: str, folder: str, paper: Paper) -> str:
    """Return the GitHub URL that edits ``paper``'s curation file ``<folder>/<slug>.yml``.

    For a paper with a curation file: GitHub's editor for it. Otherwise GitHub's new-file form
    with the file name filled in and a commented template (every parameter percent-encoded, so
    no title can break out of the link).
    """
    repo = repo_url.rstrip("/")
    name = f"{paper.slug}.yml"
    if paper.curated:
        return f"{repo}/edit/{branch}/{folder}/{name}"
    template = (
        f"# Curation of: {paper.title}\n"
        "# Every field is optional; see CONTRIBUTING.md. Uncomment what you need:\n"
        "# tags_add: [Model merging]\n# tags_remove: [Agents]\n# highlight: true\n"
        "# note: Why this paper matters, in short Markdown.\n# arxiv: 2401.10010\n"
        "# code_status: released  # or promised, or none: the code badge, instead of what the abstract says\n"
    )
    return f"{repo}/new/{branch}/{quote(folder)}?filename={quote(name, safe='')}&value={quote(template, safe='')}"
