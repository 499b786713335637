"""Where a cohort's room is in a live session.

Revision ID: 0009_room_state
Revises: 0008_messages
Create Date: 2026-12-07

- ``room_state``: per cohort, the activity its facilitator moved the room to (a module,
  a part of it and its title in words), whether everyone is paused, the end of a break,
  and when it changed; its live check-in (the latest, and whether it is open).
- ``room_checkins``: check-in answers without a participant (cohort, check-in, day).
- ``room_checkin_done``: that a person answered a check-in (no time).
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
        sa.Column("checkin_round", sa.Integer(), nullable=False),
        sa.Column("checkin_open", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id"),
    )
    op.create_table(
        "room_checkins",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("answered_on", sa.String(length=10), nullable=False),
        sa.Column("arriving", sa.Integer(), nullable=True),
        sa.Column("word", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_room_checkins_cohort_id", "room_checkins", ["cohort_id"],
                    unique=False)
    op.create_table(
        "room_checkin_done",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id", "round"),
    )


def downgrade() -> None:
    op.drop_table("room_checkin_done")
    op.drop_index("ix_room_checkins_cohort_id", table_name="room_checkins")
    op.drop_table("room_checkins")
    op.drop_table("room_state")
