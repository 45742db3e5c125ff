"""What a change to ``content/`` does to the site: compare two ``Site``s (base and head).

Pure functions, no I/O. ``compare(base, head)`` lists the papers added, changed and removed (by
slug, which never changes for a paper), the digests added and removed, the tags added, removed,
renamed or edited in the taxonomy with the papers each tag gains or loses, and the curation
changes; ``render_markdown`` writes that as the Markdown summary a pull request shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .model import Paper, Problem, Severity, Site, Tag
from .structure import structure

# Paper fields compared, in the order a change is reported; the last four come from curation.
PAPER_FIELDS = ("title", "abstract", "tags", "links", "digests", "note", "highlight", "arxiv", "curated")
# Longest list shown per section of the summary; the rest is counted, not listed. Warnings are
# all listed up to a higher bound, which keeps the summary under GitHub's 1 MiB per step.
MAX_ITEMS = 200
MAX_WARNINGS = 1_000


@dataclass(frozen=True)
class PaperChange:
    """A paper listed on both sides whose page changes: ``fields`` names what differs."""

    before: Paper
    after: Paper
    fields: tuple[str, ...]

    @property
    def slug(self) -> str:
        return self.after.slug


@dataclass(frozen=True)
class TagChange:
    """A taxonomy tag on both sides (``before`` is renamed to ``after`` when the names differ)
    whose ``fields`` (``name``, ``description``, ``rules``) differ."""

    before: Tag
    after: Tag
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Changes:
    """Everything that differs between a base and a head site.

    ``papers_added`` and ``papers_removed`` are listed papers present on one side only (a paper
    a curator hides or shows again counts too; ``hidden_now`` and ``shown_again`` say which);
    ``reasons_changed`` holds ``(slug, reason before, reason after)`` for papers hidden on both
    sides whose reason changed.
    ``tag_counts`` holds ``(tag, before, after)`` for every tag whose number of papers changed,
    under its head name when it was renamed. ``base_note`` says why the base counts as empty.
    """

    papers_added: tuple[Paper, ...] = ()
    papers_changed: tuple[PaperChange, ...] = ()
    papers_removed: tuple[Paper, ...] = ()
    digests_added: tuple[str, ...] = ()
    digests_removed: tuple[str, ...] = ()
    tags_added: tuple[Tag, ...] = ()
    tags_removed: tuple[Tag, ...] = ()
    tags_changed: tuple[TagChange, ...] = ()
    tag_counts: tuple[tuple[str, int, int], ...] = ()
    hidden_now: tuple[tuple[str, str], ...] = ()
    shown_again: tuple[str, ...] = ()
    reasons_changed: tuple[tuple[str, str, str], ...] = ()
    warnings: tuple[Problem, ...] = ()
    base_note: str | None = None

    @property
    def empty(self) -> bool:
        """True when the site's content is the same on both sides."""
        return not any(
            (
                self.papers_added,
                self.papers_changed,
                self.papers_removed,
                self.digests_added,
                self.digests_removed,
                self.tags_added,
                self.tags_removed,
                self.tags_changed,
                self.hidden_now,
                self.shown_again,
                self.reasons_changed,
            )
        )


