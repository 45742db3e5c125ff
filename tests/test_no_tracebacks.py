"""Bad content never ends in a traceback: ``check``, ``build`` and ``check --base`` report every
content problem as an error naming its file; an unexpected exception (a bug) is one clear
message with exit status 2, never a silent success."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from generator import cli
from generator.build import ContentPaths
from generator.changes import compare, render_markdown
from generator.model import EMPTY_SITE, ContentError
from generator.pipeline import SourceFile, assemble
from generator.render import render_site
from generator.report import accounting, internal_error, summary
from generator.structure import relative_link

GOLDEN = ROOT / "tests" / "golden" / "content"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copytree(GOLDEN, tmp_path / "content")
    return tmp_path


def assert_reported(result: subprocess.CompletedProcess, named: str) -> None:
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert any(line.startswith(f"{named}:") and ": error: " in line for line in result.stdout.splitlines()), output


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_broken_link_in_the_digests_is_an_error_naming_it(project, command):
    (project / "content" / "digests" / "900_gone.txt").symlink_to(project / "nowhere.txt")
    assert_reported(run(project, command), "content/digests/900_gone.txt")


def test_a_link_that_leads_back_to_itself_is_an_error_naming_it(project):
    (project / "content" / "digests" / "900_loop.txt").symlink_to("900_loop.txt")
    result = run(project, "check")
    assert_reported(result, "content/digests/900_loop.txt")


def test_a_folder_in_place_of_the_taxonomy_is_an_error_naming_it(project):
    (project / "content" / "taxonomy.yml").unlink()
    (project / "content" / "taxonomy.yml").mkdir()
    assert_reported(run(project, "check"), "content/taxonomy.yml")


def test_a_docs_dir_that_is_a_file_is_an_error_naming_it(project):
    (project / "out").write_text("not a folder\n", encoding="utf-8")
    result = run(project, "build", "--docs-dir", "out")
    assert_reported(result, "out")


def test_an_unexpected_exception_is_one_message_and_exit_status_2(project, monkeypatch, capsys):
    def broken(paths: ContentPaths) -> None:
        raise TypeError("an example bug")

    monkeypatch.setattr(cli, "load_site", broken)
    monkeypatch.chdir(project)
    monkeypatch.setattr(sys, "argv", ["generator", "check"])
    monkeypatch.delenv("READING_LIST_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("internal error: TypeError: an example bug at generator/cli.py:")
    assert "bug in the generator, not in the content" in err
    assert "Traceback" not in err


def test_an_unexpected_exception_shows_its_traceback_when_debugging(project, monkeypatch):
    monkeypatch.setattr(cli, "load_site", lambda paths: 1 / 0)
    monkeypatch.chdir(project)
    monkeypatch.setattr(sys, "argv", ["generator", "check"])
    monkeypatch.setenv("READING_LIST_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.run()


def test_internal_error_names_the_innermost_generator_line():
    with pytest.raises(AttributeError) as raised:
        relative_link(None, "papers/x.md")  # type: ignore[arg-type]
    message = internal_error(raised.value)
    assert message.startswith("internal error: AttributeError: ")
    assert " at generator/structure.py:" in message


# ----- any YAML value where curation and taxonomy expect text -----------------------------------

SCALARS = st.sampled_from(
    [
        "~",
        "null",
        "''",
        "' '",
        "true",
        "no",
        "1",
        "1.5",
        "0x10",
        "2401.10010",
        "Agents",
        "https://x.org",
        "-",
        "[]",
        "{}",
    ]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
        | st.dictionaries(st.sampled_from(["a", "name", "title"]), inner, max_size=2).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
        )
    ),
    max_leaves=6,
)
CURATION_FIELDS = ["title", "tags_add", "tags_remove", "note", "highlight", "hidden", "reason", "arxiv", "code"]
DIGESTS = [
    SourceFile(f"content/digests/{p.name}", p.stem, p.read_bytes()) for p in sorted(GOLDEN.glob("digests/*.txt"))
]
TAXONOMY = (GOLDEN / "taxonomy.yml").read_bytes()


def exercise(taxonomy: bytes, curation: list[SourceFile]) -> None:
    """Assemble and render, or fail with a ContentError; any other exception fails the test."""
    try:
        site = assemble(DIGESTS, SourceFile("content/taxonomy.yml", "taxonomy", taxonomy), curation)
    except ContentError as err:
        assert all(str(p).startswith("content/") for p in err.problems)
        return
    render_site(site)
    summary(site)
    accounting(site)
    render_markdown(compare(EMPTY_SITE, site), "main")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=st.dictionaries(st.sampled_from(CURATION_FIELDS), VALUES, min_size=1, max_size=4))
def test_any_yaml_value_in_a_curation_file_is_an_error_or_accepted(fields):
    text = "\n".join(f"{k}: {v}" for k, v in fields.items()) + "\n"
    slug = "resume-learning"
    exercise(TAXONOMY, [SourceFile(f"content/curation/{slug}.yml", slug, text.encode())])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=VALUES, description=VALUES, title=VALUES, text=VALUES, tags_add=VALUES)
def test_any_yaml_value_in_the_taxonomy_is_an_error_or_accepted(name, description, title, text, tags_add):
    taxonomy = f"tags:\n  - name: {name}\n    description: {description}\n    rules:\n      title: {title}\n      text: {text}\n"
    curation = [
        SourceFile("content/curation/resume-learning.yml", "resume-learning", f"tags_add: {tags_add}\n".encode())
    ]
    exercise(taxonomy.encode(), curation)


# ----- a taxonomy pattern that never finishes ----------------------------------------------------

SLOW = "tags:\n  - name: Slow\n    description: Backtracks without end.\n    rules:\n      {field}: ['(a|aa)+b']\n"
RUN_OF_A = "A" * 60


def test_a_catastrophically_slow_pattern_is_an_error_naming_it_not_a_hang():
    digest = f"new\n\nSubscribe\n\nAug 27\n\n{RUN_OF_A}\n\nWe study {RUN_OF_A.lower()} in depth.\n"
    files = [SourceFile("content/digests/000.txt", "000", digest.encode())]
    with pytest.raises(ContentError) as raised:
        assemble(files, SourceFile("content/taxonomy.yml", "taxonomy", SLOW.format(field="text").encode()), [])
    [problem] = raised.value.problems
    assert (problem.source, problem.line) == ("content/taxonomy.yml", 2)
    assert "'(a|aa)+b' (tag 'Slow') taking longer on the paper" in problem.message


def test_a_slow_pattern_met_only_by_a_curated_title_is_an_error_too():
    digest = "new\n\nSubscribe\n\nAug 27\n\nA short title\n\nWe study short titles in depth.\n"
    files = [SourceFile("content/digests/000.txt", "000", digest.encode())]
    curation = [SourceFile("content/curation/a-short-title.yml", "a-short-title", f"title: {RUN_OF_A}\n".encode())]
    with pytest.raises(ContentError) as raised:
        assemble(files, SourceFile("content/taxonomy.yml", "taxonomy", SLOW.format(field="title").encode()), curation)
    assert [(p.source, p.line) for p in raised.value.problems] == [("content/taxonomy.yml", 2)]
