"""Story postings: one index on (term, day, seq, story_id) in place of (term, day).

Revision ID: 0008_story_posting_day_seq
Revises: 0007_stories
Create Date: 2026-12-03 13:30:00

Candidate retrieval asks, per term, for the latest undated stories (`day IS NULL ORDER BY seq
DESC LIMIT n`). With (term, day) and (term, seq) only, both backends walked every posting of the
term in seq order to find the undated ones, so the cost of an article grew with the store; this
index answers that part and the dated one from a bounded range, without reading the table.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008_story_posting_day_seq"
down_revision: str | None = "0007_stories"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_story_posting_term_day", table_name="story_posting")
    op.create_index(
        "ix_story_posting_term_day_seq", "story_posting", ["term", "day", "seq", "story_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_story_posting_term_day_seq", table_name="story_posting")
    op.create_index("ix_story_posting_term_day", "story_posting", ["term", "day"])
