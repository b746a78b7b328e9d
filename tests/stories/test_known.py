"""What a process knows of the story index between its batches must never stand in for the
store: after another writer's batch, a rolled-back batch or a rebuild, a batch forms exactly the
stories a process knowing nothing would."""

from __future__ import annotations

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
