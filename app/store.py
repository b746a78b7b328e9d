"""All SQL about articles and outlets lives here; routes and the ingest call these functions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, Engine, and_, func, or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col, select

from app.config import get_settings
from app.models import Article, Outlet, utcnow
from app.normalize import NormalizedArticle
from app.normalize.article import Outlet as OutletInfo
from app.search import cjk
from app.stories import features
from app.stories.assign import assign_stories, lock_stories
from app.stories.cluster import StoryDoc
from app.stories.duplicates import DuplicateCopy, record_duplicate

UpsertOutcome = Literal["added", "updated", "unchanged", "duplicate"]
SortOrder = Literal["newest", "oldest"]

# Fields copied from a NormalizedArticle onto its row; id, outlet and removed are handled apart.
_ARTICLE_FIELDS = (
    "url",
    "canonical_url",
    "title",
    "subtitle",
    "dateline",
    "authors",
    "published_at",
    "published_at_source",
    "modified_at",
    "language",
    "language_confidence",
    "body",
    "word_count",
    "sources_cited",
    "content_hash",
)


@dataclass(frozen=True)
class ArticleFilters:
    outlets: tuple[str, ...] = ()
    published_from: datetime | None = None
    published_to: datetime | None = None
    language: str | None = None
    story: str | None = None
    up_to_pk: int | None = None  # pins a cursor walk to the rows that existed at its first page

    def clauses(self, articles: Any = Article) -> list[ColumnElement[bool]]:
        """WHERE clauses on ordinary indexed columns (never inside the full-text index), on
        `articles`: the Article table or an alias of it (a correlated subquery's own copy)."""
        clauses: list[ColumnElement[bool]] = []
        if len(self.outlets) == 1:
            # As an equality the (outlet, date) index gives the listing order: no sort.
            outlet_id = select(Outlet.id).where(Outlet.slug == self.outlets[0]).scalar_subquery()
            clauses.append(col(articles.outlet_id) == outlet_id)
        elif self.outlets:
            outlet_ids = select(Outlet.id).where(col(Outlet.slug).in_(self.outlets))
            clauses.append(col(articles.outlet_id).in_(outlet_ids))
        if self.published_from is not None:
            clauses.append(col(articles.published_at) >= self.published_from)
        if self.published_to is not None:
            clauses.append(col(articles.published_at) <= self.published_to)
        if self.language:
            clauses.append(col(articles.language) == self.language)
        if self.story:
            clauses.append(col(articles.story_id) == self.story)
        if self.up_to_pk is not None:
            # "+ 0" keeps the planner off the primary key: the pin excludes only rows stored
            # since a walk began, yet as a rowid range it made SQLite count by walking the whole
            # table instead of its smallest index (20x slower at 20k articles).
            clauses.append(col(articles.pk) + 0 <= self.up_to_pk)
        return clauses


@dataclass(frozen=True)
class ListPosition:
    """Where a listing page ends: the keyset the next page starts after."""

    published_at: datetime | None
    pk: int


def _insert_if_new(session: Session, model: type[SQLModel], values: dict, key: str) -> bool:
    """INSERT ... ON CONFLICT (key) DO NOTHING: whether this call stored the row.

    Two writers storing the same row at once both get an answer, never a unique-key error: on
    PostgreSQL the second waits for the first to commit and then inserts nothing.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=[key])
        .returning(getattr(model, key))
    )
    return session.connection().execute(statement).first() is not None


def _outlet_row(session: Session, info: OutletInfo | None) -> Outlet | None:
    if info is None:
        return None
    outlet = session.exec(select(Outlet).where(Outlet.slug == info.slug)).first()
    if outlet is None:
        row = {"slug": info.slug, "name": info.name, "domain": info.domain}
        _insert_if_new(session, Outlet, row, "slug")
        outlet = session.exec(select(Outlet).where(Outlet.slug == info.slug)).one()
    if info.domain and not outlet.domain:
        outlet.domain = info.domain
    return outlet


def upsert_article(
    session: Session, article: NormalizedArticle, source: str | None = None
) -> tuple[UpsertOutcome, str]:
    """Insert, update or skip one article; returns the outcome and the stored article's id.

    The same id again updates in place (re-ingest is idempotent); a different id with the same
    body is an exact duplicate and collapses onto the article already stored. Safe against
    another writer storing the same article at the same moment: the insert is ON CONFLICT DO
    NOTHING, and the loser compares with what the winner stored.
    """
    return upsert_row(session, article_row(article, source))


@dataclass(frozen=True)
class ArticleRow:
    """A normalized article as its row will hold it, built without the database (so worker
    processes can build it): the column values but the outlet's key, and the outlet itself;
    with stories on, the terms story clustering counts of it (counted there too: the one writer
    is what an ingest waits on, and counting is a fifth of an article's clustering)."""

    id: str
    content_hash: str
    outlet: OutletInfo | None
    source: str | None
    values: dict[str, Any]
    story_terms: Counter[str] | None = None


def article_row(article: NormalizedArticle, source: str | None = None) -> ArticleRow:
    values = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    values["removed"] = [line.model_dump() for line in article.removed]
    values["title_cjk"] = cjk.side_text(article.title)
    values["body_cjk"] = cjk.side_text(article.body)
    for name in ("published_at", "modified_at"):  # SQLite keeps no zone: store UTC
        if values[name] is not None:
            values[name] = as_utc(values[name])
    terms = None
    if get_settings().stories:
        terms = features.terms(article.title, article.body, article.language)
    return ArticleRow(article.id, article.content_hash, article.outlet, source, values, terms)


def upsert_row(session: Session, article: ArticleRow) -> tuple[UpsertOutcome, str]:
    """upsert_article for a row already built (see there)."""
    lock_stories(session)
    existing = session.exec(select(Article).where(Article.id == article.id)).first()
    if existing is None:
        twin = session.exec(
            select(Article).where(Article.content_hash == article.content_hash)
        ).first()
        if twin is not None:
            record_duplicate(session, twin.id, _copy_of(article))
            return "duplicate", twin.id
    outlet = _outlet_row(session, article.outlet)
    values = {**article.values, "outlet_id": outlet.id if outlet else None}
    source = article.source
    if existing is None:
        now = utcnow()
        row = {"id": article.id, "source": source, "ingested_at": now, "updated_at": now}
        [row["story_id"]] = assign_stories(session, [_story_doc(article)])
        if _insert_if_new(session, Article, {**row, **values}, "id"):
            return "added", article.id
        existing = session.exec(select(Article).where(Article.id == article.id)).one()
    if all(_same(getattr(existing, name), value) for name, value in values.items()):
        return "unchanged", existing.id
    for name, value in values.items():
        setattr(existing, name, value)
    existing.source = source or existing.source
    existing.updated_at = utcnow()
    return "updated", existing.id


def upsert_rows(
    session: Session, rows: Sequence[ArticleRow], outlets: dict[tuple[str, str | None], int]
) -> list[tuple[UpsertOutcome, str]]:
    """upsert_row for many rows at once, same outcomes in the same order, far fewer statements.

    Rows whose id and body hash are new to the store and to the rows before them in the batch
    (nearly all of a first load) are inserted by one multi-row INSERT ... ON CONFLICT DO
    NOTHING after two lookups for the whole batch; the rest (updates, duplicates, a row another
    writer stored meanwhile) go through upsert_row one by one, after the bulk insert and in
    order, so each compares with what is stored by then. `outlets` maps (slug, domain) to
    the outlet's key, filled as outlets are met: the caller may keep it across its
    transactions once this one has committed (an outlet is never deleted).
    """
    ids = _present(session, col(Article.id), {row.id for row in rows})
    hashes = _present(session, col(Article.content_hash), {row.content_hash for row in rows})
    seen_ids, seen_hashes = set(ids), set(hashes)
    fast: list[int] = []
    for number, row in enumerate(rows):
        if row.id not in seen_ids and row.content_hash not in seen_hashes:
            fast.append(number)
        seen_ids.add(row.id)
        seen_hashes.add(row.content_hash)
    outcomes: dict[int, tuple[UpsertOutcome, str]] = {}
    lock_stories(session)
    assigned = assign_stories(session, [_story_doc(rows[n]) for n in fast])
    stories = {rows[n].id: story for n, story in zip(fast, assigned, strict=True)}
    inserted = _insert_new(session, [rows[number] for number in fast], outlets, stories)
    for number in fast:
        if rows[number].id in inserted:
            outcomes[number] = ("added", rows[number].id)
    for number, row in enumerate(rows):
        if number not in outcomes:
            outcomes[number] = upsert_row(session, row)
    return [outcomes[number] for number in range(len(rows))]


_LOOKUP_CHUNK = 500  # bound parameters per IN (...) lookup, well under every backend's limit


def _present(session: Session, column: Any, keys: set[str]) -> set[str]:
    found: set[str] = set()
    keys_list = sorted(keys)
    for start in range(0, len(keys_list), _LOOKUP_CHUNK):
        chunk = keys_list[start : start + _LOOKUP_CHUNK]
        found.update(session.exec(select(column).where(column.in_(chunk))).all())
    return found


def _insert_new(
    session: Session,
    rows: Sequence[ArticleRow],
    outlets: dict[tuple[str, str | None], int],
    stories: dict[str, str | None],
) -> set[str]:
    """One INSERT ... ON CONFLICT (id) DO NOTHING for all rows: the ids it stored (a row
    another writer stored first is left out, and its caller compares with that one)."""
    if not rows:
        return set()
    now = utcnow()
    params = []
    for row in rows:
        outlet_id = None
        if row.outlet is not None:
            key = (row.outlet.slug, row.outlet.domain)
            if key not in outlets:
                outlets[key] = _outlet_row(session, row.outlet).id  # type: ignore[union-attr]
            outlet_id = outlets[key]
        params.append(
            {
                "id": row.id,
                "source": row.source,
                "ingested_at": now,
                "updated_at": now,
                "outlet_id": outlet_id,
                "story_id": stories.get(row.id),
                **row.values,
            }
        )
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Article).on_conflict_do_nothing(index_elements=["id"]).returning(col(Article.id))
    )
    return set(session.connection().execute(statement, params).scalars().all())


