"""The tag taxonomy (``content/taxonomy.yml``): validate it and match papers against it.

Pure functions, no I/O. The taxonomy is a YAML mapping with one key, ``tags``: a list of tags,
each with ``name``, ``description`` and ``rules`` (``title``: regular expressions searched in the
title; ``text``: searched in title and abstract; case-insensitive). A paper gets the tags one of
whose patterns matches, at most ``MAX_TAGS``, strongest first (``match_tags``).

Patterns are compiled with the ``regex`` package in its ``re``-compatible mode (``VERSION0``):
Python's ``re`` syntax and results, several times faster for case-insensitive patterns, which are
most of the generator's time on a large site.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from collections.abc import Sequence as Sequence_
from typing import Any, NamedTuple

import regex
from slugify import slugify

from .digest import MAX_SLUG_CHARS, capped_slug
from .literals import LiteralIndex, fold, may_match, required_literals
from .memo import Table
from .model import Problem, Tag
from .text import normalise
from .yamlfile import Mapping, Sequence, Text, check_keys, load_yaml, shown

TAG_FIELDS = {
    "name": "the tag as readers see it",
    "description": "one line saying what belongs under the tag",
    "rules": "patterns that select papers (title, text)",
}
RULE_FIELDS = {"title": "patterns searched in the title", "text": "patterns searched in title and abstract"}


def load_taxonomy(text: str, source: str) -> tuple[list[Tag], list[Problem]]:
    """Parse and validate taxonomy YAML from ``source``.

    Returns the tags in file order and every problem found (unknown fields, missing or empty
    name, description or rules, duplicate names or slugs, invalid regular expressions), each
    naming its line. Tags with problems are left out of the list, but the problems are errors.
    """
    data, problems = load_yaml(text, source)
    if problems:
        return [], problems
    if not isinstance(data, Mapping) or not isinstance(data.get("tags"), Sequence):
        return [], [
            Problem(
                source, getattr(data, "line", 0), "expected a mapping with a list under 'tags:', found something else"
            )
        ]
    problems += check_keys(data, {"tags": "the list of tags"}, source, "the taxonomy")
    tags: list[Tag] = []
    seen: dict[str, int] = {}  # case-folded name -> line
    slugs: dict[str, int] = {}  # page slug -> line
    items = data["tags"]
    assert isinstance(items, Sequence)  # checked above
    for item in items:
        tag, found = _tag(item, source, items.line)
        problems += found
        if tag is None:
            continue
        if tag.name.casefold() in seen:
            problems.append(
                Problem(
                    source,
                    tag.line,
                    f"expected a unique tag name, found {tag.name!r} again (also at line {seen[tag.name.casefold()]})",
                )
            )
        elif tag.slug in slugs:
            problems.append(
                Problem(
                    source,
                    tag.line,
                    f"expected a tag name with a page of its own, found {tag.name!r}, whose page slug {tag.slug!r} is taken by the tag at line {slugs[tag.slug]}",
                )
            )
        else:
            seen[tag.name.casefold()] = slugs[tag.slug] = tag.line
            tags.append(tag)
    return tags, problems


def _tag(item: object, source: str, line: int) -> tuple[Tag | None, list[Problem]]:
    if not isinstance(item, Mapping):
        return None, [
            Problem(
                source, getattr(item, "line", line), f"expected a tag (name, description, rules), found {shown(item)}"
            )
        ]
    line = item.line
    problems = check_keys(item, TAG_FIELDS, source, "a tag")
    name, description, rules = item.get("name"), item.get("description"), item.get("rules")
    for field, value in (("name", name), ("description", description)):
        if not isinstance(value, Text) or not value.strip():
            problems.append(
                Problem(
                    source,
                    getattr(value, "line", line),
                    f"expected a non-empty {field} for the tag, found {shown(value)}",
                )
            )
    if isinstance(name, Text) and name.strip() and normalise(name)[0] != unicodedata.normalize("NFC", name.strip()):
        problems.append(
            Problem(
                source,
                name.line,
                f"expected a tag name on one line, with single spaces and no control or invisible characters, found {str(name)!r}",
            )
        )
    if not isinstance(rules, Mapping):
        problems.append(
            Problem(
                source,
                getattr(rules, "line", line),
                f"expected rules with 'title:' and/or 'text:' pattern lists, found {shown(rules)}",
            )
        )
        return None, problems
    problems += check_keys(rules, RULE_FIELDS, source, "tag rules")
    compiled = {field: _patterns(rules.get(field), source, problems) for field in RULE_FIELDS}
    if not any(compiled.values()) and not problems:
        problems.append(
            Problem(source, rules.line, "expected at least one pattern under 'title:' or 'text:', found none")
        )
    if problems or not isinstance(name, Text) or not isinstance(description, Text):
        return None, problems
    return Tag(
        str(name).strip(), tag_slug(name), " ".join(description.split()), compiled["title"], compiled["text"], line
    ), []


def tag_slug(name: str) -> str:
    """Return the page slug of a tag named ``name``: ``slugify(name)``; ``tag`` when that is
    empty, ``index-tag`` for ``index`` (tags/index.md is the tags overview); a slug over
    ``MAX_SLUG_CHARS`` is cut and gets a hash suffix (``digest.capped_slug``)."""
    slug = slugify(name) or "tag"
    if slug == "index":
        return "index-tag"
    return slug if len(slug) <= MAX_SLUG_CHARS else capped_slug(name, "tag")


def _control_message(pattern: str, control: str) -> str:
    """The error for a pattern holding a control character, most often YAML's reading of a
    backslash in double quotes ("\\b" is a backspace there, not a word boundary)."""
    return (
        f"expected a pattern without control characters, found {pattern!r} (U+{ord(control):04X}): "
        'in double quotes YAML reads a backslash as an escape ("\\b" is a backspace); '
        "write patterns in single quotes, such as '\\bspeech\\b'"
    )


def _patterns(value: object, source: str, problems: list[Problem]) -> tuple[regex.Pattern, ...]:
    if value is None:
        return ()
    if not isinstance(value, Sequence):
        problems.append(
            Problem(source, getattr(value, "line", 0), f"expected a list of patterns, found {shown(value)}")
        )
        return ()
    compiled = []
    for pattern in value:
        if not isinstance(pattern, Text) or not pattern:
            problems.append(
                Problem(
                    source,
                    getattr(pattern, "line", value.line),
                    f"expected a non-empty pattern, found {shown(pattern)}",
                )
            )
            continue
        control = [c for c in pattern if unicodedata.category(c) == "Cc"]
        if control:
            problems.append(Problem(source, pattern.line, _control_message(pattern, control[0])))
            continue
        try:
            compiled.append(regex.compile(pattern, regex.IGNORECASE | regex.VERSION0))
        except regex.error as err:
            problems.append(
                Problem(source, pattern.line, f"expected a valid regular expression, found {str(pattern)!r} ({err})")
            )
    return tuple(compiled)


MAX_TAGS = 4

# The longest one taxonomy pattern may search one paper's title or text. Patterns come from
# pull requests and run on untrusted abstracts: a backtracking pattern such as ``(a+)+$`` must
# fail the check with its name, not hang the build.
PATTERN_SECONDS = 1.0


class SlowPattern(Exception):
    """A taxonomy pattern ran past ``PATTERN_SECONDS`` on one paper (see ``problem``)."""

    def __init__(self, tag: Tag, pattern: str, title: str):
        super().__init__(pattern)
        self.tag, self.pattern, self.title = tag, pattern, title

    def __reduce__(self) -> tuple[type[SlowPattern], tuple[Tag, str, str]]:
        """Pickle with all three fields (a worker process raises it: ``parallel``)."""
        return (SlowPattern, (self.tag, self.pattern, self.title))

    def problem(self, source: str) -> Problem:
        """The error for the taxonomy file ``source``, at the tag's line."""
        return Problem(
            source,
            self.tag.line,
            f"expected patterns that finish quickly, found {self.pattern!r} of the tag {self.tag.name!r} searching the paper {self.title[:80]!r} for over {PATTERN_SECONDS:g} s (nested repetition such as (a+)+ backtracks)",
        )


