"""Run a parsed query against the store: ranked ids, snippets and totals, filters applied
on ordinary indexed columns. The narrow interface a dedicated engine could take over."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, table
from sqlmodel import Session, col

from app.models import Article, Outlet
from app.search.snippets import CLOSE, ELLIPSIS, OPEN, Snippet, parse_snippet
from app.search.sqlite_fts import compile_match
from app.search.tree import Node
from app.store import ArticleFilters, ListPosition, date_order, keyset_after

SearchSort = Literal["relevance", "newest", "oldest"]
TITLE_WEIGHT, BODY_WEIGHT = 10.0, 1.0
SNIPPET_TOKENS = 24

_fts_table = table("articles_fts")
_fts = literal_column("articles_fts")
_fts_rowid = literal_column("articles_fts.rowid")


@dataclass(frozen=True)
class Hit:
    article: Article
    outlet: Outlet | None
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class RankPosition:
    """Where a relevance-ordered keyset page ends: the last hit's bm25 rank and row key."""

    rank: float
    pk: int


def rank_expression() -> ColumnElement[float]:
    """bm25, lower is better in SQLite; the title counts TITLE_WEIGHT times a body match."""
    return func.bm25(_fts, TITLE_WEIGHT, BODY_WEIGHT)


def match_clauses(tree: Node, filters: ArticleFilters) -> list[ColumnElement[bool]]:
    return [_fts.op("MATCH")(compile_match(tree)), *filters.clauses()]


def matched_pks(tree: Node, filters: ArticleFilters) -> Select[Any]:
    """The row keys of every hit: what totals and facets are computed over."""
    return (
        select(col(Article.pk))
        .select_from(_fts_table)
        .join(Article, col(Article.pk) == _fts_rowid)
        .where(*match_clauses(tree, filters))
    )


def count_matches(session: Session, tree: Node, filters: ArticleFilters) -> int:
    counted = select(func.count()).select_from(matched_pks(tree, filters).subquery())
    return session.execute(counted).scalar_one()


def _hits_query(tree: Node, filters: ArticleFilters) -> Select[Any]:
    snippet = func.snippet(_fts, -1, OPEN, CLOSE, ELLIPSIS, SNIPPET_TOKENS)
    return (
        select(Article, Outlet, rank_expression().label("rank"), snippet.label("snippet"))
        .select_from(_fts_table)
        .join(Article, col(Article.pk) == _fts_rowid)
        .join(Outlet, col(Article.outlet_id) == col(Outlet.id), isouter=True)
        .where(*match_clauses(tree, filters))
    )


def _hit(row: Sequence[Any]) -> Hit:
    article, outlet, rank, snippet = row
    return Hit(article, outlet, -float(rank), parse_snippet(snippet))


def _rank_after(rank: ColumnElement[float], position: RankPosition) -> ColumnElement[bool]:
    pk = col(Article.pk)
    return or_(rank > position.rank, and_(rank == position.rank, pk > position.pk))


def ranked_hits(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    limit: int,
    after: RankPosition | None = None,
    exclude: Select[Any] | None = None,
) -> list[Hit]:
    """Best hits first under the current bm25 statistics, after a keyset position."""
    query = _hits_query(tree, filters)
    if after is not None:
        query = query.where(_rank_after(rank_expression(), after))
    if exclude is not None:
        query = query.where(col(Article.pk).not_in(exclude))
    query = query.order_by(rank_expression(), col(Article.pk)).limit(limit)
    return [_hit(row) for row in session.execute(query).all()]


def dated_hits(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    sort: Literal["newest", "oldest"],
    limit: int,
    after: ListPosition | None = None,
) -> list[Hit]:
    query = _hits_query(tree, filters)
    if after is not None:
        query = query.where(keyset_after(after, sort))
    query = query.order_by(*date_order(sort)).limit(limit)
    return [_hit(row) for row in session.execute(query).all()]


def hits_for(
    session: Session, tree: Node, filters: ArticleFilters, scored: Sequence[tuple[int, float]]
) -> list[Hit]:
    """Articles and snippets of given row keys, in the given order with the given scores.
    A row that stopped matching (updated or deleted since) drops out."""
    if not scored:
        return []
    query = _hits_query(tree, filters).where(col(Article.pk).in_([pk for pk, _ in scored]))
    found = {row[0].pk: row for row in session.execute(query).all()}
    return [
        Hit(found[pk][0], found[pk][1], score, parse_snippet(found[pk][3]))
        for pk, score in scored
        if pk in found
    ]


def stream_hits(
    session: Session, tree: Node, filters: ArticleFilters, sort: SearchSort, chunk: int = 500
) -> Iterator[Hit]:
    """Every hit in order, fetched `chunk` rows at a time from one cursor: constant memory."""
    query = _hits_query(tree, filters)
    if sort == "relevance":
        query = query.order_by(rank_expression(), col(Article.pk))
    else:
        query = query.order_by(*date_order(sort))
    for row in session.execute(query.execution_options(yield_per=chunk)):
        yield _hit(row)
