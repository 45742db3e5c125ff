"""Shared fixtures: the repository, and real MkDocs builds of real content.

``build_site(content_dir, out)`` runs the real ``mkdocs build --strict`` with the project's own
``mkdocs.yml``, pointing docs_dir and the content folder elsewhere through the environment
variables that ``mkdocs.yml`` reads, so tests never write into the working tree.
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


def copy_content(target: Path) -> Path:
    """Copy the committed ``content/`` to ``target`` (to change it in a test) and return it."""
    shutil.copytree(CONTENT, target)
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The committed content built once per test session with ``--strict``: returns the
    output folder, holding ``site/`` (HTML) and ``docs/`` (generated Markdown)."""
    out = tmp_path_factory.mktemp("built")
    result = build_site(CONTENT, out)
    assert result.returncode == 0, result.stderr
    return out