def _story_doc(row: ArticleRow) -> StoryDoc:
    """What story clustering reads of an article about to be inserted."""
    values = row.values
    return StoryDoc(
        id=row.id,
        title=values["title"],
        body=values["body"],
        published_at=values["published_at"],
        language=values["language"],
        outlet=row.outlet.slug if row.outlet else None,
        terms=row.story_terms,
    )


def _copy_of(row: ArticleRow) -> DuplicateCopy:
    url = row.values["canonical_url"] or row.values["url"]
    return DuplicateCopy(url=url, outlet=row.outlet.slug if row.outlet else None)


def delete_article(session: Session, article_id: str) -> bool:
    """Remove one article (its index entry goes with it, by trigger); False when unknown."""
    existing = session.exec(select(Article).where(Article.id == article_id)).first()
    if existing is None:
        return False
    session.delete(existing)
    return True


def _same(stored: object, new: object) -> bool:
    """SQLite hands datetimes back without their zone; compare them as UTC."""
    if isinstance(stored, datetime) and isinstance(new, datetime):
        return as_utc(stored) == as_utc(new)
    return stored == new


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def max_article_pk(session: Session) -> int:
    """The newest row key: rows above it were added after a walk began."""
    return session.exec(select(func.max(Article.pk))).one() or 0


