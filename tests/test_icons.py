"""The theme's icons as one SVG sprite: ``overrides/assets/icons/icons.svg`` is Material's icons.

Material inlines each icon's SVG into every page (about 4 KB a page); the templates in
``overrides/`` instead write ``<svg><use href=".../icons.svg#name"/></svg>``
(``overrides/partials/icon.html``), and the sprite holds each icon once, as a ``<symbol>``.
These tests check that the committed sprite is ``sprite(...)`` of Material's own icon files and
that every icon the templates name is in it. After upgrading Material, or to add an icon::

    python tests/test_icons.py   # rewrites overrides/assets/icons/icons.svg
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import material
import pytest

ROOT = Path(__file__).resolve().parent.parent
SPRITE = ROOT / "overrides" / "assets" / "icons" / "icons.svg"
MATERIAL_ICONS = Path(material.__file__).parent / "templates" / ".icons"

# Every icon the templates use (Material's defaults for the icons mkdocs.yml does not set).
ICONS = (
    "material/library",
    "material/weather-night",
    "material/weather-sunny",
    "material/magnify",
    "material/arrow-left",
    "material/close",
    "material/menu",
    "material/file-edit-outline",
    "material/file-eye-outline",
    "material/arrow-up",
    "fontawesome/brands/git-alt",
)
_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([0-9 .]+)">(.*)</svg>\s*\Z', re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def symbol_id(icon: str) -> str:
    """The sprite's id of ``icon`` (``material/magnify`` -> ``material-magnify``)."""
    return icon.replace("/", "-")


def sprite(sources: Mapping[str, str]) -> str:
    """Return the sprite of ``sources`` (``{icon name: its SVG file text}``, Material's
    ``.icons/<name>.svg``), one ``<symbol>`` per icon with its ``viewBox``; licence comments
    are kept once at the top. Raises ``ValueError`` naming an icon whose file is not one
    ``<svg viewBox>`` element."""
    notices, symbols = [], []
    for name, source in sources.items():
        found = _SVG.match(source.strip())
        if found is None:
            raise ValueError(f"expected {name} to be one <svg viewBox=...> element, found {source[:80]!r}")
        notices += _COMMENT.findall(found.group(2))
        body = _COMMENT.sub("", found.group(2))
        symbols.append(f'<symbol id="{symbol_id(name)}" viewBox="{found.group(1)}">{body}</symbol>')
    head = "".join(dict.fromkeys(notices))
    return f'<svg xmlns="http://www.w3.org/2000/svg">{head}\n' + "\n".join(symbols) + "\n</svg>\n"


def material_sprite() -> str:
    """The sprite of ``ICONS`` as Material's installed icon files draw them."""
    return sprite({name: (MATERIAL_ICONS / f"{name}.svg").read_text(encoding="utf-8") for name in ICONS})


def test_the_committed_sprite_is_materials_icons():
    assert SPRITE.read_text(encoding="utf-8") == material_sprite(), "run: python tests/test_icons.py"


def test_every_icon_the_templates_name_is_in_the_sprite_and_none_is_inline():
    named = set()
    for template in (ROOT / "overrides").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert '".icons/"' not in text, f"{template}: an icon inline; use partials/icon.html"
        named |= set(re.findall(r'or "((?:material|fontawesome)/[a-z0-9/-]+)"', text))
    assert named <= set(ICONS), named - set(ICONS)
    assert {"material/weather-night", "material/weather-sunny"} <= set(ICONS)  # mkdocs.yml's palette toggles
    ids = re.findall(r'<symbol id="([^"]+)"', SPRITE.read_text(encoding="utf-8"))
    assert ids == [symbol_id(name) for name in ICONS]


def test_each_reference_has_its_icons_view_box():
    partial = (ROOT / "overrides" / "partials" / "icon.html").read_text(encoding="utf-8")
    boxes = dict(re.findall(r'"([a-z/-]+)": "([0-9 ]+)"', partial))
    sprite_boxes = dict(re.findall(r'<symbol id="([^"]+)" viewBox="([^"]+)"', SPRITE.read_text(encoding="utf-8")))
    for name in ICONS:
        assert sprite_boxes[symbol_id(name)] == boxes.get(name, "0 0 24 24"), name


def test_sprite_refuses_a_file_that_is_not_one_svg_element():
    with pytest.raises(ValueError, match="material/x"):
        sprite({"material/x": "<svg><script>alert(1)</script>"})


if __name__ == "__main__":
    SPRITE.write_text(material_sprite(), encoding="utf-8")
