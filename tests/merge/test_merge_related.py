"""Related entities: ranked by shared paragraphs and events, not by how common the other entity is."""

from __future__ import annotations

from generator.merge import merge

from .merge_kit import ent, summary
from .test_merge_series import article


def test_specific_company_outranks_an_entity_named_everywhere():
    summaries = {
        "a": summary("a", ent("Rawa", paragraphs=(1, 2)), ent("Iraq", paragraphs=(1, 2, 3)), ent("Haider al-Abadi", "person", paragraphs=(1, 2))),
        "b": summary("b", ent("Iraq", paragraphs=(1, 2, 3, 4)), ent("Mosul", paragraphs=(1,))),
        "c": summary("c", ent("Iraq", paragraphs=(1, 2, 3)), ent("Baghdad", paragraphs=(2,))),
    }
    articles = [article(x, "p1", "p2", "p3", "p4") for x in "abc"]
    by_slug = {e.slug: e for e in merge(articles, summaries).entities}
    assert by_slug["rawa"].related == ["haider-al-abadi", "iraq"]
    assert by_slug["iraq"].related == ["haider-al-abadi", "rawa", "baghdad", "mosul"]  # ties: by slug
