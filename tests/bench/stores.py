"""Benchmark stores: generated articles written straight into the tables (no normalization,
which is not what these benchmarks measure), kept under data/bench/ for reruns."""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, inspect, select, text
from sqlalchemy.engine import make_url

from app.db import get_engine, upgrade
from app.models import Article, Outlet, utcnow
from tests.utils.corpus import OUTLETS, records

FOLDER = Path("data/bench")
BATCH = 2000


def postgres_base_url() -> str:
    url = os.environ.get("NEWSSTORE_TEST_POSTGRES_URL")
    if not url:
        sys.exit("set NEWSSTORE_TEST_POSTGRES_URL to a server where databases may be created")
    return url


def postgres_database(name: str, fresh: bool = False) -> str:
    """URL of database `name` on the benchmark server, created if missing (or recreated)."""
    base = postgres_base_url()
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if fresh:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base).set(database=name).render_as_string(hide_password=False)


def outlet_slug(name: str) -> str:
    """The slug a generated store gives the outlet `name` (as ?outlet= takes it)."""
    return name.lower().replace(" ", "-")


def article_rows(count: int, seed: int) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for record in records(count, seed=seed):
        body, url = record["text"], record["url"]
        published = record["published_at"]
        yield {
            "id": hashlib.sha256(url.encode()).hexdigest()[:16],
            "url": url,
            "canonical_url": url,
            "outlet_id": OUTLETS.index(record["outlet"]) + 1,
            "title": record["title"],
            "authors": [],
            "published_at": datetime.fromisoformat(published) if published else None,
            "language": "en",
            "body": body,
            "word_count": len(body.split()),
            "sources_cited": [],
            "content_hash": hashlib.sha256(body.encode()).hexdigest(),
            "removed": [],
            "ingested_at": now,
            "updated_at": now,
        }


def count_articles(url: str) -> int:
    """Articles in the store at `url`; 0 when it has no schema yet."""
    with get_engine(url).connect() as connection:
        if not inspect(connection).has_table("article"):
            return 0
        return connection.execute(select(func.count()).select_from(Article)).scalar_one()


def generated_store(url: str, count: int, seed: int = 1) -> str:
    """Fill the store at `url` with `count` generated articles unless it holds them already."""
    upgrade(url)
    if count_articles(url) == count:
        return url
    engine = get_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM article"))
        connection.execute(text("DELETE FROM outlet"))
        connection.execute(
            insert(Outlet),
            [
                {"id": n, "slug": outlet_slug(name), "name": name}
                for n, name in enumerate(OUTLETS, 1)
            ],
        )
    rows = article_rows(count, seed)
    while batch := list(islice(rows, BATCH)):
        with engine.begin() as connection:
            connection.execute(insert(Article), batch)
    return url


def sqlite_store(count: int) -> str:
    FOLDER.mkdir(parents=True, exist_ok=True)
    return generated_store(f"sqlite:///{FOLDER / f'news-{count}.db'}", count)
