"""One entity per real thing: the entities of every summary clustered across articles.

A *record* is one summary's entity (its name, aliases, type and mentions in one article). Records
are joined in four passes, each an index lookup, so the work grows linearly with the corpus:

1. the editor's judgements (entities.yml: declared entities, merges, splits) bind records first;
2. records sharing a full name join, compared as keys: case, diacritics, a leading "the",
   hyphens, Arabic particles ("al-") and a trailing "group" do not make a different name;
   one-word names join only records where that word is the name itself, never an alias;
3. transliteration variants of one name join ("Haidar"/"Haider al-Abadi"), never a word that grew
   a suffix ("Baghdad"/"Baghdadi", "Syria"/"Syrian army");
4. short forms join the one long name that explains them: a surname its only full name, an
   acronym the only name with those initials, "the Observatory" the only organisation headed by it,
   an alias the only entity a summary gave it to. Two candidates: the short form stays alone.

A place never joins a person (a city and the man named after it); the editor's `distinct` pairs
never join; two declared entities never join.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from generator.core import names as n
from generator.read.curation import Curation
from generator.core.models import EntityType, Mention, Summary, SummaryEntity

MAX_SHORT_FORM_ROUNDS = 4  # short forms of short forms are rare; the seed settles in two rounds
# When the votes tie, the more specific reading wins: NER calls places and organisations persons
# far more often than the other way round on the seed corpus ("Qaim", "Observatory", "Twitter").
TYPE_ORDER: tuple[EntityType, ...] = ("organization", "place", "group", "event", "person", "other")


@dataclass
class Record:
    """One summary entity: the unit the clustering moves around."""

    article: str
    entity: SummaryEntity
    names: list[str]  # name first, then the aliases kept
    anchor: str | None = None  # the editor's entity this record is bound to, if any
    split_name: str | None = None  # a name the editor split: not a join key for this record
    declared_names: list[str] = field(default_factory=list)  # the editor's names for its entity, if bound


@dataclass
class Cluster:
    """The records of one real thing, and what the editor said about it."""

    records: list[Record]
    anchor: str | None = None

    @property
    def mentions(self) -> int:
        return sum(r.entity.mentions for r in self.records)

    def type_votes(self) -> Counter:
        votes: Counter = Counter()
        for r in self.records:
            votes[r.entity.type] += max(r.entity.mentions, 1)
        return votes


class _Sets:
    """Union-find over record indices, with the facts a join must respect kept per root."""

    def __init__(self, records: list[Record], distinct: list[tuple[str, str]]):
        self.parent = list(range(len(records)))
        self.anchor = [r.anchor for r in records]
        self.keys = [{n.core_key(x) for x in r.names} for r in records]
        self.votes = [Counter({r.entity.type: max(r.entity.mentions, 1)}) for r in records]
        self.distinct = distinct
        self.distinct_keys = {k for pair in distinct for k in pair}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def kind(self, i: int) -> str:
        """'person', 'place' or 'thing': the two readings that must never share an entity, and the rest."""
        top = self.votes[self.find(i)].most_common(1)
        return top[0][0] if top and top[0][0] in ("person", "place") else "thing"

    def clash(self, a: int, b: int, ignore_kind: bool = False) -> bool:
        """True if joining the sets of a and b would break a rule (see the module docstring)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.anchor[ra] and self.anchor[rb] and self.anchor[ra] != self.anchor[rb]:
            return True
        if not ignore_kind and {self.kind(ra), self.kind(rb)} == {"person", "place"}:
            return True
        if self.distinct_keys & self.keys[ra] and self.distinct_keys & self.keys[rb]:
            for x, y in self.distinct:
                if (x in self.keys[ra] and y in self.keys[rb]) or (y in self.keys[ra] and x in self.keys[rb]):
                    return True
        return False

    def join(self, a: int, b: int, *, force: bool = False, ignore_kind: bool = False) -> bool:
        """Join two sets unless a rule forbids it (the editor's own bindings are forced)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if not force and self.clash(ra, rb, ignore_kind):
            return False
        if len(self.keys[ra]) < len(self.keys[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.anchor[ra] = self.anchor[ra] or self.anchor[rb]
        self.keys[ra] |= self.keys[rb]
        self.votes[ra] += self.votes[rb]
        return True


def make_records(summaries: list[Summary], curation: Curation) -> list[Record]:
    """Each summary entity as a record, with the editor's ignores, splits and bindings applied."""
    records = []
    kept_apart = {frozenset((n.core_key(a), n.core_key(b))) for a, b in curation.distinct_pairs()}
    for summary in summaries:
        for entity in summary.entities:
            if curation.is_ignored(entity.name):
                continue
            kept = [entity.name]
            for alias in entity.aliases:
                if curation.is_ignored(alias) or alias in kept:
                    continue
                if n.derived_from(alias, entity.name) or n.derived_from(entity.name, alias):
                    continue  # "Syria" is never an alias of "Syrian army", whatever the summary says
                if frozenset((n.core_key(alias), n.core_key(entity.name))) in kept_apart:
                    continue
                kept.append(alias)
            for record in _split(Record(article=summary.id, entity=entity, names=kept), curation):
                if record.anchor is None:
                    record.anchor = curation.anchor_for(kept)
                declared = curation.declared(record.anchor)
                if declared:
                    record.declared_names = [declared.name, *declared.aliases]
                records.append(record)
    return records


