"""Small HTML marks that paper pages and list items carry: badges and reading-list hooks.

Pure, no I/O. Badges are fixed text chosen here (must-read, curator's note, code status), never
untrusted text. The reading-list hook is an empty ``<span class="rl-actions">`` whose ``data-rl-*``
attributes hold what the browser script needs to star a paper, mark it read and export it
(``overrides/assets/reading-list/reading-list.js``); every value is escaped with
``escape_markdown`` (each ASCII punctuation character a numeric character reference), which is
valid inside a quoted HTML attribute and survives Markdown unchanged (Python-Markdown finds links
even inside the attributes of inline HTML). A body of raw HTML that no Markdown reads (list
pages) passes ``markup.text`` instead, which is shorter.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .bibtex import escape_bibtex, paper_year
from .codestatus import LABELS, NONE
from .memo import STRING_CACHE
from .model import Paper
from .text import escape_markdown


def badges(paper: Paper, status: str) -> str:
    """Return the badges of ``paper`` as HTML (empty when it has none): must-read, note, and
    its code status (``codestatus.code_status``) unless ``"none"``."""
    found = []
    if paper.highlight:
        found.append(_badge("must-read", "Must-read"))
    if paper.note:
        found.append(_badge("note", "Note"))
    if status != NONE:
        found.append(_badge(f"code-{status}", LABELS[status]))
    return " ".join(found)


def _badge(kind: str, label: str) -> str:
    return f'<span class="rl-badge rl-{kind}">{label}</span>'


def reading_hook(paper: Paper, escape: Callable[[str], str] = escape_markdown) -> str:
    """Return the reading-list hook of ``paper``: where the script puts the star and read
    buttons, with what else a BibTeX entry needs (the script builds the entry that
    ``bibtex.bibtex_entry`` builds): ``bib-title`` (only when BibTeX escaping changes the
    title), ``year`` and ``arxiv`` (only when known), each escaped with ``escape`` (see above).
    The paper's slug, title and address are not in it: the script takes them from a list item's
    first link (its address's last folder and its text), or from the paper page's own address
    and heading. A list shows each paper several times: leaving them out saves about 1.7 KB of
    site per paper."""
    return _hook(paper.title, paper_year(paper), paper.arxiv, escape)


@lru_cache(maxsize=STRING_CACHE)
def _hook(title: str, year: str | None, arxiv: str | None, escape: Callable[[str], str]) -> str:
    data = {}
    if escape_bibtex(title) != title:
        data["bib-title"] = escape_bibtex(title)
    if year:
        data["year"] = year
    if arxiv:
        data["arxiv"] = arxiv
    attributes = "".join(f' data-rl-{name}="{escape(value)}"' for name, value in data.items())
    return f'<span class="rl-actions"{attributes}></span>'
