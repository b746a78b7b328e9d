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
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import astuple, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from tests.bench.ingest_corpus import articles, normalized_record, raw_record, write_jsonl

BIN = Path(sys.executable).parent
PART_RECORDS = 10_000  # ~40 MB of raw records a part
TOKENIZER = "porter unicode61 remove_diacritics 2"


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


def _status_kb(pid: int, *fields: str) -> list[int]:
    """kB values of /proc/PID/status fields (0 for a process gone)."""
    found = dict.fromkeys(fields, 0)
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                name = line.split(":", 1)[0]
                if name in found:
                    found[name] = int(line.split()[1])
    except OSError:
        pass
    return list(found.values())


def _pss_kb(pid: int) -> tuple[int, int]:
    """Proportional set size (pages shared with forked workers counted once in a sum), and its
    file-backed part (mapped files: page cache the kernel can take back, not the heap)."""
    pss = pss_file = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
                elif line.startswith("Pss_File:"):
                    pss_file = int(line.split()[1])
    except OSError:
        pass
    return pss, pss_file


@dataclass
class Memory:
    """Peaks, in kB, of the main process (VmHWM, and of its resident set split into anonymous
    memory (heap), file-backed pages (mapped files: the search index's segments, SQLite's
    shared memory) and shmem) and of it and its workers together (summed PSS, and its
    anonymous part). Each part's peak is its own: they need not fall at the same moment."""

    main_hwm: int = 0
    main_anon: int = 0
    main_file: int = 0
    main_shmem: int = 0
    tree: int = 0
    tree_anon: int = 0

    def sample(self, pid: int) -> tuple[int, int, int, int, int]:
        """Take one sample; returns it as (main anon, main file, main shmem, tree, tree anon)."""
        hwm, anon, file, shmem = _status_kb(pid, "VmHWM", "RssAnon", "RssFile", "RssShmem")
        tree = tree_file = 0
        for process in _descendants(pid):
            pss, pss_file = _pss_kb(process)
            tree, tree_file = tree + pss, tree_file + pss_file
        self.main_hwm = max(self.main_hwm, hwm)
        self.main_anon = max(self.main_anon, anon)
        self.main_file = max(self.main_file, file)
        self.main_shmem = max(self.main_shmem, shmem)
        self.tree = max(self.tree, tree)
        self.tree_anon = max(self.tree_anon, tree - tree_file)
        return anon, file, shmem, tree, tree - tree_file

    def peak_with(self, other: Memory) -> Memory:
        """The higher of each peak: the memory of runs made one after another."""
        return Memory(*(max(a, b) for a, b in zip(astuple(self), astuple(other), strict=True)))


@dataclass
class Run:
    label: str
    articles: int
    seconds: float
    memory: Memory
    cpu_seconds: float
    note: str = ""

    @property
    def rate(self) -> float:
        return self.articles / self.seconds

    @property
    def main_rss_mb(self) -> float:
        return self.memory.main_hwm / 1024

    @property
    def tree_rss_mb(self) -> float:
        return self.memory.tree / 1024


TIMELINE_SECONDS = 5.0  # between the lines of a run's memory timeline
_ARTICLES = re.compile(rb"\.\.\. ([\d,]+) articles")


def _stored_so_far(log: Path) -> int:
    """Articles stored, from the ingest's last progress line in its log (0 before the first)."""
    with log.open("rb") as handle:
        handle.seek(max(0, log.stat().st_size - 4096))
        found = _ARTICLES.findall(handle.read())
    return int(found[-1].replace(b",", b"")) if found else 0


def measure(
    command: list[str], env: dict[str, str], log: Path, cwd: Path | None = None
) -> tuple[float, Memory, float]:
    """Run `command`; (seconds, its peak memory sampled every 0.1 s (Memory), the CPU seconds
    it and its workers used, user + system). On a loaded machine the wall time stretches and
    the CPU time does not: both are printed. Every TIMELINE_SECONDS a line of memory (MB) and
    articles stored so far goes to `log` with the suffix .memory.tsv, to see where it grows."""
    memory = Memory()
    started = time.perf_counter()
    timeline = log.with_suffix(".memory.tsv")
    with log.open("wb") as output, timeline.open("w") as lines:
        lines.write("seconds\tarticles\tmain_anon\tmain_file\tmain_shmem\tall\tall_anon\n")
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=output, stderr=subprocess.STDOUT
        )
        done = threading.Event()

        def sample() -> None:
            next_line = 0.0
            while not done.wait(0.1):
                now = memory.sample(process.pid)
                elapsed = time.perf_counter() - started
                if elapsed >= next_line:
                    next_line = elapsed + TIMELINE_SECONDS
                    megabytes = "\t".join(f"{kb / 1024:.0f}" for kb in now)
                    lines.write(f"{elapsed:.0f}\t{_stored_so_far(log)}\t{megabytes}\n")
                    lines.flush()

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # with the workers it reaped
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}: see {log}")
    memory.tree = max(memory.tree, memory.main_hwm)
    return seconds, memory, usage.ru_utime + usage.ru_stime


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
    seconds, memory, cpu = measure(ingest, env, log, code)
    summary = next(
        (line for line in log.read_text().splitlines() if line.startswith("ingested:")), "?"
    )
    return Run(label, count, seconds, memory, cpu, summary.removeprefix("ingested: "))


def anchor_runs(folder: Path, count: int, workdir: Path) -> list[Run]:
    store = workdir / "anchor.db"
    tool = str(BIN / "sqlite-utils")
    parts = sorted(folder.glob("*.jsonl"))
    log = workdir / "anchor.log"
    insert = Run("sqlite-utils insert", count, 0.0, Memory(), 0.0)
    for part in parts:
        command = [tool, "insert", str(store), "articles", str(part), "--nl"]
        seconds, memory, cpu = measure(command, dict(os.environ), log)
        insert.seconds += seconds
        insert.cpu_seconds += cpu
        insert.memory = insert.memory.peak_with(memory)
    fts = [tool, "enable-fts", str(store), "articles", "title", "body", "--fts5"]
    seconds, fts_memory, cpu = measure([*fts, "--tokenize", TOKENIZER], dict(os.environ), log)
    build = Run("sqlite-utils FTS5 build", count, seconds, fts_memory, cpu)
    both = Run(
        "sqlite-utils insert + FTS5",
        count,
        insert.seconds + build.seconds,
        insert.memory.peak_with(fts_memory),
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
