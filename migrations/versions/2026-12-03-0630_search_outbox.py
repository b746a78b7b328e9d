"""The store's change sequence, which the derived search index applies.

Revision ID: 0006_search_outbox
Revises: 0005_walk_ranking_packed
Create Date: 2026-12-03 06:30:00

Triggers add a row to `search_outbox` for every insert, update and delete of an article, in the
same transaction, so the tantivy index (app.search.index) can never miss a write: it applies the
rows after the last sequence number it recorded. Every article already stored gets a row here,
so an existing store's index fills on its first sync (or `newsstore index rebuild`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_search_outbox"
down_revision: str | None = "0005_walk_ranking_packed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EVENTS = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "search_outbox",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column(
            "txid",
            sa.BigInteger(),
            server_default=(
                sa.text("(pg_current_xact_id()::text::bigint)") if dialect == "postgresql" else None
            ),
            nullable=True,
        ),
        sa.PrimaryKeyConstraint("seq"),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_search_outbox_txid"), "search_outbox", ["txid"])
    if dialect == "sqlite":
        for event, row in _EVENTS.items():
            op.execute(
                f"CREATE TRIGGER search_outbox_{event.lower()} AFTER {event} ON article BEGIN "
                f"INSERT INTO search_outbox (article_pk) VALUES ({row}.pk); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION search_outbox_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "INSERT INTO search_outbox (article_pk) VALUES "
            "(CASE WHEN TG_OP = 'DELETE' THEN OLD.pk ELSE NEW.pk END); RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER search_outbox_change AFTER INSERT OR UPDATE OR DELETE ON article "
            "FOR EACH ROW EXECUTE FUNCTION search_outbox_add()"
        )
    op.execute("INSERT INTO search_outbox (article_pk) SELECT pk FROM article ORDER BY pk")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in _EVENTS:
            op.execute(f"DROP TRIGGER search_outbox_{event.lower()}")
    else:
        op.execute("DROP TRIGGER search_outbox_change ON article")
        op.execute("DROP FUNCTION search_outbox_add()")
    op.drop_index(op.f("ix_search_outbox_txid"), table_name="search_outbox")
    op.drop_table("search_outbox")
