"""The time axis: digest dates with years, order by date, what is new, months and archive.

Pure tests on fixture content owned here, and git-derived dates on temporary repositories with
commits at chosen dates (``GIT_COMMITTER_DATE``).
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from pathlib import Path

import pytest

from generator.build import ContentPaths, default_day, load_base_site, load_site, read_history
from generator.dates import date_digest, latest_on_or_before
from generator.digest import parse_digest
from generator.model import UNDATED, DateSource, Digest, History, Site
from generator.pipeline import SourceFile, assemble
from generator.render import render_site
from generator.structure import archive_path, digest_path, must_reads_first, structure, tag_path

TAXONOMY = """\
tags:
  - name: Agents
    description: LLM agents.
    rules:
      text: ['\\bagents?\\b']
"""
D = datetime.date


def digest(*titles: str, date_line: str | None = "Aug 27", abstracts: dict[str, str] | None = None) -> str:
    """A layout A digest with one entry per title (and the date line, unless ``None``)."""
    lines = ["new", "Get trending papers in your email inbox!", "Subscribe"] + ([date_line] if date_line else [])
    for title in titles:
        abstract = (abstracts or {}).get(title, f"We study {title.lower()} with agents and report results.")
        lines += [title, abstract]
    return "\n\n".join(lines) + "\n"


def site(digests: dict[str, str], history: History | None = None, curation: dict[str, str] | None = None) -> Site:
    files = [SourceFile(f"content/digests/{n}.txt", n, t.encode()) for n, t in sorted(digests.items())]
    cures = [SourceFile(f"content/curation/{s}.yml", s, t.encode()) for s, t in sorted((curation or {}).items())]
    return assemble(files, SourceFile("content/taxonomy.yml", "taxonomy", TAXONOMY.encode()), cures, history=history)


def parsed(name: str, text: str) -> Digest:
    result, problems = parse_digest(text, f"content/digests/{name}.txt", name)
    assert result is not None and problems == []
    return result


# ----- dating rules ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "day", "limit", "expected"),
    [
        (8, 27, D(2026, 9, 3), D(2026, 8, 27)),
        (8, 27, D(2026, 8, 27), D(2026, 8, 27)),
        (8, 27, D(2026, 8, 26), D(2025, 8, 27)),
        (12, 31, D(2027, 1, 2), D(2026, 12, 31)),
        (2, 29, D(2027, 3, 1), D(2024, 2, 29)),
        (2, 29, D(2101, 1, 1), D(2096, 2, 29)),
    ],
)
def test_a_date_line_takes_the_latest_such_day_on_or_before_the_commit(month, day, limit, expected):
    assert latest_on_or_before(month, day, limit) == expected


def test_each_rule_in_turn_and_its_source_is_recorded():
    history = History(added={"x": D(2026, 9, 3), "2026-11-20": D(2027, 1, 5)}, default=D(2030, 6, 1))
    iso = date_digest(parsed("2026-11-20", digest("T", date_line="Nov 20")), history)
    assert (iso.day, iso.date_source, iso.label) == (D(2026, 11, 20), DateSource.FILE_NAME, "Daily Papers, 20 Nov 2026")
    line = date_digest(parsed("x", digest("T")), history)
    assert (line.day, line.date_source) == (D(2026, 8, 27), DateSource.DATE_LINE_COMMIT_YEAR)
    assert line.label == "Daily Papers, 27 Aug 2026"
    bare = date_digest(parsed("x", digest("T", date_line=None)), history)
    assert (bare.day, bare.date_source, bare.label) == (D(2026, 9, 3), DateSource.COMMIT, "Added 3 Sep 2026")
    new_line = date_digest(parsed("y", digest("T")), history)
    assert (new_line.day, new_line.date_source) == (D(2029, 8, 27), DateSource.DATE_LINE_BUILD_YEAR)
    new_bare = date_digest(parsed("y", digest("T", date_line=None)), history)
    assert (new_bare.day, new_bare.date_source, new_bare.label) == (D(2030, 6, 1), DateSource.BUILD, "Added 1 Jun 2030")


def test_a_date_line_naming_no_real_day_is_an_error_with_its_line():
    _digest, problems = parse_digest(digest("T", date_line="Feb 30"), "content/digests/x.txt", "x")
    assert [(p.line, p.severity.value) for p in problems] == [(7, "error")]
    assert "expected a date line naming a real day, found 'Feb 30'" in problems[0].message


def test_digests_are_ordered_by_date_not_file_name_and_the_newest_abstract_wins():
    history = History(added={"a": D(2026, 9, 1), "b": D(2026, 9, 1)})
    built = site(
        {
            "a": digest("Shared agents", date_line="Aug 27", abstracts={"Shared agents": "The August abstract."}),
            "b": digest("Shared agents", date_line="Mar 11", abstracts={"Shared agents": "The March abstract."}),
        },
        history,
    )
    assert [d.name for d in built.digests] == ["b", "a"]  # Mar 11 before Aug 27, whatever the names say
    (paper,) = built.papers
    assert paper.abstract == "The August abstract." and paper.digests == ("b", "a")
    assert structure(built).first_listed[paper.slug].name == "b"


def test_a_day_shared_by_two_digests_is_ordered_by_file_name():
    built = site(
        {"b": digest("One agent"), "a": digest("Two agents")}, History(added={"a": D(2026, 9, 1), "b": D(2026, 9, 2)})
    )
    assert [d.name for d in built.digests] == ["a", "b"] and built.digests[0].day == built.digests[1].day


# ----- what readers see --------------------------------------------------------------------------

HISTORY = History(added={"dg1file": D(2026, 8, 30), "dg2file": D(2026, 9, 2), "dg3file": D(2026, 11, 21)})
SITE = site(
    {
        "dg1file": digest("Old agents", "Zebra agents", date_line="Aug 27"),
        "dg2file": digest("Sept agents", "Old agents", date_line="Sep 1"),
        "dg3file": digest("Newest agents", "Must agents", "Zebra agents", date_line=None),
    },
    HISTORY,
    curation={"must-agents": "highlight: true\n"},
)
PAGES = render_site(SITE, "https://example.org/list/")


def test_no_page_shows_a_digest_file_name_and_every_digest_has_a_dated_label():
    assert [d.label for d in SITE.digests] == [
        "Daily Papers, 27 Aug 2026",
        "Daily Papers, 1 Sep 2026",
        "Added 21 Nov 2026",
    ]
    for path, text in PAGES.items():
        if path.endswith(".md"):
            # link targets are URLs, not text shown (Markdown links and the HTML of list pages)
            visible = re.sub(r'\]\([^)]*\)|href="[^"]*"', "]", text)
            for name in ("dg1file", "dg2file", "dg3file"):
                assert name not in visible, (path, name)


def test_home_page_opens_with_the_newest_digest_must_reads_first():
    home = PAGES["index.md"]
    heading = '<h2 id="new" data-rl-day="2026-11-21" data-rl-newest>New: <a href="digests/dg3file/">Added 21 Nov 2026</a></h2>'
    overview = PAGES["digests/index.md"]
    assert '<li data-rl-day="2026-11-21" data-rl-newest><a href="dg3file/">Added 21 Nov 2026</a> — ' in overview
    assert overview.count("data-rl-newest") == 1
    assert home.index(heading) < home.index('<h2 id="explore">')
    newest = home[home.index(heading) : home.index('<h2 id="explore">')]
    order = [newest.index(f'"papers/{slug}/"') for slug in ("must-agents", "newest-agents", "zebra-agents")]
    assert order == sorted(order)
    assert 'listed before: <a href="digests/dg1file/">27 Aug 2026</a>' in newest
    assert '<a href="tags/agents/">Agents</a>' in newest
    for target in ("tags/", "archive/", "feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json", "papers.json"):
        assert f'<a href="{target}">' in home, target


def items(page: str) -> list[str]:
    """The list items of a generated list page's HTML body, one line each."""
    return [line for line in page.splitlines() if line.startswith("<li>")]


