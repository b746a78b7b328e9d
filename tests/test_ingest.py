from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from sqlalchemy import Engine, text

from app.ingest import ingest
from app.inputs import read_inputs
from tests.conftest import SEEDS

ARTICLE = (
    "Storm closes ports along the coast\n\n"
    "Heavy winds forced the closure of three ports on Monday, officials said in a statement.\n\n"
    "Shipping companies said they expected delays of several days while crews inspect the docks."
)


INDEXED = {
    "sqlite": "SELECT count(*) FROM articles_fts",
    "postgresql": "SELECT count(*) FROM article WHERE search_vector <> ''::tsvector",
}


def ids_and_count(engine: Engine) -> tuple[set[str], int]:
    """The stored ids and how many articles the full-text index holds."""
    with engine.connect() as connection:
        ids = {row[0] for row in connection.execute(text("SELECT id FROM article"))}
        indexed = connection.execute(text(INDEXED[engine.dialect.name])).scalar_one()
    return ids, indexed


def test_reingesting_the_seeds_changes_nothing(engine: Engine) -> None:
    first = ingest(engine, read_inputs([SEEDS]))
    ids_before = ids_and_count(engine)
    second = ingest(engine, read_inputs([SEEDS]))
    assert first.counts["added"] == 5
    assert second.counts["unchanged"] == 5 and second.counts["added"] == 0
    assert ids_and_count(engine) == ids_before == (ids_before[0], 5)


def test_manifest_supplies_url_and_outlet(engine: Engine) -> None:
    ingest(engine, read_inputs([SEEDS]))
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT a.url, o.name FROM article a JOIN outlet o ON o.id = a.outlet_id")
        ).all()
    manifest = [json.loads(line) for line in (SEEDS / "manifest.jsonl").read_text().splitlines()]
    assert {(row.url, row.name) for row in rows} == {(m["url"], m["outlet"]) for m in manifest}


def test_broken_files_are_reported_by_name_and_the_rest_lands(
    engine: Engine, tmp_path: Path
) -> None:
    shutil.copy(SEEDS / "001_e4549149833f9647.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage" * 100)
    (tmp_path / "records.jsonl").write_text(
        json.dumps({"url": "https://example.org/a", "outlet": "Example", "text": ARTICLE})
        + "\n{not json\n"
        + json.dumps({"url": "https://example.org/b"})
        + "\n"
    )
    report = ingest(engine, read_inputs([tmp_path, tmp_path / "missing.txt"]))
    failed = {Path(f.source).name: f.reason for f in report.failures}
    assert report.counts["added"] == 2
    assert "empty" in failed["empty.txt"]
    assert "binary" in failed["binary.txt"]
    assert "invalid JSON" in failed["records.jsonl:2"]
    assert "text" in failed["records.jsonl:3"]
    assert "no such file" in failed["missing.txt"]
    assert not report.ok


def test_json_records_keep_their_fields_and_record_the_source(
    engine: Engine, tmp_path: Path
) -> None:
    record = {
        "url": "https://example.org/storm?utm_source=feed",
        "outlet": "Example Times",
        "published_at": "2024-03-05T10:00:00Z",
        "title": "Storm closes ports",
        "text": ARTICLE,
    }
    with gzip.open(tmp_path / "batch.jsonl.gz", "wt") as handle:
        handle.write(json.dumps(record) + "\n")
    report = ingest(engine, read_inputs([tmp_path]))
    assert report.counts["added"] == 1, report
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT title, canonical_url, published_at, published_at_source FROM article")
        ).one()
    assert row.title == "Storm closes ports"
    assert row.canonical_url == "https://example.org/storm"
    assert str(row.published_at).startswith("2024-03-05 10:00:00")
    assert row.published_at_source == "record"


def test_the_same_body_under_another_url_collapses_as_duplicate(
    engine: Engine, tmp_path: Path
) -> None:
    lines = [
        json.dumps({"url": f"https://example.org/{n}", "outlet": "Example", "text": ARTICLE})
        for n in (1, 2)
    ]
    (tmp_path / "twice.jsonl").write_text("\n".join(lines))
    report = ingest(engine, read_inputs([tmp_path]))
    assert (report.counts["added"], report.counts["duplicate"]) == (1, 1)
