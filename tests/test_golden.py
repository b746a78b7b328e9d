"""Golden normalizations of the seeds: what a careful reader extracts from each raw page.

tests/golden/<seed>.json holds the expected fields; `optional_paragraphs` may appear in the body
or not (a doubled caption kept once, a related-story heading between paragraphs), nothing else
may. The output is taken from `newsstore normalize`, the contract later checks use.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.conftest import ROOT

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))
CHROME = [
    "Friday January 24th, 2025",
    "Новини",
    "Cookies",
    "Back To Top",
    "MOST POPULAR",
    "LATEST NEWS",
    "subscribe",
    "Image: AP",
    "Writing by",
    "Posted 4",
]


@pytest.fixture(scope="module")
def normalized() -> dict[str, dict]:
    result = CliRunner().invoke(app, ["normalize", str(ROOT / "seeds")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {Path(record["source"]).name: record for record in records}


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


@pytest.mark.parametrize("golden_path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_seed_normalizes_as_a_careful_reader_would(
    golden_path: Path, normalized: dict[str, dict]
) -> None:
    golden = json.loads(golden_path.read_text())
    actual = normalized[Path(golden["source"]).name]
    for field in ("url", "title", "subtitle", "dateline", "authors", "sources_cited", "language"):
        assert actual[field] == golden[field], field
    assert actual["outlet"]["name"] == golden["outlet_name"]
    for field in ("published_at", "modified_at"):
        assert _moment(actual[field]) == _moment(golden[field]), field
    assert actual["published_at_source"] == golden["published_at_source"]

    paragraphs = [p for p in actual["body"].split("\n\n") if p not in golden["optional_paragraphs"]]
    assert paragraphs == golden["body_paragraphs"]
    assert len(actual["body"].split("\n\n")) - len(paragraphs) <= 1, "optional text at most once"


def test_no_chrome_line_reaches_any_body(normalized: dict[str, dict]) -> None:
    for name, record in normalized.items():
        for chrome in CHROME:
            assert chrome not in record["body"], (name, chrome)