def test_digest_pages_mark_new_papers_and_earlier_listings_and_say_where_the_date_came_from():
    second = PAGES[digest_path(SITE.digests[1])]
    assert second.splitlines()[0:2] == ["---", "title: Daily Papers, 1 Sep 2026"]
    assert "2 papers: 1 new here, 1 listed before." in second
    assert "year comes from the commit" in second
    assert '<ol start="1">' in second
    lines = items(second)
    assert '"../../papers/sept-agents/"' in lines[0] and lines[0].endswith("<strong>new</strong></li>")
    assert '"../../papers/old-agents/"' in lines[1]
    assert lines[1].endswith('listed before: <a href="../dg1file/">27 Aug 2026</a></li>')
    third = PAGES[digest_path(SITE.digests[2])]
    assert "the day it was added" in third


def test_tag_pages_group_papers_by_month_of_first_listing_newest_first():
    page = PAGES[tag_path(SITE.tags[0])]
    headings = re.findall(r'^<h2 id="([^"]+)">(.+)</h2>$', page, re.M)
    assert headings == [
        ("must-reads", "Must-reads"),
        ("2026-11", "November 2026"),
        ("2026-09", "September 2026"),
        ("2026-08", "August 2026"),
    ]
    jumps = re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', page)
    assert jumps == [("#" + key, label) for key, label in headings]
    positions = [
        page.index(f'"../../papers/{p.slug}/"') for p in must_reads_first(structure(SITE).papers_by_tag["Agents"])
    ]
    assert positions == sorted(positions)
    pinned = page[page.index(">Must-reads</h2>") : page.index(">November 2026</h2>")]
    november = page[page.index(">November 2026</h2>") : page.index(">September 2026</h2>")]
    assert "must-agents" in pinned and "must-agents" not in november  # must-reads are pinned, once
    assert "newest-agents" in november and "zebra-agents" not in november
    assert "<em>21 Nov 2026</em>" in pinned + november