def compare(base: Site, head: Site, base_note: str | None = None) -> Changes:
    """Compare ``base`` with ``head``; ``base_note`` (why the base is empty) is passed through."""
    before = {p.slug: p for p in base.papers}
    after = {p.slug: p for p in head.papers}
    changed = []
    for slug in sorted(before.keys() & after.keys()):
        fields = paper_differences(before[slug], after[slug])
        if fields:
            changed.append(PaperChange(before[slug], after[slug], fields))
    tags_added, tags_removed, tags_changed = compare_tags(base.tags, head.tags)
    base_digests = {d.name for d in base.digests}
    head_digests = {d.name for d in head.digests}
    return Changes(
        papers_added=tuple(after[s] for s in sorted(after.keys() - before.keys())),
        papers_changed=tuple(changed),
        papers_removed=tuple(before[s] for s in sorted(before.keys() - after.keys())),
        digests_added=tuple(d.name for d in head.digests if d.name not in base_digests),
        digests_removed=tuple(d.name for d in base.digests if d.name not in head_digests),
        tags_added=tags_added,
        tags_removed=tags_removed,
        tags_changed=tags_changed,
        tag_counts=count_changes(base, head, tags_changed),
        # Hidden by this change: listed before, or new and hidden at once (then listed nowhere else).
        hidden_now=tuple((s, head.hidden[s]) for s in sorted(head.hidden.keys() - base.hidden.keys())),
        shown_again=tuple(s for s in sorted(base.hidden.keys() - head.hidden.keys()) if s in after),
        reasons_changed=tuple(
            (s, base.hidden[s], head.hidden[s])
            for s in sorted(base.hidden.keys() & head.hidden.keys())
            if base.hidden[s] != head.hidden[s]
        ),
        warnings=tuple(p for p in head.problems if p.severity is Severity.WARNING),
        base_note=base_note,
    )


def paper_differences(before: Paper, after: Paper) -> tuple[str, ...]:
    """Return the names of the ``PAPER_FIELDS`` whose values differ between two versions."""
    return tuple(f for f in PAPER_FIELDS if getattr(before, f) != getattr(after, f))


def _rules(tag: Tag) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(p.pattern for p in tag.title_rules), tuple(p.pattern for p in tag.text_rules)


def _tag_fields(before: Tag, after: Tag) -> tuple[str, ...]:
    fields = []
    if before.name != after.name:
        fields.append("name")
    if before.description != after.description:
        fields.append("description")
    if _rules(before) != _rules(after):
        fields.append("rules")
    return tuple(fields)


def compare_tags(
    base: tuple[Tag, ...], head: tuple[Tag, ...]
) -> tuple[tuple[Tag, ...], tuple[Tag, ...], tuple[TagChange, ...]]:
    """Return ``(added, removed, changed)`` taxonomy tags, in taxonomy order.

    A tag whose name disappears while a new name appears with the same page slug or the same
    rules counts as renamed (a ``TagChange`` with ``name`` among its fields), not as one tag
    removed and another added.
    """
    before = {t.name: t for t in base}
    after = {t.name: t for t in head}
    gone = [t for t in base if t.name not in after]
    new = [t for t in head if t.name not in before]
    renamed_from: dict[str, Tag] = {}
    for tag in new:
        taken = {t.name for t in renamed_from.values()}
        match = next(
            (old for old in gone if old.name not in taken and (old.slug == tag.slug or _rules(old) == _rules(tag))),
            None,
        )
        if match is not None:
            renamed_from[tag.name] = match
    changed = []
    for tag in head:
        old = before.get(tag.name) or renamed_from.get(tag.name)
        if old is not None and _tag_fields(old, tag):
            changed.append(TagChange(old, tag, _tag_fields(old, tag)))
    renamed = {t.name for t in renamed_from.values()}
    return (
        tuple(t for t in new if t.name not in renamed_from),
        tuple(t for t in gone if t.name not in renamed),
        tuple(changed),
    )


def count_changes(base: Site, head: Site, tags_changed: tuple[TagChange, ...]) -> tuple[tuple[str, int, int], ...]:
    """Return ``(tag, papers before, papers after)`` for every tag whose count changed: head tags
    in taxonomy order, then removed tags. A renamed tag (in ``tags_changed``) is one row under its
    head name, comparing the papers of its base name with those of its head name."""
    old_name = {c.after.name: c.before.name for c in tags_changed}
    before, after = structure(base).tag_counts, structure(head).tag_counts
    rows = [(name, before.get(old_name.get(name, name), 0), count) for name, count in after.items()]
    kept = set(old_name.values()) | set(after)
    rows += [(name, count, 0) for name, count in before.items() if name not in kept]
    return tuple(row for row in rows if row[1] != row[2])


# ----- Markdown -------------------------------------------------------------------------------


