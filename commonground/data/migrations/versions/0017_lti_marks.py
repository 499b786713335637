"""Marks from feedback for an LMS's gradebook, and the cohort's rule that a module once
complete there stays complete.

Revision ID: 0017_lti_marks
Revises: 0016_hub_service
Create Date: 2026-12-07

- ``lti_marks.activity_progress``, ``grading_progress``: what the mark says of the
  person's work and of its grading (LTI AGS: ``Completed``/``FullyGraded``,
  ``PendingManual`` while feedback is awaited, ...); ``comment``: the facilitator's own
  words, only where they chose to send them; ``revision``: counts each new mark, so a
  try that answers after the mark changed records nothing over it. The marks already
  waiting get their progress from their score.
- ``cohort_assessment.lms_keeps_complete``: a later lower mark never takes a module the
  LMS has as complete back to incomplete.
- ``reflection_feedback.to_lms``: the facilitator chose to send this comment to the LMS.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_lti_marks"
down_revision = "0016_hub_service"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("lti_marks") as batch:
        batch.add_column(sa.Column("activity_progress", sa.String(length=16), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("grading_progress", sa.String(length=16), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("comment", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False,
                                   server_default="0"))
    op.execute("UPDATE lti_marks SET activity_progress = 'Completed', "
               "grading_progress = 'FullyGraded' "
               "WHERE score_given IS NOT NULL AND score_given >= score_maximum")
    op.execute("UPDATE lti_marks SET activity_progress = 'InProgress', "
               "grading_progress = 'Pending' "
               "WHERE score_given IS NOT NULL AND score_given < score_maximum")
    with op.batch_alter_table("cohort_assessment") as batch:
        batch.add_column(sa.Column("lms_keeps_complete", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("reflection_feedback") as batch:
        batch.add_column(sa.Column("to_lms", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("reflection_feedback") as batch:
        batch.drop_column("to_lms")
    with op.batch_alter_table("cohort_assessment") as batch:
        batch.drop_column("lms_keeps_complete")
    with op.batch_alter_table("lti_marks") as batch:
        for column in ("revision", "comment", "grading_progress", "activity_progress"):
            batch.drop_column(column)
