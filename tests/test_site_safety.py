"""A last line of defence: scan EVERY file of a built site, by its type, for anything that could
execute, whatever the generator's escaping promises.

HTML pages fail on: a ``<script>`` that is not one of the theme's (an inline script of
Material's templates, its JSON config, or a script file shipped with the theme or listed in
``extra_javascript``); any ``on...=`` event handler attribute; a link, source or form target
with a scheme other than http or https (``javascript:``, ``data:``, ``vbscript:`` in any
spelling the browser would accept); ``<iframe>``, ``<object>``, ``<embed>``, ``<base>`` and meta
refreshes. JSON files: every string at any depth is scanned as HTML (a script may insert it as
HTML). The search index (``pagefind/``): Pagefind's own code byte for byte, and page records
that link only to paper pages. XML and SVG (the sitemap): every
element, attribute and text. Feeds are read the way their format tells a reader to read them
(``scan_rss``, ``scan_atom``, ``scan_json_feed``, ``scan_papers_json``): a field that is HTML
(RSS titles and descriptions, Atom text constructs of type html or xhtml, JSON Feed
``content_html`` and any field the format does not define) is scanned as HTML; a plain-text
field (Atom ``type="text"``, JSON Feed ``title``/``content_text``/``summary``, every string of
``papers.json`` and of the title index ``search/titles/``, whose entries must have exactly its
fields) is shown as text by a reader and is not, but a field that is a link (``link``,
``guid``, ``id``, ``href``, ``url``, ``external_url``, ...) must be a safe target everywhere.
Gzip files: what they hold. Images: their signature. A file at a
path the theme ships (its JavaScript bundle, its CSS) must be byte for byte the theme's own;
any other script, style sheet or unknown file type is a finding. Scanned here: the committed
content (``built_site``); ``tests/invariants.py`` scans every build it checks; copies of it with one injection per format; ``test_hostile.py``
runs ``scan_site`` over the site built from the hostile fixtures that render.
"""

from __future__ import annotations

import copy
import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import jsonschema
import material
import pytest
from test_escaping_property import project_config

from generator.search import index_site
from generator.titleindex import FOLDER as TITLE_INDEX

