"""Ingest at archive scale: record files stream whatever their size, gzipped pages are read,
every skipped file is named, normalized records skip the extractor, worker processes and
batched writes store what one process storing one row at a time did, Ctrl-C keeps what was
committed."""

from __future__ import annotations

import gzip
import json
import shutil
import signal
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

import app.ingest
from app import inputs
from app.ingest import ingest, prepare
from app.inputs import InputError, RecordItem, read_inputs
from tests.api.writing import article
from tests.conftest import SEEDS

SEED = SEEDS / "001_e4549149833f9647.txt"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Inputs in a folder of their own (the SQLite store lives in tmp_path)."""
    path = tmp_path / "inputs"
    path.mkdir()
    return path


def stored(engine: Engine, column: str = "url") -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT {column} FROM article")).scalars()
        return sorted(str(row) for row in rows)


def urls(numbers: range | list[int]) -> list[str]:
    return sorted(article(n)["url"] for n in numbers)


def test_a_json_array_streams_record_by_record_and_a_bad_one_is_named(
    engine: Engine, folder: Path
) -> None:
    records = [article(0), article(1), "not an object", article(2)]
    (folder / "array.json").write_text(json.dumps(records))
    report = ingest(engine, read_inputs([folder / "array.json"]))
    assert report.counts["added"] == 3
    assert [(Path(f.source).name, f.reason) for f in report.failures] == [
        ("array.json:3", "a record must be a JSON object")
    ]
    assert stored(engine) == urls([0, 1, 2])


def test_a_cut_json_array_keeps_the_records_before_the_cut(engine: Engine, folder: Path) -> None:
    whole = json.dumps([article(n) for n in range(4)])
    with gzip.open(folder / "cut.json.gz", "wt") as handle:
        handle.write(whole[: whole.index(article(3)["url"])])
    report = ingest(engine, read_inputs([folder]))
    assert stored(engine) == urls(range(3))
    (failure,) = report.failures
    assert failure.source.endswith("cut.json.gz:4") and "invalid JSON after record 3" in (
        failure.reason
    )


def test_the_array_reader_does_not_read_the_whole_file_first(tmp_path: Path) -> None:
    """The first record comes out while most of a large array is still unread on disk."""
    path = tmp_path / "big.json"
    path.write_text(json.dumps([article(n) for n in range(3000)]))
    reading = inputs.ReadProgress(total=path.stat().st_size)
    items = read_inputs([path], reading)
    first = next(items)
    assert isinstance(first, RecordItem) and first.payload["url"] == article(0)["url"]
    assert reading.done < path.stat().st_size / 4
    assert sum(1 for _ in items) == 2999


def test_record_files_have_no_size_limit_but_pages_do(
    engine: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "MAX_PAGE_BYTES", 1000)
    lines = "".join(json.dumps(article(n)) + "\n" for n in range(5))
    (folder / "records.jsonl").write_text(lines)
    with gzip.open(folder / "records.jsonl.gz", "wt") as handle:
        handle.write("".join(json.dumps(article(n)) + "\n" for n in range(5, 8)))
    shutil.copy(SEED, folder / "page.txt")
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"word " * 10_000))
    assert len(lines) > 1000 and (folder / "bomb.txt.gz").stat().st_size < 1000
    report = ingest(engine, read_inputs([folder]))
    assert report.counts["added"] == 8
    failed = {Path(f.source).name: f.reason for f in report.failures}
    assert failed.keys() == {"page.txt", "bomb.txt.gz"}
    assert all("too large" in reason for reason in failed.values())


def test_a_folder_of_gzipped_pages_ingests_them_all_with_the_manifest(
    engine: Engine, folder: Path
) -> None:
    html = (
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens"
        "</h1><p>The harbour reopened on Tuesday after crews cleared the debris left by the "
        "storm, the port authority said in a statement.</p><p>Ferries resumed their routes "
        "and fishing boats returned to the docks by the afternoon, officials said.</p>"
        "</article></body></html>"
    )
    (folder / "a.html.gz").write_bytes(gzip.compress(html.encode()))
    (folder / "b.htm.gz").write_bytes(gzip.compress(html.replace("Tuesday", "Friday").encode()))
    (folder / "c.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    (folder / "d.HTML.GZ").write_bytes(gzip.compress(html.replace("Tuesday", "May").encode()))
    manifest = {"file": "a.html.gz", "url": "https://port.example/a", "outlet": "Port News"}
    (folder / "manifest.jsonl").write_text(json.dumps(manifest) + "\n")
    report = ingest(engine, read_inputs([folder]))
    assert report.ok and not report.skipped and report.counts["added"] == 4, report
    assert "https://port.example/a" in stored(engine)
    assert {Path(source).name for source in stored(engine, "source")} == {
        "a.html.gz",
        "b.htm.gz",
        "c.txt.gz",
        "d.HTML.GZ",
    }


def test_every_file_a_folder_walk_skips_is_named_with_its_reason(
    engine: Engine, folder: Path
) -> None:
    shutil.copy(SEED, folder / "good.txt")
    (folder / "notes.md").write_text("# notes")
    (folder / "sub").mkdir()
    (folder / "sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (folder / "sub" / "LICENSE").write_text("MIT")
    (folder / "sub" / "old.txt.bz2").write_bytes(b"BZh9")
    report = ingest(engine, read_inputs([folder]))
    assert report.ok and report.counts["added"] == 1
    skipped = {str(Path(s.source).relative_to(folder)): s.reason for s in report.skipped}
    assert skipped == {
        "notes.md": "unsupported file type .md",
        "sub/photo.jpg": "unsupported file type .jpg",
        "sub/LICENSE": "unsupported file type (no suffix)",
        "sub/old.txt.bz2": "unsupported file type .bz2",
    }


def test_a_normalized_record_is_stored_as_it_is_without_the_extractor(
    engine: Engine, folder: Path
) -> None:
    # The extractor would cut the "Read more" line and the cookie line: these bodies keep them.
    body = (
        "Read more: the harbour story\n\nHeavy winds forced the closure of three ports on "
        "Monday, officials said.\n\nWe use cookies to improve your experience."
    )
    records = [
        {
            "url": "https://example.org/a",
            "title": "Ports close",
            "body": body,
            "language": "en",
            "outlet": {"slug": "example-times", "name": "Example Times", "domain": "example.org"},
            "published_at": "2024-03-01T10:00:00Z",
            "authors": ["A. Writer"],
        },
        {"url": "https://example.org/b", "normalized": True, "text": body + " Again."},
    ]
    (folder / "normalized.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    report = ingest(engine, read_inputs([folder]))
    assert report.ok and report.counts["added"] == 2, report
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT a.url, a.body, a.language, a.word_count, a.published_at_source, o.slug "
                "FROM article a LEFT JOIN outlet o ON o.id = a.outlet_id ORDER BY a.url"
            )
        ).all()
    words = len(body.split())
    assert rows[0] == ("https://example.org/a", body, "en", words, "record", "example-times")
    assert rows[1].body == body + " Again." and rows[1].language == "en"
    assert rows[1].slug == "example-org"  # from the URL's domain, as for a raw record
    again = ingest(engine, read_inputs([folder]))
    assert again.counts["unchanged"] == 2


def test_a_normalized_record_without_a_body_is_named() -> None:
    item = RecordItem("x.jsonl:1", b'{"body": "  ", "url": "https://e.org"}')
    assert prepare(item, datetime.now(UTC)) == InputError(
        "x.jsonl:1", "a normalized record needs a non-empty 'body' string"
    )


def test_worker_processes_and_batches_store_what_one_row_at_a_time_did(
    engine: Engine, folder: Path
) -> None:
    """Same outcomes in the same order: duplicates inside a batch, the same id twice in a
    batch (an update), and records over several batches and worker chunks."""
    records = [article(n) for n in range(150)]
    records[40] = article(10, url="https://example.org/copy-of-10")  # a duplicate body
    records[41] = article(11, text=article(11)["text"] + " Updated.")  # same id as record 11
    (folder / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    report = ingest(engine, read_inputs([folder]), batch_size=64, workers=2)
    assert report.ok
    assert report.counts == {"added": 148, "duplicate": 1, "updated": 1}
    with engine.connect() as connection:
        body = connection.execute(
            text("SELECT body FROM article WHERE url = :url"), {"url": article(11)["url"]}
        ).scalar_one()
    assert body.endswith("Updated.")
    assert len(stored(engine)) == 148


def _interrupted_after(items: Iterator[object], count: int) -> Iterator[object]:
    for number, item in enumerate(items):
        if number == count:
            raise KeyboardInterrupt
        yield item


def test_ctrl_c_keeps_the_committed_batches_and_a_rerun_resumes(
    engine: Engine, folder: Path
) -> None:
    (folder / "records.jsonl").write_text(
        "".join(json.dumps(article(n)) + "\n" for n in range(200))
    )
    items = _interrupted_after(read_inputs([folder]), 150)
    report = ingest(engine, items, batch_size=10)  # type: ignore[arg-type]
    assert report.interrupted and not report.ok
    committed = report.counts["added"]
    assert 0 < committed < 150 and committed % 10 == 0  # whole batches, none half-written
    assert len(stored(engine)) == committed
    rerun = ingest(engine, read_inputs([folder]), batch_size=10)
    assert rerun.counts == {"unchanged": committed, "added": 200 - committed}
    assert stored(engine) == urls(range(200))


@pytest.fixture
def ctrl_c() -> Iterator[None]:
    """Ctrl-C raising KeyboardInterrupt, as in a terminal, even when the test run was started
    with SIGINT ignored (in the background, by nohup), which the ingest then leaves alone."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("ctrl_c")
def test_ctrl_c_right_after_a_commit_still_counts_that_batch(
    engine: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interrupt lands between the second batch's commit and its count: the report still
    counts every article stored, and says it was interrupted."""
    (folder / "records.jsonl").write_text("".join(json.dumps(article(n)) + "\n" for n in range(50)))
    batches = []

    def store_then_interrupt(*args: object) -> object:
        outcomes = real_store(*args)
        batches.append(outcomes)
        if len(batches) == 2:
            signal.raise_signal(signal.SIGINT)
        return outcomes

    real_store = app.ingest._store
    monkeypatch.setattr(app.ingest, "_store", store_then_interrupt)
    report = ingest(engine, read_inputs([folder]), batch_size=10)
    assert report.interrupted
    assert report.counts["added"] == len(stored(engine)) == 20
