"""Golden tests: the files rendered from tests/golden/content (Markdown pages, feeds,
papers.json and the title index) must equal tests/golden/expected.

The content there is small and full of the real digests' hazards (LaTeX leftovers, ``CoSTA*``,
``<think>``, look-alike titles, URLs with ``_`` and parentheses, a curated paper). After an
intended change to rendering, refresh the expected pages and review them as a diff:

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py && git diff tests/golden/expected
"""

from __future__ import annotations

import os
import shutil

import pytest

from conftest import ROOT
from generator.build import ContentPaths, load_site
from generator.render import render_site
from generator.titleindex import FOLDER

GOLDEN = ROOT / "tests" / "golden"
EXPECTED = GOLDEN / "expected"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Every rendered file but the title index's empty files (hundreds of ``[]``; the ones that
    hold the golden papers are compared)."""
    rendered = render_site(load_site(ContentPaths(ROOT, GOLDEN / "content")))
    return {path: text for path, text in rendered.items() if not (path.startswith(FOLDER) and text == "[]\n")}


def test_rendered_pages_match_the_golden_files(pages):
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for path, text in pages.items():
            (EXPECTED / path).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / path).write_text(text, encoding="utf-8")
    expected = {p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file()}
    assert expected == set(pages), "pages added or removed: run UPDATE_GOLDEN=1 and review the diff"
    for path, text in sorted(pages.items()):
        assert text == (EXPECTED / path).read_text(encoding="utf-8"), (
            f"{path} differs from tests/golden/expected/{path}"
        )


def test_golden_content_covers_what_it_claims(pages):
    papers = sorted(p for p in pages if p.startswith("papers/") and p != "papers/index.md")
    # Three papers: "Résumé Learning" twice (merged) and "Resume Learning" on a page of its own.
    assert papers == [
        "papers/costa-cost-sensitive-toolpath-agent-for-multi-turn-image-editing-a4735dd2.md",
        "papers/resume-learning-c8220010.md",
        "papers/resume-learning.md",
    ]
    assert (
        "<p>Mixture-of-Experts (MoE) layers with an &quot;anchor&quot; expert"
        in pages["papers/resume-learning-c8220010.md"]
    )