THEME = Path(material.__file__).parent / "templates"
OVERRIDES = Path(__file__).resolve().parent.parent / "overrides"
PAPERS_SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "schema" / "papers.schema.json").read_text(encoding="utf-8")
)
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
    custom = {p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.js")}
    extra = {str(getattr(item, "path", item)) for item in project_config().extra_javascript}
    return frozenset(shipped | custom | extra)


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

    def close(self) -> None:
        super().close()
        if self._script is not None:  # a browser runs a script the document ends in, too
            self.findings.append(f"unclosed script {self._script} {''.join(self._text)[:120]!r}")


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


def scan_html_field(text: str) -> list[str]:
    """A field a reader renders as HTML: ``scan_html``, and any script markup at all."""
    found = scan_html(text)
    if re.search(r"<\s*/?\s*script", text, re.I) and not found:
        found.append(f"script markup {text[:80]!r}")
    return found


@functools.cache
def theme_files() -> dict[str, frozenset[str]]:
    """``{path in a built site: SHA-256 digests}`` of every file the theme (and the project's
    overrides) may put into a site: a file at one of these paths must be byte for byte one of
    them, so a replaced bundle is caught by its content, not passed by its name."""
    found: dict[str, set[str]] = {}
    for folder in (THEME, OVERRIDES):
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix not in TEMPLATE_SUFFIXES and path.name != "mkdocs_theme.yml":
                found.setdefault(path.relative_to(folder).as_posix(), set()).add(sha256(path.read_bytes()))
    return {name: frozenset(digests) for name, digests in found.items()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Theme files MkDocs renders or reads instead of copying into the site.
TEMPLATE_SUFFIXES = {".html", ".py", ".pyc"}
# Files that run or style the site: only the theme's own, identical to what it ships.
CODE_SUFFIXES = {".js", ".mjs", ".cjs", ".css", ".map", ".wasm"}
IMAGES = {".png": (b"\x89PNG\r\n\x1a\n",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",)}
IMAGES |= {".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".ico": (b"\x00\x00\x01\x00",)}
# Elements of XML or SVG that run script or embed documents (SVG's animate/set can rewrite an href).
XML_FORBIDDEN = {
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "object",
    "embed",
    "base",
    "animate",
    "set",
}
XML_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "to", "from", "values", "url", "uri"}
JSON_URL_KEYS = frozenset({"location", "url", "href", "src", "link"})
ATOM = "{http://www.w3.org/2005/Atom}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# RSS 2.0: a description is entity-encoded HTML (the specification), and readers guess whether a
# title is (feedparser takes it as HTML once it holds an entity): both are scanned as HTML.
RSS_HTML = {"title", "description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
# Elements whose text is a link target (RSS link, guid, docs, comments, image url; Atom id,
# icon, logo, author uri).
FEED_URL_ELEMENTS = {"link", "guid", "docs", "comments", "url", "id", "icon", "logo", "uri"}
# Atom text constructs (RFC 4287, 3.1): text by default; type html or xhtml (or any media type
# but text/plain) is read as HTML.
ATOM_TEXT = {"title", "subtitle", "rights", "summary", "content"}
# JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/): fields that are plain text or data, and
# fields that are links. Every other field (content_html, extensions, unknown keys) is HTML.
JSON_FEED_PLAIN = frozenset(
    {"version", "title", "description", "user_comment", "language", "content_text", "summary", "tags", "name"}
    | {"date_published", "date_modified", "mime_type", "type", "expired", "size_in_bytes", "duration_in_seconds"}
)
JSON_FEED_URLS = frozenset(
    {"id", "url", "external_url", "home_page_url", "feed_url", "next_url", "icon", "favicon", "image"}
    | {"banner_image", "avatar"}
)
# papers.json: data by its schema; these fields are links.
PAPERS_URLS = frozenset({"site_url", "url", "code", "project_pages"})
# The title index's entries (generator/titleindex.py): all plain text but the url.
TITLE_INDEX_FIELDS = frozenset({"title", "url", "date", "tags", "must_read", "excerpt"})


def scan_file(site: Path, path: Path) -> list[str]:
    """What could execute in one file of a built site (``path`` under ``site``)."""
    if path.is_symlink():
        return [f"a symbolic link to {os.readlink(path)!r}"]
    name, data = path.relative_to(site).as_posix(), path.read_bytes()
    if name.startswith("pagefind/"):
        return scan_pagefind(name, data)
    if name in theme_files():
        return [] if sha256(data) in theme_files()[name] else [f"differs from the theme's own {name}"]
    return scan_bytes(name, data)


@functools.cache
def pagefind_files() -> dict[str, str]:
    """``{name under pagefind/: SHA-256}`` of the scripts, styles and WebAssembly that Pagefind
    writes whatever the site holds, from indexing a one-page site with the installed Pagefind."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "papers" / "x").mkdir(parents=True)
        page = "<html><body><article data-pagefind-body><h1>x</h1><p>A paper.</p></article></body></html>"
        (site / "papers" / "x" / "index.html").write_text(page, encoding="utf-8")
        index_site(site)
        return {
            path.relative_to(site).as_posix(): sha256(path.read_bytes())
            for path in (site / "pagefind").iterdir()
            if path.suffix in (".js", ".css") or path.name.startswith("wasm.")
        }


def scan_pagefind(name: str, data: bytes) -> list[str]:
    """A file of the search index (``pagefind/``; no hand-written page may use that path): its
    code must be byte for byte Pagefind's own, and each page record must link to a paper page.
    Records hold plain text (an abstract may say "<think>"), which the search box inserts only
    as text (tests/test_search.py). The other index files are Pagefind's binary data."""
    suffix = PurePosixPath(name).suffix
    if suffix in (".js", ".css") or PurePosixPath(name).name.startswith("wasm."):
        return [] if pagefind_files().get(name) == sha256(data) else [f"differs from Pagefind's own {name}"]
    if suffix == ".pf_fragment":
        # Pagefind's record of one page: gzip of b"pagefind_dcd" + JSON.
        record = json.loads(gzip.decompress(data)[len(b"pagefind_dcd") :])
        url = str(record.get("url", ""))
        return [] if safe_target(url) and re.fullmatch(r"/papers/[^/?#]+/", url) else [f"search result link {url!r}"]
    if suffix == ".json":
        return scan_json(json.loads(data))
    if suffix in (".pf_meta", ".pf_index", ".pf_filter"):
        return []
    return [f"a file Pagefind does not write ({name})"]


def scan_bytes(name: str, data: bytes) -> list[str]:
    """Scan the bytes of a file named ``name`` (its path in the site) by its type: HTML, JSON
    (``scan_json_document``), XML and SVG (``scan_xml``), gzip (what it holds), images (their
    signature); code that is not the theme's, and any other type, is a finding."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".gz":
        return scan_bytes(name[: -len(".gz")], gzip.decompress(data))
    if suffix == ".html":
        return scan_html(data.decode("utf-8"))
    if suffix == ".json":
        return scan_json_document(name, json.loads(data))
    if suffix in (".xml", ".svg"):
        return scan_xml(data, feed=is_feed(name))
    if suffix in IMAGES:
        return [] if data.startswith(IMAGES[suffix]) else [f"a {suffix} file that is not that image type"]
    if suffix in CODE_SUFFIXES:
        return [f"a {suffix} file that is not the theme's own"]
    return [f"a file of a type no scan reads ({suffix or 'no suffix'})"]


def is_feed(name: str) -> bool:
    """Only files where the site writes its feeds are read by feed rules: anywhere else (a JSON
    file Material's search shows, say) a document that looks like a feed is scanned strictly."""
    return name.startswith("feeds/")


def scan_json_document(name: str, value: object) -> list[str]:
    """A JSON file: a JSON Feed (under ``feeds/``, its ``version`` naming JSON Feed) by its
    fields, the site's ``papers.json`` by its schema, anything else (the search index) every
    string as HTML."""
    version = str(value.get("version", "")) if isinstance(value, dict) else ""
    if is_feed(name) and version.startswith("https://jsonfeed.org/version/"):
        return scan_json(value, plain=JSON_FEED_PLAIN, urls=JSON_FEED_URLS)
    if name == "papers.json":
        return scan_papers_json(value)
    if name.startswith(f"{TITLE_INDEX}/"):
        return scan_title_index(value)
    return scan_json(value)


def scan_title_index(value: object) -> list[str]:
    """A title index file (``generator/titleindex.py``) is data the search box shows as text: a
    list of entries with exactly the fields it defines, their ``url`` a paper page's. Anything
    else is a finding, and then every string is scanned as HTML."""
    entries = value if isinstance(value, list) else [value]
    wrong = [e for e in entries if not isinstance(e, dict) or set(e) != TITLE_INDEX_FIELDS]
    if wrong:
        return [f"title index entry with other fields: {str(wrong[0])[:120]}", *scan_json(value)]
    return scan_json(value, plain=TITLE_INDEX_FIELDS - {"url"}, urls=frozenset({"url"})) + [
        f"title index url {e['url'][:80]!r}" for e in entries if not re.fullmatch(r"papers/[^/?#]+/", e["url"])
    ]


def scan_papers_json(value: object) -> list[str]:
    """``papers.json`` is data: every string is plain text or a link, as long as the document
    follows ``schema/papers.schema.json`` (no field the schema does not define). If it does not,
    that is a finding and every string is scanned as HTML."""
    errors = [
        f"papers.json schema: {e.message[:120]}"
        for e in jsonschema.Draft202012Validator(PAPERS_SCHEMA).iter_errors(value)
    ]
    if errors:
        return errors + scan_json(value)
    return scan_json(value, plain=schema_fields(PAPERS_SCHEMA) - PAPERS_URLS, urls=PAPERS_URLS)


def schema_fields(schema: object) -> frozenset[str]:
    """Every property name a JSON Schema defines, at any depth."""
    if isinstance(schema, list):
        return frozenset().union(*map(schema_fields, schema))
    if not isinstance(schema, dict):
        return frozenset()
    return frozenset(schema.get("properties", {})).union(*map(schema_fields, schema.values()))


def scan_json(
    value: object, key: str = "", plain: frozenset[str] = frozenset(), urls: frozenset[str] = JSON_URL_KEYS
) -> list[str]:
    """Every string of a JSON document scanned as HTML (Material's search shows the index's
    titles, texts and tags with innerHTML), except strings under a key in ``plain`` (plain text
    by the document's format) or in ``urls``; strings under a key in ``urls`` must be safe
    targets."""
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in scan_json(v, str(k), plain, urls)]
    if isinstance(value, list):
        return [found for item in value for found in scan_json(item, key, plain, urls)]
    if not isinstance(value, str):
        return []
    if key in urls:
        return [] if safe_target(value) else [f"{key}: unsafe target {value[:80]!r}"]
    if key in plain:
        return []
    return [f"{key}: {finding}" for finding in scan_html_field(value)]


def scan_xml(data: bytes, feed: bool = False) -> list[str]:
    """An XML or SVG document: no document type or entity declarations; then, when it is a
    ``feed`` file, an RSS or Atom feed by its format (``scan_rss``, ``scan_atom``); anything else
    (the sitemap, SVG) element by element (``scan_element``) with every text scanned as HTML."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.I):
        return ["a document type or entity declaration"]
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        return [f"not well-formed XML ({err})"]
    if feed and root.tag == "rss":
        return scan_rss(root)
    if feed and root.tag in (ATOM + "feed", ATOM + "entry"):
        return scan_atom(root)
    return [found for element in root.iter() for found in scan_element(element, html_text=True)]


def scan_element(element: ElementTree.Element, html_text: bool) -> list[str]:
    """One element of an XML document: no scripting element or XHTML, no ``on...`` attribute,
    only safe targets in link attributes, a sitemap ``<loc>`` that is http(s); its text scanned
    as HTML when ``html_text``, its tail (text between elements, which no field of a feed holds)
    always."""
    found = []
    namespace, _, local = element.tag.rpartition("}")
    if local.lower() in XML_FORBIDDEN or namespace.endswith("/1999/xhtml"):
        found.append(f"<{local}> element")
    for qualified, value in element.attrib.items():
        attribute = qualified.rpartition("}")[2].lower()
        if attribute.startswith("on") or (attribute in XML_URL_ATTRIBUTES and not safe_target(value)):
            found.append(f"{attribute}={value[:80]!r} on <{local}>")
    texts = [t for t in (element.text if html_text else None, element.tail) if t and t.strip()]
    found += [finding for text in texts for finding in scan_html_field(text)]
    if local == "loc" and not re.match(r"https?://", (element.text or "").strip()):
        found.append(f"sitemap location {element.text!r}")
    return found


def scan_rss(root: ElementTree.Element) -> list[str]:
    """An RSS 2.0 feed: titles, descriptions and ``content:encoded`` are HTML; link elements
    must hold safe targets; other texts (categories, dates) are plain."""
    found = []
    for element in root.iter():
        found += scan_element(element, html_text=element.tag in RSS_HTML or "}" in element.tag)
        found += scan_url_text(element)
    return found


def scan_atom(root: ElementTree.Element) -> list[str]:
    """An Atom 1.0 feed: a text construct of type text (or none) is plain; of type xhtml its
    markup, of any other type its text, is HTML; link elements (``id``, ``icon``, ``logo``,
    ``uri``) hold safe targets; elements of other namespaces are scanned as HTML."""
    found: list[str] = []
    inside_xhtml: set[int] = set()
    for element in root.iter():
        if id(element) in inside_xhtml:
            continue
        local = element.tag.removeprefix(ATOM)
        kind = element.get("type", "text") if local in ATOM_TEXT else None
        found += scan_element(
            element, html_text=kind not in (None, "text", "text/plain", "xhtml") or local == element.tag
        )
        found += scan_url_text(element)
        if kind == "xhtml":
            inside_xhtml |= {id(e) for e in element.iter() if e is not element}
            found += [f"<{local} type=xhtml>: {finding}" for finding in scan_html_field(xhtml_markup(element))]
    return found


def xhtml_markup(element: ElementTree.Element) -> str:
    """The XHTML inside an Atom text construct, serialised with plain (unprefixed) names, as a
    browser would read it."""
    inner = copy.deepcopy(element)
    for node in inner.iter():
        node.tag = node.tag.rpartition("}")[2]
        node.attrib = {name.rpartition("}")[2]: value for name, value in node.attrib.items()}
    inner.tag, inner.attrib, inner.tail = "div", {}, None
    return ElementTree.tostring(inner, encoding="unicode")


def scan_url_text(element: ElementTree.Element) -> list[str]:
    """A feed element whose text is a link target must hold a safe one."""
    local = element.tag.removeprefix(ATOM)
    if local in FEED_URL_ELEMENTS and not safe_target((element.text or "").strip()):
        return [f"<{local}> link target {(element.text or '')[:80]!r}"]
    return []


def scan_site(site: Path) -> dict[str, list[str]]:
    """``{file: findings}`` for every file of a built site, whatever its type (``scan_file``)."""
    findings = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() or path.is_symlink():
            found = scan_file(site, path)
            if found:
                findings[path.relative_to(site).as_posix()] = found
    return findings


def test_the_committed_site_runs_only_the_themes_scripts(built_site):
    site = built_site / "site"
    assert len(list(site.rglob("*.html"))) > len(list((site / "papers").glob("*/index.html"))) > 0
    assert scan_site(site) == {}


def test_every_page_loads_the_theme_the_same_way(built_site):
    """The scan is not vacuous: every paper page loads the theme's scripts, and from files only:
    Material's inline scripts come from palette.js, and the content-tab one is not there (no
    content tabs)."""
    for page in (built_site / "site" / "papers").glob("*/index.html"):
        text = page.read_text(encoding="utf-8")
        assert re.findall(r"<script>", text) == [], page
        assert 'id="__config"' in text and "assets/javascripts/bundle." in text
        assert "assets/javascripts/palette.js" in text  # Material's inline scripts, from one file


def test_the_palette_script_holds_the_palette_of_mkdocs_yml():
    """palette.js builds the palette toggle from its own copy of mkdocs.yml's theme.palette
    (pages do not carry it): the copy must say what mkdocs.yml says, as Material's partial reads
    it."""
    from mkdocs.config import load_config

    palette = load_config(str(OVERRIDES.parent / "mkdocs.yml")).theme["palette"]
    expected = [
        [
            option.get("media") or "",
            (option.get("scheme") or "default").replace(" ", "-"),
            (option.get("primary") or "indigo").replace(" ", "-"),
            (option.get("accent") or "indigo").replace(" ", "-"),
            (option.get("toggle") or {}).get("name") or "",
            ((option.get("toggle") or {}).get("icon") or "").replace("/", "-"),
        ]
        for option in palette
    ]
    script = (OVERRIDES / "assets" / "javascripts" / "palette.js").read_text(encoding="utf-8")
    found = re.search(r"^var PALETTE = (\[.*?\]);$", script, re.MULTILINE | re.DOTALL)
    assert found, "expected `var PALETTE = [...];` in palette.js"
    assert json.loads(found.group(1)) == expected
    icons = (OVERRIDES / "assets" / "icons" / "icons.svg").read_text(encoding="utf-8")
    assert all(f'id="{option[5]}"' in icons for option in expected if option[5])


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


# ----- the scan reads every file type: one injection per format into a copy of a built site -----


@pytest.fixture(scope="module")
def small_site(built_site, tmp_path_factory) -> Path:
    """A copy of the committed site with three paper pages (scanning every page of every copy
    would take minutes): every other file, the theme's included, is there."""
    site = built_site / "site"
    papers = sorted(p.parent for p in site.glob("papers/*/index.html"))
    dropped = {p.name for p in papers[3:]}
    copy = tmp_path_factory.mktemp("small") / "site"
    shutil.copytree(
        site, copy, ignore=lambda folder, names: dropped & set(names) if folder == str(site / "papers") else []
    )
    assert len(list(copy.glob("papers/*/index.html"))) == 3 and (copy / "pagefind" / "pagefind.js").is_file()
    assert scan_site(copy) == {}
    return copy


def one(site: Path, pattern: str) -> Path:
    (found,) = site.glob(pattern)
    return found


def edit_search_record(site: Path, change) -> str:
    """Change the JSON record of one page in Pagefind's index (gzip of ``pagefind_dcd`` + JSON)."""
    fragment = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))[0]
    data = gzip.decompress(fragment.read_bytes())
    record = json.loads(data[len(b"pagefind_dcd") :])
    change(record)
    fragment.write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps(record).encode("utf-8")))
    return fragment.relative_to(site).as_posix()


