"""Work while another writer holds SQLite's write lock. With the database engine the first page of
a relevance walk writes (it pins its ranking), so it waits its turn like any writer and answers
503 + Retry-After, never 500, when the lock outlasts the busy timeout; with the search index a
first page writes nothing and answers at once. An ingest batch waits again instead of failing."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.main import create_app
from tests.utils.corpus import add_articles, write_corpus

# The first page of a search with more hits than `limit`: it starts a pinned walk.
WALK_SEARCH = {"q": "harbour", "limit": 5}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "busy.db"
    upgrade(f"sqlite:///{path}")
    add_articles(get_engine(f"sqlite:///{path}"), 50, seed=3)
    return path


@pytest.fixture
def client(store: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite:///{store}", search_engine="database")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_with_the_index_a_first_page_answers_while_a_writer_holds_the_lock(store: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{store}")
    with TestClient(create_app(settings)) as client:
        assert client.get("/search", params=WALK_SEARCH).status_code == 200  # index built
        taken = threading.Event()
        writer = _hold_write_lock(store, 6.5, taken)  # past the 5 s busy timeout
        taken.wait()
        response = client.get("/search", params=WALK_SEARCH)  # waiting would answer 503
        writer.join()
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == 5 and response.json()["next"]


def _hold_write_lock(path: Path, seconds: float, taken: threading.Event) -> threading.Thread:
    """Another process's ingest, as SQLite sees it: the write lock held, then a commit."""

    def hold() -> None:
        connection = sqlite3.connect(path, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("UPDATE article SET word_count = word_count + 1 WHERE pk = 1")
        taken.set()
        time.sleep(seconds)
        connection.execute("COMMIT")
        connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    return thread


def test_a_search_starting_a_walk_waits_for_a_writer_that_commits_meanwhile(
    store: Path, client: TestClient
) -> None:
    taken = threading.Event()
    writer = _hold_write_lock(store, 0.5, taken)
    taken.wait()
    response = client.get("/search", params=WALK_SEARCH)
    writer.join()
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["items"]) == 5 and body["next"]
    following = client.get("/search", params={**WALK_SEARCH, "cursor": body["next"]})
    assert following.status_code == 200 and len(following.json()["items"]) == 5


def test_a_write_lock_held_past_the_busy_timeout_answers_503_problem(
    store: Path, client: TestClient
) -> None:
    taken = threading.Event()
    writer = _hold_write_lock(store, 6.5, taken)  # the busy timeout is 5 s
    taken.wait()
    response = client.get("/search", params=WALK_SEARCH)
    writer.join()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "1"
    assert "busy" in response.json()["detail"]
    assert client.get("/search", params=WALK_SEARCH).status_code == 200, "fine once released"


def test_an_ingest_outwaits_a_write_lock_held_past_the_busy_timeout(
    store: Path, tmp_path: Path
) -> None:
    files = tmp_path / "files"
    write_corpus(files, 3, seed=5)
    taken = threading.Event()
    writer = _hold_write_lock(store, 6.5, taken)
    taken.wait()
    report = ingest(get_engine(f"sqlite:///{store}"), read_inputs([files]))
    writer.join()
    assert report.ok and report.counts["added"] == 3, report
