"""Feedback a facilitator corrected: the earlier words, kept.

Revision ID: 0013_feedback_earlier
Revises: 0012_administrators
Create Date: 2026-12-07

- ``reflection_feedback_earlier``: feedback on a reflection's version as it was before a
  correction (its words, mark, score, source, when it was given and released, and when it
  was replaced). ``reflection_feedback`` keeps the latest, which the trainee sees.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_feedback_earlier"
down_revision = "0012_administrators"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection_feedback_earlier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("max_score", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("mark", sa.String(length=16), nullable=True),
        sa.Column("given_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["reflection_id"], ["reflections.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reflection_feedback_earlier_reflection_id",
                    "reflection_feedback_earlier", ["reflection_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_reflection_feedback_earlier_reflection_id",
                  table_name="reflection_feedback_earlier")
    op.drop_table("reflection_feedback_earlier")
