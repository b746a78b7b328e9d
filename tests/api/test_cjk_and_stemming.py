"""Search across scripts, end to end on each backend: CJK words inside longer runs (the side index
of character pairs), English stemming, and scripts the stemmer leaves alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from app.config import Settings
from app.db import alembic_config, get_engine, upgrade
from app.ingest import ingest
from app.inputs import read_inputs
from app.main import create_app

RECORDS = [
    {
        "url": "https://example.cn/2024/01/beijing-rules",
        "title": "北京市政府发布新规",
        "text": "北京市政府今天发布了新的交通规定。新规将于下个月开始实施，"
        "市民可以通过政府网站了解详细内容。交通部门表示，新规有助于缓解城市拥堵。",
    },
    {
        "url": "https://example.kr/2024/01/seoul-summit",
        "title": "서울에서 정상회담 개최",
        "text": "대통령은 서울에서 기자회견을 열었다. 양국 정상은 경제 협력과 안보 문제를 "
        "논의했다고 밝혔다. 회담은 두 시간 동안 진행되었으며 공동 성명이 발표되었다.",
    },
    {
        "url": "https://example.jp/2024/01/tokyo-trains",
        "title": "東京の電車が遅延",
        "text": "東京都内では大雪の影響で多くの電車が遅延しました。鉄道会社によると、"
        "運転再開の見通しは立っていません。利用者には時間に余裕を持った行動が求められています。",
    },
    {
        "url": "https://example.org/2024/01/elections",
        "title": "Voters head to the polls in regional elections",
        "text": "Millions of voters were electing new regional councils on Sunday. Officials "
        "said turnout was rising steadily through the morning, and polling stations in the "
        "capital reported long queues before noon.",
    },
    {
        "url": "https://example.ua/2024/01/kherson",
        "title": "Херсонські новини",
        "text": "Мешканці Херсона отримали воду після ремонту водогону. Комунальні служби "
        "працювали всю ніч, щоб відновити постачання до ранку.",
    },
]


def _write_records(folder: Path) -> Path:
    path = folder / "records.jsonl"
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in RECORDS))
    return path


@pytest.fixture(scope="module")
def cjk_client(
    module_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    settings = Settings(database_url=module_database_url)
    upgrade(settings.database_url)
    path = _write_records(tmp_path_factory.mktemp("records"))
    report = ingest(get_engine(settings.database_url), read_inputs([path]))
    assert report.ok and report.counts["added"] == len(RECORDS), report
    with TestClient(create_app(settings)) as client:
        yield client


def _titles(client: TestClient, query: str) -> set[str]:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 200, response.text
    return {hit["title"] for hit in response.json()["items"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("北京", {"北京市政府发布新规"}),
        ("交通规定", {"北京市政府发布新规"}),
        ("title:交通", set()),
        ("서울", {"서울에서 정상회담 개최"}),
        ('"공동 성명"', {"서울에서 정상회담 개최"}),
        ("電車", {"東京の電車が遅延"}),
        ("東京 -大雪", set()),
        ("北京 OR 東京", {"北京市政府发布新规", "東京の電車が遅延"}),
        ("election", {"Voters head to the polls in regional elections"}),
        ("rise", {"Voters head to the polls in regional elections"}),
        ('"poll station"', {"Voters head to the polls in regional elections"}),
        ("Херсона", {"Херсонські новини"}),
        ("Херсон", set()),
    ],
)
def test_search_finds_words_inside_cjk_runs_and_stems_english_only(
    cjk_client: TestClient, query: str, expected: set[str]
) -> None:
    assert _titles(cjk_client, query) == expected


def test_cjk_snippet_marks_the_matched_characters_in_the_text(cjk_client: TestClient) -> None:
    (hit,) = cjk_client.get("/search", params={"q": "交通 新规"}).json()["items"]
    marked = {hit["snippet_text"][start:end] for start, end in hit["highlights"]}
    assert marked == {"交通", "新规"}
    assert "京市" not in hit["snippet_text"].replace("北京市", ""), "pairs never show"


def test_stemmed_snippet_marks_the_inflected_word(cjk_client: TestClient) -> None:
    (hit,) = cjk_client.get("/search", params={"q": "elect"}).json()["items"]
    marked = {hit["snippet_text"][start:end].casefold() for start, end in hit["highlights"]}
    assert marked & {"elections", "electing"}


def test_the_migration_fills_the_pairs_of_articles_stored_before_it(
    settings: Settings, tmp_path: Path
) -> None:
    config = alembic_config(settings.database_url)
    command.upgrade(config, "0003_postgres_fts")
    engine: Engine = get_engine(settings.database_url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO article (id, title, body, authors, sources_cited, removed, "
                "content_hash, word_count, ingested_at, updated_at) VALUES ('old', '旧文章', "
                "'北京市政府今天发布了新的交通规定。', '[]', '[]', '[]', 'h', 1, "
                "'2024-01-01', '2024-01-01')"
            )
        )
    command.upgrade(config, "head")
    with TestClient(create_app(settings)) as client:
        assert _titles(client, "交通") == {"旧文章"}
