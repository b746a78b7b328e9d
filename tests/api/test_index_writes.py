"""Writes reach the search index before the next search: an update replaces the article's
document (its old words no longer find it, nothing is indexed twice) and a delete removes it,
on both backends."""

from __future__ import annotations

from sqlalchemy import Engine

from app.config import Settings
from app.search.indexer import check_index, open_index
from tests.api.writing import AUTH, article, writer


def total(client, q: str) -> int:  # type: ignore[no-untyped-def]
    return client.get("/search", params={"q": q}).json()["total"]


def test_an_update_replaces_the_document_and_a_delete_removes_it(
    settings: Settings, engine: Engine
) -> None:
    first = article(1)
    changed = article(1, text=first["text"].replace("debris", "wreckage"))
    with writer(settings) as client:
        created = client.post("/articles", json=first, headers=AUTH).json()
        assert (total(client, "debris"), total(client, "wreckage")) == (1, 0)
        updated = client.post("/articles", json=changed, headers=AUTH).json()
        assert updated == {"id": created["id"], "status": "updated"}
        assert (total(client, "debris"), total(client, "wreckage")) == (0, 1)
        assert total(client, "storm") == 1
        check = check_index(engine, open_index(settings.index_path))
        assert (check.indexed, check.lag, check.problems) == (1, 0, [])
        assert client.delete(f"/articles/{created['id']}", headers=AUTH).status_code == 204
        assert total(client, "storm") == total(client, "wreckage") == 0
    assert open_index(settings.index_path).all_pks() == []
