"""Stories at ingest: what an article costs with stories off and on, as the store grows.

    python -m tests.bench.stories_ingest [--sizes 10000,100000] [--timed 4000] [--rounds 2]

A SQLite store is filled to each of `--sizes` articles through the ingest with stories on (the
fill's records come normalized already, so it skips the extractor, not the story assignment).
At each size, `--rounds` rounds of `--timed` more generated plain-text records each (~300 words;
events told by several outlets within days, 25,000 events a year, dated ever later, as in an
archive that grows by time: past about 167,000 articles an article's 365-day window on either
side holds as many stories whatever the store's size) go through the whole ingest (normalize,
store) in this one process, with NEWSSTORE_STORIES=false, then on. Per batch (the ingest's own
size, 1,000 by default): milliseconds of this process's CPU (which neighbours on a shared
machine disturb less) and of the wall clock an article; medians over the batches. on/off is
acceptance 3's ratio (target <= 1.5x); the same figures down the table mean an article's cost
does not grow with the store. With stories on, the CPU spent inside what they add (an
article's terms, the batch's assignment, what the process keeps after the commit; see
`StoriesClock`) is timed too: their own cost an article, steadier than the difference of two
medians on a machine whose batches vary by tens of percent, and (off + own) / off, the ratio
it gives (the on/off column also holds what stories cost outside those calls: the collector,
caches). Generated plain text is the cheapest input to normalize, so a hard case for the
ratio (records normalized already are harder still).

    python -m tests.bench.stories_ingest --cli [--timed 4000] [--rounds 2] [--workers 2]

The product's command end to end, as a user runs it: the same fill (then `newsstore index sync`,
so that no timed run indexes the fill), copied once; at each size `--rounds` rounds of `newsstore
ingest FILE` (a subprocess: its start, worker processes, search-index sync) on a JSONL of
`--timed` new raw records, stories off and on, each run into a fresh copy of the filled store
and its search index (so off and on ingest the same records into the same store; which goes
first alternates by round). Per run: articles a second over the subprocess's wall time, and CPU
milliseconds an article of it and its workers (RUSAGE_CHILDREN); medians over the rounds.
`--workers` goes to the command (default: its own choice, one per core above 5 MB of input).
Below the table, the same command on an empty JSONL: its fixed cost a run.

    python -m tests.bench.stories_ingest --http [--timed 4000] [--rounds 2]

The other way in, `POST /articles:bulk`, which stores in the server's own process: as --cli,
but each run starts `newsstore serve` on a fresh copy of the filled store, posts it HTTP_WARM
records (untimed: a server that has run a while has its models loaded), then the same
`--timed` new records as one NDJSON body. Per run: articles a second over the request's
wall time (what the client sees), and CPU milliseconds an article of the server process over
the request and until its CPU settles (anything it finishes after answering counts too).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import CompletedProcess
from typing import NamedTuple

import httpx
from sqlalchemy import Engine, func
from sqlmodel import Session, select

import app.store
import app.stories.sql_index
from app.config import get_settings, index_path
from app.db import get_engine, upgrade
from app.ingest import IngestReport, ingest
from app.inputs import RecordItem
from app.integrity import backup
from app.models import Article
from app.records import record_to_input
from app.stories import features
from tests.utils.servers import free_port, wait_until_up

START = datetime(2023, 1, 1, tzinfo=UTC)
NEWSSTORE = str(Path(sys.executable).parent / "newsstore")  # the venv's console script


class NewsGenerator:
    """Articles about events: each event has its own names, place and figures over a shared,
    Zipf-distributed vocabulary, and is told a few times by different outlets within days."""

    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        syllables = ["ka", "lo", "mi", "ren", "tu", "sa", "vor", "el", "din", "ba", "ro", "zen"]
        self.words = sorted(
            {
                "".join(self.random.choice(syllables) for _ in range(self.random.randint(2, 4)))
                for _ in range(20000)
            }
        )
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words)))
        )
        self.outlets = [f"Outlet {n}" for n in range(40)]
        self.events_made = 0  # over all calls: event days and article URLs never repeat
        self.articles_made = 0

    def event(self, number: int) -> dict:
        pick = self.random.choice
        return {
            "names": [pick(self.words).title() for _ in range(4)],
            "topic": self.random.choices(self.words[:2000], k=12),
            "figure": str(self.random.randint(2, 900)),
            "day": START + timedelta(days=number * 730 // 50000),
        }

    def article(self, event: dict, number: int) -> dict:
        sentences = []
        for _ in range(18):
            body = self.random.choices(self.words, cum_weights=self.cumulative, k=12)
            body += [*self.random.sample(event["topic"], 3), self.random.choice(event["names"])]
            self.random.shuffle(body)
            sentences.append(" ".join(body).capitalize() + ".")
        names = " and ".join(event["names"][:2])
        title = f"{names} {event['figure']} {' '.join(event['topic'][:3])}"
        published = event["day"] + timedelta(hours=self.random.randint(0, 72))
        return {
            "url": f"https://news{number % 40}.example.com/a/{number}",
            "outlet": self.outlets[number % 40],
            "published_at": published.isoformat(),
            "title": title,
            "text": f"{title}\n\n"
            + "\n\n".join(" ".join(sentences[i : i + 3]) for i in range(0, 18, 3)),
        }

    def records(self, count: int) -> list[dict]:
        out, events = [], []
        for _ in range(count):
            if not events or self.random.random() < 0.3:
                events.append(self.event(self.events_made))
                self.events_made += 1
                events = events[-50:]
            out.append(self.article(self.random.choice(events), self.articles_made))
            self.articles_made += 1
        return out


def _stories(enabled: bool) -> None:
    os.environ["NEWSSTORE_STORIES"] = "true" if enabled else "false"
    get_settings.cache_clear()


def fill(engine: Engine, generator: NewsGenerator, count: int) -> None:
    """`count` more articles, given normalized, through the ingest with stories on."""
    _stories(True)
    items = [
        RecordItem(
            f"fill{n}",
            {
                "url": record["url"],
                "outlet": record["outlet"],
                "published_at": record["published_at"],
                "title": record["title"],
                "body": record["text"],
                "language": "en",
            },
        )
        for n, record in enumerate(generator.records(count))
    ]
    report = ingest(engine, items, batch_size=get_settings().ingest_batch_size)
    assert report.counts["added"] == count, report.counts


class StoriesClock:
    """This process's CPU seconds inside the calls stories add to an ingest: an article's terms,
    the batch's assignment and what the process keeps once the batch commits, wrapped under the
    names their callers look them up by while `installed`. A call made inside another counts
    once."""

    CALLS = (
        (features, "terms"),
        (app.store, "assign_stories"),
        (app.stories.sql_index, "committed"),
    )

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0

    def _timed(self, call: Callable[..., object]) -> Callable[..., object]:
        def timed(*args: object, **kwargs: object) -> object:
            self._depth += 1
            started = time.process_time()
            try:
                return call(*args, **kwargs)
            finally:
                self._depth -= 1
                if not self._depth:
                    self.seconds += time.process_time() - started

        return timed

    @contextmanager
    def installed(self) -> Iterator[StoriesClock]:
        originals = [(owner, name, getattr(owner, name)) for owner, name in self.CALLS]
        for owner, name, call in originals:
            setattr(owner, name, self._timed(call))
        try:
            yield self
        finally:
            for owner, name, call in originals:
                setattr(owner, name, call)


@dataclass
class Laps:
    """Milliseconds an article, one entry a batch: CPU, wall, and CPU inside the stories."""

    cpu: list[float]
    wall: list[float]
    stories: list[float]

    def extend(self, other: Laps) -> None:
        self.cpu += other.cpu
        self.wall += other.wall
        self.stories += other.stories


class _Mark(NamedTuple):
    """Where an ingest stood at a batch's end: seconds of CPU, wall and CPU inside the stories,
    and the articles added so far."""

    cpu: float
    wall: float
    stories: float
    added: int


def timed_ingest(engine: Engine, records: list[dict], enabled: bool) -> Laps:
    """Per batch of one whole ingest: CPU, wall and the stories' own CPU milliseconds an
    article."""
    _stories(enabled)
    inputs = [record_to_input(record, f"timed{n}") for n, record in enumerate(records)]
    laps = Laps([], [], [])
    clock = StoriesClock()
    marks = [_Mark(time.process_time(), time.perf_counter(), clock.seconds, 0)]

    def lap(report: IngestReport) -> None:
        now = _Mark(time.process_time(), time.perf_counter(), clock.seconds, report.counts["added"])
        last = marks[-1]
        added = now.added - last.added
        if added:
            laps.cpu.append((now.cpu - last.cpu) * 1000 / added)
            laps.wall.append((now.wall - last.wall) * 1000 / added)
            laps.stories.append((now.stories - last.stories) * 1000 / added)
        marks.append(now)

    with clock.installed():
        report = ingest(engine, inputs, batch_size=get_settings().ingest_batch_size, progress=lap)
    assert report.counts["added"] == len(records), report.counts
    return laps


@dataclass
class Run:
    """One timed run of a subprocess (`newsstore ingest`, or a POST to `newsstore serve`):
    articles added, wall and CPU seconds."""

    added: int
    wall: float
    cpu: float

    @property
    def rate(self) -> float:
        return self.added / self.wall

    @property
    def cpu_ms(self) -> float:
        return self.cpu * 1000 / self.added


def parse_summary(output: str) -> dict[str, int]:
    """The counts of the last `ingested: 4000 added, 0 updated, ..., 0 failed` line of the CLI's
    output, by name."""
    lines = [line for line in output.splitlines() if line.startswith("ingested: ")]
    if not lines:
        raise ValueError("no 'ingested:' line in the output")
    counts = {}
    for part in lines[-1].removeprefix("ingested: ").split(", "):
        number, name = part.split(" ", 1)
        counts[name] = int(number)
    return counts


def _cli_env(url: str, enabled: bool) -> dict[str, str]:
    return {
        **os.environ,
        "NEWSSTORE_DATABASE_URL": url,
        "NEWSSTORE_STORIES": "true" if enabled else "false",
    }


def _timed(command: list[str], env: dict[str, str]) -> tuple[CompletedProcess[str], float, float]:
    """Run `command`: it, its wall seconds, and the CPU seconds of the children this process
    reaped meanwhile (the command, and the worker processes it waits for at its end)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return done, wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def cli_ingest(path: Path, url: str, enabled: bool, workers: int | None) -> Run:
    """`newsstore ingest path` in a subprocess."""
    command = [NEWSSTORE, "ingest", *(["--workers", str(workers)] if workers else []), str(path)]
    done, wall, cpu = _timed(command, _cli_env(url, enabled))
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    return Run(parse_summary(done.stdout)["added"], wall, cpu)


