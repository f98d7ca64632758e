"""Summary files: write -> read round trip, and the machine never overwrites a person's summary."""

from __future__ import annotations

from generator.summarize import summaries
from generator.core.models import Event, Figure, KeySentence, Published, Quote, Review, Summary, SummaryEntity


def sample() -> Summary:
    return Summary(
        id="2017-11-17-rawa",
        title="Iraqi forces retake last ISIS-held town",
        publisher="The Hill",
        url="https://thehill.com/x",
        published=Published(date="2017-11-17", precision="day", basis="text", note="inferred: 'Friday'"),
        summary=[KeySentence(text="Iraqi forces retook the last town held by ISIS.", paragraph=1)],
        entities=[SummaryEntity(name="Haider al-Abadi", type="person", aliases=["Al-Abadi"], mentions=2,
                                description="Iraqi Prime Minister", paragraphs=[2, 4])],
        events=[Event(date="2017-11-17", precision="day", text="Iraqi forces retook the last town", paragraph=1,
                      entities=["Rawa"], time_text="Friday")],
        figures=[Figure(value=99.5, unit="percent", measure="territory", text="99.5 percent", paragraph=1)],
        quotes=[Quote(speaker="Haider al-Abadi", text="Total victory is near", paragraph=5)],
        review=Review(status="machine", source_sha256="abc"),
        notes="Checked against the **Pentagon** briefing.",
    )


def test_round_trip_is_equal(tmp_path):
    original = summaries.stamp(sample(), "1+test")
    path = tmp_path / "s.md"
    summaries.write_atomic(path, summaries.to_text(original))
    again = summaries.read(path, tmp_path)
    assert again == original
    assert again.notes == original.notes
    assert summaries.to_text(again) == summaries.to_text(original)


def test_an_unchanged_machine_summary_is_the_machine_s(tmp_path):
    path = tmp_path / "s.md"
    summaries.write_atomic(path, summaries.to_text(summaries.stamp(sample(), "1")))
    assert summaries.inspect(path, tmp_path).machine_owned


def test_a_hand_edited_summary_belongs_to_the_editor(tmp_path):
    path = tmp_path / "s.md"
    summaries.write_atomic(path, summaries.to_text(summaries.stamp(sample(), "1")))
    path.write_text(path.read_text().replace("Total victory is near", "Total victory is near!"))
    assert not summaries.inspect(path, tmp_path).machine_owned


def test_a_reviewed_summary_belongs_to_the_editor(tmp_path):
    path = tmp_path / "s.md"
    summaries.write_atomic(path, summaries.to_text(summaries.stamp(sample(), "1")))
    path.write_text(path.read_text().replace("status: machine", "status: reviewed"))
    found = summaries.inspect(path, tmp_path)
    assert found.summary.review.status == "reviewed" and not found.machine_owned
