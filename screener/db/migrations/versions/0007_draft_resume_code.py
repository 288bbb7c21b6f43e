"""Drafts may carry a resume code, kept only as a keyed hash.

Unsent answers lived 24 hours in one browser only. A patient may now ask for a resume
code to carry on later, on any device: the draft keeps the code's HMAC-SHA256 (under
the app's secret key), unique so that a code finds one draft at most, and indexed
because the look-up reads it.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("resume_code_hash", sa.String(64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_draft_resume_code_hash"), ["resume_code_hash"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_resume_code_hash"))
        batch_op.drop_column("resume_code_hash")
