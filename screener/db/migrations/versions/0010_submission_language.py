"""Each submission records the language it was answered in.

Patients may now answer in another language than the clinic's (Spanish first). The
answers are codes, the same in every language; staff read them in the clinic's
language, told which language the patient used, and the export has it as a column.
Every submission stored before this was answered in English.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "language", sa.String(length=8), server_default="en", nullable=False
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_column("language")
