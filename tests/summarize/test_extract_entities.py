"""Entities of one article: joined into one per real thing and typed by evidence (issue 3)."""

from __future__ import annotations

import pytest

from generator.summarize import nlp
from generator.read.curation import Curation, DeclaredEntity
from generator.summarize.extract import summarize_article
from generator.core.models import Article, Paragraph, Published


def summarize(*paragraphs: str, publisher: str | None = None, curation: Curation | None = None):
    article = Article(
        id="a", path="content/articles/a.md", title="Test", publisher=publisher,
        published=Published(date="2017-11-17", precision="day", basis="metadata"),
        paragraphs=[Paragraph(number=i, text=t) for i, t in enumerate(paragraphs, start=1)], source_sha256="x",
    )
    docs = list(nlp.load().pipe(paragraphs))
    return summarize_article(article, docs, curation)


def entity(summary, form: str):
    found = [e for e in summary.entities if e.name == form or form in e.aliases]
    assert len(found) == 1, [(e.name, e.aliases) for e in summary.entities]
    return found[0]


def test_a_surname_joins_the_full_name_and_takes_its_type():
    s = summarize(
        "Brett McGurk, the special presidential envoy for the global coalition against IS, spoke in Baghdad.",
        "McGurk said the fight was not over. McGurk added that the coalition would stay.",
    )
    mcgurk = entity(s, "McGurk")
    assert (mcgurk.name, mcgurk.type, mcgurk.mentions) == ("Brett McGurk", "person", 3)
    assert mcgurk.description == "the special presidential envoy for the global coalition against IS"


def test_acronyms_join_their_long_form():
    s = summarize(
        "The Syrian Democratic Forces (SDF) are closing in on Raqqa.",
        "Iraq's Counter-Terrorism Service said its CTS units had advanced. The SDF denied it.",
    )
    assert entity(s, "SDF").name == "Syrian Democratic Forces"
    assert entity(s, "CTS").name == "Counter-Terrorism Service"


def test_islamic_state_names_are_one_organisation():
    s = summarize(
        "Neighborhoods held by the Islamic State group are surrounded and IS has lost ground.",
        "“ISIS is trapped,” an envoy said, using an alternative acronym for the Islamic State group.",
    )
    group = entity(s, "IS")
    assert group.type == "organization"
    assert {"IS", "ISIS"} <= set(group.aliases) | {group.name}


def test_context_types_places_the_model_calls_people():
    s = summarize(
        "Iraq's prime minister proclaimed victory in retaking the town of Qaim on the border.",
        "The fight for the liberation of Rawa ended. Troops were seen in Rawa.",
    )
    assert entity(s, "Qaim").type == "place"
    assert entity(s, "Rawa").type == "place"


def test_a_platform_after_wrote_on_is_not_a_person():
    s = summarize("“Daesh crumbles!” Operation Inherent Resolve wrote on Twitter.")
    assert entity(s, "Twitter").type == "organization"


def test_nationality_adjectives_are_not_entities_but_peoples_are():
    s = summarize("Iraqi and Russian officials met Kurdish and Arab fighters near Raqqa.")
    names = {e.name for e in s.entities}
    assert not names & {"Iraqi", "Russian"}
    assert entity(s, "Kurdish").type == "group"


def test_armed_forces_are_organisations():
    s = summarize("Iraqi forces backed by the U.S.-led coalition retook the town, while the Syrian army advanced.")
    assert entity(s, "Iraqi forces").type == "organization"
    assert entity(s, "U.S.-led coalition").type == "organization"
    assert entity(s, "Syrian army").type == "organization"


def test_the_editors_entities_win():
    curation = Curation(
        entities=[DeclaredEntity(name="Islamic State", type="organization", aliases=["Daesh", "ISIS"], description="Jihadist group")],
        ignore=["Baghdad"],
    )
    s = summarize("Daesh fighters fled Baghdad as ISIS lost ground.", curation=curation)
    group = entity(s, "Daesh")
    assert (group.name, group.type, group.description) == ("Islamic State", "organization", "Jihadist group")
    assert "Baghdad" not in {e.name for e in s.entities}


@pytest.mark.parametrize("text", ["Defense Secretary James Mattis said troops would stay.", "Health Minister Oly Ilunga Kalenga visited."])
def test_a_portfolio_before_a_title_is_not_an_organisation(text):
    s = summarize(text)
    assert [e.type for e in s.entities] == ["person"], [(e.name, e.type) for e in s.entities]