def _split(record: Record, curation: Curation) -> list[Record]:
    """The record as the editor's splits cut it: whole, bound to a part, or carved by paragraph."""
    parts = curation.split_for(record.names, record.article)
    if not parts:
        return [record]
    whole = next((p for p in parts if p[2] is None), None)
    if whole:
        record.anchor, record.split_name = whole[0], whole[1]
        return [record]
    pieces = []
    rest = list(record.entity.paragraphs)
    for anchor, name, paragraphs in parts:
        taken = [p for p in rest if p in paragraphs]
        if taken:
            rest = [p for p in rest if p not in paragraphs]
            entity = record.entity.model_copy(update={"paragraphs": taken, "mentions": len(taken)})
            pieces.append(Record(record.article, entity, record.names, anchor=anchor, split_name=name))
    if rest or not pieces:
        kept = max(record.entity.mentions - sum(p.entity.mentions for p in pieces), len(rest), 1)
        pieces.append(Record(record.article, record.entity.model_copy(update={"paragraphs": rest, "mentions": kept}), record.names))
    return pieces


def cluster(summaries: list[Summary], curation: Curation | None = None) -> list[Cluster]:
    """The records of all summaries grouped into one cluster per real thing, in a deterministic order."""
    curation = curation or Curation()
    records = make_records(summaries, curation)
    sets = _Sets(records, [(n.core_key(a), n.core_key(b)) for a, b in curation.distinct_pairs()])
    _join_anchored(records, sets)
    bare = _join_full_names(records, sets)
    _join_spellings(records, sets)
    _join_short_forms(records, sets, bare)
    groups: dict[int, list[Record]] = defaultdict(list)
    for i, record in enumerate(records):
        groups[sets.find(i)].append(record)
    clusters = [Cluster(records=rs, anchor=sets.anchor[root]) for root, rs in groups.items()]
    clusters.sort(key=lambda c: min((r.article, r.entity.name) for r in c.records))
    return clusters


def _keys(record: Record) -> list[str]:
    return [x for x in record.names if x != record.split_name]


def _join_anchored(records: list[Record], sets: _Sets) -> None:
    first: dict[str, int] = {}
    for i, record in enumerate(records):
        if record.anchor:
            sets.join(first.setdefault(record.anchor, i), i, force=True)


