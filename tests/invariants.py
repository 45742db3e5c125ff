"""What must hold for ANY content, checked on a built site against the content it was built from.

Each check takes ``site_dir`` (the built HTML) and the ``Site`` the generator assembled from the
same content, and returns a list of failures (empty when the check holds), so one assertion can
show every failure at once. ``failures(out, content)`` runs them all on a folder built by
``conftest.build_site`` (``out/site`` and ``out/docs``). None of them knows what the content holds:
they are applied to the committed content, to the frozen seed fixture and to the committed content
with a curator's additions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup, Tag
from test_escaping_property import written_text
from test_site_safety import scan_site

from generator.build import ContentPaths, load_site
from generator.model import Site
from generator.titleindex import FOLDER, SHARDS, shard_of, title_key

# The files of a built site that can name a page: pages, the sitemap, the search index.
NAMING_SUFFIXES = (".html", ".xml", ".json")


def soup(path: Path) -> BeautifulSoup:
    """A built HTML page, parsed."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path) -> Tag:
    """The article (the page's own content, without the theme's chrome) of a built page."""
    found = soup(path).select_one("article.md-content__inner")
    assert found is not None, f"expected an article in {path}, found none"
    return found


def squeeze(text: str) -> str:
    """``text`` with every run of whitespace made one space, ends trimmed."""
    return " ".join(text.split())


def heading_text(h1: Tag) -> str:
    """An H1's text as written (``written_text``) without the permalink sign."""
    return written_text(h1).replace("¶", "").strip()


def paper_slugs(page: Path, site_dir: Path, links: Iterable[Tag]) -> set[str]:
    """Slugs of the paper pages that ``links`` (``<a>`` tags of ``page``) point to."""
    papers = (site_dir / "papers").resolve()
    hrefs = [str(a["href"]) for a in links]
    targets = {(page.parent / unquote(h.split("#")[0])).resolve() for h in hrefs if "://" not in h}
    return {t.name for t in targets if t.parent == papers}


def links_from(page: Path, site_dir: Path) -> set[str]:
    """Slugs of the paper pages that a built page's article links to."""
    return paper_slugs(page, site_dir, article(page).find_all("a", href=True))


def list_pages(first: Path) -> list[Path]:
    """Every page of the paged list whose page 1 is the built page ``first``, in order, found by
    following each page's "next" link (``rel="next"``); fails on a loop."""
    found = [first]
    while True:
        after = article(found[-1]).select_one('nav.rl-pager a[rel="next"]')
        if after is None:
            return found
        target = (found[-1].parent / unquote(str(after["href"]))).resolve() / "index.html"
        assert target not in found, f"the next link of {found[-1]} leads back to {target}"
        found.append(target)


def listed_from(first: Path, site_dir: Path) -> set[str]:
    """Slugs of the paper pages that any page of the paged list starting at ``first`` links to."""
    return set().union(*(links_from(page, site_dir) for page in list_pages(first)))


def one_page_per_paper(site_dir: Path, site: Site) -> list[str]:
    """Every listed paper has exactly one page, ``papers/<slug>/index.html``, and no other
    paper page exists."""
    pages = {p.parent.name for p in (site_dir / "papers").glob("*/index.html")}
    listed = {p.slug for p in site.papers}
    found = [f"no page for the listed paper {slug}" for slug in sorted(listed - pages)]
    found += [f"a page for {slug}, which is not a listed paper" for slug in sorted(pages - listed)]
    if len(listed) != len(site.papers):
        found.append(f"expected one slug per paper, found {len(site.papers)} papers with {len(listed)} slugs")
    return found


def shown_faithfully(page: Path, title: str, abstract: str) -> list[str]:
    """One paper page: its H1 is ``title`` and the first paragraph after it is ``abstract``
    (whitespace runs aside), with no formatting and only links to web addresses."""
    h1 = article(page).find("h1")
    if not isinstance(h1, Tag) or heading_text(h1) != title:
        return [f"expected the title {title!r} as the H1"]
    shown = h1.find_next_sibling("p")
    if not isinstance(shown, Tag) or squeeze(written_text(shown)) != squeeze(abstract):
        return ["expected the abstract as the first paragraph after the title"]
    found = [f"the abstract holds <{e.name}>" for e in shown.find_all(["em", "strong", "code", "script", "img"])]
    hrefs = [str(a["href"]) for a in shown.find_all("a")]
    return found + [f"the abstract links to {h!r}" for h in hrefs if not h.startswith(("http://", "https://"))]


def faithful_titles_and_abstracts(site_dir: Path, site: Site) -> list[str]:
    """Each paper page shows its cleaned title as the H1 and its cleaned abstract right after it,
    character for character: nothing in the text took effect as Markdown or HTML."""
    return [
        f"{paper.slug}: {problem}"
        for paper in site.papers
        for problem in shown_faithfully(site_dir / "papers" / paper.slug / "index.html", paper.title, paper.abstract)
    ]


