"""Read sources, normalize, upsert in batches, report: the one write path for files and HTTP."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.inputs import InputError
from app.normalize import RawInput, normalize
from app.store import upsert_article

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


def ingest(
    engine: Engine,
    items: Iterable[RawInput | InputError],
    batch_size: int = 200,
    progress: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    """Normalize and store every input; one transaction per batch, so a crash loses one batch
    at most and never leaves half an article or an article without its index entry."""
    report = IngestReport()
    now = datetime.now(UTC)
    for batch in _batched(items, batch_size):
        batch_report = _store_batch(engine, batch, now)
        report.counts.update(batch_report.counts)
        report.failures += batch_report.failures
        if progress:
            progress(report)
    return report


def _store_batch(engine: Engine, batch: list[RawInput | InputError], now: datetime) -> IngestReport:
    """One transaction; retried when PostgreSQL aborts it to break a deadlock with another
    writer storing the same articles in another order (nothing of it was kept)."""
    for attempt in range(1, _ATTEMPTS + 1):
        report = IngestReport()
        try:
            with Session(engine) as session:
                for item in batch:
                    _ingest_one(session, item, now, report)
                session.commit()
            return report
        except OperationalError as error:
            if getattr(error.orig, "sqlstate", None) not in _RETRYABLE or attempt == _ATTEMPTS:
                raise
            time.sleep(random.uniform(0, 0.05 * attempt))
    raise AssertionError("unreachable")


def _ingest_one(
    session: Session, item: RawInput | InputError, now: datetime, report: IngestReport
) -> None:
    if isinstance(item, InputError):
        report.failures.append(item)
        return
    source = item.source or "(input)"
    try:
        article = normalize(item, now=now)
    except Exception as error:  # one bad input must not sink the batch: report it by name
        report.failures.append(InputError(source, f"normalization failed: {error!r}"))
        return
    if not article.body.strip():
        report.failures.append(InputError(source, "no article text found"))
        return
    outcome, _ = upsert_article(session, article, item.source)
    report.counts[outcome] += 1
