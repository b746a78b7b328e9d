"""Article date indexes carry story_id: (published_at, story_id) and (outlet_id, published_at,
story_id) in place of (published_at) and (outlet_id, published_at).

Revision ID: 0009_article_indexes_with_story
Revises: 0008_story_posting_day_seq
Create Date: 2026-12-03 18:30:00

`collapse=story` counts the stories among the articles a filter matches. With story_id outside
these indexes that count read every matching row from the table (0.8 s for one outlet of a
1M-article store); inside them it is read from the index the filter already walks. The old
indexes are prefixes of the new ones, so nothing else loses its index.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009_article_indexes_with_story"
down_revision: str | None = "0008_story_posting_day_seq"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_article_published_at", table_name="article")
    op.drop_index("ix_article_outlet_published", table_name="article")
    op.create_index("ix_article_published_story", "article", ["published_at", "story_id"])
    op.create_index(
        "ix_article_outlet_published_story", "article", ["outlet_id", "published_at", "story_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_article_outlet_published_story", table_name="article")
    op.drop_index("ix_article_published_story", table_name="article")
    op.create_index("ix_article_outlet_published", "article", ["outlet_id", "published_at"])
    op.create_index("ix_article_published_at", "article", ["published_at"])
