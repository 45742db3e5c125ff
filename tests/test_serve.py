"""Live reload: ``mkdocs serve`` reloads the open page when a digest or the taxonomy changes.

Runs the real ``mkdocs serve --dirty`` (the command the README gives, without ``--livereload``)
on a copy of the content, on 127.0.0.1 and a free port, opens the home page in headless Chromium and
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
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from test_browser import TIMEOUT_MS, chromium

from conftest import ROOT, build_site, copy_content

pytestmark = pytest.mark.browser

START_SECONDS = 120
RELOAD_SECONDS = 60
MARKER = "__notReloadedSinceTheTestOpenedIt"

# A real paper (arXiv 2507.11473, metadata CC0) that is in none of the seed digests (tests/seed).
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


@contextmanager
def serving(
    tmp_path: Path, content: Path, extra_env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[tuple[str, Path, object]]:
    """Run ``mkdocs serve --dirty`` on ``content`` (pages in ``tmp_path/docs``) on a free port
    (or ``port``) with a headless Chromium at hand: yields ``(url, log, browser)`` and stops both
    afterwards. ``extra_env`` is added to the server's environment."""
    docs = tmp_path / "docs"
    docs.mkdir()
    port = port or free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "READING_LIST_CONTENT_DIR": str(content),
        "READING_LIST_DOCS_DIR": str(docs),
        "NO_MKDOCS_2_WARNING": "1",
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(ROOT / "mkdocs.yml")]
    command += ["-a", f"127.0.0.1:{port}"]
    with chromium() as browser, log.open("wb") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(url, server, log)
            yield url, log, browser
        finally:
            stop(server)


def test_serve_reloads_the_open_page_when_a_digest_or_the_taxonomy_changes(tmp_path):
    content = copy_content(tmp_path / "content")
    with serving(tmp_path, content) as (url, log, browser):
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


# ----- content errors while serving -------------------------------------------------------------

ERROR_SECONDS = 30
BANNER = "#reading-list-content-errors"
# A title that quotes markup: the problem naming it must show as text, never as an element.
HOSTILE_TITLE = "<img src=x onerror=alert(1)> A title left without an abstract"


def golden_content(target: Path) -> Path:
    """The tests' own small content (tests/golden/content) plus the committed hand-written pages."""
    shutil.copytree(ROOT / "tests" / "golden" / "content", target)
    shutil.copytree(ROOT / "content" / "pages", target / "pages")
    return target


def wait_for(page, check, what: str, log: Path, seconds: float = ERROR_SECONDS) -> float:
    """Wait until ``check(page)`` is true (the page may reload meanwhile); returns seconds taken."""
    from playwright.sync_api import Error

    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if check(page):
                return time.monotonic() - start
        except Error:
            pass  # the page is reloading right now
        time.sleep(0.25)
    pytest.fail(f"the open page did not {what} within {seconds} s:\n{log.read_text()[-3000:]}")


def banner_text(page) -> str:
    banner = page.locator(BANNER)
    return banner.inner_text() if banner.count() else ""


def test_serve_shows_content_errors_on_every_open_page_and_recovers_after_the_fix(tmp_path):
    content = golden_content(tmp_path / "content")
    digest = sorted((content / "digests").glob("*.txt"))[-1]
    good = digest.read_text(encoding="utf-8")
    broken = good.rstrip("\n") + "\n\n" + HOSTILE_TITLE + "\n"
    bad_line = broken.count("\n")
    expected = (
        f"content/digests/{digest.name}:{bad_line}: error: expected an abstract after the title "
        f"{HOSTILE_TITLE!r}, found the end of the file"
    )
    with serving(tmp_path, content) as (url, log, browser):
        home, paper = browser.new_page(), browser.new_page()
        for page in (home, paper):
            page.set_default_timeout(TIMEOUT_MS)
        home.goto(url)
        paper_url = home.evaluate(
            "Array.from(document.querySelectorAll('article a')).map(a => a.href).find(h => /\\/papers\\/[^/]+\\/$/.test(h))"
        )
        paper.goto(paper_url)
        title = paper.locator("article h1").inner_text()
        for page in (home, paper):
            assert banner_text(page) == ""
            mark(page)

        replace_file(digest, broken)
        for page in (home, paper):
            took = wait_for(page, lambda p: expected in banner_text(p), "show the content error", log)
            assert page.evaluate(f"window.{MARKER} === undefined"), "the page reloaded by itself"
            print(f"content error shown {took:.1f} s after the save on {page.url}")
        assert "1 problem in the content" in banner_text(home)
        assert home.locator(f"{BANNER} img").count() == 0  # the quoted markup stayed text
        assert paper.locator("article h1").inner_text() == title  # the last good page, under the banner
        missing = browser.new_page()
        missing.goto(f"{url}papers/no-such-paper/")
        assert expected in banner_text(missing)  # the 404 page lists the problems too
        shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))  # to look at: SCREENSHOT_DIR=/some/folder
        for name, shown in (("home", home), ("paper", paper), ("404", missing)):
            shown.screenshot(path=str(shots / f"content-error-{name}.png"), full_page=True)

        for page in (home, paper, missing):
            mark(page)
        replace_file(digest, good)
        for page in (home, paper):
            wait_for(
                page,
                lambda p: p.locator(BANNER).count() == 0 and p.evaluate(f"window.{MARKER} === undefined"),
                "reload to the site",
                log,
            )
        assert paper.locator("article h1").inner_text() == title
        wait_for(
            missing,
            lambda p: p.locator(BANNER).count() == 0 and p.evaluate(f"window.{MARKER} === undefined"),
            "reload the 404 page without the banner",
            log,
        )


