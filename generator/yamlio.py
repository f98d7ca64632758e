"""YAML as data: safe loading only, dates kept as text, duplicate keys and alias bombs refused."""

from __future__ import annotations

from typing import Any

import yaml

MAX_ALIASES = 100  # real front matter uses none; a "billion laughs" document needs thousands


class YamlProblem(Exception):
    """A YAML document that is not plain data; `line` is 1-based within the document."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


class DataLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings (validated later, with the field name) and counts aliases."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._aliases = 0

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise YamlProblem(f"more than {MAX_ALIASES} YAML aliases (expansion bomb?)", mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: D102 - PyYAML hook
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise YamlProblem("a mapping key must be plain text", key_node.start_mark.line + 1) from None
            if key in seen:
                raise YamlProblem(
                    f"duplicate key '{key}' (first on line {seen[key]})", key_node.start_mark.line + 1
                )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


# Dates stay strings: `published: 2017-02-30` must reach validation as text, not crash the loader.
DataLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str) -> Any:
    """Parse one YAML document as plain data, or raise YamlProblem with the line."""
    try:
        return yaml.load(text, Loader=DataLoader)  # noqa: S506 - DataLoader is a SafeLoader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = (exc.problem or exc.context or "invalid YAML").strip()
        if "could not determine a constructor" in str(exc):
            reason = f"unsupported YAML tag ({reason.split('tag')[-1].strip() or 'tag'}): only plain data is allowed"
        raise YamlProblem(reason, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(str(exc).splitlines()[0]) from None
    except RecursionError:
        raise YamlProblem("YAML nested too deeply") from None


class _Dumper(yaml.SafeDumper):
    """Block style for structure, flow style for short lists of plain values ([1, 4, 7]): easy to edit."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = bool(data) and all(isinstance(v, (int, float)) or isinstance(v, str) and len(v) < 40 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump(data: Any) -> str:
    """Write plain data as YAML, keys in the given order, Unicode as is."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
