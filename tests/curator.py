"""A curator's day of work, applied to any content folder: two new real digests (layout A and B,
from ``tests/additions/``), one new tag in the taxonomy and one curation edit of a paper that is
already on the site. ``add_curator_changes`` makes the changes; ``missing_additions`` says what of
them a built site fails to show. Neither knows what the content held before.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from invariants import article, links_from, soup, squeeze

from conftest import ADDITIONS
from generator.build import ContentPaths, load_site
from generator.model import Site

# The new tag's name: the first of these the taxonomy does not have yet.
TAG_NAMES = ("World models", "Embodied world models", "World simulators")
NOTE = "Added by a curator: *worth a look* for the new tag."


@dataclass(frozen=True)
class Additions:
    """What ``add_curator_changes`` added: the new digests' names and titles, the new tag's name,
    and the slug of the existing paper whose curation was edited."""

    digests: tuple[str, ...]
    titles: tuple[str, ...]
    tag: str
    curated: str


def new_digests() -> list[Path]:
    """The real digests shipped in ``tests/additions/digests``, in name order."""
    return sorted((ADDITIONS / "digests").glob("*.txt"))


def load_site_of_digests(digests: list[Path]) -> Site:
    """The papers of ``digests`` alone, with an empty taxonomy (to read their titles)."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        (content / "digests").mkdir(parents=True)
        (content / "taxonomy.yml").write_text("tags: []\n", encoding="utf-8")
        for digest in digests:
            shutil.copy(digest, content / "digests" / digest.name)
        return load_site(ContentPaths(content.parent, content))


def add_tag(content: Path, title: str) -> str:
    """Add a tag to ``content/taxonomy.yml`` whose one title rule matches ``title``; its name."""
    taxonomy_file = content / "taxonomy.yml"
    taxonomy = yaml.safe_load(taxonomy_file.read_text(encoding="utf-8"))
    names = {t["name"] for t in taxonomy["tags"]}
    fallbacks = (f"World models {n}" for n in range(2, len(names) + 3))
    name = next(n for n in (*TAG_NAMES, *fallbacks) if n not in names)
    rule = {"title": [re.escape(title)]}
    taxonomy["tags"].append({"name": name, "description": "Models that simulate a world.", "rules": rule})
    taxonomy_file.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return name


def curate(content: Path, site: Site, tag: str) -> str:
    """Mark the first listed paper that has no curation file as a must-read with a note and the
    tag ``tag``, in a new ``content/curation/<slug>.yml`` (as the edit button does); its slug."""
    paper = next(p for p in site.papers if not (content / "curation" / f"{p.slug}.yml").exists())
    text = yaml.safe_dump({"highlight": True, "tags_add": [tag], "note": NOTE}, allow_unicode=True, sort_keys=False)
    (content / "curation").mkdir(exist_ok=True)
    (content / "curation" / f"{paper.slug}.yml").write_text(text, encoding="utf-8")
    return paper.slug


def add_curator_changes(content: Path) -> Additions:
    """Add the two digests of ``tests/additions``, a tag matching the first new paper and a
    curation edit of a paper already in ``content`` (picked from the content, not by name)."""
    before = load_site(ContentPaths(content.parent, content))
    digests = new_digests()
    for digest in digests:
        shutil.copy(digest, content / "digests" / digest.name)
    titles = tuple(e.title for d in load_site_of_digests(digests).digests for e in d.entries)
    tag = add_tag(content, titles[0])
    curated = curate(content, before, tag)
    return Additions(tuple(d.stem for d in digests), titles, tag, curated)


def missing_additions(site_dir: Path, content: Path, added: Additions) -> list[str]:
    """What a site built from ``content`` fails to show of ``added``: a page per new paper, listed
    on its digest's page; the new tag's page listing the matched and the curated paper; the
    curated paper's note, must-read banner and tag chip. Empty when everything shows."""
    site = load_site(ContentPaths(content.parent, content))
    by_title = {e.title: p for p in site.papers for e in p.entries}
    found = [f"no listed paper for the new title {t!r}" for t in added.titles if t not in by_title]
    digests = {d.name: d for d in site.digests}
    for name in added.digests:
        listed = links_from(site_dir / "digests" / digests[name].slug / "index.html", site_dir)
        found += [
            f"{name}: {e.title!r} is not on the digest's page"
            for e in digests[name].entries
            if e.title in by_title and by_title[e.title].slug not in listed
        ]
    for slug, title in ((by_title[t].slug, t) for t in added.titles if t in by_title):
        if not (site_dir / "papers" / slug / "index.html").is_file():
            found.append(f"papers/{slug}/: no page for the new title {title!r}")
    matched = by_title[added.titles[0]].slug if added.titles[0] in by_title else ""
    return found + missing_tag_and_curation(site_dir, site, added, matched)


def missing_tag_and_curation(site_dir: Path, site: Site, added: Additions, matched: str) -> list[str]:
    """What the site fails to show of the new tag (its page lists ``matched`` and the curated
    paper) and of the curation edit (note, must-read banner, tag chip)."""
    tag = next((t for t in site.tags if t.name == added.tag), None)
    if tag is None:
        return [f"the new tag {added.tag!r} is not in the site's taxonomy"]
    listed = links_from(site_dir / "tags" / tag.slug / "index.html", site_dir)
    found = [f"tags/{tag.slug}/ does not list {slug}" for slug in (matched, added.curated) if slug not in listed]
    page = site_dir / "papers" / added.curated / "index.html"
    text = squeeze(article(page).get_text(" "))
    found += [f"papers/{added.curated}/ does not show {w!r}" for w in ("Must-read", "worth a look") if w not in text]
    chips = [a.get_text() for a in soup(page).select("nav.md-tags a.md-tag")]
    return found + ([] if added.tag in chips else [f"papers/{added.curated}/ has no chip {added.tag!r}: {chips}"])