def test_serve_started_on_broken_content_shows_the_problems_then_the_site(tmp_path):
    content = golden_content(tmp_path / "content")
    taxonomy = content / "taxonomy.yml"
    good = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(good + "  - name: Broken\n    description: A tag without rules.\n", encoding="utf-8")
    with serving(tmp_path, content) as (url, log, browser):
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(url)
        assert "content/taxonomy.yml:" in banner_text(page)
        assert "The site could not be built" in page.locator("article").inner_text()
        mark(page)
        replace_file(taxonomy, good)
        wait_for(
            page,
            lambda p: p.locator(BANNER).count() == 0 and COUNTS.search(p.locator("article").inner_text()) is not None,
            "reload to the site",
            log,
        )


# ----- rebuilding only what changed -------------------------------------------------------------

NOTE_WORD = "Curatorprobe"
# Differ between two builds of the same content: the search index (written in the background
# under serve, in an order that varies) and the gzip header's time stamp of the sitemap.
UNCOMPARED = ("pagefind/", "sitemap.xml.gz")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site (``UNCOMPARED`` aside): ``{relative POSIX path: bytes}``."""
    found = {}
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site).as_posix()
        if path.is_file() and not relative.startswith(UNCOMPARED):
            found[relative] = path.read_bytes()
    return found


def served_site_dir(temporary: Path) -> Path:
    """The site folder ``mkdocs serve`` made (``tempfile.mkdtemp`` in the server's TMPDIR)."""
    made = list(temporary.glob("mkdocs_*"))
    assert len(made) == 1, f"expected one mkdocs_* folder in {temporary}, found {made}"
    return made[0]


def wait_for_page(url: str, shows: bool, word: str, log: Path) -> None:
    """Wait until ``url`` holds ``word`` (``shows``) or is missing or lacks it (not ``shows``)."""
    deadline = time.monotonic() + RELOAD_SECONDS
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=RELOAD_SECONDS) as response:
                found = word in html.unescape(response.read().decode("utf-8"))
        except urllib.error.HTTPError:
            found = False
        if found == shows:
            return
        time.sleep(0.5)
    pytest.fail(
        f"{url} did not {'show' if shows else 'stop showing'} {word!r} within {RELOAD_SECONDS} s\n{log.read_text()[-3000:]}"
    )


def assert_like_full_build(served: Path, content: Path, out: Path, env: dict[str, str], what: str) -> None:
    """A fresh ``mkdocs build`` of ``content`` (same site URL and date) equals ``served``."""
    result = build_site(content, out, strict=False, extra_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    full, live = site_files(out / "site"), site_files(served)
    assert sorted(live) == sorted(full), f"after {what}: files differ: {sorted(set(live) ^ set(full))[:10]}"
    differing = [name for name in full if full[name] != live[name]]
    assert not differing, f"after {what}: {len(differing)} files differ from a full build, first {differing[:5]}"


def test_serve_dirty_rebuilds_equal_a_full_build_after_each_edit(tmp_path):
    """Under ``mkdocs serve --dirty`` only changed pages are rebuilt: after a new digest, a new
    tag, a new curation file and their removal, the served site folder holds exactly what a
    full build of the same content holds."""
    content = copy_content(tmp_path / "content")
    temporary = tmp_path / "servetmp"
    temporary.mkdir()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    same = {"SITE_URL": url, "SOURCE_DATE_EPOCH": "1790000000"}
    paper_url = f"{url}papers/{NEW_SLUG}/"
    digest = content / "digests" / f"{NEW_DIGEST}.txt"
    curation = content / "curation" / f"{NEW_SLUG}.yml"
    taxonomy = content / "taxonomy.yml"
    with serving(tmp_path, content, {**same, "TMPDIR": str(temporary)}, port) as (_, log, _browser):
        served = served_site_dir(temporary)
        steps = [
            (
                "a new digest",
                lambda: replace_file(digest, "\n\n".join(LAYOUT_A) + "\n"),
                paper_url,
                True,
                "Monitorability",
            ),
            (
                "a new tag",
                lambda: replace_file(taxonomy, taxonomy.read_text("utf-8").rstrip("\n") + "\n" + TAG_RULES),
                f"{url}tags/chain-of-thought-monitoring/",
                True,
                "Monitorability",
            ),
            (
                "a new curation file",
                lambda: replace_file(curation, f"note: {NOTE_WORD} says this paper is new.\n"),
                paper_url,
                True,
                NOTE_WORD,
            ),
            ("removing both", lambda: (curation.unlink(), digest.unlink()), paper_url, False, "Monitorability"),
        ]
        for number, (what, change, page, shows, word) in enumerate(steps):
            change()
            wait_for_page(page, shows, word, log)
            wait_for_page(url, True, "</html>", log)  # the server holds requests while it rebuilds
            assert_like_full_build(served, content, tmp_path / f"full{number}", same, what)
        assert "Documentation built" in log.read_text()
        assert "'dirty' build" not in log.read_text(), "MkDocs' warning about dirty builds is not shown"
