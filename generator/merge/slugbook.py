"""content/slugs.yml: the entity page addresses handed out so far, so that a page keeps its URL.

Why a file and not a slug derived from the name: the canonical name of an entity is chosen from the
evidence and may change when articles are added ("Islamic State" becomes "Islamic State group"), and
no key derived from the names alone survives every change. The book records, for each slug, the
names (as `names.core_key` keys) of the entity it was given to. On the next build an entity takes
the slug whose recorded names overlap its own the most; a new entity gets a new slug, suffixed
-2, -3... past every slug ever recorded, so a URL never starts to mean a different thing. Slugs of
entities that disappear stay in the book (their names come back with their articles).
The editor's `slug:` in entities.yml wins over the book. `briefing build` writes the file only when
it changes; commit it with the content.
"""

from __future__ import annotations

from pathlib import Path

from generator.core import textio
from generator.core import yamlio
from generator.core.errors import Problem, relpath
from generator.core.models import Entity
from generator.core.names import core_key
from generator.core.slugs import SlugRegistry, slug as make_slug

FILE = Path("content") / "slugs.yml"
HEADER = (
    "# Entity page addresses (entities/<slug>/) and the names each was given for, kept so a page keeps\n"
    "# its URL as articles are added. Written by `briefing build`; commit it with the content.\n"
)

Book = dict[str, list[str]]


def load(root: Path) -> tuple[Book, list[Problem]]:
    """The slug book of a project (empty if there is none); a malformed book is reported, not guessed at."""
    path = root / FILE
    if not path.is_file():
        return {}, []
    name = relpath(path, root)
    try:
        data = yamlio.load(textio.decode(path.read_bytes()))
    except textio.NotText as exc:
        return {}, [Problem(name, str(exc))]
    except yamlio.YamlProblem as exc:
        return {}, [Problem(name, exc.reason, line=exc.line)]
    if data is None:
        return {}, []
    slugs = data.get("slugs") if isinstance(data, dict) else None
    if not isinstance(slugs, dict):
        return {}, [Problem(name, "expected 'slugs:' mapping each slug to a list of names", line=1)]
    book: Book = {}
    problems = []
    for key, value in slugs.items():
        if not isinstance(key, str) or make_slug(key) != key:
            problems.append(Problem(name, f"'{key}' is not a slug (lowercase letters, digits and hyphens)", field=f"slugs.{key}"))
        elif not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(name, "expected a list of names", field=f"slugs.{key}"))
        else:
            book[key] = list(value)
    return book, problems


def assign(entities: list[tuple[str, set[str], str | None]], book: Book) -> list[str]:
    """A unique slug for each (name, name keys, declared slug), in order: declared, then the book, then new."""
    result: list[str | None] = [None] * len(entities)
    taken: set[str] = set()
    for i, (_, _, declared) in enumerate(entities):
        if declared and declared not in taken:
            result[i] = declared
            taken.add(declared)
    recorded = {s: set(keys) for s, keys in book.items()}
    holders: dict[str, list[str]] = {}
    for s, keys in recorded.items():
        for key in keys:
            holders.setdefault(key, []).append(s)
    offers = []  # (overlap, slug, entity index): the biggest overlap gets its slug first
    for i, (_, keys, _) in enumerate(entities):
        if result[i] is not None:
            continue
        overlap: dict[str, int] = {}
        for key in keys:
            for s in holders.get(key, ()):
                overlap[s] = overlap.get(s, 0) + 1
        offers += [(-count, s, i) for s, count in overlap.items()]
    for _, s, i in sorted(offers):
        if result[i] is None and s not in taken:
            result[i] = s
            taken.add(s)
    registry = SlugRegistry()
    for s in taken | set(book):
        registry.claim(f"taken:{s}", s)
    for i, (name, _, _) in enumerate(entities):
        if result[i] is None:
            result[i] = registry.claim(f"entity:{i}", name)
    return [s for s in result if s is not None]


def keys_of(entity: Entity) -> set[str]:
    """The name keys the book records for an entity: its name and every alias."""
    return {core_key(x) for x in [entity.name, *entity.aliases]}


def updated(book: Book, entities: list[tuple[str, set[str]]]) -> Book:
    """The book after a build: each (slug, name keys) as now, other recorded slugs kept as they were."""
    new = dict(book)
    for s, keys in entities:
        new[s] = sorted(keys)
    return dict(sorted(new.items()))


def save(root: Path, book: Book) -> bool:
    """Write the book if it changed (an unchanged file is not touched: no rebuild loop under `serve`)."""
    path = root / FILE
    text = HEADER + yamlio.dump({"slugs": book})
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    textio.write_atomic(path, text)  # the old book or the whole new one, even on a full disk
    return True
