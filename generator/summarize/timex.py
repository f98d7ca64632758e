"""Temporal expressions in news English, normalised to TimeML values against the publication date.

`find_times(text, anchor)` finds every expression that names a date or a period ("Sunday",
"last year", "Oct. 3", "the summer of 2014", "four years ago") and gives its TimeML value
("2017-03-12", "2016", "2017-10-03", "2014-SU", "2013"). Durations ("for two weeks", "a six-year
war") are not dates and are not returned.

The finder is a set of regular expressions run once each over the text (linear in its size),
longest match first. Absolute dates keep their value without an anchor; values that depend on the
anchor ("relative") are None when there is no anchor or it is too coarse (a weekday in an article
known only to its month). A weekday or a month without a year is the most recent one on or before
the anchor, unless its sentence looks ahead ("will", "plans to", "is due to"): news mostly reports
what happened. dateparser parses the numeric date formats (03/11/2017, 11.03.2017), whose variants
it knows better than a hand list; on free text `dateparser.search` alone scores value F1 0.23 on the
TimeBank subset in tests/eval/timex (it takes "may", "we" and "4th" for dates), this module 0.92.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Literal, Optional

Precision = Literal["day", "week", "month", "season", "year"]
AnchorPrecision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class Anchor:
    """The document creation time (publication date) and how much of it is known."""

    date: date
    precision: AnchorPrecision


@dataclass(frozen=True)
class TimeMention:
    """One temporal expression: its span in the text and its TimeML value."""

    text: str  # exactly text[start:end]
    start: int
    end: int
    value: Optional[str]  # "2017-03-11", "2013-W11", "2016-10", "2014-SU", "2015"; None if unresolvable
    precision: Optional[Precision]
    relative: bool  # the value depends on the anchor


# --- vocabulary -------------------------------------------------------------------------------

MONTHS = {name: i + 1 for i, name in enumerate(
    "january february march april may june july august september october november december".split())}
MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "sept": 9, "oct": 10, "nov": 11, "dec": 12}
WEEKDAYS = {name: i for i, name in enumerate(
    "monday tuesday wednesday thursday friday saturday sunday".split())}
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50})
ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split())}
ORDINALS.update({"twenty-" + w: 20 + n for w, n in list(ORDINALS.items())[:9]})
ORDINALS.update({"thirtieth": 30, "thirty-first": 31})
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
# The label year of a season and its first/last month: winter is labelled by its January.
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_RANK = {"year": 1, "month": 2, "day": 3}


def _alt(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


MONTH_NAME = r"(?:%s)\b" % _alt([m.capitalize() for m in MONTHS])
MONTH_ANY = r"(?:%s\b|(?:%s)(?:\.|\b))" % (_alt([m.capitalize() for m in MONTHS]),
                                          _alt([a.capitalize() for a in MONTH_ABBR]))
WEEKDAY = r"(?:%s)" % _alt([d.capitalize() for d in WEEKDAYS])
ORDINAL_WORD = r"(?i:%s)" % _alt(list(ORDINALS))
DAY_NUM = r"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)|%s)" % ORDINAL_WORD
SPELLED_YEAR = r"(?i:nineteen[\s-]+(?:%s)(?:[\s-]+(?:%s))?)" % (
    _alt(list(TENS)), _alt([w for w in NUMBERS if 1 <= NUMBERS[w] <= 9 and len(w) > 2]))
YEAR = r"(?:(?:19|20)\d\d(?![\d,.]\d)(?!\w)|%s)" % SPELLED_YEAR
SEASON = r"(?i:spring|summer|autumn|fall|winter)"
PART_OF_DAY = r"(?i:morning|afternoon|evening|night|overnight)"
NUMBER_WORD = r"(?i:%s|\d{1,3})" % _alt(list(NUMBERS))
SPOKEN_2000S = r"(?i:two\s+thousand(?:\s+(?:and\s+)?(?:%s))?\b)" % _alt(
    [w for w in NUMBERS if 1 <= NUMBERS[w] <= 19 and len(w) > 2])


# --- calendar arithmetic ----------------------------------------------------------------------

def _shift_month(year: int, month: int, k: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + k
    return n // 12, n % 12 + 1


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _known(anchor: Optional[Anchor], level: AnchorPrecision) -> Optional[date]:
    """The anchor date when it is known at least to `level` (day, month or year)."""
    if anchor is None or _RANK[anchor.precision] < _RANK[level]:
        return None
    return anchor.date


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _weekday_date(ref: date, weekday: int, direction: str) -> date:
    """The weekday nearest `ref` in `direction`: 'back'/'forward' include ref; 'before'/'after' do not."""
    back = (ref.weekday() - weekday) % 7
    if direction == "back":
        return ref - timedelta(days=back)
    if direction == "before":
        return ref - timedelta(days=back or 7)
    fwd = (weekday - ref.weekday()) % 7
    return ref + timedelta(days=fwd if direction == "forward" else (fwd or 7))


# A day-and-month with no year is taken in the year that puts it within this window around the
# anchor: news mostly looks back, but "on Saturday, April 25" in a Friday paper is the next day.
FUTURE_WINDOW_DAYS = 90


def _year_for_month_day(month: int, day: int, ref: date, future: bool) -> Optional[date]:
    """The year for a day-and-month; `future` when the sentence looks ahead (then the next one)."""
    ahead = 365 if future else FUTURE_WINDOW_DAYS
    for year in (ref.year, ref.year - 1, ref.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if ref - timedelta(days=365 - ahead) < d <= ref + timedelta(days=ahead):
            return d
    return None


def _season_value(season: str, ref: date, which: str) -> str:
    """'this', 'last' or 'next' season relative to the month of `ref`."""
    first, last = SEASON_MONTHS[season]

    def start(y: int) -> tuple[int, int]:  # first month of season labelled y
        return (y - 1, first) if season == "WI" else (y, first)

    def end(y: int) -> tuple[int, int]:
        return (y, last)

    now = (ref.year, ref.month)
    if which == "last":
        y = ref.year + 1
        while end(y) >= now:
            y -= 1
    elif which == "next":
        y = ref.year - 1
        while start(y) <= now:
            y += 1
    else:
        y = ref.year + 1 if season == "WI" and ref.month == 12 else ref.year
    return f"{y}-{season}"


# --- context tests ----------------------------------------------------------------------------

_FUTURE_CUE = re.compile(
    r"\b(?:will|would|won't|'ll|shall|going to|is to|are to|due to|scheduled|expected to|planned|plans? to"
    r"|set to|supposed to|intends? to|ahead of|upcoming)\b", re.I)
# A verb in the past just before the date ("arrived Tuesday", "said on Friday") settles the tense.
_PAST_VERB = re.compile(
    r"\b(?:[a-z]+ed|said|says|told|met|left|went|came|began|took|gave|made|saw|fled|fought|won|lost"
    r"|held|sent|found|struck|shot|brought|built|caught|fell|flew|got|hit|kept|led|put|ran|rose"
    r"|sold|spoke|stood|thought|threw|wrote|was|were)\s*,?\s*(?:on|at|in|late|early)?\s*$", re.I)
# A sentence ends at . ? ! after a lower-case word ("U.S. troops", "Gen. Smith" do not end one).
_SENTENCE_END = re.compile(r"(?<=[a-z0-9\"')\u201d])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)"
                           r"[.?!]\s+|;\s|\n\s*\n")
CONTEXT_CHARS = 150  # how far back a tense cue may sit: about one news sentence


def _future_context(text: str, start: int) -> bool:
    """Whether the sentence before `start` looks ahead ("will be named ... for a mission in December")."""
    if _previous_word(text, start) == "since":  # "on patrol since March"
        return False
    left = text[max(0, start - CONTEXT_CHARS):start]
    ends = list(_SENTENCE_END.finditer(left))
    clause = left[ends[-1].end():] if ends else left
    if _PAST_VERB.search(clause):
        return False
    return bool(_FUTURE_CUE.search(clause))


_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")


def _previous_word(text: str, start: int) -> str:
    m = _WORD_BEFORE.search(text[max(0, start - 30):start])
    return m.group(1).lower() if m else ""


# --- rules --------------------------------------------------------------------------------------

Found = tuple[Optional[str], Optional[Precision], bool]  # value, precision, relative
Handler = Callable[[re.Match, str, Optional[Anchor]], Optional[Found]]


def _year_of(s: str) -> int:
    s = s.lower()
    if s[:2].isdigit():
        return int(s)
    words = [w for w in re.split(r"[\s-]+", s) if w != "and"]
    if words[0] == "two":  # "two thousand (and) six"
        return 2000 + (NUMBERS[words[2]] if len(words) > 2 else 0)
    return 1900 + TENS[words[1]] + (NUMBERS[words[2]] if len(words) > 2 else 0)


def _month_of(s: str) -> int:
    s = s.lower().rstrip(".")
    return MONTHS.get(s) or MONTH_ABBR[s]


def _day_of(s: str) -> int:
    s = s.lower()
    return ORDINALS[s] if s in ORDINALS else int(re.match(r"\d+", s).group())


def _full_date(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    month, day = _month_of(m["mon"]), _day_of(m["day"])
    if m["year"]:
        try:
            return date(_year_of(m["year"]), month, day).isoformat(), "day", False
        except ValueError:
            return None
    ref = _known(anchor, "month")
    if ref is None:
        return None, None, True
    d = _year_for_month_day(month, day, ref, _future_context(text, m.start()))
    return (d.isoformat() if d else None), ("day" if d else None), True


_WEEK_OF_MONTH = {"first": 4, "second": 11, "third": 18}  # ISO: a week is the one holding its Thursday


def _in_month(year: int, month: int, m: re.Match) -> tuple[str, Precision]:
    """The month's value, or one week of it for "the last week of October" (ISO week, as TimeML)."""
    week = "wk" in m.re.groupindex and m["wk"]
    if not week:
        return _month_value(year, month), "month"
    if week.lower() == "last":  # the last week that ends inside the month
        y, mo = _shift_month(year, month, 1)
        day = date(y, mo, 1) - timedelta(days=4)
    else:
        day = date(year, month, _WEEK_OF_MONTH[week.lower()])
    return _iso_week(day), "week"


