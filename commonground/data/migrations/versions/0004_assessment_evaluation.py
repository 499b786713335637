"""Formative assessment and the course evaluation.

Revision ID: 0004_assessment_evaluation
Revises: 0003_participants_cohort_index
Create Date: 2026-12-02

- ``reflection_feedback.mark``: the completion mark (complete | not_yet). Feedback given
  before it keeps NULL and is shown as it was.
- ``cohort_assessment``: per cohort, whether the scored rubric is on and whether a passed
  reflection counts as complete (no row: the defaults).
- ``evaluation_answers`` (anonymous: cohort, random id, date) and ``evaluation_done``
  (only that a person has answered).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_assessment_evaluation"
down_revision = "0003_participants_cohort_index"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflection_feedback") as batch:
        batch.add_column(sa.Column("mark", sa.String(length=16), nullable=True))
    op.create_table(
        "cohort_assessment",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("scored_rubric", sa.Boolean(), nullable=False),
        sa.Column("passing_counts", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id"),
    )
    op.create_table(
        "evaluation_answers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("answered_on", sa.String(length=10), nullable=False),
        sa.Column("ratings_json", sa.Text(), nullable=False),
        sa.Column("most_useful", sa.Text(), nullable=False),
        sa.Column("to_change", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_evaluation_answers_cohort_id", "evaluation_answers", ["cohort_id"],
                    unique=False)
    op.create_table(
        "evaluation_done",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id"),
    )


def downgrade() -> None:
    op.drop_table("evaluation_done")
    op.drop_index("ix_evaluation_answers_cohort_id", table_name="evaluation_answers")
    op.drop_table("evaluation_answers")
    op.drop_table("cohort_assessment")
    with op.batch_alter_table("reflection_feedback") as batch:
        batch.drop_column("mark")
