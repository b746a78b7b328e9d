"""What the API answers. Declared apart from the tables so storage can change without notice."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.models import Article, Outlet
from app.store import OutletStats, as_utc


class OutletRef(BaseModel):
    slug: str = Field(description="Identifier used by the `outlet` filter.", examples=["yonhap"])
    name: str = Field(description="Display name.", examples=["Yonhap News Agency"])
    domain: str | None = Field(None, description="Web domain.", examples=["yna.co.kr"])


class RemovedLineOut(BaseModel):
    text: str = Field(description="A line of the input that is not part of the article.")
    reason: str = Field(description="Why it was dropped, e.g. `date-list` or `caption`.")


class ArticleSummary(BaseModel):
    """An article as listed: everything but the body and the removed lines."""

    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="Stable id derived from the canonical URL (else title + body).")
    url: str | None = Field(None, description="URL the article was fetched from.")
    canonical_url: str | None = Field(None, description="URL without tracking parameters.")
    outlet: OutletRef | None = Field(None, description="Publisher; null when unknown.")
    title: str | None = Field(None, description="Headline.")
    subtitle: str | None = Field(None, description="Standfirst or lede line, when there is one.")
    dateline: str | None = Field(None, description="Place line the text opens with.")
    authors: list[str] = Field(default_factory=list, description="Named writers.")
    published_at: datetime | None = Field(
        None, description="Publication time (UTC); null when it cannot be established."
    )
    published_at_source: str | None = Field(
        None,
        description="Where published_at came from: manifest, record, html-meta, url, "
        "text-header or text-body.",
    )
    modified_at: datetime | None = Field(None, description="Last modification the page states.")
    language: str | None = Field(None, description="ISO 639-1 code.", examples=["en"])
    language_confidence: float | None = Field(None, description="Detection confidence, 0..1.")
    word_count: int = Field(description="Words in the body.")
    sources_cited: list[str] = Field(
        default_factory=list, description="Agencies the text attributes to (KCNA, TASS, ...)."
    )
    story_id: str | None = Field(None, description="Articles about the same event share it.")
    story_count: int | None = Field(
        None,
        description="With `collapse=story`: the articles of its story that match (it stands "
        "for them all); null otherwise.",
    )
    content_hash: str = Field(description="SHA-256 of the normalized body.")
    ingested_at: datetime = Field(description="When newsstore first stored it.")
    updated_at: datetime = Field(description="When newsstore last changed it.")

    @field_validator("published_at", "modified_at", "ingested_at", "updated_at", mode="before")
    @classmethod
    def _utc(cls, value: Any) -> Any:
        return as_utc(value) if isinstance(value, datetime) else value

    @classmethod
    def of(cls, article: Article, outlet: Outlet | None, **extra: Any) -> Any:
        data = {name: getattr(article, name) for name in _stored_fields(cls)}
        data["outlet"] = OutletRef.model_validate(outlet, from_attributes=True) if outlet else None
        return cls(**(data | extra))


@cache
def _stored_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The model's fields an Article holds, found once per model: asking each article instead
    (hasattr) raises and catches an AttributeError per missing field, a tenth of a search page."""
    return tuple(name for name in model.model_fields if hasattr(Article, name))


NOTHING_REMOVED = (
    "no line was recorded as removed: the input had no page chrome to drop, or it was an "
    "HTML page, whose extractor (trafilatura) keeps the article without reporting what it left "
    "out; plain-text inputs list every dropped line with its reason"
)


class DuplicateOut(BaseModel):
    url: str | None = Field(None, description="Where the same body was seen again.")
    outlet: str | None = Field(None, description="Slug of the outlet it ran under there.")
    first_seen: datetime = Field(description="When that copy was first ingested.")

    @field_validator("first_seen", mode="before")
    @classmethod
    def _utc(cls, value: Any) -> Any:
        return as_utc(value) if isinstance(value, datetime) else value