def edit(site: Path, path: Path | str, old: bytes, new: bytes) -> str:
    """Replace the first ``old`` in the file ``path`` of ``site`` by ``new``; return its name."""
    path = site / path
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    return path.relative_to(site).as_posix()


def add(site: Path, name: str, data: bytes) -> str:
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)
    return name


def link(site: Path, name: str, target: str) -> str:
    os.symlink(target, site / name)
    return name


def edit_item(site: Path, path: str, old: bytes, new: bytes) -> str:
    """Replace the first ``old`` inside the first item (RSS) or entry (Atom) of the feed ``path``."""
    data = (site / path).read_bytes()
    start = max(data.find(b"<item>"), data.find(b"<entry>"))
    assert start > 0 and old in data[start:]
    (site / path).write_bytes(data[:start] + data[start:].replace(old, new, 1))
    return path


def edit_json(site: Path, path: str, change) -> str:
    data = json.loads((site / path).read_text(encoding="utf-8"))
    change(data)
    (site / path).write_text(json.dumps(data), encoding="utf-8")
    return path


def json_item(path: str, key: str, value: object):
    """An edit of ``path`` (a JSON Feed) setting ``key`` of its first item to ``value``."""
    return lambda s: edit_json(s, path, lambda d: d["items"][0].__setitem__(key, value))


