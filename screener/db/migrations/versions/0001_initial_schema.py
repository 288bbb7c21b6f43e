"""Initial schema: patient data, staff accounts, the audit log, snapshots and tallies.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from screener.db.models.audit import APPEND_ONLY_SQL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_audit_event_action"), ["action"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_audit_event_actor"), ["actor"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)

    op.create_table(
        "draft",
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("advised_flags", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_reference", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("token"),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_draft_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "questionnaire_snapshot",
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("first_used_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("content_hash"),
    )
    op.create_table(
        "region_tally",
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region", "day", "status", "priority", "version"),
    )
    op.create_table(
        "region_total",
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("region", "status", "priority", "version"),
    )
    op.create_table(
        "staff_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("totp_pending_secret", sa.String(length=64), nullable=True),
        sa.Column("totp_last_step", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('reviewer', 'admin')", name="known_role"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("username"),
    )
    op.create_table(
        "submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=16), nullable=False),
        sa.Column("questionnaire_version", sa.String(length=64), nullable=False),
        sa.Column("questionnaire_hash", sa.String(length=64), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("red_flag_level", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("export_cells", sa.Text(), nullable=True),
        sa.Column("export_hash", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "(red_flag_level = 'emergency' AND priority = 3) "
            "OR (red_flag_level = 'same_day' AND priority = 2) "
            "OR (red_flag_level = 'within_days' AND priority = 1) "
            "OR (red_flag_level = 'none' AND priority = 0)",
            name="priority_matches_level",
        ),
        sa.CheckConstraint(
            "red_flag_level IN ('emergency', 'same_day', 'within_days', 'none')",
            name="known_red_flag_level",
        ),
        sa.CheckConstraint(
            "status IN ('new', 'reviewed', 'contacted', 'closed')", name="known_status"
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.create_index(
            "ix_submission_newest", ["submitted_on", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_submission_questionnaire_version"),
            ["questionnaire_version"],
            unique=False,
        )
        batch_op.create_index(
            "ix_submission_status_newest",
            ["status", "submitted_on", "id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_submission_urgent", ["priority", "submitted_on", "id"], unique=False
        )

    op.create_table(
        "submission_tally",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "status", "priority", "version"),
    )
    op.create_table(
        "submission_total",
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status", "priority", "version"),
    )
    op.create_table(
        "staff_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submission.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_note_submission_id"), ["submission_id"], unique=False
        )

    op.create_table(
        "staff_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff_user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_session_staff_id"), ["staff_id"], unique=False
        )

    op.create_table(
        "submission_region",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"], ["submission.id"], ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("submission_id", "region"),
    )
    with op.batch_alter_table("submission_region", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_submission_region_region"), ["region"], unique=False
        )

    # The audit log is append-only in the database itself.
    for statement in APPEND_ONLY_SQL[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_refuse()")
    with op.batch_alter_table("submission_region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submission_region_region"))

    op.drop_table("submission_region")
    with op.batch_alter_table("staff_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_session_staff_id"))

    op.drop_table("staff_session")
    with op.batch_alter_table("staff_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_note_submission_id"))

    op.drop_table("staff_note")
    op.drop_table("submission_total")
    op.drop_table("submission_tally")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_urgent")
        batch_op.drop_index("ix_submission_status_newest")
        batch_op.drop_index(batch_op.f("ix_submission_questionnaire_version"))
        batch_op.drop_index("ix_submission_newest")

    op.drop_table("submission")
    op.drop_table("staff_user")
    op.drop_table("region_total")
    op.drop_table("region_tally")
    op.drop_table("questionnaire_snapshot")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_expires_at"))

    op.drop_table("draft")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))
        batch_op.drop_index(batch_op.f("ix_audit_event_actor"))
        batch_op.drop_index(batch_op.f("ix_audit_event_action"))

    op.drop_table("audit_event")
