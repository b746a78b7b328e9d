"""What the API reads about stories: listings with the article filters, one story with its
articles, an article's related articles."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, exists, false, func, or_, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.models import Article, Outlet, Story
from app.store import (
    ArticleFilters,
    ListPosition,
    SortOrder,
    articles_in_order,
    as_utc,
    page_keys,
)

StorySort = Literal["size", "recent"]


@dataclass(frozen=True)
class StoryPosition:
    """Where a page of stories ends: its sort key and id (the tie-breaker)."""

    size: int
    last_at: datetime | None
    id: str


def _matching(filters: ArticleFilters) -> list[ColumnElement[bool]]:
    """Stories with at least one article matching the filters (none: every story)."""
    clauses = filters.clauses()
    if not clauses:
        return []
    story_ids = select(Article.story_id).where(col(Article.story_id).is_not(None), *clauses)
    return [col(Story.id).in_(story_ids)]


def _after(position: StoryPosition, sort: StorySort) -> ColumnElement[bool]:
    story_id = col(Story.id)
    if sort == "size":
        size = col(Story.size)
        return or_(size < position.size, and_(size == position.size, story_id > position.id))
    last = col(Story.last_at)
    if position.last_at is None:
        return and_(last.is_(None), story_id > position.id)
    return or_(
        last < position.last_at,
        and_(last == position.last_at, story_id > position.id),
        last.is_(None),
    )


def _order(sort: StorySort) -> tuple[ColumnElement[object], ...]:
    if sort == "size":
        return (col(Story.size).desc(), col(Story.id).asc())
    return (col(Story.last_at).desc().nulls_last(), col(Story.id).asc())


def list_stories(
    session: Session,
    filters: ArticleFilters,
    sort: StorySort,
    limit: int,
    after: StoryPosition | None = None,
) -> tuple[list[Story], int]:
    """One page of stories, biggest or most recent first, and how many match in all."""
    clauses = _matching(filters)
    total = session.exec(select(func.count()).select_from(Story).where(*clauses)).one()
    query = select(Story).where(*clauses)
    if after is not None:
        query = query.where(_after(after, sort))
    return list(session.exec(query.order_by(*_order(sort)).limit(limit)).all()), total


def get_story(session: Session, story_id: str) -> Story | None:
    return session.get(Story, story_id)


def story_articles(
    session: Session, story_id: str, limit: int, excluding: str | None = None
) -> list[tuple[Article, Outlet | None]]:
    """A story's articles, oldest first (how the event was told, in order); undated last."""
    query = (
        select(Article, Outlet)
        .join(Outlet, isouter=True)
        .where(Article.story_id == story_id)
        .order_by(col(Article.published_at).asc().nulls_last(), col(Article.pk).asc())
        .limit(limit)
    )
    if excluding is not None:
        query = query.where(Article.id != excluding)
    return [(article, outlet) for article, outlet in session.exec(query).all()]


def list_collapsed(
    session: Session,
    filters: ArticleFilters,
    sort: SortOrder,
    limit: int,
    after: ListPosition | None = None,
) -> tuple[list[tuple[Article, Outlet | None, int]], int]:
    """A listing with one article per story (the first the listing order reaches; an article
    without a story stands alone), each with how many of its story's articles match; and how
    many such heads match in all.

    The listing walks the date index and keeps an article when no matching article of its
    story comes before it (one lookup in the story's few rows), so a page costs its own rows,
    not a ranking of the whole store by story."""
    clauses = filters.clauses()
    earlier = aliased(Article)
    # Only the story's own rows are looked at: the filters sit inside a function, where no
    # planner takes them for an index to walk (an outlet's every article, for each candidate).
    earlier_in_story = select(col(earlier.pk)).where(
        col(earlier.story_id) == col(Article.story_id),
        func.coalesce(and_(true(), *filters.clauses(earlier)), false()),
        _comes_before(earlier, sort),
    )
    first_of_story = col(Article.story_id).is_(None) | ~exists(earlier_in_story)
    rows = articles_in_order(
        session, page_keys(session, filters, sort, limit, after, extra=[first_of_story])
    )
    counts = _matching_counts(session, clauses, {a.story_id for a, _ in rows if a.story_id})
    story = col(Article.story_id)
    # Stories matching, plus the matching articles that have none.
    heads = func.count(func.distinct(story)) + func.count() - func.count(story)
    total = session.exec(select(heads).where(*clauses)).one()
    return [
        (article, outlet, counts.get(article.story_id, 1))  # one alone without a story
        for article, outlet in rows
    ], total


def _comes_before(earlier: Any, sort: SortOrder) -> ColumnElement[bool]:
    """`earlier` precedes the listed Article in date_order(sort): dated before undated, then by
    date, then by row key."""
    their, ours = col(earlier.published_at), col(Article.published_at)
    their_pk, our_pk = col(earlier.pk), col(Article.pk)
    sooner = their > ours if sort == "newest" else their < ours
    tie = their_pk > our_pk if sort == "newest" else their_pk < our_pk
    return or_(
        and_(ours.is_(None), their.is_not(None)),
        sooner,
        and_(their == ours, tie),
        and_(ours.is_(None), their.is_(None), tie),
    )


def _matching_counts(
    session: Session, clauses: list[ColumnElement[bool]], story_ids: set[str]
) -> dict[str, int]:
    """How many articles matching `clauses` each of these stories has."""
    if not story_ids:
        return {}
    story = col(Article.story_id)
    rows = session.exec(
        select(story, func.count()).where(*clauses, story.in_(story_ids)).group_by(story)
    ).all()
    return dict(rows)


def collapse_ranking(session: Session, ranked_pks: Sequence[int]) -> list[tuple[int, int]]:
    """`collapse=story` over a ranked hit list (e.g. a search's pinned ranking): the first hit of
    each story, in rank order, with how many of the hits belong to its story (an article
    without a story stands alone)."""
    groups: dict[int, str] = {}
    for start in range(0, len(ranked_pks), 900):  # under SQLite's bound-parameter limit
        chunk = ranked_pks[start : start + 900]
        rows = session.exec(
            select(Article.pk, Article.story_id, Article.id).where(col(Article.pk).in_(chunk))
        ).all()
        groups.update(
            {pk: story_id or f"article:{article_id}" for pk, story_id, article_id in rows}
        )
    counts = Counter(groups[pk] for pk in ranked_pks if pk in groups)
    heads: list[tuple[int, int]] = []
    seen: set[str] = set()
    for pk in ranked_pks:
        group = groups.get(pk)
        if group is not None and group not in seen:
            seen.add(group)
            heads.append((pk, counts[group]))
    return heads


def utc_or_none(moment: datetime | None) -> datetime | None:
    return as_utc(moment) if moment is not None else None
