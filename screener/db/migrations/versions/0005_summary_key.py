"""A sent draft is deleted; the browser finds its summary through a key on the
submission, which "Start again" clears.

The draft row used to stay after sending, holding the reference code and an expiry
rounded to the hour (tying the code to the hour it was sent, for about a day), and a
copy of the cookie, which held the reference too, opened the summary for the cookie's
whole life, even after "Start again". Now the submission keeps only the sha256 of the
sending browser's draft token. Drafts already sent move their link across and go.

Revision ID: 0005
Revises: 0004
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary_key", sa.String(64), nullable=True))
        batch_op.create_unique_constraint("uq_submission_summary_key", ["summary_key"])
    connection = op.get_bind()
    sent = connection.execute(
        sa.text(
            "SELECT token, submitted_reference FROM draft"
            " WHERE submitted_reference IS NOT NULL"
        )
    ).all()
    for token, reference in sent:
        connection.execute(
            sa.text("UPDATE submission SET summary_key = :key WHERE reference = :ref"),
            {"key": hashlib.sha256(token.encode()).hexdigest(), "ref": reference},
        )
    connection.execute(
        sa.text("DELETE FROM draft WHERE submitted_reference IS NOT NULL")
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_column("submitted_reference")


def downgrade() -> None:
    # The sent drafts are gone for good: a downgrade only restores the columns.
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("submitted_reference", sa.String(16), nullable=True)
        )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_constraint("uq_submission_summary_key", type_="unique")
        batch_op.drop_column("summary_key")
