"""Every example /docs shows works on the shipped seeds: each operation called with its
parameters' examples (all together, as Swagger UI fills them in, and each alone) and its request
body example answers 2xx, with at least one item where it lists; the example URLs written in
the descriptions too."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from tests.api.writing import AUTH, writer
from tests.conftest import SEEDS

READS = ("get",)
EXAMPLE_URL = re.compile(r"`(/[A-Za-z/:]+\?[^`\s]+)`")


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def example_of(parameter: dict[str, Any]) -> Any:
    schema = parameter.get("schema", {})
    for holder in (parameter, schema):
        if "example" in holder:
            return holder["example"]
        if holder.get("examples"):
            examples = holder["examples"]
            return examples[0] if isinstance(examples, list) else next(iter(examples.values()))
    return None


def operations(spec: dict[str, Any], methods: tuple[str, ...]) -> Iterator[tuple[str, str, dict]]:
    for path, entries in spec["paths"].items():
        for method, operation in entries.items():
            if method in methods:
                yield path, method, operation


def request_for(path: str, parameters: list[dict], chosen: set[str]) -> tuple[str, dict]:
    """The URL and query of `path` with the examples of the required and `chosen` parameters."""
    query: dict[str, Any] = {}
    for parameter in parameters:
        name, example = parameter["name"], example_of(parameter)
        if parameter["in"] == "path":
            assert example is not None, f"{path}: path parameter {name} has no example"
            path = path.replace(f"{{{name}}}", str(example))
        elif parameter["in"] == "query" and (parameter.get("required") or name in chosen):
            assert example is not None, f"{path}: required parameter {name} has no example"
            query[name] = example
    return path, query


def assert_answers_items(response: httpx.Response, what: str) -> None:
    assert 200 <= response.status_code < 300, f"{what}: {response.status_code} {response.text}"
    media = response.headers.get("content-type", "")
    if media.startswith("application/json"):
        body = response.json()
        if isinstance(body, dict) and "items" in body:
            assert body["items"], f"{what}: no items"
    elif media.startswith("application/x-ndjson"):
        assert response.text.strip(), f"{what}: no lines"
    elif media.startswith("text/csv"):
        assert len(response.text.strip().splitlines()) > 1, f"{what}: header only"
    elif "atom" in media:
        assert "<entry>" in response.text, f"{what}: no entries"


def test_every_read_example_answers_with_items(client: TestClient, spec: dict) -> None:
    called = 0
    for path, _, operation in operations(spec, READS):
        parameters = operation.get("parameters", [])
        with_examples = {p["name"] for p in parameters if example_of(p) is not None}
        for chosen in [with_examples, *({name} for name in with_examples), set()]:
            url, query = request_for(path, parameters, chosen)
            assert_answers_items(client.get(url, params=query), f"GET {url} {query}")
            called += 1
    assert called > 30  # every route, with each of its examples


def test_every_example_url_in_the_descriptions_answers_with_items(
    client: TestClient, spec: dict
) -> None:
    text = json.dumps(spec)
    urls = set(EXAMPLE_URL.findall(text.replace("\\n", "\n")))
    assert len(urls) >= 4, urls
    for url in sorted(urls):
        if "q=..." in url:
            continue  # a pattern (`/search/export?q=...&format=atom`), not an example
        assert_answers_items(client.get(url), url)


@pytest.fixture
def writable(database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=database_url)
    upgrade(settings.database_url)
    assert ingest(get_engine(settings.database_url), read_inputs([SEEDS])).ok
    with writer(settings) as client:
        yield client


def test_the_write_examples_store_and_delete(writable: TestClient, spec: dict) -> None:
    post = spec["paths"]["/articles"]["post"]
    ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    body = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]["examples"][0]
    assert "string" not in body.values()
    created = writable.post("/articles", json=body, headers=AUTH)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "added"
    again = writable.post("/articles", json=body, headers=AUTH)
    documented = post["responses"]["200"]["content"]["application/json"]["example"]
    assert again.status_code == 200 and again.json()["status"] == documented["status"]

    bulk = writable.post(
        "/articles:bulk", content=json.dumps(body | {"url": body["url"] + "?b"}), headers=AUTH
    )
    assert bulk.status_code == 200 and json.loads(bulk.text.splitlines()[0])["status"] in {
        "added",
        "duplicate",
    }

    for path, method, operation in operations(spec, ("delete",)):
        url, _ = request_for(path, operation.get("parameters", []), set())
        response = writable.request(method.upper(), url, headers=AUTH)
        assert response.status_code == 204, f"{method} {url}: {response.text}"
