"""Key figures: numbers that measure something, with unit, measure and claimant (issue 3)."""

from __future__ import annotations

from .test_extract_entities import summarize


def figures(*paragraphs: str):
    return [(f.value, f.unit, f.text, f.claimed_by) for f in summarize(*paragraphs).figures]


def test_a_count_has_its_noun_measure_and_claimant():
    found = figures("Brett McGurk said nearly 90,000 members of the Iraqi security forces had been trained.")
    assert found == [(90000, "members", "nearly 90,000 members of the Iraqi security forces", "Brett McGurk")]


def test_a_converted_unit_in_brackets_is_not_a_second_figure():
    found = figures("The quake struck about 22 km (14 miles) northeast of Hualien.")
    assert [(v, u) for v, u, _, _ in found] == [(22, "km")]


def test_a_share_counts_the_part_not_the_base():
    found = figures("Employment grew in 29 of 50 states, while 12 of the 13 states in the region lost jobs.")
    assert [(v, u) for v, u, _, _ in found] == [(29, "states"), (12, "states")]


def test_shares_in_words_are_fractions():
    found = figures("IS controlled nearly a third of the country. He employs less than half the number he had.")
    assert [(v, u) for v, u, _, _ in found] == [(0.333, "fraction"), (0.5, "fraction")]
    assert found[0][2].startswith("nearly a third of the country")


def test_small_counts_of_parts_of_the_story_are_not_figures():
    found = figures(
        "Two special forces units and two forces from the army entered one area of the city.",
        "Two people were killed and five villages were taken.",
    )
    assert {u for _, u, _, _ in found} <= {"people", "villages"}
    assert (5, "villages") in [(v, u) for v, u, _, _ in found]


def test_a_magnitude_is_measured():
    found = figures("The island was hit by an aftershock with a magnitude of 6.1 on Tuesday.")
    assert [(v, u) for v, u, _, _ in found] == [(6.1, "magnitude")]


def test_counts_the_model_or_the_parser_missed():
    found = figures(
        "More than 900 people were killed in the fighting.",
        "The army killed more than 400 IS militants, and up to 600 IS fighters remain.",
        "It lost 180 of its own soldiers, and two of those contacts fell ill.",
    )
    assert [(v, u) for v, u, _, _ in found] == [(900, "people"), (400, "militants"), (600, "fighters"), (180, "soldiers"), (2, "contacts")]
