"""Online story clustering: each article, as it arrives, joins the most similar recent story or
starts a new one. Nothing is ever re-clustered at ingest (`newsstore stories rebuild` does that).

A story is its centroid (the sum of its articles' unit TF-IDF vectors, cut to its heaviest
terms), its size, its first and last dates and its outlets. An article joins the story whose
centroid is nearest by cosine when that similarity clears both a fixed floor (`threshold`) and a
share (`cohesion`) of how closely the story's own articles matched it when they joined. The
second test is what keeps two events of the same kind apart: a tight story of one event (many
near-identical wire copies) asks more of a newcomer than the vague likeness the same topic's
vocabulary gives.

Cost is bounded and does not grow with the store: candidates come from an inverted index on
each story's distinctive terms, fetched for the article's `query_terms` heaviest terms only, at
most `per_term` postings a term (the most recent; within `window_days` of the article's date
when both are dated), and only the `candidates` best of those are scored in full.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from app.stories import features


@dataclass(frozen=True)
class StoryConfig:
    """Knobs of the clustering; the defaults were chosen on the ECB+ training topics only
    (tests/bench/stories.py) and hold on the held-out ones."""

    threshold: float = 0.15
    cohesion: float = 0.52
    window_days: int = 365
    query_terms: int = 15
    posted_terms: int = 12
    per_term: int = 10
    candidates: int = 3
    centroid_terms: int = 150
    prior_documents: int = 1000
    prior_share: float = 0.01


@dataclass(frozen=True)
class StoryDoc:
    """What clustering needs of an article; `terms`, its `features.terms`, when counted already
    (by an ingest's worker processes)."""

    id: str
    title: str | None
    body: str
    published_at: datetime | None = None
    language: str | None = None
    outlet: str | None = None
    terms: Mapping[str, int] | None = None

    def counted_terms(self) -> Mapping[str, int]:
        if self.terms is None:
            return features.terms(self.title, self.body, self.language)
        return self.terms


@dataclass
class StoryState:
    """A story as clustering sees it (and as the store keeps it)."""

    id: str
    title: str | None
    size: int = 0
    first_at: datetime | None = None
    last_at: datetime | None = None
    outlets: list[str] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)
    cohesion_sum: float = 0.0
    cohesion_count: int = 0
    _norm: float | None = field(default=None, repr=False, compare=False)  # of the centroid

    def similarity(self, vector: Mapping[str, float]) -> float:
        """Cosine of the article's unit vector with the centroid: over the terms they share
        (a set intersection, then an exactly rounded sum, so their order does not matter)."""
        if self._norm is None:
            self._norm = math.hypot(*self.centroid.values())
        if not self._norm:
            return 0.0
        centroid = self.centroid
        shared = vector.keys() & centroid.keys()
        return math.fsum([vector[term] * centroid[term] for term in shared]) / self._norm

    def required(self, config: StoryConfig) -> float:
        if not self.cohesion_count:
            return config.threshold
        return max(config.threshold, config.cohesion * self.cohesion_sum / self.cohesion_count)

    def within(self, moment: datetime | None, window_days: int) -> bool:
        """Whether a dated article falls inside the story's dates widened by the window; an
        undated article or story is never excluded by date."""
        if moment is None or self.first_at is None or self.last_at is None:
            return True
        return (self.first_at - moment).days <= window_days and (
            moment - self.last_at
        ).days <= window_days

    def absorb(
        self,
        doc: StoryDoc,
        vector: Mapping[str, float],
        similarity: float | None,
        config: StoryConfig,
    ) -> None:
        self._norm = None
        centroid = self.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        if len(centroid) > config.centroid_terms:
            self.centroid = features.heaviest(centroid, config.centroid_terms)
        self.size += 1
        if similarity is not None:
            self.cohesion_sum += similarity
            self.cohesion_count += 1
        if doc.published_at is not None:
            if self.first_at is None or doc.published_at < self.first_at:
                self.first_at = doc.published_at
            if self.last_at is None or doc.published_at > self.last_at:
                self.last_at = doc.published_at
        if doc.outlet and doc.outlet not in self.outlets:
            self.outlets.append(doc.outlet)
        if not self.title and doc.title:
            self.title = doc.title


class StoryIndex(Protocol):
    """Where stories, their postings and the document frequencies live."""

    def count(self, terms: AbstractSet[str]) -> tuple[dict[str, int], int]:
        """Count one more document holding each of `terms`; their document frequencies and the
        number of documents, this one included."""

    def postings(
        self, terms: list[str], moment: datetime | None, config: StoryConfig
    ) -> dict[str, list[str]]:
        """Story ids per term: at most `per_term` dated stories (the most recent), within the
        window of `moment` when it is given, and as many undated ones."""

    def load(self, story_ids: list[str]) -> list[StoryState]: ...

    def save(self, story: StoryState, terms: list[str]) -> None:
        """Store the story and post `terms` to it (dated by the story's last date)."""


def assign(doc: StoryDoc, index: StoryIndex, config: StoryConfig) -> str:
    """The story `doc` joins (a new one, named after it, when none is close enough)."""
    counts = doc.counted_terms()
    df, documents = index.count(counts.keys())
    vector = features.weigh(counts, df, documents, config.prior_documents, config.prior_share)
    heaviest = features.top_terms(vector, max(config.query_terms, config.posted_terms))
    query = heaviest[: config.query_terms]
    best, best_similarity, best_margin = None, 0.0, 0.0
    postings = index.postings(query, doc.published_at, config)
    for story in index.load(_candidates(postings, vector, config.candidates)):
        if not story.within(doc.published_at, config.window_days):
            continue
        similarity = story.similarity(vector)
        margin = similarity - story.required(config)
        if margin >= 0 and (best is None or margin > best_margin):
            best, best_similarity, best_margin = story, similarity, margin
    story = best or StoryState(id=doc.id, title=doc.title)
    story.absorb(doc, vector, best_similarity if best else None, config)
    index.save(story, heaviest[: config.posted_terms])
    return story.id


def _candidates(
    postings: dict[str, list[str]], vector: Mapping[str, float], limit: int
) -> list[str]:
    """The `limit` stories sharing the most query-term weight with the article (ties by id)."""
    scores: dict[str, float] = defaultdict(float)
    for term, story_ids in postings.items():
        weight = vector.get(term, 0.0)
        for story_id in story_ids:
            scores[story_id] += weight
    return features.top_terms(scores, limit)
