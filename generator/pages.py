"""What ``content/pages`` may hold: hand-written Markdown pages and images, nothing else.

Pure rules on names and bytes, no I/O (``build.hand_written`` reads the files). Hand-written
pages arrive by pull request like everything else in ``content/``, and MkDocs lets a file in
docs_dir replace a theme file of the same path (its JavaScript bundle, say) and copies any other
file type to the site unread by Markdown. So a page may only be:

* a Markdown page ``*.md`` or an image ``*.png`` ``*.jpg`` ``*.jpeg`` ``*.gif`` ``*.webp`` whose
  bytes start with that format's signature (SVG is refused: it can carry script);
* at a path no generated page, no planned generated folder and no theme file uses
  (``RESERVED``): the home page, ``papers/``, ``tags/``, ``digests/``, ``assets/``, ``search/``,
  ``sitemap.xml``, ``404.html`` ...;
* named with printable characters, no part starting with ``.`` (MkDocs skips those silently;
  ``.gitkeep`` placeholders are allowed and skipped), and not ``README.md`` (MkDocs makes that
  the folder's index page);
* the only page for its address (``about.md`` and ``about/index.md`` would both be ``about/``).
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable

from .model import EMPTY_SITE, Problem
from .render import render_site

PLACEHOLDER = ".gitkeep"
MAX_PAGE_BYTES = 5 * 1024 * 1024
IMAGE_SIGNATURES = {
    ".png": ("a PNG image", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("a JPEG image", (b"\xff\xd8\xff",)),
    ".jpeg": ("a JPEG image", (b"\xff\xd8\xff",)),
    ".gif": ("a GIF image", (b"GIF87a", b"GIF89a")),
    ".webp": ("a WebP image", (b"RIFF",)),
}
PAGE_SUFFIXES = (".md", *IMAGE_SIGNATURES)


def printable(name: str) -> str:
    """``name`` with undecodable bytes (``\\xff``) and unprintable characters (``\\t``,
    ``\\u202e``) written as Python escapes, so a file name can neither break a line of output
    nor hide what it is."""
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)


def page_key(relative: str) -> str:
    """The top-level name a page path takes in the site, case-folded: ``papers/x.md`` ->
    ``papers``, ``tags.md`` -> ``tags``, ``README.md`` -> ``index``."""
    top = relative.split("/", 1)[0]
    if "/" not in relative and top.casefold().endswith(".md"):
        top = top[: -len(".md")]
    top = top.casefold()
    return "index" if top == "readme" else top


# Top-level names (case-insensitive; a top-level ``name.md`` counts as ``name``) that pages may
# not use, and who uses them. Generated: every top-level name the generator renders (derived
# from ``render_site``; tests/test_hostile_files.py checks a full site adds none) and folders
# planned for generated output. Theme: what Material and MkDocs' search and sitemap put into
# the site (tests/test_hostile_files.py holds this list to the files Material ships).
PLANNED = frozenset({"archive", "feeds", "feed", "search", "pagefind"})
GENERATED = frozenset(page_key(path) for path in render_site(EMPTY_SITE)) | PLANNED
THEME = frozenset({"assets", "search", "sitemap.xml", "sitemap.xml.gz", "404", "404.html", "templates"})
RESERVED = GENERATED | THEME


def page_address(relative: str) -> str:
    """Where MkDocs publishes a page path (with directory URLs), case-folded: ``about.md`` and
    ``about/index.md`` -> ``about/``; an image keeps its path."""
    folded = relative.casefold()
    if not folded.endswith(".md"):
        return folded
    parent, name = posixpath.split(folded[: -len(".md")])
    if name in ("index", "readme"):
        return posixpath.join(parent, "")
    return posixpath.join(parent, name, "")


def page_problem(relative: str, data: bytes) -> str | None:
    """What is wrong with the hand-written file at ``relative`` (POSIX, inside ``content/pages``)
    holding ``data``: ``None`` when it may be published, else the "expected ..., found ..."
    message."""
    parts = relative.split("/")
    suffix = posixpath.splitext(relative)[1].casefold()
    if printable(relative) != relative:
        return f"expected a page name of printable UTF-8 characters, found {printable(relative)!r}"
    if any(part.startswith(".") for part in parts):
        return (
            "expected a page name without a part starting with '.' (MkDocs skips those silently), found a hidden name"
        )
    if page_key(relative) in RESERVED:
        owner = "generated pages use" if page_key(relative) in GENERATED else "the theme uses"
        return f"expected a path that generated pages and the theme do not use, found {parts[0]!r}, which {owner}"
    if posixpath.splitext(parts[-1])[0].casefold() == "readme":
        return "expected a page name other than README (MkDocs makes README.md the folder's index page), found README"
    if suffix not in PAGE_SUFFIXES:
        why = " (SVG can carry script)" if suffix == ".svg" else ""
        return f"expected a Markdown page (.md) or an image ({', '.join(IMAGE_SIGNATURES)}), found a {suffix or 'suffix-less'!s} file{why}"
    if suffix in IMAGE_SIGNATURES:
        what, signatures = IMAGE_SIGNATURES[suffix]
        if not data.startswith(signatures) or (suffix == ".webp" and data[8:12] != b"WEBP"):
            return f"expected {what}, as the name says, found other bytes ({data[:8]!r}...)"
    return None


def page_problems(files: dict[str, bytes], shown: str) -> list[Problem]:
    """Every problem of the hand-written ``files`` (``{relative path: bytes}``, read from the
    folder shown as ``shown`` in messages): one per refused file, then one per file that has
    the address of an earlier accepted one."""
    found = {relative: page_problem(relative, data) for relative, data in files.items()}
    problems = [Problem(f"{shown}/{printable(r)}", 0, message) for r, message in found.items() if message]
    return problems + _same_address([r for r, message in found.items() if message is None], shown)


def _same_address(relatives: Iterable[str], shown: str) -> list[Problem]:
    first: dict[str, str] = {}
    problems = []
    for relative in sorted(relatives):
        address = page_address(relative)
        if address in first:
            problems.append(
                Problem(
                    f"{shown}/{printable(relative)}",
                    0,
                    f"expected one page per address, found a second page for {address or 'the home page'!r} (the first is {first[address]!r})",
                )
            )
        else:
            first[address] = relative
    return problems
