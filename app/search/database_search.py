"""Search answered by the store's own full-text index (FTS5 on SQLite, tsvector on PostgreSQL),
for `NEWSSTORE_SEARCH_ENGINE=database` and for exports, which stream every hit anyway.

A short result answers at once; a longer relevance result pins its order in a walk at its first
page (see walks.py), since the databases score every match to rank them anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sqlmodel import Session, col

from app.config import Settings
from app.cursor import date_cursor_values, date_position
from app.domain_errors import BadCursor
from app.models import Article
from app.search.engine import (
    count_matches,
    dated_hits,
    hits_of,
    matched_pks,
    ordered_pks,
    ranked_hits,
    stream_hits,
)
from app.search.facets import FacetRequest, Facets, compute_facets
from app.search.page import Hit, Page
from app.search.tree import Node
from app.search.walks import WalkPosition, start_walk, walk_page
from app.store import ArticleFilters, SortOrder, max_article_pk


class DatabaseSearch:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    def relevance_page(
        self, tree: Node, filters: ArticleFilters, key: str, values: list[object] | None, size: int
    ) -> Page:
        session, settings = self.session, self.settings
        if values is not None:
            try:
                position = WalkPosition.parse(values)
            except (TypeError, ValueError) as error:
                raise BadCursor("the cursor is damaged; start again without it") from error
        else:
            pinned = replace(filters, up_to_pk=max_article_pk(session))
            total = count_matches(session, tree, pinned)
            if total <= size:
                return Page(ranked_hits(session, tree, pinned, size), total, None, pinned)
            position = start_walk(
                session, tree, pinned, key, total, settings.walk_max_hits, settings.walk_ttl_seconds
            )
        page = walk_page(session, tree, filters, key, position, size)
        after = page.next.values() if page.next else None
        return Page(page.hits, page.total, after, replace(filters, up_to_pk=page.up_to_pk))

    def dated_page(
        self,
        tree: Node,
        filters: ArticleFilters,
        sort: SortOrder,
        values: list[object] | None,
        size: int,
    ) -> Page:
        session = self.session
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
        return Page(hits, total, next_values, pinned)

    def stream(self, tree: Node, filters: ArticleFilters, sort: str) -> Iterator[Hit]:
        return stream_hits(self.session, tree, filters, sort)  # type: ignore[arg-type]

    def ordered(self, tree: Node, filters: ArticleFilters, sort: str) -> tuple[list[int], int]:
        up_to_pk = max_article_pk(self.session)
        pinned = replace(filters, up_to_pk=up_to_pk)
        return ordered_pks(self.session, tree, pinned, sort), up_to_pk  # type: ignore[arg-type]

    def hits_of(self, tree: Node, filters: ArticleFilters, pks: list[int]) -> list[Hit]:
        return hits_of(self.session, tree, filters, pks)

    def facets(self, tree: Node, filters: ArticleFilters, request: FacetRequest) -> Facets | None:
        where = [col(Article.pk).in_(matched_pks(self.session, tree, filters))]
        return compute_facets(self.session, request, where)
