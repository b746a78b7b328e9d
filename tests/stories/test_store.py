"""Stories and duplicates in a real store: ingest, duplicates recorded, rebuild, switch off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from app.cli import app
from app.config import Settings, get_settings
from app.ingest import ingest, ingest_records, to_article
from app.inputs import read_inputs
from app.main import create_app
from app.models import Article, ArticleDuplicate, Story
from app.store import article_row
from app.stories.features import terms
from tests.conftest import SEEDS

SEED = SEEDS / "003_2039a2002250f214.txt"


def _groups(engine: Engine) -> list[list[str]]:
    with Session(engine) as session:
        rows = session.exec(select(Article.source, Article.story_id)).all()
    by_story: dict[str | None, list[str]] = {}
    for source, story in rows:
        by_story.setdefault(story, []).append(source.rsplit("/", 1)[-1][:3])
    assert None not in by_story
    return sorted(sorted(group) for group in by_story.values())


def test_a_seed_again_under_another_url_is_a_recorded_duplicate(engine: Engine) -> None:
    assert ingest(engine, read_inputs([SEEDS])).counts["added"] == 5
    record = {
        "url": "https://mirror.example.net/nk-referenda",
        "outlet": "Mirror",
        "text": SEED.read_text(),
    }
    for _ in range(2):  # a second time changes nothing more
        [result] = ingest_records(engine, [("mirror", record)])
        assert result.status == "duplicate"
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == 5
        copies = session.exec(select(ArticleDuplicate)).all()
        original = session.exec(select(Article).where(Article.id == result.id)).one()
    assert original.source.endswith(SEED.name)
    assert [(c.article_id, c.url, c.outlet) for c in copies] == [
        (result.id, "https://mirror.example.net/nk-referenda", "mirror")
    ]


def test_the_article_answers_with_its_duplicates(engine: Engine, settings: Settings) -> None:
    ingest(engine, read_inputs([SEEDS]))
    record = {
        "url": "https://mirror.example.net/copy",
        "outlet": "Mirror",
        "text": SEED.read_text(),
    }
    [result] = ingest_records(engine, [("mirror", record)])
    with TestClient(create_app(settings)) as client:
        article = client.get(f"/articles/{result.id}").json()
        other = client.get("/articles", params={"limit": 5}).json()["items"]
    assert [(d["url"], d["outlet"]) for d in article["duplicates"]] == [
        ("https://mirror.example.net/copy", "mirror")
    ]
    assert article["duplicates"][0]["first_seen"].endswith(("Z", "+00:00"))
    assert len(other) == 5


def test_rebuild_regroups_the_store_the_same_way(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(engine, read_inputs([SEEDS]))
    assert _groups(engine) == [["000", "001", "002", "003"], ["004"]]
    monkeypatch.setenv(
        "NEWSSTORE_DATABASE_URL", str(engine.url.render_as_string(hide_password=False))
    )
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["stories", "rebuild"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "2 stories"
    assert _groups(engine) == [["000", "001", "002", "003"], ["004"]]
    with Session(engine) as session:
        assert sorted(session.exec(select(Story.size)).all()) == [1, 4]


def test_stories_switched_off_leave_story_id_empty(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSSTORE_STORIES", "false")
    get_settings.cache_clear()
    try:
        ingest(engine, read_inputs([SEEDS]))
    finally:
        get_settings.cache_clear()
    with Session(engine) as session:
        assert session.exec(select(Article.story_id).distinct()).all() == [None]
        assert session.exec(select(func.count()).select_from(Story)).one() == 0


def test_terms_counted_in_worker_processes_form_the_same_stories(engine: Engine) -> None:
    """A large ingest counts each article's story terms where it is normalized (in a worker)
    and hands them to the writer with the row."""
    ingest(engine, read_inputs([SEEDS]), workers=2)
    assert _groups(engine) == [["000", "001", "002", "003"], ["004"]]


def test_a_row_carries_its_story_terms_only_when_stories_are_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    [item] = read_inputs([SEED])
    article = to_article(item, datetime.now(UTC))
    assert article_row(article).story_terms == terms(article.title, article.body, article.language)
    monkeypatch.setenv("NEWSSTORE_STORIES", "false")
    get_settings.cache_clear()
    try:
        assert article_row(article).story_terms is None
    finally:
        get_settings.cache_clear()
