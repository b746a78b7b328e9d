"""Archive-sized ingest inputs built from real pages, deterministic for a seed.

Each article is one of the extraction-dev pages (real text dumps of news pages, 60 sites,
several languages) made new: a run of that page's own chrome above and below (navigation,
share and subscribe lines, footers), a title line, and about 400 words of sentences drawn from
that page's human-made article body. The normalizer so does the work it does on a crawl (find
the article among the chrome, detect the language, dates, authors) on text in the page's
language, and the bodies differ from one article to the next.

Two shapes of the same articles: raw records (`{"url", "text"}`, to normalize) and normalized
records (`{"url", "title", "body", "language", ...}`, as `newsstore normalize` prints them).
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any

DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "extraction-dev"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_HEAD_LINES, _TAIL_LINES, _BODY_WORDS = 20, 15, 400
_START = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Page:
    url: str
    head: list[str]
    tail: list[str]
    sentences: list[str]
    language: str | None


def _chrome(dump: list[str], body: str) -> tuple[list[str], list[str]]:
    """The dump's lines above the article's first line and below its last one."""
    inside = [n for n, line in enumerate(dump) if line.strip() and line.strip() in body]
    if not inside:
        return dump[:_HEAD_LINES], []
    return dump[: inside[0]], dump[inside[-1] + 1 :]


@cache
def pages(data: Path = DATA) -> tuple[Page, ...]:
    from app.normalize.language import detect_language

    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    found = []
    for key, entry in sorted(truth.items()):
        body = entry["articleBody"]
        sentences = [s for s in _SENTENCE.split(" ".join(body.split())) if len(s.split()) >= 4]
        if len(sentences) < 5:  # too short a body to draw new articles from
            continue
        dump = (data / "text" / f"{key}.txt").read_text(encoding="utf-8").splitlines()
        head, tail = _chrome(dump, body)
        found.append(Page(entry["url"], head, tail, sentences, detect_language(body)[0]))
    return tuple(found)


@dataclass(frozen=True)
class Article:
    url: str
    title: str
    paragraphs: list[str]
    page: Page
    published_at: str
    text: str  # the whole page as a scraper dumps it


def articles(count: int, seed: int = 1) -> Iterator[Article]:
    rng = random.Random(seed)
    source = pages()
    for number in range(count):
        page = rng.choice(source)
        paragraphs, words = [], 0
        while words < _BODY_WORDS:
            paragraph = " ".join(rng.choices(page.sentences, k=3))
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        title = " ".join(rng.choice(page.sentences).split()[:10]).rstrip(".")
        start = rng.randrange(max(1, len(page.head) - _HEAD_LINES))
        head = page.head[start : start + _HEAD_LINES]
        tail = page.tail[:_TAIL_LINES]
        text = "\n".join([*head, "", title, "", "\n\n".join(paragraphs), "", *tail])
        published = _START + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        yield Article(
            f"{page.url.split('?')[0]}?n={seed}-{number}",
            title,
            paragraphs,
            page,
            published.isoformat(),
            text,
        )


def raw_record(article: Article) -> dict[str, Any]:
    return {"url": article.url, "published_at": article.published_at, "text": article.text}


def normalized_record(article: Article) -> dict[str, Any]:
    """The fields `newsstore normalize` prints that a crawl's own pipeline would know."""
    from app.normalize.sources import sources_cited

    body = "\n\n".join(article.paragraphs)
    return {
        "url": article.url,
        "title": article.title,
        "published_at": article.published_at,
        "language": article.page.language,
        "sources_cited": sources_cited(body),
        "body": body,
    }


def write_jsonl(path: Path, records: Iterator[dict[str, Any]], level: int = 1) -> int:
    """Records one a line, gzipped when the name ends in .gz; returns how many."""
    count = 0
    with _opened(path, level) as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def _opened(path: Path, level: int) -> IO[str]:
    if path.name.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=level)
    return path.open("w", encoding="utf-8")
