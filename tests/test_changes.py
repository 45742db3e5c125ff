"""What a pull request changes on the site: ``generator.changes`` on small sites, and
``python -m generator check --base REF`` on temporary git repositories holding real content."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEED
from generator.build import ContentPaths, GitError, load_base_site, read_content, read_git_content
from generator.changes import compare, render_errors, render_markdown
from generator.model import EMPTY_SITE, ContentError, Problem, Severity
from generator.pipeline import SourceFile, assemble

# ----- small sites built from text --------------------------------------------------------------

TAXONOMY = """\
tags:
  - name: Agents
    description: LLM agents.
    rules:
      text: ['\\bagents?\\b']
  - name: Vision
    description: Images and video.
    rules:
      title: ['\\bimages?\\b']
"""

ABSTRACT = "We study {what} in depth and report results on three benchmarks."


def digest(*titles: str, abstracts: dict | None = None) -> str:
    """A layout A digest holding one entry per title."""
    lines = ["new", "Get trending papers in your email inbox!", "Subscribe", "Aug 27"]
    for title in titles:
        lines += [title, (abstracts or {}).get(title, ABSTRACT.format(what=title.lower()))]
    return "\n\n".join(lines) + "\n"


def site(digests: dict[str, str], taxonomy: str = TAXONOMY, curation: dict[str, str] | None = None):
    files = [SourceFile(f"content/digests/{name}.txt", name, text.encode()) for name, text in sorted(digests.items())]
    cures = [
        SourceFile(f"content/curation/{slug}.yml", slug, text.encode())
        for slug, text in sorted((curation or {}).items())
    ]
    return assemble(files, SourceFile("content/taxonomy.yml", "taxonomy", taxonomy.encode()), cures)


BASE = {"000": digest("Web agents that browse", "Sharper images from noise", "A study of tokenizers")}


def slugs(papers) -> list[str]:
    return [p.slug for p in papers]


def test_the_same_content_changes_nothing():
    changes = compare(site(BASE), site(BASE))
    assert changes.empty
    assert "No change to the site" in render_markdown(changes, "main")


def test_a_new_digest_adds_its_new_papers_and_changes_the_papers_it_repeats():
    head = site({**BASE, "001": digest("Robot agents in kitchens", "Web agents that browse")})
    changes = compare(site(BASE), head)
    assert slugs(changes.papers_added) == ["robot-agents-in-kitchens"]
    assert [(c.slug, c.fields) for c in changes.papers_changed] == [("web-agents-that-browse", ("digests",))]
    assert changes.papers_removed == ()
    assert changes.digests_added == ("001",) and changes.digests_removed == ()
    assert changes.tag_counts == (("Agents", 1, 2),)
    text = render_markdown(changes, "main")
    assert "### Papers added (1)\n\n- Robot agents in kitchens (`robot-agents-in-kitchens`) — Agents\n" in text
    assert "- Web agents that browse (`web-agents-that-browse`): digests +001\n" in text
    assert "| Agents | 1 | 2 | +1 |" in text


def test_a_newer_abstract_is_a_change_and_its_warning_is_listed():
    newer = "We study web agents that browse, now with a larger evaluation on five benchmarks."
    head = site({**BASE, "001": digest("Web agents that browse", abstracts={"Web agents that browse": newer})})
    changes = compare(site(BASE), head)
    assert [(c.slug, c.fields) for c in changes.papers_changed] == [("web-agents-that-browse", ("abstract", "digests"))]
    assert len(changes.warnings) == 1 and changes.warnings[0].source == "content/digests/000.txt"
    text = render_markdown(changes, "main")
    assert "### Warnings (1)\n\n- content/digests/000.txt&#58;11: this abstract of" in text


def test_a_removed_digest_removes_the_papers_only_it_held():
    base = site({**BASE, "001": digest("Robot agents in kitchens", "Web agents that browse")})
    changes = compare(base, site(BASE))
    assert slugs(changes.papers_removed) == ["robot-agents-in-kitchens"]
    assert changes.digests_removed == ("001",)
    assert [(c.slug, c.fields) for c in changes.papers_changed] == [("web-agents-that-browse", ("digests",))]


def test_a_renamed_tag_is_one_rename_and_every_paper_carrying_it_changes():
    renamed = TAXONOMY.replace("name: Agents", "name: LLM agents")
    changes = compare(site(BASE), site(BASE, taxonomy=renamed))
    assert changes.tags_added == () and changes.tags_removed == ()
    assert [(c.before.name, c.after.name, c.fields) for c in changes.tags_changed] == [
        ("Agents", "LLM agents", ("name",))
    ]
    assert [(c.slug, c.fields) for c in changes.papers_changed] == [("web-agents-that-browse", ("tags",))]
    assert changes.tag_counts == ()  # the same papers under the new name
    text = render_markdown(changes, "main")
    assert "- renamed: **Agents** → **LLM agents**\n" in text
    assert "tags +LLM agents −Agents" in text


def test_tags_added_removed_and_edited():
    edited = TAXONOMY.replace("description: LLM agents.", "description: Agents built on language models.").replace(
        "  - name: Vision\n    description: Images and video.\n    rules:\n      title: ['\\bimages?\\b']\n",
        "  - name: Tokenization\n    description: Tokenizers.\n    rules:\n      title: ['tokeni[sz]']\n",
    )
    changes = compare(site(BASE), site(BASE, taxonomy=edited))
    assert [t.name for t in changes.tags_added] == ["Tokenization"]
    assert [t.name for t in changes.tags_removed] == ["Vision"]
    assert [(c.after.name, c.fields) for c in changes.tags_changed] == [("Agents", ("description",))]
    assert changes.tag_counts == (("Tokenization", 0, 1), ("Vision", 1, 0))
    assert sorted((c.slug, c.fields) for c in changes.papers_changed) == [
        ("a-study-of-tokenizers", ("tags",)),
        ("sharper-images-from-noise", ("tags",)),
    ]
    text = render_markdown(changes, "main")
    assert "- added: **Tokenization** — Tokenizers.\n" in text
    assert "- removed: **Vision**\n" in text
    assert "- changed: **Agents** (description)\n" in text


def test_curation_changes_are_reported_per_paper():
    curation = {
        "web-agents-that-browse": "highlight: true\nnote: Read this first.\narxiv: 2401.10010\n",
        "sharper-images-from-noise": "hidden: true\nreason: Off topic.\n",
    }
    changes = compare(site(BASE), site(BASE, curation=curation))
    assert slugs(changes.papers_removed) == ["sharper-images-from-noise"]
    assert changes.hidden_now == (("sharper-images-from-noise", "Off topic."),)
    assert [(c.slug, c.fields) for c in changes.papers_changed] == [
        ("web-agents-that-browse", ("note", "highlight", "arxiv", "curated"))
    ]
    text = render_markdown(changes, "main")
    assert "- `sharper-images-from-noise`: hidden (Off topic.)\n" in text
    assert "- `web-agents-that-browse`: curation file added, highlighted, note added, arXiv id 2401.10010\n" in text
    assert "- Sharper images from noise (`sharper-images-from-noise`) — Vision (hidden by curation)\n" in text
    back = compare(site(BASE, curation=curation), site(BASE))
    assert back.shown_again == ("sharper-images-from-noise",)
    assert slugs(back.papers_added) == ["sharper-images-from-noise"]


def test_an_empty_base_counts_everything_as_added_and_says_why():
    changes = compare(EMPTY_SITE, site(BASE), "No base content at abc.")
    assert slugs(changes.papers_added) == [
        "a-study-of-tokenizers",
        "sharper-images-from-noise",
        "web-agents-that-browse",
    ]
    assert [t.name for t in changes.tags_added] == ["Agents", "Vision"]
    assert render_markdown(changes, "abc").startswith(
        "## Reading list changes against abc\n\n> No base content at abc.\n\n**3 papers added"
    )


def test_titles_are_shown_character_for_character_never_as_markdown():
    head = site({"000": digest("CoSTA*: <think> tags | *not* [links](javascript:x) and `code` ~~at~~ & :tada:")})
    title = head.papers[0].title
    line = next(
        line
        for line in render_markdown(compare(EMPTY_SITE, head), "main").splitlines()
        if "tags" in line and "(`" in line
    )
    shown = line[len("- ") : line.index(" (`")]
    assert html.unescape(shown) == title
    assert not set(shown) & set("*<>|[]`~$:")
    assert "&" not in re.sub(r"&#\d+;", "", shown)


def test_long_lists_are_cut_and_counted(monkeypatch):
    monkeypatch.setattr("generator.changes.MAX_ITEMS", 2)
    changes = compare(
        site(BASE), site({**BASE, "001": digest("First new paper", "Second new paper", "Third new paper")})
    )
    text = render_markdown(changes, "main")
    assert "### Papers added (3)\n\n- First new paper (`first-new-paper`) — no tags\n- Second new paper" in text
    assert "- … and 1 more\n" in text and "Third new paper" not in text


def test_errors_summary_lists_errors_then_warnings():
    problems = [
        Problem("content/digests/a.txt", 3, "bad"),
        Problem("content/digests/a.txt", 0, "meh", Severity.WARNING),
    ]
    text = render_errors(problems, "main")
    assert "**The content has 1 error; nothing was built.**" in text
    assert (
        text.index("- content/digests/a.txt&#58;3: bad\n")
        < text.index("### Warnings (1)")
        < text.index("- content/digests/a.txt: meh\n")
    )


# ----- the command on git repositories ----------------------------------------------------------

NEW_DIGEST = digest(
    "Zorblax Quintessence Networks for Frobnication",
    "Quuxle: A Snarfed Corpus of Wibbles",
)
NEW_SLUGS = ["quuxle-a-snarfed-corpus-of-wibbles", "zorblax-quintessence-networks-for-frobnication"]
BROKEN_DIGEST = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nAug 29\n\nA title with its abstract\n\nIts abstract, which ends like a sentence.\n\nA title left without an abstract\n"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def check(repo: Path, *args: str) -> subprocess.CompletedProcess:
    # This checkout's generator, not whichever one is installed (a worktree runs its own code).
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def sections(markdown: str) -> dict[str, list[str]]:
    """The summary's ``### `` sections: heading -> its non-empty lines."""
    found: dict[str, list[str]] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("### "):
            current = found.setdefault(line[4:], [])
        elif current is not None and line.strip():
            current.append(line)
    return found


