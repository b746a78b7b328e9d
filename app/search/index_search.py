"""Search answered by the derived index (app.search.index): ids and scores from tantivy,
articles and snippets from the store.

Relevance paging costs top-k: the first page asks the index for its best `limit` hits and their
count, and nothing is written. Its cursor carries the row keys it showed. Only a client that
asks for a second page pins a walk (app.search.walks): the shown hits first, then the best
`walk_max_hits` of the others, ranked once; beyond them the walk goes on by offset over the
current ranking without every pinned row. Every hit is visited once, whatever is ingested
between pages: rows added after the first page are outside the walk (pinned to its largest row
key), and score shifts cannot reorder what is pinned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select
from tantivy import Query

from app.config import Settings
from app.domain_errors import BadCursor
from app.models import Article, Outlet
from app.search.facets import (
    FACET_SIZE,
    MAX_BUCKETS,
    DateBucket,
    FacetRequest,
    Facets,
    FacetValue,
    bucket_start,
    with_article_counts,
)
from app.search.highlight import snippets_for
from app.search.index import SearchIndex
from app.search.index_query import IndexFilters, after_key, compile_query, restrict, restrict_not
from app.search.indexer import ensure_fresh, open_index
from app.search.page import Hit, Page
from app.search.tree import Node
from app.search.walks import WalkHead, pinned_slice, reusable_walk, store_walk, walk_head
from app.store import ArticleFilters, max_article_pk

# Columns a hit never shows: not read for a page (the removed lines can outweigh the body).
_NOT_IN_HITS = [
    defer(col(Article.removed)),
    defer(col(Article.title_cjk)),
    defer(col(Article.body_cjk)),
]

_STREAM_CHUNK = 500  # articles an export reads from the store at a time

# Cursor kinds: after a first page; inside a pinned walk; past it, by offset; a date order.
_FIRST, _WALK, _TAIL, _DATED = "f", "w", "t", "d"


class IndexSearch:
    """One request's view of the index, with the session that reads articles."""

    def __init__(self, session: Session, settings: Settings) -> None:
        engine = session.get_bind()
        assert isinstance(engine, Engine)
        self.session = session
        self.settings = settings
        self.index: SearchIndex = open_index(settings.index_path)
        ensure_fresh(engine, self.index)

    # -- filters ----------------------------------------------------------------------------

    def _filters(self, filters: ArticleFilters, **extra: Any) -> IndexFilters:
        outlet_ids: tuple[int, ...] | None = None
        if filters.outlets:
            found = self.session.exec(
                select(Outlet.id).where(col(Outlet.slug).in_(filters.outlets))
            )
            outlet_ids = tuple(outlet_id for outlet_id in found if outlet_id is not None)
        resolved = IndexFilters(
            outlet_ids=outlet_ids,
            published_from=filters.published_from,
            published_to=filters.published_to,
            language=filters.language,
            story=filters.story,
            up_to_pk=filters.up_to_pk,
        )
        return replace(resolved, **extra)

    # -- relevance --------------------------------------------------------------------------

    def relevance_page(
        self, tree: Node, filters: ArticleFilters, key: str, values: list[object] | None, size: int
    ) -> Page:
        if values is None:
            return self._first_page(tree, filters, size)
        try:
            kind, *rest = values
            numbers = [int(value) for value in rest]  # type: ignore[call-overload]
            if kind == _FIRST:
                up_to_pk, total, *shown = numbers
                return self._start_walk(tree, filters, key, up_to_pk, total, shown, size)
            walk_id, at = numbers
        except (TypeError, ValueError) as error:
            raise BadCursor("the cursor is damaged; start again without it") from error
        if kind == _WALK:
            return self._walk_page(tree, filters, key, walk_id, at, size)
        if kind == _TAIL:
            return self._tail_page(tree, filters, key, walk_id, at, size)
        raise BadCursor("the cursor is damaged; start again without it")

    def _first_page(self, tree: Node, filters: ArticleFilters, size: int) -> Page:
        scored, total = self.index.top(compile_query(tree, self._filters(filters)), size)
        pinned = self._pinned(filters)
        hits = self._hits(tree, scored)
        after = None
        if total > len(scored):
            after = [_FIRST, pinned.up_to_pk, total, *(pk for pk, _ in scored)]
        return Page(hits, total, after, pinned)

    def _pinned(self, filters: ArticleFilters) -> ArticleFilters:
        """The filters of a first page, pinned to the store's newest row key read after its
        search. A first page needs no row-key bound: the index holds only rows the store had
        when it caught up just before, all at or below a key read later. Such a bound would be
        one more clause to intersect, and intersections cost tantivy its top-k pruning; later
        pages carry it, to keep rows added since out of the walk."""
        return replace(filters, up_to_pk=max_article_pk(self.session))

    def _start_walk(
        self,
        tree: Node,
        filters: ArticleFilters,
        key: str,
        up_to_pk: int,
        total: int,
        shown: list[int],
        size: int,
    ) -> Page:
        """The second page: pin the shown hits and the best `walk_max_hits` of the rest."""
        pinned = replace(filters, up_to_pk=up_to_pk)
        # Reused only by a walk that showed the same first page (same store, same page size).
        walk_key = f"{key}/{len(shown)}"
        walk_id = reusable_walk(self.session, walk_key, self.settings.walk_ttl_seconds)
        if walk_id is None:
            query = compile_query(tree, self._filters(pinned, excluded_pks=tuple(shown)))
            ranked = self.index.ranked(query, self.settings.walk_max_hits)
            scored = [(pk, 0.0) for pk in shown] + ranked  # shown already: never read again
            walk_id = store_walk(
                self.session, walk_key, total, up_to_pk, scored, self.settings.walk_ttl_seconds
            )
        return self._walk_page(tree, filters, key, walk_id, len(shown), size)

    def _walk_page(
        self, tree: Node, filters: ArticleFilters, key: str, walk_id: int, at: int, size: int
    ) -> Page:
        walk = self._walk(walk_id, key)
        page = pinned_slice(self.session, walk, at, size)
        pinned = replace(filters, up_to_pk=walk.max_pk)
        still = self._still_matching(tree, pinned, [pk for pk, _ in page])
        hits = self._hits(tree, [(pk, score) for pk, score in page if pk in still])
        last = at + len(page)
        after: list[object] | None = None
        if last < walk.pinned:
            after = [_WALK, walk.id, last]
        elif walk.total > walk.pinned:
            after = [_TAIL, walk.id, 0]
        return Page(hits, walk.total, after, pinned)

    def _tail_page(
        self, tree: Node, filters: ArticleFilters, key: str, walk_id: int, offset: int, size: int
    ) -> Page:
        """Hits beyond the pinned ones, by offset over the current ranking of the others."""
        walk = self._walk(walk_id, key)
        excluded = tuple(pk for pk, _ in pinned_slice(self.session, walk, 0, walk.pinned))
        pinned = replace(filters, up_to_pk=walk.max_pk)
        query = compile_query(tree, self._filters(pinned, excluded_pks=excluded))
        scored, rest = self.index.top(query, size, offset=offset)
        after = None
        if offset + len(scored) < rest:
            after = [_TAIL, walk.id, offset + len(scored)]
        return Page(self._hits(tree, scored), walk.total, after, pinned)

    def _walk(self, walk_id: int, key: str) -> WalkHead:
        walk = walk_head(self.session, walk_id)
        if walk is None:
            raise BadCursor("this result walk has expired; start again without the cursor")
        if walk.query_key.partition("/")[0] != key:
            raise BadCursor("the cursor belongs to a different query, sort or filter set")
        return walk

    def _still_matching(self, tree: Node, filters: ArticleFilters, pks: list[int]) -> set[int]:
        """Which of `pks` still match (a row may have changed since the walk was pinned)."""
        if not pks:
            return set()
        query = compile_query(tree, self._filters(filters, pks=tuple(pks)))
        return {pk for pk, _ in self.index.ranked(query, len(pks))}

    # -- date orders ------------------------------------------------------------------------

    def dated_page(
        self,
        tree: Node,
        filters: ArticleFilters,
        sort: str,
        values: list[object] | None,
        size: int,
    ) -> Page:
        if values is None:  # a first page: no row-key bound (see _pinned)
            query = compile_query(tree, self._filters(filters))
            keyed, total = self.index.by_date(query, sort, size + 1)  # type: ignore[arg-type]
            pinned = self._pinned(filters)
        else:
            try:
                kind, *rest = values
                if kind != _DATED:
                    raise ValueError(kind)
                up_to_pk, total, last_key = (int(value) for value in rest)  # type: ignore[call-overload]
            except (TypeError, ValueError) as error:
                raise BadCursor("the cursor is damaged; start again without it") from error
            pinned = replace(filters, up_to_pk=up_to_pk)
            query = restrict(compile_query(tree, self._filters(pinned)), after_key(sort, last_key))
            keyed, _ = self.index.by_date(query, sort, size + 1)  # type: ignore[arg-type]
        after = None
        if len(keyed) > size:
            keyed = keyed[:size]
            after = [_DATED, pinned.up_to_pk, total, keyed[-1][1]]
        return Page(self._hits(tree, self._scored(tree, pinned, keyed)), total, after, pinned)

    def _scored(
        self, tree: Node, filters: ArticleFilters, keyed: list[tuple[int, int]]
    ) -> list[tuple[int, float]]:
        """The relevance of hits listed in a date order (as the database engine gives it)."""
        if not keyed:
            return []
        query = compile_query(tree, self._filters(filters, pks=tuple(pk for pk, _ in keyed)))
        scores = dict(self.index.ranked(query, len(keyed)))
        return [(pk, scores.get(pk, 0.0)) for pk, _ in keyed]

    # -- exports ----------------------------------------------------------------------------

    def stream(self, tree: Node, filters: ArticleFilters, sort: str) -> Iterator[Hit]:
        """Every hit in the order /search walks them (the export of a search): the ranked row
        keys at once (8 bytes each in the index's answer), the articles a chunk at a time."""
        scored = self._every(tree, filters, sort)
        for start in range(0, len(scored), _STREAM_CHUNK):
            yield from self._hits(tree, scored[start : start + _STREAM_CHUNK])

    def ordered(self, tree: Node, filters: ArticleFilters, sort: str) -> tuple[list[int], int]:
        """Every hit's row key; the store's newest key is read after the search (see _pinned)."""
        pks = [pk for pk, _ in self._every(tree, filters, sort)]
        return pks, max_article_pk(self.session)

    def _every(self, tree: Node, filters: ArticleFilters, sort: str) -> list[tuple[int, float]]:
        """Row keys and scores (0 in a date order) of every hit, in the order of `sort`."""
        query = compile_query(tree, self._filters(filters))
        total = self.index.count(query)
        if sort == "relevance":
            return self.index.ranked(query, total)
        keyed, _ = self.index.by_date(query, sort, total)  # type: ignore[arg-type]
        return [(pk, 0.0) for pk, _ in keyed]

    def hits_of(self, tree: Node, filters: ArticleFilters, pks: list[int]) -> list[Hit]:
        if not pks:
            return []
        query = compile_query(tree, self._filters(filters, pks=tuple(pks)))
        scores = dict(self.index.ranked(query, len(pks)))
        return self._hits(tree, [(pk, scores[pk]) for pk in pks if pk in scores])

    # -- hits and facets --------------------------------------------------------------------

    def _hits(self, tree: Node, scored: list[tuple[int, float]]) -> list[Hit]:
        """Articles of the row keys in order, with snippets; rows deleted since drop out."""
        if not scored:
            return []
        rows = self.session.exec(
            select(Article, Outlet)
            .join(Outlet, isouter=True)
            .where(col(Article.pk).in_([pk for pk, _ in scored]))
            .options(*_NOT_IN_HITS)
        ).all()
        found = {article.pk: (article, outlet) for article, outlet in rows}
        snippets = snippets_for(tree, [article for article, _ in found.values()])
        return [
            Hit(found[pk][0], found[pk][1], score, snippets[pk])
            for pk, score in scored
            if pk in found
        ]

    def facets(self, tree: Node, filters: ArticleFilters, request: FacetRequest) -> Facets | None:
        """Facet counts from the index's fast fields; dates by day, then into buckets."""
        if not request.names:
            return None
        query = compile_query(tree, self._filters(filters))
        spec: dict[str, object] = {}
        if "outlet" in request.names:
            spec["outlet"] = {"terms": {"field": "outlet_id", "size": 10_000, "missing": 0}}
        if "language" in request.names:
            spec["language"] = {"terms": {"field": "language", "size": 10_000, "missing": ""}}
        if "date" in request.names:
            spec["date"] = {
                "date_histogram": {
                    "field": "published_at",
                    "fixed_interval": "1d",
                    "min_doc_count": 1,
                }
            }
        found = self.index.aggregate(query, spec)
        facets = Facets(request.interval)
        if "outlet" in found:
            facets.outlet = self._outlet_values(found["outlet"]["buckets"])
        if "language" in found:
            values = [
                FacetValue(b["key"] or None, b["key"] or None, int(b["doc_count"]))
                for b in found["language"]["buckets"]
            ]
            facets.language = _ordered(values)
        if "date" in found:
            facets.date = self._date_buckets(found["date"]["buckets"], request)
            facets.undated = self.index.count(
                restrict_not(query, Query.exists_query("published_at"))
            )
        return facets

    def _outlet_values(self, buckets: list[dict[str, Any]]) -> list[FacetValue]:
        counts = {int(b["key"]): int(b["doc_count"]) for b in buckets}
        outlets = {
            outlet.id: outlet
            for outlet in self.session.exec(select(Outlet).where(col(Outlet.id).in_(counts)))
        }
        values = [
            FacetValue(outlets[i].slug, outlets[i].name, n)
            if i in outlets
            else FacetValue(None, None, n)
            for i, n in counts.items()
        ]
        return _ordered(values)

    def _date_buckets(
        self, buckets: list[dict[str, Any]], request: FacetRequest
    ) -> list[DateBucket]:
        counts: Counter[date] = Counter()
        for bucket in buckets:
            day = datetime.fromtimestamp(float(bucket["key"]) / 1000, UTC).date()
            counts[bucket_start(day, request.interval)] += int(bucket["doc_count"])
        newest = dict(sorted(counts.items(), reverse=True)[:MAX_BUCKETS])
        return with_article_counts(self.session, newest, request.interval)


def _ordered(values: list[FacetValue]) -> list[FacetValue]:
    """Most first, then by value with the unknown last, as the database facets order them."""
    values.sort(key=lambda v: (-v.count, v.value is None, v.value or ""))
    return values[:FACET_SIZE]
