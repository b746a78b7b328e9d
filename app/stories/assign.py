"""Stories at ingest and on demand: the hook `app.store` calls for each added article, and the
rebuild that clusters the whole store again (after a change of the knobs)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC

from sqlalchemy import Engine, delete, func, text, update
from sqlmodel import Session, col, select

from app.config import Settings, get_settings
from app.models import Article, Outlet, Story, StoryPosting, StoryTerm
from app.stories.cluster import StoryConfig, StoryDoc, assign
from app.stories.known import VERSION
from app.stories.sql_index import SqlIndex

REBUILD_CHUNK = 500
# PostgreSQL advisory lock serializing story assignment between writers (any constant unused
# elsewhere; app.db holds another for migrations).
_STORIES_LOCK = 0x73746F72


def lock_stories(session: Session) -> None:
    """On PostgreSQL, take the story lock for the rest of the transaction (again is free).

    Online clustering is sequential by nature: a writer must see the stories the previous one
    formed. Taken before a write transaction touches any row, it also keeps writers from
    deadlocking over the shared term counts; normalization, outside the transaction, stays
    parallel. SQLite serializes writers anyway.
    """
    if get_settings().stories and session.get_bind().dialect.name == "postgresql":
        session.connection().execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _STORIES_LOCK}
        )


def story_config(settings: Settings) -> StoryConfig:
    return StoryConfig(
        threshold=settings.story_threshold,
        cohesion=settings.story_cohesion,
        window_days=settings.story_window_days,
    )


def _doc(article: Article, outlet_slug: str | None) -> StoryDoc:
    published = article.published_at
    if published is not None and published.tzinfo is None:  # SQLite keeps no zone: it is UTC
        published = published.replace(tzinfo=UTC)
    return StoryDoc(
        id=article.id,
        title=article.title,
        body=article.body,
        published_at=published,
        language=article.language,
        outlet=outlet_slug,
    )


def assign_stories(session: Session, docs: list[StoryDoc]) -> list[str | None]:
    """The stories articles about to be inserted join, in order, each seeing the stories of
    those before it (their story state is written in the caller's transaction, by one index
    for them all: see SqlIndex). So each row is written once with its story_id: updating the
    row afterwards would index its text a second time. None for each when stories are switched
    off (NEWSSTORE_STORIES=false)."""
    settings = get_settings()
    if not settings.stories:
        return [None] * len(docs)
    index, config = SqlIndex(session), story_config(settings)
    found: list[str | None] = []
    for doc in _with_terms(index, docs):
        published = doc.published_at
        if published is not None:  # stored as UTC, a date without a zone being UTC already
            published = published.replace(tzinfo=UTC) if published.tzinfo is None else published
        found.append(assign(replace(doc, published_at=published), index, config))
    index.flush()
    return found


def _with_terms(index: SqlIndex, docs: list[StoryDoc]) -> list[StoryDoc]:
    """The docs with their terms counted, and those terms' stored frequencies read at once for
    the whole batch."""
    counted = [replace(doc, terms=doc.counted_terms()) for doc in docs]
    index.read_frequencies(term for doc in counted for term in doc.counted_terms())
    return counted


def rebuild(
    engine: Engine,
    config: StoryConfig,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Forget every story and cluster all articles again, online in date order (undated last),
    as if they arrived so; one transaction per chunk of articles. Returns the story count."""
    with Session(engine) as session:
        lock_stories(session)
        for table in (StoryPosting, Story):
            session.exec(delete(table))  # type: ignore[call-overload]
        # The version row stays, one higher: no process may trust what it knew (app.stories.known)
        terms = col(StoryTerm.term)
        session.exec(delete(StoryTerm).where(terms != VERSION))  # type: ignore[call-overload]
        session.exec(
            update(StoryTerm).where(terms == VERSION).values(df=StoryTerm.df + 1)  # type: ignore[call-overload]
        )
        session.exec(update(Article).values(story_id=None))  # type: ignore[call-overload]
        session.commit()
        order = session.exec(
            select(Article.pk).order_by(
                col(Article.published_at).asc().nulls_last(), col(Article.pk).asc()
            )
        ).all()
    done = 0
    for start in range(0, len(order), REBUILD_CHUNK):
        chunk = order[start : start + REBUILD_CHUNK]
        with Session(engine) as session:
            lock_stories(session)
            rows = session.exec(
                select(Article, Outlet.slug)
                .join(Outlet, isouter=True)
                .where(col(Article.pk).in_(chunk))
            ).all()
            by_pk = {article.pk: (article, slug) for article, slug in rows}
            index = SqlIndex(session)
            present = [by_pk[pk] for pk in chunk if pk in by_pk]  # not deleted meanwhile
            docs = [_doc(article, slug) for article, slug in present]
            for (article, _), doc in zip(present, _with_terms(index, docs), strict=True):
                article.story_id = assign(doc, index, config)
                session.add(article)
            index.flush()
            session.commit()
        done += len(chunk)
        if progress:
            progress(done, len(order))
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Story)).one()