def slugs_in(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines for m in [re.search(r"\(`([a-z0-9-]+)`\)", line)] if m]


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository whose first commit holds a copy of the committed content."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    shutil.copytree(SEED, root / "content")
    return root


def test_summary_lists_exactly_the_added_papers_and_the_changed_tag(repo):
    base = commit(repo, "base")
    taxonomy_file = repo / "content" / "taxonomy.yml"
    taxonomy = yaml.safe_load(taxonomy_file.read_text(encoding="utf-8"))
    tag = taxonomy["tags"][0]
    tag["description"] = "A new description for the test."
    tag["rules"].setdefault("title", []).append("zorblax")
    taxonomy_file.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (repo / "content" / "digests" / "900_new.txt").write_text(NEW_DIGEST, encoding="utf-8")
    commit(repo, "head: a digest and a tag")
    summary = repo.parent / "summary.md"

    result = check(repo, "--format", "github", "--base", base, "--summary", str(summary))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "## Reading list changes against" not in result.stdout  # it went to the summary file
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(
        f"## Reading list changes against {base}\n\n**2 papers added, 0 changed, 0 removed**; digests: 1 added, 0 removed; tags: 0 added, 0 removed, 1 changed;"
    )
    found = sections(text)
    assert found["Digests"] == ["- added: 900&#95;new"]
    assert slugs_in(found["Papers added (2)"]) == NEW_SLUGS
    assert not any(title.startswith(("Papers changed", "Papers removed")) for title in found)
    assert [html.unescape(line) for line in found["Tags"]] == [f"- changed: **{tag['name']}** (description, rules)"]
    zorblax = next(line for line in found["Papers added (2)"] if "zorblax" in line)
    assert tag["name"] in html.unescape(zorblax)
    rows = {html.unescape(row.split(" | ")[0].lstrip("| ")): row for row in found["Papers per tag"][2:]}
    assert tag["name"] in rows
    assert all(row.endswith(("| +1 |", "| +2 |")) for row in rows.values())  # only the two new papers count


