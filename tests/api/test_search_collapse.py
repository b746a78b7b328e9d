"""`collapse=story` on /search, on both engines: one hit per story (its first in the search's
order) with how many of the story's articles match, checked against the uncollapsed search."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.main import create_app
from tests.conftest import SEEDS

ENGINES = ("index", "database")
QUERIES = ["Korea", "Kherson", "Putin", "annexation OR treaty", "absentword"]


@pytest.fixture(scope="module", params=ENGINES)
def engine_client(
    request: pytest.FixtureRequest, seeded_settings: Settings
) -> Iterator[TestClient]:
    settings = seeded_settings.model_copy(update={"search_engine": request.param})
    with TestClient(create_app(settings)) as client:
        yield client


def walk(client: TestClient, **params: object) -> tuple[set[int], list[dict]]:
    """Every page's total and every item met following the cursors."""
    totals, items = set(), []
    while True:
        page = client.get("/search", params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        totals.add(body["total"])
        items += body["items"]
        if not body["next"]:
            return totals, items
        params = {**params, "cursor": body["next"]}


def collapsed(items: list[dict]) -> list[tuple[str, int]]:
    """What collapsing an uncollapsed hit list gives: the first hit of each story, with how
    many hits its story has."""
    group = [item["story_id"] or item["id"] for item in items]
    counts = Counter(group)
    heads, seen = [], set()
    for item, story in zip(items, group, strict=True):
        if story not in seen:
            seen.add(story)
            heads.append((item["id"], counts[story]))
    return heads


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("query", QUERIES)
def test_collapse_is_the_first_hit_of_each_story_with_its_count(
    engine_client: TestClient, query: str, sort: str
) -> None:
    _, plain = walk(engine_client, q=query, sort=sort, limit=100)
    totals, heads = walk(engine_client, q=query, sort=sort, collapse="story", limit=1)
    expected = collapsed(plain)
    assert totals == {len(expected)}
    assert [(item["id"], item["story_count"]) for item in heads] == expected
    assert all(item["story_count"] is None for item in plain)


def test_the_seeds_collapse_to_their_two_stories(engine_client: TestClient) -> None:
    page = engine_client.get("/search", params={"q": "Korea", "collapse": "story"}).json()
    assert page["total"] == 2 and page["next"] is None
    assert sorted(item["story_count"] for item in page["items"]) == [1, 4]
    assert len({item["story_id"] for item in page["items"]}) == 2
    assert all(item["snippet"] and item["score"] >= 0 for item in page["items"])


def test_filters_narrow_the_counts_and_facets_count_articles(engine_client: TestClient) -> None:
    params = {"q": "Korea", "collapse": "story", "to": "2022-12-31", "facets": "outlet"}
    page = engine_client.get("/search", params=params).json()
    assert page["total"] == 1 and page["items"][0]["story_count"] == 3  # 001 is undated
    assert sum(value["count"] for value in page["facets"]["outlet"]) == 3


def test_bad_collapse_values_and_foreign_cursors_are_problems(engine_client: TestClient) -> None:
    assert (
        engine_client.get("/search", params={"q": "Korea", "collapse": "outlet"}).status_code == 422
    )
    plain = engine_client.get("/search", params={"q": "Korea", "limit": 1}).json()
    crossed = engine_client.get(
        "/search", params={"q": "Korea", "collapse": "story", "cursor": plain["next"]}
    )
    assert crossed.status_code == 400
    assert crossed.headers["content-type"].startswith("application/problem+json")
    first = engine_client.get("/search", params={"q": "Korea", "collapse": "story", "limit": 1})
    other = engine_client.get(
        "/search", params={"q": "Korea", "limit": 1, "cursor": first.json()["next"]}
    )
    assert other.status_code == 400


@pytest.mark.parametrize("engine", ENGINES)
def test_a_collapsed_walk_holds_still_while_articles_arrive(
    engine: str, database_url: str, tmp_path: Path
) -> None:
    """An article ingested between pages neither appears nor changes the totals and counts."""
    settings = Settings(database_url=database_url, search_engine=engine)  # type: ignore[arg-type]
    upgrade(database_url)
    store = get_engine(database_url)
    assert ingest(store, read_inputs([SEEDS])).counts["added"] == 5
    params = {"q": "Korea", "collapse": "story", "limit": 1}
    with TestClient(create_app(settings)) as client:
        first = client.get("/search", params=params).json()
        later = tmp_path / "later.txt"
        later.write_text(
            "Korea and Peru sign a fisheries pact\n\nKorea and Peru agreed on Tuesday to share "
            "fishing data along the Pacific coast, officials in Lima said.\n"
        )
        assert ingest(store, read_inputs([later])).counts["added"] == 1
        second = client.get("/search", params={**params, "cursor": first["next"]}).json()
        fresh = client.get("/search", params={**params, "limit": 10}).json()
    assert first["total"] == second["total"] == 2 and second["next"] is None
    seen = [first["items"][0], second["items"][0]]
    assert sorted(item["story_count"] for item in seen) == [1, 4]
    assert fresh["total"] == 3


def test_openapi_documents_collapse_with_an_example(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/search"]["get"]
    [collapse] = [p for p in operation["parameters"] if p["name"] == "collapse"]
    assert "story_count" in collapse["description"] and collapse["schema"]["examples"] == ["story"]
    assert "collapse=story" in operation["description"]
