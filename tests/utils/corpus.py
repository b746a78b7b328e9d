"""Generated news-like records for tests and benchmarks: deterministic for a given seed.

Words are drawn with a Zipf-like skew (a few very common, many rare), with accented, Cyrillic,
hyphenated and dotted forms mixed in, so that tokenization and folding differences between
backends would show.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate
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


_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]


def vocabulary(seed: int, size: int = 30_000) -> list[str]:
    """Content words by rank: the named topics first, then made-up words. Rank r is drawn with
    weight 1/(r + 10), so a few words are in most articles and most words in very few."""
    rng = random.Random(seed)
    made_up = {"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(size)}
    return TOPICS + sorted(made_up - set(TOPICS), key=lambda word: rng.random())


def _sentences(seed: int, count: int, special: float) -> list[str]:
    """A pool articles draw their sentences from: fast enough for a million articles.

    Half the words are function words, a share `special` the special forms, the rest content
    words.
    """
    rng = random.Random(seed)
    words = vocabulary(seed)
    ranks = list(accumulate(1 / (rank + 10) for rank in range(len(words))))
    sentences = []
    for _ in range(count):
        length = rng.randint(8, 16)
        content = rng.choices(words, cum_weights=ranks, k=length)
        chosen = [
            rng.choice(SPECIAL) if roll < special else rng.choice(COMMON) if roll < 0.5 else word
            for roll, word in zip((rng.random() for _ in range(length)), content, strict=True)
        ]
        text = " ".join(chosen)
        sentences.append(text[0].upper() + text[1:] + ".")
    return sentences


def records(
    count: int, seed: int = 1, words: int = 400, special: float = 0.005
) -> Iterator[dict[str, Any]]:
    """JSON records as the ingest accepts them: url, outlet, published_at (some null), title,
    text of paragraphs of three sentences (about 36 words), `words` words in all."""
    rng = random.Random(seed)
    pool = _sentences(seed, 50_000, special)
    for number in range(count):
        paragraphs = [" ".join(rng.choices(pool, k=3)) for _ in range(max(1, words // 36))]
        published = START + timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
        yield {
            "url": f"https://news.example.org/{seed}/{number}",
            "outlet": rng.choice(OUTLETS),
            "published_at": None if rng.random() < 0.05 else published.isoformat(),
            "title": rng.choice(pool)[:-1],
            "text": "\n\n".join(paragraphs),
        }
