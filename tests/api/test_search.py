from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_articles import walk


def test_search_finds_pyongyang_with_marked_snippets(client: TestClient) -> None:
    body = client.get("/search", params={"q": "Pyongyang"}).json()
    assert body["total"] >= 2
    for hit in body["items"]:
        assert "<mark>" in hit["snippet"].replace("<mark>Pyongyang</mark>", "<mark>")
        assert isinstance(hit["score"], float)
    scores = [hit["score"] for hit in body["items"]]
    assert scores == sorted(scores, reverse=True)


def test_search_with_from_date_excludes_2022_articles(client: TestClient) -> None:
    everything = client.get("/search", params={"q": "referendum"}).json()["items"]
    assert everything, "the seeds speak of referendums"
    recent = client.get("/search", params={"q": "referendum", "from": "2024-01-01"}).json()
    assert all(hit["published_at"] >= "2024-01-01" for hit in recent["items"])
    assert not any((hit["published_at"] or "").startswith("2022") for hit in recent["items"])


def test_search_outlet_filter(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "Korea", "outlet": "rubryka"}).json()["items"]
    assert hits
    assert {hit["outlet"]["slug"] for hit in hits} == {"rubryka"}


def test_search_paging_visits_each_hit_once(client: TestClient) -> None:
    for sort in ("relevance", "newest", "oldest"):
        total = client.get("/search", params={"q": "Korea", "sort": sort}).json()["total"]
        ids = [hit["id"] for hit in walk(client, "/search", q="Korea", sort=sort, limit=2)]
        assert len(ids) == total == len(set(ids)), sort


@pytest.mark.parametrize(
    "query",
    [
        "!!!",
        '"',
        '"unbalanced quote',
        "AND",
        "OR",
        "NOT",
        "*",
        "-",
        "(",
        ")",
        "x" * 2000,
        "a" * 999,
    ],
)
def test_hostile_queries_never_answer_500(client: TestClient, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code in (200, 400, 422), response.text
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"]


def test_missing_query_is_a_422(client: TestClient) -> None:
    response = client.get("/search")
    assert response.status_code == 422
    assert "q" in response.json()["detail"]


def test_syntax_errors_name_the_position_and_what_was_expected(client: TestClient) -> None:
    response = client.get("/search", params={"q": 'korea "unbalanced'})
    assert response.status_code == 400
    problem = response.json()
    assert problem["position"] == 6
    assert '"' in problem["expected"]


def test_the_parsed_query_is_echoed_in_canonical_form(client: TestClient) -> None:
    body = client.get("/search", params={"q": "POL-358 | Korea"}).json()
    assert body["query"] == '"POL 358" OR Korea'


def test_punctuation_only_is_a_400_saying_there_is_nothing_to_search(client: TestClient) -> None:
    response = client.get("/search", params={"q": "?!"})
    assert response.status_code == 400
    assert "no words" in response.json()["detail"]


def test_operators_work_through_the_api(client: TestClient) -> None:
    def ids(q: str) -> set[str]:
        return {hit["id"] for hit in walk(client, "/search", q=q, limit=100)}

    korea, yonhap = ids("Korea"), ids("Yonhap")
    assert ids("Korea -Yonhap") == korea - yonhap
    assert ids("Yonhap OR Pyongyang") == yonhap | ids("Pyongyang")
    assert ids("title:referendums") <= ids("referendums")


def test_a_word_postgresql_drops_does_not_leave_a_bare_exclusion(client: TestClient) -> None:
    # "²" is a word to FTS5 but no lexeme to PostgreSQL, whose tsquery is then only
    # "!pyongyang": unguarded, it would match every article without Pyongyang instead of none.
    assert client.get("/search", params={"q": "Pyongyang"}).json()["total"] < 5
    assert client.get("/search", params={"q": "² -Pyongyang"}).json()["total"] == 0
    assert client.get("/search", params={"q": "² OR Pyongyang"}).json()["total"] == len(
        walk(client, "/search", q="Pyongyang", limit=100)
    )
