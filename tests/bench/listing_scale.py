"""Listings at archive scale: one /articles page (total included) as the route computes it, per
filter, plain and with collapse=story, on generated SQLite stores of N articles.

    python -m tests.bench.listing_scale [--sizes 100000,1000000] [--rounds 9]

Each cell is the median of --rounds calls (after one warm-up) of what GET /articles runs inside
its transaction: the page of 21 rows in date order and the total, pinned to the newest row key
as a first page is. Beside it, in the same run, the bare count of the matching rows (the part of
a page no ordering can avoid), so the table says how far a page is above its own floor.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from sqlmodel import Session, func, select

from app.db import get_engine
from app.models import Article
from app.store import ArticleFilters, list_articles, max_article_pk
from app.stories.queries import list_collapsed
from tests.bench.search_classes import OUTLET
from tests.bench.stores import outlet_slug, sqlite_store
from tests.utils.corpus import OUTLETS

PAGE = 21  # the route asks one row more than it shows, to know whether a next page exists
FILTERS = {
    "no filter": ArticleFilters(),
    "one outlet": ArticleFilters(outlets=(OUTLET,)),
    "two outlets": ArticleFilters(outlets=tuple(outlet_slug(name) for name in OUTLETS[:2])),
    "a quarter": ArticleFilters(
        published_from=datetime(2023, 1, 1, tzinfo=UTC),
        published_to=datetime(2023, 3, 31, 23, 59, tzinfo=UTC),
    ),
    "outlet + quarter": ArticleFilters(
        outlets=(OUTLET,),
        published_from=datetime(2023, 1, 1, tzinfo=UTC),
        published_to=datetime(2023, 3, 31, 23, 59, tzinfo=UTC),
    ),
}


def median_ms(call: Callable[[], object], rounds: int) -> float:
    call()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(articles: int, rounds: int) -> list[tuple[str, float, float, float]]:
    url = sqlite_store(articles)
    rows = []
    with Session(get_engine(url)) as session:
        newest = max_article_pk(session)
        for name, filters in FILTERS.items():
            pinned = ArticleFilters(**{**vars(filters), "up_to_pk": newest})
            count = select(func.count()).select_from(Article).where(*pinned.clauses())
            rows.append(
                (
                    name,
                    median_ms(partial(session.exec, count), rounds),
                    median_ms(partial(list_articles, session, pinned, "newest", PAGE), rounds),
                    median_ms(partial(list_collapsed, session, pinned, "newest", PAGE), rounds),
                )
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"\n{size:,} articles, newest first, page of {PAGE}, medians in ms")
        print("| filter | count alone | page + total | collapse=story page + total |")
        print("|---|---|---|---|")
        for name, count, page, collapsed in measure(size, args.rounds):
            print(f"| {name} | {count:.1f} | {page:.1f} | {collapsed:.1f} |")


if __name__ == "__main__":
    main()
