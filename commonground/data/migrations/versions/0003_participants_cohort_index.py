"""An index on participants.cohort_id: every cohort-wide view filters by it.

Revision ID: 0003_participants_cohort_index
Revises: 0002_reflection_hidden_at
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0003_participants_cohort_index"
down_revision = "0002_reflection_hidden_at"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_participants_cohort_id", "participants", ["cohort_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_participants_cohort_id", table_name="participants")
