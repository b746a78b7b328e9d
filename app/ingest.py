"""Read sources, normalize, upsert in batches, report: the one write path for files and HTTP."""

from __future__ import annotations

import random
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from itertools import islice
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from app.db import write_session
from app.ingest_pool import ordered_map
from app.inputs import InputError, RecordItem
from app.memory import frozen_heap
from app.normalize import NormalizedArticle, RawInput, normalize
from app.records import is_normalized, parse_record, record_to_article, record_to_input
from app.store import ArticleRow, UpsertOutcome, article_row, upsert_rows

# deadlock_detected, serialization_failure: the transaction was rolled back and may run again.
_RETRYABLE = {"40P01", "40001"}
_ATTEMPTS = 5


@dataclass
class IngestReport:
    """What an ingest did: counts per outcome, every source that failed and every file a folder
    walk skipped, each with its reason; `interrupted` when Ctrl-C stopped it (what was
    committed before stays)."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    interrupted: bool = False

    @property
    def stored(self) -> int:
        return self.counts.total()

    @property
    def seen(self) -> int:
        return self.counts.total() + len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.interrupted

    def summary(self) -> str:
        parts = [f"{self.counts[k]} {k}" for k in ("added", "updated", "unchanged", "duplicate")]
        skipped = [f"{len(self.skipped)} skipped"] if self.skipped else []
        return ", ".join([*parts, f"{len(self.failures)} failed", *skipped])


class Unusable(Exception):
    """An input that yields no article; the reason is for the report or the HTTP answer."""


def normalize_input(item: RawInput, now: datetime) -> NormalizedArticle:
    try:
        article = normalize(item, now=now)
    except Exception as error:  # one bad input must not sink the batch: report it by name
        raise Unusable(f"normalization failed: {error!r}") from error
    if not article.body.strip():
        raise Unusable("no article text found")
    return article


Item = RawInput | RecordItem | InputError
Prepared = ArticleRow | InputError


def prepare(item: Item, now: datetime) -> Prepared:
    """One input to the row it stores as, or the error naming it: everything but the write.
    Runs in worker processes, so it touches no database and raises nothing."""
    if isinstance(item, InputError):
        return item
    try:
        return article_row(to_article(item, now), item.source)
    except (Unusable, ValueError) as error:  # pydantic's ValidationError is a ValueError
        return InputError(item.source or "(input)", str(error).splitlines()[0])


def to_article(item: RawInput | RecordItem, now: datetime) -> NormalizedArticle:
    """The normalized article of one page or record; Unusable or ValueError saying why not."""
    if isinstance(item, RecordItem):
        return _record_article(item, now)
    return normalize_input(item, now)


def _record_article(item: RecordItem, now: datetime) -> NormalizedArticle:
    record = parse_record(item.payload) if isinstance(item.payload, bytes) else item.payload
    if not isinstance(record, dict):
        raise Unusable("a record must be a JSON object")
    if is_normalized(record):
        return record_to_article(record)
    return normalize_input(record_to_input(record, item.source), now)


def prepare_chunk(chunk: list[tuple[Item, datetime]]) -> list[Prepared]:
    return [prepare(item, now) for item, now in chunk]


def _size(entry: tuple[Item, datetime]) -> int:
    item = entry[0]
    if isinstance(item, RawInput):
        return len(item.content)
    if isinstance(item, RecordItem) and isinstance(item.payload, bytes):
        return len(item.payload)
    return 0


def ingest(
    engine: Engine,
    items: Iterable[Item],
    batch_size: int = 1000,
    progress: Callable[[IngestReport], None] | None = None,
    strict: bool = False,
    workers: int = 1,
) -> IngestReport:
    """Normalize and store every input; `strict` stops at the first failure.

    Inputs are normalized in `workers` processes (here when 1) and written by this one, a batch
    per short transaction, so a crash loses one batch at most, never leaves half an article or
    an article without its index entry, and readers and other writers never wait on
    normalization. Ctrl-C stops it once the batch being written is committed and counted (a
    second Ctrl-C stops at once, rolling that batch back): the batches committed stay, the
    report counts each of them, and says it was interrupted.
    """
    report = IngestReport()
    now = datetime.now(UTC)
    outlets: dict[tuple[str, str | None], int] = {}
    inputs = ((item, now) for item in items)
    warm_up()
    with frozen_heap():
        results = ordered_map(prepare_chunk, inputs, workers, _size, ahead=batch_size)
        try:
            with closing(results):
                for batch in _batched(results, batch_size):
                    rows = _sorted_out(batch, report, strict)
                    with _interrupt_after():
                        for outcome, _ in _store(engine, rows, outlets):
                            report.counts[outcome] += 1
                    if progress:
                        progress(report)
                    if strict and report.failures:
                        break
        except KeyboardInterrupt:
            report.interrupted = True
    return report


WARM_UP_RECORD = {
    "url": "https://www.example.com/2026/01/02/warm-up",
    "title": "Warm-up",
    "text": "The normalizer loads its models when it meets its first article. "
    "This one is made up to load them.",
}


@cache
def warm_up() -> None:
    """Normalize one made-up record, once per process, to load what the normalizer loads on
    first use (the language identifier, the public-suffix list: about a second). Done before a
    server takes requests and before an ingest freezes its heap (app.memory.frozen_heap) and
    forks its workers, which then share those models instead of loading their own."""
    prepare(RecordItem("warm-up", WARM_UP_RECORD), datetime.now(UTC))


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Ctrl-C during the block takes effect when it ends: a batch committed is always counted
    (an interrupt between the commit and the count would leave the report short of what is
    stored). A second Ctrl-C interrupts at once. Only the main thread receives signals."""
    installed = threading.current_thread() is threading.main_thread() and (
        signal.getsignal(signal.SIGINT) is signal.default_int_handler
    )
    if not installed:
        yield
        return
    pressed: list[int] = []

    def later(signum: int, frame: object) -> None:
        if pressed:
            raise KeyboardInterrupt
        pressed.append(signum)

    signal.signal(signal.SIGINT, later)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if pressed:
        raise KeyboardInterrupt


