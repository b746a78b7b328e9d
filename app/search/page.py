"""What every search engine answers for one page, what the entry point hands back, and the
protocol an engine implements to sit behind it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, Protocol

from app.models import Article, Outlet
from app.search.facets import FacetRequest, Facets
from app.search.snippets import Snippet
from app.search.tree import Node
from app.store import ArticleFilters


@dataclass(frozen=True)
class Hit:
    article: Article
    outlet: Outlet | None
    score: float
    snippet: Snippet
    story_count: int | None = None  # with collapse=story: its story's articles that match


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
    collapse: Literal["story"] | None = None


@dataclass(frozen=True)
class SearchResult:
    hits: list[Hit]
    total: int
    total_is_exact: bool
    next_cursor: str | None
    query: str  # the query's canonical spelling
    facets: Facets | None


class SearchEngine(Protocol):
    """One request's engine: the search index (index_search.py) or the database's own
    full-text index (database_search.py). Cursor values are the engine's own; the entry point
    checks they belong to the query before handing them over."""

    def relevance_page(
        self, tree: Node, filters: ArticleFilters, key: str, values: list[object] | None, size: int
    ) -> Page: ...

    def dated_page(
        self,
        tree: Node,
        filters: ArticleFilters,
        sort: str,
        values: list[object] | None,
        size: int,
    ) -> Page: ...

    def facets(
        self, tree: Node, filters: ArticleFilters, request: FacetRequest
    ) -> Facets | None: ...

    def stream(self, tree: Node, filters: ArticleFilters, sort: str) -> Iterator[Hit]:
        """Every hit in the order its pages give them (exports)."""
        ...

    def ordered(self, tree: Node, filters: ArticleFilters, sort: str) -> tuple[list[int], int]:
        """The row key of every hit in the order its pages give them, and the newest row key
        of the store they were read from (collapse=story groups them all at once)."""
        ...

    def hits_of(self, tree: Node, filters: ArticleFilters, pks: list[int]) -> list[Hit]:
        """Hits of given row keys in the given order, scored as now; a row that no longer
        matches the query and filters drops out."""
        ...
