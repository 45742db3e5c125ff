"""The search index under ``mkdocs serve``: Pagefind in a background thread.

Indexing 10,000 paper pages takes Pagefind many seconds; under ``mkdocs serve`` the browser
should reload as soon as the pages are built. ``BackgroundIndex.request`` (called by the plugin
after each serve build) starts indexing in a thread and returns at once. One indexing runs at a
time; a build that finishes while one runs asks for another, which starts when the running one
ends (however many builds finished meanwhile, one re-run covers them). A build that starts
stops the running one (``interrupt``): the pages are about to change, and the build gets the
machine to itself; its own request starts indexing again. When the index matches the newest
build, it logs ``search index up to date``. ``mkdocs build`` does not use this: its index must
be complete when the build ends.
"""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from .search import SHARD_PAGES, SearchIndex, SearchIndexError, index_site, stop_process

BACKGROUND_NICE = 10  # Pagefind's CPU priority under serve: the next rebuild comes first

# Indexes a site folder, handing its Pagefind process to the callback as soon as it runs.
Index = Callable[[Path, Callable[[subprocess.Popen[str]], None]], SearchIndex]


def background_index(
    site_dir: Path, started: Callable[[subprocess.Popen[str]], None], shard_pages: int = SHARD_PAGES
) -> SearchIndex:
    """``search.index_site`` at ``BACKGROUND_NICE``, in shards of ``shard_pages`` pages."""
    return index_site(site_dir, BACKGROUND_NICE, started, shard_pages)


class BackgroundIndex:
    """Indexes ``site_dir`` with ``index`` (``background_index``) in a thread, one run at a
    time; ``log(level, message)`` reports each run (``info``) and each failure (``error``)."""

    def __init__(self, log: Callable[[str, str], None], index: Index = background_index) -> None:
        self.log, self.index = log, index
        self.lock = threading.Lock()
        self.wanted = 0  # builds that asked for an index
        self.done = 0  # the newest build an index run has covered
        self.stops = 0  # runs stopped by `interrupt`
        self.paused = False  # stopped, until the next request
        self.thread: threading.Thread | None = None
        self.process: subprocess.Popen[str] | None = None
        self.site_dir: Path | None = None
        self.closed = False
        self.run_stops = 0  # `stops` when the running run began

    def request(self, site_dir: Path) -> None:
        """Ask for an index of ``site_dir`` as it is now; returns at once."""
        with self.lock:
            self.wanted += 1
            self.site_dir, self.paused = site_dir, False
            if self.thread is None:  # a running thread sees `wanted` grow before it ends
                self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self.thread.start()

    def interrupt(self) -> None:
        """Stop the running index, if any, and start none until the next ``request``; the
        stopped run counts for nothing (its build is indexed again)."""
        with self.lock:
            self.paused = True
            self.stops += 1
            process = self.process
        if process is not None:
            stop_process(process)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no indexing runs (at most ``timeout`` seconds); True when none runs."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def close(self) -> None:
        """Stop the running index, if any, and start no further run (the session is ending:
        MkDocs deletes site_dir next)."""
        with self.lock:
            self.closed = True
            process = self.process
        if process is not None:
            stop_process(process)

    def _started(self, process: subprocess.Popen[str]) -> None:
        with self.lock:
            self.process = process
            # Interrupted or closed while it was starting, or between two shards of the run.
            stopped = self.closed or self.paused or self.stops != self.run_stops
        if stopped:
            stop_process(process)

    def _run(self) -> None:
        while True:
            with self.lock:
                if self.closed or self.paused or self.done >= self.wanted or self.site_dir is None:
                    self.thread = None
                    return
                build, site_dir, stops = self.wanted, self.site_dir, self.stops
                self.run_stops = stops
            try:
                found: SearchIndex | SearchIndexError = self.index(site_dir, self._started)
            except SearchIndexError as err:
                found = err
            with self.lock:
                self.process = None
                stopped = self.stops != stops
                if not stopped:
                    self.done = build
                newer = build < self.wanted
            if not stopped:
                self._report(found, newer)

    def _report(self, found: SearchIndex | SearchIndexError, newer: bool) -> None:
        if isinstance(found, SearchIndexError):
            self.log("error", f"search index: {found}")
            return
        state = "a newer build is waiting" if newer else "search index up to date"
        self.log("info", f"search index: {found.pages} paper pages in {found.seconds:.1f} s; {state}")
