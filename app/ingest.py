"""Read sources, normalize, upsert in batches, report: the one write path for files and HTTP."""

from __future__ import annotations

import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from app.db import write_session
from app.inputs import InputError, record_to_input
from app.normalize import NormalizedArticle, RawInput, normalize
from app.store import UpsertOutcome, upsert_article

# deadlock_detected, serialization_failure: the transaction was rolled back and may run again.
_RETRYABLE = {"40P01", "40001"}
_ATTEMPTS = 5


@dataclass
class IngestReport:
    """What an ingest did: counts per outcome and every source that failed, with its reason."""

    counts: Counter[str] = field(default_factory=Counter)
    failures: list[InputError] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.counts.total() + len(self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        parts = [f"{self.counts[k]} {k}" for k in ("added", "updated", "unchanged", "duplicate")]
        return ", ".join([*parts, f"{len(self.failures)} failed"])


def _batched(
    items: Iterable[RawInput | InputError], size: int
) -> Iterator[list[RawInput | InputError]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


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


def ingest(
    engine: Engine,
    items: Iterable[RawInput | InputError],
    batch_size: int = 200,
    progress: Callable[[IngestReport], None] | None = None,
    strict: bool = False,
) -> IngestReport:
    """Normalize and store every input; `strict` stops at the first failure.

    Each batch is normalized first and then written in one short transaction, so a crash loses
    one batch at most, never leaves half an article or an article without its index entry, and
    readers and other writers never wait on normalization.
    """
    report = IngestReport()
    now = datetime.now(UTC)
    for batch in _batched(items, batch_size):
        articles = []
        for item in batch:
            article = _normalized(item, now, report)
            if article is not None:
                articles.append(article)
            elif strict:
                break
        for outcome, _ in _store(engine, articles):
            report.counts[outcome] += 1
        if progress:
            progress(report)
        if strict and not report.ok:
            break
    return report


def _store(
    engine: Engine, articles: Sequence[tuple[NormalizedArticle, str | None]]
) -> list[tuple[UpsertOutcome, str]]:
    """Upsert normalized articles in one short write transaction. Retried (nothing of it was
    kept) when PostgreSQL aborts it to break a deadlock with a writer storing the same articles
    in another order, and when SQLite's write lock stayed taken past the busy timeout (other
    writers queued ahead: each attempt waits that long again)."""
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            with write_session(engine) as session:
                return [upsert_article(session, article, source) for article, source in articles]
        except OperationalError as error:
            if not _retryable(error) or attempt == _ATTEMPTS:
                raise
            time.sleep(random.uniform(0, 0.05 * attempt))
    raise AssertionError("unreachable")


def _retryable(error: OperationalError) -> bool:
    if isinstance(error.orig, sqlite3.OperationalError):
        return "locked" in str(error.orig)
    return getattr(error.orig, "sqlstate", None) in _RETRYABLE


def _normalized(
    item: RawInput | InputError, now: datetime, report: IngestReport
) -> tuple[NormalizedArticle, str | None] | None:
    if isinstance(item, InputError):
        report.failures.append(item)
        return None
    try:
        return normalize_input(item, now), item.source
    except Unusable as error:
        report.failures.append(InputError(item.source or "(input)", str(error)))
        return None


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
    prepared: list[NormalizedArticle | str] = []
    for source, record in records:
        try:
            prepared.append(normalize_input(_record_input(record, source), now))
        except Unusable as error:
            prepared.append(str(error))
    stored = iter(
        _store(
            engine,
            [
                (item, source)
                for (source, _), item in zip(records, prepared, strict=True)
                if not isinstance(item, str)
            ],
        )
    )
    return [
        RecordResult(None, error=item) if isinstance(item, str) else RecordResult(*next(stored))
        for item in prepared
    ]


def _record_input(record: Any, source: str) -> RawInput:
    try:
        return record_to_input(record, source)
    except (ValueError, ValidationError) as error:
        raise Unusable(str(error).splitlines()[0]) from error
