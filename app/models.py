"""Storage tables. The API never returns these directly: app/schemas.py declares what goes out."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class Outlet(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=200)
    name: str = Field(max_length=300)
    domain: str | None = Field(default=None, max_length=300)


class Article(SQLModel, table=True):
    """One normalized article.

    `pk` is the integer row key the full-text index points at (it never changes, unlike SQLite's
    implicit rowid); `id` is the public, stable identifier derived from the canonical URL.
    """

    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True, index=True, max_length=64)
    url: str | None = Field(default=None, sa_column=Column(Text))
    canonical_url: str | None = Field(default=None, sa_column=Column(Text))
    outlet_id: int | None = Field(default=None, foreign_key="outlet.id", index=True)
    title: str | None = Field(default=None, sa_column=Column(Text))
    subtitle: str | None = Field(default=None, sa_column=Column(Text))
    dateline: str | None = Field(default=None, max_length=200)
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    published_at_source: str | None = Field(default=None, max_length=20)
    modified_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    language: str | None = Field(default=None, max_length=8, index=True)
    language_confidence: float | None = None
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    # The CJK side index (app.search.cjk): the title's and body's character pairs, or None.
    title_cjk: str | None = Field(default=None, sa_column=Column(Text))
    body_cjk: str | None = Field(default=None, sa_column=Column(Text))
    word_count: int = 0
    sources_cited: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(index=True, max_length=64)
    removed: list[dict[str, str]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    story_id: str | None = Field(default=None, max_length=64, index=True)
    source: str | None = Field(default=None, sa_column=Column(Text))
    ingested_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )

    # story_id rides along so collapse=story counts a filter's stories from these indexes.
    __table_args__ = (
        Index("ix_article_published_story", "published_at", "story_id"),
        Index("ix_article_outlet_published_story", "outlet_id", "published_at", "story_id"),
    )


class StoreVersion(SQLModel, table=True):
    """One row whose `version` triggers bump on every article or outlet change: the cheap,
    exact validator behind ETag and Last-Modified."""

    __tablename__ = "store_version"

    id: int = Field(primary_key=True)
    version: int
    changed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class SearchWalk(SQLModel, table=True):
    """A relevance walk pinned at its first page: the hit order is frozen in `ranking` (row keys
    then scores, packed by app.search.walks), so ingests between pages (which shift bm25's
    statistics) cannot skip or repeat hits. The same query on an unchanged store (same
    `store_version`) reuses the walk."""

    __tablename__ = "search_walk"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(
        default_factory=utcnow,
        sa_column=Column(DateTime(timezone=True), nullable=False, index=True),
    )
    query_key: str = Field(max_length=64)
    store_version: int
    total: int
    max_pk: int
    pinned: int
    ranking: bytes = Field(sa_column=Column(LargeBinary, nullable=False))

    __table_args__ = (Index("ix_search_walk_query", "query_key", "store_version"),)


class SearchOutbox(SQLModel, table=True):
    """The store's change sequence: one row per insert, update or delete of an article, written
    by triggers in the same transaction (migration 0006). The derived search index applies it
    in `seq` order (app.search.indexer); `txid` is the writing transaction on PostgreSQL."""

    __tablename__ = "search_outbox"

    seq: int | None = Field(default=None, primary_key=True)
    article_pk: int
    txid: int | None = Field(default=None, sa_column=Column(BigInteger, index=True))

    __table_args__ = {"sqlite_autoincrement": True}


class Story(SQLModel, table=True):
    """Articles about one event (app.stories): what the API lists, and the centroid and
    cohesion the online clustering compares newcomers with."""

    id: str = Field(primary_key=True, max_length=64)
    title: str | None = Field(default=None, sa_column=Column(Text))
    size: int = Field(default=0, index=True)
    first_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    last_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), index=True)
    )
    outlets: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    centroid: dict[str, float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    cohesion_sum: float = 0.0
    cohesion_count: int = 0


class StoryPosting(SQLModel, table=True):
    """Inverted index of stories by their articles' heaviest terms: candidate retrieval reads
    at most a few rows a term (the most recent, within the date window), whatever the store's
    size. `day` is the story's last date (proleptic ordinal; NULL when undated), `seq` the
    document count when the term was last posted (recency among undated stories): one index
    answers both parts of a term's lookup from a bounded range (the undated part too)."""

    __tablename__ = "story_posting"

    # Keyed by story first: a batch rewrites a story's postings together, and on SQLite (no
    # rowid) they share a page or two of the key's B-tree. Lookups by term use the index.
    story_id: str = Field(primary_key=True, max_length=64)
    term: str = Field(primary_key=True, max_length=200)
    day: int | None = None
    seq: int = 0

    __table_args__ = (
        Index("ix_story_posting_term_day_seq", "term", "day", "seq", "story_id"),
        {"sqlite_with_rowid": False},
    )


class StoryTerm(SQLModel, table=True):
    """Document frequency of each term over the clustered articles (the empty term counts the
    articles themselves): the IDF of the story vectors. The term "%" counts instead the batches
    that changed the story index (its version: app.stories.known)."""

    __tablename__ = "story_term"
    __table_args__ = {"sqlite_with_rowid": False}  # one B-tree, not a table and its key's index

    term: str = Field(primary_key=True, max_length=200)
    df: int = 0


class ArticleDuplicate(SQLModel, table=True):
    """A later copy of a stored article (same normalized body under another URL): kept as where
    else it appeared, not as an article of its own."""

    __tablename__ = "article_duplicate"

    id: int | None = Field(default=None, primary_key=True)
    article_id: str = Field(
        sa_column=Column(
            sa.String(64),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    url: str | None = Field(default=None, sa_column=Column(Text))
    outlet: str | None = Field(default=None, max_length=200)
    first_seen: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
