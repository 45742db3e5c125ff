"""Work over the cores (``generator/parallel.py``): the same results as one process, in order."""

from __future__ import annotations

import os
import pickle

import pytest

from conftest import ROOT, SEED
from generator import codestatus, parallel
from generator.build import ContentPaths, load_site
from generator.render import render_site
from generator.tags import SlowPattern, load_taxonomy

needs_fork = pytest.mark.skipif(not parallel.can_fork() or parallel.cores() < 2, reason="needs fork and two cores")


def squares_and_pids(items):
    return [(n * n, os.getpid()) for n in items]


@needs_fork
def test_slices_run_in_workers_and_join_in_order():
    found = parallel.map_slices(squares_and_pids, range(1001), min_items=1)
    assert [square for square, _ in found] == [n * n for n in range(1001)]
    assert os.getpid() not in {pid for _, pid in found}
    assert len({pid for _, pid in found}) >= 2


def test_small_inputs_stay_in_this_process():
    found = parallel.map_slices(squares_and_pids, range(10))
    assert {pid for _, pid in found} == {os.getpid()}
    assert parallel.map_slices(squares_and_pids, [], min_items=0) == []


@needs_fork
def test_an_error_in_a_worker_is_raised_here_whole():
    tags, _ = load_taxonomy((SEED / "taxonomy.yml").read_text(encoding="utf-8"), "taxonomy.yml")

    def slow(items):
        raise SlowPattern(tags[0], "(a+)+$", f"paper {items[0]}")

    with pytest.raises(SlowPattern) as raised:
        parallel.map_slices(slow, range(100), min_items=1)
    assert (raised.value.tag.name, raised.value.tag.line, raised.value.pattern) == (
        tags[0].name,
        tags[0].line,
        "(a+)+$",
    )
    assert raised.value.title.startswith("paper ")
    again = pickle.loads(pickle.dumps(raised.value))
    assert again.problem("taxonomy.yml") == raised.value.problem("taxonomy.yml")


@needs_fork
def test_a_build_over_the_cores_renders_what_one_process_renders(monkeypatch):
    paths = ContentPaths(ROOT, SEED)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10**9)
    monkeypatch.setattr(codestatus, "_KNOWN", {})
    alone = render_site(load_site(paths))
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(codestatus, "_KNOWN", {})
    spread = render_site(load_site(paths))
    assert spread == alone
