"""Listing pages, plain and with `collapse=story`, against the obvious reference: every matching
article in one ordered query, then (collapsed) the first of each story. Dates repeat and some
are missing, so ties and the undated tail are where a page could go wrong; several outlets are
read apart and merged."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import Article, Outlet
from app.store import ArticleFilters, ListPosition, SortOrder, date_order, list_articles
from app.stories.queries import list_collapsed

OUTLETS = ("north", "south", "east")
DAYS = [datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=d) for d in range(6)]


@pytest.fixture
def session(engine: Engine) -> Session:
    rng = random.Random(7)
    with Session(engine) as session:
        for n, slug in enumerate(OUTLETS, start=1):
            session.add(Outlet(id=n, slug=slug, name=slug))
        session.flush()  # before the articles that point at them
        for n in range(80):
            story = rng.choice([None, None, *(f"story-{s}" for s in range(12))])
            published = rng.choice([*DAYS, None])
            session.add(
                Article(
                    id=f"a{n}",
                    content_hash=f"h{n}",
                    story_id=story,
                    published_at=published,
                    outlet_id=rng.choice([None, 1, 2, 3]),
                )
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


def _ordered(session: Session, filters: ArticleFilters, sort: SortOrder) -> list[Article]:
    query = select(Article).where(*filters.clauses()).order_by(*date_order(sort))
    return list(session.exec(query).all())


def _reference(session: Session, filters: ArticleFilters, sort: SortOrder) -> list[tuple[str, int]]:
    rows = _ordered(session, filters, sort)
    groups = [article.story_id or article.id for article in rows]
    heads, seen = [], set()
    for article, group in zip(rows, groups, strict=True):
        if group not in seen:
            seen.add(group)
            heads.append((article.id, groups.count(group)))
    return heads


FILTERS = [
    ArticleFilters(),
    ArticleFilters(published_from=DAYS[2], published_to=DAYS[4]),
    ArticleFilters(outlets=("south",)),
    ArticleFilters(outlets=("north", "east")),
]
FILTER_IDS = ["all", "dated", "one outlet", "two outlets"]


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
def test_pages_of_articles_match_the_reference(
    session: Session, filters: ArticleFilters, sort: SortOrder
) -> None:
    expected = [article.id for article in _ordered(session, filters, sort)]
    walked: list[str] = []
    after = None
    while True:
        page, total = list_articles(session, filters, sort, 6, after)
        assert total == len(expected)
        walked += [article.id for article, _ in page]
        if len(page) < 6:
            break
        last = page[-1][0]
        after = ListPosition(last.published_at, last.pk or 0)
    assert walked == expected


@pytest.mark.parametrize("sort", ["newest", "oldest"])
@pytest.mark.parametrize("filters", FILTERS, ids=FILTER_IDS)
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
    assert len(expected) > 5  # lone articles and stories both present
