"""Engine, sessions and schema upgrades. SQLite gets WAL, foreign keys and a busy timeout."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import orjson
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from app.budget import clear_progress_handler
from app.config import PoolOptions

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK = 0x6E657773  # any constant shared by every newsstore process
SQLITE_POOL_SIZE = 16  # connections kept open; more are opened (and closed after) when needed
# SQLite's page cache, per connection: its default (2 MB) for readers; a write transaction gets
# a larger one for its duration (an ingest batch's story postings and counts touch the same
# index pages many times), given back when the connection returns to the pool, so that the
# pool's idle connections hold no more than the default each.
SQLITE_CACHE_KIB = 2_000
SQLITE_WRITE_CACHE_KIB = 65_536


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _json_text(value: object) -> str:
    """How JSON columns are encoded: by orjson, some 20x quicker than the json module on a
    story's centroid (150 floats, written again each time an article joins the story), to the
    same values (floats in their shortest exact form, text as UTF-8 rather than escaped)."""
    return orjson.dumps(value).decode()


def make_engine(database_url: str, pool: PoolOptions = PoolOptions()) -> Engine:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        return create_engine(
            database_url,
            json_serializer=_json_text,
            pool_pre_ping=True,
            pool_size=pool.size,
            max_overflow=pool.max_overflow,
            pool_timeout=pool.timeout,
            pool_recycle=pool.recycle,
        )
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # No cap on connections (max_overflow=-1): a request never waits for a pooled one. With a
    # cap, requests holding connections can wait for worker threads that are all busy waiting
    # for a connection (seen at 64 concurrent searches). SQLite connections are file handles.
    engine = create_engine(
        database_url,
        connect_args={"check_same_thread": False},
        json_serializer=_json_text,
        pool_size=SQLITE_POOL_SIZE,
        max_overflow=-1,
    )
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "checkin", clear_progress_handler)
    event.listen(engine, "checkin", _shrink_cache)
    return engine


def _shrink_cache(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
    """Pool check-in hook: a write transaction's larger page cache is freed."""
    if dbapi_connection is not None and record.info.pop("write_cache", False):
        dbapi_connection.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")


@lru_cache
def get_engine(database_url: str, pool: PoolOptions = PoolOptions()) -> Engine:
    """One engine per URL per process: engines own connection pools."""
    return make_engine(database_url, pool)


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction takes SQLite's write lock up front (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    another writer committed in between (the busy timeout cannot help it); taking the lock
    first makes concurrent writers wait their turn instead. Commits on success.
    """
    with Session(engine) as session:
        if engine.dialect.name == "sqlite":
            connection = session.connection()
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_WRITE_CACHE_KIB}")
            connection.info["write_cache"] = True
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield session
        session.commit()


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`; Alembic owns the schema, never create_all."""
    engine = get_engine(database_url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Replicas starting together: one migrates, the others wait and find it done.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config = alembic_config(database_url)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def schema_is_current(engine: Engine) -> bool:
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head
