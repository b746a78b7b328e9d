"""Copy a whole store into another database, e.g. from SQLite to PostgreSQL.

Streamed: articles are read in primary-key order, one batch at a time, and each batch is
committed on its own, so memory stays flat and an interruption loses one batch at most.
Resumable: an article whose id the destination already holds is skipped, so running the copy
again after an interruption finishes the job. Row keys are kept (cursors issued by the old
store stay valid); the destination must be empty or an earlier copy of the same source.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text
from sqlalchemy.dialects import postgresql, sqlite

from app.db import get_engine, schema_is_current, upgrade
from app.domain_errors import NewsstoreError
from app.models import Article, Outlet
from app.store import as_utc

_articles = Article.__table__  # type: ignore[attr-defined]
_outlets = Outlet.__table__  # type: ignore[attr-defined]


@dataclass
class CopyReport:
    outlets_copied: int = 0
    articles_copied: int = 0
    articles_skipped: int = 0
    source_articles: int = 0
    destination_articles: int = 0


def copy_store(
    source_url: str,
    destination_url: str,
    batch_size: int = 1000,
    progress: Callable[[CopyReport], None] | None = None,
) -> CopyReport:
    """Copy every outlet and article of `source_url` into `destination_url` (migrated first)."""
    source = get_engine(source_url)
    if not schema_is_current(source):
        raise NewsstoreError("the source's schema is not at the newest revision: upgrade it first")
    upgrade(destination_url)
    destination = get_engine(destination_url)
    report = CopyReport()
    with source.connect() as reader:
        outlet_ids = _copy_outlets(reader, destination, report)
        last_pk = 0
        while batch := _read_batch(reader, last_pk, batch_size):
            last_pk = batch[-1]["pk"]
            _write_batch(destination, batch, outlet_ids, report)
            if progress:
                progress(report)
        report.source_articles = _count(reader)
    with destination.begin() as writer:
        _finish(writer)
        report.destination_articles = _count(writer)
    return report


def _copy_outlets(reader: Connection, destination: Engine, report: CopyReport) -> dict[int, int]:
    """Copy outlets missing by slug; answer source outlet id -> destination outlet id."""
    rows = [dict(row) for row in reader.execute(select(_outlets)).mappings()]
    with destination.begin() as writer:
        for row in rows:
            inserted = writer.execute(
                _insert(writer)(_outlets)
                .values(**row)
                .on_conflict_do_nothing(index_elements=["slug"])
                .returning(_outlets.c.id)
            ).first()
            report.outlets_copied += inserted is not None
        by_slug = {
            slug: id_ for slug, id_ in writer.execute(select(_outlets.c.slug, _outlets.c.id))
        }
    return {row["id"]: by_slug[row["slug"]] for row in rows}


def _read_batch(reader: Connection, after_pk: int, size: int) -> list[dict[str, Any]]:
    query = select(_articles).where(_articles.c.pk > after_pk).order_by(_articles.c.pk)
    return [dict(row) for row in reader.execute(query.limit(size)).mappings()]


def _write_batch(
    destination: Engine, batch: list[dict[str, Any]], outlet_ids: dict[int, int], report: CopyReport
) -> None:
    with destination.begin() as writer:
        ids = [row["id"] for row in batch]
        present = set(
            writer.execute(select(_articles.c.id).where(_articles.c.id.in_(ids))).scalars()
        )
        rows = [_portable(row, outlet_ids) for row in batch if row["id"] not in present]
        if rows:
            writer.execute(
                _insert(writer)(_articles).on_conflict_do_nothing(index_elements=["id"]), rows
            )
    report.articles_copied += len(rows)
    report.articles_skipped += len(present)


def _portable(row: dict[str, Any], outlet_ids: dict[int, int]) -> dict[str, Any]:
    """SQLite hands back datetimes without their zone: they are UTC, say so before writing."""
    row = {
        name: as_utc(value) if isinstance(value, datetime) else value for name, value in row.items()
    }
    if row["outlet_id"] is not None:
        row["outlet_id"] = outlet_ids[row["outlet_id"]]
    return row


def _insert(connection: Connection):  # type: ignore[no-untyped-def]
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def _finish(writer: Connection) -> None:
    """Rows were written with their keys: move PostgreSQL's counters past them, and give the
    planner statistics of the new contents before the first query needs them."""
    if writer.dialect.name != "postgresql":
        return
    writer.execute(text("ANALYZE article"))
    writer.execute(text("ANALYZE outlet"))
    for table, key in (("article", "pk"), ("outlet", "id")):
        writer.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                f"coalesce((SELECT max({key}) FROM {table}), 0) + 1, false)"
            )
        )


def _count(connection: Connection) -> int:
    return connection.execute(select(func.count()).select_from(_articles)).scalar_one()
