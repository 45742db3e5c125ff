#!/usr/bin/env python3
"""Benchmark: build the reading list from N real papers and report the figures of issue 11.

For each size N, this script renders N real arXiv papers into digest files (the corpus in
``../shared/corpora`` through its ``make_digests.py scale ... --variant mix``), adds the committed
taxonomy and hand-written pages, then measures

* build: seconds of the generator alone (``python -m generator build``) and of the full
  ``mkdocs build --strict`` with the project's ``mkdocs.yml`` (the ``reading-list`` plugin runs the
  generator and indexes the site with Pagefind, so search is included); the peak resident memory
  of the build process and the peak memory of its whole process tree (Pagefind and the forked
  workers run as children): the sum of proportional set sizes, in which the pages a forked
  worker shares with the build process count once, as they do for the kernel (the sum of
  resident sizes, which counts them once per process, is printed beside it), sampled with
  psutil every ``SAMPLE_S`` seconds (proportional sizes every ``PSS_EVERY``-th time), and the
  kernel's figure for the largest single process;
* pages: median and maximum HTML bytes per page type (paper, tag, digest, all-papers, archive,
  home, other) and the largest page of the site;
* size: HTML, search index (``pagefind/``), ``papers.json``, feeds and site bytes, site bytes per
  paper, the site size projected to 100,000 papers, and the GitHub Pages artifact: the bytes
  ``actions/upload-pages-artifact`` uploads (a tar of the site, stored zipped at deflate level 6
  by ``actions/upload-artifact``), the figure ``actions/deploy-pages`` compares with 1 GB;
* first visit: the gzip bytes (level 6, body by body) of everything headless Chromium fetches
  when it opens the median paper page with an empty cache, and the 3 largest responses; the
  same for the median paper page with typeset math (its MathML is in the page);
* serve: seconds from a file write until ``mkdocs serve --dirty --livereload`` serves the change, for a
  new digest, a new taxonomy tag and a new curation file (on a copy of the same content).

It prints a table per group, per-paper ratios between sizes, and a ``targets`` block with issue
11's "Done when" numbers, each PASS, MISS or n/a (a size that was not run). Targets are reported,
not enforced: the exit status is 0, or 2 when a build or ``mkdocs serve`` fails.

    python bench/benchmark.py                          # 1,000 and 10,000 papers
    python bench/benchmark.py --papers 1000 10000 50000 --keep /tmp/bench
    python bench/benchmark.py --papers 1000 --serve-at  # no serve measurement

This is not a test: it takes minutes at 10,000 papers and more at 50,000.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import psutil

if TYPE_CHECKING:
    from playwright.sync_api import Response

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.digest import reads_as_title  # noqa: E402
from generator.papers import title_slug  # noqa: E402
from generator.tags import tag_slug  # noqa: E402

CORPORA = Path(os.environ.get("READING_LIST_CORPORA", ROOT.parent / "shared" / "corpora"))  # a worktree sets it
CORPUS = CORPORA / "arxiv_50k.jsonl.gz"
MAKE_DIGESTS = CORPORA / "make_digests.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAMPLE_S = 0.2  # memory sampling interval of the build's process tree
PSS_EVERY = 5  # proportional set sizes every 5th sample: reading them slows a large build
KB, MB = 1024, 2**20
PAGE_TYPES = ("paper", "tag", "digest", "all-papers", "archive", "home", "other")
PROJECTED_PAPERS = 100_000

# What the serve measurement writes into its copy of the content. The words in capitals of the
# title, the tag and the note are found in no corpus paper, and survive any HTML escaping.
PROBE_TITLE = "Zebrafinchbench: Timing How Fast a Served Reading List Follows an Edit"
PROBE_ABSTRACT = (
    "We add one paper to a reading list that is being served and measure the seconds until the "
    "served site shows it. The paper exists only for this measurement, and its abstract is long "
    "enough to read as an abstract rather than as a title. Nothing in it is meant to be read."
)
PROBE_TITLE_WORD = "Zebrafinchbench"
PROBE_TAG = "Reloadprobe"
PROBE_NOTE_WORD = "Curatorprobe"
PROBE_DIGEST = "9999_bench_reload.txt"  # sorts last: the newest digest


@dataclass(frozen=True)
class Measured:
    """One command's wall seconds and peak memory in bytes: ``own`` (the process's resident
    memory, sampled), ``tree`` (the memory of the process and all its descendants, sampled: the
    sum of their proportional set sizes, in which a page that forked workers share with the
    process counts once, as the kernel holds it; the sum of resident sizes where the system
    gives no PSS), ``tree_rss`` (the sum of their resident sizes, which counts shared pages once
    per process) and ``largest`` (the kernel's maximum RSS of the process or any descendant it
    waited for)."""

    seconds: float
    own: int
    tree: int
    tree_rss: int
    largest: int


@dataclass(frozen=True)
class PageStats:
    """HTML bytes of the pages of one type: count, median and maximum."""

    count: int
    median: float
    largest: int


@dataclass(frozen=True)
class FirstVisit:
    """What an empty-cache visit to ``page`` fetched: ``responses`` as (URL, gzip bytes),
    largest first; ``error`` says why it was not measured (then ``responses`` is empty)."""

    page: str
    responses: tuple[tuple[str, int], ...] = ()
    error: str = ""

    @property
    def total(self) -> int:
        return sum(size for _, size in self.responses)


@dataclass(frozen=True)
class ServeReload:
    """Seconds of ``mkdocs serve``: the first build, and per change (``None``: timed out)."""

    first_build_s: float
    changes: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Run:
    """What one size measured: seconds, memory and sizes in bytes, per page type and in all."""

    requested: int
    papers: int
    generate_s: float
    build: Measured
    pages: dict[str, PageStats]
    largest_page: tuple[str, int]
    html_bytes: int
    search_bytes: int
    site_bytes: int
    artifact_bytes: int
    papers_json: int
    feeds_bytes: int
    first_visit: FirstVisit | None
    math_visit: FirstVisit | None
    serve: ServeReload | None

    def per_paper(self, value: float) -> float:
        return value / self.papers


# --- running commands --------------------------------------------------------------------


def tree_memory(process: psutil.Process, proportional: bool = True) -> tuple[int, int, int]:
    """Memory of ``process`` now: its resident bytes, and over it and all its descendants the
    sum of proportional set sizes (resident sizes where the system gives none, or without
    ``proportional``: reading them costs the system a walk over each process's memory) and the
    sum of resident sizes (all 0 once it is gone)."""
    try:
        processes = [process, *process.children(recursive=True)]
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return 0, 0, 0
    own = pss_total = rss_total = 0
    for each in processes:
        with suppress(psutil.NoSuchProcess, psutil.AccessDenied):  # exited since the listing
            rss = int(each.memory_info().rss)
            pss = int(getattr(each.memory_full_info(), "pss", rss)) if proportional else 0
            own = rss if each is process else own
            pss_total, rss_total = pss_total + pss, rss_total + rss
    return own, pss_total, rss_total


def fail(message: str, log: Path) -> None:
    """Print ``message`` and the end of ``log`` and exit with status 2."""
    print(f"{message}\n{log.read_text(errors='replace')[-4000:]}", file=sys.stderr)
    sys.exit(2)


def run_sampled(command: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run ``command`` from the repository root with its output in ``log``, sampling the memory
    of its process tree every ``SAMPLE_S`` seconds. Exits with status 2 if it fails."""
    own = tree = tree_rss = samples = 0
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        watched = psutil.Process(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            sample = tree_memory(watched, proportional=samples % PSS_EVERY == 0)
            own, tree, tree_rss = max(own, sample[0]), max(tree, sample[1]), max(tree_rss, sample[2])
            samples += 1
            time.sleep(SAMPLE_S)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        fail(f"failed (exit {process.returncode}): {' '.join(command)}", log)
    return Measured(seconds, own, tree, tree_rss, usage.ru_maxrss * 1024)  # Linux reports kilobytes


def run_measured(command: list[str], env: dict[str, str], log: Path) -> tuple[float, int]:
    """Run ``command`` as ``run_sampled`` does; return wall seconds and the largest resident
    memory (bytes) of the process or any process under it. Exits with status 2 if it fails."""
    measured = run_sampled(command, env, log)
    return measured.seconds, measured.largest


# --- content and build -------------------------------------------------------------------


def usable_corpus(work: Path) -> Path:
    """The corpus without the records whose abstract reads as a title (1 of 50,000: a
    103-character abstract with no full stop), which the digest parser rightly refuses as
    ambiguous and a curator would fix by hand; written once into ``work``."""
    usable = work / "corpus.jsonl.gz"
    if not usable.exists():
        with gzip.open(CORPUS, "rt", encoding="utf-8") as source, gzip.open(usable, "wt", encoding="utf-8") as out:
            for line in source:
                if not reads_as_title(" ".join(json.loads(line)["abstract"].split())):
                    out.write(line)
    return usable


def make_content(papers: int, content: Path, variant: str) -> None:
    """Write ``papers`` real papers as digests, plus the committed taxonomy and pages."""
    digests = content / "digests"
    subprocess.run(
        [
            sys.executable,
            str(MAKE_DIGESTS),
            "scale",
            str(usable_corpus(content.parent.parent)),
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


def build_env(content: Path, docs: Path) -> dict[str, str]:
    """The environment that points ``mkdocs.yml`` at ``content`` and ``docs``."""
    return {
        **os.environ,
        "READING_LIST_CONTENT_DIR": str(content),
        "READING_LIST_DOCS_DIR": str(docs),
        "NO_MKDOCS_2_WARNING": "1",
    }


def generate_seconds(content: Path, work: Path) -> float:
    """Seconds of ``python -m generator build`` on ``content`` (pages into ``work/generated``)."""
    command = [sys.executable, "-m", "generator", "build", "--content-dir", str(content)]
    command += ["--docs-dir", str(work / "generated")]
    return run_sampled(command, build_env(content, work / "docs"), work / "generate.log").seconds


def build_site(content: Path, work: Path) -> tuple[Path, Measured]:
    """Run the full ``mkdocs build --strict`` of ``content``; return the site folder and figures."""
    (work / "docs").mkdir()  # MkDocs checks that docs_dir exists before the plugin fills it
    site = work / "site"
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml")]
    build += ["-d", str(site)]
    return site, run_sampled(build, build_env(content, work / "docs"), work / "build.log")


# --- output sizes --------------------------------------------------------------------------


def total_bytes(folder: Path, pattern: str = "*") -> int:
    """Bytes of the files under ``folder`` matching ``pattern`` (0 when it does not exist)."""
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


class _DeflatedBytes:
    """A write-only stream that deflates what it is given (``level``) and counts the output."""

    def __init__(self, level: int) -> None:
        self.deflate = zlib.compressobj(level)
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.bytes += len(self.deflate.compress(data))
        return len(data)

    def total(self) -> int:
        return self.bytes + len(self.deflate.flush())


def pages_artifact_bytes(site: Path) -> int:
    """Bytes of the GitHub Pages artifact of ``site`` as the deploy workflow makes it:
    ``actions/upload-pages-artifact`` archives the folder into one tar, which
    ``actions/upload-artifact`` stores zipped (deflate, its default level 6); ``deploy-pages``
    warns when that passes 1 GB. The tar is deflated as it is written: nothing goes to disk."""
    sink = _DeflatedBytes(6)
    with tarfile.open(fileobj=sink, mode="w|", format=tarfile.GNU_FORMAT) as tar:  # type: ignore[call-overload]
        for path in sorted(site.rglob("*")):
            tar.add(path, arcname=f"./{path.relative_to(site).as_posix()}", recursive=False)
    return sink.total()


def paper_slugs(site: Path) -> frozenset[str] | None:
    """The slugs of every paper listed in ``site``'s ``papers.json`` (None without that file)."""
    export = site / "papers.json"
    if not export.is_file():
        return None
    return frozenset(paper["slug"] for paper in json.loads(export.read_bytes())["papers"])


def page_type(page: PurePosixPath, slugs: frozenset[str] | None = None) -> str:
    """The type of an HTML page at ``page`` (relative to site_dir): ``papers/<slug>/index.html``
    is a paper (``slug`` one of ``slugs`` when given, else any folder but ``page``), anything else
    under ``papers/`` (``papers/index.html``, ``papers/page/...``) the all-papers list; ``tags/``,
    ``digests/`` and ``archive/`` give their type, ``index.html`` is home, everything else (404,
    hand-written pages) other."""
    parts = page.parts
    if parts == ("index.html",):
        return "home"
    if parts[0] == "papers":
        folder = parts[1] if len(parts) == 3 and parts[2] == "index.html" else None
        listed = folder in slugs if slugs is not None else folder not in (None, "page")
        return "paper" if listed else "all-papers"
    return {"tags": "tag", "digests": "digest", "archive": "archive"}.get(parts[0], "other")


def html_sizes(site: Path) -> dict[str, dict[str, int]]:
    """Bytes of every HTML page of ``site`` outside ``pagefind/``, by type, then by path."""
    sizes: dict[str, dict[str, int]] = {kind: {} for kind in PAGE_TYPES}
    slugs = paper_slugs(site)
    for path in site.rglob("*.html"):
        relative = PurePosixPath(path.relative_to(site).as_posix())
        if relative.parts[0] != "pagefind" and path.is_file():
            sizes[page_type(relative, slugs)][relative.as_posix()] = path.stat().st_size
    return sizes


def page_stats(sizes: dict[str, dict[str, int]]) -> dict[str, PageStats]:
    """Count, median and maximum bytes of each page type that has pages."""
    return {
        kind: PageStats(len(pages), statistics.median(pages.values()), max(pages.values()))
        for kind, pages in sizes.items()
        if pages
    }


def with_math(site: Path, pages: dict[str, int]) -> dict[str, int]:
    """The entries of ``pages`` (paths under ``site``) whose page holds typeset math."""
    return {path: size for path, size in pages.items() if "<math>" in (site / path).read_text(encoding="utf-8")}


def median_page(pages: dict[str, int]) -> str:
    """The path of the page of median size (the lower middle one of an even count)."""
    ordered = sorted(pages, key=lambda path: (pages[path], path))
    return ordered[(len(ordered) - 1) // 2]


def largest(sizes: dict[str, dict[str, int]]) -> tuple[str, int]:
    """The path and bytes of the largest HTML page of all types."""
    return max(((path, size) for pages in sizes.values() for path, size in pages.items()), key=lambda item: item[1])


# --- first visit in Chromium -------------------------------------------------------------


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yield the base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def browser_missing() -> str:
    """Why the first visit cannot be measured here ("" when it can)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is missing (python -m pip install -e '.[test]')"
    return "" if CHROMIUM.is_file() else f"{CHROMIUM} is missing (apt-get install chromium)"


def gzip_size(body: bytes) -> int:
    """Bytes of ``body`` compressed with gzip at level 6."""
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def body_of(response: Response) -> bytes:
    """The body of a response (empty for a redirect, which has none)."""
    from playwright.sync_api import Error

    try:
        return response.body()
    except Error:
        return b""


def shown_url(response: Response, base: str) -> str:
    """The URL of ``response`` relative to ``base``, with its status when that is not 200."""
    address = response.url.removeprefix(base) or "/"
    return address if response.status == 200 else f"{address} [{response.status}]"


def first_visit(site: Path, page: str) -> FirstVisit:
    """Open ``page`` (relative to ``site``) in headless Chromium with an empty cache and collect
    every response, with instant navigation's later fetches (sitemap.xml) included."""
    missing = browser_missing()
    if missing:
        return FirstVisit(page, error=missing)
    from playwright.sync_api import sync_playwright

    responses: list[Response] = []
    with serve_folder(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_context().new_page()
            # Playwright marks its handlers with an attribute, which a bound method cannot take.
            tab.on("response", lambda response: responses.append(response))  # noqa: PLW0108
            tab.goto(url + page.removesuffix("index.html"), wait_until="networkidle")
            tab.wait_for_timeout(1500)  # fetches the page's scripts start after the load
            tab.wait_for_load_state("networkidle")
            fetched = [(shown_url(response, url), gzip_size(body_of(response))) for response in responses]
        finally:
            browser.close()
    return FirstVisit(page, tuple(sorted(fetched, key=lambda item: -item[1])))


# --- mkdocs serve ----------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float) -> str | None:
    """The body of ``url`` as text, or None when it cannot be fetched (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=max(timeout, 1)) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, word: str, timeout: float, server: subprocess.Popen[bytes], log: Path) -> float | None:
    """Poll ``url`` until its body holds ``word``; return the monotonic time it did, or None
    after ``timeout`` seconds. Exits with status 2 if the server exits."""
    deadline = time.monotonic() + timeout
    while (now := time.monotonic()) < deadline:
        if server.poll() is not None:
            fail(f"mkdocs serve exited with status {server.returncode}", log)
        body = fetch(url, deadline - now)
        if body is not None and word in body:
            return time.monotonic()
        time.sleep(SAMPLE_S)
    return None


def replace_file(path: Path, text: str) -> float:
    """Write ``path`` at once, as editors do (a temporary name, then a rename); return the
    monotonic time of the rename."""
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(text, encoding="utf-8")
    written = time.monotonic()
    os.replace(temporary, path)
    return written


def probe_digest() -> str:
    """A layout-A digest without a date line holding the probe paper."""
    header = ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers"]
    return "\n\n".join([*header, "byAK and the research community", PROBE_TITLE, PROBE_ABSTRACT]) + "\n"


def probe_tag() -> str:
    """A taxonomy entry (to append under ``tags:``) that matches only the probe paper."""
    return (
        f"\n  - name: {PROBE_TAG}\n"
        "    description: A tag the build benchmark adds to time a reload.\n"
        f"    rules:\n      title:\n        - '{PROBE_TITLE_WORD.lower()}'\n"
    )


Change = tuple[str, Callable[[], float], str, str]


def changes(content: Path) -> list[Change]:
    """The content changes timed under ``mkdocs serve``, in order: (name, a function that
    writes the change and returns when, the page to poll relative to the base URL, the word
    that shows the change there). The tag matches the paper of the digest; the note is its."""
    slug = title_slug(PROBE_TITLE)
    taxonomy = content / "taxonomy.yml"
    note = f"note: {PROBE_NOTE_WORD} says this paper only times a reload.\n"
    return [
        (
            "digest",
            partial(replace_file, content / "digests" / PROBE_DIGEST, probe_digest()),
            f"papers/{slug}/",
            PROBE_TITLE_WORD,
        ),
        (
            "taxonomy",
            lambda: replace_file(taxonomy, taxonomy.read_text("utf-8") + probe_tag()),
            f"tags/{tag_slug(PROBE_TAG)}/",
            PROBE_TITLE_WORD,
        ),
        (
            "curation",
            partial(replace_file, content / "curation" / f"{slug}.yml", note),
            f"papers/{slug}/",
            PROBE_NOTE_WORD,
        ),
    ]


def start_server(content: Path, docs: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start the README's ``mkdocs serve --dirty --livereload`` on ``content`` at ``port`` (a session of
    its own, so that it and Pagefind under it can be stopped together)."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a", f"127.0.0.1:{port}"]
    command += ["-f", str(ROOT / "mkdocs.yml")]
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=build_env(content, docs),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop ``mkdocs serve`` as Ctrl+C does (it removes its temporary site); kill its process
    group if it has not ended 30 seconds later."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            pass
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def serve_reload(content: Path, work: Path, start_timeout: float, reload_timeout: float) -> ServeReload:
    """Copy ``content`` into ``work``, serve it, and time each change of ``changes``."""
    copy = work / "content"
    shutil.copytree(content, copy)
    (copy / "curation").mkdir(exist_ok=True)
    (work / "docs").mkdir()
    port, log = free_port(), work / "serve.log"
    started = time.monotonic()
    server = start_server(copy, work / "docs", port, log)
    url = f"http://127.0.0.1:{port}/"
    try:
        served = wait_for(url, "<html", start_timeout, server, log)
        if served is None:
            fail(f"mkdocs serve did not answer {url} within {start_timeout:.0f} s", log)
        first_build_s = (served or started) - started
        time.sleep(1)  # let the watcher settle
        timed: dict[str, float | None] = {}
        for name, write, page, word in changes(copy):
            written = write()
            shown = wait_for(url + page, word, reload_timeout, server, log)
            timed[name] = None if shown is None else shown - written
            time.sleep(1)
        return ServeReload(first_build_s, timed)
    finally:
        stop_server(server)


# --- one size --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """How to measure one size: ``variant`` (digest layouts: A, B or mix), ``serve`` (time
    ``mkdocs serve``) with its timeouts in seconds, and ``visit`` (the first visit in Chromium)."""

    variant: str = "mix"
    serve: bool = True
    visit: bool = True
    start_timeout: float = 1800
    reload_timeout: float = 600


def measure(papers: int, work: Path, options: Options) -> Run:
    """Make the content for ``papers`` papers in ``work`` and measure everything of one size."""
    content = work / "content"
    make_content(papers, content, options.variant)
    generate_s = generate_seconds(content, work)
    site, build = build_site(content, work)
    sizes = html_sizes(site)
    visit = first_visit(site, median_page(sizes["paper"])) if options.visit and sizes["paper"] else None
    math = with_math(site, sizes["paper"]) if options.visit else {}
    math_visit = first_visit(site, median_page(math)) if math else None
    serve = None
    if options.serve:
        print(f"  serving {papers:,} papers ...", file=sys.stderr, flush=True)
        serve = serve_reload(content, work / "serve", options.start_timeout, options.reload_timeout)
    return Run(
        requested=papers,
        papers=len(sizes["paper"]),
        generate_s=generate_s,
        build=build,
        pages=page_stats(sizes),
        largest_page=largest(sizes),
        html_bytes=sum(sum(pages.values()) for pages in sizes.values()),
        search_bytes=total_bytes(site / "pagefind"),
        site_bytes=total_bytes(site),
        artifact_bytes=pages_artifact_bytes(site),
        papers_json=(site / "papers.json").stat().st_size if (site / "papers.json").is_file() else 0,
        feeds_bytes=total_bytes(site / "feeds"),
        first_visit=visit,
        math_visit=math_visit,
        serve=serve,
    )


# --- report ----------------------------------------------------------------------------------


def table(rows: list[list[str]], left: int = 0) -> str:
    """``rows`` (the first is the header) as a text table; the first ``left`` columns are
    left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        " | ".join(
            cell.ljust(width) if i < left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=False))
        )
        for row in rows
    ]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


Column = tuple[str, Callable[[Run], str]]

BUILD_COLUMNS: tuple[Column, ...] = (
    ("papers", lambda r: f"{r.papers:,}"),
    ("generate s", lambda r: f"{r.generate_s:.1f}"),
    ("build s", lambda r: f"{r.build.seconds:.1f}"),
    ("build ms/paper", lambda r: f"{1000 * r.per_paper(r.build.seconds):.2f}"),
    ("build process peak MB", lambda r: f"{r.build.own / MB:.0f}"),
    ("process tree peak MB", lambda r: f"{r.build.tree / MB:.0f}"),
    ("tree peak, RSS summed MB", lambda r: f"{r.build.tree_rss / MB:.0f}"),
    ("largest process MB", lambda r: f"{r.build.largest / MB:.0f}"),
)

SIZE_COLUMNS: tuple[Column, ...] = (
    ("papers", lambda r: f"{r.papers:,}"),
    ("HTML MB", lambda r: f"{r.html_bytes / MB:.1f}"),
    ("HTML B/paper", lambda r: f"{r.per_paper(r.html_bytes):,.0f}"),
    ("search MB", lambda r: f"{r.search_bytes / MB:.1f}"),
    ("search B/paper", lambda r: f"{r.per_paper(r.search_bytes):,.0f}"),
    ("papers.json MB", lambda r: f"{r.papers_json / MB:.1f}"),
    ("feeds KB", lambda r: f"{r.feeds_bytes / KB:,.0f}"),
    ("site MB", lambda r: f"{r.site_bytes / MB:.1f}"),
    ("site B/paper", lambda r: f"{r.per_paper(r.site_bytes):,.0f}"),
    ("Pages artifact MB", lambda r: f"{r.artifact_bytes / MB:.1f}"),
)

# Per-paper figures compared between consecutive sizes (informative, not enforced).
RATIOS: tuple[tuple[str, Callable[[Run], float]], ...] = (
    ("generate s/paper", lambda r: r.per_paper(r.generate_s)),
    ("build s/paper", lambda r: r.per_paper(r.build.seconds)),
    ("tree peak bytes/paper", lambda r: r.per_paper(r.build.tree)),
    ("HTML bytes/paper", lambda r: r.per_paper(r.html_bytes)),
    ("search bytes/paper", lambda r: r.per_paper(r.search_bytes)),
    ("site bytes/paper", lambda r: r.per_paper(r.site_bytes)),
)


def columns_table(columns: Sequence[Column], runs: list[Run]) -> str:
    return table([[name for name, _ in columns]] + [[cell(r) for _, cell in columns] for r in runs])


def pages_table(runs: list[Run]) -> str:
    """Per page type and size: pages, median KB and maximum KB."""
    header = ["page type"] + [f"{label} @ {r.papers:,}" for r in runs for label in ("pages", "median KB", "max KB")]
    rows = [header]
    for kind in PAGE_TYPES:
        row = [kind]
        for run in runs:
            stats = run.pages.get(kind)
            row += (
                [f"{stats.count:,}", f"{stats.median / KB:.1f}", f"{stats.largest / KB:.1f}"]
                if stats
                else ["0", "-", "-"]
            )
        rows.append(row)
    return table(rows, left=1)


def projection(runs: list[Run]) -> tuple[float, float, str]:
    """Fixed bytes, bytes per paper and how they were found: a least-squares line through
    (papers, site bytes) over the sizes run, or with one size its bytes per paper and no fixed part."""
    if len(runs) < 2:
        return (
            0.0,
            runs[0].per_paper(runs[0].site_bytes),
            f"per-paper bytes at {runs[0].papers:,} x papers (one size: no fixed part)",
        )
    slope, intercept = statistics.linear_regression([r.papers for r in runs], [r.site_bytes for r in runs])
    return intercept, slope, f"linear fit over {', '.join(f'{r.papers:,}' for r in runs)} papers"


def projected_site(runs: list[Run], papers: int) -> float:
    """Site bytes projected to ``papers`` papers (see ``projection``)."""
    fixed, per_paper, _ = projection(runs)
    return fixed + per_paper * papers


def visit_lines(runs: list[Run]) -> list[str]:
    """The first-visit figures of each size, for the median paper page and the median one with
    math: total gzip KB and the 3 largest responses."""
    lines = []
    for run in runs:
        for label, visit in (("", run.first_visit), (" (math)", run.math_visit)):
            if visit is None:
                lines.append(f"{run.papers:,} papers{label}: not measured")
            elif visit.error:
                lines.append(f"{run.papers:,} papers{label}: not measured: {visit.error}")
            else:
                top = ", ".join(f"{url} {size / KB:.1f} KB" for url, size in visit.responses[:3])
                lines.append(
                    f"{run.papers:,} papers{label}: {visit.total / KB:.1f} KB gzip in {len(visit.responses)} responses for {visit.page}; largest: {top}"
                )
    return lines


def serve_table(runs: list[Run]) -> str:
    """Seconds of ``mkdocs serve``'s first build and of each change, per size."""
    served = [(run, run.serve) for run in runs if run.serve]
    names = ["digest", "taxonomy", "curation"]
    rows = [["papers", "first build s", *(f"{name} reload s" for name in names)]]
    for run, serve in served:
        timed = [serve.changes.get(name) for name in names]
        seconds = [f"{s:.1f}" if s is not None else "timeout" for s in timed]
        rows.append([f"{run.papers:,}", f"{serve.first_build_s:.1f}", *seconds])
    return table(rows) if served else "not measured (--serve-at names no size run)"


def ratio_tables(runs: list[Run]) -> list[str]:
    """Per-paper ratios between consecutive sizes, and of the largest size against the smallest."""
    pairs = list(itertools.pairwise(runs))
    if len(runs) > 2:
        pairs.append((runs[0], runs[-1]))
    blocks = []
    for small, large in pairs:
        rows = [["figure", "ratio"]]
        rows += [[name, f"{value(large) / value(small):.2f}"] for name, value in RATIOS if value(small)]
        blocks.append(f"per-paper ratios, {large.papers:,} vs {small.papers:,} papers:\n{table(rows, left=1)}")
    return blocks


def report(runs: list[Run]) -> None:
    """Print every group's table and the targets."""
    print("build (seconds; peak resident memory, sampled every 0.2 s):")
    print(columns_table(BUILD_COLUMNS, runs))
    print("\nHTML pages by type (KB = 1,024 bytes):")
    print(pages_table(runs))
    for run in runs:
        path, size = run.largest_page
        print(f"largest page at {run.papers:,} papers: {path} ({size / KB:,.1f} KB)")
    print("\nsite size:")
    print(columns_table(SIZE_COLUMNS, runs))
    fixed, per_paper, how = projection(runs)
    print(
        f"projected site at {PROJECTED_PAPERS:,} papers: {projected_site(runs, PROJECTED_PAPERS) / MB:,.0f} MB ({how}: {fixed / MB:,.1f} MB fixed + {per_paper:,.0f} B/paper)"
    )
    print(
        "\nfirst visit to the median paper page, and to the median one with math (empty cache, gzip level 6 of each body):"
    )
    print("\n".join(visit_lines(runs)))
    print("\nmkdocs serve --livereload: seconds from the file write until the served page shows it:")
    print(serve_table(runs))
    for block in ratio_tables(runs):
        print(f"\n{block}")
    print("\ntargets (issue 11):")
    print(table([["target", "measured", "verdict"], *targets(runs)], left=2))


# --- targets ---------------------------------------------------------------------------------


def at(runs: list[Run], papers: int) -> Run | None:
    """The run of ``papers`` requested papers, if it was run."""
    return next((r for r in runs if r.requested == papers), None)


def verdict(value: float | None, limit: float) -> str:
    return "n/a" if value is None else ("PASS" if value <= limit else "MISS")


def sized_target(
    runs: list[Run], papers: int, figure: Callable[[Run], float | None], unit: str
) -> tuple[str, float | None]:
    """The measured text and value of a target at ``papers`` papers (n/a when not run)."""
    run = at(runs, papers)
    value = figure(run) if run else None
    if value is None:
        return (f"not run at {papers:,}" if run is None else "not measured"), None
    if value == float("inf"):
        return f"timed out at {papers:,}", value
    return f"{value:,.1f} {unit} at {papers:,}", value


def worst_target(runs: list[Run], figure: Callable[[Run], float], unit: str) -> tuple[str, float]:
    """The largest value of ``figure`` over every size run, with its size."""
    run = max(runs, key=figure)
    return f"{figure(run):,.1f} {unit} at {run.papers:,}", figure(run)


def first_visit_kb(run: Run) -> float | None:
    """The heavier first visit of ``run`` (median paper page, or median page with math) in KB."""
    sizes = [visit.total / KB for visit in (run.first_visit, run.math_visit) if visit and not visit.error]
    return max(sizes) if sizes else None


def serve_worst(run: Run) -> float | None:
    """The slowest reload of ``run`` (infinity when one timed out, None when not served)."""
    if run.serve is None:
        return None
    return max((s if s is not None else float("inf")) for s in run.serve.changes.values())


def site_target(runs: list[Run]) -> tuple[str, float]:
    """The site MB at 50,000 papers: measured when run, projected otherwise (and said so)."""
    run = at(runs, 50_000)
    if run:
        return f"{run.site_bytes / MB:,.0f} MB at 50,000", run.site_bytes / MB
    projected = projected_site(runs, 50_000) / MB
    return f"{projected:,.0f} MB projected ({projection(runs)[2]})", projected


def ratio_target(runs: list[Run]) -> tuple[str, float | None]:
    """Build seconds per paper of the largest size over the smallest (issue 11 names 50k vs 1k)."""
    if len(runs) < 2:
        return "one size run", None
    small, large = runs[0], runs[-1]
    ratio = large.per_paper(large.build.seconds) / small.per_paper(small.build.seconds)
    return f"{ratio:.2f}x ({large.papers:,} vs {small.papers:,})", ratio


def targets(runs: list[Run]) -> list[list[str]]:
    """Issue 11's targets: [target, measured, PASS/MISS/n/a]."""
    rows: list[tuple[str, tuple[str, float | None], float]] = [
        (
            "median paper page <= 8 KB",
            worst_target(runs, lambda r: r.pages["paper"].median / KB if "paper" in r.pages else 0, "KB"),
            8,
        ),
        ("no HTML page > 150 KB", worst_target(runs, lambda r: r.largest_page[1] / KB, "KB"), 150),
        ("site at 50k <= 500 MB", site_target(runs), 500),
        ("build at 10k <= 40 s", sized_target(runs, 10_000, lambda r: r.build.seconds, "s"), 40),
        ("build at 50k <= 200 s", sized_target(runs, 50_000, lambda r: r.build.seconds, "s"), 200),
        ("build s/paper largest vs smallest <= 1.2x", ratio_target(runs), 1.2),
        ("peak memory (tree) at 50k <= 2 GB", sized_target(runs, 50_000, lambda r: r.build.tree / MB, "MB"), 2048),
        ("serve reload at 10k <= 10 s (slowest)", sized_target(runs, 10_000, serve_worst, "s"), 10),
        ("first visit at 50k <= 150 KB gzip", sized_target(runs, 50_000, first_visit_kb, "KB"), 150),
    ]
    return [[name, text, verdict(value, limit)] for name, (text, value), limit in rows]


# --- command line ----------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
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
    parser.add_argument(
        "--serve-at",
        type=int,
        nargs="*",
        metavar="N",
        help="sizes at which to time mkdocs serve (default: every size; the flag alone: none)",
    )
    parser.add_argument("--no-visit", action="store_true", help="skip the first visit in Chromium")
    parser.add_argument(
        "--reload-timeout", type=float, default=600, metavar="S", help="seconds to wait for one reload (default 600)"
    )
    args = parser.parse_args(argv)
    if min(args.papers) < 1:
        parser.error(f"expected sizes of at least 1 paper, got {args.papers!r}")
    taken = [args.keep / str(n) for n in args.papers if args.keep and (args.keep / str(n)).exists()]
    if taken:
        parser.error(
            f"expected --keep to name a folder without these subfolders, found {', '.join(map(str, taken))}; remove them or choose another folder"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not CORPUS.is_file() or not MAKE_DIGESTS.is_file():
        missing = ", ".join(str(p) for p in (CORPUS, MAKE_DIGESTS) if not p.is_file())
        print(
            f"skipped: the benchmark needs the shared corpus next to the repository (../shared/corpora, not part of the project; READING_LIST_CORPORA names another folder); missing: {missing}"
        )
        return 0
    serve_at = set(args.papers if args.serve_at is None else args.serve_at)
    runs = []
    with tempfile.TemporaryDirectory(prefix="reading-list-bench-") as scratch:
        base = args.keep or Path(scratch)
        for papers in sorted(set(args.papers)):
            work = base / str(papers)
            work.mkdir(parents=True)
            print(f"building {papers:,} papers in {work} ...", file=sys.stderr, flush=True)
            options = Options(args.variant, papers in serve_at, not args.no_visit, reload_timeout=args.reload_timeout)
            runs.append(measure(papers, work, options))
    print()
    report(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
