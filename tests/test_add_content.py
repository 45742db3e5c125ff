"""A curator's day of work on top of the committed content still builds into a sound site.

A copy of ``content/`` gets two new real digests (layout A and B, ``tests/additions/``), a new tag
and a curation edit of a paper picked from the content itself (``tests/curator.py``); the strict
build must pass, every invariant of ``tests/invariants.py`` must hold, and the new papers, the new
tag and the edit must show on the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from curator import Additions, add_curator_changes, missing_additions
from invariants import failures

from conftest import CONTENT, build_or_fail, copy_content
from generator.papers import title_slug

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> tuple[Path, Path, Additions]:
    """``(output folder, content folder, additions)``: the committed content with a curator's
    additions, built strictly."""
    root = tmp_path_factory.mktemp("grown")
    content = copy_content(root / "content", CONTENT)
    added = add_curator_changes(content)
    return build_or_fail(content, root / "out"), content, added


def test_new_digests_a_new_tag_and_a_curation_edit_build_into_a_sound_site(grown):
    out, content, added = grown
    assert len(added.digests) == 2 and len(added.titles) == 20
    assert failures(out, content) == {}
    assert missing_additions(out / "site", content, added) == []


def test_the_check_sees_a_new_paper_or_a_note_missing(grown, tmp_path):
    out, content, added = grown
    site = Path(shutil.copytree(out / "site", tmp_path / "site"))
    first = site / "papers" / title_slug(added.titles[-1]) / "index.html"
    shutil.rmtree(first.parent)
    curated = site / "papers" / added.curated / "index.html"
    curated.write_text(curated.read_text(encoding="utf-8").replace("worth a look", "worth it"), encoding="utf-8")
    missing = missing_additions(site, content, added)
    assert f"papers/{first.parent.name}/: no page for the new title {added.titles[-1]!r}" in missing
    assert f"papers/{added.curated}/ does not show 'worth a look'" in missing
