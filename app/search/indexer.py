"""Keep the derived search index in step with the store, through the store's change sequence.

Every insert, update and delete of an article adds a row to `search_outbox` (a trigger, in the
same transaction as the change: migration 0006), so the store alone says what the index must
apply, and a crash anywhere loses nothing: the index records the last sequence number it applied
(app.search.index.IndexState) and carries on from there. Applying a change re-reads the article
as it is now and replaces its whole document, so a change applied twice is harmless and no
article is ever indexed twice.

PostgreSQL hands out sequence numbers before commit, so a transaction can commit a lower number
after a higher one was applied. Each outbox row there also records its transaction id; each sync
notes the transactions still running in its snapshot, and the next one reads their rows whatever
their sequence number. (A transaction that starts writing after the snapshot draws numbers above
everything the snapshot saw, so the forward read finds it.) SQLite has one writer, and commits
in order.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Engine, bindparam, text
from sqlmodel import col, select

from app.models import Article
from app.search.index import IndexBusy, IndexedArticle, IndexState, SearchIndex

SYNC_BATCH = 2000
REBUILD_BATCH = 5000
# How long a sync waits for another process that holds the writer to catch up.
BUSY_WAIT_SECONDS = 5.0

Progress = Callable[[int, int], None]

_INDEXED_COLUMNS = (
    col(Article.pk),
    col(Article.title),
    col(Article.body),
    col(Article.title_cjk),
    col(Article.body_cjk),
    col(Article.outlet_id),
    col(Article.language),
    col(Article.story_id),
    col(Article.published_at),
)

_indexes: dict[Path, SearchIndex] = {}


def open_index(path: Path) -> SearchIndex:
    """One SearchIndex per folder per process (it holds the reader and the writer lock)."""
    resolved = path.resolve()
    if resolved not in _indexes:
        _indexes[resolved] = SearchIndex.open(resolved)
    return _indexes[resolved]


def latest_seq(connection: Connection) -> int:
    return connection.execute(text("SELECT max(seq) FROM search_outbox")).scalar() or 0


def lag(engine: Engine, index: SearchIndex) -> int:
    """Changes in the store the index has not applied yet (0: in step)."""
    with engine.connect() as connection:
        return max(0, latest_seq(connection) - index.refresh().applied_seq)


def ensure_fresh(engine: Engine, index: SearchIndex) -> None:
    """Apply what the store has and the index lacks; cheap when in step (indexed reads)."""
    with engine.connect() as connection:
        if _behind(connection, index.state) and _behind(connection, index.refresh()):
            sync(engine, index)


def _behind(connection: Connection, state: IndexState) -> bool:
    if latest_seq(connection) > state.applied_seq:
        return True
    return bool(state.running) and bool(_late_rows(connection, state, limit=1))


def _late_rows(connection: Connection, state: IndexState, limit: int | None = None) -> list:  # type: ignore[type-arg]
    """Rows at or below `applied_seq` of transactions that were running at the last sync."""
    if not state.running:
        return []
    query = text(
        "SELECT seq, article_pk FROM search_outbox WHERE seq <= :after AND txid IN :running"
        + (" LIMIT :limit" if limit else "")
    ).bindparams(bindparam("running", expanding=True))
    parameters = {"after": state.applied_seq, "running": state.running, "limit": limit}
    return list(connection.execute(query, parameters).all())


def sync(engine: Engine, index: SearchIndex) -> int:
    """Apply every pending change; returns how many outbox rows were read. While another
    process holds the writer (it applies the same changes), wait for the index to get as far as
    the store was when this call began, taking the writer over when it is free."""
    with engine.connect() as connection:
        target = latest_seq(connection)
    applied = 0
    deadline = time.monotonic() + BUSY_WAIT_SECONDS
    with index.lock:
        while True:
            try:
                count, more = _apply_batch(engine, index)
            except IndexBusy:
                if index.refresh().applied_seq >= target or time.monotonic() > deadline:
                    return applied
                time.sleep(0.05)
                continue
            applied += count
            if not more:
                return applied


def _apply_batch(engine: Engine, index: SearchIndex) -> tuple[int, bool]:
    """One batch of changes in one tantivy commit; whether more may follow."""
    state = index.refresh()
    postgres = engine.dialect.name == "postgresql"
    options = {"isolation_level": "REPEATABLE READ"} if postgres else {}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        forward = connection.execute(
            text(
                "SELECT seq, article_pk FROM search_outbox WHERE seq > :after "
                "ORDER BY seq LIMIT :batch"
            ),
            {"after": state.applied_seq, "batch": SYNC_BATCH},
        ).all()
        late = _late_rows(connection, state)
        running = _running(connection) if postgres else []
        pks = sorted({pk for _, pk in [*forward, *late]})
        if not pks and running == state.running:
            return 0, False
        articles = _read_articles(connection, pks)
    applied_seq = max([state.applied_seq, *(seq for seq, _ in forward)])
    new_state = IndexState(applied_seq=applied_seq, running=running, built_at=state.built_at)
    index.write(pks, articles, new_state)
    return len(forward) + len(late), len(forward) == SYNC_BATCH


def _running(connection: Connection) -> list[int]:
    """The transactions running when this transaction's snapshot was taken (PostgreSQL)."""
    rows = connection.execute(
        text("SELECT pg_snapshot_xip(pg_current_snapshot())::text::bigint")
    ).scalars()
    return sorted(rows)


