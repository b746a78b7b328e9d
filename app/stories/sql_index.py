"""The store's StoryIndex: stories, postings and document frequencies in ordinary tables, read
and written inside the ingest's own transaction (so a story never outlives a rolled-back batch).

Every read is bounded: frequencies and postings by the article's own terms, postings further by
`per_term` rows a term (or a front of FRONT rows, see app.stories.known) through the (term, day,
seq) and (term, seq) indexes, stories by the handful of candidates. Nothing scans a table, so
the cost of an article does not grow with the store.

One index serves a whole batch of articles (one transaction, under the story lock, so nothing
else changes these tables meanwhile) and keeps what it read and wrote: the frequencies of the
terms met, counted in memory, the stories loaded or changed and the postings made, each written
once by `flush`, which the caller runs before the transaction commits. A batch's articles share
most terms and their few dozen live stories, so this saves most of the statements; the answers
are those of writing every change at once (`postings` merges the batch's with the store's).
What the batch read and wrote outlives it in `app.stories.known`, for the process's next batch.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, bindparam, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session

from app.models import Story
from app.stories.cluster import StoryConfig, StoryState
from app.stories.known import FRONT, VERSION, Batch, Front, Posting, Ranked, committed, known_at

_STATE_COLUMNS = (
    "id",
    "title",
    "size",
    "first_at",
    "last_at",
    "outlets",
    "centroid",
    "cohesion_sum",
    "cohesion_count",
)
DOCUMENTS = ""  # the StoryTerm row whose df counts the articles themselves
_STORY_ID = itemgetter(2)  # of a Posting


class SqlIndex:
    def __init__(self, session: Session) -> None:
        """Made once the story lock is held (the version read here holds until commit)."""
        self.session = session
        bind = session.get_bind()
        self._store = bind if isinstance(bind, Engine) else bind.engine
        connection = session.connection()
        found = connection.execute(_READ_DF, {"terms": [VERSION]}).all()
        self._found: int | None = found[0][1] if found else None
        self._known = known_at(self._store, self._found)
        self._flushed = False
        self._documents = 0
        self._df: dict[str, int] = {}  # every term met so far, with its current frequency
        self._stored_df: dict[str, int] = {}  # the same terms' frequencies as stored
        self._stories: dict[str, StoryState] = {}
        self._changed: set[str] = set()
        self._stored: set[str] = set()  # stories loaded from the store (not new in the batch)
        # term -> story id -> (day, seq, story id): postings of this batch, written by `flush`
        self._posted: dict[str, dict[str, Posting]] = {}
        self._stale: Counter[str] = Counter()  # per term, stored stories the batch re-posted
        # (term, first day, last day, limit) -> the store's postings for it: the store does not
        # change until `flush`, and a batch's articles share terms and days
        self._answers: dict[tuple[str, int, int, int], list[Posting]] = {}
        self._fronts: dict[str, Front] = {}  # the terms' stored fronts (see app.stories.known)
        self._written: dict[str, dict[str, Posting]] = {}  # as _posted, flushed

    def read_frequencies(self, terms: Iterable[str]) -> None:
        """Read the stored frequencies of `terms` not met yet, a few statements for a whole
        batch's terms (`count` reads what is still missing one article at a time)."""
        known = self._known.df
        unknown = []
        for term in sorted({*terms, DOCUMENTS} - self._df.keys()):
            if term in known:
                self._df[term] = self._stored_df[term] = known[term]
            else:
                unknown.append(term)
        connection = self.session.connection()
        for start in range(0, len(unknown), _CHUNK):
            chunk = unknown[start : start + _CHUNK]
            found = dict(connection.execute(_READ_DF, {"terms": chunk}).all())
            for term in chunk:
                self._df[term] = self._stored_df[term] = found.get(term, 0)

    def count(self, terms: AbstractSet[str]) -> tuple[dict[str, int], int]:
        """What is counted is the difference to `_stored_df`, written by `flush` (no counter
        kept per article: a dict update is the cheapest count)."""
        df = self._df
        if not (DOCUMENTS in df and df.keys() >= terms):
            self.read_frequencies(terms)
        counted = {term: df[term] + 1 for term in terms}
        df.update(counted)
        self._documents = df[DOCUMENTS] = df[DOCUMENTS] + 1
        return counted, self._documents

    def postings(
        self, terms: list[str], moment: datetime | None, config: StoryConfig
    ) -> dict[str, list[str]]:
        """Per term, the stored postings merged with this batch's: the store's answer holds as
        many more rows as the batch re-posted stories it loaded (their stored rows are stale; a
        story new in the batch has none), so the merge is exactly what the store would answer
        with the batch written. `seq` is unique within a term (one article posts to one story),
        so the orders are total. An undated article's window is every day: it reads the latest
        dated postings of each term and the latest undated ones, as a dated article reads them
        within its window. The store's answer is read off the term's front where it reaches far
        enough (nearly always), else asked of the store."""
        if not terms:
            return {}
        if moment is None:
            lo, hi = 1, _LAST_DAY
        else:
            day = moment.toordinal()
            lo, hi = day - config.window_days, day + config.window_days
        stale = self._stale
        limits = {term: config.per_term + stale.get(term, 0) for term in terms}
        stored = self._from_fronts(limits, lo, hi)
        missing = {term: limit for term, limit in limits.items() if term not in stored}
        if missing:
            stored.update(self._from_store(missing, lo, hi))
        found: dict[str, list[str]] = {}
        for term in terms:
            batch = self._posted.get(term)
            if not batch:  # the store's answer is the whole answer
                found[term] = list(map(_STORY_ID, stored[term]))
                continue
            rows_of = [row for row in stored[term] if row[2] not in batch]
            rows_of += batch.values()
            found[term] = []
            for kept in (
                [r for r in rows_of if r[0] is not None and lo <= r[0] <= hi],
                [r for r in rows_of if r[0] is None],
            ):
                if len(kept) > config.per_term:  # the latest: by (day, seq), unique in a term
                    kept.sort(reverse=True)
                    del kept[config.per_term :]
                found[term] += map(_STORY_ID, kept)
        return found

    def _from_fronts(self, limits: dict[str, int], lo: int, hi: int) -> dict[str, list[Posting]]:
        """The store's answers for the terms whose fronts reach `limits` postings within the
        window [lo, hi] (dated ones first, then undated ones, as the store answers)."""
        self._read_fronts([term for term in limits if term not in self._fronts])
        stored = {}
        for term, limit in limits.items():
            front = self._fronts[term]
            dated = front.dated.first(limit, lo, hi)
            undated = front.undated.first(limit)
            if dated is not None and undated is not None:
                stored[term] = [*dated, *undated]
        return stored

    def _read_fronts(self, terms: list[str]) -> None:
        """The fronts of `terms`: as the process knows them, empty for a term no stored article
        holds (no posting can name it: an article posts only terms it counted; such are most of
        an article's rarest, heaviest terms), the rest read in one statement."""
        missing = []
        for term in terms:
            front = self._known.fronts.get(term)
            if front is not None:
                self._fronts[term] = front
            elif self._stored_df.get(term) == 0:  # counted by this batch alone
                self._fronts[term] = Front(Ranked((), True), Ranked((), True))
            else:
                missing.append(term)
        if not missing:
            return
        connection = self.session.connection()
        query = _postings_query(len(missing), connection.dialect.name)
        every_day = (1, _LAST_DAY)
        params = [value for term in missing for value in (term, *every_day, FRONT, term, FRONT)]
        read: dict[str, tuple[list[Posting], list[Posting]]] = {t: ([], []) for t in missing}
        for term, story_id, day, seq in _fetch(connection, query, params):
            read[term][day is None].append((day, seq, sys.intern(story_id)))
        for term, (dated, undated) in read.items():
            self._fronts[term] = Front(
                Ranked(tuple(dated), len(dated) < FRONT),
                Ranked(tuple(undated), len(undated) < FRONT),
            )

    def _from_store(self, limits: dict[str, int], lo: int, hi: int) -> dict[str, list[Posting]]:
        """The store's answers, asked of it in one statement (each once a batch: the store does
        not change until `flush`)."""
        keys = {term: (term, lo, hi, limit) for term, limit in limits.items()}
        missing = [key for key in keys.values() if key not in self._answers]
        if missing:
            params: list[object] = []
            for term, _, _, limit in missing:
                params += (term, lo, hi, limit, term, limit)
            connection = self.session.connection()
            query = _postings_query(len(missing), connection.dialect.name)
            fetched: dict[str, list[Posting]] = {k[0]: [] for k in missing}
            for term, story_id, posted_day, seq in _fetch(connection, query, params):
                fetched[term].append((posted_day, seq, story_id))
            for key in missing:
                self._answers[key] = fetched[key[0]]
        return {term: self._answers[key] for term, key in keys.items()}

    def load(self, story_ids: list[str]) -> list[StoryState]:
        missing = []
        for story_id in story_ids:
            if story_id in self._stories:
                continue
            story = self._known.story(story_id)
            if story is None:
                missing.append(story_id)
            else:
                self._stories[story_id] = story
                self._stored.add(story_id)
        if missing:
            connection = self.session.connection()
            statement = _load_statement(len(missing), connection.dialect.name)
            for row in _fetch(connection, statement, missing):
                story = _state(row)
                self._stories[story.id] = story
                self._stored.add(story.id)
        return [self._stories[story_id] for story_id in story_ids if story_id in self._stories]

    def save(self, story: StoryState, terms: list[str]) -> None:
        self._stories[story.id] = story
        self._changed.add(story.id)
        posting = (story.last_at.toordinal() if story.last_at else None, self._documents, story.id)
        stored = story.id in self._stored  # for good: a story new in the batch is never loaded
        for term in terms:
            posted = self._posted.setdefault(term, {})
            if stored and story.id not in posted:
                self._stale[term] += 1
            posted[story.id] = posting

    def flush(self) -> None:
        """Write the changed stories and the new counts (terms in order, so that two writers
        would lock rows in the same order); the first flush also raises the version, and what
        the batch read and wrote becomes known to the process when its transaction commits."""
        stored_df = self._stored_df
        added = {
            term: df - stored_df[term] for term, df in self._df.items() if df != stored_df[term]
        }
        if not (self._changed or self._posted or added):
            return
        stored_df.update(self._df)
        if not self._flushed:
            self._flushed = True
            added[VERSION] = 1
            self._watch_commit()
        connection = self.session.connection()
        dialect = connection.dialect.name
        if self._changed:
            rows = [
                {name: getattr(self._stories[story_id], name) for name in _STATE_COLUMNS}
                for story_id in sorted(self._changed)
            ]
            connection.execute(_save_statement(dialect), rows)
            self._changed.clear()
        postings = sorted(
            (term, story_id, day, seq)
            for term, stories in self._posted.items()
            for day, seq, story_id in stories.values()
        )
        for term, stories in self._posted.items():
            self._written.setdefault(term, {}).update(stories)
        for start in range(0, len(postings), _CHUNK // 2):
            chunk = postings[start : start + _CHUNK // 2]
            statement = _posting_statement(len(chunk), dialect)
            connection.exec_driver_sql(statement, tuple(chain.from_iterable(chunk)))
        self._posted.clear()
        self._stale.clear()
        self._answers.clear()
        counts = sorted(added.items())
        for start in range(0, len(counts), _CHUNK):
            chunk = counts[start : start + _CHUNK]
            statement = _count_statement(len(chunk), dialect)
            connection.exec_driver_sql(statement, tuple(chain.from_iterable(chunk)))

    def _watch_commit(self) -> None:
        open_ = [True]

        def after_commit(session: Session) -> None:
            if open_[0]:
                stories = dict(self._stories)
                batch = Batch(dict(self._df), stories, dict(self._fronts), self._written)
                committed(self._store, self._found, batch)
            open_[0] = False

        def after_end(session: Session, transaction: SessionTransaction) -> None:
            if transaction.parent is None:  # committed or rolled back: nothing more to add
                open_[0] = False

        event.listen(self.session, "after_commit", after_commit, once=True)
        event.listen(self.session, "after_transaction_end", after_end)


def _state(row: Sequence[Any]) -> StoryState:
    """A story from its row as the driver hands it: SQLite's JSON as text (read by orjson: a
    centroid is some 150 terms, and candidates not known to the process are read each time) and
    its datetimes as ISO text without a zone (stored as UTC), psycopg's decoded already."""
    values = dict(zip(_STATE_COLUMNS, row, strict=True))
    for name in ("outlets", "centroid"):
        if isinstance(values[name], str):
            values[name] = orjson.loads(values[name])
    for name in ("first_at", "last_at"):
        moment = values[name]
        if isinstance(moment, str):
            moment = datetime.fromisoformat(moment)
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        values[name] = moment
    return StoryState(**values)


# The statements below go to the driver as they are, with positional parameters (`?` is
# SQLite's mark, `%s` psycopg's): SQLAlchemy's binding of hundreds of named parameters cost more
# than the statements' own work. Plain SQL, the same on both backends, built once per shape.
_DATED = (
    "SELECT * FROM (SELECT term, story_id, day, seq FROM story_posting WHERE term = ?"
    " AND day BETWEEN ? AND ? ORDER BY day DESC, seq DESC LIMIT ?) AS d{i}"
    " UNION ALL SELECT * FROM (SELECT term, story_id, day, seq FROM story_posting"
    " WHERE term = ? AND day IS NULL ORDER BY seq DESC LIMIT ?) AS u{i}"
)
_LAST_DAY = date.max.toordinal()  # an undated article's window ends here (starts at day 1)


def _fetch(connection: Connection, statement: str, params: Sequence[object]) -> list[Any]:
    """Rows of a statement run on the driver's own cursor: SQLAlchemy's result layer cost more
    than the statement itself for the hundreds of short rows a lookup reads."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(statement, tuple(params))
        return cursor.fetchall()
    finally:
        cursor.close()


def _for_driver(statement: str, dialect: str) -> str:
    return statement.replace("?", "%s") if dialect == "postgresql" else statement


@lru_cache(maxsize=128)
def _postings_query(terms: int, dialect: str) -> str:
    """One round trip for every query term: per term two LIMITed ranges of the (term, day, seq)
    index, the dated postings in the window and the undated ones."""
    return _for_driver(" UNION ALL ".join(_DATED.format(i=i) for i in range(terms)), dialect)


_CHUNK = 500  # terms a statement reads or writes (two bound parameters each at most)
_READ_DF = text("SELECT term, df FROM story_term WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)


@lru_cache(maxsize=128)
def _count_statement(terms: int, dialect: str) -> str:
    values = ", ".join(["(?, ?)"] * terms)
    return _for_driver(
        f"INSERT INTO story_term (term, df) VALUES {values} "
        "ON CONFLICT (term) DO UPDATE SET df = story_term.df + excluded.df",
        dialect,
    )


@lru_cache(maxsize=128)
def _posting_statement(rows: int, dialect: str) -> str:
    values = ", ".join(["(?, ?, ?, ?)"] * rows)
    return _for_driver(
        f"INSERT INTO story_posting (term, story_id, day, seq) VALUES {values} "
        "ON CONFLICT (term, story_id) DO UPDATE SET day = excluded.day, seq = excluded.seq",
        dialect,
    )


@lru_cache(maxsize=128)
def _load_statement(ids: int, dialect: str) -> str:
    marks = ", ".join(["?"] * ids)
    return _for_driver(
        f"SELECT {', '.join(_STATE_COLUMNS)} FROM story WHERE id IN ({marks})", dialect
    )


_STORY = Story.__table__


@lru_cache(maxsize=2)
def _save_statement(dialect: str):  # type: ignore[no-untyped-def]
    """The story upsert, built once per dialect (typed columns: the JSON ones are encoded)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(_STORY)
    return statement.on_conflict_do_update(
        index_elements=["id"],
        set_={name: statement.excluded[name] for name in _STATE_COLUMNS if name != "id"},
    )
