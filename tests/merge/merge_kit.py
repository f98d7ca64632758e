"""Small hand-made summaries for the merge tests: what extraction writes, spelled out."""

from __future__ import annotations

from generator.read.curation import Curation
from generator.merge import merge_entities
from generator.core.models import Entity, Event, Figure, Published, Summary, SummaryEntity


def ent(name: str, type: str = "place", *aliases: str, mentions: int = 1, paragraphs: tuple[int, ...] = (1,),
        description: str | None = None) -> SummaryEntity:
    """One entity of one summary."""
    return SummaryEntity(name=name, type=type, aliases=list(aliases), mentions=mentions,
                         paragraphs=list(paragraphs), description=description)


def summary(id: str, *entities: SummaryEntity, events: list[Event] = (), figures: list[Figure] = (),
            published: str = "2017-03-12", precision: str = "day") -> Summary:
    """A summary with just what a merge test needs."""
    return Summary(id=id, title=id, published=Published(date=published, precision=precision, basis="metadata"),
                   entities=list(entities), events=list(events), figures=list(figures))


def entities_of(*summaries: Summary, curation: Curation | None = None) -> list[Entity]:
    """The merged entities of some summaries."""
    return merge_entities(list(summaries), curation)[0]


def groups(*summaries: Summary, curation: Curation | None = None) -> list[set[str]]:
    """Each merged entity as the set of its names, for compact assertions."""
    return [{e.name, *e.aliases} for e in entities_of(*summaries, curation=curation)]


def together(found: list[set[str]], *names: str) -> bool:
    """True if one entity holds all these names."""
    return any(set(names) <= g for g in found)


def apart(found: list[set[str]], a: str, b: str) -> bool:
    """True if no entity holds both names (and each is somewhere)."""
    return any(a in g for g in found) and any(b in g for g in found) and not together(found, a, b)
