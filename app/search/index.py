"""The derived search index: a tantivy index on disk beside the store, never the store of record.

tantivy ranks with BM25 and prunes with block-max WAND, so the first page of a common word costs
top-k, not a ranking of every match (SQLite's bm25() and PostgreSQL's ts_rank_cd score them
all). The index holds only what search needs: the row key, the words of title and body (cut,
folded and stemmed as the database indexes do), the CJK character pairs of app.search.cjk, and
the filter and sort columns as fast fields. Hits come back as row keys; articles are read from
the store.

How far the index has caught up with the store's change sequence (app.search.indexer) is kept
in `state.json` beside tantivy's own files, written after each tantivy commit: a crash between
the two replays a few changes, which are idempotent (each replaces a whole document).
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal

import tantivy

# Bump when the schema or the analyzers change: an index of another version is rebuilt.
INDEX_VERSION = 4
PREFIXES = "news_prefix"  # WORD_ANALYZER without stemming, for prefix* query words
# Every text field is given its terms ready-made, space-separated: title and body as
# WORD_ANALYZER cuts them (see _analyzed), the phrase fields their pairs, the CJK side fields
# their character pairs. One analysis of each text in Python then serves both its word field
# and its phrase field, where tantivy analyzing the words again cost as much as the first pass.
PAIRS = "whitespace"
# Each word field's adjacent words as single terms ("a_b"): a phrase becomes a term of its own,
# with one posting list that is pruned like a word's, where a phrase of two common words would
# have the positions of both checked in every document holding them (200 ms at 1M articles).
PHRASE_FIELDS = {"title": "title_phrases", "body": "body_phrases"}
_PAIR_JOINER = "_"  # never inside a word: _WORD_PATTERN holds letters, digits and marks only

_WORD_PATTERN = r"[\p{L}\p{N}\p{M}\p{Co}]+"
# Sort keys: seconds since the epoch shifted to be positive, times this, plus the row key. An
# undated article takes the lowest (newest first) or highest (oldest first) seconds, so it sorts
# last either way, as in the database.
_PK_SPAN = 1 << 28
_SECONDS_SHIFT = 1 << 33
_UNDATED_NEWEST, _UNDATED_OLDEST = -_SECONDS_SHIFT, _SECONDS_SHIFT - 1
WRITER_HEAP_BYTES = 64_000_000


class IndexBusy(Exception):
    """Another process holds the index's writer lock; it is applying the same changes."""


@dataclass
class IndexState:
    """How far the index has applied the store's change sequence (see app.search.indexer)."""

    version: int = INDEX_VERSION
    applied_seq: int = 0
    # PostgreSQL: the transactions still running at the last sync. Their changes may commit
    # with sequence numbers below `applied_seq`, so the next sync reads them whatever their seq.
    running: list[int] = field(default_factory=list)
    built_at: str | None = None


@dataclass(frozen=True)
class IndexedArticle:
    """What the index holds of one article."""

    pk: int
    title: str | None
    body: str
    title_cjk: str | None
    body_cjk: str | None
    outlet_id: int | None
    language: str | None
    story_id: str | None
    published_at: datetime | None


def analyzer(stem: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(_WORD_PATTERN))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    if stem:
        builder = builder.filter(tantivy.Filter.stemmer("english"))
    return builder.build()


WORD_ANALYZER = analyzer(stem=True)
PREFIX_ANALYZER = analyzer(stem=False)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("pk", indexed=True, fast=True)
    for name in ("title", "body"):
        builder.add_text_field(name, tokenizer_name=PAIRS)
    for name in PHRASE_FIELDS.values():
        builder.add_text_field(name, tokenizer_name=PAIRS, index_option="freq")
    for name in ("title_cjk", "body_cjk"):
        builder.add_text_field(name, tokenizer_name=PAIRS)
    builder.add_unsigned_field("outlet_id", indexed=True, fast=True)
    builder.add_text_field("language", tokenizer_name="raw", fast=True)
    builder.add_text_field("story_id", tokenizer_name="raw")
    builder.add_date_field("published_at", indexed=True, fast=True)
    builder.add_integer_field("newest_key", indexed=True, fast=True)
    builder.add_integer_field("oldest_key", indexed=True, fast=True)
    return builder.build()


SCHEMA = _schema()
DateSort = Literal["newest", "oldest"]


