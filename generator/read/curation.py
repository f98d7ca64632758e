"""content/entities.yml: the editor's judgements about entities, which win over the machine's.

Judgements are data (the nomenklatura `resolver.json` idea): they are read on every build, so they
persist however the summaries change. Names are matched as the merge matches them: case,
diacritics, a leading "the", hyphens and Arabic particles ("al-") do not matter.

```yaml
entities:                      # declare an entity: every summary entity named by `name` or an alias joins it
  - name: Islamic State group  # the canonical name, shown as the page title
    type: organization         # wins over the types the summaries give
    aliases: [IS, ISIS, Daesh]
    description: Jihadist group that held territory in Iraq and Syria
    slug: islamic-state-group  # fixes the page URL, entities/<slug>/
merge:                         # names that are one thing (the first is the canonical name)
  - [Syrian Observatory for Human Rights, Observatory]
split:                         # one name, several things: which articles mean which
  - name: Old City
    into:
      - {name: Old City (Mosul), articles: [2017-06-30-islamic-state-under-pressure], type: place}
      - {name: Old City (Damascus), articles: [2017-03-12-western-mosul]}
distinct:                      # names that are different things: never merged, whatever the evidence
  - [Bali, Mustefa Bali]
ignore: [Twitter]              # names that are not entities
```

A split's articles not listed under `into` keep the plain name as an entity of its own.
`briefing check` reports names that match nothing in any summary (warnings) and entries that
contradict each other (errors), each with its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.core import textio
from generator.core import yamlio
from generator.core.errors import Problem, relpath
from generator.core.models import EntityType
from generator.core.names import core_key, without_generic_suffix
from generator.core.slugs import slug as make_slug

FILE = Path("content") / "entities.yml"


class DeclaredEntity(BaseModel):
    """An entity as the editor declares it."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="the canonical name, shown as the page title")
    type: Optional[EntityType] = None
    aliases: list[str] = Field([], description="other names of the same thing, matched case-insensitively")
    description: Optional[str] = None
    slug: Optional[str] = Field(None, description="fixes the page URL (entities/<slug>/)")


class SplitPart(BaseModel):
    """One of the things a split name means, and the articles where it means that."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(description="the canonical name of this thing")
    articles: list[str] = Field(description="ids of the articles whose mentions of the split name mean this thing; "
                                "'<id>#p<n>' for one paragraph where an article names both things")
    type: Optional[EntityType] = None
    description: Optional[str] = None
    slug: Optional[str] = None


class Split(BaseModel):
    """A name that means different things in different articles."""

    model_config = ConfigDict(extra="forbid")
    name: str
    into: list[SplitPart] = Field(min_length=1)


class Curation(BaseModel):
    """Everything entities.yml says."""

    model_config = ConfigDict(extra="forbid")
    entities: list[DeclaredEntity] = []
    merge: list[list[str]] = Field([], description="groups of names that are one thing; the first is canonical")
    split: list[Split] = Field([], description="names that mean different things in different articles")
    distinct: list[list[str]] = Field([], description="groups of names that are different things, never merged")
    ignore: list[str] = Field([], description="names that are not entities")

    def model_post_init(self, context: Any) -> None:
        """Index every name once: name key -> anchor (the first judgement naming it wins).

        Plain attributes, not pydantic private ones: the merge asks once per summary entity, and
        pydantic's private-attribute lookup costs more than the answer.
        """
        object.__setattr__(self, "_anchors", {})
        object.__setattr__(self, "_declared", {})
        for i, entity in enumerate(self.entities):
            anchor = f"entity:{i}"
            self._declared[anchor] = entity
            for name in [entity.name, *entity.aliases]:
                self._anchors.setdefault(core_key(name), anchor)
        for i, entity in enumerate(self.entities):  # "Islamic State" names the declared "Islamic State group"
            for name in [entity.name, *entity.aliases]:
                short = without_generic_suffix(name)
                if short:
                    self._anchors.setdefault(short, f"entity:{i}")
        for j, group in enumerate(self.merge):
            anchor = next((self._anchors[core_key(x)] for x in group if core_key(x) in self._anchors), f"merge:{j}")
            if anchor not in self._declared and group:
                self._declared[anchor] = DeclaredEntity(name=group[0])
            for name in group:
                self._anchors.setdefault(core_key(name), anchor)
        for i, split in enumerate(self.split):
            for k, part in enumerate(split.into):
                self._declared[f"split:{i}:{k}"] = DeclaredEntity(
                    name=part.name, type=part.type, description=part.description, slug=part.slug
                )
        object.__setattr__(self, "_ignored", {core_key(x) for x in self.ignore})

    def is_ignored(self, name: str) -> bool:
        """True for names the editor has said are not entities."""
        return core_key(name) in self._ignored

    def anchor_for(self, names: Iterable[str]) -> Optional[str]:
        """The editor's entity these names belong to (the first name that is declared decides)."""
        for name in names:
            anchor = self._anchors.get(core_key(name))
            if anchor:
                return anchor
        return None

    def split_for(self, names: list[str], article: str) -> list[tuple[str, str, Optional[set[int]]]]:
        """[(anchor, split name, paragraphs or None for all)] for the parts of a split name this article is given."""
        if not self.split:
            return []
        keys = {core_key(x) for x in names}
        found = []
        for i, split in enumerate(self.split):
            if core_key(split.name) not in keys:
                continue
            name = next(x for x in names if core_key(x) == core_key(split.name))
            for k, part in enumerate(split.into):
                for entry in part.articles:
                    article_id, _, paragraph = entry.partition("#p")
                    if article_id != article:
                        continue
                    if not paragraph:
                        found.append((f"split:{i}:{k}", name, None))
                    elif paragraph.isdigit():
                        found.append((f"split:{i}:{k}", name, {int(paragraph)}))
        return found

    def declared_for(self, name: str) -> Optional[DeclaredEntity]:
        """The entity the editor declared under `entities:` that a name (or alias) belongs to."""
        anchor = self.anchor_for([name])
        return self._declared.get(anchor) if anchor and anchor.startswith("entity:") else None

    def declared(self, anchor: Optional[str]) -> Optional[DeclaredEntity]:
        """The declared entity (or merge group, or split part) behind an anchor."""
        return self._declared.get(anchor) if anchor else None

    def distinct_pairs(self) -> list[tuple[str, str]]:
        """Every pair of names the editor keeps apart."""
        return [(a, b) for group in self.distinct for i, a in enumerate(group) for b in group[i + 1 :]]


