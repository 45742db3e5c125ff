"""The workflows do their main job: a curator's commit is built and published (``deploy.yml``) and
previewed (``pr.yml``).

A temporary git repository is made from this working tree (tracked and new files, nothing
git-ignored) with a base commit, then a curator's commit on top: two new real digests (layout A
and B), one new tag and one curation edit (``tests/curator.py``). Then the ``run:`` steps of the
deploy job and of the pull-request job are executed in order, each in a fresh clone of that
repository, with ``bash -eo pipefail`` as GitHub runs them and the environment they would have
there (``SITE_URL``, ``REPO_URL``, ``BASE_SHA`` the base commit, ``GITHUB_STEP_SUMMARY`` a file...).
Steps that install packages or run the test suite are not executed (this test runs inside that
suite, in the environment they install); which ones were left out, and why, is asserted. The
``uses:`` steps are stood in for: the clone is the checkout, ``python`` on ``PATH`` is the
set-up Python, the Pages base URL is given, and an upload step's folder must hold a site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from curator import Additions, add_curator_changes, missing_additions
from invariants import SITE_CHECKS

from conftest import ROOT
from generator.build import ContentPaths, load_site

pytestmark = pytest.mark.site

WORKFLOWS = ROOT / ".github" / "workflows"
PAGES_URL = "https://curators.github.io/reading-list/"
REPOSITORY = "curators/reading-list"
INSTALLS = "installs packages; this test runs in the environment they install"
RECURSES = "runs the test suite, which holds this test: it would run itself"


@dataclass
class Run:
    """One workflow job executed in a clone: what each step did, and the files it left."""

    clone: Path
    summary: Path
    done: dict[str, str] = field(default_factory=dict)  # step name -> "ran" / "skipped: why" / "stood in"


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` with a fixed identity; its output, stripped."""
    identity = ["-c", "user.name=Curator", "-c", "user.email=curator@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def working_tree_files() -> list[str]:
    """The working tree's files a clone would have: tracked or new, not git-ignored."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    return sorted({name for name in listed if name and (ROOT / name).is_file()})


def make_repository(folder: Path) -> tuple[str, Additions]:
    """A repository in ``folder``: a base commit of this working tree, then a curator's commit.
    Returns the base commit and what the curator added."""
    for name in working_tree_files():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, folder / name)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Base")
    base = git(folder, "rev-parse", "HEAD")
    added = add_curator_changes(folder / "content")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "Two digests, a tag and a curation edit")
    return base, added


def expressions(base: str) -> dict[str, str]:
    """The values of the ``${{ }}`` expressions the workflows use, as GitHub would give them."""
    return {
        "steps.pages.outputs.base_url": PAGES_URL.rstrip("/"),
        "github.server_url": "https://github.com",
        "github.repository": REPOSITORY,
        "github.event.pull_request.base.sha": base,
        "steps.preview.outputs.artifact-url": f"https://github.com/{REPOSITORY}/actions/runs/1/artifacts/1",
    }


def expand(value: str, known: dict[str, str]) -> str:
    """``value`` with each ``${{ name }}`` replaced; an expression not in ``known`` fails the test."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        assert name in known, f"the workflow uses ${{{{ {name} }}}}; tell this test what GitHub gives it"
        return known[name]

    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def skip_reason(script: str) -> str | None:
    """Why a ``run:`` step is not executed here, or None to execute it."""
    if re.search(r"\bpip install\b|\bnpm (ci|install)\b", script):
        return INSTALLS
    if re.search(r"\bpytest\b", script):
        return RECURSES
    return None


def environment(run: Run, tools: Path) -> dict[str, str]:
    """The environment of a step on GitHub's runner, as far as the steps read it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("READING_LIST_", "SITE_URL", "REPO_URL"))}
    env.update(
        CI="true",
        GITHUB_ACTIONS="true",
        GITHUB_WORKSPACE=str(run.clone),
        GITHUB_STEP_SUMMARY=str(run.summary),
        GITHUB_OUTPUT=str(run.summary.with_name("output")),
        PATH=f"{tools}{os.pathsep}{env.get('PATH', '')}",
    )
    return env


def stand_in(step: dict, run: Run) -> None:
    """Check what a ``uses:`` step would need from the steps before it (an upload, a site)."""
    action = step["uses"].split("@")[0]
    if action in ("actions/upload-pages-artifact", "actions/upload-artifact"):
        folder = run.clone / step["with"]["path"]
        assert (folder / "index.html").is_file(), f"{step['name']}: nothing to upload in {folder}"


def execute(workflow: str, job: str, repository: Path, base: str, tmp: Path) -> Run:
    """Clone ``repository`` and execute the steps of ``job`` in ``workflow`` there, in order."""
    clone = tmp / f"{workflow}-clone"
    subprocess.run(["git", "clone", "-q", str(repository), str(clone)], check=True, timeout=120)
    run = Run(clone, tmp / f"{workflow}-summary.md")
    run.summary.touch()
    tools = tmp / "tools"
    tools.mkdir(exist_ok=True)
    if not (tools / "python").exists():
        (tools / "python").symlink_to(sys.executable)  # what actions/setup-python puts on PATH
    known = expressions(base)
    data = yaml.safe_load((WORKFLOWS / workflow).read_text(encoding="utf-8"))
    for step in data["jobs"][job]["steps"]:
        if "uses" in step:
            stand_in(step, run)
            run.done[step["name"]] = "stood in"
            continue
        reason = skip_reason(step["run"])
        if reason:
            run.done[step["name"]] = f"skipped: {reason}"
            continue
        env = environment(run, tools) | {k: expand(str(v), known) for k, v in step.get("env", {}).items()}
        script = tmp / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{workflow}: step {step['name']!r} failed:\n{done.stdout}\n{done.stderr}"
        run.done[step["name"]] = "ran"
    return run


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> tuple[Path, str, Additions]:
    """``(repository, base commit, additions)``: this working tree plus a curator's commit."""
    if shutil.which("git") is None:
        pytest.fail("git is missing (apt-get install git)")
    folder = tmp_path_factory.mktemp("repository")
    base, added = make_repository(folder)
    return folder, base, added


def site_failures(run: Run, added: Additions) -> list[str]:
    """What the site a job built in its clone fails to hold (the invariants) or to show (the
    curator's additions)."""
    site = load_site(ContentPaths(run.clone, run.clone / "content"))
    found = [problem for check in SITE_CHECKS for problem in check(run.clone / "site", site)]
    return found + missing_additions(run.clone / "site", run.clone / "content", added)


def test_the_deploy_job_builds_the_committed_digests_for_publishing(repository, tmp_path):
    folder, base, added = repository
    run = execute("deploy.yml", "build", folder, base, tmp_path)
    assert run.done == {
        "Check out": "stood in",
        "Set up Python": "stood in",
        "Install": f"skipped: {INSTALLS}",
        "Test": f"skipped: {RECURSES}",
        "Check content": "ran",
        "Configure Pages": "stood in",
        "Build site": "ran",
        "Upload site": "stood in",
    }
    assert site_failures(run, added) == []
    sitemap = (run.clone / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{PAGES_URL}papers/{added.curated}/</loc>" in sitemap
    # the page's script makes its edit action from the repository's curation folder (the
    # repository the workflow runs in) and the mark of a curated paper
    page = (run.clone / "site" / "papers" / added.curated / "index.html").read_text(encoding="utf-8")
    assert f'"curation":["https://github.com/{REPOSITORY}/{{}}/main/content/curation",' in page
    assert '<div class="rl-paper" data-pagefind-body data-rl-curated>' in page


def test_the_pull_request_job_summarises_and_previews_the_new_digests(repository, tmp_path):
    folder, base, added = repository
    run = execute("pr.yml", "check", folder, base, tmp_path)
    assert run.done == {
        "Check out": "stood in",
        "Set up Python": "stood in",
        "Install": f"skipped: {INSTALLS}",
        "Check content and summarise the changes": "ran",
        "Test": f"skipped: {RECURSES}",
        "Build site": "ran",
        "Upload preview": "stood in",
        "Link the preview in the summary": "ran",
    }
    assert site_failures(run, added) == []
    summary = run.summary.read_text(encoding="utf-8")
    assert f"## Reading list changes against {base}" in summary
    assert "digests: 2 added, 0 removed; tags: 1 added" in summary
    assert "### Preview" in summary
