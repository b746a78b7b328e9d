"""CJK side index and English stemming, on both backends.

Revision ID: 0004_cjk_and_stemming
Revises: 0003_postgres_fts
Create Date: 2026-12-02 05:45:00

- `article.title_cjk` and `article.body_cjk` hold the character pairs of the title's and body's
  Chinese, Japanese and Korean runs (app.search.cjk), filled here for the rows already stored
  and by the application for every write after.
- The word index stems with the Porter algorithm: SQLite's FTS5 `porter` tokenizer over
  `unicode61 remove_diacritics 2`, PostgreSQL's snowball `porter` dictionary after `unaccent`.
  Both are the same original Porter stemmer, which only rewrites English suffixes: words in
  other alphabets (Cyrillic, Greek, CJK, ...) are indexed as they are.
- SQLite's FTS5 table gets the two side columns, so it is rebuilt; PostgreSQL's generated
  vector adds them with weights B (title) and C (body), so it is recomputed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.search import cjk

revision: str = "0004_cjk_and_stemming"
down_revision: str | None = "0003_postgres_fts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 500

# PostgreSQL: the stemming configuration, built like 0003's newsstore_fold.
STEM_CONFIG = "newsstore_stem"
_DICTIONARY = "newsstore_porter"
_TOKEN_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)
_FOLDED_MARKS = r"\u0300-\u0304\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d\u032e\u0330\u0331"


def _words(column: str) -> str:
    """SQL rewriting a column as its words, cut as unicode61 cuts them (see revision 0003)."""
    without_marks = f"regexp_replace(coalesce({column}, ''), '[{_FOLDED_MARKS}]', '', 'g')"
    return f"regexp_replace({without_marks}, '[^[:alnum:]]+', ' ', 'g')"


def _vector(config: str, with_cjk: bool) -> str:
    parts = [("title", "A"), ("body", "D")]
    if with_cjk:
        parts += [("title_cjk", "B"), ("body_cjk", "C")]
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, {_words(column)}), '{weight}')"
        for column, weight in parts
    )


def upgrade() -> None:
    # Plain ALTER TABLE on both backends: a batch copy of `article` would drop its triggers.
    op.add_column("article", sa.Column("title_cjk", sa.Text(), nullable=True))
    op.add_column("article", sa.Column("body_cjk", sa.Text(), nullable=True))
    _fill_side_columns()
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _replace_sqlite_fts(_SQLITE_FTS_STEMMED)
    elif dialect == "postgresql":
        _create_stem_config()
        _replace_vector(_vector(STEM_CONFIG, with_cjk=True))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _replace_sqlite_fts(_SQLITE_FTS_PLAIN)
    elif dialect == "postgresql":
        _replace_vector(_vector("newsstore_fold", with_cjk=False))
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {STEM_CONFIG}")
        op.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {_DICTIONARY}")
    # After the triggers that name them are gone; SQLite 3.35+ drops a column in place.
    for column in ("body_cjk", "title_cjk"):
        op.execute(f"ALTER TABLE article DROP COLUMN {column}")


def _fill_side_columns() -> None:
    """Pairs for the rows stored before this revision, a batch of rows at a time."""
    bind = op.get_bind()
    article = sa.table(
        "article",
        sa.column("pk", sa.Integer),
        sa.column("title", sa.Text),
        sa.column("body", sa.Text),
        sa.column("title_cjk", sa.Text),
        sa.column("body_cjk", sa.Text),
    )
    last = 0
    while True:
        rows = bind.execute(
            sa.select(article.c.pk, article.c.title, article.c.body)
            .where(article.c.pk > last)
            .order_by(article.c.pk)
            .limit(_BATCH)
        ).all()
        if not rows:
            return
        for pk, title, body in rows:
            title_cjk, body_cjk = cjk.side_text(title), cjk.side_text(body)
            if title_cjk or body_cjk:
                bind.execute(
                    article.update()
                    .where(article.c.pk == pk)
                    .values(title_cjk=title_cjk, body_cjk=body_cjk)
                )
        last = rows[-1][0]


def _fts_statements(columns: Sequence[str], tokenizer: str) -> list[str]:
    """The external-content FTS5 table over `columns` of `article` and its three triggers."""
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    return [
        f"""CREATE VIRTUAL TABLE articles_fts USING fts5(
            {names}, content='article', content_rowid='pk', tokenize='{tokenizer}'
        )""",
        f"""CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
            INSERT INTO articles_fts(rowid, {names}) VALUES (new.pk, {new});
        END""",
        f"""CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, {names}) VALUES ('delete', old.pk, {old});
        END""",
        f"""CREATE TRIGGER article_fts_update AFTER UPDATE OF {names} ON article BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, {names}) VALUES ('delete', old.pk, {old});
            INSERT INTO articles_fts(rowid, {names}) VALUES (new.pk, {new});
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ]


_SQLITE_FTS_PLAIN = _fts_statements(("title", "body"), "unicode61 remove_diacritics 2")
_SQLITE_FTS_STEMMED = _fts_statements(
    ("title", "body", "title_cjk", "body_cjk"), "porter unicode61 remove_diacritics 2"
)


def _replace_sqlite_fts(statements: list[str]) -> None:
    for name in ("article_fts_update", "article_fts_delete", "article_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS articles_fts")
    for statement in statements:
        op.execute(statement)


def _create_stem_config() -> None:
    """Porter after unaccent when 0003 could install it, as newsstore_fold folds accents."""
    op.execute(
        f"CREATE TEXT SEARCH DICTIONARY {_DICTIONARY} (TEMPLATE = snowball, LANGUAGE = porter)"
    )
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {STEM_CONFIG} (COPY = simple)")
    has_unaccent = (
        op.get_bind()
        .exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
        .first()
    )
    chain = f"unaccent, {_DICTIONARY}" if has_unaccent else _DICTIONARY
    op.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {STEM_CONFIG} "
        f"ALTER MAPPING FOR {_TOKEN_TYPES} WITH {chain}"
    )


def _replace_vector(vector: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_article_search_vector")
    op.execute("ALTER TABLE article DROP COLUMN IF EXISTS search_vector")
    op.execute(
        "ALTER TABLE article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({vector}) STORED"
    )
    op.execute("CREATE INDEX ix_article_search_vector ON article USING gin (search_vector)")
