"""Synthetic news articles for the benchmarks: plain-text files with a manifest, all distinct."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

WORDS = [
    "government",
    "minister",
    "said",
    "talks",
    "border",
    "trade",
    "port",
    "storm",
    "election",
    "court",
    "police",
    "officials",
    "agency",
    "report",
    "statement",
    "meeting",
    "capital",
    "region",
    "economy",
    "market",
    "energy",
    "prices",
    "workers",
    "union",
    "strike",
    "vote",
    "parliament",
    "president",
    "army",
    "ceasefire",
    "talks",
    "summit",
    "exports",
    "harvest",
    "drought",
    "flood",
    "rescue",
    "hospital",
    "school",
    "river",
    "bridge",
    "railway",
    "airport",
    "festival",
    "museum",
    "league",
    "coach",
    "season",
    "record",
    "growth",
    "inflation",
    "budget",
    "tax",
    "bank",
    "currency",
    "investors",
    "shares",
    "company",
    "factory",
    "plant",
    "mine",
    "oil",
    "gas",
    "pipeline",
    "solar",
    "wind",
    "grid",
    "network",
    "cable",
    "satellite",
    "launch",
    "research",
    "university",
]
OUTLETS = ("Harbour Daily", "Northern Wire", "Valley Courier", "Capital Times", "Coast Herald")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


def article_text(rng: random.Random, n: int) -> str:
    title = f"Report {n}: " + " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    paragraphs = [" ".join(_sentence(rng) for _ in range(3)) for _ in range(rng.randint(4, 7))]
    return "\n\n".join([title, *paragraphs, f"Reference number {n}-{rng.getrandbits(48):x}."])


def write_corpus(folder: Path, count: int, seed: int = 0) -> list[str]:
    """`count` .txt files and their manifest.jsonl in `folder`; returns the URLs, one per file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    urls, manifest = [], []
    for n in range(count):
        name = f"{n:06d}.txt"
        (folder / name).write_text(article_text(rng, n), encoding="utf-8")
        url = f"https://news{n % 5}.example/{seed}/{n}"
        published = (start + timedelta(minutes=17 * n)).isoformat()
        outlet = OUTLETS[n % len(OUTLETS)]
        manifest.append({"file": name, "url": url, "outlet": outlet, "published_at": published})
        urls.append(url)
    lines = "".join(json.dumps(entry) + "\n" for entry in manifest)
    (folder / "manifest.jsonl").write_text(lines, encoding="utf-8")
    return urls
