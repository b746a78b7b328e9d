"""Relevance walks keep their pinned order as one packed value instead of a row per hit.

Revision ID: 0005_walk_ranking_packed
Revises: 0004_cjk_and_stemming
Create Date: 2026-12-02 06:20:00

The first page of a relevance search wrote up to NEWSSTORE_WALK_MAX_HITS rows (10,000 by
default) into `search_walk_hit`, holding SQLite's single write lock that long on a GET, while
ingests waited behind it. The order now lives in `search_walk.ranking` (row keys, then scores,
8 bytes each): one row written per walk. Walks are a short-lived cache of cursor state, so the
ones in flight are dropped here: their cursors answer "expired" and the client starts again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_walk_ranking_packed"
down_revision: str | None = "0004_cjk_and_stemming"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("search_walk_hit")
    op.execute("DELETE FROM search_walk")
    with op.batch_alter_table("search_walk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ranking", sa.LargeBinary(), nullable=False))


def downgrade() -> None:
    op.execute("DELETE FROM search_walk")
    with op.batch_alter_table("search_walk", schema=None) as batch_op:
        batch_op.drop_column("ranking")
    op.create_table(
        "search_walk_hit",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["walk_id"], ["search_walk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("walk_id", "ord"),
    )
