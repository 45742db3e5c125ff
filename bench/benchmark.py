#!/usr/bin/env python3
"""Benchmark: build the reading list from N real papers and show how cost grows with N.

For each size N, this script renders N real arXiv papers into digest files (the corpus in
``../shared/corpora`` through its ``make_digests.py scale ... --variant mix``), adds the committed
taxonomy and hand-written pages, then measures

* the generator alone (``python -m generator build``), in seconds;
* the full site build (the real ``mkdocs build --strict`` with the project's ``mkdocs.yml``, which
  runs the generator itself), in seconds and peak resident memory of the build process;
* total HTML bytes, search index bytes (Pagefind's ``pagefind/`` folder) and site bytes, each also per
  paper, plus the largest single pages (the all-papers page, the largest tag page), the size of
  ``papers.json`` and of all feeds together (``feeds/**``).

It prints a table and, between consecutive sizes, the ratios of the per-paper figures. Bytes per
paper may grow by at most ``MAX_BYTES_RATIO`` and seconds per paper by at most
``MAX_TIME_RATIO``; the exit status is 1 when a ratio is over its limit (2 when a build fails).

    python bench/benchmark.py                          # 1,000 and 10,000 papers
    python bench/benchmark.py --papers 1000 10000 50000 --keep /tmp/bench

This is not a test: it takes minutes at 10,000 papers and more at 50,000.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("READING_LIST_CORPORA", ROOT.parent / "shared" / "corpora"))  # a worktree sets it
CORPUS = CORPORA / "arxiv_50k.jsonl.gz"
MAKE_DIGESTS = CORPORA / "make_digests.py"
MAX_BYTES_RATIO = 1.2
MAX_TIME_RATIO = 1.5


@dataclass(frozen=True)
class Run:
    """What one size measured: seconds, peak memory in bytes, sizes in bytes."""

    papers: int
    generate_s: float
    build_s: float
    peak_rss: int
    html_bytes: int
    search_bytes: int
    site_bytes: int
    all_papers_page: int
    largest_tag_page: int
    papers_json: int
    feeds_bytes: int

    def per_paper(self, value: float) -> float:
        return value / self.papers


def run_measured(command: list[str], env: dict, log: Path) -> tuple[float, int]:
    """Run ``command`` from the repository root with its output in ``log``; return wall seconds
    and the peak resident memory (bytes) of that process. Exits with status 2 if it fails."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        print(
            f"failed (exit {process.returncode}): {' '.join(command)}\n{log.read_text(errors='replace')[-4000:]}",
            file=sys.stderr,
        )
        sys.exit(2)
    return seconds, usage.ru_maxrss * 1024  # Linux reports kilobytes