def test_names_the_model_cuts_short_are_completed():
    s = summarize(
        "U.S.-backed forces pressed Islamic State fighters in the city. Any key Islamic State leaders may be there.",
        "The Britain-based war monitor Syrian Observatory for Human Rights said the fighting went on.",
        "The jihadis forced troops back from the outskirts of the Jarrah military airport.",
        "The SDF is driving it from its last territory in Aleppo province, a Syrian military source said.",
        "The capture of the city of Deir el- Zour ended the siege. The SDF fought around Khas Ajil village.",
    )
    names = {e.name for e in s.entities}
    for name in ("Islamic State", "Syrian Observatory for Human Rights", "Jarrah military airport", "Deir el- Zour", "Khas Ajil"):
        assert name in names, names
    assert not {"State", "Islamic", "Syrian Observatory", "Jarrah", "Deir"} & names
    assert entity(s, "Jarrah military airport").type == "place"
    assert entity(s, "Aleppo province").type == "place"  # "Aleppo" was tagged a nationality by the model


def test_a_bare_surname_the_model_missed_is_the_person():
    s = summarize(
        "Defense Secretary James Mattis spoke at the Pentagon.",
        "“That’s our goal right now, to continue until ISIS is extinguished,” Mattis told reporters.",
    )
    assert entity(s, "Mattis").name == "James Mattis"
    assert [q.speaker for q in s.quotes] == ["James Mattis"]


def test_a_speaker_after_an_abbreviated_title_is_found():
    s = summarize(
        "“The battle is not easy … we are fighting an irregular enemy,” said JOC spokesman Brig. Gen. Yahya Rasool.",
        "“The operation is taking place with precision,” said study co-author Paul Expert, a physicist at King's College London.",
    )
    assert [q.speaker for q in s.quotes] == ["Yahya Rasool", "Paul Expert"]


def test_declared_aliases_and_short_forms_make_one_entity():
    curation = Curation(entities=[DeclaredEntity(name="Islamic State group", type="organization", aliases=["Daesh", "ISIS"])])
    s = summarize("IS resists the final push.", "Islamic State leaders are holed up, and ISIS is not finished.", curation=curation)
    group = [e for e in s.entities if e.name == "Islamic State group"]
    assert len(group) == 1 and {"IS", "ISIS", "Islamic State"} <= set(group[0].aliases), [(e.name, e.aliases) for e in s.entities]


def test_a_pronoun_speaker_is_the_last_subject_not_the_last_name():
    s = summarize(
        "Mary Smith, a traveler from Ohio, said Wednesday that she arrived two hours early to catch a flight "
        "with her friend, the writer John Brown.",
        '"I thought the lines were going to be ridiculous," she said in an e-mail.',
    )
    assert [q.speaker for q in s.quotes] == ["Mary Smith"]


def test_a_name_defined_by_its_acronym_is_whole():
    s = summarize(
        "Clashes with militants from the Islamic State of Iraq and the Levant (ISIL) began late Monday.",
        "TAIPEI (Reuters) - A quake struck. ISIL fighters fled.",
    )
    isil = entity(s, "ISIL")
    assert isil.name == "Islamic State of Iraq and the Levant"
    assert entity(s, "Reuters").type == "organization"  # a dateline's bracket is not an acronym
    assert "Levant" not in {e.name for e in s.entities}


def test_forms_with_and_without_an_arabic_article_are_one_place():
    s = summarize("Hundreds fled Baghouz on Monday.", "Fighters surrendering from al-Baghouz were searched in Baghouz.")
    assert entity(s, "al-Baghouz").name == "Baghouz" and entity(s, "Baghouz").type == "place"


def test_groups_areas_operations_and_credits():
    s = summarize(
        "The SDF, a Kurdish-Arab alliance, fought in Anbar province and the Hajin pocket.",
        "The coalition’s Operation Roundup began on May 1, 2018. “Daesh crumbles!” Operation Inherent Resolve wrote on Twitter.",
        "by WorldTribune Staff, October 17, 2016",
    )
    names = {e.name: e.type for e in s.entities}
    assert names.get("Arab") == "group" and names.get("Kurdish") == "group"
    assert names.get("Anbar province") == "place" and names.get("Hajin pocket") == "place"
    assert names.get("Operation Roundup") == "event" and names.get("Operation Inherent Resolve") == "organization"
    assert "WorldTribune Staff" not in names


def test_speakers_inside_and_described():
    s = summarize(
        "“I announce today the start of the heroic operations,” Iraqi Prime Minister Haider al-Abadi said on state TV.",
        "Fallujah fell in 2014, but according to the Iraqi premier, “they had no choice but to flee.”",
    )
    assert [q.speaker for q in s.quotes] == ["Haider al-Abadi", "Haider al-Abadi"]


def test_an_unnamed_source_is_nobody_not_its_employer():
    s = summarize(
        '"The city of Mosul is outside the control of the state," an Interior Ministry official told AFP on Tuesday.',
    )
    assert [q.speaker for q in s.quotes] == [None]
