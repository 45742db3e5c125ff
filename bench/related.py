#!/usr/bin/env python3
"""Benchmark of related papers alone: time and peak memory of ``related.related_papers`` on N
real arXiv records (``../shared/corpora/arxiv_50k.jsonl.gz``), without building a site.

Each size runs in a fresh Python process, so the peak resident memory (``ru_maxrss``) is that of
the computation at that size. Limits (the issue's): at most 60 s and 2 GB at 50,000 papers; the
exit status is 1 when a size over 10,000 breaks them.

    python bench/related.py                       # 10,000 and 50,000 papers
    python bench/related.py --papers 1000 10000

Measured (bench/README.md): 2.6 CPU s and 181 MB at 10,000 papers, 17.3 CPU s and 398 MB at
50,000 (17.9 s wall on the shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.related import RELATED  # noqa: E402  (the repository's package, next to bench/)

# The shared corpus sits next to the repository (or next to the folder of git worktrees).
CORPUS = next(
    (
        p
        for p in (
            ROOT.parent / "shared" / "corpora" / "arxiv_50k.jsonl.gz",
            ROOT.parent.parent / "shared" / "corpora" / "arxiv_50k.jsonl.gz",
        )
        if p.is_file()
    ),
    ROOT.parent / "shared" / "corpora" / "arxiv_50k.jsonl.gz",
)
MAX_SECONDS = 60.0
MAX_BYTES = 2 * 1024**3

CHILD = """
import gzip, json, resource, sys, time
sys.path.insert(0, {root!r})
from generator.model import Paper
from generator.papers import identity_key, paper_slug
from generator.related import RELATED, related_papers
papers = []
with gzip.open({corpus!r}, "rt", encoding="utf-8") as lines:
    for line in lines:
        record = json.loads(line)
        title = " ".join(record["title"].split())
        key = identity_key(title)
        papers.append(Paper(key, paper_slug(key) + "-" + str(len(papers)), title, " ".join(record["abstract"].split()), (), ()))
        if len(papers) == {n}:
            break
start, cpu = time.perf_counter(), time.process_time()
found = related_papers(papers)
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
full = sum(1 for v in found.values() if len(v) == RELATED)
print(json.dumps({{"papers": len(papers), "seconds": seconds, "cpu_seconds": cpu, "peak_bytes": peak, "with_all": full}}))
"""


def measure(n: int) -> dict:
    """Run ``related_papers`` on the first ``n`` corpus records in a child process."""
    code = CHILD.format(root=str(ROOT), corpus=str(CORPUS), n=n)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, nargs="+", default=[10_000, 50_000])
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"skipped: {CORPUS} is missing (the shared corpus next to the repository)")
        return 0
    status = 0
    print(
        f"| papers | seconds | CPU seconds | peak memory | papers with {RELATED} related |\n| ---: | ---: | ---: | ---: | ---: |"
    )
    for n in args.papers:
        row = measure(n)
        print(
            f"| {row['papers']:,} | {row['seconds']:.1f} | {row['cpu_seconds']:.1f} | {row['peak_bytes'] / 1024**2:,.0f} MB | {row['with_all']:,} |",
            flush=True,
        )
        if n > 10_000 and (row["seconds"] > MAX_SECONDS or row["peak_bytes"] > MAX_BYTES):
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
