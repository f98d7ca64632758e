"""Benchmark corpora written as briefing projects: the seed, synthetic sizes, and Timeline17 when present.

Synthetic articles are made deterministically from the bundled seed articles: paragraphs recombined,
publication dates shifted (years in the text move with them), and proper names varied, so the number
of distinct entities grows with the corpus the way it does in real collections.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml

from generator.read import sources

REPO = Path(__file__).resolve().parent.parent
SEED_ARTICLES = REPO / "content" / "articles"
# The shared corpora folder beside the checkout (../shared/corpora/, or ../../ for a worktree under wt/),
# or wherever BRIEFING_CORPORA points.
CORPORA_DIRS = [Path(os.environ["BRIEFING_CORPORA"])] if os.environ.get("BRIEFING_CORPORA") else [
    REPO.parent / "shared" / "corpora", REPO.parent.parent / "shared" / "corpora"]
REAL_CORPUS = "t17-LibyaWar_cnn.jsonl"  # the example: 398 CNN reports on the 2011 Libyan war

PUBLISHERS = ["Reuters", "AFP", "The Hill", "Associated Press", "Al Jazeera", "BBC News", "Kurdistan 24", "Xinhua"]
# Capitalised words after a lower-case word or a comma: mostly names, rarely sentence starts.
NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{3,}(?:[ -][A-Z][a-z]{2,})*")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
SYLLABLES = ["ka", "ro", "mi", "sul", "ta", "ben", "ar", "vel", "do", "nis", "ha", "lem", "zu", "ra", "kor", "el", "in", "sa"]
PARAGRAPHS_PER_ARTICLE = (6, 14)  # the seed articles have 6 to 35 paragraphs; most have 10-18
DAYS_SHIFT = 1500  # about four years either way
# Calendar words stay: renaming them would turn dated events into undated ones.
CALENDAR = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December"
                      r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Spring|Summer|Autumn|Winter)\b")


@dataclass(frozen=True)
class Corpus:
    """A benchmark project on disk and what it holds."""

    name: str
    root: Path
    articles: int
    words: int


def new_project(root: Path) -> Path:
    """An empty project with the repository's own mkdocs.yml and templates."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content" / "articles").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def write_article(folder: Path, article_id: str, meta: dict, paragraphs: list[str]) -> int:
    """One article file with front matter; returns its word count."""
    body = "\n\n".join(paragraphs)
    text = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n{body}\n"
    (folder / f"{article_id}.md").write_text(text, encoding="utf-8")
    return len(body.split())


def seed_corpus(root: Path) -> Corpus:
    """The repository's own five articles."""
    new_project(root)
    words = 0
    for path in sorted(SEED_ARTICLES.glob("*.md")):
        shutil.copy(path, root / "content" / "articles" / path.name)
        words += len(sources.split_front_matter(path.read_text(encoding="utf-8"))[1].split())
    return Corpus("seed", root, len(list(SEED_ARTICLES.glob("*.md"))), words)


def _seed_material() -> tuple[list[str], list[str], list[str]]:
    """Paragraphs, titles and proper names of the seed articles, through the real reader and cleaner."""
    articles, _ = sources.read_articles(_seed_root())
    paragraphs = [p.text for a in articles for p in a.paragraphs if len(p.text.split()) >= 8]
    titles = [a.title for a in articles]
    names = sorted({m.group() for p in paragraphs for m in NAME.finditer(p) if not CALENDAR.search(m.group().split()[-1])})
    return paragraphs, titles, names


def _seed_root() -> Path:
    return REPO


def _variant(name: str, k: int) -> str:
    """A made-up name standing for `name` in variant k: same number of words, stable across runs."""
    words = []
    for w, word in enumerate(name.replace("-", " ").split()):
        digest = hashlib.sha256(f"{name}|{k}|{w}".encode()).digest()
        syllables = "".join(SYLLABLES[b % len(SYLLABLES)] for b in digest[: 2 + digest[-1] % 2])
        words.append(syllables.capitalize())
    return " ".join(words)


