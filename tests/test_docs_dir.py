"""docs_dir ownership: the generator cleans only a folder its marker (``.gitignore``) claims, and
the marker is recognised in every clone, whatever line endings git checked it out with."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT
from generator.build import MARKER, MARKER_TEXT, is_marker, write_pages
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
