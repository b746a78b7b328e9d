"""The search index never misses a write and never holds an article twice: ingests killed with
SIGKILL at random moments, each among new articles (inside store commits and index commits
alike), then one ingest of everything, leave the store and the index in agreement, on both
backends. tests/bench/crash.py does the same with 20 kills."""

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
    for part in range(KILLS):
        write_corpus(folder / f"part-{part}", FILES // KILLS, seed=50 + part)
    settings = Settings(database_url=database_url, search_index_path=str(tmp_path / "index"))
    upgrade(database_url)
    env = {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": database_url,
        "NEWSSTORE_SEARCH_INDEX_PATH": str(settings.index_path),
        "NEWSSTORE_INGEST_BATCH_SIZE": "5",
        "NEWSSTORE_INDEX_SYNC_SECONDS": "0",  # an index commit after every store commit
    }
    timing_env = {
        **env,
        "NEWSSTORE_DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}",
        "NEWSSTORE_SEARCH_INDEX_PATH": str(tmp_path / "t.index"),
    }
    started = time.perf_counter()
    assert _ingest(folder / "part-0", timing_env).wait() == 0
    seconds = time.perf_counter() - started
    rng = random.Random(7)
    for part in range(KILLS):  # each killed among articles new to the store
        process = _ingest(folder / f"part-{part}", env)
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
