"""Static checks as part of the test suite: ruff (lint and format) and mypy (strict) on the code.

Their settings live in ``pyproject.toml``; both tools come with the ``test`` extra, so README's
test command runs them everywhere the tests run.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

PATHS = ["generator", "tests", "bench"]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", *PATHS), ("ruff", "format", "--check", *PATHS), ("mypy",)],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_checks_find_nothing(command):
    result = run(*command)
    assert result.returncode == 0, result.stdout + result.stderr
