#!/usr/bin/env python3
"""Search benchmark: build N real papers, then search the built site in headless Chromium.

For each size N this script writes N real arXiv papers as digests (as ``bench/benchmark.py``
does), runs the real ``mkdocs build --strict`` (which indexes the site with Pagefind), indexes
the built site once more on its own to time Pagefind (seconds, peak memory), and serves the site
on 127.0.0.1. It then pastes the exact titles of a random sample of papers into the header search
box, as a reader would, and measures

* the share of titles whose paper is the first result;
* seconds from the last keystroke (the paste) to the first result shown and to the box's whole
  answer, on a warm page (Pagefind already loaded by an earlier query, so the box shows
  Pagefind's ranking under the title index's paper) and on a cold page (a fresh browser
  context: nothing cached; the title index answers);
* the same on a warm page for a topic: two neighbouring words of each sampled paper's abstract
  (``topic``), which the title index never answers, so its first result is Pagefind's;
* bytes transferred for a cold query (everything fetched after the page loaded and the box
  opened), and bytes of either index (``pagefind/``, ``search/titles/``) fetched by the first
  visit to a page before any search (must be 0);
* the index size (``site/pagefind``) and indexing seconds (of an index made again, then
  dropped: the searches run on the index the build made).

    python bench/search_benchmark.py                          # 1,000 and 10,000 papers
    python bench/search_benchmark.py --papers 50000 --keep /tmp/search-bench

It prints a table and checks the targets of issue 10; the exit status is 1 when a target is
missed, 2 when a build fails. Without ``../shared/corpora`` it prints why it skipped and exits 0;
without Chromium or Playwright likewise. This is not a test: 50,000 papers take 10 minutes or more.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import benchmark  # noqa: E402
from benchmark import make_content, run_measured, table  # noqa: E402

from generator.build import ContentPaths, load_site  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
TARGETS = {"first": 0.99, "cold_kb": 300, "warm_s": 0.3, "cold_s": 1.0, "index_s": 60}

# Paste ``query`` into the search box and resolve, once the box has shown its whole answer to this
# query (the results panel's data-state is "done"), with the seconds to that answer, the seconds
# to the first result shown (a link in the emptied list; the whole answer's when none shows
# before it) and the href of the first result ("" when none).
PASTE = """async (query) => {
  const input = document.querySelector("[data-rl-search-query]");
  const meta = document.querySelector("[data-rl-search-meta]");
  const list = document.querySelector("[data-rl-search-result] .md-search-result__list");
  const panel = document.querySelector("[data-rl-search-result]");
  if (input.value) {
    input.value = "";
    input.dispatchEvent(new Event("input"));
    await new Promise((done) => {
      const check = () => (meta.textContent.startsWith("Type") ? done() : setTimeout(check, 5));
      check();
    });
  }
  input.focus();
  let firstAt = null;
  const seen = new MutationObserver(() => {
    if (firstAt === null && list.querySelector("a.md-search-result__link")) firstAt = performance.now();
  });
  seen.observe(list, { childList: true, subtree: true });
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event("input"));
  await new Promise((done, fail) => {
    const check = () => {
      if (panel.dataset.state === "done") return done();
      if (performance.now() - start > 60000) return fail(new Error("no answer in 60 s"));
      setTimeout(check, 2);
    };
    check();
  });
  const end = performance.now();
  seen.disconnect();
  const first = list.querySelector("a.md-search-result__link");
  return [(end - start) / 1000, ((firstAt ?? end) - start) / 1000, first ? first.getAttribute("href") : ""];
}"""


@dataclass(frozen=True)
class Result:
    """One size's figures: shares in 0..1, seconds, bytes."""

    papers: int
    sampled: int
    first_share: float
    misses: tuple[str, ...]
    warm_median_s: float
    warm_p95_s: float
    warm_first_median_s: float
    warm_first_p95_s: float
    topic_first_median_s: float
    topic_first_p95_s: float
    topics_found: float
    cold_median_s: float
    cold_max_s: float
    cold_bytes_median: int
    cold_bytes_max: int
    first_visit_bytes: int
    index_bytes: int
    index_s: float
    index_peak_rss: int
    build_s: float


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yield the base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build(papers: int, work: Path) -> tuple[Path, float]:
    """Write the content of ``papers`` papers and build it; return the site folder and seconds."""
    content = work / "content"
    make_content(papers, content, "mix")
    (work / "docs").mkdir()
    env = {
        **os.environ,
        "READING_LIST_CONTENT_DIR": str(content),
        "READING_LIST_DOCS_DIR": str(work / "docs"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    site = work / "site"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        str(ROOT / "mkdocs.yml"),
        "-d",
        str(site),
    ]
    seconds, _ = run_measured(command, env, work / "build.log")
    return site, seconds


def index_again(site: Path, log: Path) -> tuple[float, int, int]:
    """Index ``site`` once more on its own (``python -m generator search-index``): Pagefind's
    seconds, the peak memory of that command and Pagefind under it, and the index bytes. The
    index the build made is put back afterwards: the searches run on the site as built."""
    built, aside = site / "pagefind", site.parent / "pagefind-as-built"
    built.rename(aside)
    try:
        _, peak = run_measured([sys.executable, "-m", "generator", "search-index", str(site)], dict(os.environ), log)
        size = sum(p.stat().st_size for p in built.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(built, ignore_errors=True)
        aside.rename(built)
    seconds = float(re.search(r" in ([0-9.]+) s", log.read_text(encoding="utf-8")).group(1))
    return seconds, peak, size


def measure_queries(site: Path, content: Path, sample: int, cold: int, seed: int) -> dict:
    """Search the sampled titles on the served ``site``; return the raw figures."""
    from playwright.sync_api import sync_playwright

    papers = list(load_site(ContentPaths(ROOT, content)).papers)
    chosen = random.Random(seed).sample(papers, min(sample, len(papers)))
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        hits, misses, warm, warm_first, topics = 0, [], [], [], []
        page = browser.new_context().new_page()
        page.goto(url)
        page.evaluate(PASTE, "warm up")
        for paper in chosen:
            seconds, first, href = page.evaluate(PASTE, paper.title)
            warm.append(seconds)
            warm_first.append(first)
            if href.rstrip("/").endswith(f"papers/{paper.slug}"):
                hits += 1
            else:
                misses.append(paper.title)
        words = random.Random(seed + 1)
        for paper in chosen:
            seconds, first, href = page.evaluate(PASTE, topic(paper.abstract, words))
            topics.append((seconds, first, bool(href)))
        cold_s, cold_bytes, first_visit = [], [], 0
        for paper in chosen[:cold]:
            seconds, spent, before, href = cold_query(browser, url, paper.title)
            if href.rstrip("/").endswith(f"papers/{paper.slug}"):
                hits += 1
            else:
                misses.append(f"{paper.title} (cold)")
            cold_s.append(seconds)
            cold_bytes.append(spent)
            first_visit = max(first_visit, before)
        browser.close()
    return {
        "sampled": len(chosen) + len(cold_s),
        "hits": hits,
        "misses": misses,
        "warm": warm,
        "warm_first": warm_first,
        "topics": topics,
        "cold": cold_s,
        "cold_bytes": cold_bytes,
        "first_visit": first_visit,
    }


def topic(abstract: str, choice: random.Random) -> str:
    """Two neighbouring words of ``abstract``, each of five letters or more ("diffusion
    transformers"), the pair chosen by ``choice``; its first such word alone when it has no pair."""
    words = re.findall(r"[^\W\d_]+|\S", abstract)
    pairs = [f"{a} {b}".lower() for a, b in itertools.pairwise(words) if len(a) >= 5 and len(b) >= 5]
    return choice.choice(pairs) if pairs else next((w.lower() for w in words if len(w) >= 5), "model")


def cold_query(browser, url: str, title: str) -> tuple[float, int, int, str]:
    """Open the home page in a fresh context (nothing cached), open the search box and paste
    ``title``: seconds to the answer, bytes of everything fetched from then on, bytes of either
    index fetched before, and the first result's href."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda request: fetched.append((request.url, request.sizes()["responseBodySize"])))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(500)  # let the events of the page load arrive
    page.locator("[data-rl-search-query]").click()
    page.wait_for_load_state("networkidle")
    before = sum(size for address, size in fetched if "/pagefind/" in address or "/search/titles/" in address)
    loaded = len(fetched)
    seconds, _, href = page.evaluate(PASTE, title)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    spent = sum(size for _, size in fetched[loaded:])
    context.close()
    return seconds, spent, before, href


def p95(ordered: list[float]) -> float:
    """The 95th percentile of the sorted ``ordered`` (the nearest rank below)."""
    return ordered[int(0.95 * (len(ordered) - 1))]


def run(papers: int, work: Path, sample: int, cold: int, seed: int) -> Result:
    site, build_s = build(papers, work)
    index_s, index_rss, index_bytes = index_again(site, work / "index.log")
    found = measure_queries(site, work / "content", sample, cold, seed)
    warm, warm_first = sorted(found["warm"]), sorted(found["warm_first"])
    topic_first = sorted(first for _, first, _ in found["topics"])
    return Result(
        papers=papers,
        sampled=found["sampled"],
        first_share=found["hits"] / found["sampled"],
        misses=tuple(found["misses"]),
        warm_median_s=statistics.median(warm),
        warm_p95_s=p95(warm),
        warm_first_median_s=statistics.median(warm_first),
        warm_first_p95_s=p95(warm_first),
        topic_first_median_s=statistics.median(topic_first),
        topic_first_p95_s=p95(topic_first),
        topics_found=sum(answered for _, _, answered in found["topics"]) / len(found["topics"]),
        cold_median_s=statistics.median(found["cold"]),
        cold_max_s=max(found["cold"]),
        cold_bytes_median=int(statistics.median(found["cold_bytes"])),
        cold_bytes_max=max(found["cold_bytes"]),
        first_visit_bytes=found["first_visit"],
        index_bytes=index_bytes,
        index_s=index_s,
        index_peak_rss=index_rss,
        build_s=build_s,
    )


COLUMNS = (
    ("papers", lambda r: f"{r.papers:,}"),
    ("title first", lambda r: f"{100 * r.first_share:.1f}% of {r.sampled}"),
    ("warm title, first s (median/p95)", lambda r: f"{r.warm_first_median_s:.3f} / {r.warm_first_p95_s:.3f}"),
    ("warm title, whole s (median/p95)", lambda r: f"{r.warm_median_s:.3f} / {r.warm_p95_s:.3f}"),
    ("warm topic, first s (median/p95)", lambda r: f"{r.topic_first_median_s:.3f} / {r.topic_first_p95_s:.3f}"),
    ("topics answered", lambda r: f"{100 * r.topics_found:.0f}%"),
    ("cold s (median/max)", lambda r: f"{r.cold_median_s:.3f} / {r.cold_max_s:.3f}"),
    ("cold KB (median/max)", lambda r: f"{r.cold_bytes_median / 1024:.0f} / {r.cold_bytes_max / 1024:.0f}"),
    ("first visit KB", lambda r: f"{r.first_visit_bytes / 1024:.0f}"),
    ("index MB", lambda r: f"{r.index_bytes / 2**20:.1f}"),
    ("index s", lambda r: f"{r.index_s:.1f}"),
    ("index peak MB", lambda r: f"{r.index_peak_rss / 2**20:.0f}"),
    ("build s", lambda r: f"{r.build_s:.0f}"),
)


def verdicts(result: Result) -> list[str]:
    """The targets ``result`` misses, as sentences."""
    missed = []
    if result.first_share < TARGETS["first"]:
        missed.append(f"{result.papers:,}: exact title first for {100 * result.first_share:.1f}% (target 99%)")
    for what, seconds in (("title", result.warm_first_median_s), ("topic", result.topic_first_median_s)):
        if seconds > TARGETS["warm_s"]:
            missed.append(f"{result.papers:,}: warm first result for a {what} {seconds:.3f} s (target 0.3 s)")
    if result.cold_median_s > TARGETS["cold_s"]:
        missed.append(f"{result.papers:,}: cold first result {result.cold_median_s:.3f} s (target 1.0 s)")
    if result.cold_bytes_median > TARGETS["cold_kb"] * 1024:
        missed.append(f"{result.papers:,}: {result.cold_bytes_median / 1024:.0f} KB for a cold query (target 300 KB)")
    if result.index_s > TARGETS["index_s"]:
        missed.append(f"{result.papers:,}: indexing {result.index_s:.0f} s (target 60 s)")
    if result.first_visit_bytes:
        missed.append(f"{result.papers:,}: the first visit fetched {result.first_visit_bytes} bytes of search data")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, nargs="+", default=[1000, 10000], metavar="N")
    parser.add_argument("--sample", type=int, default=200, help="titles searched per size (default 200)")
    parser.add_argument("--cold", type=int, default=20, help="of which searched from a cold page (default 20)")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep each size's content and site in DIR/<N>/")
    parser.add_argument(
        "--corpora", type=Path, default=benchmark.CORPORA, help="the shared corpus folder (default ../shared/corpora)"
    )
    args = parser.parse_args(argv)
    benchmark.CORPUS = args.corpora / benchmark.CORPUS.name
    benchmark.MAKE_DIGESTS = args.corpora / benchmark.MAKE_DIGESTS.name
    if not benchmark.CORPUS.is_file() or not benchmark.MAKE_DIGESTS.is_file():
        print(f"skipped: the benchmark needs the shared corpus next to the repository: {benchmark.CORPUS}")
        return 0
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        print("skipped: Playwright is missing; install the test extras: python -m pip install -e '.[test]'")
        return 0
    if not CHROMIUM.is_file():
        print(f"skipped: {CHROMIUM} is missing; install Debian's Chromium (apt-get install chromium)")
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="reading-list-search-bench-") as scratch:
        base = args.keep or Path(scratch)
        for papers in sorted(set(args.papers)):
            work = base / str(papers)
            work.mkdir(parents=True)
            print(f"building and searching {papers:,} papers in {work} ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            results.append(run(papers, work, args.sample, args.cold, args.seed))
            print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(table([[name for name, _ in COLUMNS]] + [[cell(r) for _, cell in COLUMNS] for r in results]))
    for result in results:
        for title in result.misses:
            print(f"not first at {result.papers:,}: {title}")
    missed = [line for r in results for line in verdicts(r)]
    print("\n".join(["", "targets missed:", *missed]) if missed else "\nall targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