def sort_key(published_at: datetime | None, pk: int, sort: DateSort) -> int:
    """The position of an article in a date order, as one integer (see _PK_SPAN)."""
    if pk >= _PK_SPAN:
        raise ValueError(f"row key {pk} is beyond the index's sort keys ({_PK_SPAN})")
    if published_at is None:
        seconds = _UNDATED_NEWEST if sort == "newest" else _UNDATED_OLDEST
    else:
        seconds = int(as_utc(published_at).timestamp())
    return (seconds + _SECONDS_SHIFT) * _PK_SPAN + pk


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# The dates tantivy's nanosecond clock holds; an article dated outside is indexed at the edge.
INDEX_DATES = (
    datetime(1677, 9, 22, tzinfo=UTC),
    datetime(2262, 4, 11, tzinfo=UTC),
)


def _indexable(moment: datetime) -> datetime:
    return min(max(as_utc(moment), INDEX_DATES[0]), INDEX_DATES[1])


def word_pair(first: str, second: str) -> str:
    """The term of a phrase field for two adjacent (analyzed) words."""
    return f"{first}{_PAIR_JOINER}{second}"


# Text chunk between spaces -> its terms, space-separated (" " for none, so a lookup of it is
# true). Words never span a space (_WORD_PATTERN holds no space), so a text's terms are its
# chunks' terms in order, exactly what WORD_ANALYZER makes of the whole text; and news text
# repeats its chunks, so nearly every one is a lookup, not an analysis. Emptied when full.
_CHUNK_TERMS: dict[str, str] = {}
_CHUNK_TERMS_MAX = 100_000


def _chunk_terms(chunk: str) -> str:
    if len(_CHUNK_TERMS) >= _CHUNK_TERMS_MAX:
        _CHUNK_TERMS.clear()
    terms = _CHUNK_TERMS[chunk] = " ".join(WORD_ANALYZER.analyze(chunk)) or " "
    return terms


def _analyzed(text: str) -> tuple[str, str]:
    """A text's terms and their adjacent pairs, each space-separated (as the fields take them)."""
    known = _CHUNK_TERMS.get
    terms = " ".join([known(chunk) or _chunk_terms(chunk) for chunk in text.split()])
    return terms, " ".join(map(_PAIR_JOINER.join, pairwise(terms.split())))


def _document(article: IndexedArticle) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_unsigned("pk", article.pk)
    for name, phrase_field in PHRASE_FIELDS.items():
        value = getattr(article, name)
        if value:
            terms, pairs = _analyzed(value)
            doc.add_text(name, terms)
            if pairs:
                doc.add_text(phrase_field, pairs)
    for name in ("title_cjk", "body_cjk"):
        value = getattr(article, name)
        if value:
            doc.add_text(name, value)
    if article.outlet_id is not None:
        doc.add_unsigned("outlet_id", article.outlet_id)
    if article.language:
        doc.add_text("language", article.language)
    if article.story_id:
        doc.add_text("story_id", article.story_id)
    if article.published_at is not None:
        doc.add_date("published_at", _indexable(article.published_at))
    doc.add_integer("newest_key", sort_key(article.published_at, article.pk, "newest"))
    doc.add_integer("oldest_key", sort_key(article.published_at, article.pk, "oldest"))
    return doc


# tantivy panics (aborting the process) on a limit of 0: every search here asks for one or more.


