"""The serve session's memo (``generator.memo``): a rerun computes only what an edit changed,
and gives exactly what a run without the memo gives.

Runs the pure pipeline on the seed fixture content (``tests/seed/content``) twice with one memo,
editing one input in between, and counts the memo's hits and misses for that edit.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import SEED
from generator import related
from generator.build import ContentPaths, read_content
from generator.liveindex import BackgroundIndex
from generator.memo import Memo, Table
from generator.model import SourceFile
from generator.paperpage import paper_page
from generator.papers import merge_papers
from generator.pipeline import assemble, parse_digests
from generator.render import render_site
from generator.search import SearchIndex, SearchIndexError

EPOCH_HISTORY = None  # undated digests: the same day in every run

NEW_TAG = """
  - name: Monitoring probe
    description: Papers about watching a model's reasoning.
    rules:
      title: ['monitorab']
"""


@pytest.fixture(scope="module")
def seed() -> tuple[list[SourceFile], SourceFile, list[SourceFile]]:
    return read_content(ContentPaths(root=SEED.parent, content_dir=SEED))


def run(files, memo: Memo | None) -> dict[str, str]:
    """Assemble and render, then end the run as ``build.generate`` does."""
    digests, taxonomy, curation = files
    site = assemble(digests, taxonomy, curation, memo=memo)
    pages = render_site(site, memo=memo)
    if memo is not None:
        counts = memo.counts()
        memo.rotate()
        memo.last = counts  # type: ignore[attr-defined]
    return pages


def tagged(files) -> set[tuple[str, str]]:
    """The title and abstract of every paper the pipeline tags (merged, before curation)."""
    digests, _problems = parse_digests(files[0])
    return {(p.title, p.abstract) for p in merge_papers(digests)[0]}


def tag_count(files) -> int:
    return len(assemble(*files).tags)


def with_taxonomy(files, text: str):
    digests, taxonomy, curation = files
    return digests, replace(taxonomy, data=text.encode("utf-8")), curation


def warm(files) -> Memo:
    memo = Memo()
    run(files, memo)
    return memo


def test_an_unchanged_rerun_computes_nothing_and_renders_the_same(seed):
    memo = warm(seed)
    pages = run(seed, memo)
    assert pages == run(seed, None)
    for table, (hits, misses) in memo.last.items():
        assert misses == 0, f"{table}: {misses} misses on a rerun without changes"
        assert hits > 0 or table == "words", table  # words are read only to compute related papers


def test_editing_one_tag_reruns_that_tag_only(seed):
    memo = warm(seed)
    text = seed[1].data.decode("utf-8")
    papers, tags = len(tagged(seed)), tag_count(seed)
    # The first tag gets one more text pattern: only its score is computed again.
    first_text = text.index("      text:\n", text.index("  - name:"))
    edited = text[:first_text] + "      text:\n        - 'zebrafinch'\n" + text[first_text + len("      text:\n") :]
    assert first_text < text.index("  - name:", text.index("  - name:") + 1), "the first tag has text rules"
    files = with_taxonomy(seed, edited)
    pages = run(files, memo)
    hits, misses = memo.last["scores"]
    assert misses == papers, "each paper is scored again by the edited tag, and by no other"
    assert hits == papers * (tags - 1)
    assert pages == run(files, None)


def test_a_new_tag_scores_every_paper_once_and_keeps_related_papers(seed):
    memo = warm(seed)
    files = with_taxonomy(seed, seed[1].data.decode("utf-8").rstrip("\n") + "\n" + NEW_TAG)
    pages = run(files, memo)
    assert memo.last["scores"][1] == len(tagged(seed))
    assert memo.last["related"] == (1, 0), "tags do not change the papers' text"
    assert memo.last["digests"][1] == 0
    assert pages == run(files, None)


def test_a_changed_digest_is_parsed_again_alone_and_related_papers_recomputed(seed):
    memo = warm(seed)
    digests, taxonomy, curation = seed
    last = digests[-1]
    extra = b"\n\nA Probe Paper About Memo Keys\n\nThis abstract exists only to change one digest file for a test of the memo.\n"
    files = ([*digests[:-1], replace(last, data=last.data.rstrip(b"\n") + extra)], taxonomy, curation)
    pages = run(files, memo)
    assert memo.last["digests"] == (len(digests) - 1, 1)
    assert memo.last["related"] == (0, 1)
    assert memo.last["words"][1] == len(tagged(files) - tagged(seed)), "only new texts are split into words"
    new = tagged(files) - tagged(seed)
    assert 1 <= len(new) <= 2, "the new paper (and the one before it, if the layout glues them)"
    assert memo.last["scores"][1] == len(new) * tag_count(seed), "only papers with new text are tagged"
    assert pages == run(files, None)


def test_a_curation_note_renders_only_the_pages_that_show_it(seed):
    memo = warm(seed)
    digests, taxonomy, curation = seed
    site = assemble(*seed)
    curated = {c.name for c in curation}
    paper = next(p for p in site.papers if p.slug not in curated)
    note = SourceFile(f"content/curation/{paper.slug}.yml", paper.slug, b"note: A probe note for the memo test.\n")
    files = (digests, taxonomy, [*curation, note])
    before = run(seed, None)
    pages = run(files, memo)
    assert pages == run(files, None)
    changed = {path for path in pages if path.startswith("papers/") and pages[path] != before.get(path)}
    _hits, misses = memo.last["paper_pages"]
    assert f"papers/{paper.slug}.md" in changed
    assert misses >= len(changed - {"papers/index.md"}), "every changed paper page was rendered again"
    assert misses < len(site.papers) // 4, f"{misses} of {len(site.papers)} paper pages rendered again"
    assert "data-rl-curated" in pages[f"papers/{paper.slug}.md"]
    assert memo.last["related"] == (1, 0)


def test_a_curated_paper_says_so_in_its_page(seed):
    """Its edit action depends on it: the page changes with it, so `mkdocs serve --dirty`
    rebuilds it."""
    site = assemble(*seed)
    curated = next(p for p in site.papers if p.curated)
    plain = next(p for p in site.papers if not p.curated)
    digests = {d.name: d for d in site.digests}
    assert '<div class="rl-paper" data-pagefind-body data-rl-curated>' in paper_page(curated, digests)
    assert "curated" not in paper_page(plain, digests)


@pytest.mark.parametrize("large", [False, True])
def test_remembered_words_give_the_same_related_papers(seed, monkeypatch, large):
    papers = assemble(*seed).papers
    if large:  # the large-site vectorizer (rare and common words dropped) on the seed papers
        monkeypatch.setattr(related, "LARGE", 100)
    words: Table[str, tuple[str, ...]] = Table()
    expected = related.related_papers(papers)
    assert related.related_papers(papers, words=words) == expected
    assert words.misses == len(papers)
    words.rotate()
    assert related.related_papers(papers[1:], words=words) == related.related_papers(papers[1:])
    assert (words.hits, words.misses) == (len(papers) - 1, 0)


def test_a_table_keeps_what_the_last_two_runs_used():
    table: Table[str, int] = Table()
    assert table.get("a", lambda: 1) == 1
    table.rotate()
    assert table.get("b", lambda: 2) == 2
    table.rotate()  # "a" was not used in the run that just ended
    table.rotate()  # a run that used the table not at all keeps what it held
    assert table.get("a", lambda: 3) == 3
    assert table.get("b", lambda: 4) == 2
    assert (table.hits, table.misses) == (1, 1)


def test_a_failed_computation_is_not_remembered():
    table: Table[str, int] = Table()

    def fail() -> int:
        raise ValueError("bad input")

    with pytest.raises(ValueError):
        table.get("a", fail)
    assert table.get("a", lambda: 5) == 5


# ----- the search index in the background ---------------------------------------------------


def test_background_index_runs_once_more_for_builds_that_finish_while_it_runs(tmp_path):
    started, release = threading.Event(), threading.Event()
    runs: list[float] = []
    logged: list[tuple[str, str]] = []

    def index(site_dir: Path, process_started) -> SearchIndex:
        runs.append(time.monotonic())
        started.set()
        release.wait(10)
        return SearchIndex(site_dir / "pagefind", 3, 0.0)

    background = BackgroundIndex(lambda level, message: logged.append((level, message)), index)
    background.request(tmp_path)  # returns at once while the index runs
    assert started.wait(10)
    background.request(tmp_path)
    background.request(tmp_path)
    release.set()
    assert background.wait(10)
    assert len(runs) == 2, "one run for the first build, one re-run covering the two that finished meanwhile"
    assert logged[0] == ("info", "search index: 3 paper pages in 0.0 s; a newer build is waiting")
    assert logged[-1] == ("info", "search index: 3 paper pages in 0.0 s; search index up to date")
    background.request(tmp_path)  # a later build: a new run
    assert background.wait(10)
    assert len(runs) == 3


def test_a_build_that_starts_stops_the_running_index_which_runs_again_after_it(tmp_path):
    runs: list[subprocess.Popen[str]] = []
    logged: list[tuple[str, str]] = []
    running = threading.Event()

    def index(site_dir: Path, started) -> SearchIndex:
        process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], text=True)
        runs.append(process)
        started(process)
        running.set()
        if process.wait() != 0:
            raise SearchIndexError(f"Pagefind failed (exit {process.returncode})")
        return SearchIndex(site_dir / "pagefind", 3, 0.0)

    background = BackgroundIndex(lambda level, message: logged.append((level, message)), index)
    background.request(tmp_path)
    assert running.wait(10)
    background.interrupt()  # a build starts
    assert background.wait(10), "the stopped run ends and no other starts before the next request"
    assert runs[0].returncode != 0 and logged == [] and background.done == 0
    running.clear()
    background.request(tmp_path)  # the build ends
    assert running.wait(10)
    runs[1].terminate()  # stands for Pagefind failing on its own: reported
    assert background.wait(10)
    assert len(runs) == 2 and logged == [("error", f"search index: Pagefind failed (exit {runs[1].returncode})")]


def test_a_shard_that_starts_after_the_session_closed_is_stopped(tmp_path):
    between, closed = threading.Event(), threading.Event()
    shards: list[subprocess.Popen[str]] = []

    def index(site_dir: Path, started) -> SearchIndex:
        for _ in range(2):  # two shards, one Pagefind after the other
            process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], text=True)
            shards.append(process)
            started(process)
            if len(shards) == 1:
                process.kill()
                process.wait()
                between.set()  # no Pagefind runs now
                assert closed.wait(10)
        if shards[-1].wait(20) != 0:
            raise SearchIndexError("stopped")
        return SearchIndex(site_dir / "pagefind", 3, 0.0)

    background = BackgroundIndex(lambda level, message: None, index)
    background.request(tmp_path)
    assert between.wait(10)
    background.close()  # mkdocs serve ends between two shards
    closed.set()
    assert background.wait(10)
    assert shards[1].returncode is not None and shards[1].returncode != 0, "the second shard was stopped at its start"
