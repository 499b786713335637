"""Sessions a cohort held and who attended them.

Revision ID: 0007_attendance
Revises: 0006_jurisdictions
Create Date: 2026-12-07

- ``cohort_sessions``: a face-to-face (or online) session of a cohort: its date, title and
  length in minutes, as the facilitator recorded it.
- ``session_attendance``: who attended each session, as the facilitator confirmed it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_attendance"
down_revision = "0006_jurisdictions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("cohort_id", "held_on", "title"),
    )
    op.create_index("ix_cohort_sessions_cohort_id", "cohort_sessions", ["cohort_id"],
                    unique=False)
    op.create_table(
        "session_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["cohort_sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("session_id", "participant_id"),
    )
    op.create_index("ix_session_attendance_participant_id", "session_attendance",
                    ["participant_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_session_attendance_participant_id", table_name="session_attendance")
    op.drop_table("session_attendance")
    op.drop_index("ix_cohort_sessions_cohort_id", table_name="cohort_sessions")
    op.drop_table("cohort_sessions")
