"""A last line of defence: scan every built HTML page (and the search index) for anything that
could execute, whatever the generator's escaping promises.

Fails on: a ``<script>`` that is not one of the theme's (an inline script of Material's templates,
its JSON config, or a script file shipped with the theme or listed in ``extra_javascript``); any
``on...=`` event handler attribute; a link, source or form target with a scheme other than http
or https (``javascript:``, ``data:``, ``vbscript:`` in any spelling the browser would accept);
``<iframe>``, ``<object>``, ``<embed>``, ``<base>`` and meta refreshes. Scanned here: the
committed content (``built_site``); ``tests/invariants.py`` scans every build it checks;
``test_hostile.py`` runs ``scan_site`` over the site built
from the hostile fixtures that render.
"""

from __future__ import annotations

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest
from test_escaping_property import project_config

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "cite",
    "background",
    "ping",
    "manifest",
    "icon",
    "codebase",
    "longdesc",
    "usemap",
    "xlink:href",
    "srcset",
    "imagesrcset",
}
FORBIDDEN_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}


@functools.cache
def theme_inline_scripts() -> tuple[re.Pattern, ...]:
    """Every one-line inline ``<script>`` of the theme's templates (and the project's overrides),
    as a pattern in which a Jinja expression may stand for text without quotes or brackets."""
    patterns = set()
    for folder in (THEME, OVERRIDES):
        for template in folder.rglob("*.html"):
            for body in re.findall(r"<script(?: [^>]*)?>([^\n]+?)</script>", template.read_text(encoding="utf-8")):
                parts = re.split(r"\{\{.*?\}\}", body)
                patterns.add(
                    re.compile("".join(p if i == 0 else r"[^\"'<>]*" + p for i, p in enumerate(map(re.escape, parts))))
                )
    return tuple(patterns)


@functools.cache
def theme_script_files() -> frozenset[str]:
    """Script files the site may load: the theme's own and those in ``extra_javascript``."""
    shipped = {p.relative_to(THEME).as_posix() for p in THEME.rglob("*.js")}
    extra = {str(getattr(item, "path", item)) for item in project_config().extra_javascript}
    return frozenset(shipped | extra)


class _Scanner(HTMLParser):
    """Collects what could execute in one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._script: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.findings.append(f"event handler attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES:
                targets = value.split(",") if name.endswith("srcset") else [value]
                self.findings += [
                    f"{name}={value!r} on <{tag}>"
                    for target in targets
                    if not safe_target(target.strip().split(" ")[0])
                ]
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(f"<{tag}> element {values}")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.findings.append(f"meta refresh {values}")
        if tag == "script":
            self._script, self._text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if not theme_script(self._script, "".join(self._text)):
                self.findings.append(f"script {self._script} {''.join(self._text)[:120]!r}")
            self._script = None


def safe_target(value: str) -> bool:
    """True for a relative URL or an http(s) one, read the way browsers read a URL's scheme
    (control characters and whitespace ignored, any case)."""
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", value)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", squeezed)
    return scheme is None or scheme.group(1).lower() in ("http", "https")


def theme_script(attrs: dict, text: str) -> bool:
    if "src" in attrs:
        path = re.sub(r"^(\.\./)*|^/", "", attrs["src"])
        return set(attrs) == {"src"} and text.strip() == "" and path in theme_script_files()
    if attrs == {"id": "__config", "type": "application/json"}:
        json.loads(text)
        return "<" not in text
    return attrs == {} and any(p.fullmatch(text) for p in theme_inline_scripts())


def scan_html(text: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.findings


def scan_site(site: Path) -> dict[str, list[str]]:
    """``{page: findings}`` for every HTML page of a built site and every search index entry."""
    findings = {}
    for page in sorted(site.rglob("*.html")):
        found = scan_html(page.read_text(encoding="utf-8"))
        if found:
            findings[page.relative_to(site).as_posix()] = found
    index = site / "search" / "search_index.json"
    for entry in json.loads(index.read_text(encoding="utf-8"))["docs"]:
        found = (
            scan_html(entry["title"])
            + scan_html(entry["text"])
            + [
                f"script in search entry {entry['location']}"
                for field in ("title", "text")
                if re.search(r"<\s*script", entry[field], re.I)
            ]
        )
        if found:
            findings[f"search_index.json#{entry['location']}"] = found
    return findings


def test_the_committed_site_runs_only_the_themes_scripts(built_site):
    site = built_site / "site"
    assert len(list(site.rglob("*.html"))) > len(list((site / "papers").glob("*/index.html"))) > 0
    assert scan_site(site) == {}


def test_every_page_loads_the_theme_the_same_way(built_site):
    """The scan is not vacuous: every paper page does carry the theme's scripts, inline and loaded."""
    for page in (built_site / "site" / "papers").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r"<script>", text)) >= 2, page
        assert 'id="__config"' in text and "assets/javascripts/bundle." in text


@pytest.mark.parametrize(
    "injected",
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        '<script src="../assets/javascripts/bundle.a5f9d56c.min.js">alert(1)</script>',
        '<script id="__config" type="application/json">{"x": "</p><img src=x onerror=alert(1)>"}</script>',
        '<script>__md_scope=new URL("x",location);alert(1)//",location),__md_hash=e=>1</script>',
        "<img src=x onerror=alert(1)>",
        '<p ONMOUSEOVER="alert(1)">x</p>',
        '<a href="javascript:alert(1)">x</a>',
        '<a href="  JaVa&#x09;Script&colon;alert(1)">x</a>',
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java\nscript:alert(1)">x</a>',
        '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<img srcset="https://example.org/a.png 1x, data:image/png;base64,AAAA 2x">',
        '<form action="javascript:alert(1)"><button>x</button></form>',
        '<iframe src="https://example.org/"></iframe>',
        '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
        '<base href="https://evil.example/">',
    ],
)
def test_the_scan_finds_what_it_looks_for(built_site, injected):
    page = next((built_site / "site" / "papers").glob("*/index.html")).read_text(encoding="utf-8")
    assert scan_html(page) == []
    tainted = page.replace("</article>", injected + "</article>", 1)
    assert tainted != page and scan_html(tainted) != []


@pytest.mark.parametrize(
    "target", ["https://example.org/a", "HTTP://EXAMPLE.ORG", "../papers/x/", "#top", "x.md", "/assets/x.js", "?q=1"]
)
def test_the_scan_lets_web_and_relative_links_pass(target):
    assert scan_html(f'<a href="{target}">x</a><img src="{target}">') == []
