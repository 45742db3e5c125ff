"""Hostile files, names, pages, notes and tags: the "Files, names and pages" and "Curation,
notes and tags" tables of ``tests/hostile/README.md``.

Each case is a small repository of its own in a temporary folder (see the README), checked with
the real ``python -m generator`` and the real ``mkdocs build`` in a subprocess (so a hang is a
timeout, not a stuck test run). Every error the README names must be printed, and nothing else;
the temporary folder must be unchanged; no text of a file outside the repository may be shown;
no line of the output may be taken by a workflow runner as a command it did not mean to give.
Also here: the reserved page paths against what the generator and the theme really write, the
slug caps, and ``write_pages`` leaving no half-written state.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import material
import pytest
from bs4 import BeautifulSoup
from test_report import forged_commands
from test_site_safety import scan_site

from conftest import ROOT, build_site
from generator import build as build_module
from generator.build import (
    MARKER,
    MARKER_TEXT,
    ContentPaths,
    check_output_dir,
    hand_written,
    load_site,
    read_file,
    write_pages,
)
from generator.digest import MAX_SLUG_CHARS, digest_slug
from generator.model import ContentError, Problem
from generator.pages import RESERVED, page_key
from generator.render import render_site
from generator.tags import tag_slug

HOSTILE = Path(__file__).resolve().parent / "hostile"
FILES = HOSTILE / "files"
COMMITTED = ("files", "curation")  # folders of committed cases, each case a folder of files
SECRET = "SECRET-7f3a9c-do-not-show"
HEADER = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
]
DIGEST = "\n\n".join(
    [
        *HEADER,
        "May 6",
        "A Paper About Files",
        "We show how a static site generator reads the files of a pull request and refuses what is not content.",
        "Another Paper on Names",
        "We study file names that tools hide, shorten or misread, and how to report every one of them.",
    ]
)
TAXONOMY = """tags:
  - name: Files
    description: Papers about files.
    rules:
      title:
        - 'files'