def make_content(papers: int, content: Path, variant: str) -> None:
    """Write ``papers`` real papers as digests, plus the committed taxonomy and pages."""
    digests = content / "digests"
    subprocess.run(
        [
            sys.executable,
            str(MAKE_DIGESTS),
            "scale",
            str(CORPUS),
            str(digests),
            "--total",
            str(papers),
            "--variant",
            variant,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.copy2(ROOT / "content" / "taxonomy.yml", content / "taxonomy.yml")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")


def total_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def measure(papers: int, work: Path, variant: str) -> Run:
    """Make the content for ``papers`` papers in ``work`` and measure generation and build."""
    content = work / "content"
    make_content(papers, content, variant)
    (work / "docs").mkdir()  # MkDocs checks that docs_dir exists before the plugin fills it
    env = {
        **os.environ,
        "READING_LIST_CONTENT_DIR": str(content),
        "READING_LIST_DOCS_DIR": str(work / "docs"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    generate_s, _ = run_measured(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--content-dir",
            str(content),
            "--docs-dir",
            str(work / "generated"),
        ],
        env,
        work / "generate.log",
    )
    site = work / "site"
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    build_s, peak = run_measured(build, env, work / "build.log")
    # papers/page/ holds the all-papers list's later pages, not a paper (unless one is slugged "page").
    pages = [p for p in (site / "papers").iterdir() if (p / "index.html").is_file()]
    tags = [p for p in (site / "tags").rglob("index.html") if p.parent != site / "tags"]  # every page of every tag
    return Run(
        papers=len(pages),
        generate_s=generate_s,
        build_s=build_s,
        peak_rss=peak,
        html_bytes=total_bytes(site, "*.html"),
        search_bytes=total_bytes(site / "pagefind"),
        site_bytes=total_bytes(site),
        all_papers_page=(site / "papers" / "index.html").stat().st_size,
        largest_tag_page=max((p.stat().st_size for p in tags), default=0),
        papers_json=(site / "papers.json").stat().st_size,
        feeds_bytes=total_bytes(site / "feeds"),
    )


COLUMNS = (
    ("papers", lambda r: f"{r.papers:,}"),
    ("generate s", lambda r: f"{r.generate_s:.1f}"),
    ("build s", lambda r: f"{r.build_s:.1f}"),
    ("ms/paper", lambda r: f"{1000 * r.per_paper(r.build_s):.2f}"),
    ("peak MB", lambda r: f"{r.peak_rss / 2**20:.0f}"),
    ("HTML MB", lambda r: f"{r.html_bytes / 2**20:.1f}"),
    ("HTML B/paper", lambda r: f"{r.per_paper(r.html_bytes):,.0f}"),
    ("search MB", lambda r: f"{r.search_bytes / 2**20:.1f}"),
    ("search B/paper", lambda r: f"{r.per_paper(r.search_bytes):,.0f}"),
    ("site MB", lambda r: f"{r.site_bytes / 2**20:.1f}"),
    ("site B/paper", lambda r: f"{r.per_paper(r.site_bytes):,.0f}"),
    ("all-papers KB", lambda r: f"{r.all_papers_page / 1024:,.0f}"),
    ("largest tag KB", lambda r: f"{r.largest_tag_page / 1024:,.0f}"),
    ("papers.json MB", lambda r: f"{r.papers_json / 2**20:.1f}"),
    ("papers.json B/paper", lambda r: f"{r.per_paper(r.papers_json):,.0f}"),
    ("feeds KB", lambda r: f"{r.feeds_bytes / 1024:,.0f}"),
)

# Per-paper figures compared between sizes: (name, value, limit).
RATIOS = (
    ("generate s/paper", lambda r: r.per_paper(r.generate_s), MAX_TIME_RATIO),
    ("build s/paper", lambda r: r.per_paper(r.build_s), MAX_TIME_RATIO),
    ("HTML bytes/paper", lambda r: r.per_paper(r.html_bytes), MAX_BYTES_RATIO),
    ("search bytes/paper", lambda r: r.per_paper(r.search_bytes), MAX_BYTES_RATIO),
    ("site bytes/paper", lambda r: r.per_paper(r.site_bytes), MAX_BYTES_RATIO),
    ("all-papers page bytes/paper", lambda r: r.per_paper(r.all_papers_page), MAX_BYTES_RATIO),
    ("papers.json bytes/paper", lambda r: r.per_paper(r.papers_json), MAX_BYTES_RATIO),
)


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=False)) for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def report(runs: list[Run]) -> bool:
    """Print the table and the ratios; return True when every ratio is within its limit."""
    print(table([[name for name, _ in COLUMNS]] + [[cell(r) for _, cell in COLUMNS] for r in runs]))
    ok = True
    for small, large in itertools.pairwise(runs):
        print(f"\nper-paper ratios, {large.papers:,} vs {small.papers:,} papers:")
        rows = [["figure", "ratio", "limit", "verdict"]]
        for name, value, limit in RATIOS:
            ratio = value(large) / value(small)
            ok &= ratio <= limit
            rows.append([name, f"{ratio:.2f}", f"{limit:.2f}", "ok" if ratio <= limit else "OVER"])
        print(table(rows))
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--papers", type=int, nargs="+", default=[1000, 10000], metavar="N", help="sizes to build (default: 1000 10000)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep content, docs and site of each size in DIR/<N>/ (default: a temporary folder, removed)",
    )
    parser.add_argument("--variant", default="mix", choices=["A", "B", "mix"], help="digest layouts (default: mix)")
    args = parser.parse_args(argv)
    if not CORPUS.is_file() or not MAKE_DIGESTS.is_file():
        missing = ", ".join(str(p) for p in (CORPUS, MAKE_DIGESTS) if not p.is_file())
        print(
            f"skipped: the benchmark needs the shared corpus next to the repository (../shared/corpora, not part of the project); missing: {missing}"
        )
        return 0
    if min(args.papers) < 1:
        parser.error(f"expected sizes of at least 1 paper, got {args.papers!r}")
    taken = [args.keep / str(n) for n in args.papers if args.keep and (args.keep / str(n)).exists()]
    if taken:
        parser.error(
            f"expected --keep to name a folder without these subfolders, found {', '.join(map(str, taken))}; remove them or choose another folder"
        )
    runs = []
    with tempfile.TemporaryDirectory(prefix="reading-list-bench-") as scratch:
        base = args.keep or Path(scratch)
        for papers in sorted(set(args.papers)):
            work = base / str(papers)
            work.mkdir(parents=True)
            print(f"building {papers:,} papers in {work} ...", file=sys.stderr, flush=True)
            runs.append(measure(papers, work, args.variant))
    print()
    return 0 if report(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
