"""GET /search: full-text search with the same filters as /articles, snippets, scores, facets."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session, col

from app.api.caching import cache_validators
from app.api.deps import CursorQuery, FiltersDep, LimitQuery, SessionDep, SettingsDep
from app.api.facets import FacetsDep, facets_for
from app.api.paging import date_cursor_values, date_position, link_next
from app.config import Settings
from app.cursor import decode_cursor, encode_cursor, fingerprint
from app.errors import BadCursor, BadQuery
from app.models import Article
from app.schemas import Problem, SearchHit, SearchPage
from app.search.budget import query_budget
from app.search.engine import (
    Hit,
    SearchSort,
    count_matches,
    dated_hits,
    matched_pks,
    ranked_hits,
)
from app.search.query import QUERY_LANGUAGE_DOC, QuerySyntaxError, parse
from app.search.tree import Node, to_text
from app.search.walks import WalkPosition, start_walk, walk_page
from app.store import ArticleFilters, max_article_pk

router = APIRouter(tags=["search"])


@dataclass(frozen=True)
class _Page:
    hits: list[Hit]
    total: int
    next_values: list[object] | None
    pinned: ArticleFilters


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search articles",
    description=(
        "Full-text search over titles (weighted x10) and bodies, best first (bm25 on SQLite, "
        "ts_rank_cd on PostgreSQL), with a highlighted snippet and match offsets per hit. "
        "Filters are those of /articles; "
        "`facets=outlet,language,date` adds counts in the same call. Cursor walks are pinned at "
        "their first page: articles ingested meanwhile neither appear nor shift the order, so "
        "every hit is visited once. Example: `/search?q=Pyongyang&from=2024-01-01`.\n"
        + QUERY_LANGUAGE_DOC
    ),
    responses={400: {"model": Problem}, 422: {"model": Problem}, 503: {"model": Problem}},
    dependencies=[Depends(cache_validators)],
)
def search_route(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    filters: FiltersDep,
    facets: FacetsDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            description="Search query in the query language (see the table above).",
            examples=["Pyongyang referendum"],
        ),
    ],
    sort: Annotated[
        SearchSort, Query(description="relevance (best first), newest or oldest.")
    ] = "relevance",
    limit: LimitQuery = None,
    cursor: CursorQuery = None,
) -> SearchPage:
    tree = parse_query(q, settings)
    key = fingerprint("search", to_text(tree), sort, filters)
    size = limit or settings.default_page_size
    position = decode_cursor(cursor, key) if cursor else None
    with query_budget(session, settings.query_timeout_ms):
        if sort == "relevance":
            page = _relevance_page(session, settings, tree, filters, key, position, size)
        else:
            page = _dated_page(session, tree, filters, sort, position, size)
        where = [col(Article.pk).in_(matched_pks(session, tree, page.pinned))]
        facet_counts = facets_for(session, facets, where)
    next_cursor = encode_cursor(key, page.next_values) if page.next_values else None
    link_next(request, response, next_cursor)
    items = [
        SearchHit.of(
            hit.article,
            hit.outlet,
            snippet=hit.snippet.marked,
            snippet_text=hit.snippet.text,
            highlights=hit.snippet.highlights,
            score=hit.score,
        )
        for hit in page.hits
    ]
    return SearchPage(
        items=items, next=next_cursor, total=page.total, query=to_text(tree), facets=facet_counts
    )


def parse_query(q: str, settings: Settings) -> Node:
    """The query tree, or a 400 naming the position and what was expected there."""
    if len(q) > settings.max_query_length:
        raise BadQuery(
            f"the query is {len(q)} characters long; the limit is {settings.max_query_length}"
        )
    try:
        tree = parse(q)
    except QuerySyntaxError as error:
        raise BadQuery(error.message, position=error.position, expected=error.expected) from error
    if tree is None:
        raise BadQuery("the query has no words to search for", position=0, expected="a word")
    return tree


def _relevance_page(
    session: Session,
    settings: Settings,
    tree: Node,
    filters: ArticleFilters,
    key: str,
    values: list[object] | None,
    size: int,
) -> _Page:
    """A short result answers at once; a longer one pins its order in a walk (see walks.py)."""
    if values is not None:
        try:
            position = WalkPosition.parse(values)
        except (TypeError, ValueError) as error:
            raise BadCursor("the cursor is damaged; start again without it") from error
    else:
        pinned = replace(filters, up_to_pk=max_article_pk(session))
        total = count_matches(session, tree, pinned)
        if total <= size:
            return _Page(ranked_hits(session, tree, pinned, size), total, None, pinned)
        position = start_walk(
            session, tree, pinned, key, total, settings.walk_max_hits, settings.walk_ttl_seconds
        )
    page = walk_page(session, tree, filters, key, position, size)
    after = page.next.values() if page.next else None
    return _Page(page.hits, page.total, after, replace(filters, up_to_pk=page.up_to_pk))


def _dated_page(
    session: Session,
    tree: Node,
    filters: ArticleFilters,
    sort: SearchSort,
    values: list[object] | None,
    size: int,
) -> _Page:
    assert sort != "relevance"
    if values is not None:
        after, up_to_pk = date_position(values)
    else:
        after, up_to_pk = None, max_article_pk(session)
    pinned = replace(filters, up_to_pk=up_to_pk)
    total = count_matches(session, tree, pinned)
    hits = dated_hits(session, tree, pinned, sort, size + 1, after)
    next_values = None
    if len(hits) > size:
        hits = hits[:size]
        next_values = date_cursor_values(hits[-1].article, up_to_pk)
    return _Page(hits, total, next_values, pinned)
