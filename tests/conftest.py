"""Shared fixtures: a fresh SQLite store built by the real migrations, per test module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.main import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def make_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'newsstore.db'}")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A store of its own for one test."""
    return make_settings(tmp_path)


@pytest.fixture
def engine(settings: Settings) -> Engine:
    upgrade(settings.database_url)
    return get_engine(settings.database_url)


@pytest.fixture(scope="module")
def seeded_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """One store per test module holding the five seeds; tests using it only read."""
    settings = make_settings(tmp_path_factory.mktemp("seeded"))
    upgrade(settings.database_url)
    report = ingest(get_engine(settings.database_url), read_inputs([SEEDS]))
    assert report.ok and report.counts["added"] == 5, report
    return settings


@pytest.fixture(scope="module")
def client(seeded_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(seeded_settings)) as test_client:
        yield test_client
