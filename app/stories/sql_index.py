"""The store's StoryIndex: stories, postings and document frequencies in ordinary tables, read
and written inside the ingest's own transaction (so a story never outlives a rolled-back batch).

Every read is bounded: frequencies and postings by the article's own terms, postings further by
`per_term` rows a term through the (term, day) and (term, seq) indexes, stories by the handful
of candidates. Nothing scans a table, so the cost of an article does not grow with the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from app.models import Story, StoryPosting, StoryTerm
from app.stories.cluster import StoryConfig, StoryState

DOCUMENTS = ""  # the StoryTerm row whose df counts the articles themselves


class SqlIndex:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._documents = 0

    def _insert(self):  # type: ignore[no-untyped-def]
        dialect = self.session.get_bind().dialect.name
        return postgresql.insert if dialect == "postgresql" else sqlite.insert

    def frequencies(self, terms: Iterable[str]) -> tuple[dict[str, int], int]:
        wanted = [*set(terms), DOCUMENTS]
        rows = self.session.exec(
            select(StoryTerm.term, StoryTerm.df).where(col(StoryTerm.term).in_(wanted))
        ).all()
        found = dict(rows)
        self._documents = found.pop(DOCUMENTS, 0)
        return found, self._documents

    def count(self, terms: Iterable[str]) -> None:
        # Sorted, so two writers counting overlapping terms lock rows in the same order.
        rows = [{"term": term, "df": 1} for term in sorted({*terms, DOCUMENTS})]
        statement = self._insert()(StoryTerm)
        statement = statement.on_conflict_do_update(
            index_elements=["term"], set_={"df": StoryTerm.df + 1}
        )
        self.session.connection().execute(statement, rows)

    def postings(
        self, terms: list[str], moment: datetime | None, config: StoryConfig
    ) -> list[tuple[str, str]]:
        if not terms:
            return []
        term_col, story_col = col(StoryPosting.term), col(StoryPosting.story_id)
        day_col, seq_col = col(StoryPosting.day), col(StoryPosting.seq)
        parts = []
        for term in terms:
            base = select(term_col, story_col).where(term_col == term)
            if moment is None:
                parts.append(base.order_by(seq_col.desc()).limit(config.per_term))
                continue
            day = moment.toordinal()
            window = day_col.between(day - config.window_days, day + config.window_days)
            parts.append(base.where(window).order_by(day_col.desc()).limit(config.per_term))
            undated = base.where(day_col.is_(None)).order_by(seq_col.desc())
            parts.append(undated.limit(config.per_term))
        subqueries = [part.subquery() for part in parts]
        query = union_all(*(select(s.c.term, s.c.story_id) for s in subqueries))
        return [(term, story_id) for term, story_id in self.session.connection().execute(query)]

    def load(self, story_ids: list[str]) -> list[StoryState]:
        if not story_ids:
            return []
        rows = self.session.exec(select(Story).where(col(Story.id).in_(story_ids))).all()
        return [
            StoryState(
                id=row.id,
                title=row.title,
                size=row.size,
                first_at=_utc(row.first_at),
                last_at=_utc(row.last_at),
                outlets=list(row.outlets),
                centroid=dict(row.centroid),
                cohesion_sum=row.cohesion_sum,
                cohesion_count=row.cohesion_count,
            )
            for row in rows
        ]

    def save(self, story: StoryState, terms: list[str]) -> None:
        row = self.session.get(Story, story.id)
        if row is None:
            row = Story(id=story.id)
            self.session.add(row)
        row.title = story.title
        row.size = story.size
        row.first_at = story.first_at
        row.last_at = story.last_at
        row.outlets = list(story.outlets)
        row.centroid = dict(story.centroid)
        row.cohesion_sum = story.cohesion_sum
        row.cohesion_count = story.cohesion_count
        self.session.flush()
        if not terms:
            return
        day = story.last_at.toordinal() if story.last_at else None
        rows = [
            {"term": term, "story_id": story.id, "day": day, "seq": self._documents}
            for term in sorted(set(terms))
        ]
        statement = self._insert()(StoryPosting)
        statement = statement.on_conflict_do_update(
            index_elements=["term", "story_id"],
            set_={"day": statement.excluded.day, "seq": statement.excluded.seq},
        )
        self.session.connection().execute(statement, rows)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back without their zone; they were stored as UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