def _join_full_names(records: list[Record], sets: _Sets) -> dict[str, list[int]]:
    """Pass 2: join on full-name keys; one-word names as a record's own name join by key and kind.

    Returns the one-word names' groups ({key: [record index...]}), which pass 4 may still resolve.
    """
    by_key: dict[str, int] = {}
    bare: dict[tuple[str, bool], int] = {}
    bare_groups: dict[str, list[int]] = defaultdict(list)
    longer: list[tuple[str, int]] = []
    for i, record in enumerate(records):
        for position, name in enumerate(_keys(record)):
            words = n.core(name)
            if len(words) >= 2:
                for key in filter(None, (n.core_key(name), n.without_generic_suffix(name))):
                    sets.join(by_key.setdefault(key, i), i)
                short = n.without_place_complement(name)
                if short:
                    longer.append((short, i))
            elif position == 0:
                key = n.core_key(name)
                if record.entity.type == "group":
                    key = "people " + (n.people_key(name) or key)  # "Kurds" and "Kurdish"
                person = record.entity.type == "person"
                # a one-word person and a one-word place of the same spelling may be a man and a city:
                # they join only in pass 4, if nothing better explains the person
                sets.join(bare.setdefault((key, person), i), i)
                bare_groups[key].append(i)
    for short, i in longer:  # "Islamic State in Iraq and Syria" is the "Islamic State" the corpus names
        if short in by_key:
            sets.join(by_key[short], i)
    return bare_groups


def _join_spellings(records: list[Record], sets: _Sets) -> None:
    """Pass 3: transliteration variants of one multi-word name."""
    by_spelling: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for i, record in enumerate(records):
        for name in _keys(record):
            key = n.spelling_key(name)
            if key and len(n.core(name)) >= 2:
                by_spelling[key].append((name, i))
    for members in by_spelling.values():
        first_name, first = members[0]
        for name, i in members[1:]:
            if sets.find(i) != sets.find(first) and n.same_spelling(first_name, name):
                sets.join(first, i)


def _short_forms(records: list[Record], sets: _Sets) -> dict[str, set[int]]:
    """Every short form a long name explains, with the sets that explain it ('mcgurk' -> Brett McGurk's)."""
    index: dict[str, set[int]] = defaultdict(set)
    for i, record in enumerate(records):
        own = _keys(record) + record.declared_names
        for position, name in enumerate(own):
            words = n.core(name)
            if position > 0 and len(words) == 1:
                index[words[0]].add(i)  # the summary said so: an alias of this record
            if len(words) < 2:
                continue
            if record.entity.type == "person" and not n.is_org_name(name):
                index[words[-1]].add(i)  # surname
            letters = n.initials(name)
            if letters:
                index["acronym " + letters].add(i)
            head = n.head(name)
            if head and head in n.ORG_HEADS:
                index[head].add(i)  # "the Observatory"
                cut = n.tokens(name)[: n.tokens(name).index(head) + 1]
                if len(cut) < len(n.tokens(name)):
                    index[" ".join(w for w in cut if w not in n.PARTICLES)].add(i)  # "Syrian Observatory"
    return index


def _join_short_forms(records: list[Record], sets: _Sets, bare: dict[str, list[int]]) -> None:
    """Pass 4: a set whose every name is a short form of one other set joins it.

    Repeated while sets move ("Observatory" can only choose once "Syrian Observatory" has joined the
    full name); each round is linear and the seed needed two.
    """
    index = _short_forms(records, sets)
    for _ in range(MAX_SHORT_FORM_ROUNDS):
        index = {key: {sets.find(j) for j in held} for key, held in index.items()}  # records -> their few sets
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(records)):
            members[sets.find(i)].append(i)
        moves: list[tuple[int, int]] = []
        for root, indices in sorted(members.items()):
            target = _explained_by(records, sets, index, root, indices)
            if target is not None:
                moves.append((root, target))
        if not moves:
            break
        for root, target in moves:
            sets.join(target, root)
    # A one-word person nothing explained, and a one-word thing of the same spelling: one entity
    # after all (NER typed one of them wrongly, "Qaim" the person), the votes decide its type.
    # Not when either holds a full person name: then it is a man and a place named alike.
    with_full_name = {sets.find(i) for i, r in enumerate(records) if r.entity.type == "person" and len(n.core(r.entity.name)) >= 2}
    for indices in bare.values():
        roots = sorted({sets.find(i) for i in indices})
        for other in roots[1:]:
            first = sets.find(roots[0])
            if first not in with_full_name and sets.find(other) not in with_full_name:
                sets.join(first, other, ignore_kind=True)


