"""Median time of the plain-text path on each seed (target: <= 5 ms for a 2-6 KB article).

    python -m tests.bench.text_speed [SEEDS_FOLDER]

Times normalize(RawInput(format="text")) end to end and extract_text alone, with
time.perf_counter, after one warm-up call; a busy machine inflates both.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.normalize import RawInput, normalize
from app.normalize.text import extract_text

_RUNS = 200


def median_ms(run: Callable[[], object]) -> float:
    run()
    timings = []
    for _ in range(_RUNS):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else Path("seeds")
    print("| seed | bytes | extract_text ms | normalize ms |")
    print("|------|-------|-----------------|--------------|")
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        extract = median_ms(lambda text=text: extract_text(text))
        whole = median_ms(lambda text=text: normalize(RawInput(content=text, format="text")))
        print(f"| {path.name[:3]} | {len(text.encode()):5d} | {extract:15.2f} | {whole:12.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
