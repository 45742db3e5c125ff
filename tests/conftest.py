"""Shared fixtures: the repository, and real MkDocs builds of real content.

``build_site(content_dir, out)`` runs the real ``mkdocs build --strict`` with the project's own
``mkdocs.yml``, pointing docs_dir and the content folder elsewhere through the environment
variables that ``mkdocs.yml`` reads, so tests never write into the working tree.

Two contents are built, once per session each:

* ``built_site``: the committed ``content/``, which curators change every day. Tests on it check
  only what holds for ANY content (``tests/invariants.py``), never a count or a particular paper.
* ``seed_site``: ``tests/seed/content/``, a frozen copy of the seed content that the tests own.
  Exact figures and the look of particular papers are checked on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
# The frozen fixture content for exact expectations (see tests/seed/README.md).
SEED = ROOT / "tests" / "seed" / "content"
# Real digests a curator might add next (see tests/additions/README.md).
ADDITIONS = ROOT / "tests" / "additions"
SHARED = ROOT.parent / "shared"


def build_site(
    content_dir: Path, out: Path, *, strict: bool = True, extra_env: dict | None = None
) -> subprocess.CompletedProcess:
    """Build ``content_dir`` with the real MkDocs into ``out/site`` (pages in ``out/docs``).

    Returns the finished process (check ``returncode``, ``stdout``, ``stderr``); never raises on
    a failed build, so tests can assert on the error output.
    """
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "READING_LIST_CONTENT_DIR": str(content_dir),
        "READING_LIST_DOCS_DIR": str(docs),
        "NO_MKDOCS_2_WARNING": "1",
    }
    env.update(extra_env or {})
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out / "site")]
    if strict:
        command.insert(4, "--strict")
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def copy_content(target: Path, source: Path = SEED) -> Path:
    """Copy a content folder (the seed fixture unless ``source`` says otherwise) to ``target``,
    to change it in a test, and return ``target``."""
    shutil.copytree(source, target)
    return target


def build_or_fail(content_dir: Path, out: Path) -> Path:
    """Build ``content_dir`` strictly into ``out`` (see ``build_site``); fail the test with
    MkDocs' error output when the build fails. Returns ``out``."""
    result = build_site(content_dir, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The committed content built once per test session with ``--strict``: returns the
    output folder, holding ``site/`` (HTML) and ``docs/`` (generated Markdown)."""
    return build_or_fail(CONTENT, tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The frozen seed content (``tests/seed/content``) built once per test session with
    ``--strict``: the output folder, holding ``site/`` and ``docs/`` like ``built_site``."""
    return build_or_fail(SEED, tmp_path_factory.mktemp("seed"))