def cli_ingest_empty(path: Path, url: str, enabled: bool) -> tuple[float, float]:
    """Wall and CPU seconds of `newsstore ingest` of an empty file (which it reports as failed,
    exit code 1): the command's start, schema check and index sync, no article."""
    path.write_text("")
    done, wall, cpu = _timed([NEWSSTORE, "ingest", str(path)], _cli_env(url, enabled))
    if done.returncode != 1 or "empty file" not in done.stderr:
        raise SystemExit(f"newsstore ingest of an empty file: {done.returncode} {done.stderr}")
    return wall, cpu


HTTP_KEY = "bench-write-key"
HTTP_WARM = 200  # records a server stores before the timed request


def _process_cpu(pid: int) -> float:
    """CPU seconds of process `pid` so far, all its threads (/proc, Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def served(url: str, enabled: bool) -> Iterator[tuple[int, str]]:
    """`newsstore serve` on `url`, writes open to HTTP_KEY and unlimited: its pid and base URL
    once it answers. Its output goes to a file, read only if it fails (a pipe nobody reads
    could fill and stall it)."""
    env = {
        **_cli_env(url, enabled),
        "NEWSSTORE_API_KEY_HASHES": hashlib.sha256(HTTP_KEY.encode()).hexdigest(),
        "NEWSSTORE_WRITE_RATE_LIMIT": "0",
        "NEWSSTORE_LOG_LEVEL": "warning",
    }
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [NEWSSTORE, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                wait_until_up(base, server, seconds=120)
            except RuntimeError as error:
                log.seek(0)
                output = log.read()[-3000:].decode(errors="replace")
                raise SystemExit(f"newsstore serve: {error}\n{output}") from error
            yield server.pid, base
        finally:
            server.terminate()
            server.wait(30)


def _settled_cpu(pid: int) -> float:
    """The process's CPU seconds once they stop growing (0.5 s apart)."""
    before = _process_cpu(pid)
    while True:
        time.sleep(0.5)
        now = _process_cpu(pid)
        if now - before < 0.01:
            return now
        before = now


