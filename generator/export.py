"""``papers.json``: every listed paper as data to take away, in a versioned shape.

Pure, no I/O. The shape is ``schema/papers.schema.json`` (JSON Schema 2020-12); ``version``
changes only when a field is removed or changes meaning (fields may be added within a version).
"""

from __future__ import annotations

import json
from typing import Any

from .feeds import absolute
from .model import Paper
from .structure import Structure, digest_path, paper_path

PAPERS_JSON_VERSION = 1


def paper_record(paper: Paper, shape: Structure, site_url: str) -> dict[str, Any]:
    """One paper of ``papers.json``: identity and URL, text, tags, listings with dates, links
    and the curators' fields (``must_read``, ``note``, ``arxiv``, ``curated``)."""
    digests = [shape.digests_by_name[name] for name in paper.digests]
    return {
        "slug": paper.slug,
        "url": absolute(site_url, paper_path(paper)),
        "title": paper.title,
        "abstract": paper.abstract,
        "tags": list(paper.tags),
        "first_listed": shape.first_listed[paper.slug].day.isoformat(),
        "digests": [
            {
                "label": d.label,
                "date": d.day.isoformat(),
                "date_source": d.date_source.value,
                "url": absolute(site_url, digest_path(d)),
            }
            for d in digests
        ],
        "code": [link.url for link in paper.links if link.kind == "Code"],
        "project_pages": [link.url for link in paper.links if link.kind != "Code"],
        "must_read": paper.highlight,
        "note": paper.note,
        "arxiv": paper.arxiv,
        "curated": paper.curated,
    }


def papers_json(shape: Structure, site_url: str) -> str:
    """Return ``papers.json``: ``{"version": 1, "site_url", "updated", "papers": [...]}`` with
    the papers in slug order (``paper_record``); ``updated`` is the newest digest's date (or
    ``null``). Compact, UTF-8, one paper per line."""
    latest = shape.latest
    head = {
        "version": PAPERS_JSON_VERSION,
        "site_url": site_url,
        "updated": latest.day.isoformat() if latest else None,
    }
    parts = [json.dumps(head, ensure_ascii=False)[:-1] + ',"papers":[']
    for p in shape.site.papers:
        parts += ("\n" if len(parts) == 1 else ",\n", _compact(paper_record(p, shape, site_url)))
    parts.append("\n]}\n" if len(parts) > 1 else "]}\n")
    return "".join(parts)  # one join: 100 MB of text at 50,000 papers is copied once


def _compact(record: object) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))
