"""Snippets: the marked fragment, its plain text and the match offsets agree."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from app.search.snippets import CLOSE, OPEN, parse_snippet


def test_offsets_point_at_the_matched_terms(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "Pyongyang"}).json()["items"]
    assert hits
    for hit in hits:
        assert hit["highlights"], hit["snippet"]
        for start, end in hit["highlights"]:
            assert hit["snippet_text"][start:end].casefold() == "pyongyang"
        assert "<mark>" not in hit["snippet_text"]
        assert hit["snippet"].replace("<mark>", "").replace("</mark>", "") == hit["snippet_text"]


def test_parse_snippet_splits_markers_from_text() -> None:
    snippet = parse_snippet(f"…the {OPEN}grain{CLOSE} deal and {OPEN}grain{CLOSE} prices…")
    assert snippet.text == "…the grain deal and grain prices…"
    assert snippet.highlights == [(5, 10), (20, 25)]
    assert snippet.marked == "…the <mark>grain</mark> deal and <mark>grain</mark> prices…"
    assert parse_snippet(None).text == ""


@given(st.lists(st.tuples(st.text(max_size=8), st.text(min_size=1, max_size=8)), max_size=6))
def test_any_marked_fragment_round_trips(pieces: list[tuple[str, str]]) -> None:
    pieces = [
        (p.replace(OPEN, "").replace(CLOSE, ""), m.replace(OPEN, "").replace(CLOSE, "") or "x")
        for p, m in pieces
    ]
    raw = "".join(f"{plain}{OPEN}{marked}{CLOSE}" for plain, marked in pieces)
    snippet = parse_snippet(raw)
    assert snippet.text == "".join(plain + marked for plain, marked in pieces)
    assert [snippet.text[s:e] for s, e in snippet.highlights] == [m for _, m in pieces]
