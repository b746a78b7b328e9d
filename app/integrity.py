"""Store health: SQLite's own checks, the full-text index against the articles, online backup
(SQLite; PostgreSQL has pg_dump)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from app.domain_errors import NewsstoreError
from app.search.index import SearchIndex
from app.search.indexer import IndexCheck, check_index

# The FTS5 shadow table with one row per indexed document: the index's own list of rowids.
# (Reading rowids from articles_fts itself would read the content table, `article`, instead.)
_INDEXED_ROWIDS = "SELECT id FROM articles_fts_docsize"
_SAMPLE = 5


@dataclass
class CheckReport:
    articles: int = 0
    indexed: int = 0
    per_outlet: list[tuple[str, int]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    search_index: IndexCheck | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(engine: Engine, index: SearchIndex | None = None) -> CheckReport:
    """Every check that applies to the backend, and to the search index when given; a problem
    is a sentence naming what is wrong."""
    report = CheckReport()
    if index is not None:
        report.search_index = check_index(engine, index)
        report.problems += report.search_index.problems
    with engine.connect() as connection:
        report.articles = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
        report.per_outlet = _per_outlet(connection)
        if engine.dialect.name == "sqlite":
            report.problems += _sqlite_integrity(connection)
            report.problems += _foreign_keys(connection)
            report.indexed, index_problems = _index_matches_articles(connection)
            report.problems += index_problems
            report.problems += _fts_integrity(connection)
        else:  # the index is a generated column: an article without its vector is a problem
            report.indexed = connection.execute(
                text("SELECT count(search_vector) FROM article")
            ).scalar_one()
            if report.indexed != report.articles:
                missing = report.articles - report.indexed
                report.problems.append(f"{missing} articles missing from the index")
    return report


def _per_outlet(connection: Connection) -> list[tuple[str, int]]:
    rows = connection.execute(
        text(
            "SELECT coalesce(o.slug, '(no outlet)'), count(*) FROM article a "
            "LEFT JOIN outlet o ON o.id = a.outlet_id GROUP BY o.slug ORDER BY count(*) DESC, 1"
        )
    ).all()
    return [(slug, count) for slug, count in rows]


def _sqlite_integrity(connection: Connection) -> list[str]:
    rows = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check").all()]
    return [] if rows == ["ok"] else [f"integrity_check: {row}" for row in rows]


def _foreign_keys(connection: Connection) -> list[str]:
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    return [f"foreign key: {row[0]} row {row[1]} points at a missing {row[2]}" for row in rows]


def _index_matches_articles(connection: Connection) -> tuple[int, list[str]]:
    """Every article is in the index and nothing else is: the two rowid sets are equal."""
    articles = {row[0] for row in connection.execute(text("SELECT pk FROM article"))}
    indexed = {row[0] for row in connection.execute(text(_INDEXED_ROWIDS))}
    problems = []
    if missing := sorted(articles - indexed):
        problems.append(f"{len(missing)} articles missing from the index (pk {missing[:_SAMPLE]})")
    if stray := sorted(indexed - articles):
        problems.append(f"{len(stray)} index entries without an article (rowid {stray[:_SAMPLE]})")
    return len(indexed), problems


def _fts_integrity(connection: Connection) -> list[str]:
    """FTS5's own check; rank 1 also compares the index with the content table's text."""
    try:
        connection.execute(
            text("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        )
    except Exception as error:  # the driver's error is the finding, whatever its class
        return [f"full-text index: {str(error).splitlines()[0]}"]
    finally:
        connection.rollback()
    return []


def backup(engine: Engine, target: Path) -> None:
    """A consistent copy of a live SQLite store, writers and readers carrying on meanwhile."""
    if engine.dialect.name != "sqlite":
        raise NewsstoreError("db backup copies SQLite stores; use pg_dump for PostgreSQL")
    if target.exists():
        raise NewsstoreError(f"{target} exists; choose a new file")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = engine.raw_connection()
    try:
        with sqlite3.connect(target) as copy:
            source.driver_connection.backup(copy)  # type: ignore[union-attr]
        copy.close()
    finally:
        source.close()
