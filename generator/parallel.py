"""Pure work spread over the machine's cores, for large builds.

A build of tens of thousands of papers spends much of its generator time in pure steps that
treat each paper alone: tagging (``tags.tag_papers``), reading the abstracts' code status
(``codestatus.read_code_statuses``) and rendering paper pages (``paperpage.paper_page``). ``map_slices`` runs such a step on slices of its input in worker
processes forked from this one (they inherit the step and its data, so nothing but the results
is copied between processes) and joins the results in order: the output is the same as one
process computes, byte for byte (``tests/test_parallel.py``).

It falls back to one process for small inputs (a fork costs more than it saves), on one core,
and where processes cannot be forked (Windows; macOS forks badly). ``mkdocs serve`` does not use
it: it keeps results between rebuilds instead (``memo``), and forking beside its server threads
is unsafe.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

MIN_ITEMS = 4000  # below this many items, one process is faster
SLICES_PER_WORKER = 4  # smaller slices even out the workers' loads

T = TypeVar("T")
R = TypeVar("R")

# The step and its input while ``map_slices`` runs: forked workers read them from here.
_JOB: list[tuple[Callable[[Sequence[Any]], list[Any]], Sequence[Any]]] = []


def cores() -> int:
    """The CPU cores this process may run on (at least 1)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def can_fork() -> bool:
    """True where worker processes are forked cheaply and safely (Linux and other POSIX but
    macOS, where forking a process that has used system frameworks may crash)."""
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def map_slices(step: Callable[[Sequence[T]], list[R]], items: Sequence[T], min_items: int | None = None) -> list[R]:
    """Return ``step(items)``: a list with one result per item, in order. With ``min_items``
    (default ``MIN_ITEMS``) items or more, several cores and fork (``can_fork``), ``step``
    runs on consecutive slices of ``items`` in forked workers, one per core. ``step`` must be pure, give one result per
    item, and its results must pickle; an exception it raises in a worker is raised here
    (it must pickle too)."""
    workers = cores()
    if not items or len(items) < (MIN_ITEMS if min_items is None else min_items) or workers < 2 or not can_fork():
        return step(items)
    size = -(-len(items) // (workers * SLICES_PER_WORKER))
    bounds = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _JOB[:] = [(step, items)]
    gc.freeze()  # the workers' collector then skips what they inherit, and leaves it shared
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            try:
                parts = list(pool.map(_run_slice, bounds))
            except BaseException:
                pool.shutdown(cancel_futures=True)  # the slices not started yet are not run
                raise
    finally:
        gc.unfreeze()
        _JOB.clear()
    return [result for part in parts for result in part]


def _run_slice(bounds: tuple[int, int]) -> list[Any]:
    ((step, items),) = _JOB  # set before the fork
    return step(items[bounds[0] : bounds[1]])
