"""Stories at ingest: throughput with them on and off, and the cost of one article as the store
grows.

    python -m tests.bench.stories_ingest [--articles 2000] [--sizes 10000,100000]

1. `--articles` generated news records (~300 words, a few hundred events told by several
   outlets over two years) go through the whole ingest (`app.ingest.ingest`: normalize, store,
   index) into a fresh SQLite store, once with NEWSSTORE_STORIES=false and once with it on;
   articles per second (wall clock, and per CPU second of this process, which neighbours on a
   shared machine disturb less) and their ratios. `--pages DIR` does the same with real scraped
   pages (e.g. ../shared/data/extraction-dev/text), whose normalization costs what it costs in
   use; generated plain text is the cheapest input to normalize, so the worst case for the ratio.
2. A store is filled, through the same story assignment the ingest runs, to each of `--sizes`
   clustered articles; then 500 more are timed one by one (median and p95 milliseconds of the
   assignment alone). Flat figures mean the candidate retrieval does not grow with the store.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import Session

from app.config import get_settings
from app.db import get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.records import record_to_input
from app.stories.cluster import StoryConfig, StoryDoc, assign
from app.stories.sql_index import SqlIndex

START = datetime(2023, 1, 1, tzinfo=UTC)
TIMED = 500


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

    def event(self, number: int) -> dict:
        pick = self.random.choice
        return {
            "names": [pick(self.words).title() for _ in range(4)],
            "topic": self.random.choices(self.words[:2000], k=12),
            "figure": str(self.random.randint(2, 900)),
            "day": START + timedelta(days=number * 730 // 50000 % 730),
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
        for number in range(count):
            if not events or self.random.random() < 0.3:
                events.append(self.event(len(events)))
                events = events[-50:]
            out.append(self.article(self.random.choice(events), number))
        return out


def _store(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}.db"
    upgrade(url)
    return url


def throughput(make_inputs: Callable[[], list], folder: Path) -> dict[str, float]:
    rates = {}
    for label, enabled in (("off", "false"), ("on", "true")):
        os.environ["NEWSSTORE_STORIES"] = enabled
        get_settings.cache_clear()
        engine = get_engine(_store(folder, f"throughput_{label}_{len(rates)}"))
        inputs = make_inputs()
        start, cpu = time.perf_counter(), time.process_time()
        report = ingest(engine, inputs)
        added = report.counts["added"]
        rates[label] = added / (time.perf_counter() - start)
        rates[f"{label} cpu"] = added / (time.process_time() - cpu)
    os.environ.pop("NEWSSTORE_STORIES", None)
    get_settings.cache_clear()
    return rates


def _doc(record: dict, number: int) -> StoryDoc:
    return StoryDoc(
        id=f"a{number}",
        title=record["title"],
        body=record["text"],
        published_at=datetime.fromisoformat(record["published_at"]),
        language="en",
        outlet=record["outlet"],
    )


def cost_at_sizes(sizes: list[int], folder: Path) -> Iterator[tuple[int, float, float, float]]:
    generator = NewsGenerator(seed=11)
    config = StoryConfig()
    engine = get_engine(_store(folder, "growth"))
    stored, number = 0, 0
    for size in sizes:
        while stored < size:
            batch = min(500, size - stored)
            with Session(engine) as session:
                index = SqlIndex(session)
                for record in generator.records(batch):
                    assign(_doc(record, number), index, config)
                    number += 1
                index.flush()
                session.commit()
            stored += batch
            print(f"... {stored} stored", file=sys.stderr)
        timings, cpu = [], []
        with Session(engine) as session:
            index = SqlIndex(session)
            for record in generator.records(TIMED):
                start, cpu_start = time.perf_counter(), time.process_time()
                assign(_doc(record, number), index, config)
                timings.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - cpu_start) * 1000)
                number += 1
            session.commit()
        stored += TIMED
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        yield size, statistics.median(timings), p95, statistics.median(cpu)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument(
        "--pages", type=Path, default=None, help="a folder of scraped pages to ingest as well"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if args.articles:
            records = NewsGenerator().records(args.articles)
            report_throughput(
                f"{args.articles} generated plain-text records",
                lambda: [record_to_input(record, f"r{n}") for n, record in enumerate(records)],
                folder,
            )
        if args.pages:
            report_throughput(
                f"the scraped text dumps of {args.pages}",
                lambda: list(read_inputs([args.pages])),
                folder,
            )
        sizes = [int(size) for size in args.sizes.split(",") if size]
        if sizes:
            print(f"story assignment of {TIMED} more articles into a store of N clustered articles")
            print("| N | median ms | p95 ms | median CPU ms |")
            print("|---|---|---|---|", flush=True)
            for size, median, p95, cpu in cost_at_sizes(sizes, folder):
                print(f"| {size} | {median:.2f} | {p95:.2f} | {cpu:.2f} |", flush=True)
    return 0


def report_throughput(what: str, make_inputs: Callable[[], list], folder: Path) -> None:
    rates = throughput(make_inputs, folder)
    print(f"ingest of {what} (SQLite, one process)")
    print("| stories | articles/s | articles per CPU second |")
    print("|---|---|---|")
    for label in ("off", "on"):
        print(f"| {label} | {rates[label]:.1f} | {rates[label + ' cpu']:.1f} |")
    print(
        f"slowdown with stories on: {rates['off'] / rates['on']:.2f}x wall, "
        f"{rates['off cpu'] / rates['on cpu']:.2f}x CPU (target <= 1.5x)",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
