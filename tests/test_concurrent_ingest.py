"""Acceptance: two ingest processes writing the same files at once into PostgreSQL end with
each article stored exactly once, and neither fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from app.db import get_engine
from tests.conftest import SEEDS, PostgresServer
from tests.utils.corpus import records

pytestmark = pytest.mark.postgres

INGEST = [sys.executable, "-c", "from app.cli import app; app()", "ingest"]


@pytest.mark.parametrize("order", ["same", "opposite"])
def test_two_ingests_of_the_same_files_at_once_store_each_article_once(
    postgres_server: PostgresServer, tmp_path: Path, order: str
) -> None:
    """In opposite orders the two writers deadlock on each other's rows; PostgreSQL aborts one
    transaction and the ingest runs that batch again."""
    files = []
    for number, record in enumerate(records(150, seed=3, words=120)):
        files.append(tmp_path / f"{number:03}.json")
        files[-1].write_text(json.dumps(record))
    forward = [*map(str, files), str(SEEDS)]
    arguments = [forward, forward if order == "same" else forward[::-1]]
    url = postgres_server.create_database()
    env = {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": url,
        "NEWSSTORE_INGEST_BATCH_SIZE": "5",
    }
    processes = [
        subprocess.Popen(
            [*INGEST, *paths], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for paths in arguments
    ]
    outputs = [process.communicate(timeout=300) for process in processes]
    try:
        for process, (_, stderr) in zip(processes, outputs, strict=True):
            assert process.returncode == 0, stderr[-2000:]
        added = [int(out.split("ingested: ")[1].split(" added")[0]) for out, _ in outputs]
        assert sum(added) == 155, outputs
        with get_engine(url).connect() as connection:
            ids = connection.execute(text("SELECT id FROM article")).scalars().all()
            outlets = connection.execute(text("SELECT slug FROM outlet")).scalars().all()
        assert len(ids) == len(set(ids)) == 155
        assert len(outlets) == len(set(outlets)) == 10
    finally:
        postgres_server.drop_database(url)
