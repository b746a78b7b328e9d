"""Generated news-like records for tests and benchmarks: deterministic for a given seed.

Words are drawn with a Zipf-like skew (a few very common, many rare), with accented, Cyrillic,
hyphenated and dotted forms mixed in, so that tokenization and folding differences between
backends would show.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "said",
    "on",
    "for",
    "that",
    "with",
    "was",
    "as",
    "by",
    "at",
    "from",
    "government",
    "minister",
    "officials",
    "president",
    "country",
    "military",
    "security",
    "talks",
    "week",
    "city",
    "police",
    "report",
    "year",
    "people",
    "statement",
    "border",
    "trade",
    "election",
    "court",
    "state",
    "forces",
    "agreement",
    "region",
    "capital",
    "council",
]
TOPICS = [
    "missile",
    "referendum",
    "pipeline",
    "drought",
    "harvest",
    "tariff",
    "strike",
    "ceasefire",
    "summit",
    "inflation",
    "vaccine",
    "earthquake",
    "refinery",
    "satellite",
    "parliament",
    "embassy",
    "sanctions",
    "shipment",
    "flood",
    "protest",
    "budget",
    "reactor",
    "corridor",
    "railway",
    "fisheries",
]
SPECIAL = [
    "café",
    "cafe",
    "Café",
    "Zürich",
    "zurich",
    "naïve",
    "Kherson",
    "Херсон",
    "херсон",
    "Zaporizhzhia",
    "POL-358",
    "U.S.",
    "north-east",
    "Korea's",
    "3.5",
    "2024",
    "e-mail",
]
OUTLETS = ("Harbor Times", "Daily Ledger", "Wire Service", "Eastern Post", "Valley Courier")
START = datetime(2022, 1, 1, tzinfo=UTC)


def _word(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(COMMON[: 6 + int(rng.paretovariate(1.2)) % len(COMMON)])
    if roll < 0.97:
        return f"{rng.choice(TOPICS)}{'' if rng.random() < 0.8 else rng.randint(1, 400)}"
    return rng.choice(SPECIAL)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(_word(rng) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _sentences(rng: random.Random, count: int) -> list[str]:
    """A pool articles draw their sentences from: fast enough for a million articles."""
    return [_sentence(rng, rng.randint(8, 16)) for _ in range(count)]


def records(count: int, seed: int = 1, words: int = 400) -> Iterator[dict[str, Any]]:
    """JSON records as the ingest accepts them: url, outlet, published_at (some null), title,
    text of paragraphs of three sentences (about 36 words), `words` words in all."""
    rng = random.Random(seed)
    pool = _sentences(rng, 5000)
    for number in range(count):
        paragraphs = [" ".join(rng.choices(pool, k=3)) for _ in range(max(1, words // 36))]
        published = START + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        yield {
            "url": f"https://news.example.org/{seed}/{number}",
            "outlet": rng.choice(OUTLETS),
            "published_at": None if rng.random() < 0.05 else published.isoformat(),
            "title": _sentence(rng, rng.randint(5, 10))[:-1],
            "text": "\n\n".join(paragraphs),
        }
