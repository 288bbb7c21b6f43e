"""Compress answers and stored export cells with lz4 on PostgreSQL.

Both columns hold a few kilobytes of text per submission, so PostgreSQL compresses
them. Its default, pglz, is slow to write and to read back; lz4 is several times
faster at a similar size. A server built without lz4 keeps pglz. SQLite: nothing.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _compress_with(method: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "DO $$ BEGIN "
        f"ALTER TABLE submission ALTER COLUMN answers SET COMPRESSION {method}; "
        f"ALTER TABLE submission ALTER COLUMN export_cells SET COMPRESSION {method}; "
        "EXCEPTION WHEN feature_not_supported THEN NULL; END $$"
    )


def upgrade() -> None:
    _compress_with("lz4")


def downgrade() -> None:
    _compress_with("pglz")
