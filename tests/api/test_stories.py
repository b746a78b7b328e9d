"""Stories on the seeds: 000-003 are one event told by four outlets, 004 another event of the
same kind twenty months later."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.db import get_engine
from app.models import Article
from app.stories.queries import collapse_ranking


@pytest.fixture(scope="module")
def seed_ids(seeded_settings: Settings) -> dict[str, str]:
    """Seed number ('000'..'004') -> stored article id."""
    with Session(get_engine(seeded_settings.database_url)) as session:
        rows = session.exec(select(Article.source, Article.id)).all()
    return {source.rsplit("/", 1)[-1][:3]: article_id for source, article_id in rows}


def _story(client: TestClient, article_id: str) -> str:
    return client.get(f"/articles/{article_id}").json()["story_id"]


def test_one_event_told_by_four_outlets_is_one_story(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    stories = {seed: _story(client, article_id) for seed, article_id in seed_ids.items()}
    assert stories["000"] is not None
    assert stories["000"] == stories["001"] == stories["002"] == stories["003"]
    assert stories["004"] not in (None, stories["000"])


def test_story_filter_lists_the_story_s_articles(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    story = _story(client, seed_ids["000"])
    listing = client.get("/articles", params={"story": story}).json()
    assert listing["total"] == 4
    assert {item["id"] for item in listing["items"]} == {
        seed_ids[s] for s in ("000", "001", "002", "003")
    }


def test_stories_listing_by_size_with_outlets_dates_and_title(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    page = client.get("/stories", params={"sort": "size"}).json()
    assert page["total"] == 2
    big, small = page["items"]
    assert (big["id"], big["size"], small["size"]) == (_story(client, seed_ids["000"]), 4, 1)
    assert len(big["outlets"]) == 4 and big["title"]
    assert big["first_published_at"].startswith("2022-10-04")
    assert small["first_published_at"].startswith("2024-06-24") == small[
        "last_published_at"
    ].startswith("2024-06-24")


def test_stories_recent_first_and_paged(client: TestClient, seed_ids: dict[str, str]) -> None:
    first = client.get("/stories", params={"limit": 1})
    assert first.status_code == 200
    assert first.json()["items"][0]["id"] == _story(client, seed_ids["004"])
    assert 'rel="next"' in first.headers["link"]
    second = client.get("/stories", params={"limit": 1, "cursor": first.json()["next"]}).json()
    assert second["items"][0]["id"] == _story(client, seed_ids["000"])
    assert second["next"] is None


def test_stories_take_the_article_filters(client: TestClient) -> None:
    assert client.get("/stories", params={"from": "2024-01-01"}).json()["total"] == 1
    assert client.get("/stories", params={"to": "2021-01-01"}).json()["total"] == 0


def test_one_story_with_its_articles_oldest_first(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    story = _story(client, seed_ids["000"])
    answer = client.get(f"/stories/{story}").json()
    assert answer["size"] == 4 == len(answer["articles"])
    dated = [a["published_at"] for a in answer["articles"] if a["published_at"]]
    assert dated == sorted(dated)
    assert answer["articles"][-1]["published_at"] is None  # 001 has no date: it comes last


def test_related_articles_are_the_rest_of_the_story(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    related = client.get(f"/articles/{seed_ids['002']}/related").json()
    assert {item["id"] for item in related["items"]} == {seed_ids[s] for s in ("000", "001", "003")}
    assert client.get(f"/articles/{seed_ids['004']}/related").json()["items"] == []


def test_unknown_story_or_article_and_a_bad_cursor_are_problems(client: TestClient) -> None:
    for path in ("/stories/nope", "/articles/nope/related"):
        answer = client.get(path)
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert client.get("/stories", params={"cursor": "garbage"}).status_code == 400
    assert client.get("/stories", params={"sort": "loudest"}).status_code == 422


def test_collapse_gives_one_article_per_story_with_its_count(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    page = client.get("/articles", params={"collapse": "story"}).json()
    assert page["total"] == 2
    newest, head = page["items"]
    assert (newest["id"], newest["story_count"]) == (seed_ids["004"], 1)
    assert head["id"] == seed_ids["003"] and head["story_count"] == 4  # 003 is its newest
    oldest = client.get("/articles", params={"collapse": "story", "sort": "oldest"}).json()
    assert oldest["items"][0]["story_count"] == 4
    assert oldest["items"][0]["id"] in {seed_ids["000"], seed_ids["002"]}  # both 2022-10-04
    plain = client.get("/articles").json()
    assert plain["total"] == 5 and all(item["story_count"] is None for item in plain["items"])


def test_collapse_counts_only_matching_articles_and_pages(
    client: TestClient, seed_ids: dict[str, str]
) -> None:
    narrowed = client.get(
        "/articles", params={"collapse": "story", "to": "2022-12-31", "limit": 1}
    ).json()
    assert narrowed["total"] == 1 and narrowed["items"][0]["story_count"] == 3  # 001 is undated
    assert narrowed["next"] is None
    first = client.get("/articles", params={"collapse": "story", "limit": 1}).json()
    second = client.get(
        "/articles", params={"collapse": "story", "limit": 1, "cursor": first["next"]}
    ).json()
    assert [first["items"][0]["id"], second["items"][0]["id"]] == [seed_ids["004"], seed_ids["003"]]
    assert second["next"] is None
    assert client.get("/articles", params={"collapse": "outlet"}).status_code == 422


def test_a_ranked_hit_list_collapses_to_the_first_hit_of_each_story(
    seeded_settings: Settings, seed_ids: dict[str, str]
) -> None:
    with Session(get_engine(seeded_settings.database_url)) as session:
        pk = dict(session.exec(select(Article.id, Article.pk)).all())
        ranked = [pk[seed_ids[s]] for s in ("002", "004", "000", "003", "001")]
        heads = collapse_ranking(session, ranked)
    assert heads == [(pk[seed_ids["002"]], 4), (pk[seed_ids["004"]], 1)]
