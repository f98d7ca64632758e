"""Typed values passed between the pipeline stages.

Article -> (summarize) -> Summary -> (merge) -> Briefing -> (render) -> pages.
The summary schema is the contract of DESIGN.md: field names here are what the YAML files hold.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["person", "organization", "place", "group", "event", "other"]
Precision = Literal["day", "week", "month", "season", "year"]
DateBasis = Literal["metadata", "text", "unknown"]
ReviewStatus = Literal["machine", "edited", "reviewed"]


class Strict(BaseModel):
    """Base: unknown keys are errors, so a typo in a hand-edited file is reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=False)


class Published(Strict):
    """When an article was published, how precisely, and how that was known."""

    date: Optional[str] = Field(None, description="ISO date at its precision: 2017, 2017-03 or 2017-03-12")
    precision: Optional[Literal["day", "month", "year"]] = None
    basis: DateBasis = Field("unknown", description="metadata: from the publisher; text: inferred from the article")
    note: Optional[str] = Field(None, description="how the date was established, in the editor's words")

    def anchor_date(self) -> Optional[date]:
        """The first day the published value allows (for ordering and normalising)."""
        if not self.date:
            return None
        parts = [int(p) for p in self.date.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return date(*parts)


class Paragraph(BaseModel):
    """One paragraph of cleaned article text; `number` is its stable 1-based anchor (#p<number>)."""

    model_config = ConfigDict(frozen=True)
    number: int
    text: str


class Article(BaseModel):
    """An input article after reading and cleaning."""

    id: str
    path: str = Field(description="path of the source file, relative to the project")
    title: str
    publisher: Optional[str] = None
    url: Optional[str] = None
    published: Published = Published()
    byline: Optional[str] = None
    language: str = "en"
    paragraphs: list[Paragraph]
    removed: list[str] = Field([], description="blocks cleaning dropped (boilerplate, repeated title), shown on the page")
    source_sha256: str = Field(description="hash of the raw file bytes: the cache and edit-protection key")


class KeySentence(Strict):
    """A verbatim sentence that briefs the article."""

    text: str
    paragraph: int


class SummaryEntity(Strict):
    """A named thing within one article."""

    name: str
    type: EntityType
    aliases: list[str] = []
    mentions: int = 1
    description: Optional[str] = None
    paragraphs: list[int] = Field([], description="paragraphs that mention it, for snippets and co-occurrence")


class Event(Strict):
    """Something that happened at a stated time; date is None for undated (relative, unanchored) items."""

    date: Optional[str] = None
    precision: Optional[Precision] = None
    text: str
    paragraph: int
    entities: list[str] = []
    time_text: Optional[str] = Field(None, description="the temporal expression as written")


class Figure(Strict):
    """A number with what it measures and who claimed it."""

    value: float
    unit: str = ""
    measure: str = ""
    text: str
    paragraph: int
    claimed_by: Optional[str] = None


class Quote(Strict):
    """Quoted words and their speaker (an entity name, or None if unattributed)."""

    speaker: Optional[str] = None
    text: str
    paragraph: int


class Review(Strict):
    """Who stands behind a summary. Only `machine` summaries are ever regenerated."""

    status: ReviewStatus = "machine"
    source_sha256: str = ""
    extractor: str = Field("", description="extractor version that wrote it; a new version re-summarises")
    content_sha256: str = Field("", description="fingerprint of the summary as the machine wrote it, to spot hand edits")


class Summary(Strict):
    """The structured summary of one article: the YAML front matter of content/summaries/<id>.md."""

    id: str
    title: str
    publisher: Optional[str] = None
    url: Optional[str] = None
    published: Published = Published()
    summary: list[KeySentence] = []
    entities: list[SummaryEntity] = []
    events: list[Event] = []
    figures: list[Figure] = []
    quotes: list[Quote] = []
    review: Review = Review()
    notes: str = Field("", exclude=True, description="the Markdown body: the editor's notes")


# ---- merged, corpus-wide values -------------------------------------------------------------


class Mention(BaseModel):
    """Where an entity is named: an article paragraph."""

    article: str
    paragraph: int
    surface: str


class Entity(BaseModel):
    """One real-world thing across all articles."""

    slug: str
    name: str
    type: EntityType
    aliases: list[str] = []
    description: Optional[str] = None
    mentions: int = 0
    articles: list[str] = []
    occurrences: list[Mention] = []
    related: list[str] = Field([], description="slugs of co-occurring entities, most related first")


class Source(BaseModel):
    """One article paragraph that reports an event or figure."""

    article: str
    paragraph: int
    date: Optional[str] = None
    precision: Optional[Precision] = None
    text: str = ""


class ChronologyEntry(BaseModel):
    """One event, possibly reported by several sources."""

    id: str
    date: Optional[str]
    precision: Optional[Precision]
    text: str
    entities: list[str] = Field([], description="entity slugs")
    sources: list[Source]
    conflicting_dates: bool = False


class SeriesPoint(BaseModel):
    """One value of a key-figure series."""

    date: Optional[str]
    precision: Optional[str]
    value: float
    unit: str
    text: str
    claimed_by: Optional[str] = None
    article: str
    paragraph: int
    conflict: bool = Field(False, description="another source gives a different value for the same time")


class FigureSeries(BaseModel):
    """Figures that measure the same thing across articles, in date order."""

    slug: str
    measure: str
    unit: str
    points: list[SeriesPoint]


class Briefing(BaseModel):
    """Everything the site shows: the merged knowledge of all summaries."""

    articles: list[Article]
    summaries: dict[str, Summary]
    entities: list[Entity]
    chronology: list[ChronologyEntry]
    undated: list[ChronologyEntry]
    series: list[FigureSeries]