def match_tags(
    title: str, abstract: str, tags: list[Tag], scores: Table[Any, dict[Any, tuple[int, int]]] | None = None
) -> tuple[str, ...]:
    """Return the names of the ``tags`` whose rules match a paper, strongest first, at most
    ``MAX_TAGS``. Strength (``tag_score``): a title rule match beats any number of text rule
    matches, then more text matches win; ties keep taxonomy order. ``scores``: see ``tag_papers``.

    Raises ``SlowPattern`` when one search takes longer than ``PATTERN_SECONDS``."""
    return tag_papers([(title, abstract)], tags, scores)[0]


def tag_papers(
    papers: Sequence_[tuple[str, str]], tags: list[Tag], scores: Table[Any, dict[Any, tuple[int, int]]] | None = None
) -> list[tuple[str, ...]]:
    """``match_tags`` for each ``(title, abstract)`` of ``papers``, in order. ``scores`` (a serve
    session's ``memo.Memo.scores``) remembers each tag's score by its rules and the paper's
    title and abstract, so that only tags whose rules changed, and new papers, run again.

    Raises ``SlowPattern`` when one search takes longer than ``PATTERN_SECONDS``."""
    keys = [rules_key(tag) for tag in tags]
    literals = literal_index(tags)
    found = []
    for title, abstract in papers:
        known = scores.lookup((title, abstract)) if scores is not None else None
        row: dict[Any, tuple[int, int]] = {} if known is None else known
        text = f"{title} {abstract}"
        present: Present | None = None  # found once, and only when some tag's score is computed
        scored, computed = [], 0
        for index, tag in enumerate(tags):
            score = row.get(keys[index])
            if score is None:
                present = present or Present(literals.found(fold(title)), literals.found(fold(text)))
                score = row[keys[index]] = tag_score(tag, title, text, present)
                computed += 1
            if score > (0, 0):
                scored.append((score, index, tag.name))
        if scores is not None:
            scores.keep((title, abstract), {key: row[key] for key in keys})
            scores.misses += computed
            scores.hits += len(tags) - computed
        ranked = sorted(scored, key=lambda item: (-item[0][0], -item[0][1], item[1]))
        found.append(tuple(name for _, _, name in ranked[:MAX_TAGS]))
    return found