def first_tag_feed(site: Path, name: str) -> str:
    return sorted(site.glob(f"feeds/tags/*/{name}"))[0].relative_to(site).as_posix()


def sitemap_gz(site: Path, old: bytes, new: bytes) -> str:
    path = site / "sitemap.xml.gz"
    path.write_bytes(gzip.compress(gzip.decompress(path.read_bytes()).replace(old, new, 1)))
    return "sitemap.xml.gz"


INJECTIONS = {
    "html page script": lambda s: edit(s, "about/index.html", b"</article>", b"<script>alert(1)</script></article>"),
    "search record link": lambda s: edit_search_record(s, lambda r: r.__setitem__("url", "javascript:alert(1)")),
    "search record off the papers": lambda s: edit_search_record(s, lambda r: r.__setitem__("url", "/tags/x/")),
    "replaced search script": lambda s: edit(s, "pagefind/pagefind.js", b"", b"alert(1);"),
    "search entry json": lambda s: edit(s, "pagefind/pagefind-entry.json", b"{", b'{"x": "<svg onload=alert(1)>", '),
    "unknown file in the search index": lambda s: add(s, "pagefind/extra.html", b"<p>x</p>"),
    "sitemap location": lambda s: edit(s, "sitemap.xml", b"<loc>", b"<loc>javascript:alert(1)//"),
    "sitemap xhtml script": lambda s: edit(
        s, "sitemap.xml", b"</urlset>", b'<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></urlset>'
    ),
    "sitemap entity": lambda s: edit(s, "sitemap.xml", b"<urlset", b'<!DOCTYPE x [<!ENTITY a "b">]><urlset'),
    "gzipped sitemap": lambda s: sitemap_gz(s, b"<loc>", b"<loc>javascript:alert(1)//"),
    "svg script": lambda s: add(
        s, "about/diagram.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    ),
    "svg onload": lambda s: add(s, "about/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    "svg animated href": lambda s: add(
        s,
        "about/a.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
    ),
    "new script file": lambda s: add(s, "assets/javascripts/extra.js", b"alert(1)\n"),
    "replaced theme bundle": lambda s: edit(s, one(s, "assets/javascripts/bundle.*.min.js"), b"", b"alert(1);"),
    "replaced theme style sheet": lambda s: edit(s, one(s, "assets/stylesheets/main.*.min.css"), b"", b"body{}"),
    "html under another suffix": lambda s: add(s, "about/page.htm", b"<script>alert(1)</script>"),
    "xhtml": lambda s: add(
        s, "about/page.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>'
    ),
    "image that is html": lambda s: add(s, "about/logo.png", b"<script>alert(1)</script>"),
    "theme image replaced": lambda s: edit(s, "assets/images/favicon.png", b"", b"<script>"),
    "json next to pages": lambda s: add(s, "about/data.json", b'{"a": [{"b": "<iframe src=https://evil.example/>"}]}'),
    "symbolic link": lambda s: link(s, "about/passwd.html", "/etc/passwd"),
    # feeds: markup where the format says HTML, and unsafe link targets in any field that is a link
    "rss description with raw markup": lambda s: edit_item(
        s, "feeds/rss.xml", b"</description>", b"&lt;script&gt;alert(1)&lt;/script&gt;</description>"
    ),
    "rss description in cdata": lambda s: edit_item(
        s, "feeds/rss.xml", b"<description>", b"<description><![CDATA[<img src=x onerror=alert(1)>]]>"
    ),
    "rss channel description": lambda s: edit(
        s, "feeds/rss.xml", b"</description>", b"&lt;svg onload=alert(1)&gt;</description>"
    ),
    "rss title markup": lambda s: edit_item(
        s, "feeds/rss.xml", b"</title>", b"&lt;script&gt;alert(1)&lt;/script&gt;</title>"
    ),
    "rss item link": lambda s: edit_item(s, "feeds/rss.xml", b"<link>", b"<link>javascript:alert(1)//"),
    "rss item guid": lambda s: edit_item(
        s, "feeds/rss.xml", b'<guid isPermaLink="true">', b"<guid>JaVaScRiPt:alert(1)//"
    ),
    "rss tag feed description": lambda s: edit_item(
        s,
        first_tag_feed(s, "rss.xml"),
        b"</description>",
        b"&lt;a href=javascript:alert(1)&gt;x&lt;/a&gt;</description>",
    ),
    "atom html content with a live script": lambda s: edit_item(
        s, "feeds/atom.xml", b'<content type="text">', b'<content type="html">&lt;script&gt;alert(1)&lt;/script&gt;'
    ),
    "atom html title": lambda s: edit_item(
        s, "feeds/atom.xml", b'<title type="text">', b'<title type="html">&lt;img src=x onerror=alert(1)&gt;'
    ),
    "atom content of an html media type": lambda s: edit_item(
        s,
        "feeds/atom.xml",
        b'<content type="text">',
        b'<content type="text/html">&lt;script&gt;alert(1)&lt;/script&gt;',
    ),
    "atom xhtml content": lambda s: edit_item(
        s,
        "feeds/atom.xml",
        b'<content type="text">',
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><a href="javascript:alert(1)">x</a></div>',
    ),
    "atom html summary": lambda s: edit_item(
        s,
        "feeds/atom.xml",
        b"<content",
        b'<summary type="html">&lt;iframe src=https://evil.example/&gt;</summary><content',
    ),
    "atom entry link": lambda s: edit_item(s, "feeds/atom.xml", b'<link href="', b'<link href="javascript:alert(1)//'),
    "atom entry id": lambda s: edit_item(s, "feeds/atom.xml", b"<id>", b"<id>javascript:alert(1)//"),
    "atom tag feed content": lambda s: edit_item(
        s,
        first_tag_feed(s, "atom.xml"),
        b'<content type="text">',
        b'<content type="html">&lt;script&gt;alert(1)&lt;/script&gt;',
    ),
    "json feed content_html": json_item("feeds/feed.json", "content_html", "<script>alert(1)</script>"),
    "json feed extension field": json_item("feeds/feed.json", "_reader", {"note": "<img src=x onerror=alert(1)>"}),
    "json feed item url": json_item("feeds/feed.json", "url", "javascript:alert(1)"),
    "json feed external_url": json_item("feeds/feed.json", "external_url", " JaVaScRiPt:alert(1)"),
    "json feed id": json_item("feeds/feed.json", "id", "data:text/html,<script>alert(1)</script>"),
    "json feed author avatar": lambda s: edit_json(
        s, "feeds/feed.json", lambda d: d["authors"][0].__setitem__("avatar", "javascript:alert(1)")
    ),
    "json tag feed content_html": lambda s: edit_json(
        s, first_tag_feed(s, "feed.json"), lambda d: d["items"][0].__setitem__("content_html", "<svg onload=alert(1)>")
    ),
    "papers.json url": lambda s: edit_json(
        s, "papers.json", lambda d: d["papers"][0].__setitem__("url", "javascript:alert(1)")
    ),
    "papers.json code link": lambda s: edit_json(
        s, "papers.json", lambda d: d["papers"][0].__setitem__("code", ["javascript:alert(1)"])
    ),
    "papers.json field outside its schema": lambda s: edit_json(
        s, "papers.json", lambda d: d["papers"][0].__setitem__("html", "<script>alert(1)</script>")
    ),
    "title index url": lambda s: edit_json(s, title_shard(s), lambda d: d[0].__setitem__("url", "javascript:alert(1)")),
    "title index url off the papers": lambda s: edit_json(
        s, title_shard(s), lambda d: d[0].__setitem__("url", "tags/")
    ),
    "title index field outside its shape": lambda s: edit_json(
        s, title_shard(s), lambda d: d[0].__setitem__("html", "<img src=x onerror=alert(1)>")
    ),
}


def title_shard(site: Path) -> str:
    """The first title index file of ``site`` that holds an entry."""
    return next(
        p.relative_to(site).as_posix()
        for p in sorted(site.glob(f"{TITLE_INDEX}/*.json"))
        if json.loads(p.read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize("case", sorted(INJECTIONS))
def test_the_site_scan_reads_every_file_type_and_catches_each_injection(small_site, tmp_path, case):
    site = tmp_path / "site"
    shutil.copytree(small_site, site, symlinks=True)
    target = INJECTIONS[case](site)
    findings = scan_site(site)
    assert list(findings) == [target] and findings[target] != []


def test_feeds_of_the_copy_hold_what_the_injections_need(small_site):
    """The feed injections above edit real items: the copy's feeds have them."""
    for path in ("feeds/rss.xml", "feeds/atom.xml", first_tag_feed(small_site, "rss.xml")):
        assert b"<item>" in (small_site / path).read_bytes() or b"<entry>" in (small_site / path).read_bytes()
    assert json.loads((small_site / "feeds" / "feed.json").read_text(encoding="utf-8"))["items"]


HOSTILE_TEXT = "<script>alert(1)</script> <think> ]]> &amp; <img src=x onerror=alert(1)>"


def rss(title: str, description: str, category: str = "Agents") -> bytes:
    return (
        '<rss version="2.0"><channel><title>t</title><link>https://e.org/</link><description>d</description>'
        f"<item><title>{title}</title><link>https://e.org/p/</link><description>{description}</description>"
        f"<category>{category}</category></item></channel></rss>"
    ).encode()


def atom(title: str, content: str, kind: str = "text") -> bytes:
    return (
        '<feed xmlns="http://www.w3.org/2005/Atom"><id>https://e.org/</id><title type="text">t</title>'
        f'<entry><id>https://e.org/p/</id><title type="{kind}">{title}</title>'
        f'<content type="{kind}">{content}</content><link href="https://e.org/p/"/></entry></feed>'
    ).encode()


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_plain_text_fields_of_feeds_hold_any_text():
    """What a format declares plain text is shown as text by a reader: markup in it is no finding."""
    twice = xml_escape(xml_escape(HOSTILE_TEXT))
    assert scan_xml(rss(twice, twice, category=xml_escape(HOSTILE_TEXT)), feed=True) == []
    assert scan_xml(atom(xml_escape(HOSTILE_TEXT), xml_escape(HOSTILE_TEXT)), feed=True) == []
    assert scan_xml(atom(twice, twice, kind="html"), feed=True) == []
    item = {"id": "https://e.org/p/", "url": "https://e.org/p/", "title": HOSTILE_TEXT}
    item |= {"content_text": HOSTILE_TEXT, "summary": HOSTILE_TEXT, "tags": [HOSTILE_TEXT]}
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": HOSTILE_TEXT, "items": [item]}
    assert scan_json_document("feeds/feed.json", feed) == []
    # the same text where the format says HTML is found
    once = xml_escape(HOSTILE_TEXT)
    assert scan_xml(rss(once, "d"), feed=True) != [] and scan_xml(rss("t", once), feed=True) != []
    assert scan_xml(atom(once, "c", kind="html"), feed=True) != []
    assert scan_xml(atom("t", once, kind="html"), feed=True) != []
    assert scan_json_document("feeds/feed.json", feed | {"items": [item | {"content_html": HOSTILE_TEXT}]}) != []
    # a feed anywhere but under feeds/ is read strictly: every text and string as HTML
    assert scan_json_document("search/search_index.json", feed) != []
    assert scan_json_document("about/feed.json", feed) != []
    assert scan_xml(atom(xml_escape(HOSTILE_TEXT), "c")) != []


def test_an_unclosed_script_is_found():
    assert scan_html("<p>x</p><script>alert(1)") != []


def test_every_file_type_of_a_built_site_is_one_the_scan_reads(built_site):
    site = built_site / "site"
    # Files the theme or the overrides ship are checked by hash.
    suffixes = {
        p.suffix for p in site.rglob("*") if p.is_file() and p.relative_to(site).as_posix() not in theme_files()
    }
    pagefind = {".pf_fragment", ".pf_meta", ".pf_index", ".pf_filter", ".pagefind"}
    assert suffixes <= {".html", ".json", ".xml", ".gz", ".js", ".css", ".map", ".png", *pagefind}
    assert {".html", ".json", ".xml", ".gz"} <= suffixes
