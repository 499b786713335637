"""The state or territory a person picked for themselves in the law panel.

Revision ID: 0010_own_jurisdiction
Revises: 0009_room_state
Create Date: 2026-12-07

- ``participant_jurisdiction``: per person, the code they picked where nobody chose one
  for them (a self-paced learner, or a cohort without its own choice yet).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_own_jurisdiction"
down_revision = "0009_room_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "participant_jurisdiction",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"],
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id"),
    )


def downgrade() -> None:
    op.drop_table("participant_jurisdiction")
