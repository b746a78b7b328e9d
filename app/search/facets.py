"""Facets: counts by outlet and language and a date histogram over the hits of a query or
listing. Each facet is its own bounded GROUP BY over ordinary indexed columns, with the request's
filters applied, so a facet's count always equals the total of the matching filtered query."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from app.models import Article, Outlet

FacetName = Literal["outlet", "language", "date"]
Interval = Literal["day", "week", "month"]
FACET_NAMES: tuple[FacetName, ...] = ("outlet", "language", "date")
FACET_SIZE = 50
MAX_BUCKETS = 400


@dataclass(frozen=True)
class FacetRequest:
    names: tuple[FacetName, ...] = ()
    interval: Interval = "month"


@dataclass(frozen=True)
class FacetValue:
    value: str | None
    label: str | None
    count: int


@dataclass(frozen=True)
class DateBucket:
    start: date
    end: date
    count: int
    articles: int

    @property
    def share(self) -> float:
        return self.count / self.articles if self.articles else 0.0


@dataclass
class Facets:
    interval: Interval
    outlet: list[FacetValue] | None = None
    language: list[FacetValue] | None = None
    date: list[DateBucket] | None = None
    undated: int | None = None  # matches without a publication date: no date bucket counts them


def compute_facets(
    session: Session, request: FacetRequest, where: list[ColumnElement[bool]]
) -> Facets | None:
    """The facets asked for over the rows `where` selects; None when none were asked."""
    if not request.names:
        return None
    facets = Facets(request.interval)
    if "outlet" in request.names:
        facets.outlet = outlet_counts(session, where)
    if "language" in request.names:
        facets.language = language_counts(session, where)
    if "date" in request.names:
        facets.date = date_histogram(session, where, request.interval)
        undated = select(func.count()).select_from(Article).where(*where)
        facets.undated = session.execute(
            undated.where(col(Article.published_at).is_(None))
        ).scalar_one()
    return facets


def outlet_counts(session: Session, where: list[ColumnElement[bool]]) -> list[FacetValue]:
    count = func.count()
    rows = session.execute(
        select(Outlet.slug, Outlet.name, count)
        .select_from(Article)
        .join(Outlet, col(Article.outlet_id) == col(Outlet.id), isouter=True)
        .where(*where)
        .group_by(col(Outlet.id))
        .order_by(count.desc(), col(Outlet.slug).nulls_last())
        .limit(FACET_SIZE)
    ).all()
    return [FacetValue(slug, name, n) for slug, name, n in rows]


def language_counts(session: Session, where: list[ColumnElement[bool]]) -> list[FacetValue]:
    count, language = func.count(), col(Article.language)
    rows = session.execute(
        select(language, count)
        .where(*where)
        .group_by(language)
        .order_by(count.desc(), language.nulls_last())
        .limit(FACET_SIZE)
    ).all()
    return [FacetValue(code, code, n) for code, n in rows]


def date_histogram(
    session: Session, where: list[ColumnElement[bool]], interval: Interval
) -> list[DateBucket]:
    """Matches per bucket (the newest MAX_BUCKETS buckets) and, beside them, all articles
    published in each bucket, whatever the filters, so clients can plot the share."""
    bucket = _bucket(session, interval)
    published = col(Article.published_at)
    rows = session.execute(
        select(bucket, func.count())
        .where(*where, published.is_not(None))
        .group_by(bucket)
        .order_by(bucket.desc())
        .limit(MAX_BUCKETS)
    ).all()
    if not rows:
        return []
    return with_article_counts(session, {_as_date(start): n for start, n in rows}, interval)


def with_article_counts(
    session: Session, counts: dict[date, int], interval: Interval
) -> list[DateBucket]:
    """Buckets of `counts` (bucket start -> matches), each beside all articles published in it."""
    if not counts:
        return []
    bucket, published = _bucket(session, interval), col(Article.published_at)
    first, last = min(counts), _bucket_end(max(counts), interval) + timedelta(days=1)
    everything = session.execute(
        select(bucket, func.count())
        .where(published >= _midnight(first), published < _midnight(last))
        .group_by(bucket)
    ).all()
    articles = {_as_date(start): n for start, n in everything}
    return [
        DateBucket(start, _bucket_end(start, interval), counts[start], articles.get(start, 0))
        for start in sorted(counts)
    ]


def _bucket(session: Session, interval: Interval) -> ColumnElement[Any]:
    published = col(Article.published_at)
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return func.date(func.date_trunc(interval, published, "UTC"))
    if interval == "day":
        return func.date(published)
    if interval == "week":  # the Monday on or before the day
        return func.date(published, "-6 days", "weekday 1")
    return func.strftime("%Y-%m-01", published)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def bucket_start(day: date, interval: Interval) -> date:
    """The first day of the bucket `day` falls in, as the databases compute it."""
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _bucket_end(start: date, interval: Interval) -> date:
    if interval == "day":
        return start
    if interval == "week":
        return start + timedelta(days=6)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])
