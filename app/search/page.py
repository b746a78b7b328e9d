"""What every search engine answers for one page, and what the entry point hands back."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.models import Article, Outlet
from app.search.facets import FacetRequest, Facets
from app.search.snippets import Snippet
from app.store import ArticleFilters


@dataclass(frozen=True)
class Hit:
    article: Article
    outlet: Outlet | None
    score: float
    snippet: Snippet


@dataclass(frozen=True)
class Page:
    hits: list[Hit]
    total: int
    next_values: list[object] | None
    pinned: ArticleFilters  # the filters the page was answered under (pinned to a row key)


@dataclass(frozen=True)
class SearchRequest:
    """One /search call: the query as typed, filters, order, page size and cursor."""

    q: str
    filters: ArticleFilters
    sort: str = "relevance"
    limit: int | None = None
    cursor: str | None = None
    facets: FacetRequest = field(default_factory=FacetRequest)


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    total_is_exact: bool
    next_cursor: str | None
    query: str  # the query's canonical spelling
    facets: Facets | None
