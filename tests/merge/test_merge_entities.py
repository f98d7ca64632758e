"""Entities across articles: one per real thing, never two look-alikes joined."""

from __future__ import annotations

from generator.core import names
from generator.read.curation import Curation

from .merge_kit import apart, ent, entities_of, groups, summary, together


def test_name_keys_ignore_case_diacritics_the_hyphens_and_particles():
    assert names.core_key("the Counter-Terrorism Service") == names.core_key("Counter Terrorism Service")
    assert names.core_key("U.S.") == names.core_key("US") == "us"
    assert names.core_key("Bashar al-Assad") == names.core_key("Bashar Assad")
    assert names.core_key("Qaïm") == names.core_key("QAIM")
    assert names.without_generic_suffix("Islamic State group") == "islamic state"
    assert names.initials("Counter-Terrorism Service") == "cts"
    assert names.initials("Islamic State in Iraq and Syria") == "isis"


def test_variants_of_one_name_across_articles_are_one_entity():
    found = groups(
        summary("a", ent("Counter-Terrorism Service", "organization", "CTS", mentions=2)),
        summary("b", ent("Counter Terrorism Service", "organization")),
        summary("c", ent("CTS", "organization")),
        summary("d", ent("Haider al-Abadi", "person", "al-Abadi")),
        summary("e", ent("Al-Abadi", "person")),
        summary("f", ent("Haidar al-Abadi", "person")),
        summary("g", ent("Qaïm", "place"), ent("the Pentagon", "organization")),
        summary("h", ent("QAIM", "place"), ent("Pentagon", "organization")),
    )
    assert together(found, "Counter-Terrorism Service", "Counter Terrorism Service", "CTS")
    assert together(found, "Haider al-Abadi", "al-Abadi", "Al-Abadi", "Haidar al-Abadi")
    assert together(found, "Qaïm", "QAIM")
    assert together(found, "the Pentagon", "Pentagon")
    assert len(found) == 4


def test_surname_joins_its_only_full_name():
    found = groups(summary("a", ent("Brett McGurk", "person", "McGurk")), summary("b", ent("McGurk", "person")))
    assert found == [{"Brett McGurk", "McGurk"}]


def test_surname_with_two_full_name_candidates_stays_alone():
    found = groups(
        summary("a", ent("Haider al-Abadi", "person")),
        summary("b", ent("Ali al-Abadi", "person")),
        summary("c", ent("al-Abadi", "person")),
    )
    assert apart(found, "Haider al-Abadi", "Ali al-Abadi")
    assert {"al-Abadi"} in found


def test_country_and_its_army_or_forces_never_merge_even_through_an_alias():
    found = groups(
        summary("a", ent("Syria", "place"), ent("Iraq", "place")),
        summary("b", ent("Syrian army", "organization", "Syria"), ent("Iraqi forces", "organization", "Iraq")),
        summary("c", ent("Syrian army", "organization"), ent("Iraqi forces", "organization")),
    )
    assert apart(found, "Syria", "Syrian army")
    assert apart(found, "Iraq", "Iraqi forces")


def test_a_city_and_a_man_named_after_it_stay_apart():
    found = groups(
        summary("a", ent("Abraham Lincoln", "person", "Lincoln", mentions=4)),
        summary("b", ent("Lincoln", "place", mentions=3)),
        summary("c", ent("Baghdad", "place"), ent("Abu Bakr al-Baghdadi", "person", "Baghdadi")),
        summary("d", ent("Baghdadi", "person")),
    )
    assert apart(found, "Abraham Lincoln", "Lincoln") or {"Lincoln"} in found
    assert {"Lincoln"} in found  # the city on its own
    assert apart(found, "Baghdad", "Abu Bakr al-Baghdadi")
    assert together(found, "Abu Bakr al-Baghdadi", "Baghdadi")


def test_two_wire_agencies_stay_apart():
    found = groups(
        summary("a", ent("Associated Press", "organization", "AP")),
        summary("b", ent("Agence France-Presse", "organization", "AFP")),
        summary("c", ent("AP", "organization"), ent("AFP", "organization")),
    )
    assert together(found, "Associated Press", "AP")
    assert together(found, "Agence France-Presse", "AFP")
    assert apart(found, "AP", "AFP")


