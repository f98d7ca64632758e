"""Property: any front matter and any bytes given to the readers give a value or a typed, file-named problem."""

from __future__ import annotations

import atexit
import codecs
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.read import sources
from generator.summarize import summaries
from generator.core.errors import Problem
from generator.core.models import Article, Summary

from tests.helpers import make_project

FIELDS = ["title", "publisher", "url", "published", "published_basis", "byline", "language", "id", "summary", "entities",
          "events", "review", "figures", "quotes", "paragraph", "date", "name", "type", "text", "status"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                    st.sampled_from(["2017-02-30", "Sunday", "2017-W54", "2014-SU", "javascript:x", "https://x.example/", "machine",
                                     "reviewed", "person", "<script>x()</script>", "{{ x }}", "---", "..."]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)), inner, max_size=5)),
                      max_leaves=25)
front_matter_data = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)


def as_yaml(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# Front matter as YAML of arbitrary data, as arbitrary text, or as YAML with tags, anchors and odd syntax.
front_matter = st.one_of(
    front_matter_data.map(as_yaml),
    st.text(max_size=200),
    st.lists(st.sampled_from(["title: T\n", "a: &x [1]\n", "b: *x\n", "c: !!python/object:os.system x\n", "d: {\n", "title: T\n",
                              "e: !!binary aGk=\n", "- list\n", "<<: {title: M}\n", "f: |\n  block\n", "\t: tab\n", "g: 2017-02-30\n"]),
             max_size=6).map("".join),
)
bodies = st.one_of(st.text(max_size=400), st.just(""), st.just("\n\n\n"), st.text(alphabet=" \n\t\r.,!?<>[](){}#*_`|-", max_size=200))
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "crlf"])


def encode(text: str, encoding: str) -> bytes:
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    return text.encode(encoding, errors="replace") if encoding == "latin-1" else text.encode(encoding, "surrogatepass")


files = st.one_of(
    st.builds(lambda fm, body, enc: encode(f"---\n{fm}\n---\n{body}", enc), front_matter, bodies, encodings),
    st.binary(max_size=300),
    st.builds(lambda raw: codecs.BOM_UTF16_LE + raw, st.binary(max_size=100)),
    st.builds(lambda raw: codecs.BOM_UTF8 + b"---\n" + raw, st.binary(max_size=100)),
)

PROJECT = Path(tempfile.mkdtemp(prefix="briefing-property-"))  # hypothesis reuses one project across examples
atexit.register(shutil.rmtree, PROJECT, True)
make_project(PROJECT)
ARTICLE = PROJECT / "content" / "articles" / "x.md"
SUMMARY = PROJECT / "content" / "summaries" / "x.md"
SUMMARY.parent.mkdir(parents=True, exist_ok=True)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_named(problems: list[Problem], name: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem) and problem.file == name and problem.reason
        assert problem.line is None or problem.line >= 1
        assert "\n" not in str(problem)  # one line per problem


@PROPERTY
@given(files)
def test_any_article_file_reads_as_an_article_or_file_named_problems(data):
    ARTICLE.write_bytes(data)
    articles, problems = sources.read_articles(PROJECT)
    assert_named(problems, "content/articles/x.md")
    errors = [p for p in problems if not p.warning]
    if articles:
        [article] = articles
        assert isinstance(article, Article) and article.title and article.paragraphs and not errors
    else:
        assert errors


@PROPERTY
@given(files)
def test_any_summary_file_reads_as_a_summary_or_file_named_problems(data):
    SUMMARY.write_bytes(data)
    try:
        summary = summaries.read(SUMMARY, PROJECT)
    except summaries.SummaryProblems as exc:
        assert exc.problems
        assert_named(exc.problems, "content/summaries/x.md")
    else:
        assert isinstance(summary, Summary)
        assert summaries.parse(summaries.to_text(summary), "x") == summary  # what we read, we can write back


@PROPERTY
@given(front_matter_data)
def test_summary_shaped_data_round_trips_or_is_reported(data):
    SUMMARY.write_text(f"---\n{as_yaml({'id': 'x', 'title': 'T', **data})}---\nNotes.\n", encoding="utf-8")
    found = summaries.inspect(SUMMARY, PROJECT)
    assert_named(found.problems, "content/summaries/x.md")
    assert (found.summary is None) == bool(found.problems)