def _read_articles(connection: Connection, pks: list[int]) -> list[IndexedArticle]:
    found: list[IndexedArticle] = []
    for start in range(0, len(pks), 500):
        chunk = pks[start : start + 500]
        rows = connection.execute(select(*_INDEXED_COLUMNS).where(col(Article.pk).in_(chunk))).all()
        found += [IndexedArticle(*row) for row in rows]
    return found


class BackgroundSync:
    """Runs `apply` (a sync) in a thread of its own whenever asked, so that an ingest's writer
    goes on storing batches while tantivy commits (its commits and merges release the GIL).

    What a sync applies comes from the store's change sequence, so when it runs changes nothing
    of what the index ends up holding; one request made while a sync runs is served by the
    next. The thread starts at the first request: an ingest's worker processes are forked by
    then, with no thread of this running. `close` waits for the sync under way and raises what
    a sync raised.
    """

    def __init__(self, apply: Callable[[], object]) -> None:
        self._apply = apply
        self._wanted = threading.Event()
        self._closing = False
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None

    def request(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="index-sync", daemon=True)
            self._thread.start()
        self._wanted.set()

    def _run(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._closing:
                return
            try:
                self._apply()
            except BaseException as error:  # re-raised by close, in the caller's thread
                self._error = error
                return

    def close(self) -> None:
        self._closing = True
        self._wanted.set()
        if self._thread is not None:
            self._thread.join()
        if self._error is not None:
            raise self._error


@dataclass(frozen=True)
class RebuildReport:
    articles: int
    seconds: float


def rebuild(engine: Engine, index: SearchIndex, progress: Progress | None = None) -> RebuildReport:
    """Index every article anew from the store, in one tantivy commit: searches see the old
    index until the new one is complete. Changes made meanwhile are applied by the next sync
    (the state records the change sequence as it was when the rebuild began)."""
    started = time.monotonic()
    postgres = engine.dialect.name == "postgresql"
    options = {"isolation_level": "REPEATABLE READ"} if postgres else {}
    connection = engine.connect().execution_options(**options)
    with index.lock, connection, connection.begin():
        applied_seq = latest_seq(connection)
        running = _running(connection) if postgres else []
        total = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
        state = IndexState(
            applied_seq=applied_seq,
            running=running,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        )
        articles = _stream_articles(connection, total, progress)
        index.write([], articles, state, clear=True, threads=os.cpu_count() or 1)
        count = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
    return RebuildReport(count, time.monotonic() - started)


def _stream_articles(
    connection: Connection, total: int, progress: Progress | None
) -> Iterator[IndexedArticle]:
    query = select(*_INDEXED_COLUMNS).order_by(col(Article.pk))
    done = 0
    with connection.execution_options(yield_per=REBUILD_BATCH).execute(query) as result:
        for rows in result.partitions():
            for row in rows:
                yield IndexedArticle(*row)
            done += len(rows)
            if progress is not None:
                progress(done, total)
    if progress is not None and done == 0:
        progress(0, total)


@dataclass(frozen=True)
class IndexCheck:
    indexed: int
    lag: int
    problems: list[str]


def check_index(engine: Engine, index: SearchIndex, sample: int = 5) -> IndexCheck:
    """Whether the index holds every article once and nothing else, and how far behind it is."""
    with engine.connect() as connection:
        latest = latest_seq(connection)
        articles = {row[0] for row in connection.execute(text("SELECT pk FROM article"))}
    state = index.refresh()
    indexed = index.all_pks()
    problems: list[str] = []
    behind = max(0, latest - state.applied_seq)
    unique = set(indexed)
    if len(unique) != len(indexed):
        problems.append(f"search index: {len(indexed) - len(unique)} articles indexed twice")
    missing, stray = sorted(articles - unique), sorted(unique - articles)
    if missing:
        problems.append(
            f"search index: {len(missing)} articles missing (pk {missing[:sample]})"
            + (f"; it is {behind} changes behind: run `newsstore index sync`" if behind else "")
        )
    if stray:
        problems.append(
            f"search index: {len(stray)} entries without an article (pk {stray[:sample]})"
        )
    return IndexCheck(len(indexed), behind, problems)
