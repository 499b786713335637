"""Each cohort's jurisdictions: the states and territories whose law its pages show.

Revision ID: 0006_jurisdictions
Revises: 0004_assessment_evaluation
Create Date: 2026-12-07

- ``cohort_jurisdictions``: one row per cohort and jurisdiction code (NSW, VIC, ...,
  CTH); more than one for a partnership across a border, none until a facilitator
  chooses.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_jurisdictions"
down_revision = "0004_assessment_evaluation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cohort_jurisdictions",
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("cohort_id", "code"),
    )


def downgrade() -> None:
    op.drop_table("cohort_jurisdictions")