def reachable(site_dir: Path, site: Site) -> list[str]:
    """Every listed paper is linked from the all-papers list, from the list of each of its tags
    and from the list of each of its digests (any of their pages, followed by "next" links); no
    list links to a paper that is not listed."""
    listed = listed_from(site_dir / "papers" / "index.html", site_dir)
    by_tag = {t.name: listed_from(site_dir / "tags" / t.slug / "index.html", site_dir) for t in site.tags}
    by_digest = {d.name: listed_from(site_dir / "digests" / d.slug / "index.html", site_dir) for d in site.digests}
    found = []
    for paper in site.papers:
        if paper.slug not in listed:
            found.append(f"{paper.slug}: not linked from the all-papers list")
        found += [
            f"{paper.slug}: not linked from the page of its tag {n!r}"
            for n in paper.tags
            if paper.slug not in by_tag[n]
        ]
        found += [
            f"{paper.slug}: not linked from the page of its digest {n!r}"
            for n in paper.digests
            if paper.slug not in by_digest[n]
        ]
    slugs = {p.slug for p in site.papers}
    stray = (listed | set().union(*by_tag.values(), *by_digest.values())) - slugs
    return found + [f"a list links to {slug}, which is not a listed paper" for slug in sorted(stray)]


def hidden_papers_unpublished(site_dir: Path, site: Site) -> list[str]:
    """No paper a curator hid has a page, and no page, sitemap or search index names its slug."""
    found = [f"hidden paper {slug} has a page" for slug in sorted(site.hidden) if (site_dir / "papers" / slug).exists()]
    if not site.hidden:
        return found
    named = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(site.hidden))) + r")(?![\w-])")
    for file in sorted(site_dir.rglob("*")):
        if file.suffix in NAMING_SUFFIXES and file.is_file():
            match = named.search(file.read_text(encoding="utf-8"))
            if match:
                found.append(f"{file.relative_to(site_dir).as_posix()} names the hidden paper {match.group(1)}")
    return found


def generated_pages_match(docs_dir: Path, site: Site) -> list[str]:
    """The generator wrote one Markdown page per listed paper (``papers/<slug>.md``), no more."""
    written = {p.stem for p in (docs_dir / "papers").glob("*.md") if p.name != "index.md"}
    listed = {p.slug for p in site.papers}
    return [f"papers/{s}.md: written, but {s} is not listed" for s in sorted(written - listed)] + [
        f"papers/{s}.md: not written for a listed paper" for s in sorted(listed - written)
    ]


def no_executable_content(site_dir: Path) -> list[str]:
    """Nothing on any page (or in the search index) can run but the theme's own scripts
    (``test_site_safety.scan_site``)."""
    return [f"{page}: {finding}" for page, findings in scan_site(site_dir).items() for finding in findings]


def titles_find_their_papers(site_dir: Path, site: Site) -> list[str]:
    """The built title index (``search/titles/``) has its ``SHARDS`` files, and each listed
    paper exactly once, in the file its title's key names, linking to its page; nothing else."""
    files = sorted(site_dir.glob(f"{FOLDER}/*.json"))
    if len(files) != SHARDS:
        return [f"{FOLDER}: expected {SHARDS} files, found {len(files)}"]
    entries = [(file, e) for file in files for e in json.loads(file.read_text(encoding="utf-8"))]
    problems = [
        f"{file.name}: {e['title']!r} belongs in {shard_of(title_key(e['title']))}.json"
        for file, e in entries
        if file.stem != str(shard_of(title_key(e["title"])))
    ]
    indexed = sorted((e["url"], e["title"]) for _, e in entries)
    listed = sorted((f"papers/{p.slug}/", p.title) for p in site.papers)
    if indexed != listed:
        problems.append(f"{FOLDER}: entries differ from the listed papers: {sorted(set(indexed) ^ set(listed))[:3]}")
    return problems


SITE_CHECKS: tuple[Callable[[Path, Site], list[str]], ...] = (
    one_page_per_paper,
    faithful_titles_and_abstracts,
    reachable,
    hidden_papers_unpublished,
    titles_find_their_papers,
)


def failures(out: Path, content: Path) -> dict[str, list[str]]:
    """Run every invariant on ``out`` (a folder ``conftest.build_site`` built strictly from
    ``content``): ``{check name: failures}`` holding only the checks that failed."""
    site = load_site(ContentPaths(content.parent, content))
    found = {check.__name__: check(out / "site", site) for check in SITE_CHECKS}
    found["generated_pages_match"] = generated_pages_match(out / "docs", site)
    found["no_executable_content"] = no_executable_content(out / "site")
    if not site.papers:
        found["content"] = [f"expected at least one listed paper in {content}, found none"]
    return {name: problems for name, problems in found.items() if problems}
