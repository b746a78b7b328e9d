"""What a new user meets in the first ten minutes answers helpfully (issue list, point by point)."""

from __future__ import annotations

import csv
import io
import re

import feedparser
from fastapi.testclient import TestClient

from app.config import Settings
from app.schemas import NOTHING_REMOVED, present_score
from app.search.query import QUERY_LANGUAGE_DOC
from tests.api.writing import AUTH, writer
from tests.conftest import ROOT

RUBRYKA = "7458cb19f6c3dd04"


def test_an_outlet_name_instead_of_its_slug_answers_422_naming_the_slug(
    client: TestClient,
) -> None:
    for path, params in (
        ("/articles", {"outlet": "Rubryka"}),
        ("/search", {"q": "Korea", "outlet": "Rubryka"}),
        ("/articles/export", {"outlet": "Rubryka"}),
    ):
        response = client.get(path, params=params)
        assert response.status_code == 422, path
        problem = response.json()
        assert problem["expected"] == ["rubryka"] and "'rubryka'" in problem["detail"]
        assert "GET /outlets" in problem["detail"]
    typo = client.get("/articles", params={"outlet": "the-korea-herlad"}).json()
    assert typo["expected"] == ["the-korea-herald"]
    unknown = client.get("/articles", params={"outlet": "zzzz"}).json()
    assert len(unknown["expected"]) == 5, "no close match: the known slugs are listed"
    fine = client.get("/articles", params=[("outlet", "rubryka"), ("outlet", "republic-world")])
    assert fine.json()["total"] == 2


def test_a_language_code_that_is_none_answers_422_naming_the_stored_ones(
    client: TestClient,
) -> None:
    response = client.get("/articles", params={"lang": "xx"})
    assert response.status_code == 422
    assert response.json()["expected"] == ["en"]
    assert "en (English)" in response.json()["detail"]
    assert client.get("/search", params={"q": "Korea", "lang": "english"}).status_code == 422
    german = client.get("/articles", params={"lang": "de"})
    assert german.status_code == 200 and german.json()["total"] == 0, "a real language: 200"
    assert client.get("/articles", params={"lang": "EN"}).json()["total"] == 5


def test_a_date_that_is_none_is_one_error_naming_the_parameter(client: TestClient) -> None:
    problem = client.get("/articles", params={"from": "yesterday"}).json()
    assert problem["status"] == 422
    assert len(problem["errors"]) == 1 and problem["errors"][0]["loc"] == ["query", "from"]
    assert problem["detail"].count("yesterday") == 1
    assert client.get("/search", params={"q": "Korea", "to": "2022-13-45"}).status_code == 422
    moment = client.get("/articles", params={"from": "2022-10-04T08:00:00Z"}).json()
    assert moment["total"] == 2  # the 08:16 article and the Korea Herald's, not midnight ones


def test_the_date_facet_counts_the_undated_articles(client: TestClient) -> None:
    page = client.get("/search", params={"q": "North Korea", "facets": "date"}).json()
    in_buckets = sum(bucket["count"] for bucket in page["facets"]["date"])
    assert page["facets"]["undated"] == 1  # Anadolu's article has no date
    assert in_buckets + page["facets"]["undated"] == page["total"] == 5


HTML_PAGE = """<html lang="en"><head><title>Port reopens</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Black Sea port reopens after repairs</h1>
<p>The port reopened to grain ships on Monday after three weeks of repairs to its main quay,
the harbour authority said in a statement issued in the morning.</p>
<p>Four vessels loaded with wheat and maize were expected to leave by the end of the week, and
a further six were waiting at anchor outside the harbour for their turn at the quay.</p>
</article><footer>Subscribe to our newsletter</footer></body></html>"""


def test_removed_lines_explain_an_empty_list(client: TestClient, settings: Settings) -> None:
    seed = client.get(f"/articles/{RUBRYKA}", params={"removed": "true"}).json()
    assert seed["removed"] and seed["removed_note"] is None, "a text input lists its chrome"
    with writer(settings) as store:
        stored = store.post(
            "/articles", json={"html": HTML_PAGE, "url": "https://example.org/p"}, headers=AUTH
        )
        assert stored.status_code == 201, stored.text
        page = store.get(f"/articles/{stored.json()['id']}", params={"removed": "true"}).json()
        assert page["removed"] == [] and page["removed_note"] == NOTHING_REMOVED
        assert "HTML" in page["removed_note"]
        plain = store.get(f"/articles/{stored.json()['id']}").json()
        assert plain["removed"] is None and plain["removed_note"] is None


def test_scores_read_as_numbers_between_0_and_1_best_first(client: TestClient) -> None:
    for query in ("the", "Pyongyang", "Pyongyang referendum", "North Korea"):
        scores = [
            hit["score"] for hit in client.get("/search", params={"q": query}).json()["items"]
        ]
        assert scores and all(0 <= s < 1 and "e" not in repr(s) for s in scores), scores
        assert all(len(repr(s).split(".")[1]) <= 4 for s in scores), scores
        assert scores == sorted(scores, reverse=True)
    assert [present_score(r) for r in (0, 1, 9, 1.4969325153374235e-06, -2)] == [
        0.0,
        0.5,
        0.9,
        0.0,
        0.0,
    ]


def test_exports_carry_scores_and_bodies_as_the_readme_says(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "Pyongyang"}).json()["items"]
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/search/export", params={"q": "Pyongyang", "format": "csv"}).text
            )
        )
    )
    assert [float(row["score"]) for row in rows] == [hit["score"] for hit in hits]
    assert all(row["body"] for row in rows)
    listing = list(
        csv.DictReader(io.StringIO(client.get("/articles/export", params={"format": "csv"}).text))
    )
    assert len(listing) == 5 and all(row["score"] == "" for row in listing)
    feed = feedparser.parse(client.get("/articles/export", params={"format": "atom"}).text)
    article = client.get(f"/articles/{RUBRYKA}").json()
    entry = next(e for e in feed.entries if e.id.endswith(RUBRYKA))
    assert entry.content[0].value == article["body"] and len(article["body"]) > 400


def test_the_query_language_table_has_no_bar_that_breaks_its_rows() -> None:
    rows = [line for line in QUERY_LANGUAGE_DOC.splitlines() if line.startswith("|")]
    assert len(rows) > 5
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row.strip())[1:-1]
        assert len(cells) == 2, row
        assert "\\|" not in row, "Swagger UI's markdown splits cells on an escaped bar too"


def test_query_parameters_show_plain_types(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                branches = schema.get("anyOf", [schema])
                assert all(b.get("type") != "null" for b in branches), (path, parameter["name"])
    limit = next(p for p in spec["paths"]["/articles"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["type"] == "integer" and limit["schema"]["maximum"] == 100


def test_the_readme_says_where_the_command_is_and_how_to_query() -> None:
    readme = (ROOT / "README.md").read_text()
    assert ".venv/bin/newsstore" in readme and "source .venv/bin/activate" in readme
    assert "pipx install --editable ." in readme
    assert "## Query language" in readme and "kherson \\| mykolaiv" in readme


def test_the_readme_query_examples_find_the_seeds(client: TestClient) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Query language") : readme.index("## Command line")]
    examples = re.findall(r"`(/search\?q=[^`]+)`", section)
    assert len(examples) >= 4
    for example in examples:
        response = client.get(example)
        if "(kherson" in example:
            assert response.status_code == 400 and response.json()["position"] is not None
        else:
            assert response.status_code == 200 and response.json()["items"], example
