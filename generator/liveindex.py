"""The search index under ``mkdocs serve``: Pagefind in a background thread.

Indexing 10,000 paper pages takes Pagefind many seconds; under ``mkdocs serve`` the browser
should reload as soon as the pages are built. ``BackgroundIndex.request`` (called by the plugin
after each serve build) starts indexing in a thread and returns at once. One indexing runs at a
time; a build that finishes while one runs asks for another, which starts when the running one
ends (however many builds finished meanwhile, one re-run covers them). When the index matches
the newest build, it logs ``search index up to date``. ``mkdocs build`` does not use this: its
index must be complete when the build ends.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .search import SearchIndex, SearchIndexError, index_site

BACKGROUND_NICE = 10  # Pagefind's CPU priority under serve: the next rebuild comes first


class BackgroundIndex:
    """Indexes ``site_dir`` with ``index`` (``search.index_site``) in a thread, one run at a
    time; ``log(level, message)`` reports each run (``info``) and each failure (``error``)."""

    def __init__(self, log: Callable[[str, str], None], index: Callable[[Path], SearchIndex] = index_site) -> None:
        self.log, self.index = log, index
        self.lock = threading.Lock()
        self.wanted = 0  # builds that asked for an index
        self.done = 0  # the newest build an index run has covered
        self.thread: threading.Thread | None = None
        self.site_dir: Path | None = None
        self.closed = False

    def request(self, site_dir: Path) -> None:
        """Ask for an index of ``site_dir`` as it is now; returns at once."""
        with self.lock:
            self.wanted += 1
            self.site_dir = site_dir
            if self.thread is None:  # a running thread sees `wanted` grow before it ends
                self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self.thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until no indexing runs (at most ``timeout`` seconds); True when none runs."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def close(self) -> None:
        """Start no further run (the session is ending)."""
        with self.lock:
            self.closed = True

    def _run(self) -> None:
        while True:
            with self.lock:
                if self.closed or self.done >= self.wanted or self.site_dir is None:
                    self.thread = None
                    return
                build, site_dir = self.wanted, self.site_dir
            try:
                found = self.index(site_dir)
            except SearchIndexError as err:
                self.log("error", f"search index: {err}")
            else:
                newer = build < self.wanted
                state = "a newer build is waiting" if newer else "search index up to date"
                self.log("info", f"search index: {found.pages} paper pages in {found.seconds:.1f} s; {state}")
            with self.lock:
                self.done = build
