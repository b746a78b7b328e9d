"""The online clustering on hand-made articles, through the in-memory index."""

from __future__ import annotations

from datetime import UTC, datetime

from app.stories.cluster import StoryConfig, StoryDoc, assign
from app.stories.memory import MemoryIndex

QUAKE_A = (
    "A 5.6 magnitude earthquake hit Qeshm island off southern Iran on Sunday, injuring five "
    "people in the town of Dargahan, Iranian media said. Governor Ahmad Karimi said buildings "
    "were damaged in Dargahan."
)
QUAKE_A2 = (
    "Five people were hurt when a magnitude 5.6 quake struck Qeshm island near Dargahan, "
    "Governor Ahmad Karimi told state television. Buildings in Dargahan were damaged."
)
QUAKE_B = (
    "A magnitude 7.1 earthquake struck Sumatra in Indonesia, killing 40 people in Padang, "
    "officials said. Rescuers in Padang searched collapsed hotels through the night."
)
FILLER = [
    "The central bank raised interest rates by a quarter point to fight inflation, its "
    "governor told reporters in Frankfurt.",
    "The football club signed a new striker from Lisbon for a record fee on Tuesday.",
    "Parliament passed the budget after a long debate over pensions and taxes.",
]


def _day(day: int, month: int = 3, year: int = 2024) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def _run(docs: list[StoryDoc], config: StoryConfig | None = None) -> dict[str, str]:
    index = MemoryIndex()
    return {doc.id: assign(doc, index, config or StoryConfig()) for doc in docs}


def _filler() -> list[StoryDoc]:
    return [StoryDoc(f"f{n}", None, text, _day(1)) for n, text in enumerate(FILLER)]


def test_two_reports_of_one_event_share_a_story_and_another_event_does_not() -> None:
    docs = [
        *_filler(),
        StoryDoc("a1", "Quake hits Iran island", QUAKE_A, _day(3), outlet="reuters"),
        StoryDoc("a2", "Five hurt in Qeshm quake", QUAKE_A2, _day(3), outlet="afp"),
        StoryDoc("b1", "Sumatra quake kills 40", QUAKE_B, _day(4), outlet="ap"),
    ]
    stories = _run(docs)
    assert stories["a1"] == stories["a2"] == "a1"  # a story is named after its first article
    assert stories["b1"] == "b1"
    assert len({stories[f"f{n}"] for n in range(len(FILLER))}) == len(FILLER)


def test_the_same_text_far_outside_the_date_window_starts_a_new_story() -> None:
    config = StoryConfig(window_days=30)
    docs = [
        *_filler(),
        StoryDoc("a1", "Quake hits Iran island", QUAKE_A, _day(3)),
        StoryDoc("a2", "Five hurt in Qeshm quake", QUAKE_A2, _day(3, year=2026)),
        StoryDoc("a3", "Five hurt in Qeshm quake", QUAKE_A2, None),
    ]
    stories = _run(docs, config)
    assert stories["a2"] == "a2"
    assert stories["a3"] in {"a1", "a2"}  # an undated article is never kept out by date


def test_story_state_tracks_dates_outlets_and_a_title() -> None:
    index = MemoryIndex()
    config = StoryConfig()
    for doc in _filler():
        assign(doc, index, config)
    assign(StoryDoc("a1", None, QUAKE_A, _day(5), outlet="reuters"), index, config)
    assign(
        StoryDoc("a2", "Five hurt in Qeshm quake", QUAKE_A2, _day(3), "en", "afp"), index, config
    )
    story = index.stories["a1"]
    assert story.size == 2
    assert (story.first_at, story.last_at) == (_day(3), _day(5))
    assert story.outlets == ["reuters", "afp"]
    assert story.title == "Five hurt in Qeshm quake"  # the first headline it gets


def test_candidates_are_bounded_per_term() -> None:
    """With one posting a term and one candidate, an article still finds its story when the
    story is the most recent one holding its terms; the bound caps what is read, not joins."""
    config = StoryConfig(per_term=1, candidates=1)
    docs = [
        *_filler(),
        StoryDoc("a1", "Quake hits Iran island", QUAKE_A, _day(3)),
        StoryDoc("a2", "Five hurt in Qeshm quake", QUAKE_A2, _day(3)),
    ]
    index = MemoryIndex()
    assert [assign(doc, index, config) for doc in docs][-1] == "a1"
    postings = index.postings(["#5.6", "dargahan"], _day(3), config)
    assert sum(len(stories) for stories in postings.values()) <= 2 * 2  # dated, undated a term