# Characters that start Markdown (GitHub's flavour: emphasis, code, links, HTML, tables,
# strikethrough, entities, math, emoji) anywhere in a line; written as numeric character
# references. Every line of the summary starts with its own prefix, so characters that only
# matter at the start of a line (``#``, ``-``, ``1.``) stay as they are, and titles stay readable.
_MARKDOWN = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]<>|~&$:"}


def _text(text: str) -> str:
    """Plain text for the summary: one line, shown character for character when rendered."""
    return " ".join(text.split()).translate(_MARKDOWN)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _capped(lines: list[str], limit: int | None) -> list[str]:
    """``lines`` cut to ``limit`` (``None``: all) with a last line counting the rest."""
    if limit is None or len(lines) <= limit:
        return lines
    return [*lines[:limit], f"- … and {len(lines) - limit} more\n"]


def _paper_line(paper: Paper, note: str = "") -> str:
    tags = f" — {', '.join(_text(t) for t in paper.tags)}" if paper.tags else " — no tags"
    return f"- {_text(paper.title)} (`{paper.slug}`){tags}{note}\n"


def _change_detail(change: PaperChange) -> str:
    parts = []
    for field in change.fields:
        if field == "tags":
            plus = [f"+{_text(t)}" for t in change.after.tags if t not in change.before.tags]
            minus = [f"−{_text(t)}" for t in change.before.tags if t not in change.after.tags]
            parts.append(f"tags {' '.join(plus + minus)}")
        elif field == "digests":
            plus = [f"+{_text(d)}" for d in change.after.digests if d not in change.before.digests]
            minus = [f"−{_text(d)}" for d in change.before.digests if d not in change.after.digests]
            parts.append(f"digests {' '.join(plus + minus)}")
        elif field == "title":
            parts.append(f"title (was {_text(change.before.title)})")
        elif field == "curated":
            parts.append("curation file added" if change.after.curated else "curation file removed")
        else:
            parts.append(field)
    return "; ".join(parts)


def _curation_lines(changes: Changes) -> list[str]:
    lines = [f"- `{slug}`: hidden ({_text(reason)})\n" for slug, reason in changes.hidden_now]
    lines += [f"- `{slug}`: shown again\n" for slug in changes.shown_again]
    lines += [
        f"- `{slug}`: still hidden, reason changed ({_text(after)}; was {_text(before)})\n"
        for slug, before, after in changes.reasons_changed
    ]
    for change in changes.papers_changed:
        words = []
        before, after = change.before, change.after
        if "curated" in change.fields:
            words.append("curation file added" if after.curated else "curation file removed")
        if "highlight" in change.fields:
            words.append("highlighted" if after.highlight else "no longer highlighted")
        if "note" in change.fields:
            words.append(
                "note added" if before.note is None else "note removed" if after.note is None else "note changed"
            )
        if "arxiv" in change.fields:
            words.append(f"arXiv id {_text(after.arxiv)}" if after.arxiv else "arXiv id removed")
        if words:
            lines.append(f"- `{change.slug}`: {', '.join(words)}\n")
    lines += [f"- `{p.slug}`: curated (new paper)\n" for p in changes.papers_added if p.curated]
    return lines


def _tag_lines(changes: Changes) -> list[str]:
    lines = [f"- added: **{_text(t.name)}** — {_text(t.description)}\n" for t in changes.tags_added]
    lines += [f"- removed: **{_text(t.name)}**\n" for t in changes.tags_removed]
    for change in changes.tags_changed:
        if "name" in change.fields:
            rest = [f for f in change.fields if f != "name"]
            also = f" ({', '.join(rest)} changed too)" if rest else ""
            lines.append(f"- renamed: **{_text(change.before.name)}** → **{_text(change.after.name)}**{also}\n")
        else:
            lines.append(f"- changed: **{_text(change.after.name)}** ({', '.join(change.fields)})\n")
    return lines


def _problem_line(problem: Problem) -> str:
    where = f"{problem.source}:{problem.line}" if problem.line else problem.source
    return f"- {_text(where)}: {_text(problem.message)}\n"


