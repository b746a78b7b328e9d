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
Both maps are bounded: frequencies are dropped all at once past `MAX_TERMS`, stories least
recently used first past `MAX_STORIES`.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field, replace
from itertools import islice

from sqlalchemy import Engine

from app.stories.cluster import StoryState

VERSION = "%"  # the StoryTerm row counting the index's changes (no term starts with "%")
MAX_TERMS = 300_000  # some 30 MB
MAX_STORIES = 2_000  # some 35 MB (150 centroid terms each)


@dataclass
class Known:
    version: int | None = None
    df: dict[str, int] = field(default_factory=dict)
    stories: dict[str, StoryState] = field(default_factory=dict)  # least recently used first

    def story(self, story_id: str) -> StoryState | None:
        """A copy of the story as stored (the caller may change it), now most recently used."""
        with _lock:  # another thread may be adding a batch's stories
            story = self.stories.pop(story_id, None)
            if story is None:
                return None
            self.stories[story_id] = story
        return copied(story)

    def keep_stories(self, stories: list[StoryState]) -> None:
        for story in stories:
            self.stories.pop(story.id, None)
            self.stories[story.id] = copied(story)
        excess = len(self.stories) - MAX_STORIES
        if excess > 0:
            for story_id in list(islice(self.stories, excess)):
                del self.stories[story_id]


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
        elif len(known.df) > MAX_TERMS:
            known.df = {}
        return known


def committed(
    store: Engine, found: int | None, df: dict[str, int], stories: list[StoryState]
) -> None:
    """After the commit of a batch that found version `found` and raised it by one: the
    frequencies and stories it read or wrote, as they are now stored."""
    with _lock:
        known = _known.get(store)
        if known is None or known.version != found:  # changed meanwhile: start afresh
            known = _known[store] = Known()
        known.version = (found or 0) + 1
        known.df.update(df)
        known.keep_stories(stories)
