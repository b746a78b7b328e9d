from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, text

from app.config import Settings
from app.db import alembic_config, schema_is_current

ROW = (
    "INSERT INTO article (id, title, body, authors, sources_cited, removed, content_hash, "
    "word_count, ingested_at, updated_at) VALUES (:id, :title, :body, '[]', '[]', '[]', :id, 1, "
    "'2024-01-01', '2024-01-01')"
)


def matches(engine: Engine, query: str) -> list[str]:
    with engine.connect() as connection:
        return [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT a.id FROM articles_fts JOIN article a ON a.pk = articles_fts.rowid "
                    "WHERE articles_fts MATCH :q ORDER BY a.id"
                ),
                {"q": query},
            )
        ]


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
    with engine.connect() as connection:
        tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
    assert not {"article", "outlet", "articles_fts"} & tables
    command.upgrade(alembic_config(settings.database_url), "head")
    assert schema_is_current(engine)
