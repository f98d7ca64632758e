"""The chronology across articles: one entry per event, dates at their precision, conflicts shown."""

from __future__ import annotations

from generator.merge import merge_chronology, merge_entities
from generator.merge.chronology import compatible, interval
from generator.core.models import Event

from .merge_kit import ent, summary

MOSUL_2014_A = "IS overran Mosul in the summer of 2014 and swept across large swaths of the country’s north and west."
MOSUL_2014_B = ("ISIS swept into Iraq in 2014, taking large swaths of territory in the north and west, including "
                "Iraq’s second largest city of Mosul.")
AIRSTRIKES = ("The U.S.-led coalition launched airstrikes against IS in Syria and Iraq in 2014 and is providing a "
              "range of support to allied forces in both countries.")


def chronology(*summaries):
    ordered = list(summaries)
    entities, slug_of = merge_entities(ordered)
    places = frozenset(e.slug for e in entities if e.type == "place")
    return merge_chronology(ordered, slug_of, places)


def test_dates_are_compatible_when_their_spans_overlap():
    assert interval("2014-SU", "season")[0].isoformat() == "2014-06-01"
    assert interval("2017-W43", "week")[0].isoformat() == "2017-10-23"
    assert compatible("2014-SU", "2014") and compatible("2014-06", "2014-SU") and compatible("2017-W43", "2017-10")
    assert not compatible("2014-SU", "2014-10") and not compatible("2017-11-17", "2017-11-03")


def test_the_fall_of_mosul_told_twice_is_one_entry_at_the_more_precise_date():
    dated, undated = chronology(
        summary("a", ent("Islamic State", "organization", "IS"), ent("Mosul", "place"), ent("Syria"), ent("Iraq"),
                events=[Event(date="2014-SU", precision="season", text=MOSUL_2014_A, paragraph=6, entities=["IS", "Mosul"]),
                        Event(date="2014", precision="year", text=AIRSTRIKES, paragraph=24, entities=["IS", "Syria", "Iraq"])]),
        summary("b", ent("ISIS", "organization"), ent("Iraq", "place"), ent("Mosul", "place"), published="2017-11-17",
                events=[Event(date="2014", precision="year", text=MOSUL_2014_B, paragraph=8, entities=["ISIS", "Iraq", "Mosul"])]),
    )
    fall = [e for e in dated if "overran" in e.text]
    assert len(dated) == 2 and len(fall) == 1
    assert (fall[0].date, fall[0].precision, fall[0].conflicting_dates) == ("2014-SU", "season", False)
    assert [(s.article, s.paragraph, s.date) for s in fall[0].sources] == [("a", 6, "2014-SU"), ("b", 8, "2014")]
    assert undated == []


def test_retaking_two_towns_stays_two_entries_even_in_the_same_words():
    dated, _ = chronology(
        summary("a", ent("Rawa", "place"), ent("Islamic State", "organization"), published="2017-11-17",
                events=[Event(date="2017-11-17", precision="day", paragraph=1, entities=["Rawa", "Islamic State"],
                              text="Iraqi forces retook Rawa, the last town held by the Islamic State group")]),
        summary("b", ent("Qaim", "place"), ent("Islamic State", "organization"), published="2017-11-04",
                events=[Event(date="2017-11", precision="month", paragraph=2, entities=["Qaim", "Islamic State"],
                              text="Iraqi forces retook Qaim, a town held by the Islamic State group")]),
    )
    assert [e.text.split(",")[0] for e in dated] == ["Iraqi forces retook Qaim", "Iraqi forces retook Rawa"]


def test_sources_that_disagree_on_the_date_show_both():
    text = "Iraqi forces retook the town of Rawa from Islamic State militants near the Syrian border"
    dated, _ = chronology(
        summary("a", ent("Rawa", "place"), published="2017-11-17",
                events=[Event(date="2017-11-17", precision="day", text=text, paragraph=1, entities=["Rawa"])]),
        summary("b", ent("Rawa", "place"), published="2017-11-18",
                events=[Event(date="2017-11-16", precision="day", text=text + " on Thursday", paragraph=3, entities=["Rawa"])]),
    )
    assert len(dated) == 1
    assert dated[0].conflicting_dates
    assert sorted((s.article, s.date) for s in dated[0].sources) == [("a", "2017-11-17"), ("b", "2017-11-16")]


def test_entries_are_oldest_first_and_undated_items_kept_apart():
    dated, undated = chronology(
        summary("a", ent("Mosul", "place"), events=[
            Event(date="2017-01", precision="month", text="The east of Mosul was declared liberated", paragraph=3, entities=["Mosul"]),
            Event(date="2016-10", precision="month", text="The offensive to retake Mosul was launched", paragraph=2, entities=["Mosul"]),
            Event(date=None, precision=None, text="On day three the convoy reached Mosul", paragraph=5, entities=["Mosul"]),
        ]),
    )
    assert [e.date for e in dated] == ["2016-10", "2017-01"]
    assert [e.text for e in undated] == ["On day three the convoy reached Mosul"]
    assert undated[0].id == "u1" and dated[0].id.startswith("e1-")


def test_two_dates_in_one_clause_stay_two_events():
    text = "Planning for the attacks in Paris in 2015 and in Brussels in 2016 was traced to Raqqa."
    dated, _ = chronology(summary("a", ent("Raqqa"), events=[
        Event(date="2015", precision="year", text=text, paragraph=4, entities=["Raqqa"]),
        Event(date="2016", precision="year", text=text, paragraph=4, entities=["Raqqa"]),
    ]))
    assert [e.date for e in dated] == ["2015", "2016"]