def test_archive_lists_every_paper_once_under_its_first_listed_month():
    index = PAGES["archive/index.md"]
    assert re.findall(r"^- \[(.+?)\]\((.+?)\) — (\d+ papers?)$", index, re.M) == [
        ("November 2026", "2026-11.md", "2 papers"),
        ("September 2026", "2026-09.md", "1 paper"),
        ("August 2026", "2026-08.md", "2 papers"),
    ]
    assert "<p>1 paper first listed in September 2026, newest first." in PAGES["archive/2026-09.md"]
    listed = [
        m
        for month in ((2026, 11), (2026, 9), (2026, 8))
        for m in re.findall(r'"\.\./\.\./papers/([a-z-]+)/"', PAGES[archive_path(month)])
    ]
    assert sorted(listed) == sorted(p.slug for p in SITE.papers)
    assert '<h2 id="2026-08-27">27 Aug 2026</h2>' in PAGES["archive/2026-08.md"]


def test_list_pages_are_linear_and_escape_titles():
    hostile = site({"2026-01-02": digest("<script>alert(1)</script> agents [x](javascript:y)")})
    pages = render_site(hostile)
    for path in ("index.md", "archive/2026-01.md", "tags/agents.md", "digests/2026-01-02.md", "papers/index.md"):
        assert "<script>" not in pages[path] and 'href="javascript:' not in pages[path], path
    assert "&lt;script&gt;alert(1)&lt;/script&gt; agents [x](javascript:y)</a>" in pages["tags/agents.md"]


# ----- dates from git ----------------------------------------------------------------------------


