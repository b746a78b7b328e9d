"""Crash test: ingests killed with SIGKILL at random moments, each on inputs new to the store,
then one ingest of everything; at the end every article is stored exactly once, the search index
holds every article once and nothing else, and `db check` is clean. The ingest brings the index
up to date after every batch, so kills land between the store's commits and the index's alike.

    python -m tests.bench.crash                      # 20,000 files, 20 kills
    python -m tests.bench.crash --files 2000 --kills 5
    python -m tests.bench.crash --jsonl --files 20000 --kills 10   # a bulk load of one JSONL

With --jsonl the articles are records of one JSON Lines file: the bulk path (worker processes
normalizing, one multi-row insert a batch), killed with its workers running.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from app.config import Settings
from app.db import get_engine, upgrade
from app.integrity import check
from app.search.indexer import open_index
from tests.utils.corpus import records, write_corpus

NEWSSTORE = str(Path(sys.executable).parent / "newsstore")


def _stored(database_url: str) -> tuple[int, int, set[str]]:
    with get_engine(database_url).connect() as connection:
        rows = connection.execute(text("SELECT url FROM article")).scalars().all()
    return len(rows), len(set(rows)), set(rows)


def _ingest(folder: Path, env: dict[str, str], log: Path | None = None) -> subprocess.Popen[bytes]:
    output = log.open("wb") if log else subprocess.DEVNULL
    return subprocess.Popen(
        [NEWSSTORE, "ingest", str(folder)], env=env, stdout=output, stderr=subprocess.STDOUT
    )


def write_records(folder: Path, count: int, seed: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    urls = []
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as handle:
        for record in records(count, seed=seed):
            handle.write(json.dumps(record) + "\n")
            urls.append(record["url"])
    return urls


def _orphans(folder: Path) -> int:
    """newsstore processes still running on `folder` (workers outliving a killed ingest)."""
    found = subprocess.run(["pgrep", "-f", f"ingest {folder}"], capture_output=True, text=True)
    return len(found.stdout.split())


def run(files: int, kills: int, seed: int, jsonl: bool = False) -> bool:
    """The inputs come in `kills` parts, each new to the store: the k-th ingest gets part k
    and is killed at a random moment of it, so every kill lands among real writes (store
    commits and index commits), not in a rerun's unchanged articles. A last ingest of every
    part must then bring the store and the index to exactly one copy of each article."""
    rng = random.Random(seed)
    workdir = Path(tempfile.mkdtemp(prefix="newsstore-crash-"))
    folder = workdir / "inputs"
    write = write_records if jsonl else write_corpus
    size = files // kills
    urls: set[str] = set()
    for part in range(kills):
        urls.update(write(folder / f"part-{part:03d}", size, seed * 1000 + part))
    files = size * kills
    timing_env = {**os.environ, "NEWSSTORE_DATABASE_URL": f"sqlite:///{workdir / 'timing.db'}"}
    started = time.perf_counter()
    _ingest(folder / "part-000", timing_env).wait()
    part_seconds = time.perf_counter() - started
    print(f"{files} files in {kills} parts; one uninterrupted part takes {part_seconds:.1f} s")

    database_url = f"sqlite:///{workdir / 'crash.db'}"
    upgrade(database_url)
    env = {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": database_url,
        "NEWSSTORE_INDEX_SYNC_SECONDS": "0",  # the index follows every batch
        "NEWSSTORE_INGEST_BATCH_SIZE": "20",  # many commits in a part, for kills to fall between
    }
    index = open_index(Settings(database_url=database_url).index_path)

    print(
        f"{'kill':>4} {'after s':>8} {'stored':>8} {'unique':>8} {'indexed':>8} {'lag':>6} "
        f"{'twice':>6} {'store':>6} {'orphans':>7}"
    )
    for number in range(1, kills + 1):
        delay = rng.uniform(0.2, part_seconds)
        process = _ingest(folder / f"part-{number - 1:03d}", env)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored, unique, _ = _stored(database_url)
        report = check(get_engine(database_url), index)
        store_ok = not [p for p in report.problems if not p.startswith("search index")]
        pks = index.all_pks()
        lag = report.search_index.lag if report.search_index else 0
        time.sleep(1)  # workers notice their parent is gone
        orphans = _orphans(folder / f"part-{number - 1:03d}")
        print(
            f"{number:4d} {delay:8.2f} {stored:8d} {unique:8d} {len(pks):8d} {lag:6d} "
            f"{len(pks) - len(set(pks)):6d} {'ok' if store_ok else 'BAD':>6} {orphans:7d}"
        )

    final = _ingest(folder, env, workdir / "final.log")
    final.wait()
    if final.returncode:
        print((workdir / "final.log").read_text()[-2000:])
    stored, unique, found = _stored(database_url)
    report = check(get_engine(database_url), index)
    exactly_once = stored == unique == files and found == urls
    print(
        f"final rerun exit {final.returncode}: {stored} stored, {unique} unique, "
        f"expected {files}; every article exactly once: {exactly_once}"
    )
    print(
        f"db check: {'clean' if report.ok else report.problems}; "
        f"articles {report.articles}, FTS indexed {report.indexed}, search index "
        f"{report.search_index.indexed if report.search_index else '-'} documents"
    )
    return exactly_once and report.ok and final.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jsonl", action="store_true", help="One JSONL file, not text files.")
    args = parser.parse_args()
    sys.exit(0 if run(args.files, args.kills, args.seed, args.jsonl) else 1)


if __name__ == "__main__":
    main()
