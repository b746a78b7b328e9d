"""Store version (bumped by triggers) for HTTP validators; pinned relevance walks for cursors.

Revision ID: 0002_search_http
Revises: 0001
Create Date: 2026-11-23 19:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_search_http"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WATCHED = ("article", "outlet")
_EVENTS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "store_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute(
        "INSERT INTO store_version (id, version, changed_at) VALUES (1, 0, CURRENT_TIMESTAMP)"
    )
    op.create_table(
        "search_walk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("query_key", sa.String(length=64), nullable=False),
        sa.Column("store_version", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("max_pk", sa.Integer(), nullable=False),
        sa.Column("pinned", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("search_walk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_walk_created_at"), ["created_at"])
        batch_op.create_index("ix_search_walk_query", ["query_key", "store_version"])
    op.create_table(
        "search_walk_hit",
        sa.Column("walk_id", sa.Integer(), nullable=False),
        sa.Column("ord", sa.Integer(), nullable=False),
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["walk_id"], ["search_walk.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("walk_id", "ord"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in _WATCHED:
            for event in _EVENTS:
                op.execute(
                    f"CREATE TRIGGER {table}_version_{event.lower()} AFTER {event} ON {table} "
                    "BEGIN UPDATE store_version SET version = version + 1, "
                    "changed_at = strftime('%Y-%m-%d %H:%M:%f', 'now') WHERE id = 1; END"
                )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_store_version() RETURNS trigger AS $$ BEGIN "
            "UPDATE store_version SET version = version + 1, changed_at = now() WHERE id = 1; "
            "RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in _WATCHED:
            op.execute(
                f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bump_store_version()"
            )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in _WATCHED:
            for event in _EVENTS:
                op.execute(f"DROP TRIGGER IF EXISTS {table}_version_{event.lower()}")
    elif dialect == "postgresql":
        for table in _WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_version ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bump_store_version()")
    op.drop_table("search_walk_hit")
    with op.batch_alter_table("search_walk", schema=None) as batch_op:
        batch_op.drop_index("ix_search_walk_query")
        batch_op.drop_index(batch_op.f("ix_search_walk_created_at"))
    op.drop_table("search_walk")
    op.drop_table("store_version")