def load(root: Path) -> tuple[Curation, list[Problem]]:
    """Read DIR/content/entities.yml (absent: no judgements); problems name the file, line and field."""
    path = root / FILE
    if not path.is_file():
        return Curation(), []
    name = relpath(path, root)
    try:
        text = textio.decode(path.read_bytes())
        data = yamlio.load(text)
    except textio.NotText as exc:
        return Curation(), [Problem(name, str(exc))]
    except yamlio.YamlProblem as exc:
        return Curation(), [Problem(name, exc.reason, line=exc.line)]
    if data is None:
        return Curation(), []
    if not isinstance(data, dict):
        return Curation(), [Problem(name, "expected a mapping with entities:, merge:, split:, distinct: and ignore:", line=1)]
    lines = line_numbers(text)
    try:
        curation = Curation.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            field = ".".join(str(p) for p in loc)
            reason = "unknown field" if err.get("type") == "extra_forbidden" else err["msg"]
            problems.append(Problem(name, reason, line=_line(lines, loc), field=field))
        return Curation(), problems
    return curation, conflicts(curation, name, lines)


def line_numbers(text: str) -> dict[tuple, int]:
    """The 1-based line of every node of a YAML document, by its path: ('entities', 0, 'aliases', 2) -> 7."""
    lines: dict[tuple, int] = {}

    def walk(node: yaml.Node, path: tuple) -> None:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, path + (key.value,))
                lines[path + (key.value,)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + (i,))

    try:
        root = yaml.compose(text, Loader=yamlio.DataLoader)
    except (yaml.YAMLError, yamlio.YamlProblem):
        return lines
    if root is not None:
        walk(root, ())
    return lines


def _line(lines: dict[tuple, int], loc: tuple) -> Optional[int]:
    """The line of a path, or of its nearest ancestor that has one."""
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return None


def _named(curation: Curation) -> list[tuple[tuple, str]]:
    """Every name entities.yml uses, with its path in the document."""
    found: list[tuple[tuple, str]] = []
    for i, e in enumerate(curation.entities):
        found.append((("entities", i, "name"), e.name))
        found += [(("entities", i, "aliases", k), a) for k, a in enumerate(e.aliases)]
    for j, group in enumerate(curation.merge):
        found += [(("merge", j, k), x) for k, x in enumerate(group)]
    for j, split in enumerate(curation.split):
        found.append((("split", j, "name"), split.name))
    for j, group in enumerate(curation.distinct):
        found += [(("distinct", j, k), x) for k, x in enumerate(group)]
    found += [(("ignore", k), x) for k, x in enumerate(curation.ignore)]
    return found


