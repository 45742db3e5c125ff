"""Builds are reproducible, and paper URLs do not depend on which other digests exist.

Both build the frozen seed content (``tests/seed/content``), whose figures the tests own.

* Two real ``mkdocs build --strict`` runs of the seed content, in different folders, with
  the same ``SOURCE_DATE_EPOCH`` and different hash seeds (so that any output depending on set or
  dict order of strings shows), give byte-identical ``site/`` and ``docs/``.
* Removing the newest digest (and the curation files of papers that only it held, which the
  build would otherwise reject as naming no paper) and building again leaves every remaining
  page at the path it had in the full build, and every paper slug naming the same paper.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from conftest import SEED, build_site, copy_content
from generator.build import ContentPaths, load_site

pytestmark = pytest.mark.site

EPOCH = 1_700_000_000  # 2023-11-14 22:13:20 UTC
EPOCH_DAY = "2023-11-14"


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``: ``{relative POSIX path: bytes}``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differences(one: dict[str, bytes], two: dict[str, bytes]) -> list[str]:
    """Describe every path that is in one tree only or whose bytes differ."""
    found = [f"only in the first build: {p}" for p in sorted(one.keys() - two.keys())]
    found += [f"only in the second build: {p}" for p in sorted(two.keys() - one.keys())]
    found += [f"differs: {p}" for p in sorted(one.keys() & two.keys()) if one[p] != two[p]]
    return found


def drop_orphaned_curation(content: Path) -> list[str]:
    """Remove curation files that name no paper of ``content`` (as a curator removing a digest
    must); return their names."""
    curation, aside = content / "curation", content.parent / "curation-aside"
    curation.rename(aside)
    slugs = {p.slug for p in load_site(ContentPaths(content.parent, content)).papers}
    curation.mkdir()
    for file in sorted(aside.glob("*.yml")):
        if file.stem in slugs:
            file.rename(curation / file.name)
    return sorted(p.name for p in aside.iterdir())


def build(content: Path, out: Path, **env: str) -> Path:
    result = build_site(content, out, extra_env=env)
    assert result.returncode == 0, result.stderr
    return out


def test_two_builds_with_the_same_source_date_epoch_are_byte_identical(tmp_path):
    one = build(SEED, tmp_path / "one", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="1")
    two = build(SEED, tmp_path / "two", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="2")
    for folder in ("site", "docs"):
        first, second = files(one / folder), files(two / folder)
        assert len(first) > 500, f"expected a whole site in {folder}/, found {len(first)} files"
        assert differences(first, second) == [], f"{folder}/ differs between two builds"
    # The dates in the output come from SOURCE_DATE_EPOCH, not from the clock.
    sitemap = (one / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)) == {EPOCH_DAY}
    with gzip.open(one / "site" / "sitemap.xml.gz") as packed:
        assert packed.read().decode("utf-8") == sitemap


def test_removing_the_newest_digest_moves_no_remaining_page(tmp_path, seed_site):
    content = copy_content(tmp_path / "content", SEED)
    newest = sorted((content / "digests").glob("*.txt"))[-1]
    assert newest.name == "004_c63ee49f8c2010d6.txt"
    newest.unlink()
    orphaned = drop_orphaned_curation(content)
    kept = sorted(p.name for p in (content / "curation").glob("*.yml"))
    assert kept, "expected curation files of papers in the older digests to stay"
    assert orphaned == sorted(p.name for p in (SEED / "curation").glob("*.yml") if p.name not in kept)
    smaller = build(content, tmp_path / "smaller")

    full_pages = set(files(seed_site / "site"))
    smaller_pages = set(files(smaller / "site"))
    papers = {p for p in smaller_pages if re.fullmatch(r"papers/[^/]+/index\.html", p)}
    gone = {p for p in full_pages if re.fullmatch(r"papers/[^/]+/index\.html", p)} - papers
    assert (len(papers), len(gone)) == (270, 222), "papers left and papers gone with the seed's newest digest"
    assert sorted(smaller_pages - full_pages) == [], (
        "pages of the smaller build that the full build has elsewhere or not at all"
    )

    full_site = load_site(ContentPaths(SEED.parent, SEED))
    smaller_site = load_site(ContentPaths(tmp_path, content))
    full_keys = {p.slug: p.key for p in full_site.papers}
    moved = {p.slug: (p.key, full_keys.get(p.slug)) for p in smaller_site.papers if full_keys.get(p.slug) != p.key}
    assert moved == {}, "slugs that name another paper (or none) in the full build"
    assert {f"papers/{slug}/index.html" for slug in (p.slug for p in smaller_site.papers)} == papers
