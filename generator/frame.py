"""The paper-page frame: the theme's page rendered once, then filled in for every paper.

Pure, no I/O. Every paper page lives at the same depth (``papers/<slug>/``) and differs from the
next only in its title, description, address and body; rendering Material's template
tree for each of 50,000 of them was about a third of a build. The reading-list plugin renders
the template once for a probe page whose differing values are the ``SLOTS`` markers
(``plugin.py``), keeps the result as a ``Frame`` and fills it for each paper page; the result is
byte for byte what the template renders for that page, with ``tight`` applied
(``tests/test_frame.py`` compares every paper page of a site built both ways).

``tight`` removes the indentation, blank lines and line breaks between tags that templates
leave: every run of whitespace that holds a line break goes when it lies between two tags, and
becomes one line break elsewhere (next to text). That changes nothing a reader sees: on a paper
page such a run only ever separates blocks, flex items (the header's buttons, the tabs) or the
start or end of a line, where a browser shows no space (screenshots of paper pages before and
after this rule were pixel-identical); between text and a tag the line break stays, as a space;
spaces without a line break (``<a>x</a> <a>y</a>``) stay as they are; paper page bodies have no
line break inside ``<pre>``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# Marker text for each value that differs between paper pages, as the probe page carries it.
# Words, spaces and a final "&": printed raw it stays, printed through ``striptags | e`` (the
# share card) it ends in "&amp;", which is the ``<name>_text`` slot.
SLOTS = {
    "title": "READING LIST FRAME TITLE&",
    "description": "READING LIST FRAME DESCRIPTION&",
    "canonical_url": "READING LIST FRAME URL&",
    # Material adds a heading to a body without one: the probe's body has one, as every
    # paper page's has (the plugin renders a page without one the usual way). It starts and
    # ends with a tag, as every paper page's body does, so that ``tight`` drops the line breaks
    # around it as it does around the body.
    "content": "<h1>READING LIST FRAME CONTENT&</h1>",
}
_MARKERS = {f"{m}amp;": f"{n}_text" for n, m in SLOTS.items()} | {m: n for n, m in SLOTS.items()}
_TAG_LINE_SPACE = re.compile(r">[ \t\r\f\v]*\n\s*<")
_LINE_SPACE = re.compile(r"[ \t\r\f\v]*\n\s*")
_SLOT = re.compile("|".join(re.escape(marker) for marker in _MARKERS))  # "&amp;" forms first


def tight(html: str) -> str:
    """``html`` with every run of whitespace that holds a line break removed between two tags,
    and made one ``\\n`` next to text."""
    return _LINE_SPACE.sub("\n", _TAG_LINE_SPACE.sub("><", html))


@dataclass(frozen=True)
class Frame:
    """A rendered page cut at its slots: ``parts[0] + value(slots[0]) + parts[1] + ...``."""

    parts: tuple[str, ...]
    slots: tuple[str, ...]


def make_frame(rendered: str, required: tuple[str, ...] = ("title", "content")) -> Frame | None:
    """Cut ``rendered`` (the template's output for the probe page, ``tight``) at its ``SLOTS``
    markers; ``None`` when a ``required`` slot is missing (the page must then be rendered the
    usual way)."""
    pieces = _SLOT.split(rendered)
    slots = tuple(_MARKERS[m] for m in _SLOT.findall(rendered))
    if not set(required) <= set(slots):
        return None
    return Frame(tuple(pieces), slots)


def fill(frame: Frame, values: Mapping[str, str]) -> str:
    """The page for ``values`` (a value for each of the frame's slots, as the template prints
    it)."""
    out = [frame.parts[0]]
    for slot, part in zip(frame.slots, frame.parts[1:], strict=True):
        out.append(values[slot])
        out.append(part)
    return "".join(out)
