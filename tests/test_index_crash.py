"""The search index never misses a write and never holds an article twice: an ingest killed
with SIGKILL at random moments (inside store commits and index commits alike), then rerun,
leaves the store and the index in agreement, on both backends. tests/bench/crash.py does the
same at 20,000 files and 20 kills."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

from app.config import Settings
from app.db import get_engine, upgrade
from app.integrity import check
from app.search.index_query import IndexFilters, compile_query
from app.search.indexer import open_index
from app.search.query import parse
from tests.utils.corpus import write_corpus

INGEST = [sys.executable, "-c", "from app.cli import app; app()", "ingest"]
FILES, KILLS = 200, 4


def _ingest(folder: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*INGEST, str(folder)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def test_killed_ingests_leave_store_and_index_in_agreement(
    database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "inputs"
    write_corpus(folder, FILES, seed=5)
    settings = Settings(database_url=database_url, search_index_path=str(tmp_path / "index"))
    upgrade(database_url)
    env = {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": database_url,
        "NEWSSTORE_SEARCH_INDEX_PATH": str(settings.index_path),
        "NEWSSTORE_INGEST_BATCH_SIZE": "10",
        "NEWSSTORE_INDEX_SYNC_SECONDS": "0",  # an index commit after every store commit
    }
    started = time.perf_counter()
    timing = _ingest(
        folder,
        {
            **env,
            "NEWSSTORE_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
            "NEWSSTORE_SEARCH_INDEX_PATH": str(tmp_path / "t.index"),
        },
    )
    assert timing.wait() == 0
    seconds = time.perf_counter() - started
    rng = random.Random(7)
    for _ in range(KILLS):
        process = _ingest(folder, env)
        time.sleep(rng.uniform(0.3, seconds * 0.9))
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert _ingest(folder, env).wait() == 0

    engine = get_engine(database_url)
    index = open_index(settings.index_path)
    report = check(engine, index)
    assert report.ok, report.problems
    assert report.articles == FILES
    assert report.search_index is not None
    assert report.search_index.indexed == FILES and report.search_index.lag == 0
    with engine.connect() as connection:
        titles = dict(connection.execute(text("SELECT pk, title FROM article")).all())
    for pk, title in random.Random(3).sample(sorted(titles.items()), 20):
        tree = parse(f'"{title}"')
        assert tree is not None
        found, _ = index.top(compile_query(tree, IndexFilters()), 50)
        assert pk in {hit for hit, _ in found}, title
