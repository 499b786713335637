"""Where a cohort's room is in a live session.

Revision ID: 0009_room_state
Revises: 0008_messages
Create Date: 2026-12-07

- ``room_state``: per cohort, the activity its facilitator moved the room to (a module,
  a part of it and its title in words), whether everyone is paused, the end of a break,
  and when it changed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_room_state"
down_revision = "0008_messages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "room_state",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=True),
        sa.Column("anchor", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("break_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id"),
    )


def downgrade() -> None:
    op.drop_table("room_state")
