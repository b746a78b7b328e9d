from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, text

from app.config import Settings
from app.db import alembic_config, schema_is_current

ROW = (
    "INSERT INTO article (id, title, body, authors, sources_cited, removed, content_hash, "
    "word_count, ingested_at, updated_at) VALUES (:id, :title, :body, '[]', '[]', '[]', :id, 1, "
    "'2024-01-01', '2024-01-01')"
)


KHERSON = "\u0445\u0435\u0440\u0441\u043e\u043d"  # Cyrillic, lower case
MATCHES = {
    "sqlite": "SELECT a.id FROM articles_fts JOIN article a ON a.pk = articles_fts.rowid "
    "WHERE articles_fts MATCH :q ORDER BY a.id",
    "postgresql": "SELECT id FROM article "
    "WHERE search_vector @@ plainto_tsquery('newsstore_stem', :q) ORDER BY id",
}


def matches(engine: Engine, query: str) -> list[str]:
    """The ids the backend's full-text index finds for one word, bypassing the search code."""
    with engine.connect() as connection:
        rows = connection.execute(text(MATCHES[engine.dialect.name]), {"q": query})
        return [row[0] for row in rows]


def test_models_and_migrations_do_not_drift(engine: Engine, settings: Settings) -> None:
    command.check(alembic_config(settings.database_url))
    assert schema_is_current(engine)


def test_fts_index_follows_inserts_updates_and_deletes(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(ROW), {"id": "a", "title": "Harbour", "body": "ships in port"})
        connection.execute(text(ROW), {"id": "b", "title": "Café", "body": "coffee prices"})
    assert matches(engine, "port") == ["a"]
    assert matches(engine, "cafe") == ["b"], "diacritics are folded by the tokenizer"
    with engine.begin() as connection:
        connection.execute(text("UPDATE article SET body = 'planes at airport' WHERE id = 'a'"))
    assert matches(engine, "port") == []
    assert matches(engine, "airport") == ["a"]
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM article WHERE id = 'b'"))
    assert matches(engine, "coffee") == []


def test_downgrade_removes_everything_and_upgrade_restores_it(
    engine: Engine, settings: Settings
) -> None:
    command.downgrade(alembic_config(settings.database_url), "base")
    tables = set(inspect(engine).get_table_names())
    assert not {"article", "outlet", "articles_fts"} & tables
    command.upgrade(alembic_config(settings.database_url), "head")
    assert schema_is_current(engine)


def test_both_indexes_cut_words_at_punctuation_and_fold_case_and_accents(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text(ROW), {"id": "a", "title": "POL-358 in Zürich", "body": "U.S. 3.5"})
        connection.execute(
            text(ROW), {"id": "b", "title": KHERSON.upper(), "body": "x@y.org e-mail"}
        )
    for word in ("pol", "358", "zurich", "ZÜRICH", "u", "s", "3", "5"):
        assert matches(engine, word) == ["a"], word
    for word in (KHERSON, "mail", "x", "y", "org"):
        assert matches(engine, word) == ["b"], word
