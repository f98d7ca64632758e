"""Page-size limits: a briefing big enough to reach every limit of present.py, built end to end.

The project is written as an editor could write it: short articles and their summaries, marked
`reviewed` so the build keeps them as they are (no NLP: the test is about the pages). The build is
the real one, MkDocs in strict mode, which fails on any link that does not resolve; the assertions
read the Markdown it wrote under .build/docs, as MkDocs read it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from generator.render import present
from generator.read import sources
from generator.core import yamlio
from generator.commands.build import build

from tests.helpers import article, make_project

pytestmark = pytest.mark.slow

ARTICLES = present.ENTITY_ARTICLE_LINKS + 20  # one article full of Mosul, then more than the links can list
PUBLISHERS = present.HOME_PUBLISHERS + 5
FIRST_DAY = date(2015, 1, 1)
DAYS_APART = 4  # one-source events of Mosul more days apart than a misdated report may be: never joined
SHARED = "Iraqi forces entered Mosul from the east"
SHARED_DATE = "2016-11-01"
SHARED_BY = max(present.ENTRY_SOURCES, present.ENTRY_ENTITIES) + 1  # articles reporting the one event told many times,
UNITS = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliet", "Kilo", "Lima",
         "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango"]  # each naming a unit of its own
QUOTES = present.ENTITY_QUOTES + 5
SERIES = [("tanks", "tanks destroyed"), ("bridges", "bridges repaired"), ("schools", "schools reopened"),
          ("wells", "wells dug"), ("clinics", "clinics rebuilt"), ("bakeries", "bakeries reopened"),
          ("generators", "generators delivered"), ("roads", "roads cleared")]
LONG_SERIES = present.HOME_SERIES  # these have more points (and sources) than the others
LONG, SHORT = present.SERIES_ROWS + 3, present.SERIES_ROWS + 1


def published(i: int) -> str:
    return (FIRST_DAY + timedelta(days=DAYS_APART * i)).isoformat()


def figure_points(i: int) -> list[tuple[str, str, int]]:
    """(unit, measure, value) of the figures article i gives: one point of each series it reaches."""
    return [(unit, measure, 10 * i + k) for k, (unit, measure) in enumerate(SERIES)
            if 2 <= i < 2 + (LONG if k < LONG_SERIES else SHORT)]


def paragraphs_and_summary(i: int) -> tuple[list[str], dict]:
    """The text of article i and what its summary says about it, paragraph numbers matching."""
    day = published(i)
    paras = [f"Fighting was reported in Mosul on day {i} of the campaign, officials said."]
    events = [{"date": day, "precision": "day", "text": f"Fighting was reported in Mosul on day {i} of the campaign",
               "paragraph": 1, "entities": ["Mosul"]}]
    mosul = [1]
    if i == 1:  # more paragraphs naming Mosul than the page quotes
        for k in range(present.ENTITY_SNIPPETS + 5):
            paras.append(f"Residents of Mosul described the state of block {k} of the old city to visiting reporters.")
            mosul.append(len(paras))
    mcgurk, figures, quotes = [], [], []
    for unit, measure, value in figure_points(i):
        paras.append(f"Brett McGurk said {value} {unit} had been counted by the coalition this month.")
        mcgurk.append(len(paras))
        figures.append({"value": value, "unit": unit, "measure": measure, "text": f"{value} {unit}",
                        "paragraph": len(paras), "claimed_by": "Brett McGurk"})
    if 2 <= i < 2 + QUOTES:
        paras.append(f"\u201cWe will hold the line in sector {i},\u201d Brett McGurk told reporters in Erbil.")
        mcgurk.append(len(paras))
        quotes.append({"speaker": "Brett McGurk", "text": f"We will hold the line in sector {i}", "paragraph": len(paras)})
    entities = []
    if 2 <= i < 2 + SHARED_BY:
        unit = f"Task Force {UNITS[i - 2]}"
        paras.append(f"{SHARED} on 1 November 2016, a year before this report, led by {unit}.")
        mosul.append(len(paras))
        events.append({"date": SHARED_DATE, "precision": "day", "text": SHARED, "paragraph": len(paras), "entities": ["Mosul", unit]})
        entities.append({"name": unit, "type": "organization", "mentions": 1, "paragraphs": [len(paras)]})
    entities.insert(0, {"name": "Mosul", "type": "place", "mentions": len(mosul), "paragraphs": mosul})
    if mcgurk:
        entities.append({"name": "Brett McGurk", "type": "person", "mentions": len(mcgurk), "paragraphs": mcgurk})
    summary = {"summary": [{"text": paras[0], "paragraph": 1}], "entities": entities, "events": events,
               "figures": figures, "quotes": quotes}
    return paras, summary


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    """A built project of ARTICLES articles that reaches every page-size limit."""
    files = {}
    texts = {}
    for i in range(1, ARTICLES + 1):
        paras, summary = paragraphs_and_summary(i)
        article_id = f"{published(i)}-report-{i:03d}"
        meta = {"publisher": f"Publisher {i % PUBLISHERS:02d}", "published": published(i)}
        text = article(f"Report {i} from Mosul", "\n\n".join(paras) + "\n", **meta)
        files[f"content/articles/{article_id}.md"] = text
        texts[article_id] = (text, summary, meta, i)
    root = make_project(tmp_path_factory.mktemp("big"), files)
    articles, problems = sources.read_articles(root)
    assert not problems, problems[:3]
    for a in articles:  # the cleaner kept every paragraph, so the summaries' paragraph numbers hold
        text, summary, meta, i = texts[a.id]
        assert len(a.paragraphs) == len(paragraphs_and_summary(i)[0]), a.id
        data = {"id": a.id, "title": a.title, "publisher": meta["publisher"],
                "published": {"date": meta["published"], "precision": "day", "basis": "metadata"}, **summary,
                "review": {"status": "reviewed", "source_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}}
        path = root / "content" / "summaries" / f"{a.id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{yamlio.dump(data)}---\n", encoding="utf-8")
    report = build(root)  # strict: a link to a page or an anchor that does not exist fails the build
    assert report.articles == ARTICLES and not report.summarised and not report.warnings
    return root


def docs(root: Path, path: str) -> str:
    return (root / ".build" / "docs" / path).read_text(encoding="utf-8")


def section(page: str, heading: str) -> str:
    """The Markdown from an h2 heading to the next one."""
    start = page.index(f"## {heading} ")
    end = page.find("\n## ", start + 1)
    return page[start:] if end < 0 else page[start:end]


def entries(markdown: str) -> list[str]:
    return re.findall(r'<div class="chrono-entry" id="([^"]+)"', markdown)


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith(("| Published", "| ---"))]


def test_home_page_keeps_to_its_limits_and_links_the_rest(big):
    home = docs(big, "index.md")
    assert len(home) < 150_000

    key = section(home, "Key developments")
    assert 0 < len(entries(key)) <= present.KEY_DEVELOPMENTS
    shared = re.search(rf'<div class="chrono-entry" id="([^"]+)"[^>]*>\n<span class="chrono-date">1 November 2016</span>\n{SHARED}', key)
    assert shared, "the event most sources report is a key development"
    assert key.count('{ .source-badge') <= present.KEY_DEVELOPMENTS * present.ENTRY_SOURCES
    more = SHARED_BY - present.ENTRY_SOURCES
    assert f"and {more} more source{'s' if more != 1 else ''} in the [chronology](chronology/index.md#{shared.group(1)})" in key
    assert key.count("{ .entity-chip") <= present.KEY_DEVELOPMENTS * present.ENTRY_ENTITIES
    assert f"{{ .entity-chip .entity-organization }} and {SHARED_BY + 1 - present.ENTRY_ENTITIES} more\n" in key  # Mosul and a unit a report
    chronology = docs(big, "chronology/index.md")  # the entry itself has every source and entity
    entry = chronology[chronology.index(f'id="{shared.group(1)}"'):]
    entry = entry[:entry.index("</div>")]
    assert entry.count("{ .source-badge") == SHARED_BY and entry.count("{ .entity-chip") == SHARED_BY + 1

    figures = section(home, "Key figures")
    headings = re.findall(r"^### (.+) \{#figures-([^}]+)\}$", figures, re.M)
    # the series most sources give (the merge lists them so: most sources, then by name)
    assert [slug for _, slug in headings] == sorted(f"{measure}-{unit}".replace(" ", "-") for unit, measure in SERIES[:present.HOME_SERIES])
    for block in re.split(r"^### ", figures, flags=re.M)[1:]:
        rows = table_rows(block)
        assert len(rows) == present.SERIES_ROWS
        assert block.count('class="bar"') == present.SERIES_ROWS  # the chart draws the rows of the table
        assert f"{LONG - present.SERIES_ROWS} earlier values in [figures.csv](data/figures.csv)" in block
    assert f"{len(SERIES) - present.HOME_SERIES} more series in [figures.csv](data/figures.csv)" in figures

    sources_ = section(home, "Sources")
    rows = table_rows(sources_)
    assert len(rows) == present.HOME_SOURCES
    assert f"Report {ARTICLES} from Mosul" in rows[-1] and f"Report {ARTICLES - present.HOME_SOURCES + 1} from Mosul" in rows[0]
    assert f"[All {ARTICLES} articles](articles/index.md)" in sources_
    assert f" · and {PUBLISHERS - present.HOME_PUBLISHERS} more\n" in sources_
    assert "[figures.csv](data/figures.csv)" in home.splitlines()[-1]


def test_series_tables_show_the_latest_values_in_publication_order(big):
    home = docs(big, "index.md")
    block = home[home.index("{#figures-tanks-destroyed-tanks}"):home.index("### ", home.index("{#figures-tanks-destroyed-tanks}"))]
    values = [int(row.split(" | ")[1].split()[0]) for row in table_rows(block)]
    assert values == [10 * i for i in range(2 + LONG - present.SERIES_ROWS, 2 + LONG)]


def test_entity_page_keeps_to_its_limits_and_links_the_rest(big):
    page = docs(big, "entities/mosul.md")
    assert len(page) < 150_000

    timeline = section(page, "Timeline")
    shown = entries(timeline)
    assert len(shown) == present.ENTITY_EVENTS
    dates = re.findall(r'<span class="chrono-date">([^<]+)</span>', timeline)
    assert "1 November 2016" in dates  # the most-sourced event is kept
    chronology = json.loads(docs(big, "data/chronology.json"))["events"]
    order = [e["id"] for e in chronology]
    assert shown == sorted(shown, key=order.index), "shown in date order"
    total = sum("mosul" in e["entities"] for e in chronology)
    assert total > present.ENTITY_EVENTS
    assert f"All {total} events of Mosul in the [chronology](../chronology/index.md?entity=mosul)" in timeline
    strip = re.findall(r'<a href="#([^"]+)">', timeline)
    assert strip and set(strip) <= set(shown), "the strip links only to entries on the page"

    mentions = section(page, "Mentions")
    snippets = re.findall(r'^- <span class="mention-snippet">.*\]\(\.\./articles/([^)#]+)\.md#p\d+\)', mentions, re.M)
    assert len(snippets) == present.ENTITY_SNIPPETS
    assert set(snippets) == {f"{published(1)}-report-001"}, "in article order: the first article's many paragraphs"
    link_line = next(line for line in mentions.splitlines() if line.startswith("[Publisher"))  # a paragraph of links
    linked = re.findall(r"\]\(\.\./articles/([^)#]+)\.md#p(\d+)\)", link_line)
    assert len(linked) == present.ENTITY_ARTICLE_LINKS
    assert [a for a, _ in linked] == [f"{published(i)}-report-{i:03d}" for i in range(2, 2 + present.ENTITY_ARTICLE_LINKS)]
    assert all(p == "1" for _, p in linked), "each at its first paragraph naming Mosul"
    more = ARTICLES - 1 - present.ENTITY_ARTICLE_LINKS  # article 1 is quoted; the others are linked or counted
    assert f"and {more} more articles: [entities.json](../data/entities.json) lists every article that names Mosul" in mentions
    mosul = next(e for e in json.loads(docs(big, "data/entities.json"))["entities"] if e["slug"] == "mosul")
    assert len(mosul["articles"]) == ARTICLES


def test_quotes_and_figures_of_an_entity_are_capped_with_a_count(big):
    page = docs(big, "entities/brett-mcgurk.md")
    quotes = section(page, "Quotes")
    assert quotes.count('<blockquote class="quote"') == present.ENTITY_QUOTES
    assert f"and {QUOTES - present.ENTITY_QUOTES} more quotes by Brett McGurk, each on its article's page" in quotes
    claimed = section(page, "Figures claimed")
    count = sum(len(figure_points(i)) for i in range(1, ARTICLES + 1))
    assert claimed.count("\n- ") == present.ENTITY_FIGURES
    assert f"and {count - present.ENTITY_FIGURES} more figures claimed by Brett McGurk, each on its article's page" in claimed


def test_figures_csv_has_every_point_of_every_series(big):
    rows = list(csv.DictReader(io.StringIO(docs(big, "data/figures.csv"))))
    written = {(f"{measure}-{unit}".replace(" ", "-"), value) for i in range(1, ARTICLES + 1) for unit, measure, value in figure_points(i)}
    assert {(r["series"], int(r["value"])) for r in rows} == written
    assert len(rows) == len(written)
    assert (big / "site" / "data" / "figures.csv").is_file()


def test_the_built_pages_hold_the_links(big):
    """The strict build resolved every Markdown link; the HTML has them as pages and anchors."""
    home = (big / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="articles/"' in home and 'href="data/figures.csv"' in home
    entity = (big / "site" / "entities" / "mosul" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../chronology/?entity=mosul"' in entity
    assert 'href="../../data/entities.json"' in entity
