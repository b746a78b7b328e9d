"""Synthetic news articles for the benchmarks: plain-text files with a manifest, all distinct."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path

# A Zipf-distributed vocabulary, as in real text: a few words in every article, most in few.
# The most frequent ranks are English function words, so the text reads as prose to the
# normalizer (a page without them is judged chrome, as real navigation would be).
_FUNCTION_WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "that",
    "for",
    "on",
    "is",
    "was",
    "with",
    "said",
    "by",
    "as",
    "at",
    "from",
    "it",
    "has",
]
_SYLLABLES = [c + v for c in "bdfgklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "or")]
_vocabulary_rng = random.Random(42)
_MADE_UP = sorted(
    {
        "".join(_vocabulary_rng.choices(_SYLLABLES, k=_vocabulary_rng.randint(1, 4)))
        for _ in range(30_000)
    }
    - set(_FUNCTION_WORDS)
)
_vocabulary_rng.shuffle(_MADE_UP)
WORDS = _FUNCTION_WORDS + _MADE_UP
_CUMULATIVE = list(accumulate(1 / rank for rank in range(1, len(WORDS) + 1)))


def words(rng: random.Random, count: int) -> list[str]:
    """`count` words drawn with Zipf frequencies."""
    return rng.choices(WORDS, cum_weights=_CUMULATIVE, k=count)


OUTLETS = ("Harbour Daily", "Northern Wire", "Valley Courier", "Capital Times", "Coast Herald")


def _sentence(rng: random.Random) -> str:
    return " ".join(words(rng, rng.randint(12, 22))).capitalize() + "."


def article_text(rng: random.Random, n: int) -> str:
    title = f"Report {n}: " + " ".join(words(rng, 6)).capitalize()
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
