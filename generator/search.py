"""The search index: Pagefind over a built site folder, in shards of bounded size.

``index_site(site_dir)`` runs Pagefind (PyPI ``pagefind[extended]``, which ships the binary) over
the paper pages of a site that MkDocs, or any engine using ``overrides/``, has built, and writes
the index into ``<site_dir>/pagefind/``. The browser loads ``pagefind/pagefind.js`` only when a
reader opens the search box, then fetches just the index chunks and result fragments that a
query needs (``overrides/assets/search/search.js``).

Pagefind holds the whole index of a run in memory, about 110 KB per paper page (5.3 GB for 50,000
papers). So the paper pages are split into shards that average at most ``SHARD_PAGES`` pages (by a
hash of the page's path: stable, and even), each indexed by a run of its own, one run after the
other: memory stays that of one shard at any size. Shard 0 is ``pagefind/``, shard ``k`` is
``pagefind/<k>/``, and ``pagefind/shards.json`` (``{"shards": n}``) tells the browser to merge them
(Pagefind's ``mergeIndex``: one search over all, results ranked together, filters counted
together).

Pagefind leaves out of a query the words a shard's index lacks, so the browser asks Pagefind
which shards hold each word of a query (``search.js: whichShards``), a search per word that costs
the most for the commonest words, which every shard holds anyway. ``shards.json`` therefore also
lists, under ``everywhere``, the words known to be in every shard (``everywhere_words``): plain
words of the indexed text, each in at least ``EVERYWHERE_PAGES`` pages of every shard. The
browser does not ask about those. Only ``mkdocs build`` lists them (from the pages it indexes,
``search_pages``); an index made by ``index_site`` has no list, and the browser asks about every
word.

What is indexed is decided by the page body, not here: ``generator/paperpage.py`` marks each
paper page's title, tags, abstract and curator's note with ``data-pagefind-body`` and carries the
filters (tag, year, month, must-read, code) and the result's date. Pages without that mark (lists,
hand-written pages) are not indexed.

Two ways in. ``python -m generator search-index SITE_DIR`` indexes the paper pages of any built
site (``index_site``; each shard is a folder of links to its pages). The MkDocs plugin does not
wait for the site: the generator writes each paper page's body into a small page of its own in
its shard's folder of a scratch folder (``search_pages``; the body is the page's whole indexed
part, so the index is the same), and ``Indexing`` runs Pagefind over those while MkDocs renders
the site, on another core, then moves the index into site_dir.

Runs subprocesses and moves files; ``build.py`` writes the scratch pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
SHARDS_FILE = "shards.json"  # in OUTPUT_SUBDIR: {"shards": n, "everywhere": [word, ...]}
# Paper pages per shard: Pagefind takes about 110 KB of memory per page while it indexes.
SHARD_PAGES = 5_000
# Only paper pages carry data-pagefind-body; reading only them keeps indexing fast when tag and
# digest pages are large.
PAPER_PAGES = "papers/*/index.html"
LANGUAGE = "en"
# shards.json's "everywhere": the words in at least EVERYWHERE_PAGES pages of every shard, the
# commonest first, at most EVERYWHERE_WORDS of them (about 40 KB at 50,000 papers).
EVERYWHERE_PAGES = 10
EVERYWHERE_WORDS = 5_000
EVERYWHERE_FILE = "everywhere.json"  # written by search_pages beside the shards' folders
# The start of an element whose text Pagefind does not index as words, or may not: marked
# ignored, a filter or metadata, or of a kind it skips; a tag; ASCII white space (a word of
# letters only between two, Pagefind indexes as it is).
_NOT_TEXT = re.compile(
    r"<(\w+)\b[^>]*\sdata-pagefind-(?:ignore|filter|meta)\b[^>]*>"
    r"|<(script|style|noscript|template|iframe|svg|math|nav|form|label|button|select|textarea|footer)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_BODY_DIV = re.compile(r"<div\b[^>]*\sdata-pagefind-body\b")
_SPACES = str.maketrans("\t\n\r\f\v", "     ")  # ASCII white space, as spaces
_INDEXED = re.compile(r"Indexed (\d+) pages?")
_INSTALL = "install it with `python3 -m pip install 'pagefind[extended]'`"
# Memory-backed file system for the scratch pages: a folder per page costs a directory on disk,
# which is most of the writing time there (about 3.6 s per 10,000 pages on a 2-core machine,
# 0.3 s in memory). Used only with room to spare (a container's is often 64 MB).
MEMORY_FOLDER = Path("/dev/shm")  # noqa: S108 (a private folder in it, made by mkdtemp)
MEMORY_FOLDER_ROOM = 2**30  # bytes free; the scratch pages and index take about 4 KB per paper


class SearchIndexError(Exception):
    """Raised when the search index cannot be built; the message says why and what to do."""


@dataclass(frozen=True)
class SearchIndex:
    """What ``index_site`` wrote: the index folder ``path`` (``<site_dir>/pagefind``), ``pages``
    indexed and ``seconds`` taken (wall clock)."""

    path: Path
    pages: int
    seconds: float

    def size(self) -> int:
        """Bytes of the index folder (reads every file's size: tens of thousands at scale)."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


def pagefind_command(site_dir: Path, output: Path) -> list[str]:
    """The Pagefind command line that indexes the paper pages of ``site_dir`` into the folder
    ``output``."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-path",
        str(output),
        "--glob",
        PAPER_PAGES,
        "--force-language",
        LANGUAGE,
    ]


def search_pages(pages: Mapping[str, str], shard_pages: int = SHARD_PAGES) -> Iterator[tuple[str, bytes]]:
    """Yield the pages Pagefind reads instead of the built site: ``(<shard>/papers/<slug>/index.html,
    bytes)`` for every generated paper page (front matter ``paper: true``) among ``pages``
    (``{path under docs_dir: text}``, ``render.render_site``) whose body is marked
    ``data-pagefind-body``: the body in a bare HTML page, in the folder of its shard
    (``shard_of``) of ``shard_count`` shards, which average at most ``shard_pages`` pages. With
    more than one shard, last ``(EVERYWHERE_FILE, JSON list of everywhere_words)``."""
    bodies = [path for path, text in pages.items() if _paper_body(text) is not None]
    count = shard_count(len(bodies), shard_pages)
    words: list[Counter[str]] = [Counter() for _ in range(count)]
    for path in bodies:
        body = _paper_body(pages[path]) or ""
        page = f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head><body>{body}</body></html>'
        built = f"{path[: -len('.md')]}/index.html"
        shard = shard_of(built, count)
        if count > 1:
            words[shard].update(plain_words(body))
        yield f"{shard}/{built}", page.encode("utf-8")
    if count > 1:
        yield EVERYWHERE_FILE, json.dumps(everywhere_words(words)).encode("utf-8")


def plain_words(body: str) -> set[str]:
    """The words of letters only (ASCII, lower-cased) that stand between spaces in the text
    Pagefind indexes of a paper page ``body`` (HTML marked ``data-pagefind-body``), with its
    tags and the elements Pagefind ignores or reads as filters and metadata taken out. A word
    next to a tag is left out (``<h1>Sparse``, ``net<i>works</i>``: Pagefind may read the
    letters on either side as one word), so a word may be missed, never made up: each word
    found is one Pagefind indexes for the page."""
    text = _TAG.sub("\0", _without_skipped(_indexed_part(body)))  # "\0": neither a space nor a letter
    return {word.lower() for word in text.translate(_SPACES).split(" ") if word.isascii() and word.isalpha()}


def _indexed_part(body: str) -> str:
    """The ``div`` of ``body`` marked ``data-pagefind-body``, to its closing tag ("" if none)."""
    start = _BODY_DIV.search(body)
    return "" if start is None else body[start.start() : _element_end(body, start.start(), "div")]


def _without_skipped(html: str) -> str:
    """``html`` with each element ``_NOT_TEXT`` starts, and all it holds, as one ``"\0"``."""
    kept, at = [], 0
    while found := _NOT_TEXT.search(html, at):
        kept += [html[at : found.start()], "\0"]
        at = _element_end(html, found.start(), found.group(1) or found.group(2))
    return "".join([*kept, html[at:]])


def _element_end(html: str, start: int, name: str) -> int:
    """Where the ``name`` element opened at ``start`` in ``html`` ends: after its closing tag,
    elements of the same name inside it counted; the end of ``html`` when it is not closed."""
    depth = 0
    for tag in re.finditer(rf"<(/?){re.escape(name)}\b[^>]*>", html[start:], re.I):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start + tag.end()
    return len(html)


def everywhere_words(
    shards: list[Counter[str]], least: int = EVERYWHERE_PAGES, most: int = EVERYWHERE_WORDS
) -> list[str]:
    """The words in at least ``least`` pages of every shard (``shards[k]``: word -> pages of
    shard ``k`` holding it, ``plain_words``), the commonest first (then alphabetical), at most
    ``most``; none for fewer than two shards."""
    if len(shards) < 2:
        return []
    common = set.intersection(*({word for word, pages in shard.items() if pages >= least} for shard in shards))
    total = {word: sum(shard[word] for shard in shards) for word in common}
    return sorted(common, key=lambda word: (-total[word], word))[:most]


def _paper_body(text: str) -> str | None:
    """The body of a generated paper page's Markdown ``text`` marked for the index, or None."""
    _, front, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
    return body if "\npaper: true\n" in f"\n{front}" and "data-pagefind-body" in body else None


def shard_count(pages: int, shard_pages: int = SHARD_PAGES) -> int:
    """How many shards ``pages`` paper pages take at ``shard_pages`` pages a shard (at least 1)."""
    return max(1, -(-pages // max(1, shard_pages)))


def shard_of(path: str, count: int) -> int:
    """The shard (``0 <= k < count``) of the paper page at ``path`` (``papers/<slug>/index.html``,
    relative to site_dir): a hash of the path, the same on every machine and build."""
    digest = hashlib.blake2b(path.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count


def scratch_folder() -> Path:
    """A new empty folder for ``Indexing``: in ``MEMORY_FOLDER`` when it is a writable folder
    with ``MEMORY_FOLDER_ROOM`` free, else in the system's temporary folder. The caller removes
    it."""
    where = None
    with contextlib.suppress(OSError):
        room = os.statvfs(MEMORY_FOLDER)
        if os.access(MEMORY_FOLDER, os.W_OK) and room.f_bavail * room.f_frsize >= MEMORY_FOLDER_ROOM:
            where = MEMORY_FOLDER
    return Path(tempfile.mkdtemp(prefix="reading-list-search-", dir=where))


class Indexing:
    """Pagefind running in the background over the pages in ``folder/site/<shard>/``
    (``search_pages``), one shard after the other, writing each shard's index into
    ``folder/out/<shard>``; ``finish`` waits for it and puts the index into a site folder. Raises
    ``SearchIndexError`` when Pagefind cannot be started."""

    def __init__(self, folder: Path) -> None:
        self.started = time.perf_counter()
        self.folder = folder
        sites = sorted((p for p in (folder / "site").iterdir() if p.name.isdigit()), key=lambda p: int(p.name))
        self.runs = [(site, folder / "out" / site.name) for site in sites]
        self.lock = threading.Lock()
        self.process: subprocess.Popen[str] | None = None
        self.stopped = False
        self.result: list[str] | SearchIndexError = SearchIndexError("Pagefind did not run")
        self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        outputs = []
        for site, out in self.runs:
            try:
                outputs.append(_run_shard(site, out, started=self._started).stdout)
            except SearchIndexError as err:
                self.result = err
                return
        self.result = outputs

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self.lock:
            self.process = process
            stopped = self.stopped
        if stopped:
            stop_process(process)

    def finish(self, site_dir: Path) -> SearchIndex:
        """Wait for Pagefind, then replace ``site_dir/pagefind`` with its index. Raises
        ``SearchIndexError`` with Pagefind's message when it failed."""
        self.thread.join()
        if isinstance(self.result, SearchIndexError):
            raise self.result
        try:
            target = install([out for _, out in self.runs], site_dir, self._everywhere())
        except OSError as err:
            raise SearchIndexError(f"could not write the search index into {site_dir}: {err}") from None
        return SearchIndex(target, sum(map(_pages, self.result)), time.perf_counter() - self.started)

    def _everywhere(self) -> list[str]:
        """The words ``search_pages`` found in every shard (none when it wrote no list)."""
        listed = self.folder / "site" / EVERYWHERE_FILE
        return json.loads(listed.read_text(encoding="utf-8")) if listed.is_file() else []

    def stop(self) -> None:
        """Stop Pagefind (a build that failed does not need its index)."""
        with self.lock:
            self.stopped = True
            process = self.process
        if process is not None:
            stop_process(process)
        self.thread.join()


def index_site(
    site_dir: Path,
    nice: int = 0,
    started: Callable[[subprocess.Popen[str]], None] | None = None,
    shard_pages: int = SHARD_PAGES,
) -> SearchIndex:
    """Index the paper pages of the built site in ``site_dir`` into ``site_dir/pagefind``, in
    shards that average at most ``shard_pages`` pages (each a scratch folder of links to its
    pages). ``nice`` lowers Pagefind's CPU priority (POSIX), for indexing in the background while
    ``mkdocs serve`` rebuilds; ``started`` is given each Pagefind process as soon as it runs (to
    stop it; it then fails with ``SearchIndexError``).

    An index left by an earlier run is replaced. A site without paper pages gets no index
    (``pages`` 0; the search box then says that search is unavailable). Raises
    ``SearchIndexError`` when ``site_dir`` is not a folder, Pagefind fails (not installed,
    unreadable pages: with Pagefind's own message) or the index cannot be written.
    """
    if not site_dir.is_dir():
        raise SearchIndexError(f"expected a built site folder, found nothing at {site_dir}; build the site first")
    folder = site_dir / OUTPUT_SUBDIR
    shutil.rmtree(folder, ignore_errors=True)
    pages = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.glob(PAPER_PAGES))
    if not pages:
        return SearchIndex(folder, 0, 0.0)
    start = time.perf_counter()
    try:
        scratch = scratch_folder()
        try:
            count = shard_count(len(pages), shard_pages)
            sites = [site_dir] if count == 1 else _linked_shards(site_dir, pages, count, scratch / "site")
            outputs = [scratch / "out" / str(k) for k in range(len(sites))]
            indexed = sum(
                _pages(_run_shard(site, out, nice, started).stdout) for site, out in zip(sites, outputs, strict=True)
            )
            install(outputs, site_dir)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    except OSError as err:
        raise SearchIndexError(f"could not write the search index into {folder}: {err}") from None
    return SearchIndex(folder, indexed, time.perf_counter() - start)


def _linked_shards(site_dir: Path, pages: list[str], count: int, folder: Path) -> list[Path]:
    """Make ``folder/<k>/`` hold, for each of ``pages`` (paths under ``site_dir``) in shard
    ``k``, a link to it at the same path (a copy where the file system has no links); return
    the folders of the shards that got pages."""
    for page in pages:
        link = folder / str(shard_of(page, count)) / page
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to((site_dir / page).resolve())
        except OSError:
            shutil.copyfile(site_dir / page, link)
    return [folder / str(k) for k in range(count) if (folder / str(k)).is_dir()]  # a shard may get no page


def install(outputs: list[Path], site_dir: Path, everywhere: list[str] | None = None) -> Path:
    """Move the shard indexes ``outputs`` (Pagefind's output folders, shard 0 first) into
    ``site_dir``: shard 0 to ``pagefind/``, shard ``k`` to ``pagefind/<k>/`` (its index and
    metadata only: ``mergeIndex`` runs shard 0's script and WebAssembly), and write
    ``pagefind/shards.json`` (``{"shards": n}``, and ``"everywhere": everywhere`` when given).
    The index is put together beside ``pagefind/``, then replaces it (an earlier index stays
    whole if this fails); returns its folder. Raises ``OSError``."""
    target, new = site_dir / OUTPUT_SUBDIR, site_dir / f".{OUTPUT_SUBDIR}-new"
    shutil.rmtree(new, ignore_errors=True)
    shutil.move(str(outputs[0]), str(new))
    for k, out in enumerate(outputs[1:], start=1):
        for path in out.iterdir():  # the script, WebAssembly and UI: the browser uses shard 0's
            if path.is_file() and path.name != "pagefind-entry.json" and path.suffix != ".pf_meta":
                path.unlink()
        shutil.move(str(out), str(new / str(k)))
    shards: dict[str, object] = {"shards": len(outputs)}
    if everywhere:
        shards["everywhere"] = everywhere
    (new / SHARDS_FILE).write_text(json.dumps(shards) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    new.rename(target)
    return target


def _run_shard(
    site: Path, output: Path, nice: int = 0, started: Callable[[subprocess.Popen[str]], None] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run Pagefind over the paper pages of ``site`` into ``output``; return its run (output
    in ``stdout``). Raises ``SearchIndexError`` when it cannot run or fails."""
    try:
        result = _run(pagefind_command(site, output), nice, started)
    except OSError as err:
        raise SearchIndexError(f"could not run Pagefind ({err}); {_INSTALL}") from None
    output_text = f"{result.stdout}\n{result.stderr}".strip()
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}) on {site}:\n{_tail(output_text)}")
    return subprocess.CompletedProcess(result.args, 0, output_text, "")


def stop_process(process: subprocess.Popen[str]) -> None:
    """Kill ``process`` if it still runs (without waiting for it)."""
    if process.poll() is None:
        process.kill()


def _run(
    command: list[str], nice: int, started: Callable[[subprocess.Popen[str]], None] | None
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` to its end, capturing its output, at ``nice`` (set right after it starts,
    before Pagefind's wrapper starts the indexer, which inherits it); hand the process to
    ``started``."""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        if nice and hasattr(os, "setpriority"):
            with contextlib.suppress(OSError):  # the process may have ended already
                os.setpriority(os.PRIO_PROCESS, process.pid, nice)
        if started is not None:
            started(process)
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _pages(output: str) -> int:
    """The page count Pagefind reports (``Indexed 54 pages``); -1 when it says none."""
    found = _INDEXED.search(output)
    return int(found.group(1)) if found else -1


def _tail(output: str, lines: int = 20) -> str:
    return "\n".join(output.splitlines()[-lines:]) or "(no output)"
