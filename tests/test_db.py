"""Engine and sessions: a write transaction's larger SQLite page cache does not outlive it; JSON
columns keep their values exactly."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

from app.db import SQLITE_CACHE_KIB, SQLITE_WRITE_CACHE_KIB, make_engine, write_session
from app.models import Story


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


def test_json_columns_keep_their_values_exactly_as_compact_utf8(engine: Engine) -> None:
    centroid = {"zürich": 0.1 + 0.2, "@reid": 1e-05, "#5.6": 2 / 3, "größe": 1e300}
    with write_session(engine) as session:
        session.add(
            Story(id="s1", title="t", outlets=["le-monde", "zürich-post"], centroid=centroid)
        )
    with Session(engine) as session:
        story = session.get(Story, "s1")
        assert story is not None
        assert story.centroid == centroid and list(story.centroid) == list(centroid)
        stored = session.connection().execute(
            text("SELECT CAST(outlets AS TEXT) FROM story WHERE id = 's1'")
        )
        assert stored.scalar() == '["le-monde","zürich-post"]'  # orjson's, not the json module's
