"""Generated news-like articles for tests and benchmarks, deterministic for a given seed, in
the three shapes they need: JSON records as the ingest reads them (`records`), text files with a
manifest (`write_corpus`), and rows written straight into a store (`add_articles`).

Words are drawn with a Zipf-like skew (a few very common, many rare), half of them English
function words so that the normalizer reads the text as prose, with accented, Cyrillic,
hyphenated and dotted forms mixed in, so that tokenization and folding differences between
backends would show.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text

COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "on",
    "for",
    "that",
    "with",
    "was",
    "as",
    "by",
    "at",
    "from",
    "government",
    "minister",
    "officials",
    "president",
    "country",
    "military",
    "security",
    "talks",
    "week",
    "city",
    "police",
    "report",
    "year",
    "people",
    "statement",
    "border",
    "trade",
    "election",
    "court",
    "state",
    "forces",
    "agreement",
    "region",
    "capital",
    "council",
]
TOPICS = [
    "missile",
    "referendum",
    "pipeline",
    "drought",
    "harvest",
    "tariff",
    "strike",
    "ceasefire",
    "summit",
    "inflation",
    "vaccine",
    "earthquake",
    "refinery",
    "satellite",
    "parliament",
    "embassy",
    "sanctions",
    "shipment",
    "flood",
    "protest",
    "budget",
    "reactor",
    "corridor",
    "railway",
    "fisheries",
]
SPECIAL = [
    "café",
    "cafe",
    "Café",
    "Zürich",
    "zurich",
    "naïve",
    "Kherson",
    "Херсон",
    "херсон",
    "Zaporizhzhia",
    "POL-358",
    "U.S.",
    "north-east",
    "Korea's",
    "3.5",
    "2024",
    "e-mail",
]
OUTLETS = ("Harbor Times", "Daily Ledger", "Wire Service", "Eastern Post", "Valley Courier")
START = datetime(2022, 1, 1, tzinfo=UTC)


_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def vocabulary(seed: int, size: int = 30_000) -> list[str]:
    """Content words by rank: the named topics first, then made-up words. Rank r is drawn with
    weight 1/(r + 10), so a few words are in most articles and most words in very few."""
    rng = random.Random(seed)
    made_up = {"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)}
    return TOPICS + sorted(made_up - set(TOPICS), key=lambda word: rng.random())


@lru_cache(maxsize=8)
def _sentences(seed: int, count: int, special: float) -> list[str]:
    """A pool articles draw their sentences from: fast enough for a million articles.

    Half the words are function words, a share `special` the special forms, the rest content
    words.
    """
    rng = random.Random(seed)
    words = vocabulary(seed)
    ranks = list(accumulate(1 / (rank + 10) for rank in range(len(words))))
    sentences = []
    for _ in range(count):
        length = rng.randint(8, 16)
        content = rng.choices(words, cum_weights=ranks, k=length)
        chosen = [
            rng.choice(SPECIAL) if roll < special else rng.choice(COMMON) if roll < 0.5 else word
            for roll, word in zip((rng.random() for _ in range(length)), content, strict=True)
        ]
        text = " ".join(chosen)
        sentences.append(text[0].upper() + text[1:] + ".")
    return sentences


def records(
    count: int, seed: int = 1, words: int = 400, special: float = 0.005
) -> Iterator[dict[str, Any]]:
    """JSON records as the ingest accepts them: url, outlet, published_at (some null), title,
    text of paragraphs of three sentences (about 36 words), `words` words in all."""
    rng = random.Random(seed)
    pool = _sentences(seed, 50_000, special)
    for number in range(count):
        paragraphs = [" ".join(rng.choices(pool, k=3)) for _ in range(max(1, words // 36))]
        published = START + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        yield {
            "url": f"https://news.example.org/{seed}/{number}",
            "outlet": rng.choice(OUTLETS),
            "published_at": None if rng.random() < 0.05 else published.isoformat(),
            "title": rng.choice(pool)[:-1],
            "text": "\n\n".join(paragraphs),
        }


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[str]:
    """`count` .txt files (a title line, then the text) and their manifest.jsonl in `folder`;
    returns the URLs, one per file."""
    folder.mkdir(parents=True, exist_ok=True)
    urls, manifest = [], []
    for number, record in enumerate(records(count, seed=seed)):
        name = f"{number:06d}.txt"
        (folder / name).write_text(f"{record['title']}\n\n{record['text']}", encoding="utf-8")
        fields = {key: record[key] for key in ("url", "outlet", "published_at")}
        manifest.append({"file": name, **fields})
        urls.append(record["url"])
    lines = "".join(json.dumps(entry) + "\n" for entry in manifest)
    (folder / "manifest.jsonl").write_text(lines, encoding="utf-8")
    return urls


# Rows straight into the store (the FTS and version triggers fire as for any insert): large
# corpora for walks, facets, budgets and the export benchmark, fast.
STORE_OUTLETS = (
    ("harbour-gazette", "Harbour Gazette"),
    ("inland-post", "Inland Post"),
    ("wire", "Wire"),
)
LANGUAGES = ("en", "en", "de", "uk")
STORE_START = datetime(2024, 1, 1, tzinfo=UTC)
_OUTLET = "INSERT INTO outlet (slug, name) VALUES (:slug, :name) ON CONFLICT (slug) DO NOTHING"
_ARTICLE = (
    "INSERT INTO article (id, url, outlet_id, title, body, authors, published_at, language, "
    "word_count, sources_cited, content_hash, removed, ingested_at, updated_at) VALUES (:id, :url, "
    "(SELECT id FROM outlet WHERE slug = :outlet), :title, :body, '[\"A. Writer\"]', :published, "
    ":language, :words, '[]', :id, '[]', :now, :now)"
)


def stored(moment: datetime | None, dialect: str) -> datetime | str | None:
    """A moment as SQLAlchemy stores it: on SQLite the text of a DateTime, so that filters
    compare as for ingested rows; PostgreSQL takes the aware datetime."""
    if dialect != "sqlite" or moment is None:
        return moment
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _store_row(
    number: int, rng: random.Random, common: str | None, body_words: int, dialect: str
) -> dict:
    pool = _sentences(0, 5_000, 0.0)
    words: list[str] = []
    target = rng.randint(body_words // 2, body_words)
    while len(words) < target:
        words += rng.choice(pool).split()
    words = words[:target]
    title = rng.choice(pool)[:-1]
    if common:
        for _ in range(rng.randint(1, 6)):
            words.insert(rng.randrange(len(words) + 1), common)
        if rng.random() < 0.2:
            title = f"{common} {title}"
    published = (
        STORE_START + timedelta(hours=rng.randrange(24 * 180)) if rng.random() < 0.95 else None
    )
    return {
        "id": f"gen-{number:07d}",
        "url": f"https://example.org/news/{number}",
        "outlet": rng.choice(STORE_OUTLETS)[0],
        "title": title.capitalize(),
        "body": " ".join(words),
        "published": stored(published, dialect),
        "language": rng.choice(LANGUAGES),
        "words": len(words),
        "now": stored(datetime.now(UTC), dialect),
    }


def add_articles(
    engine: Engine,
    count: int,
    *,
    first: int = 0,
    seed: int = 0,
    common: str | None = "harbour",
    body_words: int = 60,
    batch: int = 5000,
) -> list[str]:
    """Insert `count` articles numbered from `first`, each containing `common` 1-6 times (none
    when it is None: no generated word is "harbour"); returns their ids."""
    rng = random.Random(seed)
    ids = []
    with engine.begin() as connection:
        connection.execute(text(_OUTLET), [{"slug": s, "name": n} for s, n in STORE_OUTLETS])
    for offset in range(0, count, batch):
        rows = [
            _store_row(first + n, rng, common, body_words, engine.dialect.name)
            for n in range(offset, min(count, offset + batch))
        ]
        with engine.begin() as connection:
            connection.execute(text(_ARTICLE), rows)
        ids += [row["id"] for row in rows]
    return ids
