"""BibTeX entries for papers: what a paper page shows and the reading list exports.

Pure, no I/O. An entry is ``@misc`` with the title (BibTeX special characters escaped, math
spans kept as TeX), the year, the arXiv id when one is curated (``eprint``, ``archivePrefix``)
and a URL: the arXiv abstract page when there is an id, else the Hugging Face Daily Papers
search for the title (where the paper was listed; the same on every copy of the site). The year
comes from the arXiv id (``2307.13854`` -> 2023) when there is one, else from the first digest
named by an ISO date (``2026-11-20``) that lists the paper; without either there is no ``year``.
"""

from __future__ import annotations

import re
from urllib.parse import quote_plus

from .model import Paper
from .texmath import math_spans

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TABLE = str.maketrans(_SPECIAL)
_NEW_ARXIV = re.compile(r"(\d{2})(\d{2})\.\d{4,5}")
_OLD_ARXIV = re.compile(r"[a-z-]+(?:\.[A-Z]{2})?/(\d{2})\d{5}")
_ISO_DATE = re.compile(r"(\d{4})-\d{2}-\d{2}")


def escape_bibtex(text: str) -> str:
    """Return plain ``text`` for a BibTeX field: every special character (``\\ { } $ & % # _ ~ ^``)
    escaped, except inside math spans (``texmath.math_spans``), which stay TeX."""
    out, last = [], 0
    for start, end, _ in math_spans(text):
        out.append(text[last:start].translate(_TABLE))
        out.append(text[start:end])
        last = end
    out.append(text[last:].translate(_TABLE))
    return "".join(out)


def bibtex_key(paper: Paper) -> str:
    """Return the citation key: ``arxiv2307_13854`` for a curated arXiv id, else the slug."""
    if paper.arxiv:
        return "arxiv" + re.sub(r"[./]", "_", paper.arxiv)
    return paper.slug


def paper_year(paper: Paper) -> str | None:
    """Return the paper's year as four digits, or ``None`` when nothing tells it (see module)."""
    if paper.arxiv:
        found = _NEW_ARXIV.match(paper.arxiv) or _OLD_ARXIV.match(paper.arxiv)
        if found:
            two = int(found.group(1))
            return f"{2000 + two if two < 90 else 1900 + two}"
    for name in paper.digests:
        iso = _ISO_DATE.fullmatch(name)
        if iso:
            return iso.group(1)
    return None


def paper_url(paper: Paper) -> str:
    """Return the URL an entry cites: the arXiv abstract page, else the Hugging Face Daily Papers
    search for the title."""
    if paper.arxiv:
        return f"https://arxiv.org/abs/{paper.arxiv}"
    return f"https://huggingface.co/papers?q={quote_plus(paper.title)}"


def bibtex_entry(paper: Paper) -> str:
    """Return the ``@misc`` BibTeX entry of ``paper`` (lines joined by ``\\n``, no final line
    break)."""
    fields = [("title", escape_bibtex(paper.title))]
    year = paper_year(paper)
    if year:
        fields.append(("year", year))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    fields.append(("url", paper_url(paper)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(paper)},\n{body}\n}}"
