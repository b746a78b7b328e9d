"""Stories harness: pairwise and B-cubed precision/recall/F1 of the online clustering on ECB+.

    python -m tests.bench.stories [DATA_DIR]   (default ../shared/data/stories-dev)

Every document is clustered once, online, in date order (undated documents last), through the
same `app.stories.cluster.assign` the ingest runs (on an in-memory index). The knobs are chosen
on the training topics only (a small grid, best mean of pairwise and B-cubed F1); the dev topics
are held out and reported apart, with all topics together. The same run scores the two
baselines (one cluster per topic: the two events merged; singletons) and the shipped defaults,
and an exhaustive search (every story scored, no candidate bound) to show what the bounded
candidate retrieval gives up.
"""

from __future__ import annotations

import gzip
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from app.stories.cluster import StoryConfig, StoryDoc, assign
from app.stories.memory import MemoryIndex

DEFAULT_DIR = Path("../shared/data/stories-dev")
GRID = {
    "threshold": (0.15, 0.2),
    "cohesion": (0.5, 0.52, 0.55, 0.6),
    "prior_documents": (100, 1000),
    "window_days": (30, 365),
}


@dataclass(frozen=True)
class Scores:
    pair_p: float
    pair_r: float
    pair_f: float
    b3_p: float
    b3_r: float
    b3_f: float
    clusters: int

    @property
    def mean_f(self) -> float:
        return (self.pair_f + self.b3_f) / 2


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: Sequence[object], gold: Sequence[object]) -> Scores:
    """Pairwise P/R/F1 over all document pairs, and B-cubed P/R/F1 averaged over documents."""
    joint = Counter(zip(predicted, gold, strict=True))
    sizes_p, sizes_g = Counter(predicted), Counter(gold)

    def pairs(counts: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together, placed, truth = pairs(joint), pairs(sizes_p), pairs(sizes_g)
    pair_p = together / placed if placed else 1.0
    pair_r = together / truth if truth else 1.0
    n = len(gold)
    b3_p = sum(joint[(p, g)] / sizes_p[p] for p, g in zip(predicted, gold, strict=True)) / n
    b3_r = sum(joint[(p, g)] / sizes_g[g] for p, g in zip(predicted, gold, strict=True)) / n
    return Scores(pair_p, pair_r, _f1(pair_p, pair_r), b3_p, b3_r, _f1(b3_p, b3_r), len(sizes_p))


def load(data_dir: Path) -> list[dict]:
    with gzip.open(data_dir / "ecbplus-dev.jsonl.gz", "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _doc(row: dict) -> StoryDoc:
    date = row.get("date")
    moment = datetime.fromisoformat(date[:10]).replace(tzinfo=UTC) if date else None
    title = None if row.get("title_is_lead") else row["title"]
    body = row["body"] if title else f"{row['title']}\n\n{row['body']}"
    return StoryDoc(row["id"], title, body, moment, row.get("lang"))


def cluster(rows: list[dict], config: StoryConfig) -> tuple[dict[str, str], float]:
    """Story id per document id, clustered online in date order (undated last); and the
    milliseconds per document."""
    docs = sorted(
        (_doc(row) for row in rows), key=lambda d: (d.published_at is None, d.published_at)
    )
    index = MemoryIndex()
    start = time.perf_counter()
    assigned = {doc.id: assign(doc, index, config) for doc in docs}
    return assigned, (time.perf_counter() - start) * 1000 / max(1, len(docs))


def _subset(rows: list[dict], labels: dict[str, object], split: str | None) -> Scores:
    chosen = [row for row in rows if split is None or row["split"] == split]
    return score([labels[row["id"]] for row in chosen], [row["cluster"] for row in chosen])


def tune(rows: list[dict]) -> StoryConfig:
    """The grid point with the best mean F1 on the training topics."""
    best: tuple[float, StoryConfig] | None = None
    for values in itertools.product(*GRID.values()):
        config = replace(StoryConfig(), **dict(zip(GRID, values, strict=True)))
        labels, _ = cluster(rows, config)
        mean_f = _subset(rows, labels, "train").mean_f
        if best is None or mean_f > best[0]:
            best = (mean_f, config)
    assert best is not None
    return best[1]


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else DEFAULT_DIR
    rows = load(data_dir)
    tuned = tune(rows)
    exhaustive = replace(StoryConfig(), per_term=10**9, candidates=10**9, query_terms=10**9)
    runs: list[tuple[str, dict[str, object], str]] = [
        ("one cluster per topic", {r["id"]: r["topic"] for r in rows}, ""),
        ("singletons", {r["id"]: r["id"] for r in rows}, ""),
    ]
    for name, config in (
        ("online, shipped defaults", StoryConfig()),
        ("online, tuned on train topics", tuned),
        ("online, defaults, exhaustive", exhaustive),
    ):
        labels, ms = cluster(rows, config)
        runs.append((name, labels, f"{ms:.2f}"))
    print(f"{len(rows)} documents, {len({r['cluster'] for r in rows})} events")
    chosen = ", ".join(f"{name}={getattr(tuned, name)}" for name in GRID)
    print(
        f"tuned on train topics ({len(list(itertools.product(*GRID.values())))} points): {chosen}"
    )
    header = (
        "| run | topics | pair P | pair R | pair F1 | B3 P | B3 R | B3 F1 | clusters | ms/doc |"
    )
    print(header)
    print("|---" * 10 + "|")
    for name, labels, ms in runs:
        for split in ("train", "dev", None):
            s = _subset(rows, labels, split)
            print(
                f"| {name} | {split or 'all'} | {s.pair_p:.3f} | {s.pair_r:.3f} | {s.pair_f:.3f} "
                f"| {s.b3_p:.3f} | {s.b3_r:.3f} | {s.b3_f:.3f} | {s.clusters} | {ms} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