def _post_bulk(base: str, path: Path) -> tuple[int, float]:
    """POST `path` (NDJSON) to /articles:bulk: the articles added and the wall seconds."""
    started = time.perf_counter()
    with path.open("rb") as body:
        answer = httpx.post(
            f"{base}/articles:bulk",
            content=body,
            headers={"Authorization": f"Bearer {HTTP_KEY}", "Content-Type": "application/x-ndjson"},
            timeout=None,
        )
    wall = time.perf_counter() - started
    if answer.status_code != 200:
        raise SystemExit(f"POST /articles:bulk: {answer.status_code} {answer.text[:2000]}")
    results = [json.loads(line) for line in answer.text.splitlines() if line.strip()]
    return sum(result["status"] == "added" for result in results), wall


def http_ingest(path: Path, warm: Path, url: str, enabled: bool) -> Run:
    """`path` posted to a server on `url` once `warm` was (untimed: a server that has run a
    while has its models loaded): articles added, the request's wall seconds, the server's CPU
    seconds."""
    with served(url, enabled) as (pid, base):
        _post_bulk(base, warm)
        cpu = _settled_cpu(pid)
        added, wall = _post_bulk(base, path)
        cpu = _settled_cpu(pid) - cpu
    return Run(added, wall, cpu)


def cli_index_sync(url: str) -> None:
    done = subprocess.run(
        [NEWSSTORE, "index", "sync"], env=_cli_env(url, True), capture_output=True, text=True
    )
    if done.returncode != 0 or "; 0 behind" not in done.stdout:
        raise SystemExit(f"newsstore index sync: {done.returncode} {done.stdout}{done.stderr}")