def _month_year(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    return *_in_month(_year_of(m["year"]), _month_of(m["mon"]), m), False


# "May" and "March" are also a verb and a modal: alone they need a word that makes them a date.
_EVERY = {"each", "every"}  # "each July", "every Thursday": a set of days, not a date
_MONTH_LEADS = {"in", "since", "until", "till", "by", "during", "last", "this", "next", "early",
                "late", "mid", "from", "through", "before", "after", "of", "end", "and",
                "or", "to", "between", "each", "every"}


def _bare_month(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    month = _month_of(m["mon"])
    rel = (m["rel"] or "").lower()
    prev = _previous_word(text, m.start())
    modified = m.start() < m.start("mon")  # "last May", "the end of March"
    if prev in _EVERY or month in (3, 5) and not modified and prev not in _MONTH_LEADS:
        return None
    ref = _known(anchor, "month")
    if ref is None:
        return None, None, True
    y, mo = ref.year, ref.month
    if rel == "this":
        year = y
    elif rel == "last":  # last month's name would be "last month": "last February" in March is a year back
        year = y if month < mo - 1 else y - 1
    elif rel == "next" or _future_context(text, m.start()):
        year = y if month > mo else y + 1
    else:  # the most recent such month on or before the anchor's
        year = y if month <= mo else y - 1
    return *_in_month(year, month, m), True


def _month_rel_year(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    ref = _known(anchor, "year")
    if ref is None:
        return None, None, True
    return *_in_month(ref.year + _STEP[m["rel"].lower()], _month_of(m["mon"]), m), True


def _season(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    season = SEASONS[m["season"].lower()]
    if "year" in m.re.groupindex and m["year"]:
        return f"{_year_of(m['year'])}-{season}", "season", False
    ref = _known(anchor, "month")
    if ref is None:
        return None, None, True
    return _season_value(season, ref, m["rel"].lower()), "season", True


def _numeric_date(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    import dateparser  # costs 0.15 s to import: only when a numeric date is there

    s = m.group()
    order = "YMD" if re.match(r"\d{4}", s) else ("DMY" if "." in s else "MDY")
    d = dateparser.parse(s, languages=["en"], settings={
        "DATE_ORDER": order, "STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    if d is None or not 1900 <= d.year <= 2099:
        return None
    return d.date().isoformat(), "day", False


# A bare number 1900-2099 is a year only in a date's company: not "2,000 people", "about 2000
# troops" or "Resolution 2043".
_YEAR_LEADS = {"in", "since", "of", "by", "until", "till", "from", "to", "through", "thru", "during",
               "before", "after", "around", "circa", "between", "and", "or", "the", "early", "late",
               "mid", "end", "year", "fiscal", "spring", "summer", "autumn", "fall", "winter", "for",
               "at", "on", "than", "as", "its", "their", "his", "her", "a"}
_QUANTITY_LEADS = {"about", "some", "nearly", "almost", "approximately", "roughly", "over", "under",
                   "only", "just", "least", "estimated", "another", "additional", "total", "killed",
                   "no", "number", "flight", "room", "route", "highway", "resolution", "article",
                   "model", "version", "page", "code", "score", "rank", "zone", "interstate"}
_NAME_BEFORE = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+\s+$")
_MONTH_WORDS = {m.capitalize() for m in MONTHS}
_COUNT_NOUN = re.compile(r"\s*(?:[a-z]+s\b|people|troops|men|women|children|police|personnel|staff"
                         r"|km|kilometres|kilometers|miles|metres|meters|feet|tons|tonnes|dollars"
                         r"|percent|per\b|%|\$)")


def _year(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    start = m.start("year")
    prev = _previous_word(text, m.start())
    if text[max(0, start - 1):start] in ("$", "£", "€", "#", "/"):
        return None
    if m["mod"] is None and prev in _QUANTITY_LEADS:
        return None
    named = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if m["mod"] is None and m["year"][:1].isdigit() and named and prev not in _YEAR_LEADS \
            and prev.capitalize() not in _MONTH_WORDS:
        return None  # "Orion 1980", "Windows 2000": a name with a number
    after = text[m.end():m.end() + 20]
    if m["mod"] is None and prev not in _YEAR_LEADS and _COUNT_NOUN.match(after) \
            and not after.startswith("'s"):
        return None
    return str(_year_of(m["year"])), "year", False


def _spoken_year(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    return str(_year_of(m["year"])), "year", False


def _weekday(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    rel = re.sub(r"\s+", " ", (m["rel"] or "").lower())
    if not rel and _previous_word(text, m.start()) in _EVERY:
        return None
    ref = _known(anchor, "day")
    if ref is None:
        return None, None, True
    wd = WEEKDAYS[m["wd"].lower()]
    if rel == "last":
        direction = "before"
    elif rel in ("next", "this coming", "coming"):
        direction = "after"
    elif rel == "this" or _future_context(text, m.start()):
        direction = "forward"
    else:  # the most recent such day, the anchor's own included
        direction = "back"
    return _weekday_date(ref, wd, direction).isoformat(), "day", True


_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "last night": -1,
                "this morning": 0, "this afternoon": 0, "this evening": 0, "earlier today": 0,
                "later today": 0, "the day before yesterday": -2, "the day after tomorrow": 2}


def _day_word(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    ref = _known(anchor, "day")
    if ref is None:
        return None, None, True
    key = re.sub(r"\s+", " ", m.group().lower())
    return (ref + timedelta(days=_DAY_OFFSETS[key])).isoformat(), "day", True


_STEP = {"last": -1, "this": 0, "next": 1}


def _weekend(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    """ "the weekend", "last weekend", "this weekend": the ISO week it falls in (TimeML writes weeks)."""
    ref = _known(anchor, "day")
    if ref is None:
        return None, None, True
    rel = m["rel"].lower()
    on_weekend = ref.weekday() >= 5
    if rel == "last":
        weeks = -1
    elif on_weekend:
        weeks = 0
    elif rel == "this" or _future_context(text, m.start()):
        weeks = 0  # the coming weekend ends the current ISO week
    else:
        weeks = -1  # "over the weekend" in a Monday paper
    return _iso_week(ref + timedelta(weeks=weeks)), "week", True


def _unit_relative(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    if m["rel"][0].isupper() and m["unit"][0].isupper():
        return None  # "This Week", "Next Year": a title, not a date
    unit, k = m["unit"].lower(), _STEP[m["rel"].lower()]
    ref = _known(anchor, {"week": "day", "month": "month", "year": "year"}[unit])
    if ref is None:
        return None, None, True
    if unit == "week":
        return _iso_week(ref + timedelta(weeks=k)), "week", True
    if unit == "month":
        return _month_value(*_shift_month(ref.year, ref.month, k)), "month", True
    return str(ref.year + k), "year", True


def _ago(m: re.Match, text: str, anchor: Optional[Anchor]) -> Optional[Found]:
    n_text, unit = m["n"].lower(), (m["unit"] or m["unit2"]).lower()
    n = int(n_text) if n_text.isdigit() else NUMBERS[n_text]
    ref = _known(anchor, {"day": "day", "week": "day", "month": "month", "year": "year"}[unit])
    if ref is None:
        return None, None, True
    if unit == "day":
        return (ref - timedelta(days=n)).isoformat(), "day", True
    if unit == "week":
        return _iso_week(ref - timedelta(weeks=n)), "week", True
    if unit == "month":
        return _month_value(*_shift_month(ref.year, ref.month, -n)), "month", True
    return str(ref.year - n), "year", True


_MOD = r"(?i:(?:early|late|mid|the\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)[\s-]+)"
_MONTH_MOD = (r"(?i:(?:early|late|mid|the\s+(?:end|beginning|start|middle|(?P<wk>first|second|third|last)\s+week)"
              r"\s+of)[\s-]+)")
_SEP = r"(?:,\s*|\s+)"
_YEAR_TAIL = rf"(?:,?\s+(?P<year>{YEAR}))?"
_APPROX = r"(?i:(?:(?:more|less)\s+than|nearly|almost|about|some|just\s+over|just|over|roughly|around)\s+)"
_AGO = r"(?:(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)|(?P<unit2>(?i:year))s?\s+(?i:earlier))"

RULES: list[tuple[re.Pattern, Handler]] = [
    # "Saturday, April 25, 1998", "Oct. 3", "March eighth", "the 3rd of March 2017"
    (re.compile(rf"\b(?:{WEEKDAY},?\s+)?(?P<mon>{MONTH_ANY})\s*(?P<day>{DAY_NUM})\b{_YEAR_TAIL}"),
     _full_date),
    (re.compile(rf"\b(?:{WEEKDAY},?\s+)?(?i:the\s+)?(?P<day>{DAY_NUM})\s+(?i:of\s+)?(?P<mon>{MONTH_ANY}){_YEAR_TAIL}"),
     _full_date),
    # "October 2016", "mid-March 2014", "May of 2014"
    (re.compile(rf"(?:{_MONTH_MOD})?\b(?P<mon>{MONTH_ANY}){_SEP}(?i:of\s+)?(?P<year>{YEAR})"), _month_year),
    # "June last year", "January of this year"
    (re.compile(rf"(?:{_MONTH_MOD})?\b(?P<mon>{MONTH_NAME})\s+(?i:of\s+)?(?P<rel>(?i:this|last|next))\s+(?i:year)\b"),
     _month_rel_year),
    # "October", "last May", "the end of April", "the last week of October"
    (re.compile(rf"(?:(?P<rel>(?i:last|this|next))\s+|{_MONTH_MOD})?\b(?P<mon>{MONTH_NAME})"), _bare_month),
    # "the summer of 2014", "summer 2014", "last fall", "this summer"
    (re.compile(rf"(?:{_MOD})?(?i:the\s+)?\b(?P<season>{SEASON}){_SEP}(?i:of\s+)?(?P<year>{YEAR})"), _season),
    (re.compile(rf"(?:(?i:earlier|later|early|late)\s+)?\b(?P<rel>(?i:last|this|next))\s+(?P<season>{SEASON})\b"),
     _season),
    # "2017-03-11", "03/11/2017", "11.03.2017"
    (re.compile(r"\b(?:\d{4}-\d\d-\d\d|\d{4}/\d\d?/\d\d?|\d\d?/\d\d?/(?:\d{4}|\d\d)|\d\d?\.\d\d?\.\d{4})\b"),
     _numeric_date),
    # "in 2014", "mid-2016", "the end of 2014", "fiscal 1990", "2014's"
    (re.compile(rf"(?P<mod>{_MOD})?\b(?P<year>{YEAR})"), _year),
    # "the year two thousand": spoken years, in transcripts
    (re.compile(rf"(?i:\bthe\s+year\s+)(?P<year>{SPOKEN_2000S})"), _spoken_year),
    # "Sunday", "late Saturday night", "last Friday", "this coming Sunday"
    (re.compile(rf"(?:(?P<rel>(?i:this\s+coming|coming|last|next|this))\s+|(?i:early|late)\s+)?\b(?P<wd>{WEEKDAY})(?!s\b)\b"
                rf"(?:\s+{PART_OF_DAY}\b)?"), _weekday),
    (re.compile(r"(?i:\b(?:today|tonight|yesterday|tomorrow|(?<!the\s)last\s+night|this\s+(?:morning|afternoon|evening)"
                r"|earlier\s+today|later\s+today|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)\b)"),
     _day_word),
    # "the weekend", "over the weekend", "last weekend", "this weekend"
    (re.compile(r"(?i:\b(?P<rel>the|this|last)\s+weekend\b(?!s))"), _weekend),
    # "this week", "earlier this month", "late last year", "next year"
    (re.compile(r"(?i:(?:(?:earlier|later|early|late|so\s+far|the\s+(?:end|beginning|start|middle|rest)\s+of)\s+)?"
                r"\b(?<!the\s)(?P<rel>this|last|next)\s+(?P<unit>week|month|year)\b(?!s\b))"), _unit_relative),
    # "four years ago", "more than two years ago", "a year earlier" (days or weeks "earlier" count
    # from the story's last event, not from the publication date: not taken)
    (re.compile(rf"{_APPROX}?\b(?P<n>{NUMBER_WORD})[\s-]+{_AGO}\b"), _ago),
]


# --- times read against the story's last day (anaphoric) ------------------------------------------
# "later in the day", "the next day", "shortly before midnight": not the publication date but the
# day the text last named ("battling IS ... on Sunday, and ... recaptured the area later in the day").
# Their handlers get that day as their anchor.

_SAME_DAY = re.compile(
    r"(?i:\b(?:(?:later|earlier)\s+(?:in\s+the|that)\s+day|(?:that|the\s+same)\s+day"
    r"|(?:later|earlier)\s+that\s+(?:morning|afternoon|evening|night))\b)"
)
_DAYS_AFTER = re.compile(
    r"(?i:\bthe\s+(?P<which>next|following|previous)\s+(?:day|morning|afternoon|evening|night)\b"
    r"|(?<!\ban\s)(?<!\bthe\s)(?<!\ba\s)(?<!\bAn\s)\b(?P<overnight>overnight)\b(?!\s+(?:to|into|on|from|in)\b)"
    rf"|\b(?P<n>{NUMBER_WORD})\s+days?\s+(?P<dir>later|earlier)\b)"
)
# A time of day: the day it falls on is the story's last day, unless a date follows ("at 10 p.m. on
# Tuesday", "6.24pm this evening": that date is the expression then, found by its own rule).
_CLOCK = re.compile(
    r"(?:(?i:shortly|just|soon|right|well)\s+(?i:before|after)\s+)?"
    r"(?:\b(?i:midnight|midday|noon|dawn|daybreak|dusk|nightfall)\b|\b(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s?(?i:a\.m\.|p\.m\.|am\b|pm\b))"
)
_DATE_FOLLOWS = re.compile(
    rf"\s*(?:on\s+|,\s*)?(?:{WEEKDAY}|{MONTH_ANY}|(?i:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)))"
)


def _same_day(m: re.Match, text: str, story_day: Optional[Anchor]) -> Optional[Found]:
    ref = _known(story_day, "day")
    return (ref.isoformat(), "day", True) if ref else (None, None, True)


def _days_after(m: re.Match, text: str, story_day: Optional[Anchor]) -> Optional[Found]:
    ref = _known(story_day, "day")
    if ref is None:
        return None, None, True
    if m["overnight"]:
        step = -1  # "surrendered overnight" in a Tuesday report: the night to Tuesday, dated by its evening
    elif m["which"]:
        step = -1 if m["which"].lower() == "previous" else 1
    else:
        n = int(m["n"]) if m["n"].isdigit() else NUMBERS[m["n"].lower()]
        step = n if m["dir"].lower() == "later" else -n
    return (ref + timedelta(days=step)).isoformat(), "day", True


def _clock(m: re.Match, text: str, story_day: Optional[Anchor]) -> Optional[Found]:
    if _DATE_FOLLOWS.match(text, m.end()):
        return None
    return _same_day(m, text, story_day)


STORY_DAY_RULES: list[tuple[re.Pattern, Handler]] = [(_SAME_DAY, _same_day), (_DAYS_AFTER, _days_after), (_CLOCK, _clock)]
_STORY_DAY_HANDLERS = {handler for _, handler in STORY_DAY_RULES}


def find_times(text: str, anchor: Optional[Anchor], story_day: Optional[date] = None) -> list[TimeMention]:
    """Every temporal expression in `text` that names a date/period, normalised against the anchor.

    `story_day` is the day the text before `text` last named (default: the publication day), which
    "later in the day" and "the next day" count from; inside `text` each named day takes over.
    """
    candidates: list[tuple[int, int, int, Handler, re.Match]] = []
    for order, (pattern, handler) in enumerate(RULES + STORY_DAY_RULES):
        for m in pattern.finditer(text):
            if m.end() > m.start():
                candidates.append((m.start(), -(m.end() - m.start()), order, handler, m))
    candidates.sort(key=lambda c: c[:3])
    found: list[TimeMention] = []
    taken_until = 0
    day = story_day or _known(anchor, "day")
    for start, neg_len, _, handler, m in candidates:
        end = start - neg_len
        if start < taken_until:
            continue
        if handler in _STORY_DAY_HANDLERS:
            result = handler(m, text, Anchor(day, "day") if day else None)
        else:
            result = handler(m, text, anchor)
        if result is None:
            continue
        value, precision, relative = result
        found.append(TimeMention(text[start:end], start, end, value, precision, relative))
        taken_until = end
        if precision == "day" and value:
            day = date.fromisoformat(value)
    return found


def last_day(mentions: list[TimeMention]) -> Optional[date]:
    """The last day-precision date among `mentions` (the story day for the text after them)."""
    for mention in reversed(mentions):
        if mention.precision == "day" and mention.value:
            return date.fromisoformat(mention.value)
    return None