def test_two_coalitions_stay_apart_and_a_bare_coalition_joins_neither():
    found = groups(
        summary("a", ent("US-led coalition", "organization")),
        summary("b", ent("Saudi-led coalition", "organization")),
        summary("c", ent("Coalition", "organization")),
        summary("d", ent("Global Coalition against Daesh", "organization"), ent("Syrian National Coalition", "organization")),
    )
    assert apart(found, "US-led coalition", "Saudi-led coalition")
    assert apart(found, "Global Coalition against Daesh", "Syrian National Coalition")
    assert {"Coalition"} in found


def test_look_alike_spellings_that_are_different_names_stay_apart():
    found = groups(
        summary("a", ent("Austrian army", "organization"), ent("North Korea", "place"), ent("Daniel Smith", "person")),
        summary("b", ent("Australian army", "organization"), ent("South Korea", "place"), ent("Danielle Smith", "person")),
        summary("c", ent("Deir el-Zour", "place")),
        summary("d", ent("Deir ez-Zor", "place")),
    )
    assert apart(found, "Austrian army", "Australian army")
    assert apart(found, "North Korea", "South Korea")
    assert apart(found, "Daniel Smith", "Danielle Smith")
    assert together(found, "Deir el-Zour", "Deir ez-Zor")


def test_the_observatory_and_its_short_names_are_one_organisation():
    entities = entities_of(
        summary("a", ent("Syrian Observatory for Human Rights", "organization"), ent("Observatory", "person", mentions=3)),
        summary("b", ent("Syrian Observatory", "person")),
        summary("c", ent("the Observatory", "organization")),
    )
    assert len(entities) == 1
    assert entities[0].name == "Syrian Observatory for Human Rights"
    assert entities[0].type == "organization"


def test_islamic_state_names_are_one_entity():
    curation = Curation(merge=[["Islamic State group", "Daesh"]])
    found = groups(
        summary("a", ent("Islamic State group", "organization", "Islamic State", "IS", mentions=5)),
        summary("b", ent("IS", "organization", mentions=2)),
        summary("c", ent("Islamic State in Iraq and Syria", "organization", "ISIS"), ent("Daesh", "place")),
        summary("d", ent("ISIS", "organization", "Isis", mentions=3)),
        summary("e", ent("Islamic State", "organization")),
        curation=curation,
    )
    assert len(found) == 1
    assert found[0] >= {"IS", "ISIS", "Isis", "Islamic State", "Islamic State group", "Daesh"}


def test_type_is_decided_by_all_mentions_and_one_word_names_of_both_kinds_join():
    entities = entities_of(
        summary("a", ent("Qaim", "person")),
        summary("b", ent("Qaim", "place", mentions=3)),
        summary("c", ent("Qaim", "place")),
    )
    assert [(e.name, e.type, e.mentions) for e in entities] == [("Qaim", "place", 5)]


def test_canonical_name_is_the_spelled_out_name_most_articles_use():
    entities = entities_of(
        summary("a", ent("SDF", "organization", mentions=4)),
        summary("b", ent("Syrian Democratic Forces", "organization", "SDF")),
        summary("c", ent("Syrian Democratic Forces", "organization")),
        summary("d", ent("west Mosul", "place", "Mosul")),
        summary("e", ent("Mosul", "place")),
        summary("f", ent("Mosul", "place")),
    )
    assert sorted(e.name for e in entities) == ["Mosul", "Syrian Democratic Forces"]


def test_slug_map_covers_every_name_and_alias_of_every_summary():
    _, slug_of = __import__("generator.merge", fromlist=["merge_entities"]).merge_entities(
        [summary("a", ent("Brett McGurk", "person", "McGurk")), summary("b", ent("McGurk", "person"))]
    )
    assert slug_of == {("a", "Brett McGurk"): "brett-mcgurk", ("a", "McGurk"): "brett-mcgurk", ("b", "McGurk"): "brett-mcgurk"}