"""
# Looks like a digest, so that a generator following a link would parse it and quote it.
SECRET_TEXT = "\n\n".join([*HEADER, "May 7", f"Title {SECRET}", f"Abstract {SECRET} that must never be shown."])


@dataclass(frozen=True)
class Case:
    """One row of the README's tables: the command to run (``renders``: a strict MkDocs build;
    ``github``: ``check --format github``) and the errors it must print, as ``(path, part of the
    message)``; no errors for ``renders`` and for ``github: no errors`` (it must exit 0)."""

    name: str
    command: str
    errors: tuple[tuple[str, str], ...]


def read_cases() -> dict[str, Case]:
    text = (HOSTILE / "README.md").read_text(encoding="utf-8").split("## Files, names and pages", 1)[1]
    cases = {}
    for line in text.splitlines():
        match = re.fullmatch(r"\| `([^`]+)` \| .+ \| (check|github|build|mkdocs|renders)(?:: (.+))? \|", line)
        if match:
            found = re.findall(r'error at `([^`]+)`: "([^"]+)"', match.group(3) or "")
            errors = tuple((path, unescape(fragment)) for path, fragment in found)
            assert (match.group(2) == "renders" or match.group(3) == "no errors") == (not errors), line
            cases[match.group(1)] = Case(match.group(1), match.group(2), errors)
    return cases


def unescape(text: str) -> str:
    """Undo the Markdown escapes a table cell needs (``\\|`` for ``|``, ``\\\\`` for ``\\``)."""
    return re.sub(r"\\([\\|])", r"\1", text)


CASES = read_cases()


# ----- the base repository and the cases made at test time ------------------------------------


def make_repo(repo: Path) -> Path:
    """A small valid repository: content, a copy of mkdocs.yml and overrides, build/docs."""
    content = repo / "content"
    for folder in ("digests", "curation", "pages"):
        (content / folder).mkdir(parents=True)
    (content / "digests" / "2026-05-06.txt").write_text(DIGEST + "\n", encoding="utf-8")
    (content / "taxonomy.yml").write_text(TAXONOMY, encoding="utf-8")
    (content / "pages" / "about.md").write_text("# About\n\nA test site.\n", encoding="utf-8")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", repo / "overrides")
    (repo / "build" / "docs").mkdir(parents=True)
    (repo / "build" / "docs" / MARKER).write_bytes(MARKER_TEXT)
    (repo.parent / "secret.txt").write_text(SECRET_TEXT, encoding="utf-8")
    (repo.parent / "sibling").mkdir()
    (repo.parent / "sibling" / "keep.txt").write_text("a folder next to the repository\n", encoding="utf-8")
    return repo


def overlay(case: Path, repo: Path) -> None:
    """Copy the files of a committed case into ``repo``, replacing what stands in their way."""
    for source in sorted(p for p in case.rglob("*") if p.is_file()):
        target = repo / source.relative_to(case)
        for parent in reversed(target.relative_to(repo).parents):
            if (repo / parent).is_file():
                (repo / parent).unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)


def digest_symlink_outside_repository(repo: Path) -> None:
    os.symlink("../../../secret.txt", repo / "content/digests/leak.txt")


def digest_symlink_to_git_config(repo: Path) -> None:
    (repo / ".git").mkdir()
    (repo / ".git" / "config").write_text(SECRET_TEXT, encoding="utf-8")
    os.symlink("../../.git/config", repo / "content/digests/config.txt")


def digest_symlink_to_dev_zero(repo: Path) -> None:
    os.symlink("/dev/zero", repo / "content/digests/zero.txt")


def digest_fifo(repo: Path) -> None:
    os.mkfifo(repo / "content/digests/pipe.txt")


def dangling_and_looping_symlinks(repo: Path) -> None:
    digests = repo / "content/digests"
    os.symlink("nowhere.txt", digests / "dangling.txt")
    os.symlink("loop2.txt", digests / "loop1.txt")
    os.symlink("loop1.txt", digests / "loop2.txt")


def sparse_huge_digest(repo: Path) -> None:
    with (repo / "content/digests/huge.txt").open("wb") as file:
        file.truncate(6 * 1024**3)


def taxonomy_symlink(repo: Path) -> None:
    (repo / "content/taxonomy.yml").unlink()
    os.symlink("../../secret.txt", repo / "content/taxonomy.yml")


def curation_symlink(repo: Path) -> None:
    os.symlink("../digests/2026-05-06.txt", repo / "content/curation/a-paper-about-files.yml")


def digests_folder_symlink(repo: Path) -> None:
    (repo / "content/digests").rename(repo / "content/elsewhere")
    os.symlink("../elsewhere", repo / "content/digests")
    (repo / "content/elsewhere").rename(repo / "elsewhere")


def content_folder_symlink(repo: Path) -> None:
    (repo / "content").rename(repo / "real-content")
    os.symlink("real-content", repo / "content")


def pages_symlinks(repo: Path) -> None:
    os.symlink("/etc/passwd", repo / "content/pages/passwd.md")
    os.symlink("/etc", repo / "content/pages/etc")


def odd_file_names(repo: Path) -> None:
    with open(os.fsencode(repo / "content/digests") + b"/\xff.txt", "w", encoding="utf-8") as file:
        file.write(DIGEST.replace("A Paper About Files", "A Paper With an Odd File Name") + "\n")
    (repo / "content/pages/tab\tname\u202e.md").write_text("# Tab\n", encoding="utf-8")


def docs_dir_symlink_to_content(repo: Path) -> None:
    shutil.rmtree(repo / "build/docs")
    (repo / "content" / MARKER).write_bytes(MARKER_TEXT)  # the faked marker
    os.symlink("../content", repo / "build/docs")


docs_dir_symlink_to_content_in_mkdocs = docs_dir_symlink_to_content


def build_folder_symlink(repo: Path) -> None:
    (repo / "build").rename(repo.parent / "elsewhere")
    (repo.parent / "elsewhere" / "docs" / "kept.md").write_text("# not ours to delete\n", encoding="utf-8")
    os.symlink("../elsewhere", repo / "build")


def link_inside_docs_dir(repo: Path) -> None:
    os.symlink("../../content/digests", repo / "build/docs/papers")


def site_dir_symlink_to_parent(repo: Path) -> None:
    os.symlink("..", repo / "site")


MADE = {
    name: function
    for name, function in globals().items()
    if callable(function) and not name.startswith("_") and name in CASES
}


def run(command: str, repo: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run a case's command in ``repo`` with this worktree's generator; 60 s at most."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READING_LIST_")}
    env.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    args = {
        "check": ["-m", "generator", "check"],
        "github": ["-m", "generator", "check", "--format", "github"],
        "build": ["-m", "generator", "build"],
        "mkdocs": ["-m", "mkdocs", "build", "-q"],
        "renders": ["-m", "mkdocs", "build", "-q", "--strict"],
    }[command]
    return subprocess.run(
        [sys.executable, *args, *extra], cwd=repo, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def snapshot(folder: Path) -> dict[str, object]:
    """Everything under ``folder`` without following links: kind and bytes or link target."""
    found: dict[str, object] = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(top, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                found[path] = ("link", os.readlink(path))
            elif stat.S_ISREG(mode):
                found[path] = ("file", os.stat(path).st_size, Path(path).read_bytes()[:100_000])
            else:
                found[path] = ("other", stat.S_IFMT(mode))
    return found


# ----- the catalogue itself ------------------------------------------------------------------


def is_committed(name: str) -> bool:
    """Whether the case ``name`` is a committed folder of files (not made by a function)."""
    return name.startswith(tuple(f"{folder}/" for folder in COMMITTED))


def test_every_case_has_its_files_or_its_function_and_every_folder_a_row():
    committed = {f"{folder}/{p.name}/" for folder in COMMITTED for p in (HOSTILE / folder).iterdir() if p.is_dir()}
    assert committed == {name for name in CASES if is_committed(name)}
    assert set(MADE) == {name for name in CASES if not is_committed(name)}
    assert len(CASES) >= 30


def test_the_cases_cover_every_file_defect_of_the_threat_model():
    needed = ["symlink", "dev_zero", "fifo", "looping", "taxonomy_is_a_folder", "dot_named", "pages_on_generated"]
    needed += ["script_carrying", "not_images", "long_names", "docs_dir_symlink", "site_dir_symlink", "sparse_huge"]
    assert [word for word in needed if not any(word in name for name in CASES)] == []


def test_the_cases_cover_every_curation_note_and_tag_defect_of_the_threat_model():
    needed = ["notes_with_javascript_links", "notes_with_raw_html_and_images", "notes_that_must_pass"]
    needed += ["deep_yaml_in_curation", "deep_yaml_in_taxonomy", "slow_taxonomy_pattern"]
    needed += ["workflow_commands_in_a_hidden_reason", "workflow_commands_in_tag_names", "same_as_and_split"]
    assert [word for word in needed if not any(name.startswith(f"curation/{word}") for name in CASES)] == []


# ----- every case ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_file_case_gives_exactly_its_outcome_and_changes_nothing(name, tmp_path):
    case = CASES[name]
    repo = make_repo(tmp_path / "repo")
    if is_committed(name):
        overlay(HOSTILE / name, repo)
    else:
        MADE[name](repo)
    before = snapshot(tmp_path)
    started = time.monotonic()
    result = run(case.command, repo)
    output = result.stdout + result.stderr
    assert time.monotonic() - started < 30
    assert SECRET not in output and "root:x:0:0" not in output
    assert "Traceback" not in output, output
    assert forged_commands(output, ours=len(case.errors) if case.command == "github" else 0) == []
    if not case.errors:
        assert result.returncode == 0, output
        return
    assert result.returncode != 0
    assert_exactly(case, error_lines(output, case.command), output)
    assert snapshot(tmp_path) == before


def assert_exactly(case: Case, errors: list[str], output: str) -> None:
    """Each error of ``case`` is one of ``errors`` (path and part of the message), and no other."""
    for path, fragment in case.errors:
        assert [line for line in errors if f"{path}: error: " in line and fragment in line], (path, fragment, output)
    assert len(errors) == len(case.errors), errors


def error_lines(output: str, command: str) -> list[str]:
    """The error lines of ``output`` as ``path[:line]: error: message``; ``github`` annotations
    (``::error file=path,line=n::message``) are read back into that form."""
    if command != "github":
        return [line for line in output.splitlines() if ": error: " in line]
    found = re.findall(r"^::error file=([^,:]+)(?:,line=(\d+))?::(.*)$", output, re.MULTILINE)
    return [f"{path}{':' + line if line else ''}: error: {message}" for path, line, message in found]


def test_long_digest_and_tag_names_get_capped_slugs_and_their_pages(tmp_path):
    repo = make_repo(tmp_path / "repo")
    overlay(FILES / "long_names", repo)
    result = run("renders", repo)
    assert result.returncode == 0, result.stderr
    site = load_site(ContentPaths(repo, repo / "content"))
    (digest,) = [d for d in site.digests if d.name != "2026-05-06"]
    (tag,) = site.tags
    assert len(digest.name.encode()) > 240 and len(tag.name) > 300
    for slug, folder in ((digest.slug, "digests"), (tag.slug, "tags")):
        assert len(slug) <= MAX_SLUG_CHARS + 9 and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-[0-9a-f]{8}", slug)
        assert (repo / "site" / folder / slug / "index.html").is_file()
    (paper,) = [p for p in site.papers if p.tags]
    assert paper.tags == (tag.name,) and paper.title == "A Paper Tagged With a Very Long Tag Name"


def test_short_names_keep_their_slugs_and_long_ones_stay_distinct():
    assert digest_slug("2026-11-20") == "2026-11-20" and tag_slug("Model merging") == "model-merging"
    assert tag_slug("index") == "index-tag" and tag_slug("!!!") == "tag"
    long_a, long_b = "word " * 30 + "a", "word " * 30 + "b"
    assert tag_slug(long_a) != tag_slug(long_b) and digest_slug(long_a) != digest_slug(long_b)
    assert tag_slug(long_a) == tag_slug(long_a) and len(tag_slug(long_a)) <= MAX_SLUG_CHARS + 9


# ----- curation, notes and tags: what an outcome in the table does not show ----------------------


def committed_case(name: str, tmp_path: Path) -> Path:
    """The small repository with the committed case ``name`` added: returns the repository."""
    repo = make_repo(tmp_path / "repo")
    overlay(HOSTILE / name, repo)
    return repo


@pytest.mark.parametrize("name", ["curation/notes_with_javascript_links/", "curation/same_as_and_split_misused/"])
def test_mkdocs_build_stops_on_the_errors_check_prints(name, tmp_path):
    repo = committed_case(name, tmp_path)
    result = run("mkdocs", repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output, output
    assert forged_commands(output) == []
    assert_exactly(CASES[name], error_lines(output, "mkdocs"), output)
    assert not (repo / "site").exists()


def test_a_forged_hidden_reason_is_shown_on_one_inert_line_in_every_format(tmp_path):
    repo = committed_case("curation/workflow_commands_in_a_hidden_reason/", tmp_path)
    for command in ("check", "github"):
        result = run(command, repo)
        assert result.returncode == 0, result.stdout + result.stderr
        assert forged_commands(result.stdout + result.stderr) == []
        hidden = [line for line in result.stdout.split("\n") if line.startswith("hidden: ")]
        assert hidden == [
            "hidden: papers/another-paper-on-names (\\n::error file=generator/plugin.py,line=1::forged"
            "\\r\\n::add-mask::Reading\\n#\\x23[add-mask]list)"
        ]


def test_notes_that_must_pass_render_as_written_in_the_real_site(tmp_path):
    repo = committed_case("curation/notes_that_must_pass/", tmp_path)
    result = build_site(repo / "content", tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "out" / "site"
    notes = {}
    for slug in ("less-than-in-prose", "an-angle-bracket-autolink", "a-safe-definition-in-a-blockquote"):
        soup = BeautifulSoup((site / "papers" / slug / "index.html").read_text(encoding="utf-8"), "html.parser")
        (note,) = [d for d in soup.select("div.admonition") if "Curator's note" in d.get_text()]
        notes[slug] = note
    assert "We prove p<q for every input, and 3 < 4; R&D at 100% <- not HTML." in notes["less-than-in-prose"].get_text()
    links = {a["href"]: a.get_text() for note in notes.values() for a in note.find_all("a")}
    assert links == {
        "https://example.org": "https://example.org",
        "https://github.com/org/agents": "the code",
        "https://example.org/r": "reference",
    }
    assert notes["a-safe-definition-in-a-blockquote"].find("blockquote") is not None
    assert scan_site(site) == {}


# ----- reserved page paths: what the generator and the theme really write -----------------------


def test_every_top_level_name_of_the_generated_pages_is_reserved(tmp_path):
    repo = make_repo(tmp_path / "repo")
    site = load_site(ContentPaths(repo, repo / "content"))
    assert site.papers and site.tags and site.digests
    assert {page_key(path) for path in render_site(site)} <= RESERVED


def test_every_file_the_theme_ships_into_a_site_is_reserved():
    templates = Path(material.__file__).parent / "templates"
    shipped = {p.name for p in templates.iterdir() if not p.name.startswith((".", "_")) and p.suffix != ".html"}
    shipped -= {"partials", "fragments", "mkdocs_theme.yml"}  # templates only: not copied into a site
    assert shipped and {page_key(name) for name in shipped | {"404.html"}} <= RESERVED


def test_every_top_level_name_of_a_built_site_is_reserved_or_a_hand_written_page(built_site):
    hand_written = {page_key(p.name) for p in (ROOT / "content" / "pages").iterdir()}
    names = {page_key(p.name.removesuffix(".html")) for p in (built_site / "site").iterdir()}
    assert "assets" in names and "pagefind" in names
    assert names - hand_written <= RESERVED


# ----- write_pages: checked first, then written whole -------------------------------------------


def test_an_over_long_page_name_stops_the_write_before_anything_changes(tmp_path):
    docs = tmp_path / "docs"
    write_pages({"index.md": b"old home\n", "papers/a.md": b"old a\n"}, docs)
    before = snapshot(tmp_path)
    with pytest.raises(ContentError) as raised:
        write_pages({"index.md": b"new home\n", f"tags/{'x' * 300}.md": b"long\n"}, docs)
    (problem,) = raised.value.problems
    assert "expected file names of at most 255 bytes, found one of 303 bytes" in problem.message
    assert snapshot(tmp_path) == before


def test_a_failing_write_leaves_every_page_whole_and_no_temporary_file(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    old = {f"papers/p{i}.md": f"old {i}\n".encode() for i in range(6)}
    write_pages(old, docs)
    real_replace, calls = os.replace, []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(build_module.os, "replace", failing_replace)
    with pytest.raises(ContentError) as raised:
        write_pages({path: b"new " + data for path, data in old.items()}, docs)
    assert "No space left on device" in str(raised.value)
    for path, data in old.items():
        assert (docs / path).read_bytes() in (data, b"new " + data)
    assert sorted(p.name for p in docs.rglob(".*")) == [MARKER]


def test_a_folder_with_foreign_files_is_never_cleaned(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "notes.md").write_text("mine\n", encoding="utf-8")
    (docs / MARKER).symlink_to(tmp_path / "fake-marker")
    (tmp_path / "fake-marker").write_bytes(MARKER_TEXT)
    with pytest.raises(ContentError):
        write_pages({"index.md": b"x\n"}, docs)
    assert (docs / "notes.md").read_text(encoding="utf-8") == "mine\n"


# ----- check --base lists changes to hand-written pages -----------------------------------------


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_check_base_lists_pages_added_changed_and_removed(tmp_path):
    repo = make_repo(tmp_path / "repo")
    pages = repo / "content" / "pages"
    (pages / "guide.md").write_text("# Guide\n", encoding="utf-8")
    (pages / "old.md").write_text("# Old\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    (pages / "about.md").write_text("# About\n\nChanged.\n", encoding="utf-8")
    (pages / "old.md").unlink()
    (pages / "img").mkdir()
    (pages / "img" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    result = run("check", repo)
    assert result.returncode == 0, result.stdout
    result = run("check", repo, "--base", "main")
    assert result.returncode == 0, result.stderr
    section = result.stdout.split("### Hand-written pages (3)\n\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == ["- added: img/logo.png", "- changed: about.md", "- removed: old.md"]
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "head")
    again = run("check", repo, "--base", "main")
    assert again.returncode == 0, again.stderr
    assert "Hand-written pages" not in again.stdout


# ----- output folders --------------------------------------------------------------------------


def test_gitignore_ignores_a_file_or_link_named_site_not_only_a_folder(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(ROOT / ".gitignore", repo / ".gitignore")
    os.symlink("..", repo / "site")
    (repo / "build").mkdir()
    os.symlink("../content", repo / "build" / "docs")
    ignored = subprocess.run(["git", "check-ignore", "site", "build/docs"], cwd=repo, capture_output=True, text=True)
    assert ignored.stdout.split() == ["site", "build/docs"]
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == "?? .gitignore"


@pytest.mark.parametrize("folder", [".", "..", "../..", "build/.."])
def test_an_output_folder_that_is_the_repository_or_above_it_is_refused(tmp_path, folder):
    (problem,) = check_output_dir(tmp_path / folder, tmp_path, "site_dir")
    assert "expected site_dir to be a folder of its own, found the repository or a folder above it" in problem.message


def test_an_output_folder_inside_the_repository_or_given_outside_it_is_accepted(tmp_path):
    (tmp_path / "repo" / "build").mkdir(parents=True)
    assert check_output_dir(tmp_path / "repo" / "build" / "docs", tmp_path / "repo", "docs_dir") == []
    assert check_output_dir(tmp_path / "elsewhere" / "docs", tmp_path / "repo", "docs_dir") == []
    os.symlink(tmp_path / "elsewhere", tmp_path / "linked")
    (problem,) = check_output_dir(tmp_path / "linked", tmp_path / "repo", "docs_dir")
    assert "found a symbolic link" in problem.message


def test_pages_nested_deeper_than_the_recursion_limit_are_read(tmp_path):
    repo = make_repo(tmp_path / "repo")
    deep = repo / "content" / "pages" / "guide"
    for _ in range(sys.getrecursionlimit() + 200):  # one by one: Path.mkdir(parents=True) recurses
        deep /= "a"
        deep.mkdir(parents=True)
    (deep / "page.md").write_text("# Deep\n", encoding="utf-8")
    try:
        pages = hand_written(ContentPaths(repo, repo / "content"))
        assert sorted(pages) == ["about.md", (deep / "page.md").relative_to(repo / "content" / "pages").as_posix()]
    finally:  # removed leaf first: shutil.rmtree (and pytest's clean-up) would recurse too deep
        (deep / "page.md").unlink()
        while deep != repo / "content" / "pages":
            deep.rmdir()
            deep = deep.parent


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_without_reading_it(device):
    problem = read_file(Path(device), "content/digests/x.txt")
    assert problem == Problem("content/digests/x.txt", 0, "expected a file here, found a character device")