class ArticleOut(ArticleSummary):
    """One whole normalized article."""

    body: str = Field(description="Clean text; paragraphs separated by one blank line.")
    duplicates: list[DuplicateOut] = Field(
        default_factory=list,
        description="The same normalized body ingested again under other URLs, oldest first.",
    )
    removed: list[RemovedLineOut] | None = Field(
        None, description="Lines dropped as page chrome, with reasons (only with ?removed=true)."
    )
    removed_note: str | None = Field(
        None,
        description="With ?removed=true and nothing in `removed`: why the list is empty.",
        examples=[NOTHING_REMOVED],
    )


class SearchHit(ArticleSummary):
    snippet: str = Field(description="Fragment around the best match, terms in <mark>...</mark>.")
    snippet_text: str = Field(description="The same fragment without any markup.")
    highlights: list[tuple[int, int]] = Field(
        description="[start, end) character offsets of the matched terms in `snippet_text`, "
        "so clients can highlight in their own way.",
        examples=[[[12, 21], [40, 49]]],
    )
    score: float = Field(
        description="Relevance on a 0..1 scale, higher is better: the engine's relevance r "
        "(BM25 in the search index, title weighted; with NEWSSTORE_SEARCH_ENGINE=database bm25 on "
        "SQLite, ts_rank_cd on PostgreSQL) shown as r / (1 + r), "
        "rounded to 4 decimals. A word found in most articles says little and scores about 0; "
        "hits stay in the engine's order.",
        examples=[0.8731],
    )

    @field_validator("score", mode="before")
    @classmethod
    def _presented(cls, value: Any) -> Any:
        return present_score(value) if isinstance(value, int | float) else value


def present_score(raw: float) -> float:
    """The engine's raw relevance (>= 0, higher is better, unbounded) on a stable 0..1 scale
    that reads as a number: monotonic, the same for a hit on any page or export."""
    positive = max(float(raw), 0.0)
    return round(positive / (1.0 + positive), 4)


class FacetValueOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    value: str | None = Field(
        description="The filter value (`outlet` slug or `lang` code); null for unknown."
    )
    label: str | None = Field(description="Display name.")
    count: int = Field(description="Hits with this value; equals `total` under that filter.")


class DateBucketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    start: date = Field(description="First day of the bucket (weeks start on Monday).")
    end: date = Field(description="Last day of the bucket: `from=start&to=end` drills down.")
    count: int = Field(description="Hits published in the bucket.")
    articles: int = Field(description="All stored articles published in the bucket.")
    share: float = Field(description="count / articles: the query's share of the bucket.")


class FacetsOut(BaseModel):
    """Only the facets asked for with `facets=` are present."""

    outlet: list[FacetValueOut] | None = Field(None, description="Hits per outlet, most first.")
    language: list[FacetValueOut] | None = Field(None, description="Hits per language.")
    date: list[DateBucketOut] | None = Field(None, description="Hits per date bucket, in order.")
    interval: str | None = Field(None, description="Bucket size of `date`: day, week or month.")
    undated: int | None = Field(
        None,
        description="With the `date` facet: hits without a publication date, which no bucket "
        "counts (the buckets' counts plus this make `total`, unless `from`/`to` is set).",
    )


TOTAL_IS_EXACT = Field(
    True,
    description="Whether `total` is an exact count (SQLite counts exactly; an engine "
    "that estimates large totals says false).",
)


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next: str | None = Field(None, description="Cursor of the next page; null on the last.")
    total: int = Field(description="Articles matching the filters, over all pages.")
    total_is_exact: bool = TOTAL_IS_EXACT
    facets: FacetsOut | None = Field(None, description="Facet counts, when asked for.")


class SearchPage(BaseModel):
    items: list[SearchHit]
    next: str | None = Field(None, description="Cursor of the next page; null on the last.")
    total: int = Field(description="Articles matching the query and filters.")
    total_is_exact: bool = TOTAL_IS_EXACT
    query: str = Field(description="The query as parsed, in canonical form.")
    facets: FacetsOut | None = Field(None, description="Facet counts, when asked for.")


class OutletOut(OutletRef):
    article_count: int = Field(description="Articles stored for this outlet.")
    first_published_at: datetime | None = Field(None, description="Oldest article's date.")
    last_published_at: datetime | None = Field(None, description="Newest article's date.")

    @classmethod
    def of(cls, stats: OutletStats) -> OutletOut:
        first, last = stats.first_published, stats.last_published
        return cls(
            slug=stats.outlet.slug,
            name=stats.outlet.name,
            domain=stats.outlet.domain,
            article_count=stats.article_count,
            first_published_at=as_utc(first) if first else None,
            last_published_at=as_utc(last) if last else None,
        )


