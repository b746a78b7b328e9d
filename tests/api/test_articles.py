from __future__ import annotations

from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def walk(client: TestClient, path: str, **params: object) -> list[dict]:
    """Follow `next` cursors to the end; return every item seen, in order."""
    items: list[dict] = []
    params = dict(params)
    while True:
        page = client.get(path, params=params)
        assert page.status_code == 200, page.text
        body = page.json()
        items += body["items"]
        if not body["next"]:
            assert "link" not in page.headers
            return items
        assert body["next"] in page.headers["link"]
        params["cursor"] = body["next"]


def test_list_returns_the_five_seeds_without_bodies(client: TestClient) -> None:
    body = client.get("/articles").json()
    assert body["total"] == 5
    assert len(body["items"]) == 5
    assert body["next"] is None
    assert all("body" not in item and "removed" not in item for item in body["items"])


def test_paging_with_limit_two_visits_every_article_once(client: TestClient) -> None:
    for sort in ("newest", "oldest"):
        items = walk(client, "/articles", limit=2, sort=sort)
        ids = [item["id"] for item in items]
        assert len(ids) == 5
        assert len(set(ids)) == 5


def test_newest_sort_puts_later_dates_first_and_undated_last(client: TestClient) -> None:
    items = walk(client, "/articles", limit=2, sort="newest")
    dates = [item["published_at"] for item in items]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated


def test_outlet_filter_keeps_only_that_outlet(client: TestClient) -> None:
    items = client.get("/articles", params={"outlet": "anadolu-agency"}).json()["items"]
    assert [item["outlet"]["slug"] for item in items] == ["anadolu-agency"]
    both = client.get("/articles", params={"outlet": ["anadolu-agency", "rubryka"]}).json()
    assert {item["outlet"]["slug"] for item in both["items"]} == {"anadolu-agency", "rubryka"}


def test_date_filters_are_inclusive_whole_days(client: TestClient) -> None:
    dated = [i for i in client.get("/articles").json()["items"] if i["published_at"]]
    day = dated[0]["published_at"][:10]
    same_day = client.get("/articles", params={"from": day, "to": day}).json()["items"]
    assert dated[0]["id"] in {item["id"] for item in same_day}
    assert all(item["published_at"][:10] == day for item in same_day)


def test_language_filter(client: TestClient) -> None:
    assert client.get("/articles", params={"lang": "en"}).json()["total"] == 5
    assert client.get("/articles", params={"lang": "de"}).json()["total"] == 0


def test_get_one_article_has_body_and_removed_on_request(client: TestClient) -> None:
    first = client.get("/articles").json()["items"][0]
    article = client.get(f"/articles/{first['id']}").json()
    assert article["id"] == first["id"]
    assert article["body"]
    assert article["removed"] is None
    explained = client.get(f"/articles/{first['id']}", params={"removed": "true"}).json()
    assert isinstance(explained["removed"], list)


def test_unknown_article_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/articles/does-not-exist")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    assert "does-not-exist" in response.json()["detail"]


def test_bad_parameters_are_4xx_problems_naming_the_parameter(client: TestClient) -> None:
    for params, name in [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"sort": "sideways"}, "sort"),
        ({"from": "yesterday"}, "from"),
        ({"lang": "english"}, "lang"),
    ]:
        response = client.get("/articles", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == PROBLEM
        assert name in response.json()["detail"]


def test_empty_date_range_is_a_400(client: TestClient) -> None:
    response = client.get("/articles", params={"from": "2024-01-02", "to": "2024-01-01"})
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM


def test_forged_or_foreign_cursors_are_rejected(client: TestClient) -> None:
    assert client.get("/articles", params={"cursor": "garbage!"}).status_code == 400
    cursor = client.get("/articles", params={"limit": 1}).json()["next"]
    other_query = client.get("/articles", params={"limit": 1, "sort": "oldest", "cursor": cursor})
    assert other_query.status_code == 400
    assert "different query" in other_query.json()["detail"]


def test_a_nul_character_in_a_parameter_is_a_422_problem(client: TestClient) -> None:
    for path, params in (("/articles", {"outlet": "\x00"}), ("/articles/a%00b", {})):
        response = client.get(path, params=params)
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