def conflicts(curation: Curation, file: str, lines: dict[tuple, int]) -> list[Problem]:
    """Entries that contradict each other: one name in two entities, merged and kept apart, merged and ignored."""
    problems: list[Problem] = []

    def report(path: tuple, reason: str) -> None:
        problems.append(Problem(file, reason, line=_line(lines, path), field=".".join(str(p) for p in path)))

    owner: dict[str, tuple[tuple, int]] = {}  # name key -> (path, declared entity index)
    for i, e in enumerate(curation.entities):
        for path, name in [(("entities", i, "name"), e.name)] + [(("entities", i, "aliases", k), a) for k, a in enumerate(e.aliases)]:
            key = core_key(name)
            if key in owner and owner[key][1] != i:
                report(path, f"'{name}' is already a name of '{curation.entities[owner[key][1]].name}' (line {_line(lines, owner[key][0])})")
            owner.setdefault(key, (path, i))
    for j, group in enumerate(curation.merge):
        owners = {owner[core_key(x)][1] for x in group if core_key(x) in owner}
        if len(owners) > 1:
            report(("merge", j), "merges two declared entities: " + " and ".join(f"'{curation.entities[i].name}'" for i in sorted(owners)))
    together = _together(curation)
    for j, group in enumerate(curation.distinct):
        keys = [core_key(x) for x in group]
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                if keys[a] == keys[b] or (together.get(keys[a]) is not None and together.get(keys[a]) == together.get(keys[b])):
                    report(("distinct", j), f"'{group[a]}' and '{group[b]}' are declared one entity and kept apart")
    ignored = {core_key(x) for x in curation.ignore}
    for path, name in _named(curation):
        if path[0] != "ignore" and core_key(name) in ignored:
            report(path, f"'{name}' is also in ignore:")
    seen_slugs: dict[str, tuple] = {}
    slugs = [(("entities", i, "slug"), e.slug) for i, e in enumerate(curation.entities)]
    slugs += [(("split", j, "into", k, "slug"), p.slug) for j, s in enumerate(curation.split) for k, p in enumerate(s.into)]
    for path, value in slugs:
        if value is None:
            continue
        if make_slug(value) != value:
            report(path, f"'{value}' is not a slug (lowercase letters, digits and hyphens): try '{make_slug(value)}'")
        elif value in seen_slugs:
            report(path, f"slug '{value}' is already used (line {_line(lines, seen_slugs[value])})")
        seen_slugs.setdefault(value, path)
    for j, split in enumerate(curation.split):
        where: dict[str, int] = {}
        for k, part in enumerate(split.into):
            for m, article in enumerate(part.articles):
                if article in where and where[article] != k:
                    report(("split", j, "into", k, "articles", m), f"article '{article}' is already given to '{split.into[where[article]].name}'")
                where.setdefault(article, k)
    return problems


def _together(curation: Curation) -> dict[str, str]:
    """Name key -> the entity or merge group holding it (names declared to be one thing)."""
    groups: dict[str, str] = {}
    for i, e in enumerate(curation.entities):
        for name in [e.name, *e.aliases]:
            groups.setdefault(core_key(name), f"entity:{i}")
    for j, group in enumerate(curation.merge):
        anchor = next((groups[core_key(x)] for x in group if core_key(x) in groups), f"merge:{j}")
        for name in group:
            groups.setdefault(core_key(name), anchor)
    return groups


def unmatched(curation: Curation, known: set[str], article_ids: set[str], file: str, lines: dict[tuple, int]) -> list[Problem]:
    """Warnings for names that match no entity of any summary, and split articles that do not exist.

    `known` holds the name keys (`names.core_key`) of every entity name and alias in the summaries.
    """
    problems = []
    for path, name in _named(curation):
        if path[0] == "ignore" or path[-1] == "name" and path[0] == "entities":
            continue  # a declared canonical name need not occur: the editor may spell it out
        if core_key(name) not in known and without_generic_suffix(name) not in known:
            problems.append(Problem(file, f"'{name}' matches no entity in any summary", line=_line(lines, path),
                                    field=".".join(str(p) for p in path), warning=True))
    for j, split in enumerate(curation.split):
        for k, part in enumerate(split.into):
            for m, article in enumerate(part.articles):
                article_id, _, paragraph = article.partition("#p")
                if article_id not in article_ids or (paragraph and not paragraph.isdigit()):
                    path = ("split", j, "into", k, "articles", m)
                    problems.append(Problem(file, f"no article has the id '{article}'", line=_line(lines, path),
                                            field=".".join(str(p) for p in path), warning=True))
    return problems


def unmatched_names(root: Path, known: set[str], article_ids: set[str]) -> list[Problem]:
    """Warnings for entities.yml names that match nothing (none if the file is missing or has errors)."""
    curation, problems = load(root)
    path = root / FILE
    if problems or not path.is_file():
        return []
    text = textio.decode(path.read_bytes())
    return unmatched(curation, known, article_ids, relpath(path, root), line_numbers(text))
