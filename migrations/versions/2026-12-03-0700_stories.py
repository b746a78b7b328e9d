"""Stories: the story table, its inverted index and term statistics; duplicates of articles.

Revision ID: 0007_stories
Revises: 0006_search_outbox
Create Date: 2026-12-03 07:00:00

`article.story_id` existed already and stays as it is; articles stored before this revision get
their stories from `newsstore stories rebuild`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_stories"
down_revision: str | None = "0006_search_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outlets", sa.JSON(), nullable=False),
        sa.Column("centroid", sa.JSON(), nullable=False),
        sa.Column("cohesion_sum", sa.Float(), nullable=False),
        sa.Column("cohesion_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_story_size", "story", ["size"])
    op.create_index("ix_story_last_at", "story", ["last_at"])
    op.create_table(
        "story_posting",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("story_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term", "story_id"),
    )
    op.create_index("ix_story_posting_term_day", "story_posting", ["term", "day"])
    op.create_index("ix_story_posting_term_seq", "story_posting", ["term", "seq"])
    op.create_table(
        "story_term",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("term"),
    )
    op.create_table(
        "article_duplicate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_article_duplicate_article_id", "article_duplicate", ["article_id"])


def downgrade() -> None:
    op.drop_table("article_duplicate")
    op.drop_table("story_term")
    op.drop_table("story_posting")
    op.drop_table("story")
    op.execute("UPDATE article SET story_id = NULL")
