"""Read curator-edited YAML safely, keeping the line of every value.

``load_yaml(text, source)`` is pure. It differs from ``yaml.safe_load`` where hand-written YAML
bites (see YAML 1.1): every scalar stays the string it was written as (``2401.10010``, ``no``,
``null`` are strings; the schema of each file decides what is a boolean), a duplicate key is an
error instead of silently keeping the last, and anchors, aliases and explicit tags are refused.
"""

from __future__ import annotations

from typing import ClassVar

import yaml

from .model import Problem


class Text(str):
    """A YAML scalar: the string as written, with ``line`` (1-based) where it stands."""

    line: int = 0


class Mapping(dict[str, object]):
    """A YAML mapping with ``line`` (1-based) of its first key; keys are ``Text``."""

    line: int = 0


class Sequence(list[object]):
    """A YAML sequence with ``line`` (1-based) of its first item."""

    line: int = 0


def line_of(value: object, default: int = 0) -> int:
    """The 1-based line where a loaded YAML value stands (``default`` for values without one)."""
    line = getattr(value, "line", default)
    return line if isinstance(line, int) else default


def shown(value: object) -> str:
    """A loaded YAML value as an error message quotes it after "found": ``nothing`` for a value
    left out (or written as nothing), ``a list of 2 items`` or ``a mapping with the keys name, rules``, or the
    text quoted (``'maybe'``)."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return f"a list of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, dict):
        return f"a mapping with the keys {', '.join(map(str, value))}" if value else "an empty mapping"
    return repr(str(value))


# Deepest nesting of lists and mappings a content file may have (curation needs 2, the
# taxonomy 4). PyYAML composes nodes recursively: 5,000 "[" raised RecursionError.
MAX_DEPTH = 20


class _Loader(yaml.SafeLoader):
    """SafeLoader without implicit typing, refusing aliases, tags, duplicate keys and nesting
    deeper than ``MAX_DEPTH``."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, object]]]] = {}  # type: ignore[misc]
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Compose a node, refusing aliases and anchors (they would let a small file expand)
        and nesting deeper than ``MAX_DEPTH`` (checked before going one level deeper)."""
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) and self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(
                problem=f"expected lists and mappings nested at most {MAX_DEPTH} deep, found deeper nesting",
                problem_mark=event.start_mark,  # type: ignore[arg-type]
            )
        if isinstance(event, yaml.AliasEvent):
            raise yaml.MarkedYAMLError(
                problem="found an alias (*name); write the value out instead",
                problem_mark=event.start_mark,  # type: ignore[arg-type]
            )
        if getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem="found an anchor (&name); write the value out instead", problem_mark=event.start_mark
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _scalar(loader: _Loader, node: yaml.Node) -> Text:
    if node.tag not in ("tag:yaml.org,2002:str", "?", "!"):
        raise yaml.MarkedYAMLError(
            problem=f"expected plain values, found the YAML tag {node.tag!r}", problem_mark=node.start_mark
        )
    value = Text(node.value)
    value.line = node.start_mark.line + 1
    return value


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    result = Sequence(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


def _mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    result = Mapping()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.MarkedYAMLError(
                problem="expected a plain key, found a complex key", problem_mark=key_node.start_mark
            )
        if key in result:
            first = next(k for k in result if k == key)
            raise yaml.MarkedYAMLError(
                problem=f"found the key {str(key)!r} a second time (first at line {line_of(first)}); each key may appear once",
                problem_mark=key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor("tag:yaml.org,2002:str", _scalar)
_Loader.add_constructor("tag:yaml.org,2002:seq", _sequence)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)
_Loader.add_constructor(None, _scalar)


def load_yaml(text: str, source: str) -> tuple[object, list[Problem]]:
    """Parse ``text`` (a YAML document from ``source``) into ``Mapping``/``Sequence``/``Text``.

    Returns ``(data, [])``, or ``(None, [problem])`` naming the line of the first syntax error,
    duplicate key, alias, anchor or tag. An empty document gives ``(None, [])``.
    """
    try:
        return yaml.load(text, Loader=_Loader), []  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        return None, [Problem(source, line, f"invalid YAML: {err.problem}")]
    except yaml.YAMLError as err:
        return None, [Problem(source, 0, f"invalid YAML: {err}")]


def check_keys(mapping: Mapping, allowed: dict[str, str], source: str, what: str) -> list[Problem]:
    """Report every key of ``mapping`` not in ``allowed`` (name -> one-line meaning)."""
    names = ", ".join(allowed)
    return [
        Problem(source, line_of(key), f"unknown field {str(key)!r} in {what}; expected one of: {names}")
        for key in mapping
        if key not in allowed
    ]
