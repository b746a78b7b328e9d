"""Acceptance: a folder of broken inputs of every kind ingests with a per-file report; the good
files land. The folder is built in tmp_path (the 100 MB file is sparse: no disk is spent)."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import zlib
from pathlib import Path

from sqlalchemy import Engine, text
from typer.testing import CliRunner

from app.cli import app
from app.ingest import ingest
from app.inputs import read_inputs
from tests.api.writing import article
from tests.conftest import SEEDS

GOOD_FILES = ("good-1.txt", "good-2.txt", "good.jsonl.gz:1", "good.jsonl.gz:2")
BROKEN = {
    "empty.txt": "empty",
    "binary.html": "binary",
    "latin-noise.txt": "unknown encoding",
    "cut.jsonl.gz": "truncated",
    "huge.txt": "too large",
    "dangling.txt": "unreadable",
    "not-utf8.jsonl": "not UTF-8",
}


def build_broken_folder(folder: Path) -> int:
    """Good files beside one file of each broken kind; returns how many articles should land
    (the good files and the whole records before the cut in the truncated archive)."""
    folder.mkdir(exist_ok=True)
    shutil.copy(SEEDS / "001_e4549149833f9647.txt", folder / "good-1.txt")
    (folder / "good-2.txt").write_text(article(2)["text"])
    with gzip.open(folder / "good.jsonl.gz", "wt") as handle:
        handle.writelines(json.dumps(article(n)) + "\n" for n in (3, 4))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.html").write_bytes(bytes(range(256)) * 64)
    noise = random.Random(5)
    (folder / "latin-noise.txt").write_bytes(bytes(noise.randrange(128, 256) for _ in range(4000)))
    whole = gzip.compress("".join(json.dumps(article(n)) + "\n" for n in range(5, 45)).encode())
    cut = whole[: len(whole) // 2]
    (folder / "cut.jsonl.gz").write_bytes(cut)
    whole_records_before_cut = zlib.decompressobj(wbits=31).decompress(cut).count(b"\n")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "not-utf8.jsonl").write_bytes(
        json.dumps(article(50)).encode().replace(b"Storm", "Stürm".encode("latin-1"))
    )
    return len(GOOD_FILES) + whole_records_before_cut


def test_each_broken_file_is_reported_with_its_reason_and_the_good_ones_land(
    engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "inputs"
    landing = build_broken_folder(folder)
    report = ingest(engine, read_inputs([folder]))
    failed = {Path(f.source).name.split(":")[0]: f.reason for f in report.failures}
    assert set(failed) == set(BROKEN), report.failures
    for name, reason in BROKEN.items():
        assert reason in failed[name], (name, failed[name])
    assert report.counts["added"] == landing and not report.ok
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM article")).scalar_one() == landing


def test_cli_exit_code_is_1_with_a_line_per_failure_and_strict_stops_early(
    cli_store: Path,
) -> None:
    folder = cli_store / "inputs"
    landing = build_broken_folder(folder)
    runner = CliRunner()
    strict = runner.invoke(app, ["ingest", "--strict", str(folder)])
    assert strict.exit_code == 1
    assert strict.stderr.count("FAILED ") == 1
    assert "0 added" in strict.stdout  # binary.html sorts first: nothing before it
    full = runner.invoke(app, ["ingest", str(folder)])
    assert full.exit_code == 1
    assert full.stderr.count("FAILED ") == len(BROKEN)
    assert f"{landing} added" in full.stdout
    for name in BROKEN:
        assert str(folder / name) in full.stderr
    clean = runner.invoke(app, ["ingest", str(SEEDS)])
    assert clean.exit_code == 0