def test_summary_is_printed_when_no_file_is_given(repo):
    base = commit(repo, "base")
    (repo / "content" / "digests" / "900_new.txt").write_text(NEW_DIGEST, encoding="utf-8")
    result = check(repo, "--base", base)
    assert result.returncode == 0, result.stderr
    assert f"## Reading list changes against {base}\n" in result.stdout
    assert slugs_in(sections(result.stdout)["Papers added (2)"]) == NEW_SLUGS  # uncommitted head: the working tree


def test_a_broken_digest_is_annotated_on_its_file_and_line_and_fails(repo):
    base = commit(repo, "base")
    (repo / "content" / "digests" / "901_broken.txt").write_text(BROKEN_DIGEST, encoding="utf-8")
    commit(repo, "head: a broken digest")
    summary = repo.parent / "summary.md"

    result = check(repo, "--format", "github", "--base", base, "--summary", str(summary))

    assert result.returncode == 1
    assert (
        "::error file=content/digests/901_broken.txt,line=13::expected an abstract after the title 'A title left without an abstract', found the end of the file"
        in result.stdout.splitlines()
    )
    text = summary.read_text(encoding="utf-8")
    assert "**The content has 1 error; nothing was built.**" in text
    assert "- content/digests/901&#95;broken.txt&#58;13: expected an abstract after the title" in text