def synthetic_corpus(root: Path, size: int, seed: int = 7) -> Corpus:
    """`size` articles recombined from the seed: deterministic for a given size and seed."""
    new_project(root)
    paragraphs, titles, names = _seed_material()
    folder = root / "content" / "articles"
    # Each name has a few stand-ins, more in bigger corpora: ~sqrt growth of distinct entities.
    variants = max(2, int(size ** 0.5))
    words = 0
    base = date(2017, 6, 1)
    for i in range(size):
        rng = random.Random(f"{seed}:{size}:{i}")
        shift = rng.randint(-DAYS_SHIFT, DAYS_SHIFT)
        published = base + timedelta(days=shift)
        years = published.year - base.year
        renamed = {n: _variant(n, rng.randrange(variants)) for n in names if rng.random() < 0.5}
        pattern = re.compile("|".join(re.escape(n) for n in sorted(renamed, key=len, reverse=True))) if renamed else None
        chosen = rng.sample(paragraphs, rng.randint(*PARAGRAPHS_PER_ARTICLE))
        text = []
        for p in chosen:
            p = YEAR.sub(lambda m: str(int(m.group()) + years), p)
            text.append(pattern.sub(lambda m: renamed[m.group()], p) if pattern else p)
        title = rng.choice(titles)
        title = pattern.sub(lambda m: renamed[m.group()], title) if pattern else title
        meta = {
            "title": f"{title} ({i + 1})",
            "publisher": rng.choice(PUBLISHERS),
            "url": f"https://example.org/synthetic/{i + 1}",
            "published": published.isoformat(),
        }
        words += write_article(folder, f"{published.isoformat()}-s{i + 1:05d}", meta, text)
    return Corpus(f"synthetic-{size}", root, size, words)


# Penn Treebank tokenisation, undone lightly: brackets, quotes, split clitics and punctuation.
PTB = [
    (re.compile(r"-LRB-\s*"), "("), (re.compile(r"\s*-RRB-"), ")"),
    (re.compile(r"-LSB-\s*"), "["), (re.compile(r"\s*-RSB-"), "]"),
    (re.compile(r"-LCB-\s*"), "{"), (re.compile(r"\s*-RCB-"), "}"),
    (re.compile(r"``\s*"), "\u201c"), (re.compile(r"\s*''"), "\u201d"),
    (re.compile(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", re.IGNORECASE), r"\1"),
    (re.compile(r" ([,.;:?!%])"), r"\1"),
    (re.compile(r"\$ (?=\d)"), "$"),
]


def detokenise(text: str) -> str:
    """`Gadhafi 's forces -LRB- CNN -RRB- ,` -> `Gadhafi's forces (CNN),`."""
    for pattern, replacement in PTB:
        text = pattern.sub(replacement, text)
    return text


def real_corpus(root: Path, file: Path | None = None) -> Corpus | None:
    """A Timeline17 topic read from the shared corpora folder at run time (never copied into the repo)."""
    file = file or next((d / REAL_CORPUS for d in CORPORA_DIRS if (d / REAL_CORPUS).is_file()), None)
    if file is None or not file.is_file():
        return None
    new_project(root)
    folder = root / "content" / "articles"
    words = count = 0
    topic = file.stem.removeprefix("t17-").split("_")[0].lower()
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        lines = [detokenise(x.strip()) for x in record["text"].split("\n") if x.strip()]
        if not lines:
            continue
        title = lines[0][:120].rsplit(" ", 1)[0] if len(lines[0]) > 120 else lines[0]
        meta = {"title": title, "publisher": "CNN", "published": record["time"]}
        words += write_article(folder, f"{record['time']}-{topic}-{record['id']}", meta, lines)
        count += 1
    return Corpus(file.stem, root, count, words)
