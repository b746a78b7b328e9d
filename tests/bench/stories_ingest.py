"""Stories at ingest: what an article costs with stories off and on, as the store grows.

    python -m tests.bench.stories_ingest [--sizes 10000,100000] [--timed 2000]

A SQLite store is filled to each of `--sizes` articles through the ingest with stories on (the
fill's records come normalized already, so it skips the extractor, not the story assignment).
At each size, `--timed` more generated plain-text records (~300 words; events told by several
outlets within days, the events spread over two years) go through the whole ingest (normalize,
store) once with NEWSSTORE_STORIES=false and once with it on. Per batch of 200: milliseconds of
this process's CPU (which neighbours on a shared machine disturb less) and of the wall clock an
article; medians over the batches. on/off is acceptance 3's ratio (target <= 1.5x); the same
figures down the table mean an article's cost does not grow with the store. Generated plain text
is the cheapest input to normalize, so the worst case for the ratio.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from app.config import get_settings
from app.db import get_engine, upgrade
from app.ingest import IngestReport, ingest
from app.inputs import RecordItem
from app.records import record_to_input

START = datetime(2023, 1, 1, tzinfo=UTC)
BATCH = 200


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
    report = ingest(engine, items, batch_size=BATCH)
    assert report.counts["added"] == count, report.counts


def timed_ingest(engine: Engine, records: list[dict], enabled: bool) -> tuple[float, float]:
    """Median CPU and wall milliseconds an article over the batches of one whole ingest."""
    _stories(enabled)
    inputs = [record_to_input(record, f"timed{n}") for n, record in enumerate(records)]
    cpu, wall = [], []
    marks = [(time.process_time(), time.perf_counter(), 0)]

    def lap(report: IngestReport) -> None:
        now = (time.process_time(), time.perf_counter(), report.counts["added"])
        added = now[2] - marks[-1][2]
        if added:
            cpu.append((now[0] - marks[-1][0]) * 1000 / added)
            wall.append((now[1] - marks[-1][1]) * 1000 / added)
        marks.append(now)

    report = ingest(engine, inputs, batch_size=BATCH, progress=lap)
    assert report.counts["added"] == len(records), report.counts
    return statistics.median(cpu), statistics.median(wall)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--timed", type=int, default=2000)
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    generator = NewsGenerator(seed=11)
    print(f"ingest of {args.timed} generated plain-text records into a SQLite store of N articles")
    print("(milliseconds an article, medians over batches of 200; one process)")
    print("| N | off CPU ms | on CPU ms | on/off CPU | off wall ms | on wall ms | on/off wall |")
    print("|---|---|---|---|---|---|---|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'stories.db'}"
        upgrade(url)
        engine = get_engine(url)
        stored = 0
        for size in sizes:
            fill(engine, generator, size - stored)
            off_cpu, off_wall = timed_ingest(engine, generator.records(args.timed), False)
            on_cpu, on_wall = timed_ingest(engine, generator.records(args.timed), True)
            stored = size + 2 * args.timed
            print(
                f"| {size} | {off_cpu:.2f} | {on_cpu:.2f} | {on_cpu / off_cpu:.2f}x "
                f"| {off_wall:.2f} | {on_wall:.2f} | {on_wall / off_wall:.2f}x |",
                flush=True,
            )
    os.environ.pop("NEWSSTORE_STORIES", None)
    get_settings.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
