"""A StoryIndex in process memory, with the same semantics as the store's: for the benchmark on
labelled data and for tests, so both measure the clustering that ingest runs."""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Set as AbstractSet
from datetime import datetime

from app.stories.cluster import StoryConfig, StoryState


class MemoryIndex:
    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.documents = 0
        self.stories: dict[str, StoryState] = {}
        # term -> story id -> (day ordinal or None, sequence number of the latest posting)
        self._postings: dict[str, dict[str, tuple[int | None, int]]] = {}
        self._sequence = 0

    def count(self, terms: AbstractSet[str]) -> tuple[dict[str, int], int]:
        self.df.update(terms)
        self.documents += 1
        return {term: self.df[term] for term in terms}, self.documents

    def postings(
        self, terms: list[str], moment: datetime | None, config: StoryConfig
    ) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        day = moment.toordinal() if moment else None
        for term in terms:
            posted = self._postings.get(term, {})
            dated = [
                s
                for s, (d, _) in posted.items()
                if d is not None and (day is None or abs(d - day) <= config.window_days)
            ]
            undated = [s for s, (d, _) in posted.items() if d is None]
            ranked = sorted(dated, key=lambda s: -posted[s][1])[: config.per_term]
            ranked += sorted(undated, key=lambda s: -posted[s][1])[: config.per_term]
            found[term] = ranked
        return found

    def load(self, story_ids: list[str]) -> list[StoryState]:
        return [copy.deepcopy(self.stories[s]) for s in story_ids if s in self.stories]

    def save(self, story: StoryState, terms: list[str]) -> None:
        self.stories[story.id] = story
        self._sequence += 1
        day = story.last_at.toordinal() if story.last_at else None
        for term in terms:
            self._postings.setdefault(term, {})[story.id] = (day, self._sequence)
