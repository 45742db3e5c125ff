"""Other engines build the site too, so the project is not tied to one: ProperDocs (a maintained
MkDocs 1.6 fork that runs the ``reading-list`` plugin) builds the committed content with
``--strict``, and Zensical (the Material team's successor, which ignores MkDocs plugins and
``not_in_nav``) builds the pages ``python -m generator build`` writes. Every listed paper must have
its page, with its title and abstract, in both outputs. Both engines come with the test extra.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from invariants import faithful_titles_and_abstracts, one_page_per_paper

from conftest import CONTENT, ROOT
from generator.build import ContentPaths, load_site

pytestmark = pytest.mark.site


def require_module(name: str) -> None:
    """Skip (fail on CI) when the engine ``name`` is not installed."""
    try:
        __import__(name)
    except ImportError:
        message = f"{name} is missing; install the test extra with `python3 -m pip install -e '.[test]'`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def engine_env(**extra: str) -> dict[str, str]:
    """This environment without the project's own overrides, plus ``extra``; the MkDocs 2.0
    banner off (README, "Tests")."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("READING_LIST_")}
    return env | {"NO_MKDOCS_2_WARNING": "1"} | extra


def run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    """Run an engine; fail the test with its output when it fails."""
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{command[:4]} failed:\n{done.stdout}\n{done.stderr}"


@pytest.fixture(scope="module")
def site():
    """The committed content as the generator assembles it."""
    return load_site(ContentPaths(CONTENT.parent, CONTENT))


def test_properdocs_builds_the_committed_content_strictly_with_the_plugin(tmp_path, site):
    require_module("properdocs")
    (tmp_path / "docs").mkdir()
    env = engine_env(READING_LIST_CONTENT_DIR=str(CONTENT), READING_LIST_DOCS_DIR=str(tmp_path / "docs"))
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "-q", "-f", str(ROOT / "mkdocs.yml")]
    run([*command, "-d", str(tmp_path / "site")], ROOT, env)
    assert (tmp_path / "docs" / "papers").is_dir(), "expected the reading-list plugin to write the pages"
    assert one_page_per_paper(tmp_path / "site", site) == []
    assert faithful_titles_and_abstracts(tmp_path / "site", site) == []


def test_zensical_builds_the_pages_the_generator_writes(tmp_path, site):
    """Zensical wants docs_dir inside the project folder: the project's configuration and theme
    overrides are copied to a folder that also receives the generated pages."""
    require_module("zensical")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    generate = [sys.executable, "-m", "generator", "build", "--content-dir", str(CONTENT)]
    run([*generate, "--docs-dir", str(project / "docs")], ROOT, engine_env())
    run(
        [sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"],
        project,
        engine_env(READING_LIST_DOCS_DIR="docs"),
    )
    assert one_page_per_paper(project / "site", site) == []
    assert faithful_titles_and_abstracts(project / "site", site) == []
