"""Exports of any listing or search: NDJSON, CSV and an Atom feed that feedparser accepts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import feedparser
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.config import Settings
from app.db import get_engine, upgrade
from app.main import create_app
from tests.utils.corpus import add_articles


@pytest.fixture(scope="module")
def corpus_client(module_database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=module_database_url)
    upgrade(settings.database_url)
    engine = get_engine(settings.database_url)
    add_articles(engine, 300, seed=7)
    add_articles(engine, 200, first=300, seed=8, common=None)
    with engine.begin() as connection:  # text a feed must survive: markup, control characters
        connection.execute(
            text(
                "UPDATE article SET title = 'Ports & <docks> \"now\"\x0b', "
                "authors = '[\"Anna <Ö> Writer\"]' WHERE id = 'gen-0000001'"
            )
        )
    with TestClient(create_app(settings)) as client:
        yield client


def ids_of(client: TestClient, path: str, **params: object) -> list[str]:
    """Every id a cursor walk of the JSON endpoint returns, in order."""
    ids, params = [], {**params, "limit": 100}
    while True:
        body = client.get(path, params=params).json()
        ids += [item["id"] for item in body["items"]]
        if not body["next"]:
            return ids
        params["cursor"] = body["next"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/articles", {}),
        ("/articles", {"outlet": "wire", "sort": "oldest"}),
        ("/search", {"q": "harbour", "sort": "newest"}),
        ("/search", {"q": "harbour", "lang": "de"}),
    ],
)
def test_ndjson_export_holds_what_the_walk_holds_in_the_same_order(
    corpus_client: TestClient, path: str, params: dict
) -> None:
    response = corpus_client.get(f"{path}/export", params={**params, "format": "ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    records = [json.loads(line) for line in response.text.splitlines()]
    assert [record["id"] for record in records] == ids_of(corpus_client, path, **params)
    assert all(record["body"] for record in records)
    if path == "/search":
        assert all("harbour" in record["snippet_text"].lower() for record in records[:20])


def test_csv_export_has_a_header_and_one_row_per_article(corpus_client: TestClient) -> None:
    response = corpus_client.get("/search/export", params={"q": "harbour", "format": "csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == corpus_client.get("/search", params={"q": "harbour"}).json()["total"]
    scores = [float(row["score"]) for row in rows]
    assert scores == sorted(scores, reverse=True), "relevance order by default"
    assert all(row["outlet"] and "harbour" in row["body"] for row in rows)


def test_atom_feed_parses_without_bozo(corpus_client: TestClient) -> None:
    response = corpus_client.get(
        "/search/export", params={"q": "harbour", "format": "atom", "limit": 500}
    )
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    total = corpus_client.get("/search", params={"q": "harbour"}).json()["total"]
    assert len(feed.entries) == total
    published = [entry.published_parsed for entry in feed.entries if "published" in entry]
    assert published == sorted(published, reverse=True), "a feed lists the newest first"
    tricky = next(e for e in feed.entries if e.id.endswith("gen-0000001"))
    assert tricky.title == 'Ports & <docks> "now"'
    assert tricky.author == "Anna <Ö> Writer"


def test_atom_feed_defaults_to_the_newest_hundred(corpus_client: TestClient) -> None:
    feed = feedparser.parse(corpus_client.get("/articles/export?format=atom").content)
    assert not feed.bozo and len(feed.entries) == 100


def test_export_limit_and_bad_query(corpus_client: TestClient) -> None:
    lines = corpus_client.get("/articles/export", params={"limit": 7}).text.splitlines()
    assert len(lines) == 7
    response = corpus_client.get("/search/export", params={"q": "!!!"})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert corpus_client.get("/articles/export", params={"format": "xml"}).status_code == 422