def count_articles(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def get_article(session: Session, article_id: str) -> tuple[Article, Outlet | None] | None:
    row = session.exec(
        select(Article, Outlet).join(Outlet, isouter=True).where(Article.id == article_id)
    ).first()
    return (row[0], row[1]) if row else None


def keyset_after(position: ListPosition, sort: SortOrder) -> ColumnElement[bool]:
    """Keyset condition for (published_at, pk) ordered with undated articles last."""
    published, pk = col(Article.published_at), col(Article.pk)
    if position.published_at is None:
        return and_(published.is_(None), pk < position.pk if sort == "newest" else pk > position.pk)
    if sort == "newest":
        forward = published < position.published_at
        tie = and_(published == position.published_at, pk < position.pk)
    else:
        forward = published > position.published_at
        tie = and_(published == position.published_at, pk > position.pk)
    return or_(forward, tie, published.is_(None))


def date_order(sort: SortOrder) -> tuple[ColumnElement[object], ...]:
    published, pk = col(Article.published_at), col(Article.pk)
    if sort == "newest":
        return (published.desc().nulls_last(), pk.desc())
    return (published.asc().nulls_last(), pk.asc())


def list_articles(
    session: Session,
    filters: ArticleFilters,
    sort: SortOrder,
    limit: int,
    after: ListPosition | None = None,
) -> tuple[list[tuple[Article, Outlet | None]], int]:
    """One page of articles and the total matching the filters."""
    clauses = filters.clauses()
    total = session.exec(select(func.count()).select_from(Article).where(*clauses)).one()
    return articles_in_order(session, page_keys(session, filters, sort, limit, after)), total


def page_keys(
    session: Session,
    filters: ArticleFilters,
    sort: SortOrder,
    limit: int,
    after: ListPosition | None = None,
    extra: Sequence[ColumnElement[bool]] = (),
) -> list[int]:
    """Row keys of a listing page in date order (with `extra` conditions).

    Several outlets are read as one ordered range of the (outlet, date) index each, `limit`
    rows at most, merged here: as one IN list the whole of their rows would be sorted (400,000
    index entries for two outlets of a 1M-article store).
    """
    parts = [filters]
    if len(filters.outlets) > 1:
        parts = [replace(filters, outlets=(slug,)) for slug in filters.outlets]
    rows: list[tuple[int, datetime | None]] = []
    for part in parts:
        keys = select(col(Article.pk), col(Article.published_at)).where(*part.clauses(), *extra)
        if after is not None:
            keys = keys.where(keyset_after(after, sort))
        rows += session.exec(keys.order_by(*date_order(sort)).limit(limit)).all()
    if sort == "newest":  # dated first, latest first, then the higher key
        rows.sort(
            key=lambda row: (row[1] is not None, row[1] or datetime.min, row[0]), reverse=True
        )
    else:  # dated first, earliest first, then the lower key
        rows.sort(key=lambda row: (row[1] is None, row[1] or datetime.min, row[0]))
    return [pk for pk, _ in rows[:limit]]


def articles_in_order(session: Session, pks: Sequence[int]) -> list[tuple[Article, Outlet | None]]:
    """The rows of these keys, in their order.

    A page is ordered on row keys alone and its rows read afterwards: when the order needs a
    sort (outlets given as a list, say), SQLite sorts index entries, not whole articles
    (200,000 of them for one outlet at 1M articles: 1.5 s instead of milliseconds).
    """
    if not pks:
        return []
    rows = session.exec(
        select(Article, Outlet).join(Outlet, isouter=True).where(col(Article.pk).in_(pks))
    ).all()
    found = {article.pk: (article, outlet) for article, outlet in rows}
    return [found[pk] for pk in pks if pk in found]


@dataclass(frozen=True)
class OutletStats:
    outlet: Outlet
    article_count: int
    first_published: datetime | None
    last_published: datetime | None


def list_outlets(session: Session) -> list[OutletStats]:
    rows = session.exec(
        select(
            Outlet,
            func.count(col(Article.pk)),
            func.min(Article.published_at),
            func.max(Article.published_at),
        )
        .join(Article, isouter=True)
        .group_by(col(Outlet.id))
        .order_by(func.count(col(Article.pk)).desc(), col(Outlet.slug))
    ).all()
    return [OutletStats(outlet, count, first, last) for outlet, count, first, last in rows]


def stream_articles(
    session: Session, filters: ArticleFilters, sort: SortOrder, chunk: int = 500
) -> Iterator[tuple[Article, Outlet | None]]:
    """Every matching article in order, fetched `chunk` rows at a time: constant memory."""
    query = (
        select(Article, Outlet)
        .join(Outlet, isouter=True)
        .where(*filters.clauses())
        .order_by(*date_order(sort))
        .execution_options(yield_per=chunk)
    )
    # Closed when the caller stops early, so PostgreSQL's server-side cursor goes with it.
    with session.exec(query) as result:
        for article, outlet in result:  # noqa: UP028 (unpacks the result rows)
            yield article, outlet
