"""Assemble a ``Site`` from the text of every content file: parse, merge, tag, curate.

Pure: the caller (``build.py``) reads the files and passes their contents in. Everything is
gathered and checked before anything is rendered; every problem of every file is collected,
and errors raise ``ContentError`` together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from .curation import apply_curation, identity_edits, load_curation
from .dates import date_digests
from .digest import decode, parse_digest
from .memo import Memo
from .model import ContentError, Digest, History, Problem, Severity, Site, SourceFile
from .papers import merge_papers
from .parallel import map_slices
from .tags import SlowPattern, load_taxonomy, tag_papers

__all__ = ["SourceFile", "assemble", "parse_digests"]


def parse_digests(
    files: list[SourceFile], history: History | None = None, memo: Memo | None = None
) -> tuple[list[Digest], list[Problem]]:
    """Decode and parse digest files into digests, dated from their names, date lines and
    ``history`` (see ``dates``) and ordered oldest first by date, file name breaking ties.
    ``memo`` (a serve session's) remembers each file's parse by its name and bytes.

    Two digests whose names give the same page slug are an error.
    """
    digests: list[Digest] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for file in files:
        key = (file.source, file.name, file.data)
        digest, found = memo.digests.get(key, partial(parse_file, file)) if memo else parse_file(file)
        problems += found
        if digest is None:
            continue
        if digest.slug in slugs:
            problems.append(
                Problem(
                    file.source,
                    0,
                    f"expected a digest name with its own page slug, found {digest.slug!r}, the slug of {slugs[digest.slug]}",
                )
            )
            continue
        slugs[digest.slug] = file.source
        digests.append(digest)
    return date_digests(digests, history or History()), problems


def parse_file(file: SourceFile) -> tuple[Digest | None, list[Problem]]:
    """Decode and parse one digest file (undated): the digest, or ``None``, and its problems."""
    text, problems = decode(file.data, file.source)
    if text is None:
        return None, problems
    digest, found = parse_digest(text, file.source, file.name)
    return digest, problems + found


def assemble(
    digest_files: list[SourceFile],
    taxonomy: SourceFile,
    curation_files: list[SourceFile],
    *,
    unread: Sequence[Problem] = (),
    history: History | None = None,
    memo: Memo | None = None,
) -> Site:
    """Build the ``Site`` from the contents of every content file.

    ``unread`` are errors of content files the caller could not read (too big): they are
    reported with the rest, and curation is then not checked against the papers (some are
    missing). ``history`` (read from git by ``build``) dates the digests; without it, a digest
    not named by its date is dated from ``UNDATED``. Digests are ordered by date, so the newest
    digest's abstract of a paper is the one shown. Raises ``ContentError`` with every error found
    in any file; warnings are kept in ``Site.problems``. ``memo`` (a serve session's) keeps
    digest parses and tag scores between runs (see ``memo``).
    """
    digests, problems = parse_digests(digest_files, history, memo)
    problems = [*unread, *problems]
    text, found = decode(taxonomy.data, taxonomy.source)
    tags, more = load_taxonomy(text, taxonomy.source) if text is not None else ([], [])
    taxonomy_ok = not _errors(found + more)
    problems += found + more
    papers, merged = merge_papers(digests)
    # Curation is checked against papers and tags only where those are complete.
    curations, found = load_curation(
        curation_files, papers if not _errors(problems + merged) else None, tags if taxonomy_ok else None
    )
    edits = identity_edits(curations)
    if edits.joins or edits.splits:  # curators join or split papers: merge again with their edits
        papers, merged = merge_papers(digests, edits)
    problems += merged + found
    try:
        texts = [(p.title, p.abstract) for p in papers]
        if memo is None:  # a build: spread over the cores
            matched = map_slices(lambda part: tag_papers(part, tags), texts)
        else:  # serving: only new papers and changed tags are scored
            matched = tag_papers(texts, tags, memo.scores)
        papers = [replace(p, tags=names) for p, names in zip(papers, matched, strict=True)]
        papers, hidden = apply_curation(papers, curations, tags)
    except SlowPattern as slow:
        problems.append(slow.problem(taxonomy.source))
        papers, hidden = [], {}
    errors = _errors(problems)
    if errors:
        raise ContentError(errors + [p for p in problems if p.severity is Severity.WARNING])
    return Site(tuple(digests), tuple(papers), tuple(tags), hidden, tuple(problems))


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
