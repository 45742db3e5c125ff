"""Assemble a ``Site`` from the text of every content file: parse, merge, tag, curate.

Pure: the caller (``build.py``) reads the files and passes their contents in. Everything is
gathered and checked before anything is rendered; every problem of every file is collected,
and errors raise ``ContentError`` together.
"""

from __future__ import annotations

from dataclasses import replace

from .curation import apply_curation, load_curation
from .digest import decode, parse_digest
from .model import ContentError, Digest, Problem, Severity, Site, SourceFile
from .papers import merge_papers
from .tags import SlowPattern, load_taxonomy, match_tags, slow_pattern_problem

__all__ = ["SourceFile", "assemble", "parse_digests"]


def parse_digests(files: list[SourceFile]) -> tuple[list[Digest], list[Problem]]:
    """Decode and parse digest files (in the given order, oldest first) into digests.

    Two digests whose names give the same page slug are an error.
    """
    digests: list[Digest] = []
    problems: list[Problem] = []
    slugs: dict[str, str] = {}
    for file in files:
        text, found = decode(file.data, file.source)
        problems += found
        if text is None:
            continue
        digest, found = parse_digest(text, file.source, file.name)
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
    return digests, problems


def assemble(digest_files: list[SourceFile], taxonomy: SourceFile, curation_files: list[SourceFile]) -> Site:
    """Build the ``Site`` from the contents of every content file.

    ``digest_files`` are ordered oldest first (by file name). Raises ``ContentError`` with every
    error found in any file; warnings are kept in ``Site.problems``.
    """
    digests, problems = parse_digests(digest_files)
    text, found = decode(taxonomy.data, taxonomy.source)
    tags, more = load_taxonomy(text, taxonomy.source) if text is not None else ([], [])
    taxonomy_ok = not _errors(found + more)
    problems += found + more
    papers, found = merge_papers(digests)
    problems += found
    try:
        papers = [replace(p, tags=match_tags(p.title, p.abstract, tags)) for p in papers]
    except SlowPattern as err:
        problems.append(slow_pattern_problem(err, taxonomy.source))
        tags, taxonomy_ok = [], False
    # Curation is checked against papers and tags only where those are complete.
    curations, found = load_curation(
        curation_files, papers if not _errors(problems) else None, tags if taxonomy_ok else None
    )
    problems += found
    try:  # a curated title is matched against the taxonomy again
        papers, hidden = apply_curation(papers, curations, tags)
    except SlowPattern as err:
        problems.append(slow_pattern_problem(err, taxonomy.source))
        hidden = {}
    errors = _errors(problems)
    if errors:
        raise ContentError(errors + [p for p in problems if p.severity is Severity.WARNING])
    return Site(tuple(digests), tuple(papers), tuple(tags), hidden, tuple(problems))


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]