def _batched(items: Iterable[Prepared], size: int) -> Iterator[list[Prepared]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _sorted_out(batch: list[Prepared], report: IngestReport, strict: bool) -> list[ArticleRow]:
    """The batch's rows; its errors and skips go to the report (strict: rows up to the first
    failure)."""
    rows = []
    for result in batch:
        if isinstance(result, ArticleRow):
            rows.append(result)
        elif result.skipped:
            report.skipped.append(result)
        else:
            report.failures.append(result)
            if strict:
                break
    return rows


def _store(
    engine: Engine,
    rows: Sequence[ArticleRow],
    outlets: dict[tuple[str, str | None], int] | None = None,
) -> list[tuple[UpsertOutcome, str]]:
    """Upsert rows in one short write transaction; `outlets` (the outlets' keys met so far)
    learns this transaction's once it committed. Retried (nothing of it was
    kept) when PostgreSQL aborts it to break a deadlock with a writer storing the same articles
    in another order, and when SQLite's write lock stayed taken past the busy timeout (other
    writers queued ahead: each attempt waits that long again)."""
    if not rows:
        return []
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            learned = dict(outlets or {})
            with write_session(engine) as session:
                outcomes = upsert_rows(session, rows, learned)
            if outlets is not None:
                outlets.update(learned)
            return outcomes
        except OperationalError as error:
            if not _retryable(error) or attempt == _ATTEMPTS:
                raise
            time.sleep(random.uniform(0, 0.05 * attempt))
    raise AssertionError("unreachable")


def _retryable(error: OperationalError) -> bool:
    if isinstance(error.orig, sqlite3.OperationalError):
        return "locked" in str(error.orig)
    return getattr(error.orig, "sqlstate", None) in _RETRYABLE


@dataclass(frozen=True)
class RecordResult:
    """What became of one record sent over HTTP: stored (with its id) or refused (why)."""

    status: UpsertOutcome | None
    id: str | None = None
    error: str | None = None


def ingest_records(
    engine: Engine, records: Sequence[tuple[str, Any]], now: datetime | None = None
) -> list[RecordResult]:
    """JSON records (source, parsed object) through the same pipeline as files: all are
    normalized first, then written in one short transaction. One result per record, in order."""
    now = now or datetime.now(UTC)
    prepared = [prepare(RecordItem(source, record), now) for source, record in records]
    stored = iter(_store(engine, [item for item in prepared if isinstance(item, ArticleRow)]))
    return [
        RecordResult(*next(stored))
        if isinstance(item, ArticleRow)
        else RecordResult(None, error=item.reason)
        for item in prepared
    ]
