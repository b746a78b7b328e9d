"""What the CJK side index (character pairs, app.search.cjk) costs on disk: a store of generated
Chinese/Japanese/Korean articles measured with its pairs, then with the pairs removed and the
index rebuilt, in the same run. Sentences are drawn from the CJK pages of the evaluation data.

    python -m tests.bench.cjk_index [--articles 5000] [--data ../shared/data] [--postgres]

--postgres measures the same on NEWSSTORE_TEST_POSTGRES_URL (a database is created there).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, insert, text

from app.db import get_engine, upgrade
from app.models import Article, utcnow
from app.search.cjk import runs, side_text
from tests.bench.stores import postgres_database

_SENTENCE_END = re.compile(r"(?<=[。！？])")


def cjk_sentences(data: Path) -> list[str]:
    """Sentences of the data's text dumps that are mostly CJK characters."""
    found: list[str] = []
    for path in sorted(data.glob("*/text/*")):
        for line in path.read_text(errors="ignore").splitlines():
            for sentence in _SENTENCE_END.split(line.strip()):
                cjk_chars = sum(len(run) for run in runs(sentence))
                if cjk_chars >= 10 and cjk_chars >= 0.6 * len(sentence):
                    found.append(sentence)
    return sorted(set(found))


def generated_rows(sentences: list[str], count: int, seed: int) -> list[dict[str, object]]:
    """`count` articles of about 400 characters, each its own draw of sentences."""
    pick = random.Random(seed)
    now = utcnow()
    rows = []
    for number in range(count):
        parts: list[str] = []
        while sum(map(len, parts)) < 400:
            parts.append(pick.choice(sentences))
        title, body = parts[0][:24], "\n\n".join(parts[1:])
        digest = hashlib.sha256(f"{number}{body}".encode()).hexdigest()
        rows.append(
            {
                "id": digest[:16],
                "title": title,
                "body": body,
                "title_cjk": side_text(title),
                "body_cjk": side_text(body),
                "authors": [],
                "sources_cited": [],
                "removed": [],
                "content_hash": digest,
                "word_count": len(body.split()),
                "language": "zh",
                "ingested_at": now,
                "updated_at": now,
            }
        )
    return rows


def fill(engine: Engine, rows: list[dict[str, object]]) -> None:
    with engine.begin() as connection:
        for start in range(0, len(rows), 1000):
            connection.execute(insert(Article), rows[start : start + 1000])


def sqlite_size(engine: Engine, path: Path) -> int:
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        connection.execute(text("VACUUM"))
    return path.stat().st_size


def postgres_size(engine: Engine) -> int:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM FULL article"))
        return connection.execute(text("SELECT pg_total_relation_size('article')")).scalar_one()


def drop_pairs(engine: Engine) -> None:
    """The same store as if no side index existed: pairs gone, word index rebuilt."""
    with engine.begin() as connection:
        connection.execute(text("UPDATE article SET title_cjk = NULL, body_cjk = NULL"))
        if engine.dialect.name == "sqlite":
            connection.execute(text("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')"))


def measure(engine: Engine, size: Callable[[], int], rows: list[dict[str, object]]) -> list[str]:
    fill(engine, rows)
    with_pairs = size()
    drop_pairs(engine)
    without = size()
    text_bytes = sum(
        len(str(row["body"]).encode()) + len(str(row["title"]).encode()) for row in rows
    )
    mib = 1024 * 1024
    return [
        engine.dialect.name,
        f"{len(rows):,}",
        f"{text_bytes / mib:.1f}",
        f"{without / mib:.1f}",
        f"{with_pairs / mib:.1f}",
        f"{with_pairs / without:.2f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    sentences = cjk_sentences(args.data)
    rows = generated_rows(sentences, args.articles, seed=7)
    print(f"{len(sentences)} CJK sentences from {args.data}")
    table = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cjk.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        engine = get_engine(url)
        table.append(measure(engine, lambda: sqlite_size(engine, path), rows))
        engine.dispose()
    if args.postgres:
        url = postgres_database("newsstore_bench_cjk", fresh=True)
        upgrade(url)
        engine = get_engine(url)
        table.append(measure(engine, lambda: postgres_size(engine), rows))
        engine.dispose()
    header = ["backend", "articles", "text MiB", "store MiB, no pairs", "with pairs", "ratio"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in table:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
