"""The store's story index keeps a batch's changes in memory until `flush`: the stories a batch
forms must be exactly those of writing each article's changes at once."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session

from app.stories.cluster import StoryConfig, StoryDoc, StoryState, assign
from app.stories.memory import MemoryIndex
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


def test_an_undated_article_reads_the_latest_postings_of_any_day_and_the_undated_ones(
    engine: Engine,
) -> None:
    """Through the (term, day, seq) index alone, in the store and off the term's front alike:
    `per_term` dated postings by (day, seq) descending, whatever their day, then as many
    undated ones by seq."""
    config = StoryConfig(per_term=2)
    rows = [  # (story, day, seq): an old story posted last, two recent ones, three undated
        ("old", 700_000, 9),
        ("recent", 739_000, 3),
        ("latest", 739_100, 2),
        ("u1", None, 4),
        ("u2", None, 6),
        ("u3", None, 1),
    ]
    with Session(engine) as session:
        session.connection().exec_driver_sql(
            "INSERT INTO story_posting (term, story_id, day, seq) VALUES "
            + ", ".join(["('quake', ?, ?, ?)"] * len(rows)).replace(
                "?", "%s" if engine.dialect.name == "postgresql" else "?"
            ),
            tuple(value for row in rows for value in row),
        )
        session.commit()
    expected = {"quake": ["latest", "recent", "u2", "u1"]}
    for _ in range(2):  # the store's answer, then the front this process keeps of it
        with Session(engine) as session:
            assert SqlIndex(session).postings(["quake"], None, config) == expected
    index = MemoryIndex()
    for story, day, _ in sorted(rows, key=lambda row: row[2]):
        moment = datetime.fromordinal(day).replace(tzinfo=UTC) if day else None
        index.save(StoryState(id=story, title=None, last_at=moment), ["quake"])
    assert index.postings(["quake"], None, config) == {
        "quake": ["old", "recent", "u2", "u1"]  # by seq: when posted
    }


def test_a_term_no_stored_article_holds_has_no_postings_and_a_held_one_keeps_them(
    engine: Engine,
) -> None:
    """The store is not asked for the postings of a term its frequencies say no article holds
    (an article posts only terms it counted); a term they count still reads its postings."""
    mark = "%s" if engine.dialect.name == "postgresql" else "?"
    with Session(engine) as session:
        connection = session.connection()
        connection.exec_driver_sql(
            f"INSERT INTO story_posting (term, story_id, day, seq) VALUES ('quake', {mark}, "
            f"{mark}, {mark})",
            ("s1", 739_000, 1),
        )
        connection.exec_driver_sql("INSERT INTO story_term (term, df) VALUES ('quake', 1)")
        session.commit()
    with Session(engine) as session:
        index = SqlIndex(session)
        index.count({"quake", "unheard"})
        found = index.postings(["quake", "unheard"], None, StoryConfig())
    assert found == {"quake": ["s1"], "unheard": []}