def render_markdown(changes: Changes, base_ref: str) -> str:
    """Return the Markdown summary of ``changes`` against the base ``base_ref``."""
    out = [f"## Reading list changes against {_text(base_ref)}\n\n"]
    if changes.base_note:
        out.append(f"> {_text(changes.base_note)}\n\n")
    out.append(
        f"**{_plural(len(changes.papers_added), 'paper')} added, {len(changes.papers_changed)} changed, "
        f"{len(changes.papers_removed)} removed**; "
        f"digests: {len(changes.digests_added)} added, {len(changes.digests_removed)} removed; "
        f"tags: {len(changes.tags_added)} added, {len(changes.tags_removed)} removed, {len(changes.tags_changed)} changed; "
        f"{_plural(len(changes.warnings), 'warning')}.\n\n"
    )
    if changes.empty:
        out.append("No change to the site's papers, digests, tags or curation.\n\n")
    hidden = dict(changes.hidden_now)
    table = ["| Tag | Before | After | Change |\n", "| --- | ---: | ---: | ---: |\n"]
    table += [f"| {_text(name)} | {old} | {new} | {new - old:+d} |\n" for name, old, new in changes.tag_counts]
    sections = [
        (
            "Digests",
            [f"- added: {_text(n)}\n" for n in changes.digests_added]
            + [f"- removed: {_text(n)}\n" for n in changes.digests_removed],
            MAX_ITEMS,
        ),
        (f"Papers added ({len(changes.papers_added)})", [_paper_line(p) for p in changes.papers_added], MAX_ITEMS),
        (
            f"Papers changed ({len(changes.papers_changed)})",
            [f"- {_text(c.after.title)} (`{c.slug}`): {_change_detail(c)}\n" for c in changes.papers_changed],
            MAX_ITEMS,
        ),
        (
            f"Papers removed ({len(changes.papers_removed)})",
            [_paper_line(p, " (hidden by curation)" if p.slug in hidden else "") for p in changes.papers_removed],
            MAX_ITEMS,
        ),
        ("Tags", _tag_lines(changes), MAX_ITEMS),
        ("Papers per tag", table if changes.tag_counts else [], None),
        ("Curation", _curation_lines(changes), MAX_ITEMS),
        (f"Warnings ({len(changes.warnings)})", [_problem_line(p) for p in changes.warnings], MAX_WARNINGS),
    ]
    for title, lines, limit in sections:
        if lines:
            out += [f"### {title}\n\n", *_capped(lines, limit), "\n"]
    return "".join(out)


def render_errors(problems: list[Problem], base_ref: str) -> str:
    """Return the Markdown summary for head content with errors: every problem, errors first."""
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    out = [f"## Reading list changes against {_text(base_ref)}\n\n"]
    out.append(
        f"**The content has {_plural(len(errors), 'error')}; nothing was built.** Each is also annotated on its file.\n\n"
    )
    out += _capped([_problem_line(p) for p in errors], MAX_WARNINGS)
    if warnings:
        out.append(f"\n### Warnings ({len(warnings)})\n\n")
        out += _capped([_problem_line(p) for p in warnings], MAX_WARNINGS)
    return "".join(out) + "\n"


def render_page_changes(base: Mapping[str, str], head: Mapping[str, str]) -> str:
    """Return the Markdown section listing hand-written pages (``content/pages``) added, changed
    or removed between ``base`` and ``head`` (each ``{relative path: content id}``); empty when
    none changed."""
    lines = [f"- added: {_text(path)}\n" for path in sorted(head.keys() - base.keys())]
    lines += [f"- changed: {_text(path)}\n" for path in sorted(head.keys() & base.keys()) if head[path] != base[path]]
    lines += [f"- removed: {_text(path)}\n" for path in sorted(base.keys() - head.keys())]
    if not lines:
        return ""
    return "".join([f"### Hand-written pages ({len(lines)})\n\n", *_capped(lines, MAX_ITEMS), "\n"])
