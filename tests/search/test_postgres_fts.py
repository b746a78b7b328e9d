"""The tsquery compiler against a real PostgreSQL.

Runs against NEWSSTORE_TEST_POSTGRES_URL, or a local server on the default port; it is skipped
only when neither is there. Everything it creates lives in one transaction rolled back at the end.
"""

import os
from collections.abc import Iterator

import psycopg
import pytest
from hypothesis import given, settings
from sqlalchemy.engine import make_url

from app.search.cjk import side_text
from app.search.postgres_fts import compile_tsquery, tsquery_text
from app.search.query import QuerySyntaxError, parse
from app.search.tokenize import words
from app.search.tree import Field, Phrase, Term
from tests.search.corpus import ARTICLES, CASES
from tests.search.strategies import queries

pytestmark = pytest.mark.postgres

LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/test"
CONFIG = "newsstore_search_test"

# unaccent then the Porter stemmer (no stop words): the counterpart of FTS5's porter over
# unicode61 with remove_diacritics, as the cjk_and_stemming revision builds it.
SETUP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH DICTIONARY newsstore_test_porter (TEMPLATE = snowball, LANGUAGE = porter)",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part "
    "WITH unaccent, newsstore_test_porter",
    "CREATE TEMP TABLE articles (id integer PRIMARY KEY, search_vector tsvector NOT NULL)",
]
INSERT = f"""
INSERT INTO articles (id, search_vector)
VALUES (%s, setweight(to_tsvector('{CONFIG}', %s), 'A')
            || setweight(to_tsvector('{CONFIG}', %s), 'D')
            || setweight(to_tsvector('{CONFIG}', %s), 'B')
            || setweight(to_tsvector('{CONFIG}', %s), 'C'))
"""


def _connect() -> psycopg.Connection:
    url = os.environ.get("NEWSSTORE_TEST_POSTGRES_URL")
    # The variable holds an SQLAlchemy URL (postgresql+psycopg://...); libpq wants postgresql://.
    libpq_url = make_url(url).set(drivername="postgresql").render_as_string(False) if url else None
    try:
        return psycopg.connect(libpq_url or LOCAL_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        if url:
            raise
        pytest.skip("no PostgreSQL server: set NEWSSTORE_TEST_POSTGRES_URL")


@pytest.fixture(scope="module")
def pg() -> Iterator[psycopg.Connection]:
    connection = _connect()
    with connection, connection.transaction(force_rollback=True):
        for statement in SETUP:
            connection.execute(statement)
        for article_id, (title, body) in ARTICLES.items():
            # The vector gets words cut as FTS5 cuts them, as postgres_fts documents.
            cut = [" ".join(words(title)), " ".join(words(body))]
            pairs = [side_text(title) or "", side_text(body) or ""]
            connection.execute(INSERT, (article_id, *cut, *pairs))
        yield connection


def search(pg: psycopg.Connection, query: str) -> set[int]:
    tree = parse(query)
    assert tree is not None
    fragment, params = compile_tsquery(tree, CONFIG)
    rows = pg.execute(f"SELECT id FROM articles WHERE search_vector @@ {fragment}", params)
    return {article_id for (article_id,) in rows}


@pytest.mark.parametrize(("query", "expected", "meaning"), CASES, ids=[c[0] for c in CASES])
def test_operator_meaning_on_fixed_corpus(
    pg: psycopg.Connection, query: str, expected: set[int], meaning: str
) -> None:
    assert search(pg, query) == expected, meaning


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kherson", "'kherson'"),
        ("zaporizh*", "'zaporizh':*"),
        ("POL-358", "(('POL':A <-> '358':A) | ('POL':D <-> '358':D))"),
        ('title:"black sea gr"*', "('black':A <-> 'sea':A <-> 'gr':*A)"),
        ("a b OR c", "(('a' & 'b') | 'c')"),
        ("a -b -c", "('a' & !'b' & !'c')"),
        ('title:(a* OR "b c") body:d', "(('a':*A | ('b':A <-> 'c':A)) & 'd':D)"),
        ("北京", "'北京':BC"),
        ("北京市", "(('北京':B <-> '京市':B) | ('北京':C <-> '京市':C))"),
        ("title:北京 body:서", "('北京':B & '서':*C)"),
        ("K팝", "'K팝'"),
    ],
)
def test_tsquery_text_quotes_every_word(query: str, expected: str) -> None:
    tree = parse(query)
    assert tree is not None
    assert tsquery_text(tree) == expected


def test_quotes_and_backslashes_in_a_word_stay_inside_the_lexeme(pg: psycopg.Connection) -> None:
    # parse() never yields such words; the compiler is safe for any tree all the same.
    tree = Field("title", Phrase(("it's", "a\\'b & !c:*"), prefix=True))
    fragment, params = compile_tsquery(tree, "simple")
    (compiled,) = pg.execute(f"SELECT {fragment}::text", params).fetchone()
    # "&", "!" and ":*" were read as text, not as operators: the words are all there is.
    assert compiled == "'it':A <-> 's':A <-> ( 'a':*A <-> 'b':*A <-> 'c':*A )"


def test_stop_words_can_leave_only_an_exclusion_which_querytree_detects(
    pg: psycopg.Connection,
) -> None:
    fragment, params = compile_tsquery(parse("the -bridge"), "english")
    (tree,) = pg.execute(f"SELECT querytree({fragment})", params).fetchone()
    assert tree == "T"
    fragment, params = compile_tsquery(Term("bridge"), "english")
    (tree,) = pg.execute(f"SELECT querytree({fragment})", params).fetchone()
    assert tree == "'bridg'"


@pytest.mark.parametrize("config", [CONFIG, "english"])
@settings(max_examples=500, deadline=None)
@given(query=queries)
def test_any_input_either_is_rejected_or_runs_in_postgres(
    pg: psycopg.Connection, config: str, query: str
) -> None:
    try:
        tree = parse(query)
    except QuerySyntaxError:
        return
    if tree is not None:
        fragment, params = compile_tsquery(tree, config)
        with pg.transaction():
            pg.execute(f"SELECT count(*) FROM articles WHERE search_vector @@ {fragment}", params)
