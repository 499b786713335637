"""reflections.hidden_at: a facilitator can hide a reflection shared with the cohort.

Revision ID: 0002_reflection_hidden_at
Revises: 0001_baseline
Create Date: 2026-12-01

Commit 2c804d7 added this column without changing the data format, so databases made
before it open as format 1 without the column. This revision adds it; existing
reflections stay visible (NULL: not hidden).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_reflection_hidden_at"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflections") as batch:
        batch.add_column(sa.Column("hidden_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reflections") as batch:
        batch.drop_column("hidden_at")
