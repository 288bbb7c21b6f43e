"""Each submission keeps the staff-only distribution pattern of its regions, and the
queue's tallies count by it.

- `submission.distribution`: focal, segmental, multifocal, generalised or hemi, worked
  out when the answers are sent (NULL when no region was reported). Staff filter the
  queue by it, in each of its orders through an index of its own, and the export
  has it as a column.
- The four tally tables gain `distribution` in their key ("" for no region), so the
  queue's counts stay exact under the new filter. They are derived counts: they are
  dropped, made again with the new key and refilled from the submissions here.

The pattern follows the regions, sides and adjacency in questions.yaml, which a
migration cannot read: rows already stored keep NULL until `flask init-db` (or
`flask db upgrade`) works theirs out, right after migrating (submissions/patterns.py).

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The queue's three orders, each filtered by pattern (after the pattern itself).
PATTERN_INDEXES = {
    "ix_submission_pattern_triage": ["triage_rank", "submitted_on", "id"],
    "ix_submission_pattern_newest": ["submitted_on", "id"],
    "ix_submission_pattern_urgent": ["priority", "submitted_on", "id"],
}
#: Each tally's key, as this revision knows it (the last column is added here).
KEYS = {
    "submission_tally": ("day", "status", "priority", "version"),
    "region_tally": ("region", "day", "status", "priority", "version"),
    "submission_total": ("status", "priority", "version"),
    "region_total": ("region", "status", "priority", "version"),
}
#: The column types of every tally key.
TYPES: dict[str, sa.types.TypeEngine[Any]] = {
    "region": sa.String(length=32),
    "day": sa.Date(),
    "status": sa.String(length=16),
    "priority": sa.SmallInteger(),
    "version": sa.String(length=64),
    "distribution": sa.String(length=16),
}
#: Where each key column comes from, read from a submission (s) and its region (r).
SOURCES = {
    "region": "r.region",
    "day": "s.submitted_on",
    "status": "s.status",
    "priority": "s.priority",
    "version": "s.questionnaire_version",
    "distribution": "coalesce(s.distribution, '')",
}


def upgrade() -> None:
    with op.batch_alter_table("submission", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("distribution", sa.String(length=16), nullable=True)
        )
        for name, columns in PATTERN_INDEXES.items():
            batch_op.create_index(name, ["distribution", *columns], unique=False)
    _make_tallies(with_distribution=True)


def downgrade() -> None:
    _make_tallies(with_distribution=False)
    with op.batch_alter_table("submission", schema=None) as batch_op:
        for name in PATTERN_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_column("distribution")


def _make_tallies(with_distribution: bool) -> None:
    """Drop the tallies and make them again, keyed with or without the pattern, then
    count the submissions into them."""
    extra = ("distribution",) if with_distribution else ()
    for table, key in KEYS.items():
        op.drop_table(table)
        op.create_table(
            table,
            *(sa.Column(name, TYPES[name], nullable=False) for name in key + extra),
            sa.Column("count", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(*key, *extra),
        )
    for table, source in (
        ("submission_tally", "submission s"),
        (
            "region_tally",
            "submission_region r JOIN submission s ON s.id = r.submission_id",
        ),
    ):
        names = KEYS[table] + extra
        picked = ", ".join(SOURCES[name] for name in names)
        # The names are this module's constants.
        into = f"INSERT INTO {table} ({', '.join(names)}, count)"
        counted = f"SELECT {picked}, count(*) FROM {source}"  # noqa: S608
        op.execute(f"{into} {counted} GROUP BY {picked}")
    for total, daily in (
        ("submission_total", "submission_tally"),
        ("region_total", "region_tally"),
    ):
        listed = ", ".join(KEYS[total] + extra)
        into = f"INSERT INTO {total} ({listed}, count)"
        added = f"SELECT {listed}, sum(count) FROM {daily}"  # noqa: S608
        op.execute(f"{into} {added} GROUP BY {listed}")