def test_a_base_without_content_counts_everything_as_added(repo, tmp_path):
    (tmp_path / "moved").mkdir()
    shutil.move(repo / "content", tmp_path / "moved" / "content")
    (repo / "README.md").write_text("first commit, before any content\n", encoding="utf-8")
    first = commit(repo, "first")
    shutil.move(tmp_path / "moved" / "content", repo / "content")
    commit(repo, "content")
    head = load_base_site("HEAD", ContentPaths(repo, repo / "content"))[0]

    result = check(repo, "--base", first)

    assert result.returncode == 0, result.stderr
    text = result.stdout[result.stdout.index("## Reading list changes") :]
    assert (
        f"> No base content at {first} (expected a folder content/ at {first}, found none); everything counts as added.\n"
        in text
    )
    assert f"**{len(head.papers)} papers added, 0 changed, 0 removed**" in text
    assert slugs_in(sections(text)[f"Papers added ({len(head.papers)})"]) == sorted(p.slug for p in head.papers)[:200]
    assert "everything counts as added" in result.stderr


def test_a_base_with_content_errors_counts_everything_as_added(repo):
    (repo / "content" / "digests" / "901_broken.txt").write_text(BROKEN_DIGEST, encoding="utf-8")
    base = commit(repo, "broken base")
    (repo / "content" / "digests" / "901_broken.txt").unlink()
    result = check(repo, "--base", base)
    assert result.returncode == 0, result.stderr
    assert (
        f"> The content at {base} has 1 error, first content/digests/901&#95;broken.txt&#58;13&#58; error&#58; expected an abstract"
        in result.stdout
    )
    assert "papers added, 0 changed, 0 removed**" in result.stdout


