"""Drafts remember which red flags the next advice page is for.

The advice page used to show every flag raised so far, so a patient who had been told
to call 999 on the first page met that same advice again, above the new one, at every
later flag. Now each save records the flags it newly raised, and the advice page shows
those.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("advice_due", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("advice_due")