def git(repo: Path, *args: str, when: str = "2026-09-03T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, when: str) -> str:
    git(repo, "add", "-A", when=when)
    git(repo, "commit", "-q", "--allow-empty", "-m", f"at {when}", when=when)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = tmp_path / "repo"
    (root / "content" / "digests").mkdir(parents=True)
    (root / "content" / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    return root


def write(repo: Path, name: str, text: str) -> None:
    (repo / "content" / "digests" / f"{name}.txt").write_text(text, encoding="utf-8")


def dated(repo: Path) -> dict[str, tuple[datetime.date, DateSource]]:
    built = load_site(ContentPaths(repo, repo / "content"))
    return {d.name: (d.day, d.date_source) for d in built.digests}


def test_git_history_dates_digests_by_the_commit_that_first_added_them(repo):
    write(repo, "old", digest("Old agents", date_line="Dec 30"))
    commit(repo, "2027-01-04T23:30:00-05:00")  # 2027-01-05 in UTC: Dec 30 is in 2026
    write(repo, "bare", digest("Bare agents", date_line=None))
    write(repo, "old", digest("Old agents", "More agents", date_line="Dec 30"))  # a later edit changes nothing
    commit(repo, "2027-02-10T08:00:00+00:00")
    assert dated(repo) == {
        "old": (D(2026, 12, 30), DateSource.DATE_LINE_COMMIT_YEAR),
        "bare": (D(2027, 2, 10), DateSource.COMMIT),
    }


def test_uncommitted_digests_get_the_head_commit_day_or_source_date_epoch(repo, monkeypatch):
    write(repo, "old", digest("Old agents", date_line=None))
    commit(repo, "2027-03-01T10:00:00+00:00")
    write(repo, "new", digest("New agents", date_line=None))
    assert dated(repo)["new"] == (D(2027, 3, 1), DateSource.BUILD)
    assert dated(repo) == dated(repo)  # no clock, no modification times
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert dated(repo)["new"] == (D(2023, 11, 14), DateSource.BUILD)
    assert dated(repo)["old"] == (D(2027, 3, 1), DateSource.COMMIT)


def test_content_outside_git_is_dated_deterministically(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "content"
    (content / "digests").mkdir(parents=True)
    paths = ContentPaths(tmp_path, content)
    assert read_history(paths) == History(default=UNDATED)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert default_day(paths) == D(2023, 11, 14)


def test_a_bad_source_date_epoch_is_a_clear_error(tmp_path, monkeypatch):
    from generator.model import ContentError

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ContentError, match="SOURCE_DATE_EPOCH: error: expected seconds since 1970"):
        default_day(ContentPaths(tmp_path, tmp_path / "content"))


def test_the_base_of_a_check_is_dated_from_history_up_to_that_revision(repo):
    write(repo, "a", digest("First agents", date_line=None))
    base = commit(repo, "2027-04-01T10:00:00+00:00")
    write(repo, "b", digest("Second agents", date_line="Jan 2"))
    commit(repo, "2028-01-05T10:00:00+00:00")
    write(repo, "c", digest("Third agents", date_line="Jan 2"))
    before, note = load_base_site(base, ContentPaths(repo, repo / "content"))
    assert note is None and [(d.name, d.day) for d in before.digests] == [("a", D(2027, 4, 1))]
    assert dated(repo) == {
        "a": (D(2027, 4, 1), DateSource.COMMIT),
        "b": (D(2028, 1, 2), DateSource.DATE_LINE_COMMIT_YEAR),
        "c": (D(2028, 1, 2), DateSource.DATE_LINE_BUILD_YEAR),
    }
    head = commit(repo, "2029-03-01T10:00:00+00:00")
    later, _ = load_base_site(head, ContentPaths(repo, repo / "content"))
    assert [(d.name, d.day) for d in later.digests] == [
        ("a", D(2027, 4, 1)),
        ("b", D(2028, 1, 2)),
        ("c", D(2029, 1, 2)),
    ]
