"""Live reload: ``mkdocs serve`` reloads the open page when a digest or the taxonomy changes.

Runs the real ``mkdocs serve`` (the command the README gives, without ``--livereload``) on a
copy of the content, on 127.0.0.1 and a free port, opens the home page in headless Chromium and
changes the content folder. The page must reload by itself (a marker set in the page is gone)
and show the new figures, and the new paper's page must be served at its directory URL.

mkdocs 1.6.1 reads its command line through click, and two click releases break it: with
click 8.3.0 to 8.3.2, ``mkdocs serve`` runs without live reload unless ``--livereload`` is given
(mkdocs issue 4032); with click 8.2.2 (mkdocs issue 4014), the flag pairs meant to default to
"not given" (``--strict/--no-strict``, ``--use-directory-urls/--no-directory-urls``) arrive as
off and override ``mkdocs.yml``, so ``serve`` and ``build`` write ``papers/<slug>.html`` instead
of ``papers/<slug>/``. This test fails with either.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_browser import TIMEOUT_MS, chromium

from conftest import ROOT, copy_content

pytestmark = pytest.mark.browser

START_SECONDS = 120
RELOAD_SECONDS = 60
MARKER = "__notReloadedSinceTheTestOpenedIt"

# A real paper (arXiv 2507.11473, metadata CC0) that is in none of the committed digests.
NEW_TITLE = "Chain of Thought Monitorability: A New and Fragile Opportunity for AI Safety"
NEW_SLUG = "chain-of-thought-monitorability-a-new-and-fragile-opportunity-for-ai-safety"
NEW_ABSTRACT = (
    'AI systems that "think" in human language offer a unique opportunity for AI safety: we can monitor '
    "their chains of thought (CoT) for the intent to misbehave. Like all other known AI oversight methods, "
    "CoT monitoring is imperfect and allows some misbehavior to go unnoticed. Nevertheless, it shows promise "
    "and we recommend further research into CoT monitorability and investment in CoT monitoring alongside "
    "existing safety methods. Because CoT monitorability may be fragile, we recommend that frontier model "
    "developers consider the impact of development decisions on CoT monitorability."
)
# Without a date line and not committed, the digest gets the build's date, like the committed
# digests copied outside git that have none; its name, last of all, makes it the newest.
NEW_DIGEST = "999_live_reload"
LAYOUT_A = [
    "new",
    "Get trending papers in your email inbox!",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    NEW_TITLE,
    NEW_ABSTRACT,
]
NEW_TAG = "Chain-of-thought monitoring"
TAG_RULES = f"""
  - name: {NEW_TAG}
    description: Watching a model's written reasoning for signs of misbehaviour.
    rules:
      title:
        - 'monitorability'
"""
COUNTS = re.compile(r"(\d+) papers from (\d+) digests of the Hugging Face Daily Papers, in (\d+) tags")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` at once, as editors do (a temporary name, then a rename): the server
    never sees half a file. The temporary name is no content file (not ``*.txt``/``*.yml``)."""
    temporary = path.with_name(path.name + ".partial")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def wait_until_serving(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"mkdocs serve exited with {server.returncode}:\n{log.read_text()[-4000:]}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"mkdocs serve did not answer {url} within {START_SECONDS} s:\n{log.read_text()[-4000:]}")


def counts(page) -> tuple[int, int, int]:
    found = COUNTS.search(page.locator("article").inner_text())
    assert found, "expected the home page to say how many papers, digests and tags there are"
    return tuple(int(n) for n in found.groups())


def wait_for_reload(page, expected: tuple[int, int, int], log: Path, what: str) -> None:
    """Wait (at most ``RELOAD_SECONDS``) until the page has reloaded by itself (the marker is
    gone) and shows ``expected`` counts (papers, digests, tags)."""
    from playwright.sync_api import Error

    deadline = time.monotonic() + RELOAD_SECONDS
    seen = None
    while time.monotonic() < deadline:
        try:
            reloaded = page.evaluate(f"window.{MARKER} === undefined")
            seen = counts(page) if reloaded else seen
            if reloaded and seen == expected:
                return
        except (Error, AssertionError):
            pass  # the page is reloading right now
        time.sleep(0.5)
    pytest.fail(
        f"after {what}, the open page did not reload by itself within {RELOAD_SECONDS} s showing {expected} (papers, digests, tags); last reloaded page showed {seen}\n{log.read_text()[-3000:]}"
    )


def fetch(url: str) -> str:
    """GET ``url`` (the server holds requests while it rebuilds, so allow for a rebuild)."""
    try:
        with urllib.request.urlopen(url, timeout=RELOAD_SECONDS) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        pytest.fail(
            f"expected a page at {url}, got HTTP {err.code} (paper pages live at papers/<slug>/; click 8.2.2 turns off directory URLs)"
        )


def stop(server: subprocess.Popen) -> None:
    """Stop ``mkdocs serve`` as Ctrl+C does, so it removes its temporary site folder."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def mark(page) -> None:
    page.evaluate(f"window.{MARKER} = true")


def test_serve_reloads_the_open_page_when_a_digest_or_the_taxonomy_changes(tmp_path):
    content = copy_content(tmp_path / "content")
    docs = tmp_path / "docs"
    docs.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "READING_LIST_CONTENT_DIR": str(content),
        "READING_LIST_DOCS_DIR": str(docs),
        "NO_MKDOCS_2_WARNING": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    with chromium() as browser, log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(url, server, log)
            page = browser.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            papers, digests, tags = counts(page)
            assert page.get_by_role("link", name=NEW_TITLE, exact=True).count() == 0

            mark(page)
            replace_file(content / "digests" / f"{NEW_DIGEST}.txt", "\n\n".join(LAYOUT_A) + "\n")
            wait_for_reload(page, (papers + 1, digests + 1, tags), log, "a new digest")
            # The home page opens with the newest digest: the new paper is listed there.
            assert page.get_by_role("link", name=NEW_TITLE, exact=True).count() == 1
            assert NEW_TITLE in html.unescape(fetch(f"{url}papers/{NEW_SLUG}/"))

            mark(page)
            taxonomy = content / "taxonomy.yml"
            replace_file(taxonomy, taxonomy.read_text(encoding="utf-8").rstrip("\n") + "\n" + TAG_RULES)
            wait_for_reload(page, (papers + 1, digests + 1, tags + 1), log, "a new tag in the taxonomy")
            assert page.get_by_role("link", name=NEW_TAG, exact=True).count() == 1  # the new paper's tag
            assert NEW_TITLE in html.unescape(fetch(f"{url}tags/chain-of-thought-monitoring/"))
        finally:
            stop(server)
