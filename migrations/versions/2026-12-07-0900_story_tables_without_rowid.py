"""Story postings keyed by (story_id, term) and without their (term, seq) index; on SQLite,
postings and term counts stored in their primary key's B-tree (WITHOUT ROWID).

Revision ID: 0010_story_tables_without_rowid
Revises: 0009_article_indexes_with_story
Create Date: 2026-12-07 09:00:00

An ingest batch upserts some 30 postings and 30 term counts an article, and the pages these
writes dirty are most of what its commit costs; the more, the larger the store. With a rowid,
SQLite kept each row twice over (the table by rowid and its primary key's index), and an update
of a posting found it through the one to change the other, the rowid table's pages spread over
the whole store. Keyed by (story_id, term), the postings of a story, which a batch rewrites
together, share a page or two instead of one page per term. The (term, seq) index served only
the lookups of undated articles, which now read the (term, day, seq) index as dated ones do
(the latest postings of any day): one index fewer to rewrite on every posting. On PostgreSQL
the primary key's column order changes and the index goes (its tables have no rowid). Both
tables are a derived index (`newsstore stories rebuild`), copied here as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010_story_tables_without_rowid"
down_revision: str | None = "0009_article_indexes_with_story"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _primary_key(["story_id", "term"])
        op.drop_index("ix_story_posting_term_seq", table_name="story_posting")
        return
    _recreate_posting(["story_id", "term"], with_rowid=False)
    _recreate_term(with_rowid=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _primary_key(["term", "story_id"])
        op.create_index("ix_story_posting_term_seq", "story_posting", ["term", "seq"])
        return
    _recreate_term(with_rowid=True)
    _recreate_posting(["term", "story_id"], with_rowid=True)


def _primary_key(columns: list[str]) -> None:
    op.drop_constraint("story_posting_pkey", "story_posting", type_="primary")
    op.create_primary_key("story_posting_pkey", "story_posting", columns)


def _recreate_posting(key: list[str], with_rowid: bool) -> None:
    """SQLite cannot change a table's key or rowid in place: a copy replaces it."""
    op.create_table(
        "story_posting_new",
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*key),
        sqlite_with_rowid=with_rowid,
    )
    op.execute(
        "INSERT INTO story_posting_new (story_id, term, day, seq) "
        "SELECT story_id, term, day, seq FROM story_posting"
    )
    op.drop_table("story_posting")
    op.rename_table("story_posting_new", "story_posting")
    op.create_index(
        "ix_story_posting_term_day_seq", "story_posting", ["term", "day", "seq", "story_id"]
    )
    if with_rowid:  # as before this revision
        op.create_index("ix_story_posting_term_seq", "story_posting", ["term", "seq"])


def _recreate_term(with_rowid: bool) -> None:
    op.create_table(
        "story_term_new",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
        sqlite_with_rowid=with_rowid,
    )
    op.execute("INSERT INTO story_term_new (term, df) SELECT term, df FROM story_term")
    op.drop_table("story_term")
    op.rename_table("story_term_new", "story_term")
