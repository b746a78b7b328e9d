"""Generated articles written straight into the store (the FTS and version triggers fire as
for any insert): large corpora for walks, facets, budgets and the export benchmark, fast."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, text

OUTLETS = (("harbour-gazette", "Harbour Gazette"), ("inland-post", "Inland Post"), ("wire", "Wire"))
LANGUAGES = ("en", "en", "de", "uk")
_WORDS = (
    "ship port cargo grain wheat ferry crane dock tide storm council mayor budget vote bridge "
    "road rail train station river flood rescue police court trial judge school teacher exam "
    "hospital doctor nurse clinic market price fuel energy power grid solar wind farm harvest "
    "weather summer winter festival music concert museum library theatre film award league "
    "match goal coach stadium ticket tourist hotel airport flight strike union wage factory"
)
VOCABULARY = tuple(_WORDS.split())
START = datetime(2024, 1, 1, tzinfo=UTC)
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


def article_row(
    number: int, rng: random.Random, common: str | None, body_words: int, dialect: str
) -> dict:
    words = [rng.choice(VOCABULARY) for _ in range(rng.randint(body_words // 2, body_words))]
    title = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(3, 8)))
    if common:
        for _ in range(rng.randint(1, 6)):
            words.insert(rng.randrange(len(words) + 1), common)
        if rng.random() < 0.2:
            title = f"{common} {title}"
    published = START + timedelta(hours=rng.randrange(24 * 180)) if rng.random() < 0.95 else None
    return {
        "id": f"gen-{number:07d}",
        "url": f"https://example.org/news/{number}",
        "outlet": rng.choice(OUTLETS)[0],
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
    when it is None); returns their ids."""
    rng = random.Random(seed)
    ids = []
    with engine.begin() as connection:
        connection.execute(text(_OUTLET), [{"slug": s, "name": n} for s, n in OUTLETS])
    for offset in range(0, count, batch):
        rows = [
            article_row(first + n, rng, common, body_words, engine.dialect.name)
            for n in range(offset, min(count, offset + batch))
        ]
        with engine.begin() as connection:
            connection.execute(text(_ARTICLE), rows)
        ids += [row["id"] for row in rows]
    return ids
