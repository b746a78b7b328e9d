"""Flat memory whatever the input's size: `newsstore ingest` of one 150 MB JSONL and of one
1 GB JSONL.gz, each into a new SQLite store, with the peak memory of the ingest measured.

    python -m tests.bench.ingest_memory                       # 150 MB and 1 GB (compressed)
    python -m tests.bench.ingest_memory --jsonl-mb 20 --gz-mb 50    # a quicker look

The 150 MB file holds raw records (text to normalize, as a crawl hands them over; normalized
ones with --jsonl-shape normalized); the 1 GB
archive holds normalized records (the same articles, bodies only), so that it is a million
articles and more without hours of normalization. Records are drawn from
tests/bench/ingest_corpus.py: a pool of generated articles, each written once with its own
URL and a line of its own in the body, so that no two are duplicates. Peak memory: the main
process's high-water mark (VmHWM) and the sum of the proportional set sizes of it and its
workers, sampled every 0.1 s (tests/bench/ingest.py:measure), each also split: the main
process's anonymous memory (heap) and file-backed pages (mapped files: the search index's
segments), and the anonymous part of the sum. The target: under 500 MB. Each run's memory every
5 s, with the articles stored by then, goes to a .memory.tsv beside its log (--keep keeps them).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import shutil
import tempfile
import time
from dataclasses import replace
from itertools import cycle
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from sqlalchemy import text

from app.db import get_engine
from app.integrity import check
from tests.bench.ingest import TIMELINE_SECONDS, Memory, ingest_run
from tests.bench.ingest_corpus import Article, articles, normalized_record, raw_record

POOL = 5_000
TARGET_MB = 500


def write_sized(path: Path, shape: str, megabytes: float) -> int:
    """Records until the file (compressed when .gz) holds `megabytes`; returns how many."""
    pool = list(articles(POOL, seed=3))
    limit = megabytes * 1_000_000
    count = 0
    with path.open("wb") as raw, _text(raw, path.name.endswith(".gz")) as handle:
        for article in cycle(pool):
            handle.write(json.dumps(_unique(article, shape, count), ensure_ascii=False) + "\n")
            count += 1
            if count % 1000 == 0 and raw.tell() >= limit:
                break
    return count


def _unique(article: Article, shape: str, number: int) -> dict[str, Any]:
    """The article as a record of its own: its own URL, and a sentence of its own at the end
    of its first paragraph (where the extractor keeps it), so that it is no duplicate."""
    first = article.paragraphs[0]
    own = f"{first} The archive files this report under number {number}."
    article = replace(
        article,
        url=f"{article.url}-{number}",
        paragraphs=[own, *article.paragraphs[1:]],
        text=article.text.replace(first, own, 1),
    )
    return raw_record(article) if shape == "raw" else normalized_record(article)


def _text(raw: BinaryIO, gzipped: bool) -> TextIO:
    if gzipped:
        return gzip.open(raw, "wt", encoding="utf-8", compresslevel=1)
    return io.TextIOWrapper(raw, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonl-mb", type=float, default=150)
    parser.add_argument("--gz-mb", type=float, default=1000)
    parser.add_argument(
        "--jsonl-shape",
        choices=("raw", "normalized"),
        default="raw",
        help="Records of the JSONL file (the .gz holds normalized ones).",
    )
    parser.add_argument("--workers", type=int)
    parser.add_argument(
        "--stories",
        action="store_true",
        help="cluster stories too (off, as in tests.bench.ingest)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the temporary folder (logs, memory timelines)."
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsstore-memory-bench-"))
    extra = ["--workers", str(args.workers)] if args.workers else []
    cases = [
        ("jsonl", workdir / f"{args.jsonl_shape}.jsonl", args.jsonl_shape, args.jsonl_mb),
        ("jsonl.gz", workdir / "normalized.jsonl.gz", "normalized", args.gz_mb),
    ]
    print(
        f"stories {'on' if args.stories else 'off'}; logs and memory timelines (every "
        f"{TIMELINE_SECONDS:.0f} s) in {workdir}; peaks in MB: main (VmHWM), its anonymous and "
        "file-backed resident memory, main and workers (summed PSS) and its anonymous part"
    )
    print(
        f"{'file':<22} {'MB on disk':>10} {'records':>10} {'seconds':>8} {'art/s':>6} "
        f"{'main':>5} {'anon':>5} {'file':>5} {'all':>5} {'anon':>5} {'< 500':>6}  "
        "stored, db check"
    )
    try:
        for label, path, shape, megabytes in cases:
            started = time.perf_counter()
            count = write_sized(path, shape, megabytes)
            generated = time.perf_counter() - started
            run = ingest_run(
                label.replace(".", "-"), path, count, workdir, None, extra, args.stories
            )
            url = f"sqlite:///{workdir / (label.replace('.', '-') + '.db')}"
            with get_engine(url).connect() as connection:
                stored = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
            report = check(get_engine(url))
            flat = run.tree_rss_mb < TARGET_MB
            peaks = " ".join(f"{kb / 1024:>5.0f}" for kb in _peaks(run.memory))
            print(
                f"{path.name:<22} {path.stat().st_size / 1e6:>10,.0f} {count:>10,} "
                f"{run.seconds:>8.0f} {run.rate:>6,.0f} {peaks} "
                f"{'yes' if flat else 'NO':>6}  {stored:,}, "
                f"{'clean' if report.ok else report.problems} (generated in {generated:.0f} s)",
                flush=True,
            )
            path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _peaks(memory: Memory) -> tuple[int, ...]:
    """The table's peaks, kB: main, its anonymous and file-backed parts, all, its anonymous part."""
    return memory.main_hwm, memory.main_anon, memory.main_file, memory.tree, memory.tree_anon


if __name__ == "__main__":
    main()
