"""Markdown extensions: ``mkdocs.yml`` enables only an allowlist, with only allowed options.

None of the allowed extensions reads files or lets page text set attributes. The escaping of
untrusted text does not depend on this list (``test_escaping_property.py`` renders random text
through every installed extension at once); the allowlist is a second wall, and it keeps
hand-written pages and curators' notes from reaching those features too. The extensions refused
below are shown doing what they are refused for, on raw text. Raw HTML passes through
Python-Markdown itself whatever the extensions: that is why untrusted text is always escaped.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import material
import pytest
from bs4 import BeautifulSoup
from mkdocs.utils import yaml_load
from test_escaping_property import project_config, project_markdown, to_html

from generator.text import escape_markdown

ROOT = Path(__file__).resolve().parent.parent

# Extension -> the options it may be given. MkDocs adds toc, tables and fenced_code itself.
ALLOWED = {
    "toc": {"permalink"},
    "tables": set(),
    "fenced_code": set(),
    "admonition": set(),
    "pymdownx.details": set(),
    "pymdownx.superfences": set(),  # custom_fences would run formatters on page text: not allowed
}

MATERIAL = Path(material.__file__).parent / "templates"


def handler(soup: BeautifulSoup) -> bool:
    """Some element carries an ``on...`` event handler attribute."""
    return any(name.startswith("on") for element in soup.find_all(True) for name in element.attrs)


# Extension -> (why it is refused, raw text, how to see it did that, its options). Shown on raw
# text; escaped text never triggers any of them.
REFUSED = {
    "pymdownx.snippets": (
        "reads files into the page",
        '--8<-- "mkdocs.yml"',
        lambda soup: "site_name" in soup.get_text(),
        {"base_path": [str(ROOT)]},
    ),
    "pymdownx.b64": (
        "reads local files into the page",
        "![x](assets/images/favicon.png)",
        lambda soup: any(img["src"].startswith("data:") for img in soup.find_all("img")),
        {"base_path": str(MATERIAL)},
    ),
    "attr_list": ("lets text set attributes", 'A paragraph.\n{: onclick="alert(1)" }', handler, {}),
    "legacy_attrs": ("lets text set attributes", "![x](x.png){@onerror=alert(1)}", handler, {}),
    "pymdownx.bracketspan": ("lets text set attributes (with attr_list)", "[x]{: onclick=alert(1)}", handler, {}),
    "md_in_html": (
        "lets text keep raw HTML and run Markdown inside it",
        '<div markdown="1" onclick="alert(1)">*x*</div>',
        handler,
        {},
    ),
    "pymdownx.blocks.html": (
        "lets text create any element with any attribute",
        '/// html | div[onclick="alert(1)"]\nx\n///',
        handler,
        {},
    ),
    "extra": ("bundles attr_list and md_in_html", 'A paragraph.\n{: onclick="alert(1)" }', handler, {}),
    "pymdownx.extra": ("bundles attr_list and md_in_html", 'A paragraph.\n{: onclick="alert(1)" }', handler, {}),
    "pymdownx.magiclink": (
        "turns bare text into links, ftp: and mailto: ones too",
        "see ftp://example.org/x now",
        lambda soup: bool(soup.find("a", href="ftp://example.org/x")),
        {},
    ),
}


def short(name: str) -> str:
    """An extension's name as the allowlist writes it (``markdown.extensions.toc`` -> ``toc``)."""
    return name.split(":", maxsplit=1)[0].removeprefix("markdown.extensions.")


def configured() -> list[tuple[str, dict]]:
    """``mkdocs.yml``'s ``markdown_extensions`` as written: ``[(name, options)]``."""
    with open(ROOT / "mkdocs.yml", "rb") as file:
        entries = yaml_load(file).get("markdown_extensions", [])
    return [next(iter(e.items())) if isinstance(e, dict) else (e, {}) for e in entries]


def test_mkdocs_yml_lists_only_allowed_extensions_with_allowed_options():
    for name, options in configured():
        assert short(name) in ALLOWED, f"{name} is not on the allowlist in tests/test_markdown_policy.py"
        assert set(options or {}) <= ALLOWED[short(name)], f"{name}: options {sorted(options)} not allowed"


def test_the_configuration_mkdocs_builds_with_holds_only_allowed_extensions():
    config = project_config()
    assert {short(name) for name in config.markdown_extensions} <= set(ALLOWED)
    for name, options in config.mdx_configs.items():
        assert set(options) <= ALLOWED[short(name)], name
    assert not set(map(short, config.markdown_extensions)) & set(REFUSED)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_refused_extension_does_what_it_is_refused_for_and_escaping_stops_it(name):
    why, raw, effect, options = REFUSED[name]
    extensions = ["attr_list", name] if name == "pymdownx.bracketspan" else [name]
    converter = markdown.Markdown(extensions=extensions, extension_configs={name: options})
    assert effect(BeautifulSoup(to_html(converter, raw), "html.parser")), why
    assert not effect(BeautifulSoup(to_html(converter, escape_markdown(raw)), "html.parser"))


@pytest.mark.parametrize("name", sorted(set(REFUSED) - {"md_in_html"}))
def test_the_projects_extensions_do_none_of_it_even_on_raw_text(name):
    _, raw, effect, _ = REFUSED[name]
    assert not effect(BeautifulSoup(to_html(project_markdown(), raw), "html.parser"))


def test_raw_html_passes_through_markdown_itself_which_is_why_text_is_escaped():
    raw = '<script>alert(1)</script>\n\n<div onclick="alert(1)">x</div>'
    assert BeautifulSoup(to_html(project_markdown(), raw), "html.parser").find("script")
    escaped = BeautifulSoup(to_html(project_markdown(), escape_markdown(raw)), "html.parser")
    assert not escaped.find("script") and not handler(escaped)