class SearchIndex:
    """One index folder, opened once per process (see `open`); safe to share between threads."""

    def __init__(self, path: Path, index: tantivy.Index) -> None:
        self.path = path
        self._index = index
        self._state = self._read_state()
        self.lock = threading.Lock()  # one writer per process at a time

    @classmethod
    def open(cls, path: Path) -> SearchIndex:
        """The index at `path`, created empty when the folder holds none (or one of another
        version, which a rebuild or the next syncs then fill). Processes starting together
        take turns (a lock file), so none clears what another has just created."""
        path.mkdir(parents=True, exist_ok=True)
        with (path / "open.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            state = _load_state(path)
            fresh = state is None or state.version != INDEX_VERSION
            if fresh and tantivy.Index.exists(str(path)):
                _clear(path)
            index = tantivy.Index(SCHEMA, path=str(path), reuse=not fresh)
            if fresh:
                _save_state(path, IndexState())
        index.register_tokenizer(PREFIXES, PREFIX_ANALYZER)
        index.config_reader(reload_policy="Manual")
        return cls(path, index)

    @property
    def schema(self) -> tantivy.Schema:
        return SCHEMA

    @property
    def state(self) -> IndexState:
        return self._state

    def refresh(self) -> IndexState:
        """Reload the searcher and the state another process may have committed. The state is
        read first: it is saved after its commit, so the searcher holds at least that much."""
        state = self._read_state()
        self._index.reload()
        self._state = state
        return state

    def searcher(self) -> tantivy.Searcher:
        return self._index.searcher()

    def write(
        self,
        replaced: Sequence[int],
        added: Iterable[IndexedArticle],
        state: IndexState,
        clear: bool = False,
        threads: int = 1,
    ) -> None:
        """One tantivy commit: the documents of `replaced` row keys go, `added` come in, then
        the state is saved. Raises IndexBusy when another process is writing. A rebuild
        indexes with a thread per core (a sync's few documents need one)."""
        try:
            writer = self._index.writer(heap_size=WRITER_HEAP_BYTES * threads, num_threads=threads)
        except ValueError as error:
            if "LockBusy" in str(error):
                raise IndexBusy(str(error)) from error
            raise
        try:
            if clear:
                writer.delete_all_documents()
            replaced = list(replaced)
            if replaced:  # by query: deleting by a term of an unsigned field deletes nothing
                writer.delete_documents_by_query(
                    tantivy.Query.term_set_query(SCHEMA, "pk", replaced)
                )
            for article in added:
                writer.add_document(_document(article))
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        _save_state(self.path, state)
        self.refresh()

    def _read_state(self) -> IndexState:
        return _load_state(self.path) or IndexState()

    def top(
        self, query: tantivy.Query, limit: int, offset: int = 0
    ) -> tuple[list[tuple[int, float]], int]:
        """Row keys and scores of the best hits, and how many documents match."""
        searcher = self.searcher()
        result = searcher.search(query, max(1, limit), count=True, offset=offset)
        return _with_pks(searcher, result.hits), result.count or 0

    def ranked(self, query: tantivy.Query, limit: int) -> list[tuple[int, float]]:
        """Row keys and scores of the best `limit` hits, no count."""
        searcher = self.searcher()
        return _with_pks(searcher, searcher.search(query, max(1, limit), count=False).hits)

    def by_date(
        self, query: tantivy.Query, sort: DateSort, limit: int
    ) -> tuple[list[tuple[int, int]], int]:
        """Row keys and sort keys of the first hits in a date order, and the match count."""
        searcher = self.searcher()
        order = tantivy.Order.Desc if sort == "newest" else tantivy.Order.Asc
        result = searcher.search(
            query, max(1, limit), count=True, order_by_field=f"{sort}_key", order=order
        )
        hits = [(int(key), address) for key, address in result.hits]
        return _with_pks(searcher, hits), result.count or 0

    def count(self, query: tantivy.Query) -> int:
        return self.searcher().search(query, 1, count=True).count or 0

    def aggregate(self, query: tantivy.Query, spec: dict[str, Any]) -> dict[str, Any]:
        return self.searcher().aggregate(query, spec)

    def all_pks(self) -> list[int]:
        """Every row key the index holds, duplicates included (for `db check`)."""
        searcher = self.searcher()
        total = searcher.num_docs
        if not total:
            return []
        hits = searcher.search(tantivy.Query.all_query(), total, count=False).hits
        return [pk for pk, _ in _with_pks(searcher, hits)]


def _with_pks(searcher: tantivy.Searcher, hits: Sequence[tuple[Any, Any]]) -> list[Any]:
    if not hits:
        return []
    pks = searcher.fast_field_values("pk", [address for _, address in hits])
    return [(pk, score) for pk, (score, _) in zip(pks, hits, strict=True)]


def _state_file(path: Path) -> Path:
    return path / "state.json"


def _load_state(path: Path) -> IndexState | None:
    try:
        return IndexState(**json.loads(_state_file(path).read_text()))
    except (FileNotFoundError, json.JSONDecodeError, TypeError):
        return None


def _save_state(path: Path, state: IndexState) -> None:
    """Atomically: a reader sees the old state or the new, never half of one."""
    target = _state_file(path)
    with tempfile.NamedTemporaryFile("w", dir=path, suffix=".tmp", delete=False) as file:
        json.dump(asdict(state), file)
        file.flush()
        os.fsync(file.fileno())
    Path(file.name).replace(target)


def _clear(path: Path) -> None:
    for child in path.iterdir():
        if child.is_file() and child.name != "open.lock":
            child.unlink()