def snapshot(engine: Engine, folder: Path) -> Path:
    """A copy of the SQLite store (its online backup, so whatever its WAL holds) and of its
    search index, in `folder`: the state every timed run starts from."""
    folder.mkdir()
    backup(engine, folder / "store.db")
    url = engine.url.render_as_string(hide_password=False)
    shutil.copytree(index_path(url, None), folder / "store.db.index")
    return folder


def restored(filled: Path, folder: Path) -> str:
    """The URL of a fresh copy of the `snapshot` in `filled`, in `folder` (replaced if there)."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(filled, folder)
    return f"sqlite:///{folder / 'store.db'}"


def write_jsonl(path: Path, records: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _machine() -> str:
    load = " / ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{len(os.sched_getaffinity(0))} cores (of {os.cpu_count()}), load average {load}"


def filled_stores(
    sizes: list[int], generator: NewsGenerator
) -> Iterator[tuple[int, Path, str, Engine]]:
    """One temporary store, filled to each of `sizes` in turn (the articles timed runs added
    count): the size, the store's folder, URL and engine."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'stories.db'}"
        upgrade(url)
        engine = get_engine(url)
        for size in sizes:
            with Session(engine) as session:
                stored = session.exec(select(func.count()).select_from(Article)).one()
            if size > stored:
                fill(engine, generator, size - stored)
            yield size, Path(tmp), url, engine


