"""GET /search: full-text search with the same filters as /articles, snippets, scores, facets.
Parse the parameters, call the search entry point, answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.api.caching import cache_validators
from app.api.deps import (
    CollapseQuery,
    CursorQuery,
    FiltersDep,
    LimitQuery,
    SessionDep,
    SettingsDep,
)
from app.api.facets import FacetsDep, facets_out
from app.api.paging import link_next
from app.schemas import Problem, SearchHit, SearchPage
from app.search.service import QUERY_LANGUAGE_DOC, SearchRequest, SearchSort, search

router = APIRouter(tags=["search"])


@router.get(
    "/search",
    response_model=SearchPage,
    summary="Search articles",
    description=(
        "Full-text search over titles (weighted x10) and bodies, best first (BM25 in the "
        "search index; bm25 on SQLite or ts_rank_cd on PostgreSQL with "
        "NEWSSTORE_SEARCH_ENGINE=database), with a highlighted snippet and match offsets per "
        "hit. Filters are those of /articles; "
        "`facets=outlet,language,date` adds counts in the same call. Cursor walks are pinned at "
        "their first page: articles ingested meanwhile neither appear nor shift the order, so "
        "every hit is visited once. `collapse=story` gives one hit per story (the first in "
        "this order), with `story_count`, its articles that match; `total` then counts "
        "stories and facets still count articles. "
        "Example: `/search?q=Pyongyang&from=2024-01-01`; one hit per event: "
        "`/search?q=Korea&collapse=story`.\n" + QUERY_LANGUAGE_DOC
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
    collapse: CollapseQuery = None,
) -> SearchPage:
    result = search(
        session, settings, SearchRequest(q, filters, sort, limit, cursor, facets, collapse)
    )
    link_next(request, response, result.next_cursor)
    items = [
        SearchHit.of(
            hit.article,
            hit.outlet,
            snippet=hit.snippet.marked,
            snippet_text=hit.snippet.text,
            highlights=hit.snippet.highlights,
            score=hit.score,
            story_count=hit.story_count,
        )
        for hit in result.hits
    ]
    return SearchPage(
        items=items,
        next=result.next_cursor,
        total=result.total,
        total_is_exact=result.total_is_exact,
        query=result.query,
        facets=facets_out(result.facets),
    )
