from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from app.auth import key_digest
from app.cli import app
from app.config import Settings
from app.db import get_engine
from app.ingest import ingest
from app.inputs import read_inputs
from app.integrity import backup, check
from tests.conftest import SEEDS

runner = CliRunner()
# FTS5 triggers and shadow tables, the sqlite3 backup API: nothing of the kind on PostgreSQL,
# whose index is a generated column.
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def raw(settings: Settings) -> sqlite3.Connection:
    return sqlite3.connect(settings.database_url.removeprefix("sqlite:///"))


def test_a_sound_store_checks_clean_with_counts_per_outlet(engine: Engine) -> None:
    ingest(engine, read_inputs([SEEDS]))
    report = check(engine)
    assert report.ok, report.problems
    assert report.articles == report.indexed == 5
    assert sum(count for _, count in report.per_outlet) == 5


@sqlite_only
def test_an_article_missing_from_the_index_is_found(engine: Engine, settings: Settings) -> None:
    ingest(engine, read_inputs([SEEDS]))
    with raw(settings) as connection:
        connection.execute("DROP TRIGGER article_fts_insert")
        connection.execute(
            "INSERT INTO article (id, authors, body, word_count, sources_cited, content_hash,"
            " removed, ingested_at, updated_at) VALUES ('x', '[]', 'unindexed words', 2, '[]',"
            " 'h', '[]', '2024-01-01', '2024-01-01')"
        )
    report = check(engine)
    assert (report.articles, report.indexed) == (6, 5)
    assert any("missing from the index" in problem for problem in report.problems)


@sqlite_only
def test_an_index_entry_without_its_article_is_found(engine: Engine, settings: Settings) -> None:
    ingest(engine, read_inputs([SEEDS]))
    with raw(settings) as connection:
        connection.execute("DROP TRIGGER article_fts_delete")
        connection.execute("DELETE FROM article WHERE pk = 1")
    problems = check(engine).problems
    assert any("without an article" in problem for problem in problems)


@sqlite_only
def test_backup_copies_a_live_store_that_checks_clean(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, read_inputs([SEEDS]))
    copy = tmp_path / "copies" / "backup.db"
    backup(engine, copy)
    copied = get_engine(f"sqlite:///{copy}")
    assert check(copied).ok and check(copied).articles == 5
    with copied.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM articles_fts")).scalar_one() == 5


def test_db_check_and_backup_commands(cli_store: Path) -> None:
    assert runner.invoke(app, ["ingest", str(SEEDS)]).exit_code == 0
    checked = runner.invoke(app, ["db", "check"])
    assert checked.exit_code == 0 and "articles: 5, indexed: 5" in checked.stdout
    assert runner.invoke(app, ["db", "backup", str(cli_store / "b.db")]).exit_code == 0
    again = runner.invoke(app, ["db", "backup", str(cli_store / "b.db")])
    assert again.exit_code == 1 and "exists" in again.stderr
    with sqlite3.connect(cli_store / "cli.db") as connection:
        connection.execute("DROP TRIGGER article_fts_delete")
        connection.execute("DELETE FROM article WHERE pk = 2")
    broken = runner.invoke(app, ["db", "check"])
    assert broken.exit_code == 1 and "PROBLEM" in broken.stderr


def test_keys_create_prints_a_key_and_its_digest_line(cli_store: Path) -> None:
    result = runner.invoke(app, ["keys", "create"])
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    digest_line = next(x for x in result.stdout.splitlines() if x.startswith("NEWSSTORE_API"))
    assert digest_line == f"NEWSSTORE_API_KEY_HASHES={key_digest(lines['key'])}"