def subprocess_main(args: argparse.Namespace, sizes: list[int]) -> None:
    """--cli and --http: the same rounds on copies of one filled store, through the command or
    the server."""
    generator = NewsGenerator(seed=11)
    if args.http:
        print(
            f"POST /articles:bulk (`newsstore serve`, a subprocess) of an NDJSON of {args.timed} "
            "generated raw plain-text records into a SQLite store of N articles"
        )
    else:
        workers = f"--workers {args.workers}" if args.workers else "workers: the command's choice"
        print(
            f"`newsstore ingest` (a subprocess) of a JSONL of {args.timed} generated raw "
            f"plain-text records into a SQLite store of N articles; {workers}"
        )
    print(f"at start: {_machine()}")
    print(
        f"(medians over {args.rounds} rounds of off and on: the same new records into a fresh copy "
        "of the same store; CPU: "
        + ("the server" if args.http else "the command and its workers")
        + "; on/off = off art/s / on art/s)"
    )
    print("| N | off art/s | on art/s | on/off | off CPU ms/art | on CPU ms/art | on/off CPU |")
    print("|---|---|---|---|---|---|---|", flush=True)
    empty_runs: list[str] = []
    for size, tmp, url, engine in filled_stores(sizes, generator):
        cli_index_sync(url)
        if not args.http:  # the command's fixed cost
            for enabled in (False, True):
                wall, cpu = cli_ingest_empty(tmp / "empty.jsonl", url, enabled)
                empty_runs.append(
                    f"N={size} stories {'on' if enabled else 'off'}: "
                    f"{wall:.2f} s wall, {cpu:.2f} s CPU"
                )
        filled = snapshot(engine, tmp / f"filled{size}")
        runs: dict[bool, list[Run]] = {False: [], True: []}
        for round_number in range(1, args.rounds + 1):
            batch, warm = tmp / "timed.jsonl", tmp / "warm.jsonl"
            if args.http:
                write_jsonl(warm, generator.records(HTTP_WARM))
            write_jsonl(batch, generator.records(args.timed))
            for enabled in (False, True) if round_number % 2 else (True, False):
                copy = restored(filled, tmp / "run")
                if args.http:
                    run = http_ingest(batch, warm, copy, enabled)
                else:
                    run = cli_ingest(batch, copy, enabled, args.workers)
                if run.added != args.timed:
                    raise SystemExit(f"{run.added} of {args.timed} records added")
                runs[enabled].append(run)
                print(
                    f"  N={size} round {round_number} {'on ' if enabled else 'off'}: "
                    f"{run.wall:.1f} s, {run.rate:.0f} art/s, {run.cpu:.1f} s CPU "
                    f"({run.cpu_ms:.2f} ms/art)",
                    file=sys.stderr,
                    flush=True,
                )
            batch.unlink()
            warm.unlink(missing_ok=True)
        shutil.rmtree(filled)
        off_rate = statistics.median(run.rate for run in runs[False])
        on_rate = statistics.median(run.rate for run in runs[True])
        off_cpu = statistics.median(run.cpu_ms for run in runs[False])
        on_cpu = statistics.median(run.cpu_ms for run in runs[True])
        print(
            f"| {size} | {off_rate:.0f} | {on_rate:.0f} | {off_rate / on_rate:.2f}x "
            f"| {off_cpu:.2f} | {on_cpu:.2f} | {on_cpu / off_cpu:.2f}x |",
            flush=True,
        )
    print(f"at end: {_machine()}")
    if empty_runs:
        print(
            "`newsstore ingest` of an empty JSONL (exit code 1, empty file; the fixed cost a run):"
        )
        for line in empty_runs:
            print(f"  {line}")


def process_main(args: argparse.Namespace, sizes: list[int]) -> None:
    generator = NewsGenerator(seed=11)
    print(f"ingest of {args.timed} generated plain-text records into a SQLite store of N articles")
    batch = get_settings().ingest_batch_size
    print(f"(milliseconds an article, medians over batches of {batch}, {args.rounds} rounds of")
    print(f"off then on; one process; {_machine()})")
    print(
        "| N | off CPU ms | on CPU ms | on/off CPU | stories' own CPU ms | (off + own) / off "
        "| off wall ms | on wall ms | on/off wall |"
    )
    print("|---|---|---|---|---|---|---|---|---|", flush=True)
    for size, _, _, engine in filled_stores(sizes, generator):
        laps = {False: Laps([], [], []), True: Laps([], [], [])}
        for _ in range(args.rounds):
            for enabled in (False, True):
                laps[enabled].extend(timed_ingest(engine, generator.records(args.timed), enabled))
        off_cpu, off_wall = statistics.median(laps[False].cpu), statistics.median(laps[False].wall)
        on_cpu, on_wall = statistics.median(laps[True].cpu), statistics.median(laps[True].wall)
        own = statistics.median(laps[True].stories)
        print(
            f"| {size} | {off_cpu:.2f} | {on_cpu:.2f} | {on_cpu / off_cpu:.2f}x | {own:.2f} "
            f"| {(off_cpu + own) / off_cpu:.2f}x "
            f"| {off_wall:.2f} | {on_wall:.2f} | {on_wall / off_wall:.2f}x |",
            flush=True,
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--timed", type=int, default=4000)
    way_in = parser.add_mutually_exclusive_group()
    way_in.add_argument("--cli", action="store_true", help="time `newsstore ingest` runs")
    way_in.add_argument("--http", action="store_true", help="time POST /articles:bulk runs")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of off, on")
    parser.add_argument("--workers", type=int, default=None, help="--cli: passed to the command")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    (subprocess_main if args.cli or args.http else process_main)(args, sizes)
    os.environ.pop("NEWSSTORE_STORIES", None)
    get_settings.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
