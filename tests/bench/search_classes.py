"""The query classes of the search benchmark, chosen by document frequency in the generated
store (tests.bench.stores), and the ranked FTS5 statement Datasette and the in-process limit run.

Words are picked by how many of the store's first SAMPLE articles hold them, which is about the
share they have in the whole store at any size: its articles draw their sentences from one fixed
pool. (The pool is read from the store, not regenerated: the generator's vocabulary follows the
order of a set of strings, so it differs between processes.) High: in more than half of the
articles (every match of such a word is a candidate, the case a database's ranking pays for);
mid: 1-10 %; low: 0.02-0.1 %.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from itertools import pairwise

from sqlmodel import col, select

from app.db import get_engine
from app.models import Article
from tests.utils.corpus import COMMON

SAMPLE = 5000
PER_CLASS = 8
OUTLET = "harbor-times"  # one of five outlets of tests.bench.stores
DATES = ("2023-01-01", "2023-03-31")  # a quarter of the three generated years
_WORD = re.compile(r"[a-z]+")
_FUNCTION_WORDS = frozenset(COMMON[:16])  # "the", "of", ... "from": nobody searches them alone


@dataclass(frozen=True)
class QueryClass:
    """Queries of one kind and the /search parameters they are sent with."""

    name: str
    queries: tuple[str, ...]
    sort: str = "relevance"
    outlet: str | None = None
    dates: tuple[str, str] | None = None
    params: dict[str, str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        params = {"sort": self.sort, "limit": "20"}
        if self.outlet:
            params["outlet"] = self.outlet
        if self.dates:
            params["from"], params["to"] = self.dates
        object.__setattr__(self, "params", params)

    def search_params(self, query: str) -> dict[str, str]:
        """The query string of /search (and of the Datasette canned query, same names)."""
        return {"q": query, **self.params}

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The date range as ArticleFilters takes it: whole days, inclusive, UTC."""
        if not self.dates:
            return None, None
        start, end = (datetime.fromisoformat(day).date() for day in self.dates)
        return (
            datetime.combine(start, time.min, tzinfo=UTC),
            datetime.combine(end, time.max, tzinfo=UTC),
        )


def _document_frequencies(url: str) -> tuple[Counter[str], Counter[str]]:
    """Articles (of the first SAMPLE) holding each word and each pair of adjacent words."""
    words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    first = select(Article.title, Article.body).order_by(col(Article.pk)).limit(SAMPLE)
    with get_engine(url).connect() as connection:
        rows = connection.execute(first).all()
    for title, body in rows:
        text = f"{title}. {body}".lower()
        tokens = [_WORD.findall(sentence) for sentence in text.split(".")]
        words.update({word for sentence in tokens for word in sentence})
        pairs.update({f"{a} {b}" for sentence in tokens for a, b in pairwise(sentence)})
    return words, pairs


def _band(counts: Counter[str], low: float, high: float, exclude: frozenset[str]) -> list[str]:
    """Up to PER_CLASS entries held by a share in [low, high) of the sample, spread over it."""
    chosen = sorted(
        (entry for entry, n in counts.items() if low <= n / SAMPLE < high and entry not in exclude),
        key=lambda entry: (-counts[entry], entry),
    )
    step = max(1, len(chosen) // PER_CLASS)
    return chosen[::step][:PER_CLASS]


def query_classes(url: str) -> list[QueryClass]:
    words, pairs = _document_frequencies(url)
    high = _band(words, 0.5, 1.01, _FUNCTION_WORDS)
    mid = _band(words, 0.01, 0.10, _FUNCTION_WORDS)
    low = _band(words, 0.0002, 0.001, _FUNCTION_WORDS)
    phrases = [f'"{pair}"' for pair in _band(pairs, 0.01, 0.10, frozenset())]
    and2 = [f"{a} {b}" for a, b in zip(high, mid, strict=False)]
    and3 = [f"{a} {b} {c}" for a, b, c in zip(high, high[1:] + high[:1], mid[::-1], strict=False)]
    return [
        QueryClass("word, high df", tuple(high)),
        QueryClass("word, mid df", tuple(mid)),
        QueryClass("word, low df", tuple(low)),
        QueryClass("2 words AND", tuple(and2)),
        QueryClass("3 words AND", tuple(and3)),
        QueryClass("phrase", tuple(phrases)),
        QueryClass("high + outlet", tuple(high), outlet=OUTLET),
        QueryClass("high + dates", tuple(high), dates=DATES),
        QueryClass("mid + outlet + dates", tuple(mid), outlet=OUTLET, dates=DATES),
        QueryClass("high, newest", tuple(high), sort="newest"),
        QueryClass("mid, newest", tuple(mid), sort="newest"),
        QueryClass("high + outlet + dates, newest", tuple(high), "newest", OUTLET, DATES),
    ]


# The first page of /search as one FTS5 statement: the same bm25 weights (title x10, the CJK
# side columns as their text) and snippet() settings as app/search/sqlite_search.py, filters on
# the article's indexed columns. Datasette serves it as a canned query; unset parameters are ''.
RANKED_FTS5 = """
select a.id, a.url, a.title, a.published_at, o.slug as outlet,
  snippet(articles_fts, -1, '<mark>', '</mark>', '…', 24) as snippet,
  bm25(articles_fts, 10.0, 1.0, 10.0, 1.0) as score
from articles_fts
join article a on a.pk = articles_fts.rowid
left join outlet o on o.id = a.outlet_id
where articles_fts match :q
  and (:outlet = '' or o.slug = :outlet)
  and (:since = '' or a.published_at >= :since)
  and (:until = '' or a.published_at < date(:until, '+1 day'))
order by case when :sort = 'newest' then a.published_at end desc, score
limit 20
"""


def fts5_params(query_class: QueryClass, query: str) -> dict[str, str]:
    """The parameters of RANKED_FTS5 for one query of a class."""
    since, until = query_class.dates or ("", "")
    return {
        "q": query,
        "outlet": query_class.outlet or "",
        "since": since,
        "until": until,
        "sort": query_class.sort,
    }
