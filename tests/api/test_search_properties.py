"""Arbitrary input at /search: never a server error, and every answer respects its filters."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

QUERY_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
OPERATOR_SOUP = st.lists(
    st.sampled_from(['"', "(", ")", "-", "*", "OR", "AND", "NOT", "title:", "|", " ", "korea"]),
    max_size=12,
).map("".join)
QUERIES = st.one_of(st.text(QUERY_ALPHABET, max_size=60), OPERATOR_SOUP)


@settings(max_examples=300, deadline=None)
@given(
    q=QUERIES,
    outlet=st.sampled_from([None, "rubryka", "the-korea-herald", "no-such-outlet"]),
    start=st.sampled_from([None, "2022-10-04", "2024-01-01"]),
)
def test_any_query_answers_without_server_error_and_within_its_filters(
    client: TestClient, q: str, outlet: str | None, start: str | None
) -> None:
    params = {"q": q, "limit": 100} | ({"outlet": outlet} if outlet else {})
    params |= {"from": start} if start else {}
    response = client.get("/search", params=params)
    assert response.status_code < 500, (q, response.text)
    if response.status_code != 200:
        assert response.headers["content-type"] == "application/problem+json"
        return
    body = response.json()
    assert body["total"] >= len(body["items"])
    for hit in body["items"]:
        if outlet:
            assert hit["outlet"]["slug"] == outlet
        if start:
            assert hit["published_at"] is not None and hit["published_at"] >= start
