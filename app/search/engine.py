"""Run a parsed query against the store: ranked ids, snippets and totals, filters applied
on ordinary indexed columns. The narrow interface a dedicated engine could take over."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, table
from sqlmodel import Session, col

from app.models import Article, Outlet
from app.search.query import And
from app.search.sqlite_fts import compile_match
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
    snippet: str


@dataclass(frozen=True)
class RankPosition:
    """Where a relevance-ordered page ends: the last hit's rank and row key."""

    rank: float
    pk: int


def _rank_after(rank: ColumnElement[float], position: RankPosition) -> ColumnElement[bool]:
    pk = col(Article.pk)
    return or_(rank > position.rank, and_(rank == position.rank, pk > position.pk))


def search(
    session: Session,
    tree: And,
    filters: ArticleFilters,
    sort: SearchSort,
    limit: int,
    after: RankPosition | ListPosition | None = None,
) -> tuple[list[Hit], int]:
    """One page of hits and the number of all matches. bm25 is lower-is-better in SQLite;
    the score handed out is its negation, so higher is better."""
    if session.get_bind().dialect.name == "postgresql":
        from app.search import postgres_search  # it builds on this module's Hit and weights

        return postgres_search.search(session, tree, filters, sort, limit, after)
    match = _fts.op("MATCH")(compile_match(tree))
    clauses = [match, *filters.clauses()]
    rank = func.bm25(_fts, TITLE_WEIGHT, BODY_WEIGHT)
    snippet = func.snippet(_fts, -1, "<mark>", "</mark>", "…", SNIPPET_TOKENS)
    base = (
        select(Article, Outlet, rank.label("rank"), snippet.label("snippet"))
        .select_from(_fts_table)
        .join(Article, col(Article.pk) == _fts_rowid)
        .join(Outlet, col(Article.outlet_id) == col(Outlet.id), isouter=True)
        .where(*clauses)
    )
    total = session.execute(
        select(func.count())
        .select_from(_fts_table)
        .join(Article, col(Article.pk) == _fts_rowid)
        .where(*clauses)
    ).scalar_one()
    if sort == "relevance":
        if isinstance(after, RankPosition):
            base = base.where(_rank_after(rank, after))
        query = base.order_by(rank, col(Article.pk))
    else:
        if isinstance(after, ListPosition):
            base = base.where(keyset_after(after, sort))
        query = base.order_by(*date_order(sort))
    rows = session.execute(query.limit(limit)).all()
    hits = [Hit(article, outlet, -float(rank), snip) for article, outlet, rank, snip in rows]
    return hits, total
