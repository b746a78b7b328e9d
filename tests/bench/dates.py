"""Dates harness: share of pages whose published_at has the right day, per path, in one run.

    python -m tests.bench.dates [DATA_DIR]   (default ../shared/data/dates-multilingual-dev)

DATA_DIR holds truth.tsv (key, url, YYYY-MM-DD or nan), html/KEY.html.gz and text/KEY.txt.
A page scores when the day found equals the truth, or when nothing is found where the truth is
nan. Rows: htmldate on the HTML with its URL and on the text dump alone (anchors), then
newsstore's text path without and with the URL, and its HTML path with the URL. Speed is pages
per second over the row, and the median milliseconds a page (time.perf_counter).
"""

from __future__ import annotations

import gzip
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path

from htmldate import find_date

from app.normalize import RawInput, normalize

DEFAULT_DIR = Path("../shared/data/dates-multilingual-dev")


@dataclass
class Page:
    key: str
    url: str
    truth: date | None
    text: str
    html: str


def load_pages(folder: Path) -> list[Page]:
    pages = []
    for row in (folder / "truth.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip():
            continue
        key, url, truth = row.split("\t")
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        pages.append(
            Page(
                key=key,
                url=url,
                truth=None if truth == "nan" else date.fromisoformat(truth),
                text=(folder / "text" / f"{key}.txt").read_text(encoding="utf-8"),
                html=html.decode("utf-8", errors="replace"),
            )
        )
    return pages


def _as_paragraphs(text: str) -> str:
    """The text dump as the simplest HTML page htmldate accepts: one <p> a line, no markup."""
    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines())
    return f"<html><body>{body}</body></html>"


def _htmldate_day(found: str | None) -> date | None:
    return date.fromisoformat(found) if found else None


def _newsstore_day(raw: RawInput, now: datetime) -> date | None:
    published = normalize(raw, now=now).published_at
    return published.date() if published else None


def paths(now: datetime) -> dict[str, Callable[[Page], date | None]]:
    return {
        "htmldate, HTML + URL (anchor)": lambda p: _htmldate_day(
            find_date(p.html, url=p.url, original_date=True)
        ),
        "htmldate, text dump alone (anchor)": lambda p: _htmldate_day(
            find_date(_as_paragraphs(p.text), original_date=True)
        ),
        "newsstore text, no URL": lambda p: _newsstore_day(RawInput(content=p.text), now),
        "newsstore text + URL": lambda p: _newsstore_day(RawInput(content=p.text, url=p.url), now),
        "newsstore HTML + URL": lambda p: _newsstore_day(
            RawInput(content=p.html, format="html", url=p.url), now
        ),
    }


def score(pages: list[Page], find: Callable[[Page], date | None]) -> tuple[float, float, float]:
    """(share right, pages per second, median ms a page), after one untimed warm-up page that
    loads models and vocabularies."""
    find(pages[0])
    right, times = 0, []
    for page in pages:
        start = time.perf_counter()
        found = find(page)
        times.append(time.perf_counter() - start)
        right += found == page.truth
    return right / len(pages), len(pages) / sum(times), statistics.median(times) * 1000


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else DEFAULT_DIR
    pages = load_pages(folder)
    now = datetime.now(UTC)
    print(f"{len(pages)} pages from {folder.name}")
    print(f"{'path':<38} {'right day':>9} {'pages/s':>8} {'median ms':>10}")
    for name, find in paths(now).items():
        share, rate, median_ms = score(pages, find)
        print(f"{name:<38} {share:>9.3f} {rate:>8.1f} {median_ms:>10.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