def test_an_unknown_base_still_gives_a_summary(repo):
    commit(repo, "base")
    result = check(repo, "--base", "no-such-branch")
    assert result.returncode == 0, result.stderr
    assert "> No base content at no-such-branch (expected a commit of the repository at" in result.stdout
    assert "warning: No base content at no-such-branch" in result.stderr


def test_summary_file_needs_a_base(repo, tmp_path):
    result = check(repo, "--summary", str(tmp_path / "s.md"))
    assert result.returncode == 2
    assert "--summary needs --base REF" in result.stderr
    assert not (tmp_path / "s.md").exists()


def test_content_read_from_git_is_the_content_read_from_disk(repo):
    commit(repo, "base")
    paths = ContentPaths(repo, repo / "content")
    assert read_git_content("HEAD", paths) == read_content(paths)
    (repo / "content" / "digests" / "900_new.txt").write_text(NEW_DIGEST, encoding="utf-8")
    at_head = read_git_content("HEAD", paths)
    assert [f.name for f in at_head[0]] == [f.name for f in read_content(paths)[0] if f.name != "900_new"]


def test_a_stray_curation_file_is_refused_from_git_as_from_disk(repo):
    (repo / "content" / "curation" / "notes.txt").write_text("not a curation file\n", encoding="utf-8")
    (repo / "content" / "digests" / "2026-11-21.TXT").write_text(
        "a digest the generator would skip\n", encoding="utf-8"
    )
    (repo / "content" / "curation" / "old").mkdir()
    (repo / "content" / "curation" / "old" / "a.yml").write_text("highlight: true\n", encoding="utf-8")
    commit(repo, "stray files")
    paths = ContentPaths(repo, repo / "content")
    with pytest.raises(ContentError) as on_disk:
        read_content(paths)
    with pytest.raises(ContentError) as in_git:
        read_git_content("HEAD", paths)
    expected = {
        "content/curation/notes.txt: error: expected only curation files named <slug>.yml directly in curation/, found this file",
        "content/digests/2026-11-21.TXT: error: expected only digest files named <name>.txt directly in digests/, found this file",
    }
    assert {str(p) for p in on_disk.value.problems} == expected | {
        "content/curation/old: error: expected only curation files named <slug>.yml directly in curation/, found a folder"
    }
    assert in_git.value.problems == on_disk.value.problems


def outcome(read):
    """What a content reader gives: the files it read, or the problems it raised."""
    try:
        return read()
    except ContentError as err:
        return [str(p) for p in err.problems]


def test_a_dot_named_digest_is_treated_the_same_from_git_and_from_disk(repo):
    (repo / "content" / "digests" / ".draft.txt").write_text(NEW_DIGEST, encoding="utf-8")
    (repo / "content" / "curation" / ".wip.yml").write_text("highlight: true\n", encoding="utf-8")
    commit(repo, "dot-named drafts")
    paths = ContentPaths(repo, repo / "content")
    from_disk = outcome(lambda: read_content(paths))
    assert outcome(lambda: read_git_content("HEAD", paths)) == from_disk
    if isinstance(from_disk, tuple):  # skipped, never read as content
        digests, _, curation = from_disk
        assert not any(f.name.startswith(".") for f in [*digests, *curation])
    else:  # refused, naming the files
        assert any("content/digests/.draft.txt" in line for line in from_disk)


