"""Key figures over time: one series per thing measured, in date order, conflicts side by side."""

from __future__ import annotations

from generator.merge.series import merge_series, normalise
from generator.core.models import Article, Figure, Paragraph

from .merge_kit import summary

PARAGRAPHS = {
    "2017-03": "IS has lost more than 60 percent of the territory the militants once held in Iraq, according to a senior coalition official.",
    "2017-11": ("Brett McGurk said Thursday the group is now facing annihilation with the losses in western Iraq and "
                "nearly 96 percent of its territory. He earlier said 6.6 million people have been liberated."),
    "2017-11h": "The Islamic State group has been driven from more than 96 per cent of the large parts of Iraq and Syria it once held.",
    "2019-02": ("Four years ago, IS controlled territory the size of Britain, but the US-led coalition fighting the group "
                "says \"99.5 percent\" of it has been clawed back in successive offensives."),
    "2019-02b": "Its deputy commander described the size of the last ISIS pocket as \"now less than 1% of the original caliphate\".",
}


def article(id: str, *texts: str) -> Article:
    return Article(id=id, path=f"content/articles/{id}.md", title=id, source_sha256="0",
                   paragraphs=[Paragraph(number=i, text=t) for i, t in enumerate(texts, start=1)])


def test_measures_are_normalised_from_unit_words_and_sentence():
    assert normalise("percent", "the territory the militants once held in Iraq", PARAGRAPHS["2017-03"])[0] == "share of once-held territory lost"
    assert normalise("cent", "per cent of the large parts of Iraq and Syria", PARAGRAPHS["2017-11h"])[0] == "share of once-held territory lost"
    assert normalise("percent", "", PARAGRAPHS["2019-02"])[0] == "share of once-held territory lost"
    assert normalise("percent", "the original caliphate", PARAGRAPHS["2019-02b"])[0] == "share of once-held territory still held"
    assert normalise("people", "people", "more than 20,000 civilians were allowed to flee the area") == ("people displaced", "people")
    assert normalise("percent", "share of once-held territory lost", "") == ("share of once-held territory lost", "percent")


def test_territory_series_has_three_values_in_date_order_with_claimants():
    articles = [
        article("b", PARAGRAPHS["2017-11h"], PARAGRAPHS["2017-11"]),
        article("a", PARAGRAPHS["2017-03"]),
        article("c", PARAGRAPHS["2019-02"], PARAGRAPHS["2019-02b"]),
    ]
    summaries = [
        summary("b", published="2017-11-04", figures=[
            Figure(value=96, unit="cent", measure="per cent of the large parts of Iraq and Syria", paragraph=1,
                   text="more than 96 per cent of the large parts of Iraq and Syria"),
            Figure(value=96, unit="percent", measure="its territory", paragraph=2, text="nearly 96 percent of its territory",
                   claimed_by="McGurk"),
            Figure(value=6600000, unit="people", measure="people", paragraph=2, text="6.6 million people", claimed_by="McGurk"),
        ]),
        summary("a", published="2017-03-12", figures=[
            Figure(value=60, unit="percent", measure="the territory the militants once held in Iraq", paragraph=1,
                   text="more than 60 percent of the territory the militants once held in Iraq"),
        ]),
        summary("c", published="2019-02", precision="month", figures=[
            Figure(value=99.5, unit="percent", paragraph=1, text="99.5 percent", claimed_by="US-led coalition"),
            Figure(value=1, unit="percent", measure="the original caliphate", paragraph=2, text="less than 1% of the original caliphate"),
        ]),
    ]
    names = {("b", "McGurk"): "Brett McGurk", ("c", "US-led coalition"): "US-led coalition"}
    series = merge_series(articles, summaries, names)
    assert [s.measure for s in series] == ["share of once-held territory lost"]
    points = series[0].points
    assert [(p.date, p.value, p.claimed_by) for p in points] == [
        ("2017-03-12", 60, None), ("2017-11-04", 96, "Brett McGurk"), ("2019-02", 99.5, "US-led coalition")]
    assert not any(p.conflict for p in points)


def test_two_sources_giving_different_values_for_one_time_are_a_conflict():
    text = "More than 3,000 fighters remain in the town, {} said."
    articles = [article("a", text.format("the army")), article("b", text.format("the monitor")), article("c", text.format("x"))]
    summaries = [
        summary("a", figures=[Figure(value=3000, unit="fighters", paragraph=1, text="3,000 fighters", claimed_by="Army")]),
        summary("b", figures=[Figure(value=5000, unit="fighters", paragraph=1, text="5,000 fighters")]),
        summary("c", published="2017-04-01", figures=[Figure(value=2000, unit="militants", paragraph=1, text="2,000 militants")]),
    ]
    series = merge_series(articles, summaries, {})
    assert [(s.measure, [(p.value, p.conflict) for p in s.points]) for s in series] == [
        ("fighters", [(3000, True), (5000, True), (2000, False)])]


def test_a_figure_in_one_article_only_or_without_a_measure_makes_no_series():
    articles = [article("a", "Some 10 km (6 miles) west of the city."), article("b", "About 4 km (2.5 miles) away.")]
    summaries = [
        summary("a", figures=[Figure(value=6, unit="miles", paragraph=1, text="6 miles")]),
        summary("b", figures=[Figure(value=2.5, unit="miles", paragraph=1, text="2.5 miles")]),
    ]
    assert merge_series(articles, summaries, {}) == []
