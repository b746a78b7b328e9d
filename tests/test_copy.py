"""`newsstore db copy`: every id and count arrives, an interrupted copy finishes when rerun."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from app.cli import app
from app.copy import CopyReport, copy_store
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from tests.conftest import SEEDS
from tests.test_ingest import ARTICLE


@pytest.fixture
def source_url(tmp_path: Path) -> str:
    """A SQLite store with the seeds: what users move from."""
    url = f"sqlite:///{tmp_path / 'source.db'}"
    upgrade(url)
    assert ingest(get_engine(url), read_inputs([SEEDS])).counts["added"] == 5
    return url


def rows(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(
            text(
                "SELECT a.pk, a.id, a.title, a.published_at, o.slug FROM article a "
                "LEFT JOIN outlet o ON o.id = a.outlet_id ORDER BY a.pk"
            )
        ).all()


def comparable(stored: list[tuple]) -> list[tuple]:
    """SQLite returns dates as text, PostgreSQL as datetimes: compare them as text."""
    return [
        (pk, id_, title, str(date)[:19] if date else None, slug)
        for pk, id_, title, date, slug in stored
    ]


def test_copy_keeps_every_article_with_its_id_key_outlet_and_date(
    source_url: str, database_url: str
) -> None:
    report = copy_store(source_url, database_url, batch_size=2)
    assert (report.articles_copied, report.outlets_copied) == (5, 5)
    assert report.source_articles == report.destination_articles == 5
    expected = comparable(rows(get_engine(source_url)))
    assert comparable(rows(get_engine(database_url))) == expected


def test_an_interrupted_copy_finishes_when_run_again(source_url: str, database_url: str) -> None:
    def stop_after_first_batch(report: CopyReport) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_store(source_url, database_url, batch_size=2, progress=stop_after_first_batch)
    report = copy_store(source_url, database_url, batch_size=2)
    assert (report.articles_skipped, report.articles_copied) == (2, 3)
    again = copy_store(source_url, database_url, batch_size=2)
    assert (again.articles_skipped, again.articles_copied) == (5, 0)
    assert comparable(rows(get_engine(database_url))) == comparable(rows(get_engine(source_url)))


def test_the_copy_takes_new_articles_afterwards(source_url: str, database_url: str) -> None:
    copy_store(source_url, database_url)
    record = Path(source_url.removeprefix("sqlite:///")).parent / "new.json"
    record.write_text(
        json.dumps({"url": "https://example.org/n", "outlet": "New", "text": ARTICLE})
    )
    report = ingest(get_engine(database_url), read_inputs([record]))
    assert report.counts["added"] == 1, report
    assert len(rows(get_engine(database_url))) == 6


def test_db_copy_command_reports_both_counts(source_url: str, database_url: str) -> None:
    result = CliRunner().invoke(app, ["db", "copy", source_url, database_url])
    assert result.exit_code == 0, result.output
    assert "copied 5 articles" in result.stdout
    assert "the source holds 5 articles, the destination 5" in result.stdout
