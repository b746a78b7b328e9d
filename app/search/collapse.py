"""`collapse=story` on /search: one hit per story, the first its order reaches, with how many of
the story's articles match (an article without a story stands alone), as /articles collapses.

Which hit heads a story, and how many match, depends on every hit, so the first page reads every
hit's row key from the engine (nothing else: 8 bytes each) and groups them by story in the store,
inside the request's time budget. When the stories fill more than a page, the heads are pinned as
a walk (app.search.walks), its score column holding each head's count; later pages read their
slice, so every story is visited once whatever is ingested between pages. Scores and snippets are
those of the page's own hits, re-checked against the query and filters.
"""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from app.config import Settings
from app.domain_errors import BadCursor
from app.search.page import Hit, Page, SearchEngine
from app.search.tree import Node
from app.search.walks import WalkHead, pinned_slice, reusable_walk, store_walk, walk_head
from app.store import ArticleFilters
from app.stories.queries import collapse_ranking

_COLLAPSED = "s"  # the cursor kind of a collapsed walk


def collapsed_page(
    session: Session,
    settings: Settings,
    engine: SearchEngine,
    tree: Node,
    filters: ArticleFilters,
    sort: str,
    key: str,
    values: list[object] | None,
    size: int,
) -> Page:
    """One page of story heads: the first (`values` None) or the one a cursor points at."""
    walk_key = f"{key}/story"
    if values is not None:
        walk_id, at = _position(values)
        walk = _walk(session, walk_id, walk_key)
        return _walk_page(session, engine, tree, filters, walk, at, size)
    reusable = reusable_walk(session, walk_key, settings.walk_ttl_seconds)
    if reusable is not None:  # the same query on the same store: its stories are grouped
        walk = _walk(session, reusable, walk_key)
        return _walk_page(session, engine, tree, filters, walk, 0, size)
    pks, up_to_pk = engine.ordered(tree, filters, sort)
    heads = collapse_ranking(session, pks)
    pinned = replace(filters, up_to_pk=up_to_pk)
    if len(heads) <= size:
        return Page(_hits(engine, tree, pinned, heads), len(heads), None, pinned)
    walk_id = store_walk(
        session,
        walk_key,
        len(heads),
        up_to_pk,
        [(pk, float(count)) for pk, count in heads],
        settings.walk_ttl_seconds,
    )
    return _walk_page(session, engine, tree, filters, _walk(session, walk_id, walk_key), 0, size)


def _position(values: list[object]) -> tuple[int, int]:
    try:
        kind, walk_id, at = values
        if kind != _COLLAPSED or int(at) < 0:  # type: ignore[call-overload]
            raise ValueError(kind)
        return int(walk_id), int(at)  # type: ignore[call-overload]
    except (TypeError, ValueError) as error:
        raise BadCursor("the cursor is damaged; start again without it") from error


def _walk(session: Session, walk_id: int, walk_key: str) -> WalkHead:
    walk = walk_head(session, walk_id)
    if walk is None:
        raise BadCursor("this result walk has expired; start again without the cursor")
    if walk.query_key != walk_key:
        raise BadCursor("the cursor belongs to a different query, sort or filter set")
    return walk


def _walk_page(
    session: Session,
    engine: SearchEngine,
    tree: Node,
    filters: ArticleFilters,
    walk: WalkHead,
    at: int,
    size: int,
) -> Page:
    heads = [(pk, int(count)) for pk, count in pinned_slice(session, walk, at, size)]
    pinned = replace(filters, up_to_pk=walk.max_pk)
    last = at + len(heads)
    after: list[object] | None = [_COLLAPSED, walk.id, last] if last < walk.pinned else None
    return Page(_hits(engine, tree, pinned, heads), walk.total, after, pinned)


def _hits(
    engine: SearchEngine, tree: Node, filters: ArticleFilters, heads: list[tuple[int, int]]
) -> list[Hit]:
    counts = dict(heads)
    return [
        replace(hit, story_count=counts[hit.article.pk])
        for hit in engine.hits_of(tree, filters, [pk for pk, _ in heads])
    ]
