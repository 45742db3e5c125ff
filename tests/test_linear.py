"""Every pass over untrusted text is linear: a 5 MB worst-case digest finishes in seconds.

The digest is generated here: 20,000-character abstracts and 500-character titles made of the
patterns that made regular expressions backtrack or rescan (unclosed ````, many ``https://``
in one word, unbalanced parentheses after a URL, LaTeX commands without their braces, ties).
Parsing, merging, tagging and rendering the pages must take about twice as long for twice the
input (asserted loosely: under three times, plus a noise floor) and a few seconds in all.
"""

from __future__ import annotations

import time

from generator.digest import MAX_ABSTRACT_CHARS, MAX_DIGEST_BYTES
from generator.pipeline import SourceFile, assemble
from generator.render import render_site

PATTERNS = [
    "``",
    "``a'",
    "http://",
    "https://x.y/",
    "https://a.b/(",
    "https://[",
    "https://a-",
    "\\textit{",
    "\\url{",
    "~",
    '\\"',
    "www.",
    "a https://x.org/y? b ",
    "[",
    "e.g. ",
]
TITLE_CHARS = 290  # longer lines read as abstracts
TAXONOMY = b"tags:\n  - name: Agents\n    description: Systems that act.\n    rules:\n      text: ['\\bagents?\\b']\n"


def worst_case_digest(size: int) -> bytes:
    """A layout-A digest of about ``size`` bytes: pathological titles and abstracts in turn."""
    lines = ["Subscribe", "Aug 27"]
    total, index = 0, 0
    while total < size:
        pattern = PATTERNS[index % len(PATTERNS)]
        title = (f"Paper {index} " + pattern * TITLE_CHARS)[:TITLE_CHARS].rstrip(". ")
        title = title if not title.endswith(".") else title + "x"
        abstract = (pattern * MAX_ABSTRACT_CHARS)[: MAX_ABSTRACT_CHARS - 1] + "."
        lines += [title, abstract]
        total += len(title) + len(abstract) + 2
        index += 1
    return "\n".join(lines).encode("utf-8")


def seconds_for(size: int) -> float:
    digest = SourceFile("content/digests/000.txt", "000", worst_case_digest(size))
    started = time.perf_counter()
    site = assemble([digest], SourceFile("content/taxonomy.yml", "taxonomy", TAXONOMY), [])
    pages = render_site(site)
    elapsed = time.perf_counter() - started
    assert len(site.papers) == sum(len(d.entries) for d in site.digests) > 0
    assert len(pages) > len(site.papers)
    return elapsed


def test_a_five_megabyte_worst_case_digest_takes_seconds_and_time_grows_linearly():
    quarter = seconds_for(MAX_DIGEST_BYTES // 4)
    half = seconds_for(MAX_DIGEST_BYTES // 2)
    assert half < 3 * quarter + 1.0, (quarter, half)
    whole = seconds_for(MAX_DIGEST_BYTES - 100_000)
    assert whole < 3 * half + 2.0, (half, whole)
    assert whole < 60, whole  # the quadratic ``(.+?)'' alone took about 4 s per abstract
