"""Word lists that extraction reads context with: common nouns and titles, never names of things.

Each list is English news vocabulary that tells what kind of thing a neighbouring name is ("the town
of X", "Health Minister X"). Names themselves are never listed here: what only an editor can know
about a name belongs in content/entities.yml.
"""

from __future__ import annotations

import re

# "the town of Qaim", "Khas Ajil village", "the provincial capital, Mbandaka": nouns that say the name
# next to them is a place.
PLACE_NOUNS = {
    "town", "towns", "city", "cities", "village", "villages", "province", "provinces", "district", "districts",
    "area", "region", "neighborhood", "neighbourhood", "neighborhoods", "neighbourhoods", "capital",
    "governorate", "suburb", "suburbs", "county", "state", "island", "islands", "valley", "port", "border",
    "outskirts", "countryside", "desert", "stronghold", "municipality", "prefecture", "township", "hamlet",
    "quarter", "zone", "zones", "enclave", "airport", "base",
}
# "the liberation of Rawa", "the fall of Raqqa": things that happen to places.
PLACE_EVENTS = {
    "liberation", "capture", "fall", "recapture", "retaking", "siege", "outskirts", "battle", "centre",
    "center", "east", "west", "north", "south", "heart", "edge", "residents", "mayor", "governor", "side",
    "bank", "banks", "shore", "shores", "outskirts",
}
# "fighting in Qaim", "near Boukamal": prepositions of location. Weak evidence (people are rarely
# their object, organisations sometimes are), so it weighs less than the nouns above.
LOCATIVE_PREPOSITIONS = {"in", "inside", "near", "outside", "around", "into", "across", "towards", "toward"}
# "wrote on Twitter", "posted on Facebook": the object is a platform, an organisation.
PUBLISHING_VERBS = {"wrote", "posted", "tweeted", "said", "published", "shared", "announced", "write", "post"}
# Titles and roles written before a person's name ("Prime Minister Haider al-Abadi", "Col. Ryan
# Dillon", "spokeswoman Dana White"): the name after one is a person.
TITLES = {
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador",
    "general", "gen.", "gen", "col.", "col", "colonel", "lt.", "lieutenant", "maj.", "major", "brig.",
    "brigadier", "sgt.", "sergeant", "capt.", "captain", "adm.", "admiral", "cmdr.", "commander", "mr.", "mr",
    "mrs.", "mrs", "ms.", "ms", "dr.", "dr", "prof.", "professor", "sen.", "senator", "rep.", "representative",
    "gov.", "governor", "mayor", "king", "queen", "prince", "princess", "sheikh", "director",
    "chairman", "chairwoman", "economist", "analyst", "researcher", "co-author", "author", "premier",
    "chancellor", "judge", "coach", "batsman", "bowler", "player", "striker", "manager", "founder", "ceo",
    "pope", "bishop", "imam", "cleric", "photographer", "correspondent", "reporter", "editor", "physicist",
    "scientist", "professor", "spokesperson", "commissioner", "emir", "sultan", "lawmaker", "mp",
}
# Left out on purpose: "chief", "official", "leader", "deputy": they come before another title or an
# organisation ("chief Pentagon spokeswoman"), not directly before a person's name.
# The last word of a name that says what kind of thing it names ("Fateh al-Sham Front", "Marshal
# Hotel", "Commonwealth Bank Test"): strong evidence against spaCy's guess from the first words.
NAME_HEADS: dict[str, str] = {
    **{w: "organization" for w in (
        "front", "forces", "army", "party", "council", "committee", "commission", "ministry", "department",
        "agency", "organization", "organisation", "union", "association", "institute", "university", "college",
        "bank", "group", "brigade", "brigades", "division", "service", "command", "movement", "alliance",
        "coalition", "league", "corps", "company", "inc", "corp", "observatory", "office", "court", "authority",
        "fund", "board", "bureau", "survey", "federation", "network", "society", "foundation", "parliament",
        "assembly", "congress", "senate", "administration", "police", "militia", "battalion", "regiment",
        "military", "government", "regime", "navy",
    )},
    **{w: "place" for w in (
        "hotel", "airport", "stadium", "bridge", "mosque", "church", "square", "palace", "tower", "dam",
        "street", "road", "avenue", "park", "cathedral", "shrine", "oval", "arena", "river", "valley",
        "mountains", "mountain", "sea", "gulf", "lake", "island", "islands", "province", "city", "county",
    )},
    **{w: "event" for w in (
        "test", "cup", "games", "olympics", "championship", "championships", "open", "summit", "conference",
        "war", "election", "elections", "festival", "parade", "marathon", "series", "tournament", "offensive",
        "depression", "revolution", "uprising", "crisis", "day",
    )},
}
# Words that open a person span before the name itself ("Patrol Chief James Hall").
NAME_PREFIX_TITLES = TITLES | {"chief", "deputy", "vice", "acting", "patrol", "police", "state", "foreign", "defense", "defence"}
# "U.S.-led coalition", "Saudi-led alliance": a name joined to -led/-backed before one of these nouns.
LED_ORGANIZATION = re.compile(r"^[A-Z][\w.]*-(?:led|backed)$")
LED_HEADS = {"coalition", "forces", "force", "government", "militia", "militias", "army"}
# Abbreviated titles spaCy sometimes tags as a name of their own ("Brig", "Gen").
TITLE_ABBREVIATIONS = {t.rstrip(".") for t in TITLES if t.endswith(".")} | {"Lt", "Sgt", "Gen", "Brig", "Col"}
# "Iraqi forces", "Syrian army", "U.S.-led coalition": a people's or place's name before one of these
# names an organisation (armed forces and governments are organisations; "troops" and "soldiers"
# are people, not an organisation, under the annotation rules).
ORGANIZATION_HEADS = re.compile(
    r"(?:-led|-backed)?\s+(security forces|special forces|forces|army|government|police|military|navy|"
    r"air force|coalition|parliament|administration|regime)\b",
    re.IGNORECASE,
)
# Names of peoples, ethnic and religious groups (a "group" entity even as an adjective: "Kurdish
# fighters"); every other NORP word spaCy finds is a nationality ("Iraqi", "Americans"), which the
# schema says is not an entity of its own.
GROUP_WORDS = re.compile(
    r"^(kurd|kurdish|arab|shiite|shia|shi'ite|shi’ite|sunni|muslim|christian|jew|jewish|yazidi|yezidi|alawite|"
    r"druze|turkmen|assyrian|chaldean|copt|coptic|maronite|pashtun|tajik|hazara|baloch|hindu|sikh|buddhist|"
    r"catholic|protestant|evangelical|orthodox|rohingya|hutu|tutsi|uighur|uyghur|tamil|sinhalese|bedouin|"
    r"berber|amazigh|roma|islam|salafi|wahhabi|sufi|republican|democrat|latino|hispanic|"
    r"aboriginal|indigenous|mormon|zoroastrian|bahai|baha'i|circassian|kazakh|uzbek|kyrgyz|chechen|"
    r"armenian|zulu|xhosa|igbo|yoruba|hausa|fulani|kachin)s?$",
    re.IGNORECASE,
)
# Words that are never a name on their own, though spaCy sometimes tags them.
NOT_NAMES = {"n't", "n’t", "the", "a", "an", "this", "that", "it", "he", "she", "they", "we", "i", "you"}
