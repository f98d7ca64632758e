"""Dated events: clauses that say something happened at a stated time (issue 3)."""

from __future__ import annotations

from .test_extract_entities import summarize


def events(*paragraphs: str):
    return [(e.date, e.precision, e.text) for e in summarize(*paragraphs).events]


def test_a_reporting_time_dates_the_completed_reported_action():
    found = events("Iraqi forces retook the last town held by the group, Iraqi and coalition officials said Friday.")
    assert found == [("2017-11-17", "day", "Iraqi forces retook the last town held by the group")]


def test_a_reporting_time_alone_is_not_an_event():
    assert events("The fight is not over, Pentagon spokeswoman Dana White said at a briefing Thursday.") == []
    assert events("“ISIS is trapped,” Brett McGurk told reporters in Baghdad on Sunday.") == []


def test_an_announcement_of_a_capture_is_an_event():
    found = events("Syrian President Bashar Assad’s military yesterday announced the capture of the city.")
    assert [(d, p) for d, p, _ in found] == [("2017-11-16", "day")]


def test_plans_and_forecasts_are_not_events():
    assert events("A decision will be made Thursday morning before the parade.") == []
    assert events("The parliament will choose the president in February 2018.") == []
    assert events("The military plans to complete the withdrawal by the end of April.") == []


def test_a_range_is_dated_by_its_start():
    found = events("Michigan regained 34,185 automotive manufacturing jobs between 2010 and 2013.")
    assert [(d, p) for d, p, _ in found] == [("2010", "year")]


def test_a_date_inside_a_noun_phrase_does_not_date_the_clause():
    assert events("The weakest rebound has been in the states central to the 2002-2006 housing bubble.") == []


def test_a_relative_word_yields_to_the_date_that_restates_it():
    found = events("The research, which was published today (Nov. 16) in a journal, was done in Britain.")
    assert [(d, p) for d, p, _ in found] == [("2017-11-16", "day")]


def test_a_dated_noun_phrase_under_an_ongoing_verb_is_an_event():
    found = events("The coalition continues to battle ISIS after the loss of its former capital of Raqqa in October.")
    assert [(d, p) for d, p, _ in found] == [("2017-10", "month")]
    assert "the loss of its former capital of Raqqa in October" in found[0][2]


def test_times_read_against_the_day_the_story_last_named():
    found = events(
        "Saadi said CTS forces were battling IS inside Mosul al-Jadida on Sunday, and the command said they "
        "recaptured the latter area later in the day.",
        "The next day the quake struck about 22 km northeast of Hualien shortly before midnight, the USGS said.",
    )
    assert ("2017-11-12", "day", "they recaptured the latter area later in the day") in found
    assert ("2017-11-13", "day") in [(d, p) for d, p, t in found if "shortly before midnight" in t]
    # with no day named before it, a time of day is on the day of publication
    found = events("The quake struck about 22 km northeast of Hualien shortly before midnight, the USGS said.")
    assert [(d, p) for d, p, _ in found] == [("2017-11-17", "day")]


def test_comparisons_and_bounds_are_not_events():
    assert events("Sales in August reached the highest level since January 2006, the group said.") == [
        ("2017-08", "month", "Sales in August reached the highest level since January 2006")
    ]
    assert events("The coalition has killed 180 leaders since the campaign began more than two years ago.") == []


def test_adding_something_is_an_act_not_speech():
    found = events("Kevin Yearout has added about 80 jobs to his contracting company since July of last year.")
    assert [(d, p) for d, p, _ in found] == [("2016-07", "month")]


def test_a_pages_date_line_is_not_an_event():
    assert events("Published 4:07 PM, December 14, 2018") == []
    assert events("by WorldTribune Staff, October 17, 2016") == []
    assert events("ISIL militants seize the city: Report Tue Jun 10, 2014 13:51:14") == []
    captioned = events("A Kurdish Peshmerga convoy heads toward the frontline east of Mosul on Oct. 17. /AP")
    assert [(d, p) for d, p, _ in captioned] == [("2017-10-17", "day")]


def test_reports_in_other_shapes_date_what_they_report():
    told = events("A brigadier general told AFP on Tuesday, saying soldiers had fled after removing their uniforms.")
    assert told == [("2017-11-14", "day", "soldiers had fled after removing their uniforms")]
    # a duration in the reported clause ("after four months of fighting") is not a time of its own
    said = events("The SDF said on Tuesday they had fully captured Raqqa, after more than four months of fighting.")
    assert [(d, p) for d, p, _ in said] == [("2017-11-14", "day")] and said[0][2].startswith("they had fully captured Raqqa")
    proclaimed = events("The group lost the last of a caliphate it proclaimed in 2014 over swathes of Syria and Iraq.")
    assert [(d, p) for d, p, _ in proclaimed] == [("2014", "year")]
    first = events("Fallujah was the first city to fall to the militants in January 2014.")
    assert [(d, p) for d, p, _ in first] == [("2014-01", "month")]


def test_dawn_and_overnight_are_days():
    found = events("The operation was completed at dawn, he said. Dozens of fighters surrendered overnight.")
    assert [(d, p) for d, p, _ in found] == [("2017-11-17", "day"), ("2017-11-16", "day")]
