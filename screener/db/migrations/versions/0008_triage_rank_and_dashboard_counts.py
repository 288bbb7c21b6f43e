"""The queue puts unreviewed, urgent submissions first; the dashboard reads running
counts instead of every submission's answers.

- `submission.triage_rank`: the priority plus one while a submission is new, 0 once
  it is reviewed, contacted or closed, kept in step by a CHECK constraint, with an
  index the queue's default order walks. "Most urgent first" ignored the status: an
  emergency reviewed months ago still topped the list.
- `dashboard_day` and `dashboard_week`: counts by day and by week of submissions, of
  each red-flag level and body region, and of each dashboard indicator; and
  `dashboard_indicator`, the indicators whose counts are complete. The dashboard tested
  each indicator against every submission in its window, so it slowed with their
  number. Submissions, levels and regions are filled in here from the queue's tallies,
  which hold the same counts by day (split by status and version besides); indicators
  are counted by `flask count-dashboard`, and until then the dashboard counts them the
  old way.

Revision ID: 0008
Revises: 0007
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Red-flag levels by priority, as this revision knows them.
LEVELS = {3: "emergency", 2: "same_day", 1: "within_days"}


def upgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("triage_rank", sa.SmallInteger(), nullable=True))
    op.execute(
        "UPDATE submission SET triage_rank ="
        " CASE WHEN status = 'new' THEN priority + 1 ELSE 0 END"
    )
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.alter_column(
            "triage_rank", existing_type=sa.SmallInteger(), nullable=False
        )
        batch_op.create_check_constraint(
            "triage_rank_matches_status",
            "(status = 'new' AND triage_rank = priority + 1)"
            " OR (status <> 'new' AND triage_rank = 0)",
        )
        batch_op.create_index(
            "ix_submission_triage", ["triage_rank", "submitted_on", "id"], unique=False
        )
    for table, period in (("dashboard_day", "day"), ("dashboard_week", "week")):
        op.create_table(
            table,
            sa.Column(period, sa.Date(), nullable=False),
            sa.Column("measure", sa.String(length=48), nullable=False),
            sa.Column("count", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(period, "measure"),
        )
    op.create_table(
        "dashboard_indicator",
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("condition", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    _count_from_tallies()


def _count_from_tallies() -> None:
    connection = op.get_bind()
    days: Counter[tuple[dt.date, str]] = Counter()
    for day, priority, count in connection.execute(
        sa.text(
            "SELECT day, priority, sum(count) FROM submission_tally"
            " GROUP BY day, priority"
        )
    ):
        day = _as_date(day)
        days[(day, "submissions")] += count
        if priority in LEVELS:
            days[(day, f"level:{LEVELS[priority]}")] += count
    for day, region, count in connection.execute(
        sa.text("SELECT day, region, sum(count) FROM region_tally GROUP BY day, region")
    ):
        days[(_as_date(day), f"region:{region}")] += count
    weeks: Counter[tuple[dt.date, str]] = Counter()
    for (day, measure), count in days.items():
        weeks[(day - dt.timedelta(days=day.weekday()), measure)] += count
    for table, period, counts in (
        ("dashboard_day", "day", days),
        ("dashboard_week", "week", weeks),
    ):
        rows = [
            {"period": start, "measure": measure, "count": count}
            for (start, measure), count in counts.items()
            if count
        ]
        if rows:
            # The table and column names are this module's constants.
            values = "VALUES (:period, :measure, :count)"
            insert = f"INSERT INTO {table} ({period}, measure, count) {values}"
            connection.execute(
                sa.text(insert),
                rows,
            )


def _as_date(value: dt.date | str) -> dt.date:
    """SQLite hands a raw query's dates back as text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def downgrade() -> None:
    op.drop_table("dashboard_indicator")
    op.drop_table("dashboard_week")
    op.drop_table("dashboard_day")
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.drop_index("ix_submission_triage")
        batch_op.drop_constraint("triage_rank_matches_status", type_="check")
        batch_op.drop_column("triage_rank")
