"""Playing a role-play together: groups of a cohort on the seats of one role-play.

Revision ID: 0011_group_play
Revises: 0010_own_jurisdiction
Create Date: 2026-12-07

- ``group_plays``: one playing of a role-play written for seats played at once, in a
  cohort, with its short code, the meeting points passed and what each seat had chosen.
- ``group_seats``: each seat's place in the role-play, its step, when the group's
  discussion began, and its reader (who decides a tie).
- ``group_members``: who plays which seat.
- ``group_votes``: a member's vote at the current step (gone once the group chose).
- ``group_steps``: each seat's group's choices: the scene, the choice, the discussion's
  length and how it was decided (no names).
- The room's live check-ins get kinds: ``room_state.checkin_kind`` ("arriving", "word"
  for a word cloud, "agree" for agree or disagree) and ``checkin_question``;
  ``room_checkins.agree``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_group_play"
down_revision = "0010_own_jurisdiction"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("room_state", sa.Column("checkin_kind", sa.String(length=16),
                                          nullable=False, server_default="arriving"))
    op.add_column("room_state", sa.Column("checkin_question", sa.String(length=300),
                                          nullable=False, server_default=""))
    op.add_column("room_checkins", sa.Column("agree", sa.Boolean(), nullable=True))
    op.create_table(
        "group_plays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("scenario_id", sa.String(length=64), nullable=False),
        sa.Column("met", sa.Text(), nullable=False),
        sa.Column("known", sa.Text(), nullable=False),
        sa.Column("started_on", sa.String(length=10), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    op.create_index("ix_group_plays_cohort_id", "group_plays", ["cohort_id"], unique=False)
    op.create_table(
        "group_seats",
        sa.Column("play_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=64), nullable=False),
        sa.Column("reader_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("step_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["play_id"], ["group_plays.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reader_id"], ["participants.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("play_id", "seat"),
    )
    op.create_table(
        "group_members",
        sa.Column("play_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["play_id"], ["group_plays.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("play_id", "participant_id"),
    )
    op.create_table(
        "group_votes",
        sa.Column("play_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("choice_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["play_id"], ["group_plays.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("play_id", "participant_id", "step"),
    )
    op.create_table(
        "group_steps",
        sa.Column("play_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=64), nullable=False),
        sa.Column("step", sa.Integer(), nullable=False),
        sa.Column("node_id", sa.String(length=64), nullable=False),
        sa.Column("choice_id", sa.String(length=64), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("how", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["play_id"], ["group_plays.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("play_id", "seat", "step"),
    )


def downgrade() -> None:
    op.drop_table("group_steps")
    op.drop_table("group_votes")
    op.drop_table("group_members")
    op.drop_table("group_seats")
    op.drop_index("ix_group_plays_cohort_id", table_name="group_plays")
    op.drop_table("group_plays")
    with op.batch_alter_table("room_checkins") as batch:
        batch.drop_column("agree")
    with op.batch_alter_table("room_state") as batch:
        batch.drop_column("checkin_question")
        batch.drop_column("checkin_kind")
