"""What a process knows of the story index between its batches must never stand in for the
store: after another writer's batch, a rolled-back batch or a rebuild, a batch forms exactly the
stories a process knowing nothing would."""

from __future__ import annotations

import random
import weakref

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.models import StoryTerm
from app.stories import known
from app.stories.assign import rebuild
from app.stories.cluster import StoryDoc, assign
from app.stories.sql_index import SqlIndex
from tests.stories.test_sql_index import CONFIG, _docs


def _batch(engine: Engine, docs: list[StoryDoc], commit: bool = True) -> list[str]:
    with Session(engine) as session:
        index = SqlIndex(session)
        found = [assign(doc, index, CONFIG) for doc in docs]
        index.flush()
        if not commit:
            session.rollback()
            session.connection()  # the session's next transaction commits nothing of the batch
        session.commit()
    return found


def _forgetting(engine: Engine, docs: list[StoryDoc]) -> list[str]:
    """The batch as a process knowing nothing of the store would form it (and then forgets
    it, so that the store is as before for the batch under test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(known, "_known", weakref.WeakKeyDictionary())
        return _batch(engine, docs, commit=False)


def _version(engine: Engine) -> int | None:
    with Session(engine) as session:
        return session.exec(select(StoryTerm.df).where(StoryTerm.term == known.VERSION)).first()


def test_a_batch_trusts_its_own_previous_batch(engine: Engine) -> None:
    docs = _docs(180)
    _batch(engine, docs[:60])
    assert known._known  # the process knows the store now
    expected = _forgetting(engine, docs[60:120])
    assert _batch(engine, docs[60:120]) == expected


def test_after_another_writers_batch_nothing_known_is_trusted(engine: Engine) -> None:
    docs = _docs(180)
    _batch(engine, docs[:60])
    with pytest.MonkeyPatch.context() as patch:  # another process: its own knowledge
        patch.setattr(known, "_known", weakref.WeakKeyDictionary())
        _batch(engine, docs[60:120])
    expected = _forgetting(engine, docs[120:])
    assert _batch(engine, docs[120:]) == expected


def test_a_rolled_back_batch_leaves_nothing_known(engine: Engine) -> None:
    docs = _docs(240)
    _batch(engine, docs[:60])
    version = _version(engine)
    _batch(engine, docs[60:120], commit=False)
    assert _version(engine) == version
    with pytest.MonkeyPatch.context() as patch:  # another process takes the next version
        patch.setattr(known, "_known", weakref.WeakKeyDictionary())
        _batch(engine, docs[120:180])
    expected = _forgetting(engine, docs[180:])
    assert _batch(engine, docs[180:]) == expected


def test_a_rebuild_keeps_the_version_and_raises_it(engine: Engine) -> None:
    docs = _docs(120)
    _batch(engine, docs[:60])
    version = _version(engine)
    assert version is not None
    rebuild(engine, CONFIG)  # no articles stored: only forgets the stories
    assert _version(engine) == version + 1
    expected = _forgetting(engine, docs[60:])
    assert _batch(engine, docs[60:]) == expected


def test_past_its_bound_a_map_loses_what_was_used_longest_ago() -> None:
    kept = {"a": 1, "b": 2, "c": 3}
    known._use(kept, {"a": 10, "d": 4}, 3)
    assert list(kept.items()) == [("c", 3), ("a", 10), ("d", 4)]


def test_bounded_knowledge_stays_bounded_and_forms_the_stories_knowing_nothing_would(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However little a process may keep, it keeps no more, is never emptied all at once (the
    last batch's own terms stay), and a batch forms the same stories as without it."""
    for name, limit in (("MAX_TERMS", 30), ("MAX_FRONTS", 7), ("MAX_STORIES", 3)):
        monkeypatch.setattr(known, name, limit)
    docs = _docs(160)
    for start in range(0, 120, 20):
        _batch(engine, docs[start : start + 20])
        held = known._known[engine]
        assert len(held.df) <= 30 and len(held.fronts) <= 7 and len(held.stories) <= 3
        assert held.fronts and held.stories
        assert held.df.keys() & docs[start + 19].counted_terms().keys()
    expected = _forgetting(engine, docs[120:])
    assert _batch(engine, docs[120:]) == expected


def _truth(postings: dict[str, known.Posting], dated: bool) -> list[known.Posting]:
    """A term's postings of one kind as the store orders them, most recent first."""
    kind = [p for p in postings.values() if (p[0] is not None) == dated]
    return sorted(kind, reverse=True)


def _front_of(postings: dict[str, known.Posting]) -> known.Front:
    """The front the store answers for the term (at most FRONT of each kind)."""
    dated, undated = _truth(postings, True), _truth(postings, False)
    return known.Front(
        known.Ranked(tuple(dated[: known.FRONT]), len(dated) < known.FRONT),
        known.Ranked(tuple(undated[: known.FRONT]), len(undated) < known.FRONT),
    )


@pytest.mark.parametrize("seed", range(20))
def test_a_front_answers_as_the_store_after_each_batch_of_postings(seed: int) -> None:
    """Stories re-posted (later day, higher seq) or new, some undated: whatever the front
    answers for a window is the store's answer, and it answers the usual windows."""
    rng = random.Random(seed)
    stored: dict[str, known.Posting] = {}
    seq = 0

    def posting(story: str) -> known.Posting:
        nonlocal seq
        seq += 1
        earlier = stored.get(story)
        if rng.random() < 0.1 and (earlier is None or earlier[0] is None):
            return (None, seq, story)
        day = max(earlier[0] or 0, 700) if earlier else 700
        return (day + rng.randint(0, 3), seq, story)

    for _ in range(rng.randint(0, 120)):
        story = f"s{rng.randint(0, 150)}"
        stored[story] = posting(story)
    front = _front_of(stored)
    for _ in range(15):
        batch = {f"s{rng.randint(0, 200)}" for _ in range(rng.randint(1, 12))}
        written = [posting(story) for story in sorted(batch)]
        stored.update({p[2]: p for p in written})
        front.post(written)
        for count in (1, 20, 35):
            low, high = rng.choice([(0, 10_000), (701, 703), (690, 1_000)])
            dated = front.dated.first(count, low, high)
            in_window = [p for p in _truth(stored, True) if low <= p[0] <= high]  # type: ignore[operator]
            assert dated is None or list(dated) == in_window[:count]
            undated = front.undated.first(count)
            assert undated is None or list(undated) == _truth(stored, False)[:count]
        assert front.dated.first(20, 0, 10_000) is not None  # all recent: the front suffices
