"""The title index: a pasted title finds its paper without the full-text index.

Pure, no I/O. Readers often paste a paper's exact title. Pagefind answers that too, but first
loads its metadata, which names every page (about 330 KB at 50,000 papers). The title index
answers it from one small file: the listed papers are spread over ``SHARDS`` JSON files,
``search/titles/<n>.json``, by a hash of their title's key (``title_key``). The search box
(``overrides/assets/search/search.js``) computes the same key and hash for a query of at least
four words, fetches that one file and shows the papers whose key equals the query's. The box
loads Pagefind only for other queries, or when the reader asks for more results.

Each file is a JSON list of ``{"title", "url", "date", "tags", "must_read", "excerpt"}``,
sorted by key and URL: what a search result shows (as Pagefind's results do), all plain text
that the box puts into the page as text; ``url`` is relative to the site root.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

from .model import Paper
from .paperpage import shown_date
from .structure import HOME_PAGE, Structure, paper_path, url_between

SHARDS = 512  # search.js holds the same number (tests/test_title_index.py checks)
FOLDER = "search/titles"
EXCERPT_WORDS = 26  # as many as a Pagefind excerpt (search.js: excerptLength)


def title_key(title: str) -> str:
    """A title as the search box compares it: NFKC, lower case, every run of characters that
    are not letters or digits (Unicode categories L and N) as one space, trimmed.
    ``"$π$-Attention: Periodic"`` -> ``"π attention periodic"``. Mirrors ``normalise`` in
    search.js, which the browser test holds it to. A letter newer than this Python's Unicode
    tables (which a newer browser knows) makes the two keys differ: that title is then found
    by Pagefind alone."""
    folded = unicodedata.normalize("NFKC", title).lower()
    return " ".join("".join(c if unicodedata.category(c)[0] in "LN" else " " for c in folded).split())


def shard_of(key: str) -> int:
    """The file (``0 <= n < SHARDS``) that holds the titles whose key is ``key``: the first four
    bytes of the SHA-256 of its UTF-8, big-endian, modulo ``SHARDS``."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") % SHARDS


def title_entry(paper: Paper, shape: Structure) -> dict[str, object]:
    """What the search box shows for ``paper``: title, URL (``papers/<slug>/``), the date it was
    first listed (``27 Aug 2026``), tags, must-read, and the first ``EXCERPT_WORDS`` words of
    the abstract (with ``…`` when cut)."""
    words = paper.abstract.split()
    excerpt = " ".join(words[:EXCERPT_WORDS]) + (" …" if len(words) > EXCERPT_WORDS else "")
    return {
        "title": paper.title,
        "url": url_between(HOME_PAGE, paper_path(paper)),
        "date": shown_date(shape.digests_by_name[name].day for name in paper.digests),
        "tags": list(paper.tags),
        "must_read": paper.highlight,
        "excerpt": excerpt,
    }


def title_index(shape: Structure) -> dict[str, str]:
    """The title index of the listed papers of ``shape``: ``{search/titles/<n>.json: JSON}``
    for every ``n`` below ``SHARDS`` (empty files hold ``[]``, so no query meets a missing
    file), or ``{}`` when there is no paper. Compact JSON, UTF-8, one paper per line."""
    papers = shape.site.papers
    if not papers:
        return {}
    shards: list[list[tuple[str, str, str]]] = [[] for _ in range(SHARDS)]
    for paper in papers:
        key = title_key(paper.title)
        entry = title_entry(paper, shape)
        shards[shard_of(key)].append((key, str(entry["url"]), _json(entry)))
    return {f"{FOLDER}/{n}.json": _document(sorted(shard)) for n, shard in enumerate(shards)}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _document(entries: list[tuple[str, str, str]]) -> str:
    return "[" + ",\n".join(line for _, _, line in entries) + "]\n"