def _explained_by(records, sets: _Sets, index: dict[str, set[int]], root: int, indices: list[int]) -> int | None:
    """The one other set that explains every name of this set as a short form, if there is exactly one."""
    candidates: set[int] | None = None
    for key, surfaces in _set_names(records, indices).items():
        found = set(index.get(key, ()))
        if any(n.is_acronym(s) for s in surfaces):
            found |= index.get("acronym " + n.acronym_key(next(iter(surfaces))), set())
        roots = {sets.find(j) for j in found} - {root}
        if not roots:
            return None
        candidates = roots if candidates is None else candidates & roots
    if candidates and len(candidates) == 1:
        target = next(iter(candidates))
        if not sets.clash(root, target):
            return target
    return None


def _set_names(records: list[Record], indices: list[int]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for i in indices:
        for name in _keys(records[i]):
            names[n.core_key(name)].add(name)
    return names


# ---- what a cluster shows ---------------------------------------------------------------------


@dataclass
class Resolved:
    """A cluster's public face: canonical name, type, names, description, occurrences."""

    name: str
    type: EntityType
    aliases: list[str]
    description: str | None
    mentions: int
    articles: list[str]
    occurrences: list[Mention]
    keys: set[str] = field(default_factory=set)
    declared_slug: str | None = None


def resolve(cluster: Cluster, curation: Curation) -> Resolved:
    """Canonical name, type and description of a cluster: the editor's where declared, else the evidence's."""
    declared = curation.declared(cluster.anchor)
    name = declared.name if declared and declared.name else canonical_name(cluster, decide_type(cluster, None))
    names = {x for r in cluster.records for x in r.names} | set(declared.aliases if declared else [])
    occurrences = [
        Mention(article=r.article, paragraph=p, surface=r.entity.name) for r in cluster.records for p in r.entity.paragraphs
    ]
    return Resolved(
        name=name,
        type=(declared.type if declared and declared.type else decide_type(cluster, name)),
        aliases=sorted({x for x in names if x != name}, key=lambda s: (s.casefold(), s)),
        description=(declared.description if declared and declared.description else _description(cluster)),
        mentions=cluster.mentions,
        articles=sorted({r.article for r in cluster.records}),
        occurrences=sorted(occurrences, key=lambda m: (m.article, m.paragraph, m.surface)),
        keys={n.core_key(x) for x in names | {name}},
        declared_slug=declared.slug if declared else None,
    )


def canonical_name(cluster: Cluster, type_: EntityType) -> str:
    """The name most articles use as their own, spelt out: 'Syrian Democratic Forces' over 'SDF', a person's
    full name over the surname ('Brett McGurk'), 'Mosul' over 'west Mosul'; then the most mentioned."""
    articles: dict[str, set[str]] = defaultdict(set)
    mentions: Counter = Counter()
    for r in cluster.records:
        articles[r.entity.name].add(r.article)
        mentions[r.entity.name] += r.entity.mentions
        for alias in r.names[1:]:
            articles.setdefault(alias, set())

    acronyms = {n.core_key(x) for x in articles if n.is_acronym(x)}
    word_sets = {x: set(n.core(x)) for x in articles}

    def rank(name: str) -> tuple:
        # a person's surname, an organisation's head word ("Observatory"): shorter forms of a fuller name
        shortened = type_ in ("person", "organization") and any(
            word_sets[name] < other for x, other in word_sets.items() if x != name
        )
        return (n.core_key(name) not in acronyms, not shortened, len(articles[name]), mentions[name], name[:1].isupper(), len(name), name)

    return max(articles, key=rank)


def decide_type(cluster: Cluster, name: str | None) -> EntityType:
    """The type most mentions give; a name headed by 'Service', 'Front', 'Forces'... is an organisation."""
    if any(n.is_org_name(x) for x in {name or "", *(r.entity.name for r in cluster.records)} if len(n.core(x)) >= 2):
        return "organization"
    votes = cluster.type_votes()
    return max(TYPE_ORDER, key=lambda t: (votes[t], -TYPE_ORDER.index(t)))


def _description(cluster: Cluster) -> str | None:
    counts: Counter = Counter()
    weight: Counter = Counter()
    for r in cluster.records:
        if r.entity.description:
            counts[r.entity.description] += 1
            weight[r.entity.description] += r.entity.mentions
    if not counts:
        return None
    return max(counts, key=lambda d: (counts[d], weight[d], -len(d), d))
