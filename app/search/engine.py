"""Run a parsed query against the store: ranked ids, snippets and totals, filters applied
on ordinary indexed columns. The narrow interface a dedicated engine could take over.

Every statement is built here the same way on each backend; what differs (matching, ranking,
snippets) comes from the backend's Matcher (see backend.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlmodel import Session, col

from app.models import Article, Outlet
from app.search.backend import Matcher
from app.search.page import Hit
from app.search.postgres_search import TsqueryMatcher
from app.search.snippets import parse_snippet
from app.search.sqlite_search import Fts5Matcher
from app.search.tree import Node
from app.store import ArticleFilters, ListPosition, date_order, keyset_after

SearchSort = Literal["relevance", "newest", "oldest"]


@dataclass(frozen=True)
class RankPosition:
    """Where a relevance-ordered keyset page ends: the last hit's rank and row key."""

    rank: float
    pk: int


def matcher(session: Session, tree: Node) -> Matcher:
    """The query compiled for the backend `session` talks to."""
    if session.get_bind().dialect.name == "postgresql":
        return TsqueryMatcher(tree)
    return Fts5Matcher(tree)


def matched_pks(session: Session, tree: Node, filters: ArticleFilters) -> Select[Any]:
    """The row keys of every hit: what totals and facets are computed over."""
    return matcher(session, tree).select(col(Article.pk)).where(*filters.clauses())


def best_pks(session: Session, tree: Node, filters: ArticleFilters, limit: int) -> Select[Any]:
    """Columns `pk` and `rank` of the best `limit` hits, best (lowest rank) first."""
    match = matcher(session, tree)
    return (
        match.select(col(Article.pk), match.rank.label("rank"))
        .where(*filters.clauses())
        .order_by(match.rank, col(Article.pk))
        .limit(limit)
    )


def count_matches(session: Session, tree: Node, filters: ArticleFilters) -> int:
    counted = select(func.count()).select_from(matched_pks(session, tree, filters).subquery())
    return session.execute(counted).scalar_one()


def _hits_query(match: Matcher, filters: ArticleFilters) -> Select[Any]:
    snippet = [] if match.snippet is None else [match.snippet.label("snippet")]
    return (
        match.select(Article, Outlet, match.rank.label("rank"), *snippet)
        .join(Outlet, col(Article.outlet_id) == col(Outlet.id), isouter=True)
        .where(*filters.clauses())
    )


def _hits(
    session: Session, match: Matcher, rows: Sequence[Any], scores: Sequence[float] | None = None
) -> list[Hit]:
    """Hits of rows of `_hits_query`, with snippets made now if the backend defers them; the
    score is the negated rank (higher is better) unless given."""
    if match.snippet is None:
        marked = match.page_snippets(session, [row[0].pk for row in rows])
        snippets = [marked.get(row[0].pk) for row in rows]
    else:
        snippets = [row[3] for row in rows]
    if scores is None:
        scores = [-float(row[2]) for row in rows]
    return [
        Hit(row[0], row[1], score, parse_snippet(snippet))
        for row, score, snippet in zip(rows, scores, snippets, strict=True)
    ]


def _rank_after(rank: ColumnElement[float], position: RankPosition) -> ColumnElement[bool]:
    pk = col(Article.pk)
    return or_(rank > position.rank, and_(rank == position.rank, pk > position.pk))


def ranked_hits(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    limit: int,
    after: RankPosition | None = None,
    exclude: Sequence[int] = (),
) -> list[Hit]:
    """Best hits first under the current ranking statistics, after a keyset position."""
    match = matcher(session, tree)
    query = _hits_query(match, filters)
    if after is not None:
        query = query.where(_rank_after(match.rank, after))
    if exclude:
        query = query.where(col(Article.pk).not_in(exclude))
    query = query.order_by(match.rank, col(Article.pk)).limit(limit)
    return _hits(session, match, session.execute(query).all())


def dated_hits(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    sort: Literal["newest", "oldest"],
    limit: int,
    after: ListPosition | None = None,
) -> list[Hit]:
    match = matcher(session, tree)
    query = _hits_query(match, filters)
    if after is not None:
        query = query.where(keyset_after(after, sort))
    query = query.order_by(*date_order(sort)).limit(limit)
    return _hits(session, match, session.execute(query).all())


def hits_for(
    session: Session, tree: Node, filters: ArticleFilters, scored: Sequence[tuple[int, float]]
) -> list[Hit]:
    """Articles and snippets of given row keys, in the given order with the given scores.
    A row that stopped matching (updated or deleted since) drops out."""
    if not scored:
        return []
    match = matcher(session, tree)
    query = _hits_query(match, filters).where(col(Article.pk).in_([pk for pk, _ in scored]))
    found = {row[0].pk: row for row in session.execute(query).all()}
    kept = [(found[pk], score) for pk, score in scored if pk in found]
    return _hits(session, match, [row for row, _ in kept], [score for _, score in kept])


def ordered_pks(
    session: Session, tree: Node, filters: ArticleFilters, sort: SearchSort
) -> list[int]:
    """The row key of every hit, in the order of `sort` (nothing else is read)."""
    match = matcher(session, tree)
    query = match.select(col(Article.pk)).where(*filters.clauses())
    order = (match.rank, col(Article.pk)) if sort == "relevance" else date_order(sort)
    return list(session.execute(query.order_by(*order)).scalars())


def hits_of(session: Session, tree: Node, filters: ArticleFilters, pks: Sequence[int]) -> list[Hit]:
    """Hits of given row keys in the given order, scored under the current statistics; a row
    that no longer matches drops out."""
    if not pks:
        return []
    match = matcher(session, tree)
    query = _hits_query(match, filters).where(col(Article.pk).in_(pks))
    found = {row[0].pk: row for row in session.execute(query).all()}
    return _hits(session, match, [found[pk] for pk in pks if pk in found])


def stream_hits(
    session: Session, tree: Node, filters: ArticleFilters, sort: SearchSort, chunk: int = 500
) -> Iterator[Hit]:
    """Every hit in order, fetched `chunk` rows at a time from one cursor: constant memory."""
    match = matcher(session, tree)
    query = _hits_query(match, filters)
    if sort == "relevance":
        query = query.order_by(match.rank, col(Article.pk))
    else:
        query = query.order_by(*date_order(sort))
    # Closed when the caller stops early, so PostgreSQL's server-side cursor goes with it.
    with session.execute(query.execution_options(yield_per=chunk)) as result:
        for rows in result.partitions():
            yield from _hits(session, match, rows)
