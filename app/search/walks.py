"""Relevance walks that survive ingests between pages.

bm25 (SQLite) depends on corpus statistics (row count, document frequencies, average length),
so any ingest shifts every score: a plain (score, pk) keyset would skip or repeat hits. The first
page of a relevance walk therefore pins the order: the row keys of its best `max_hits` hits are
written, ranked, as one packed value of the walk's row (one small write, whatever its length),
and later pages read their slice of that frozen list by ordinal. Rows added after the first
page are outside the walk (the walk is pinned to the largest row key of its first page). Hits
beyond `max_hits` follow as a "tail": a keyset walk over the current scores that excludes the
pinned rows, exact unless the corpus changes during the tail.
Walks expire after a TTL; an expired cursor is refused with a clear message.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import Engine, delete, func, select
from sqlmodel import Session, col

from app.db import write_session
from app.domain_errors import BadCursor
from app.models import SearchWalk, StoreVersion, utcnow
from app.search.engine import (
    Hit,
    RankPosition,
    best_pks,
    hits_for,
    ranked_hits,
)
from app.search.tree import Node
from app.store import ArticleFilters


@dataclass(frozen=True)
class WalkPosition:
    """Where a page of a pinned walk ends: an ordinal in the pinned list, or a tail keyset."""

    walk_id: int
    ord: int
    tail: RankPosition | None = None
    in_tail: bool = False

    def values(self) -> list[object]:
        if not self.in_tail:
            return [self.walk_id, self.ord]
        tail = [self.tail.rank, self.tail.pk] if self.tail else [None, None]
        return [self.walk_id, self.ord, *tail]

    @classmethod
    def parse(cls, values: list[object]) -> WalkPosition:
        walk_id, ord_, *tail = values
        position = cls(int(walk_id), int(ord_))  # type: ignore[call-overload]
        if not tail:
            return position
        rank, pk = tail
        at = None if rank is None else RankPosition(float(rank), int(pk))  # type: ignore[arg-type, call-overload]
        return replace(position, in_tail=True, tail=at)


# Bytes per packed row key (int64) and per packed score (float64).
_WIDTH = 8


@dataclass(frozen=True)
class WalkHead:
    id: int
    query_key: str
    total: int
    max_pk: int
    pinned: int


@dataclass(frozen=True)
class WalkPage:
    hits: list[Hit]
    total: int
    next: WalkPosition | None
    up_to_pk: int


def start_walk(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    query_key: str,
    total: int,
    max_hits: int,
    ttl_seconds: int,
) -> WalkPosition:
    """Pin the ranked order of the best `max_hits` hits of `filters` (already pinned to a row key
    by the caller); returns the position before the first hit. A walk of the same query on the
    same store version, young enough, is reused."""
    reusable = reusable_walk(session, query_key, ttl_seconds)
    if reusable is not None:
        return WalkPosition(reusable, 0)
    ranked = session.execute(best_pks(session, tree, filters, max_hits)).all()
    scored = [(pk, -rank) for pk, rank in ranked]
    return WalkPosition(
        store_walk(session, query_key, total, filters.up_to_pk, scored, ttl_seconds), 0
    )


def reusable_walk(session: Session, query_key: str, ttl_seconds: int) -> int | None:
    """A walk of the same query on the same store version, young enough to reuse."""
    version = session.execute(select(StoreVersion.version)).scalar_one()
    return session.execute(
        select(col(SearchWalk.id)).where(
            SearchWalk.query_key == query_key,
            SearchWalk.store_version == version,
            col(SearchWalk.created_at) >= utcnow() - timedelta(seconds=ttl_seconds) / 2,
        )
    ).scalar()


def store_walk(
    session: Session,
    query_key: str,
    total: int,
    max_pk: int | None,
    scored: list[tuple[int, float]],
    ttl_seconds: int,
) -> int:
    """Write a walk pinning `scored` (row keys and scores, best first); returns its id. Expired
    walks are swept here.

    The walk is written apart, in one short transaction that waits its turn for SQLite's write
    lock (an ingest may hold it), and the request's read transaction ends so that its next
    statements see the walk.
    """
    now, ttl = utcnow(), timedelta(seconds=ttl_seconds)
    version = session.execute(select(StoreVersion.version)).scalar_one()
    session.commit()
    walk = SearchWalk(
        created_at=now,
        query_key=query_key,
        store_version=version,
        total=total,
        max_pk=max_pk or 0,
        pinned=len(scored),
        ranking=_pack_ranking([pk for pk, _ in scored], [score for _, score in scored]),
    )
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    with write_session(engine) as writer:
        writer.execute(delete(SearchWalk).where(col(SearchWalk.created_at) < now - ttl))
        writer.add(walk)
        writer.flush()
        assert walk.id is not None
        return walk.id


def _pack_ranking(pks: list[int], scores: list[float]) -> bytes:
    """The pinned order as one value: every row key (8 bytes each), then every score, so that a
    page reads its slice of both without the rest."""
    count = len(pks)
    return struct.pack(f"<{count}q{count}d", *pks, *scores)


def pinned_slice(
    session: Session, walk: WalkHead, start: int, count: int
) -> list[tuple[int, float]]:
    """Row keys and scores of the pinned hits at 0-based positions start .. start+count-1."""
    count = min(count, walk.pinned - start)
    if count <= 0:
        return []
    ranking = col(SearchWalk.ranking)
    keys_at, scores_at = _WIDTH * start + 1, _WIDTH * (walk.pinned + start) + 1
    keys, scores = session.execute(
        select(
            func.substr(ranking, keys_at, _WIDTH * count),
            func.substr(ranking, scores_at, _WIDTH * count),
        ).where(SearchWalk.id == walk.id)
    ).one()
    return list(
        zip(struct.unpack(f"<{count}q", keys), struct.unpack(f"<{count}d", scores), strict=True)
    )


def walk_head(session: Session, walk_id: int) -> WalkHead | None:
    """A walk without its ranking, which a page reads only a slice of."""
    row = session.execute(
        select(
            col(SearchWalk.id),
            col(SearchWalk.query_key),
            col(SearchWalk.total),
            col(SearchWalk.max_pk),
            col(SearchWalk.pinned),
        ).where(SearchWalk.id == walk_id)
    ).first()
    return None if row is None else WalkHead(*row)


def walk_page(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    query_key: str,
    position: WalkPosition,
    limit: int,
) -> WalkPage:
    """The page after `position`; hits are re-checked against the query and filters, so a row
    changed since the first page so that it no longer qualifies drops out."""
    walk = walk_head(session, position.walk_id)
    if walk is None:
        raise BadCursor("this result walk has expired; start again without the cursor")
    if walk.query_key != query_key:
        raise BadCursor("the cursor belongs to a different query, sort or filter set")
    if position.in_tail:
        return _tail_page(
            session, tree, replace(filters, up_to_pk=walk.max_pk), walk, position, limit
        )
    page = pinned_slice(session, walk, position.ord, limit)
    hits = hits_for(session, tree, filters, page)
    last = position.ord + len(page)
    if last < walk.pinned:
        after: WalkPosition | None = replace(position, ord=last)
    elif walk.total > walk.pinned:
        after = WalkPosition(walk.id, last, None, in_tail=True)
    else:
        after = None
    return WalkPage(hits, walk.total, after, walk.max_pk)


def _tail_page(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    walk: WalkHead,
    position: WalkPosition,
    limit: int,
) -> WalkPage:
    """Hits beyond the pinned ones, best first under the current statistics."""
    pinned = [pk for pk, _ in pinned_slice(session, walk, 0, walk.pinned)]
    hits = ranked_hits(session, tree, filters, limit + 1, position.tail, exclude=pinned)
    after = None
    if len(hits) > limit:
        hits = hits[:limit]
        tail = RankPosition(-hits[-1].score, hits[-1].article.pk or 0)
        after = replace(position, tail=tail)
    return WalkPage(hits, walk.total, after, walk.max_pk)
