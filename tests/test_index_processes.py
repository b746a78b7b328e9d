"""Several processes share one search index folder: an ingest in its own process writes the
index while a server with two worker processes searches it, and every search sees every
article the ingest stored before it, whichever worker answers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
from sqlalchemy import text

from app.db import get_engine, upgrade
from tests.utils.corpus import records
from tests.utils.servers import free_port, wait_until_up

NEWSSTORE = [sys.executable, "-c", "from app.cli import app; app()"]
FILES = 120
MARKER = "harbourmaster"  # a word every article holds


def write_inputs(folder: Path) -> None:
    folder.mkdir()
    for number, record in enumerate(records(FILES, seed=11)):
        text = f"{record['title']}\n\nThe {MARKER} spoke first.\n\n{record['text']}"
        (folder / f"{number:04d}.txt").write_text(text, encoding="utf-8")


def test_a_server_with_two_workers_follows_an_ingest_in_another_process(
    database_url: str, tmp_path: Path
) -> None:
    write_inputs(tmp_path / "inputs")
    upgrade(database_url)
    env = {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": database_url,
        "NEWSSTORE_SEARCH_INDEX_PATH": str(tmp_path / "index"),
        "NEWSSTORE_INGEST_BATCH_SIZE": "10",
        "NEWSSTORE_CACHE_MAX_AGE": "0",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [*NEWSSTORE, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    engine = get_engine(database_url)
    try:
        wait_until_up(base, server)
        ingest = subprocess.Popen(
            [*NEWSSTORE, "ingest", str(tmp_path / "inputs")],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        totals = []
        with httpx.Client(base_url=base, timeout=30) as client:
            while ingest.poll() is None or len(totals) < 5:
                with engine.connect() as connection:
                    stored = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
                answer = client.get("/search", params={"q": MARKER, "limit": 1})
                assert answer.status_code == 200, answer.text
                assert answer.json()["total"] >= stored, "a search sees what was stored before it"
                totals.append(answer.json()["total"])
            assert ingest.wait() == 0
            finals = {
                client.get("/search", params={"q": MARKER, "limit": 1}).json()["total"]
                for _ in range(10)
            }
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert finals == {FILES}, "every worker sees every article"
    assert totals == sorted(totals), "totals only grow while articles arrive"
