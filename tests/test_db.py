"""Engine and sessions: a write transaction's larger SQLite page cache does not outlive it."""

from __future__ import annotations

from pathlib import Path

from app.db import SQLITE_CACHE_KIB, SQLITE_WRITE_CACHE_KIB, make_engine, write_session


def test_a_write_transaction_gives_its_page_cache_back(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as connection:  # the pool's one connection, as SQLite opened it
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB
    with write_session(engine) as session:
        cache = session.connection().exec_driver_sql("PRAGMA cache_size").scalar()
        assert cache == -SQLITE_WRITE_CACHE_KIB
    with engine.connect() as connection:  # the same connection, back from the pool
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -SQLITE_CACHE_KIB
    engine.dispose()
