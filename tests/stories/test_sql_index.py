"""The store's story index keeps a batch's changes in memory until `flush`: the stories a batch
forms must be exactly those of writing each article's changes at once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from app.stories.cluster import StoryConfig, StoryDoc, assign
from app.stories.sql_index import SqlIndex

# Small caps, so that the per-term limits cut inside the postings a batch re-posts.
CONFIG = StoryConfig(per_term=1, candidates=2, query_terms=6, posted_terms=8, window_days=2)


def _docs(count: int) -> list[StoryDoc]:
    """Reports of a few dozen events over shared words; every fifth one undated."""
    rng = random.Random(3)
    words = [f"word{n}" for n in range(300)]
    events = [
        ([f"Name{rng.randrange(10**6)}" for _ in range(3)], rng.randrange(120)) for _ in range(40)
    ]
    docs = []
    for number in range(count):
        names, day = events[rng.randrange(len(events))]
        text = " ".join(rng.choices(words, k=40) + [f"met {name} there" for name in names])
        published = None if number % 5 == 4 else datetime(2024, 1, 1, tzinfo=UTC)
        if published is not None:
            published += timedelta(days=day + rng.randrange(3))
        docs.append(StoryDoc(f"d{number}", names[0], text, published))
    return docs


def _stories(engine: Engine, docs: list[StoryDoc], batch: int) -> list[str]:
    found = []
    for start in range(0, len(docs), batch):
        with Session(engine) as session:
            index = SqlIndex(session)
            found += [assign(doc, index, CONFIG) for doc in docs[start : start + batch]]
            index.flush()
            session.commit()
    return found


def test_a_batch_forms_the_stories_one_article_at_a_time_would(engine: Engine) -> None:
    docs = _docs(240)
    batched = _stories(engine, docs, batch=120)
    with Session(engine) as session:
        for table in ("story_posting", "story_term", "story"):
            session.connection().exec_driver_sql(f"DELETE FROM {table}")
        session.commit()
    assert _stories(engine, docs, batch=1) == batched
    assert 10 < len(set(batched)) < 200  # stories were joined, and not all into one