def test_a_committed_symbolic_link_is_refused_from_git_and_never_followed(repo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(NEW_DIGEST, encoding="utf-8")
    (repo / "content" / "digests" / "900_link.txt").symlink_to(secret)
    (repo / "content" / "digests" / "901_inside.txt").symlink_to("000_b6c0b480d96c99fc.txt")
    commit(repo, "links")
    with pytest.raises(ContentError) as raised:
        read_git_content("HEAD", ContentPaths(repo, repo / "content"))
    assert [str(p) for p in raised.value.problems] == [
        f"content/digests/900_link.txt: error: expected a regular file, found a symbolic link to {str(secret)!r}",
        "content/digests/901_inside.txt: error: expected a regular file, found a symbolic link to '000_b6c0b480d96c99fc.txt'",
    ]


def test_hand_written_pages_are_not_read_from_git(repo):
    (repo / "content" / "pages").mkdir(exist_ok=True)
    (repo / "content" / "pages" / "link.md").symlink_to("/etc/passwd")
    commit(repo, "a link among the pages")
    paths = ContentPaths(repo, repo / "content")
    assert read_git_content("HEAD", paths) == read_content(paths)


def test_a_file_git_archive_leaves_out_is_an_error_not_a_silent_loss(repo):
    (repo / ".gitattributes").write_text("content/curation/*.yml export-ignore\n", encoding="utf-8")
    (repo / "content" / "curation" / "x.yml").write_text("highlight: true\n", encoding="utf-8")
    commit(repo, "export-ignore")
    with pytest.raises(GitError, match=r"found content/curation/\S+\.yml left out"):
        read_git_content("HEAD", ContentPaths(repo, repo / "content"))


def test_content_is_read_from_git_with_paths_relative_to_a_subfolder_root(repo):
    commit(repo, "base")
    paths = ContentPaths(repo / "content", repo / "content")
    digests, taxonomy, _ = read_git_content("HEAD", paths)
    assert taxonomy.source == "taxonomy.yml"
    assert [f.source for f in digests] == [f.source for f in read_content(paths)[0]]


def test_a_new_paper_hidden_in_the_same_change_is_listed_as_hidden():
    head = site(
        {**BASE, "001": digest("Office chairs reviewed")},
        curation={"office-chairs-reviewed": "hidden: true\nreason: Off topic.\n"},
    )
    changes = compare(site(BASE), head)
    assert changes.papers_added == ()
    assert changes.hidden_now == (("office-chairs-reviewed", "Off topic."),)
    assert "- `office-chairs-reviewed`: hidden (Off topic.)\n" in render_markdown(changes, "main")


def test_a_changed_reason_of_a_hidden_paper_is_reported():
    hide = {"sharper-images-from-noise": "hidden: true\nreason: Off topic.\n"}
    rehide = {"sharper-images-from-noise": "hidden: true\nreason: A survey <of> nothing new.\n"}
    changes = compare(site(BASE, curation=hide), site(BASE, curation=rehide))
    assert not changes.empty
    assert changes.reasons_changed == (("sharper-images-from-noise", "Off topic.", "A survey <of> nothing new."),)
    assert changes.hidden_now == () and changes.papers_removed == () and changes.papers_added == ()
    text = render_markdown(changes, "main")
    assert (
        "### Curation\n\n- `sharper-images-from-noise`: still hidden, reason changed (A survey &#60;of&#62; nothing new.; was Off topic.)\n"
        in text
    )
    assert compare(site(BASE, curation=hide), site(BASE, curation=hide)).empty


def test_a_renamed_tag_whose_papers_change_is_one_row_under_its_new_name():
    # Same page slug (agents), new rules: a rename that changes which papers carry the tag.
    renamed = TAXONOMY.replace("name: Agents", "name: AGENTS!").replace(
        "text: ['\\bagents?\\b']", "text: ['\\bagents?\\b', 'tokeni[sz]er']"
    )
    changes = compare(site(BASE), site(BASE, taxonomy=renamed))
    assert [(c.before.name, c.after.name, c.fields) for c in changes.tags_changed] == [
        ("Agents", "AGENTS!", ("name", "rules"))
    ]
    assert changes.tag_counts == (("AGENTS!", 1, 2),)  # not also ("Agents", 1, 0)
    assert "| AGENTS! | 1 | 2 | +1 |" in render_markdown(changes, "main")
