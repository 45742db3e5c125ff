"""Required literals of a taxonomy pattern: a cheap test that lets most searches be skipped.

Pure, no I/O. Tagging runs every rule of every tag on every paper (30 tags x 13 rules x 50,000
papers); most rules match nothing in most papers. A rule such as ``\\b(LLM|large language
models?)\\b`` cannot match a text that contains neither ``llm`` nor ``large language model``
(ignoring case), and ``str.__contains__`` answers that far faster than the regular expression.
``required_literals`` reads the pattern's syntax tree (Python's own ``re`` parser; the ``regex``
package's ``VERSION0`` mode, which compiles the rules, has the same syntax) and returns such a
set of strings, or ``None`` when it cannot promise one (then the rule always runs).

The test is exact in one direction only: ``may_match(literals, found) is False``, where
``found`` is what ``LiteralIndex.found`` finds in ``fold(text)``, means the rule cannot match
``text`` case-insensitively (``tests/test_taxonomy.py`` checks it on real papers); ``True``
means it has to run. ``LiteralIndex`` finds every rule's literals in one pass over a paper
(Aho-Corasick, PyPI ``pyahocorasick``) instead of one substring search per literal and rule.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

import ahocorasick

try:  # Python 3.11+
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

# The only characters outside ASCII that match an ASCII letter case-insensitively in the regex
# package: dotted and dotless I (i), the long s (s) and the Kelvin sign (k).
# tests/test_taxonomy.py checks this list against every Unicode character.
ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
MIN_LITERAL = 3  # shorter required strings are in almost every text: not worth a test
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}


def fold(text: str) -> str:
    """``text`` as ``may_match`` reads it: lower case, the non-ASCII forms of ASCII letters
    (``ASCII_FOLDS``) replaced."""
    return text.translate(ASCII_FOLDS).lower()


def may_match(literals: frozenset[str] | None, found: AbstractSet[str]) -> bool:
    """False only when none of ``literals`` is among ``found`` (``LiteralIndex.found`` of the
    folded text); always true without literals."""
    return literals is None or not literals.isdisjoint(found)


class LiteralIndex:
    """The strings ``literals`` (lower-case, such as ``required_literals`` returns), ready to be
    found in a text all at once."""

    def __init__(self, literals: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for literal in sorted(set(literals)):
            self._automaton.add_word(literal, literal)
        if len(self._automaton):
            self._automaton.make_automaton()

    def found(self, folded: str) -> frozenset[str]:
        """Which of the literals occur in ``folded`` (``fold(text)``), overlapping ones too."""
        if not len(self._automaton):
            return frozenset()
        return frozenset(literal for _, literal in self._automaton.iter(folded))


@functools.cache
def required_literals(pattern: str) -> frozenset[str] | None:
    """Return lower-case ASCII strings of which every match of ``pattern`` (case-insensitive)
    contains at least one, each at least ``MIN_LITERAL`` long; ``None`` when there are none or
    the pattern is beyond this reading."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:  # the regex package accepts syntax that re's parser does not
        return None
    found = _sequence(list(parsed))
    return found if found and min(map(len, found)) >= MIN_LITERAL else None


def _sequence(items: Sequence[tuple[Any, Any]]) -> frozenset[str] | None:
    """The most selective required set among a sequence's mandatory parts: its runs of literal
    characters and the required sets of its groups, branches and repeated parts."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    for op, av in items:
        char = chr(av) if op is _sre.LITERAL and av < 128 else None
        if char is not None:
            run.append(char.lower())
            continue
        if run:
            candidates.append(frozenset(["".join(run)]))
            run = []
        inner = _part(op, av)
        if inner:
            candidates.append(inner)
    if run:
        candidates.append(frozenset(["".join(run)]))
    return max(candidates, key=lambda found: min(map(len, found)), default=None)


def _part(op: Any, av: Any) -> frozenset[str] | None:
    if op is _sre.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is _sre.BRANCH:
        return _union(_sequence(list(branch)) for branch in av[1])
    if op in _REPEATS and av[0] >= 1:
        return _sequence(list(av[2]))
    return None


def _union(sets: Iterable[frozenset[str] | None]) -> frozenset[str] | None:
    """One string of each branch's set: ``None`` when any branch has none."""
    found: set[str] = set()
    for branch in sets:
        if not branch:
            return None
        found |= branch
    return frozenset(found)
