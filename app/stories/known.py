"""What one process knows of a store's story index between its own batches: the stored document
frequencies and stories as they were at a given version of the index, so that a batch following
this process's own previous one reads neither again (most of an ingest's terms and live stories
recur from batch to batch).

The version is a counter the store keeps beside the frequencies (`VERSION`), raised by every
batch that writes the index, in that batch's transaction and under the story lock; it is never
reset (a rebuild keeps the row). A batch that finds the version this process committed last may
trust what the process knows; any other version (another writer, a rebuild) empties it. Once
its transaction has committed, a batch adds what it read and wrote, with the version it set; a
rolled-back batch adds nothing.
The process also keeps the front of each looked-up term's postings (`Front`), most recent
first: a lookup for an article dated like most of an ingest's is the front with the postings
outside its window skipped, so it needs the store only when the front runs out.
All maps are bounded, the least recently used entries going first: frequencies past `MAX_TERMS`,
fronts past `MAX_FRONTS`, stories past `MAX_STORIES` (a batch uses what it read or wrote).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Any

from sqlalchemy import Engine

from app.stories.cluster import StoryState

VERSION = "%"  # the StoryTerm row counting the index's changes (no term starts with "%")
MAX_TERMS = 300_000  # some 30 MB
MAX_STORIES = 2_000  # some 35 MB (150 centroid terms each)
MAX_FRONTS = 20_000  # some 50 MB (FRONT dated postings of ~120 bytes a term; undated are rare)
FRONT = 20  # postings a front keeps of each kind: twice the default `per_term`, for the window

# (day or None, seq, story id): a front's ranks hold dated or undated ones only, and seq is unique
# within a term, so postings compare as tuples in the order of (day, seq) alone.
Posting = tuple[int | None, int, str]


@dataclass(slots=True)
class Ranked:
    """The first postings of one kind (dated or undated) of a term, as stored, in the order a
    lookup reads them: by (day, seq) descending (undated ones by seq); `complete` when the store
    holds no other posting of the kind."""

    postings: tuple[Posting, ...]
    complete: bool

    def first(
        self, count: int, low: int | None = None, high: int | None = None
    ) -> Sequence[Posting] | None:
        """The store's `count` first postings, within days [low, high] when given; None when
        the front runs out first (the store holds more, unknown here)."""
        found: Sequence[Posting] = self.postings[:count]
        if low is not None and high is not None and not _within(found, low, high):
            found = [p for p in self.postings if low <= p[0] <= high][:count]  # type: ignore[operator]
        return found if len(found) >= count or self.complete else None

    def post(self, postings: list[Posting], replaced: set[str]) -> None:
        """As the store is once `postings` of its kind are written over any earlier posting of
        the stories `replaced`: the postings ranking after every one held of an incomplete
        front stay out (the ones between are unknown); cut at FRONT."""
        held = [p for p in self.postings if p[2] not in replaced]
        if not self.complete:
            floor = self.postings[-1] if self.postings else None
            postings = [p for p in postings if floor is not None and p > floor]
        held += postings
        held.sort(reverse=True)
        if len(held) > FRONT:
            del held[FRONT:]
            self.complete = False
        self.postings = tuple(held)


def _within(postings: Sequence[Posting], low: int, high: int) -> bool:
    """Whether dated postings, days descending, all fall in [low, high] (the common case: an
    ingest's articles are dated alike), so that none need checking one by one."""
    return not postings or (high >= postings[0][0] and postings[-1][0] >= low)  # type: ignore[operator]


@dataclass(slots=True)
class Front:
    """The front of one term's postings: dated and undated."""

    dated: Ranked
    undated: Ranked

    def post(self, postings: list[Posting]) -> None:
        """As the store is once `postings` (of different stories) are written, each over its
        story's earlier posting of the term."""
        replaced = {p[2] for p in postings}
        self.dated.post([p for p in postings if p[0] is not None], replaced)
        self.undated.post([p for p in postings if p[0] is None], replaced)


@dataclass
class Known:
    version: int | None = None
    df: dict[str, int] = field(default_factory=dict)
    stories: dict[str, StoryState] = field(default_factory=dict)  # least recently used first
    fronts: dict[str, Front] = field(default_factory=dict)

    def story(self, story_id: str) -> StoryState | None:
        """A copy of the story as stored (the caller may change it), now most recently used."""
        with _lock:  # another thread may be adding a batch's stories
            story = self.stories.pop(story_id, None)
            if story is None:
                return None
            self.stories[story_id] = story
        return copied(story)


def copied(story: StoryState) -> StoryState:
    return replace(story, outlets=list(story.outlets), centroid=dict(story.centroid))


# Per engine (a store's URL may name different stores: SQLite's in-memory ones)
_known: weakref.WeakKeyDictionary[Engine, Known] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def known_at(store: Engine, version: int | None) -> Known:
    """What this process knows of `store` at `version` (emptied when it knows another one).
    Read only during a batch: the batch adds to it in `committed`."""
    with _lock:
        known = _known.get(store)
        if known is None or version is None or known.version != version:
            known = _known[store] = Known(version=version)
        return known


@dataclass
class Batch:
    """What a committed batch read and wrote of the index."""

    df: dict[str, int]
    stories: dict[str, StoryState]  # by id
    fronts: dict[str, Front]  # as the batch read them (before its own postings)
    posted: dict[str, dict[str, Posting]]  # term -> story id -> its posting


def committed(store: Engine, found: int | None, batch: Batch) -> None:
    """After the commit of a batch that found version `found` and raised it by one: the
    frequencies, stories and fronts it read or wrote, as they are now stored."""
    with _lock:
        known = _known.get(store)
        if known is None or known.version != found:  # changed meanwhile: start afresh
            known = _known[store] = Known()
        known.version = (found or 0) + 1
        _use(known.df, batch.df, MAX_TERMS)
        # A committed batch's stories as they are: its index changes them no more, and `story`
        # hands out copies
        _use(known.stories, batch.stories, MAX_STORIES)
        fronts = known.fronts
        _use(fronts, batch.fronts, MAX_FRONTS)
        for term, stories in batch.posted.items():
            front = fronts.get(term)
            if front is not None:  # postings made only for the terms looked up
                front.post(list(stories.values()))


def _use(kept: dict[str, Any], used: dict[str, Any], limit: int) -> None:
    """Put `used` into `kept` as its most recently used entries (a dict keeps the order of
    insertion: re-inserted, they move to the end), then drop the oldest past `limit`."""
    for key in used:
        kept.pop(key, None)
    kept.update(used)
    excess = len(kept) - limit
    if excess > 0:
        for key in list(islice(kept, excess)):
            del kept[key]
