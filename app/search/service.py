"""The one entry point of search: `search(session, settings, request) -> SearchResult`.

It parses the query, checks the cursor against the query it was issued for, picks the engine
(the derived index by default, the store's own full-text index with
NEWSSTORE_SEARCH_ENGINE=database), runs the page (one hit per story with collapse=story, see
collapse.py) and the facets inside the request's time budget, and hands back hits, totals and
the next cursor. Nothing here knows HTTP.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session

from app.budget import query_budget
from app.config import Settings
from app.cursor import decode_cursor, encode_cursor, fingerprint
from app.db import get_engine
from app.domain_errors import BadQuery
from app.metrics import SEARCH_ENGINE_SECONDS
from app.search.collapse import collapsed_page
from app.search.database_search import DatabaseSearch
from app.search.engine import SearchSort
from app.search.facets import FACET_NAMES, FacetRequest, Facets, Interval, compute_facets
from app.search.index_search import IndexSearch
from app.search.indexer import lag, open_index
from app.search.page import Hit, SearchEngine, SearchRequest, SearchResult
from app.search.query import QUERY_LANGUAGE_DOC, QuerySyntaxError, parse
from app.search.tree import Node, to_text
from app.store import ArticleFilters

# What the web layer may use of search: nothing else in app/search is imported there.
__all__ = [
    "FACET_NAMES",
    "QUERY_LANGUAGE_DOC",
    "FacetRequest",
    "Facets",
    "Hit",
    "Interval",
    "Node",
    "SearchRequest",
    "SearchResult",
    "SearchSort",
    "compute_facets",
    "index_lag",
    "parse_query",
    "search",
    "stream",
    "to_text",
]


def search(session: Session, settings: Settings, request: SearchRequest) -> SearchResult:
    tree = parse_query(request.q, settings)
    # The engine is part of what defines a result list: each ranks in its own order.
    collapse = [request.collapse] if request.collapse else []
    key = fingerprint(
        "search", settings.search_engine, to_text(tree), request.sort, request.filters, *collapse
    )
    size = request.limit or settings.default_page_size
    values = decode_cursor(request.cursor, key) if request.cursor else None
    timer = SEARCH_ENGINE_SECONDS.labels(engine=settings.search_engine).time()
    with query_budget(session, settings.query_timeout_ms), timer:
        engine = _engine(session, settings)
        if request.collapse == "story":
            page = collapsed_page(
                session, settings, engine, tree, request.filters, request.sort, key, values, size
            )
        elif request.sort == "relevance":
            page = engine.relevance_page(tree, request.filters, key, values, size)
        else:
            page = engine.dated_page(tree, request.filters, request.sort, values, size)  # type: ignore[arg-type]
        facets = engine.facets(tree, page.pinned, request.facets)
    next_cursor = encode_cursor(key, page.next_values) if page.next_values else None
    return SearchResult(
        hits=page.hits,
        total=page.total,
        total_is_exact=True,
        next_cursor=next_cursor,
        query=to_text(tree),
        facets=facets,
    )


def stream(
    session: Session, settings: Settings, tree: Node, filters: ArticleFilters, sort: SearchSort
) -> Iterator[Hit]:
    """Every hit of a parsed query, in the order /search pages through them (for exports)."""
    return _engine(session, settings).stream(tree, filters, sort)


def index_lag(settings: Settings) -> int:
    """Store changes the search index has not applied yet (0 without the index)."""
    if settings.search_engine != "index":
        return 0
    return lag(
        get_engine(settings.database_url, settings.pool_options), open_index(settings.index_path)
    )


def _engine(session: Session, settings: Settings) -> SearchEngine:
    if settings.search_engine == "index":
        return IndexSearch(session, settings)
    return DatabaseSearch(session, settings)


def parse_query(q: str, settings: Settings) -> Node:
    """The query tree, or BadQuery naming the position and what was expected there."""
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
