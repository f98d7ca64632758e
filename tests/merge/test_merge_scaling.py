"""Blocking in chronology merging (issue 7): the same entries as comparing every pair, without the n^2."""

from __future__ import annotations

import random

from generator.merge import chronology, merge_chronology, merge_entities
from generator.core.models import Event, Summary, SummaryEntity


def full_scan(summaries, slug_of, monkeypatch):
    """The chronology merge with every entry so far a candidate of every event: no blocking at all."""
    with monkeypatch.context() as m:
        m.setattr(chronology, "_index_keys", lambda span, slugs: [(0, "")])
        m.setattr(chronology, "MAX_CANDIDATES", 10**9)
        return merge_chronology(summaries, slug_of)[0]


def comparable(entries):
    return sorted((e.date, e.text, tuple(e.entities), tuple((s.article, s.paragraph) for s in e.sources)) for e in entries)


PLACES = ["Rawa", "Mosul", "Raqqa", "Qaim", "Baghouz", "Deir el-Zour"]
ACTORS = ["Iraqi forces", "the SDF", "coalition aircraft", "Islamic State fighters"]
VERBS = ["retook", "entered", "shelled", "surrounded", "lost"]
DATES = ["2017", "2017-SU", "2017-06", "2017-W25", "2017-06-20", "2017-06-21", "2017-07", "2017-07-04", "2018", "2018-01-02"]
PRECISION = {4: "year", 7: "month", 10: "day"}


def random_summaries(count: int, seed: int) -> list[Summary]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        events, names = [], set()
        for paragraph in range(1, rng.randint(2, 6)):
            place, actor = rng.choice(PLACES), rng.choice(ACTORS)
            date = rng.choice(DATES)
            precision = "week" if "-W" in date else "season" if date.endswith("SU") else PRECISION[len(date)]
            text = f"{actor} {rng.choice(VERBS)} {place}" + (" after heavy fighting" if rng.random() < 0.5 else "")
            events.append(Event(date=date, precision=precision, text=text, paragraph=paragraph, entities=[place]))
            names.add(place)
        entities = [SummaryEntity(name=n, type="place", paragraphs=[1]) for n in sorted(names)]
        out.append(Summary(id=f"a{i:03d}", title=f"Article {i}", entities=entities, events=events))
    return out


def test_blocking_finds_the_same_entries_as_a_full_scan(monkeypatch):
    for seed in range(5):
        summaries = random_summaries(150, seed)
        _, slug_of = merge_entities(summaries)
        blocked, _ = merge_chronology(summaries, slug_of)
        assert comparable(blocked) == comparable(full_scan(summaries, slug_of, monkeypatch)), seed
        assert any(len(e.sources) > 1 for e in blocked)  # the case exercises merging, not only misses


def test_blocking_on_the_seed_summaries(seed_project, monkeypatch):
    from generator.summarize import summaries as summary_files

    loaded = [summary_files.read(p, seed_project) for p in sorted((seed_project / "content" / "summaries").glob("*.md"))]
    _, slug_of = merge_entities(loaded)
    blocked, _ = merge_chronology(loaded, slug_of)
    assert comparable(blocked) == comparable(full_scan(loaded, slug_of, monkeypatch))
