"""Ingest throughput and memory: `newsstore ingest` on generated archives, against the
sqlite-utils anchor (insert + FTS5 build of the same records) measured in the same run.

    python -m tests.bench.ingest                      # 5,000 articles (what `make bench` runs)
    python -m tests.bench.ingest --articles 100000    # the figures in tests/bench/README.md
    python -m tests.bench.ingest --articles 1000000 --raw-articles 100000
    python -m tests.bench.ingest --code /path/to/other/checkout   # the same, older code

Articles come from tests/bench/ingest_corpus.py (real pages' chrome and sentences, ~400 words).
Cases, each into a new SQLite store (schema made beforehand, not timed), each a subprocess
timed from start to exit and its peak RSS taken (the main process exactly, from wait4; main
plus worker processes sampled every 0.2 s):

  raw          {"url", "published_at", "text"} records: full normalization (extractor, dates,
               language, authors)
  normalized   the same articles as {"url", "title", "published_at", "language", "body"}
               records: no extractor
  sqlite-utils `sqlite-utils insert --nl` of the normalized records, then `enable-fts` on title
               and body with newsstore's tokenizer (porter unicode61 remove_diacritics 2)

Story clustering is off unless --stories (the anchor clusters nothing; its cost is measured by
tests/bench/stories_ingest.py). Input files are JSON Lines parts of at most 40 MB (so that older
code, which refused larger files, can be measured on the same input with --code). Needs the
`bench` extra (sqlite-utils) and ../shared/data/extraction-dev beside the repository.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tests.bench.ingest_corpus import articles, normalized_record, raw_record, write_jsonl

BIN = Path(sys.executable).parent
PART_RECORDS = 10_000  # ~40 MB of raw records a part
TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass
class Run:
    label: str
    articles: int
    seconds: float
    main_rss_mb: float
    tree_rss_mb: float
    cpu_seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.articles / self.seconds


def _descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    queue.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _status_kb(pid: int, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _pss_kb(pid: int) -> int:
    """Proportional set size: pages shared with forked workers counted once in all."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(
    command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None
) -> tuple[float, float, float, float]:
    """Run `command`; (seconds, peak RSS of its main process MB (VmHWM), peak memory of it
    and its worker processes together MB (sum of PSS), both sampled every 0.1 s, and the CPU
    seconds it and its workers used, user + system). On a loaded machine the wall time
    stretches and the CPU time does not: both are printed."""
    peak_main = peak_tree = 0
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT
        )
        done = threading.Event()

        def sample() -> None:
            nonlocal peak_main, peak_tree
            while not done.wait(0.1):
                peak_main = max(peak_main, _status_kb(process.pid, "VmHWM:"))
                peak_tree = max(peak_tree, sum(_pss_kb(p) for p in _descendants(process.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # with the workers it reaped
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}: see {log}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, peak_main / 1024, max(peak_tree, peak_main) / 1024, cpu


def _parts(records: Iterator[dict[str, Any]], folder: Path) -> int:
    folder.mkdir(parents=True)
    total, number = 0, 0
    while True:
        written = write_jsonl(folder / f"part-{number:04d}.jsonl", islice(records, PART_RECORDS))
        if not written:
            (folder / f"part-{number:04d}.jsonl").unlink()
            return total
        total, number = total + written, number + 1


def newsstore_command(code: Path | None) -> list[str]:
    if code is None:
        return [str(BIN / "newsstore")]
    launcher = "import sys; from app.cli import app; sys.argv[0] = 'newsstore'; app()"
    return [sys.executable, "-c", launcher]


def ingest_run(
    label: str,
    folder: Path,
    count: int,
    workdir: Path,
    code: Path | None,
    extra: list[str],
    stories: bool,
) -> Run:
    store = workdir / f"{label}.db"
    env = {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": f"sqlite:///{store}",
        "NEWSSTORE_STORIES": "true" if stories else "false",
    }
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = newsstore_command(code)
    # The other checkout's directory first on the path ("python -c" puts the current one there).
    subprocess.run([*command, "db", "upgrade"], env=env, cwd=code, check=True, capture_output=True)
    log = workdir / f"{label}.log"
    ingest = [*command, "ingest", *extra, str(folder)]
    seconds, main_mb, tree_mb, cpu = measure(ingest, env, log, code)
    summary = next(
        (line for line in log.read_text().splitlines() if line.startswith("ingested:")), "?"
    )
    return Run(label, count, seconds, main_mb, tree_mb, cpu, summary.removeprefix("ingested: "))


def anchor_runs(folder: Path, count: int, workdir: Path) -> list[Run]:
    store = workdir / "anchor.db"
    tool = str(BIN / "sqlite-utils")
    parts = sorted(folder.glob("*.jsonl"))
    log = workdir / "anchor.log"
    insert = Run("sqlite-utils insert", count, 0.0, 0.0, 0.0, 0.0)
    for part in parts:
        command = [tool, "insert", str(store), "articles", str(part), "--nl"]
        seconds, main_mb, _, cpu = measure(command, dict(os.environ), log)
        insert.seconds += seconds
        insert.cpu_seconds += cpu
        insert.main_rss_mb = insert.tree_rss_mb = max(insert.main_rss_mb, main_mb)
    fts = [tool, "enable-fts", str(store), "articles", "title", "body", "--fts5"]
    seconds, fts_mb, _, cpu = measure([*fts, "--tokenize", TOKENIZER], dict(os.environ), log)
    build = Run("sqlite-utils FTS5 build", count, seconds, fts_mb, fts_mb, cpu)
    peak = max(insert.main_rss_mb, fts_mb)
    both = Run(
        "sqlite-utils insert + FTS5",
        count,
        insert.seconds + build.seconds,
        peak,
        peak,
        insert.cpu_seconds + build.cpu_seconds,
    )
    return [insert, build, both]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5_000)
    parser.add_argument(
        "--raw-articles", type=int, help="Articles of the raw case (default: --articles)."
    )
    parser.add_argument("--workers", type=int, help="Passed to newsstore ingest --workers.")
    parser.add_argument("--code", type=Path, help="Run this checkout's newsstore instead.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    parser.add_argument(
        "--stories",
        action="store_true",
        help="Cluster stories at ingest, as `newsstore ingest` does by default (the anchor "
        "clusters nothing, so by default the comparison leaves it out).",
    )
    args = parser.parse_args()
    raw_count = args.raw_articles or args.articles
    extra = ["--workers", str(args.workers)] if args.workers else []
    if args.code is not None:
        extra = []  # older code may not know the option
    workdir = Path(tempfile.mkdtemp(prefix="newsstore-ingest-bench-"))
    try:
        started = time.perf_counter()
        raw = workdir / "raw"
        normalized = workdir / "normalized"
        _parts((raw_record(a) for a in articles(raw_count)), raw)
        _parts((normalized_record(a) for a in articles(args.articles)), normalized)
        print(
            f"generated {raw_count:,} raw and {args.articles:,} normalized articles in "
            f"{time.perf_counter() - started:.0f} s ({os.cpu_count()} cores, "
            f"{'code at ' + str(args.code) if args.code else 'this checkout'}, "
            f"stories {'on' if args.stories else 'off'})"
        )
        runs = [
            ingest_run("raw", raw, raw_count, workdir, args.code, extra, args.stories),
            *(
                []
                if args.code
                else [
                    ingest_run(
                        "normalized", normalized, args.articles, workdir, None, extra, args.stories
                    )
                ]
            ),
            *anchor_runs(normalized, args.articles, workdir),
        ]
        anchor = runs[-1]
        print(
            f"{'case':<28} {'articles':>9} {'seconds':>8} {'art/s':>7} {'vs anchor':>9} "
            f"{'CPU s':>7} {'art/CPU-s':>9} {'RSS main MB':>11} {'all MB':>7}  outcome"
        )
        for run in runs:
            per_cpu = run.articles / run.cpu_seconds if run.cpu_seconds else 0.0
            print(
                f"{run.label:<28} {run.articles:>9,} {run.seconds:>8.1f} {run.rate:>7,.0f} "
                f"{run.rate / anchor.rate:>8.0%} {run.cpu_seconds:>7.1f} {per_cpu:>9,.0f} "
                f"{run.main_rss_mb:>11.0f} {run.tree_rss_mb:>7.0f}  {run.note}"
            )
        print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
