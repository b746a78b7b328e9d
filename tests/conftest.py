"""Shared fixtures: a fresh store built by the real migrations, on every backend.

Each store fixture is parametrized by `backend`: SQLite always; PostgreSQL when
NEWSSTORE_TEST_POSTGRES_URL names a server (CI sets it, and then an unreachable server fails the
run rather than skipping it). Every PostgreSQL store is a database of its own, created for the
test (or module) and dropped after it.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from app.config import Settings, get_settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.main import create_app

# Property tests assert behaviour, not speed: no per-example deadline (a loaded machine would
# fail them at random). CI runs the same examples every time (derandomize), so a red run is a
# change's doing and can be run again; on a developer's machine each run explores anew.
hypothesis_settings.register_profile("newsstore", deadline=None)
hypothesis_settings.register_profile("ci", deadline=None, derandomize=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "newsstore")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
POSTGRES_URL = os.environ.get("NEWSSTORE_TEST_POSTGRES_URL")
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


class PostgresServer:
    """Creates throw-away databases on one server, named after this test session."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"newsstore_test_{uuid.uuid4().hex[:8]}"
        self.created: list[str] = []
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT", pool_size=1)
        with self.admin.connect() as connection:  # fails loudly when the server is unreachable
            connection.execute(text("SELECT 1"))

    def create_database(self) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        self.created.append(name)
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop_database(self, url: str) -> None:
        get_engine(url).dispose()
        get_engine(url, Settings(database_url=url).pool_options).dispose()  # the apps' engine
        with self.admin.connect() as connection:
            connection.execute(
                text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
            )
        shutil.rmtree(Settings(database_url=url).index_path, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if not POSTGRES_URL:
        pytest.skip("NEWSSTORE_TEST_POSTGRES_URL is not set")
    server = PostgresServer(POSTGRES_URL)
    yield server
    for name in server.created:  # whatever a failed or skipped teardown left behind
        server.drop_database(server.url.set(database=name).render_as_string(hide_password=False))
    server.admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


def _store_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A database URL of a store that is empty until the caller migrates it."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'newsstore.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store of its own for one test, not yet migrated."""
    yield from _store_url(backend, request, tmp_path)


@pytest.fixture(scope="module")
def module_database_url(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store shared by the tests of one module, not yet migrated."""
    yield from _store_url(backend, request, tmp_path_factory.mktemp("store"))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    upgrade(settings.database_url)
    return get_engine(settings.database_url)


@pytest.fixture(scope="module")
def seeded_settings(
    backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    """One store per test module holding the five seeds; tests using it only read."""
    for url in _store_url(backend, request, tmp_path_factory.mktemp("seeded")):
        settings = Settings(database_url=url)
        upgrade(settings.database_url)
        report = ingest(get_engine(settings.database_url), read_inputs([SEEDS]))
        assert report.ok and report.counts["added"] == 5, report
        yield settings


@pytest.fixture(scope="module")
def client(seeded_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_settings)) as test_client:
        yield test_client


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A SQLite store in tmp_path (cli.db) that `newsstore` commands run in this test use."""
    monkeypatch.setenv("NEWSSTORE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
