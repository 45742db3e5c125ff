"""YAML front matter for generated pages. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Mapping

import yaml

_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present


class _FrontMatterDumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """``yaml.SafeDumper`` that double-quotes strings holding a YAML line break other than ``\\n``
    (NEL, U+2028, U+2029): PyYAML may write NEL raw in other styles, where it reads back changed."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FrontMatterDumper.add_representer(str, _represent_str)


def front_matter(meta: Mapping[str, object]) -> str:
    """Return a YAML front matter block for ``meta``; string values must already be escaped for
    HTML. Every value round-trips through ``yaml.safe_load`` unchanged."""
    dumped = yaml.dump(meta, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=1_000_000_000)
    return f"---\n{dumped}---\n\n"
