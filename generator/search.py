"""The search index: Pagefind over a built site folder.

``index_site(site_dir)`` runs Pagefind (PyPI ``pagefind[extended]``, which ships the binary) over
the paper pages of a site that MkDocs, or any engine using ``overrides/``, has built, and writes
the index into ``<site_dir>/pagefind/``. The browser loads ``pagefind/pagefind.js`` only when a
reader opens the search box, then fetches just the index chunks and result fragments that a
query needs (``overrides/assets/search/search.js``).

What is indexed is decided by the page body, not here: ``generator/paperpage.py`` marks each
paper page's title, tags, abstract and curator's note with ``data-pagefind-body`` and carries the
filters (tag, year, month, must-read, code) and result metadata (title, tags, date). Pages
without that mark (lists, hand-written pages) are not indexed.

Two ways in. ``python -m generator search-index SITE_DIR`` indexes the paper pages of any built
site (``index_site``). The MkDocs plugin does not wait for the site: the generator writes each
paper page's body into a small page of its own in a scratch folder (``search_pages``; the body is
the page's whole indexed part, so the index is the same), and ``Indexing`` runs Pagefind over
those while MkDocs renders the site, on another core, then moves the index into site_dir.

Runs one subprocess and moves files; ``build.py`` writes the scratch pages.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"
# Only paper pages carry data-pagefind-body; reading only them keeps indexing fast when tag and
# digest pages are large.
PAPER_PAGES = "papers/*/index.html"
LANGUAGE = "en"
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


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """The Pagefind command line that indexes the paper pages of ``site_dir`` into ``output``
    (default ``<site_dir>/pagefind``)."""
    where = ["--output-path", str(output)] if output else ["--output-subdir", OUTPUT_SUBDIR]
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        *where,
        "--glob",
        PAPER_PAGES,
        "--force-language",
        LANGUAGE,
    ]


def search_pages(pages: Mapping[str, str]) -> dict[str, bytes]:
    """Return the pages Pagefind reads instead of the built site: ``{papers/<slug>/index.html:
    bytes}`` for every generated paper page (front matter ``paper: true``) among ``pages``
    (``{path under docs_dir: text}``, ``render.render_site``) whose body is marked
    ``data-pagefind-body``: the body in a bare HTML page."""
    found = {}
    for path, text in pages.items():
        _, front, body = text.split("---\n", 2) if text.startswith("---\n") else ("", "", text)
        if "\npaper: true\n" in f"\n{front}" and "data-pagefind-body" in body:
            page = (
                f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head><body>{body}</body></html>'
            )
            found[f"{path[: -len('.md')]}/index.html"] = page.encode("utf-8")
    return found


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
    """Pagefind running in the background over the pages in ``folder/site`` (``search_pages``),
    writing its index into ``folder/pagefind``; ``finish`` waits for it and puts the index into
    a site folder. Raises ``SearchIndexError`` when Pagefind cannot be started."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.started = folder, time.perf_counter()
        command = pagefind_command(folder / "site", folder / OUTPUT_SUBDIR)
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        except OSError as err:
            raise SearchIndexError(f"could not run Pagefind ({err}); {_INSTALL}") from None

    def finish(self, site_dir: Path) -> SearchIndex:
        """Wait for Pagefind, then replace ``site_dir/pagefind`` with its index. Raises
        ``SearchIndexError`` with Pagefind's message when it failed."""
        output, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise SearchIndexError(f"Pagefind failed (exit {self.process.returncode}):\n{_tail(output)}")
        target = site_dir / OUTPUT_SUBDIR
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(str(self.folder / OUTPUT_SUBDIR), str(target))
        return SearchIndex(target, _pages(output), time.perf_counter() - self.started)

    def stop(self) -> None:
        """Stop Pagefind (a build that failed does not need its index)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def index_site(
    site_dir: Path, nice: int = 0, started: Callable[[subprocess.Popen[str]], None] | None = None
) -> SearchIndex:
    """Index the paper pages of the built site in ``site_dir`` into ``site_dir/pagefind``.
    ``nice`` lowers Pagefind's CPU priority (POSIX), for indexing in the background while
    ``mkdocs serve`` rebuilds; ``started`` is given Pagefind's process as soon as it runs (to
    stop it; it then fails with ``SearchIndexError``).

    An index left by an earlier run is replaced. A site without paper pages gets no index
    (``pages`` 0; the search box then says that search is unavailable). Raises
    ``SearchIndexError`` when ``site_dir`` is not a folder or Pagefind fails (not installed,
    unreadable pages), with Pagefind's own message.
    """
    if not site_dir.is_dir():
        raise SearchIndexError(f"expected a built site folder, found nothing at {site_dir}; build the site first")
    folder = site_dir / OUTPUT_SUBDIR
    shutil.rmtree(folder, ignore_errors=True)
    if next(site_dir.glob(PAPER_PAGES), None) is None:
        return SearchIndex(folder, 0, 0.0)
    start = time.perf_counter()
    try:
        result = _run(pagefind_command(site_dir), nice, started)
    except OSError as err:
        raise SearchIndexError(f"could not run Pagefind ({err}); {_INSTALL}") from None
    seconds = time.perf_counter() - start
    output = f"{result.stdout}\n{result.stderr}".strip()
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}) on {site_dir}:\n{_tail(output)}")
    return SearchIndex(folder, _pages(output), seconds)


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
