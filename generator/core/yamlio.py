"""YAML as data: safe loading only, dates kept as text, duplicate keys and alias bombs refused.

Only the plain data types are accepted (text, numbers, booleans, null, lists, mappings). Explicit
tags (`!!python/object`, `!!binary`, `!!set`, `!!timestamp`, `!custom`) are reported with their line,
and a document whose aliases would expand beyond MAX_EXPANDED_NODES is refused before it is built.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import yaml

MAX_ALIASES = 100  # real front matter uses none; a "billion laughs" document needs many
# A summary file of a long article has a few thousand nodes (about 12 per event or entity); a
# "billion laughs" document expands to billions. 100,000 leaves room for any real file.
MAX_EXPANDED_NODES = 100_000
MAX_DEPTH = 50  # summaries nest 4 levels deep; PyYAML's recursive composer overflows near 1,000

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_TAG_IN_MESSAGE = re.compile(r"'([^']+)'")

LineMap = dict[tuple, int]  # path of keys/indexes (("entities", 2, "type")) -> 1-based line


class YamlProblem(Exception):
    """A YAML document that is not plain data; `line` is 1-based within the document."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class DataLoader(yaml.SafeLoader):
    """SafeLoader for plain data: dates stay strings, unknown tags and duplicate keys are problems."""

    def __init__(self, stream: str, first_line: int = 1):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0
        self._offset = first_line - 1  # the document's first line in its file

    def file_line(self, node_or_mark) -> int:
        """The file line (1-based) of a node or a mark."""
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        return mark.line + 1 + self._offset

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlProblem(f"more than {MAX_ALIASES} YAML aliases (expansion bomb?)", self.file_line(mark))
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", self.file_line(self.peek_event()))
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):  # noqa: D102 - PyYAML hook
        if node.tag not in ALLOWED_TAGS:
            raise YamlProblem(
                f"unsupported YAML tag {_short_tag(node.tag)}: only plain data (text, numbers, lists, mappings) is allowed",
                self.file_line(node),
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:  # `!!int abc`: a core tag on a value it cannot take
            raise YamlProblem(f"invalid {_short_tag(node.tag)} value: {exc}", self.file_line(node)) from None

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _CORE + "merge":
                continue  # `<<: *base` merge keys: resolved by the safe loader, explicit keys win
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlProblem("a mapping key must be plain text", self.file_line(key_node)) from None
            if key in seen:
                raise YamlProblem(f"duplicate key '{key}' (first on line {seen[key]})", self.file_line(key_node))
            seen[key] = self.file_line(key_node)
        return super().construct_mapping(node, deep=deep)


# Dates stay strings: `published: 2017-02-30` must reach validation as text, not crash the loader.
# `=` is read as text too (YAML 1.1's "value" type has no constructor in the safe loader).
DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_CORE + "timestamp", _CORE + "value")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _expanded_size(root: yaml.Node, line: Callable[[yaml.Node], int]) -> int:
    """How many nodes the document has once every alias is expanded, counted without expanding it;
    YamlProblem past MAX_EXPANDED_NODES or for an alias inside its own anchor."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise YamlProblem("a YAML alias refers to the collection that contains it", line(node))
        open_nodes.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        open_nodes.discard(key)
        if total > MAX_EXPANDED_NODES:  # reported at the first collection that crosses the limit
            raise YamlProblem(f"YAML aliases expand to more than {MAX_EXPANDED_NODES:,} values (expansion bomb?)", line(node))
        sizes[key] = total
        return total

    return size(root)


def _line_map(root: yaml.Node, line: Callable[[yaml.Node], int]) -> LineMap:
    """The line of every key and list item, keyed by its path in the data."""
    lines: LineMap = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    child = path + (key_node.value,)
                    lines.setdefault(child, line(key_node))
                    walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines.setdefault(path + (index,), line(item))
                walk(item, path + (index,))

    walk(root, ())
    return lines


def _parse(text: str, first_line: int) -> tuple[Any, LineMap]:
    loader = DataLoader(text, first_line)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _expanded_size(node, loader.file_line)
        lines = _line_map(node, loader.file_line)  # before construction, which flattens `<<` merges in place
        return loader.construct_document(node), lines
    finally:
        loader.dispose()


def load_with_lines(text: str, first_line: int = 1) -> tuple[Any, LineMap]:
    """Parse one YAML document as plain data, with the file line of every field; or raise YamlProblem.

    `first_line` is the file line the document starts on (front matter starts on line 2), so every
    line in a problem or in the map is a line of the file.
    """
    try:
        return _parse(text, first_line)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = ", ".join(part.strip() for part in (exc.context, exc.problem) if part) or "invalid YAML"
        raise YamlProblem(f"invalid YAML: {reason}", mark.line + first_line if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep") from None


def load(text: str) -> Any:
    """Parse one YAML document as plain data, or raise YamlProblem with the line."""
    return load_with_lines(text)[0]


def line_of(lines: LineMap, path: tuple) -> int | None:
    """The line of a field, or of the nearest enclosing field that has one."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


# libyaml's emitter when PyYAML was built with it (its wheels are): the same text, 5x faster than the
# pure-Python one (writing a summary took 25 ms of a seed article's 130 ms; compared on the seed files).
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):
    """Block style for structure, flow style for short lists of plain values ([1, 4, 7]): easy to edit."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # never write anchors: our own reader refuses documents built on them


def _represent_list(dumper: Any, data: list) -> yaml.Node:
    flow = bool(data) and all(isinstance(v, (int, float)) or isinstance(v, str) and len(v) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump(data: Any) -> str:
    """Write plain data as YAML, keys in the given order, Unicode as is."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
