"""Code status of a paper: is its code (or data) out, promised, or neither?

Pure, no I/O. ``code_status(paper)`` returns one of ``CODE_STATUSES``:

- ``"released"``: the paper has a repository link (a ``Code`` link: found in the abstract or
  curated), a link to a model or data set hub, or the abstract says its code, data or models
  *are* available or released (``Code is available at ...``, ``We release our code``);
- ``"promised"``: the abstract says they *will be* released or made available (``The code and
  model will be released.``, ``upon acceptance``, ``coming soon``);
- ``"none"``: neither.

A curator's ``code_status`` (``Paper.code_status``) wins over what the abstract says. Sentences
are read one at a time: a promise must name what it promises (code, data, models ...) in the
same sentence, so ``results will be available`` or ``data available for finetuning`` is not one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Paper
from .parallel import map_slices

RELEASED, PROMISED, NONE = "released", "promised", "none"
CODE_STATUSES = (RELEASED, PROMISED, NONE)
LABELS = {RELEASED: "Code released", PROMISED: "Code promised", NONE: "No code yet"}

_HUB = re.compile(r"https?://(www\.)?(github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|zenodo\.org)/\S", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_WHAT = (
    r"\b(code|codes|codebase|source[- ]code|implementations?|data|datasets?|benchmarks?|models?|weights|"
    r"checkpoints?|resources|toolkit|library|framework|prompts|artifacts|demo)\b"
)
_ITEM = re.compile(_WHAT, re.I)
_FUTURE = re.compile(
    r"\bwill (soon )?(also )?(be )?(made )?(publicly |openly |freely )?"
    r"(released|available|open[- ]?sourced|public|shared|published)\b"
    r"|\bwill (soon )?(publicly )?(release|open[- ]?source|share|make)\b"
    r"|\bto be (publicly )?(released|open[- ]?sourced)\b"
    r"|\b(plan|intend|commit) to (publicly )?(release|open[- ]?source|share)"
    r"|\bupon (acceptance|publication)\b|\bcoming soon\b|\bsoon be\b",
    re.I,
)
_PRESENT = re.compile(
    _WHAT + r"[^.]{0,60}?\b(is|are) (now |all )?(publicly |openly |freely )?(available|released|open[- ]?sourced)\b"
    r"|" + _WHAT + r"[^.]{0,60}?\bcan be (found|obtained|accessed|downloaded)\b"
    r"|\bwe (publicly |also )?(release|open[- ]?source|make)d?\b[^.]{0,80}" + _WHAT + r"|(^|: )" + _WHAT + r"\s*:",
    re.I,
)


def code_status(paper: Paper) -> str:
    """Return the paper's code status (see the module docstring): the curator's when set, else
    what its links and abstract say."""
    if paper.code_status:
        return paper.code_status
    if any(link.kind == "Code" or _HUB.match(link.url) for link in paper.links):
        return RELEASED
    return abstract_code_status(paper.abstract)


def abstract_code_status(abstract: str) -> str:
    """Return what the cleaned ``abstract`` alone says of code: ``"promised"`` when a sentence
    names code, data or models and says they will be released; ``"released"`` when another says
    they are available (what is out already wins); ``"none"`` otherwise. Cached: every list a
    paper appears in asks again."""
    found = _KNOWN.get(abstract)
    if found is None:
        found = _KNOWN[abstract] = _read_code_status(abstract)
    return found


def read_code_statuses(abstracts: Iterable[str]) -> None:
    """Read the code status of every abstract of ``abstracts`` not read yet, over the cores
    (``parallel``), into the cache ``abstract_code_status`` answers from: a build does this
    before it forks workers that render pages, so that they do not each read them again."""
    missing = sorted({a for a in abstracts if a not in _KNOWN})
    _KNOWN.update(zip(missing, map_slices(lambda part: [_read_code_status(a) for a in part], missing), strict=True))


_KNOWN: dict[str, str] = {}  # abstract -> code status


def _read_code_status(abstract: str) -> str:
    found = NONE
    for sentence in _SENTENCE.split(abstract):
        if not _ITEM.search(sentence):
            continue
        if _FUTURE.search(sentence):
            found = PROMISED
        elif _PRESENT.search(sentence):
            return RELEASED
    return found
