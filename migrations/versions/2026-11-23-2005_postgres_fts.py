"""PostgreSQL full-text index: a generated tsvector over title (weight A) and body (weight D).

Revision ID: 0003_postgres_fts
Revises: 0002_search_http
Create Date: 2026-11-23 20:05:00

On SQLite this revision does nothing: the FTS5 index of the first revision is its counterpart.

The vector is built to match what SQLite's `unicode61 remove_diacritics 2` tokenizer indexes, so
that a query finds the same articles on both backends:

- words are cut as unicode61 cuts them: every run of characters that are not letters or digits
  separates words (PostgreSQL's own parser would keep "POL-358", "U.S." or "3.5" whole), and the
  combining accents unicode61 folds into the letter before them are dropped;
- no stemming and no stop words (the `simple` dictionary), case folded;
- accents folded by the `unaccent` dictionary when the extension can be installed (it is a
  trusted extension: the database owner may install it). Without it, accents are kept and
  "cafe" no longer finds "café"; everything else still holds.

Stemmed, per-language configurations (english, russian, ...) are deliberately not used: SQLite's
index does not stem, and the API must answer the same on both backends.
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

revision: str = "0003_postgres_fts"
down_revision: str | None = "0002_search_http"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIG = "newsstore_fold"
# Combining accents unicode61 keeps inside a word (and then folds away); other marks split words.
_FOLDED_MARKS = r"\u0300-\u0304\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d\u032e\u0330\u0331"
_TOKEN_TYPES = (
    "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, "
    "hword_numpart"
)


def _words(column: str) -> str:
    """SQL that rewrites a column's text as its words separated by single spaces."""
    without_marks = f"regexp_replace(coalesce({column}, ''), '[{_FOLDED_MARKS}]', '', 'g')"
    return f"regexp_replace({without_marks}, '[^[:alnum:]]+', ' ', 'g')"


VECTOR = (
    f"setweight(to_tsvector('{CONFIG}'::regconfig, {_words('title')}), 'A') || "
    f"setweight(to_tsvector('{CONFIG}'::regconfig, {_words('body')}), 'D')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple)")
    if _unaccent_installed():
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
            f"ALTER MAPPING FOR {_TOKEN_TYPES} WITH unaccent, simple"
        )
    op.execute(
        f"ALTER TABLE article ADD COLUMN search_vector tsvector "
        f"GENERATED ALWAYS AS ({VECTOR}) STORED"
    )
    op.execute("CREATE INDEX ix_article_search_vector ON article USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_article_search_vector")
    op.execute("ALTER TABLE article DROP COLUMN IF EXISTS search_vector")
    op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


def _unaccent_installed() -> bool:
    """Install unaccent if allowed; a refusal (no privilege, not shipped) is not an error."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DBAPIError:
        return False
    return True