class OutletList(BaseModel):
    items: list[OutletOut]
    total: int


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Problem(BaseModel):
    """RFC 9457 problem details: every error answers in this shape."""

    type: str = Field("about:blank", description="URI identifying the kind of problem.")
    title: str = Field(description="Short summary of the kind of problem.")
    status: int = Field(description="HTTP status code.")
    detail: str | None = Field(None, description="What went wrong here, for a human.")
    errors: list[dict[str, Any]] | None = Field(None, description="Per-parameter problems.")


WriteStatus = Literal["added", "updated", "unchanged", "duplicate"]


ARTICLE_IN_EXAMPLE = {
    "url": "https://example.org/2024/06/24/port-reopens",
    "outlet": "Example Times",
    "published_at": "2024-06-24T09:30:00Z",
    "title": "Black Sea port reopens after repairs",
    "text": "Black Sea port reopens after repairs\n\n"
    "ODESA - The port reopened to grain ships on Monday after three weeks of repairs to its "
    "main quay, the harbour authority said.\n\n"
    "Four vessels loaded with wheat and maize were expected to leave by the end of the week, "
    "and a further six were waiting at anchor outside the harbour.\n\n"
    "The authority said the repaired quay can again take ships of up to 60,000 tonnes.",
}


class ArticleIn(BaseModel):
    """One raw article to store: `text` (a plain-text dump) or `html` (a page), plus what the
    sender knows about it. Given fields win over what the text suggests."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
            "examples": [ARTICLE_IN_EXAMPLE],
        },
    )

    text: str | None = Field(None, min_length=1, description="The article as plain text.")
    html: str | None = Field(None, min_length=1, description="The article's HTML page.")
    url: str | None = Field(
        None, max_length=4000, description="Where it was fetched from; it decides the id."
    )
    outlet: str | None = Field(None, max_length=300, description="Outlet name.")
    published_at: datetime | None = Field(None, description="Publication time (ISO 8601).")
    title: str | None = Field(None, max_length=2000, description="Headline; wins over the text.")


class WriteResult(BaseModel):
    id: str = Field(
        description="Id of the stored article (the existing one for a duplicate).",
        examples=["3f9a61c0d2b4e857"],
    )
    status: WriteStatus = Field(
        description="added (201), or (200) updated (same id, new content), unchanged, or "
        "duplicate (the same body is stored under another id).",
        examples=["added"],
    )


class BulkLineResult(BaseModel):
    """One line of the POST /articles:bulk answer, for the request line of the same number."""

    line: int = Field(description="Line number in the request body, from 1.")
    status: WriteStatus | Literal["error"]
    id: str | None = Field(None, description="Id of the stored article.")
    error: str | None = Field(None, description="Why the line was not stored.")


class StorySummary(BaseModel):
    """Articles about one event, across outlets."""

    id: str = Field(description="Story id; `?story=` on /articles and /search filters by it.")
    title: str | None = Field(None, description="A representative headline (its first).")
    size: int = Field(description="Articles in the story.")
    first_published_at: datetime | None = Field(None, description="Its earliest article's date.")
    last_published_at: datetime | None = Field(None, description="Its latest article's date.")
    outlets: list[str] = Field(
        default_factory=list, description="Slugs of the outlets that told it, first teller first."
    )


class StoryPage(BaseModel):
    items: list[StorySummary]
    next: str | None = Field(None, description="Cursor of the next page; null on the last.")
    total: int = Field(description="Stories with an article matching the filters.")
    total_is_exact: bool = TOTAL_IS_EXACT


class StoryOut(StorySummary):
    articles: list[ArticleSummary] = Field(
        description="Its articles, oldest first, undated last (at most `limit`)."
    )


class RelatedPage(BaseModel):
    story_id: str | None = Field(None, description="The article's story.")
    items: list[ArticleSummary] = Field(description="The story's other articles, oldest first.")
