"""How fast normalization is, per path: `python -m tests.bench.normalize_speed [--data DIR]`.

Text path: every seed file. HTML path: the first pages of the extraction-dev folder when it is
there (default ../shared/data/extraction-dev beside the repo). Each input is normalized once to
warm up, then N times; the table gives median and p95 ms per article, articles per second, and
the ratio of the median to an anchor measured in the same process on the same input (a plain
str.split() over its decoded text), so that figures from different machines compare.
The issue's target: a seed-sized article in <= 5 ms median through the text path, on one core.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from app.normalize import RawInput, normalize
from app.normalize.decode import decode

REPO = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Timing:
    label: str
    size: int
    runs: list[float]
    anchor: list[float]

    def row(self) -> str:
        median = statistics.median(self.runs)
        p95 = statistics.quantiles(self.runs, n=20)[-1] if len(self.runs) > 1 else median
        ratio = median / statistics.median(self.anchor)
        return (
            f"{self.label:<34} {self.size / 1024:>7.1f} {median * 1e3:>9.2f} {p95 * 1e3:>9.2f} "
            f"{1 / median:>10.0f} {ratio:>10.0f}"
        )


def measure(call: Callable[[], object], runs: int) -> list[float]:
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def time_input(label: str, content: bytes, format: str, runs: int) -> Timing:
    raw = RawInput(content=content, format=format)
    text = decode(content)
    return Timing(
        label=label,
        size=len(content),
        runs=measure(lambda: normalize(raw, now=NOW), runs),
        anchor=measure(lambda: text.split(), runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed runs per text input")
    parser.add_argument("--html-runs", type=int, default=20, help="timed runs per HTML page")
    parser.add_argument("--pages", type=int, default=5, help="HTML pages to time")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/data/extraction-dev")
    args = parser.parse_args()

    timings = [
        time_input(f"text {path.name}", path.read_bytes(), "text", args.runs)
        for path in sorted((REPO / "seeds").glob("*.txt"))
    ]
    pages = sorted((args.data / "html").glob("*.html.gz"))[: args.pages]
    for path in pages:
        page = gzip.decompress(path.read_bytes())
        timings.append(time_input(f"html {path.name[:16]}", page, "html", args.html_runs))

    header = ("input", "KB", "median ms", "p95 ms", "articles/s", "x split")
    print(f"{header[0]:<34} " + " ".join(f"{h:>9}" for h in header[1:]))
    for timing in timings:
        print(timing.row())
    for path_name in ("text", "html"):
        runs = [t for t in timings if t.label.startswith(path_name)]
        if runs:
            median = statistics.median(statistics.median(t.runs) for t in runs)
            print(f"{path_name} path: median of medians {median * 1e3:.2f} ms ({len(runs)} inputs)")
    if not pages:
        print(f"html path: no pages under {args.data} (pass --data)")


if __name__ == "__main__":
    main()
