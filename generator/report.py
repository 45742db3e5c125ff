"""What ``python -m generator check`` prints: figures about the content, problems, accounting.

Pure functions from a ``Site`` (or a list of ``Problem``) to lines of text.

Output safety: ``check`` runs in pull-request and deploy workflows, whose runner reads every
line of the log as a possible workflow command (``::error ...``, ``::add-mask::``, and the
legacy ``##[...]`` anywhere in a line). Every untrusted value (file names, titles, tag names,
curation reasons, messages quoting them) goes through ``printable`` (one line, no control
characters, no ``##[``) and, in ``--format github``, through GitHub's escaping for command data
and properties; every line starts with text the generator chose, never with untrusted text.
"""

from __future__ import annotations

import traceback
import unicodedata
from pathlib import Path

from .model import Paper, Problem, Severity, Site
from .papers import identity_key, title_slug
from .structure import structure

# Other (C*) and separator (Z*) categories, except the plain space, are shown as escapes.
_SHOWN_AS_ESCAPE = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")


def printable(text: str) -> str:
    """Return untrusted ``text`` as one inert line of a log: line breaks, tabs, control,
    format (bidirectional, zero-width) and unassigned characters become Python-style escapes
    (``\\n``, ``\\x1b``, ``\\u2028``), and ``##[`` (the runner's legacy command marker) becomes
    ``#\\x23[``. Everything else is kept as it is."""
    out = []
    for char in text:
        if char != " " and (unicodedata.category(char) in _SHOWN_AS_ESCAPE or char.isspace()):
            out.append(repr(char)[1:-1] if char.isascii() or not char.isprintable() else f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out).replace("##[", "#\\x23[")


def summary(site: Site) -> list[str]:
    """Return the check summary: entries, distinct papers, duplicates merged, tag coverage,
    largest tag, removed characters, curation counts and the number of warnings."""
    entries = sum(len(d.entries) for d in site.digests)
    papers = len(site.papers) + len(site.hidden)
    counts = structure(site).tag_counts
    tagged = sum(1 for p in site.papers if p.tags)
    listed = max(len(site.papers), 1)
    largest = max(counts.items(), key=lambda item: item[1], default=("-", 0))
    warnings = [p for p in site.problems if p.severity is Severity.WARNING]
    lines = [
        f"digests: {len(site.digests)}, oldest first ({', '.join(f'{printable(d.name)} [{d.day.isoformat()} from {d.date_source.value}, layout {d.layout}, {len(d.entries)} entries]' for d in site.digests)})",
        f"entries: {entries}",
        f"distinct papers: {papers} ({len(site.papers)} listed, {len(site.hidden)} hidden)",
        f"duplicates merged: {entries - papers} entries into {sum(1 for p in site.papers if len(p.entries) > 1)} papers",
        f"tags: {len(site.tags)}; tag coverage: {tagged}/{len(site.papers)} papers ({100 * tagged / listed:.1f}%)",
        f"largest tag: {printable(largest[0])} with {largest[1]} papers ({100 * largest[1] / listed:.1f}%)",
        f"invisible or control characters removed: {sum(d.removed_chars for d in site.digests)}",
        f"curated papers: {sum(1 for p in site.papers if p.curated) + len(site.hidden)}; "
        f"highlighted: {sum(1 for p in site.papers if p.highlight)}; hidden: {len(site.hidden)}; "
        f"notes: {sum(1 for p in site.papers if p.note)}",
        f"warnings: {len(warnings)}",
    ]
    lines += [f"hidden: papers/{slug} ({printable(reason)})" for slug, reason in sorted(site.hidden.items())]
    return lines


def accounting(site: Site) -> list[str]:
    """Return one line per digest entry: where it stands and which paper page it became,
    saying for merged entries which entry is shown and why they are the same paper."""
    lines = []
    by_entry: dict[tuple[str, int], Paper] = {}
    for listed in site.papers:
        for entry in listed.entries:
            by_entry[(entry.source, entry.line)] = listed
    for digest in site.digests:
        for entry in digest.entries:
            paper = by_entry.get((entry.source, entry.line))
            where = f"{printable(entry.source)}:{entry.line}"
            if paper is None:
                lines.append(f"{where}: hidden by curation")
                continue
            shown = paper.entries[-1]
            if len(paper.entries) == 1:
                lines.append(f"{where}: papers/{paper.slug}.md")
            elif shown is entry:
                lines.append(
                    f"{where}: papers/{paper.slug}.md (shown; {len(paper.entries) - 1} duplicate(s) merged into it)"
                )
            else:
                why = (
                    "the same title"
                    if entry.title == shown.title
                    else "the same title up to case, spacing, punctuation or Unicode form"
                    if identity_key(entry.title) == identity_key(shown.title)
                    else f"joined by curation: {title_slug(entry.title)}.yml says same_as"
                )
                lines.append(
                    f"{where}: merged into papers/{paper.slug}.md ({why} as {shown.source}:{shown.line}, which is shown)"
                )
    return lines


def format_problems(problems: list[Problem], style: str = "text") -> list[str]:
    """Format problems one per line: ``text`` gives ``file:line: error: message``; ``github``
    gives workflow commands (``::error file=...,line=...::message``) that annotate the file.
    Untrusted parts are made ``printable`` first, so a message never spans lines."""
    if style == "github":
        return [_github(p) for p in problems]
    return [_text(p) for p in problems]


def _text(problem: Problem) -> str:
    where = f"{problem.source}:{problem.line}" if problem.line else problem.source
    return f"{printable(where)}: {problem.severity.value}: {printable(problem.message)}"


def _github(problem: Problem) -> str:
    message = github_data(printable(problem.message))
    source = github_property(printable(problem.source))
    where = f"file={source},line={problem.line}" if problem.line else f"file={source}"
    return f"::{problem.severity.value} {where}::{message}"


def internal_error(err: BaseException) -> str:
    """One message for an unexpected exception: its type and text and the innermost line of the
    generator that raised it (``generator/build.py:120``)."""
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "generator" in Path(f.filename).parts] or frames
    where = (
        f" at {Path(ours[-1].filename).parent.name}/{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else ""
    )
    return (
        f"internal error: {type(err).__name__}: {err}{where}. This is a bug in the generator, not in the content; "
        "please report it (READING_LIST_DEBUG=1 shows the traceback)."
    )


def github_data(text: str) -> str:
    """Escape ``text`` as the data of a GitHub workflow command (``%``, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """Escape ``text`` as a property value of a workflow command (also ``:`` and ``,``)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
