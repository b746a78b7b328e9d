"""Writers in several threads (HTTP requests, a file ingest) share one SQLite store: each write
transaction takes the lock up front, so none fails with 'database is locked' mid-way."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlalchemy import Engine, text

from app.ingest import ingest, ingest_records
from app.inputs import read_inputs
from app.integrity import check
from tests.api.writing import article
from tests.utils.corpus import write_corpus


def test_concurrent_writers_all_land_and_the_index_stays_whole(
    engine: Engine, tmp_path: Path
) -> None:
    write_corpus(tmp_path / "files", 60, seed=3)

    def post(worker: int) -> list[str | None]:
        return [
            result.status
            for n in range(6)
            for result in ingest_records(engine, [("http", article(worker * 100 + n))])
        ]

    with ThreadPoolExecutor(max_workers=7) as pool:
        files = pool.submit(ingest, engine, read_inputs([tmp_path / "files"]), 10)
        posted = [status for statuses in pool.map(post, range(6)) for status in statuses]
        report = files.result()
    assert posted == ["added"] * 36
    assert report.ok and report.counts["added"] == 60
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM article")).scalar_one() == 96
    assert check(engine).ok
