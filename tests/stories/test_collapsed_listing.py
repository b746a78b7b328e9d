"""`collapse=story` on a listing against the obvious reference: list every matching article in
order, keep the first of each story. Dates repeat and some are missing, so ties and the
undated tail are where a head could be picked wrongly."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.models import Article
from app.store import ArticleFilters, ListPosition, SortOrder, list_articles
from app.stories.queries import list_collapsed

DAYS = [datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=d) for d in range(6)]


@pytest.fixture
def session(engine: Engine) -> Session:
    rng = random.Random(7)
    with Session(engine) as session:
        for n in range(80):
            story = rng.choice([None, None, *(f"story-{s}" for s in range(12))])
            published = rng.choice([*DAYS, None])
            session.add(
                Article(id=f"a{n}", content_hash=f"h{n}", story_id=story, published_at=published)
            )
        # A story told only undated, and one told twice on the same day.
        for n, (story, published) in enumerate(
            [("undated", None)] * 3 + [("same-day", DAYS[3])] * 2, start=80
        ):
            session.add(
                Article(id=f"a{n}", content_hash=f"h{n}", story_id=story, published_at=published)
            )
        session.commit()
    with Session(engine) as session:
        yield session


def _reference(session: Session, filters: ArticleFilters, sort: SortOrder) -> list[tuple[str, int]]:
    rows, _ = list_articles(session, filters, sort, 1000)
    groups = [article.story_id or article.id for article, _ in rows]
    heads, seen = [], set()
    for (article, _), group in zip(rows, groups, strict=True):
        if group not in seen:
            seen.add(group)
            heads.append((article.id, groups.count(group)))
    return heads


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize(
    "filters",
    [ArticleFilters(), ArticleFilters(published_from=DAYS[2], published_to=DAYS[4])],
    ids=["all", "dated"],
)
def test_pages_of_story_heads_match_the_reference(
    session: Session, filters: ArticleFilters, sort: SortOrder
) -> None:
    expected = _reference(session, filters, sort)
    walked: list[tuple[str, int]] = []
    after = None
    while True:
        page, total = list_collapsed(session, filters, sort, 7, after)
        assert total == len(expected)
        walked += [(article.id, count) for article, _, count in page]
        if len(page) < 7:
            break
        last = page[-1][0]
        after = ListPosition(last.published_at, last.pk or 0)
    assert walked == expected
    assert len(expected) > 12  # lone articles and stories both present