def rules_key(tag: Tag) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a tag's score on a paper depends on: its title and text patterns, in order."""
    return tuple(p.pattern for p in tag.title_rules), tuple(p.pattern for p in tag.text_rules)


def literal_index(tags: Iterable[Tag]) -> LiteralIndex:
    """The required literals (``literals.required_literals``) of every rule of ``tags``."""
    rules = (p for tag in tags for p in (*tag.title_rules, *tag.text_rules))
    return LiteralIndex(literal for p in rules for literal in required_literals(p.pattern) or ())


class Present(NamedTuple):
    """Which rule literals (``literal_index``) a paper's folded title and text (title and
    abstract) hold."""

    title: frozenset[str]
    text: frozenset[str]


def tag_score(tag: Tag, title: str, text: str, present: Present | None = None) -> tuple[int, int]:
    """Return how strongly ``tag`` matches a paper: ``(title rules matching the title, matches of
    the text rules in ``text`` (title and abstract))``; ``(0, 0)`` means no match. A rule none of
    whose required literals (``literals.required_literals``) is ``present`` in the title or
    text is not run: it cannot match.

    Raises ``SlowPattern`` when one search takes longer than ``PATTERN_SECONDS``.
    """
    if present is None:
        index = literal_index([tag])
        present = Present(index.found(fold(title)), index.found(fold(text)))
    in_title = sum(
        _search(p, title, tag, title) for p in tag.title_rules if may_match(required_literals(p.pattern), present.title)
    )
    in_text = sum(
        _count(p, text, tag, title) for p in tag.text_rules if may_match(required_literals(p.pattern), present.text)
    )
    return in_title, in_text


def _count(pattern: regex.Pattern[str], text: str, tag: Tag, title: str) -> int:
    try:
        return len(pattern.findall(text, timeout=PATTERN_SECONDS))
    except TimeoutError as err:
        raise SlowPattern(tag, pattern.pattern, title) from err


def _search(pattern: regex.Pattern[str], text: str, tag: Tag, title: str) -> bool:
    try:
        return pattern.search(text, timeout=PATTERN_SECONDS) is not None
    except TimeoutError as err:
        raise SlowPattern(tag, pattern.pattern, title) from err
