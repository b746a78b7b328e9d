import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import given, settings

from app.search.cjk import side_text
from app.search.query import MAX_DEPTH, QuerySyntaxError, parse
from app.search.sqlite_fts import compile_match
from tests.search.corpus import ARTICLES, CASES
from tests.search.strategies import queries

# The shape of the real index: title, body and their CJK pairs, stemmed.
FTS_TABLE = """
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, body, title_cjk, body_cjk, content='', tokenize="porter unicode61 remove_diacritics 2"
)
"""


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(":memory:")
    connection.execute(FTS_TABLE)
    connection.executemany(
        "INSERT INTO articles_fts (rowid, title, body, title_cjk, body_cjk) VALUES (?, ?, ?, ?, ?)",
        [
            (rowid, title, body, side_text(title), side_text(body))
            for rowid, (title, body) in ARTICLES.items()
        ],
    )
    yield connection
    connection.close()


def search(db: sqlite3.Connection, query: str) -> set[int]:
    tree = parse(query)
    assert tree is not None
    rows = db.execute(
        "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", (compile_match(tree),)
    )
    return {rowid for (rowid,) in rows}


@pytest.mark.parametrize(("query", "expected", "meaning"), CASES, ids=[c[0] for c in CASES])
def test_operator_meaning_on_fixed_corpus(
    db: sqlite3.Connection, query: str, expected: set[int], meaning: str
) -> None:
    assert search(db, query) == expected, meaning


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kherson", '"kherson"'),
        ("zaporizh*", '"zaporizh"*'),
        ("POL-358", '"POL 358"'),
        ('"black sea gr"*', '"black sea gr"*'),
        ("a b OR c", '(("a" AND "b") OR "c")'),
        ("a -b -c", '("a" NOT ("b" OR "c"))'),
        ("a b -c", '(("a" AND "b") NOT "c")'),
        ("title:(a OR b)", '(title : "a" OR title : "b")'),
        ("北京", '{title_cjk body_cjk} : "北京"'),
        ("北京市政府", '{title_cjk body_cjk} : "北京 京市 市政 政府"'),
        ("title:서울 -북", '({title_cjk} : "서울" NOT {title_cjk body_cjk} : "북"*)'),
        ("K팝", '"K팝"'),
        ("NEAR a", '("NEAR" AND "a")'),
        ('"OR"', '"OR"'),
    ],
)
def test_compiled_expression_quotes_every_word(query: str, expected: str) -> None:
    tree = parse(query)
    assert tree is not None
    assert compile_match(tree) == expected


def test_exclusions_distributed_out_of_a_field_stay_per_field(db: sqlite3.Connection) -> None:
    # "cafe" is in the title of 3 and 4; body:(-cafe) keeps those whose body lacks it.
    assert search(db, "title:cafe body:(-reopened -lviv)") == set()
    assert search(db, "title:cafe -body:lviv") == {3}


def test_deepest_allowed_nesting_runs_in_fts5(db: sqlite3.Connection) -> None:
    query = "kherson"
    for level in range(MAX_DEPTH):
        query = f"(x{level} OR {query})" if level % 2 else f"({query} -y{level})"
    assert search(db, query) == {1, 10}


@settings(max_examples=1500, deadline=None)
@given(queries)
def test_any_input_either_is_rejected_or_runs_in_fts5(db: sqlite3.Connection, query: str) -> None:
    try:
        tree = parse(query)
    except QuerySyntaxError:
        return
    if tree is not None:
        db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (compile_match(tree),)
        ).fetchone()
