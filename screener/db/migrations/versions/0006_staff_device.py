"""Browsers that signed in before may still try while their account is locked.

Ten wrong passwords from anyone locked an account for 15 minutes, so anyone who knew
a username could keep its owner locked out with ten requests every quarter of an hour.
A browser that has signed in as that person before now carries a random device token
(its hash is stored here) and may still try, with a failure count of its own.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_device",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index(
        op.f("ix_staff_device_staff_id"), "staff_device", ["staff_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_device_staff_id"), table_name="staff_device")
    op.drop_table("staff_device")
