"""docs_dir ownership: the generator cleans only a folder its marker (``.gitignore``) claims, and
the marker is recognised in every clone, whatever line endings git checked it out with."""

from __future__ import annotations

import gc
import subprocess

import pytest

from conftest import ROOT
from generator import build
from generator.build import MARKER, MARKER_TEXT, cycle_collector_paused, is_marker, write_pages
from generator.model import ContentError


def test_a_marker_checked_out_with_crlf_still_marks_the_folder_as_generated(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    crlf = MARKER_TEXT.replace(b"\n", b"\r\n")
    (docs / MARKER).write_bytes(crlf)
    (docs / "old.md").write_text("a page of an earlier build\n", encoding="utf-8")
    assert is_marker(docs / MARKER)
    assert write_pages({"index.md": b"# Home\n"}, docs) == (1, 1)
    assert sorted(p.name for p in docs.iterdir()) == [MARKER, "index.md"]
    assert (docs / MARKER).read_bytes() == crlf  # left as checked out: the clone stays clean


@pytest.mark.parametrize(
    "marker",
    [b"", b"*\n", MARKER_TEXT.replace(b"generator", b"someone else"), MARKER_TEXT + b"extra\n"],
)
def test_a_folder_with_another_gitignore_is_never_cleaned(tmp_path, marker):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / MARKER).write_bytes(marker)
    (docs / "mine.md").write_text("hand-written\n", encoding="utf-8")
    assert not is_marker(docs / MARKER)
    with pytest.raises(ContentError, match="expected docs_dir to be a folder the generator made"):
        write_pages({"index.md": b"# Home\n"}, docs)
    assert (docs / "mine.md").read_text(encoding="utf-8") == "hand-written\n"


def test_gitattributes_check_out_text_with_lf_and_hostile_fixtures_unchanged():
    paths = ["build/docs/.gitignore", "content/taxonomy.yml", "content/digests/x.txt", "tests/hostile/x.txt"]
    out = subprocess.run(
        ["git", "check-attr", "text", "eol", "--", *paths], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    attributes = {tuple(line.split(": ")[:2]): line.split(": ")[2] for line in out.splitlines()}
    for path in paths[:3]:
        assert attributes[(path, "eol")] == "lf", path
        assert attributes[(path, "text")] in ("auto", "set"), path
    assert attributes[("tests/hostile/x.txt", "text")] == "unset"


def tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_serve_session_writes_what_changed_and_leaves_what_a_full_write_leaves(tmp_path, monkeypatch):
    docs, fresh = tmp_path / "docs", tmp_path / "fresh"
    last: dict[str, bytes] = {}
    first = {"index.md": b"# Home\n", "tags/a/page/2.md": b"two\n", "papers/x.md": b"x\n", "papers/y.md": b"y\n"}
    assert write_pages(first, docs, last) == (4, 0)
    assert sorted(last) == sorted(first)
    (docs / "papers" / "y.md").unlink()  # gone behind the session's back: written again
    second = {"index.md": b"# Home, new\n", "papers/x.md": b"x\n", "papers/y.md": b"y\n", "about.md": b"a\n"}
    read = []
    real_read = type(docs).read_bytes
    monkeypatch.setattr(type(docs), "read_bytes", lambda self: read.append(self.name) or real_read(self))
    assert write_pages(second, docs, last) == (3, 1)
    assert "x.md" not in read  # unchanged since the last call: not read back
    monkeypatch.undo()
    write_pages(second, fresh)
    assert tree(docs) == tree(fresh)
    assert not (docs / "tags").exists()  # the folders a removed page leaves empty go too
    assert sorted(last) == sorted(second)


def test_a_serve_write_that_fails_half_way_leaves_nothing_stale_after_the_edit_is_undone(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    last: dict[str, bytes] = {}
    write_pages({"a.md": b"A1\n", "b.md": b"B1\n"}, docs, last)
    real_replace = build._replace

    def full_disk(target, data):
        if target.name == "b.md":
            raise OSError(28, "No space left on device")
        real_replace(target, data)

    monkeypatch.setattr(build, "_replace", full_disk)
    with pytest.raises(ContentError, match="No space left"):
        write_pages({"a.md": b"A2\n", "b.md": b"B2\n"}, docs, last)  # a.md written, b.md not
    monkeypatch.undo()
    write_pages({"a.md": b"A1\n", "b.md": b"B1\n"}, docs, last)  # the edit undone
    assert tree(docs) == {MARKER: MARKER_TEXT, "a.md": b"A1\n", "b.md": b"B1\n"}


def test_a_page_renamed_in_case_only_is_written_after_the_old_name_is_removed(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    last: dict[str, bytes] = {}
    write_pages({"About.md": b"about\n"}, docs, last)
    steps: list[str] = []
    real_replace, real_unlink = build._replace, type(docs).unlink
    monkeypatch.setattr(
        build, "_replace", lambda target, data: steps.append(f"write {target.name}") or real_replace(target, data)
    )
    monkeypatch.setattr(
        type(docs), "unlink", lambda self, **kw: steps.append(f"remove {self.name}") or real_unlink(self, **kw)
    )
    write_pages({"about.md": b"about\n"}, docs, last)
    # on a case-insensitive file system both names are one file: removing last keeps it there
    assert steps == ["remove About.md", "write about.md"]


def test_the_cycle_collector_is_paused_only_inside_the_block():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collector_paused():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
