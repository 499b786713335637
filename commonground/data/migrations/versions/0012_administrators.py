"""The organisation's course administrator's link.

Revision ID: 0012_administrators
Revises: 0011_group_play
Create Date: 2026-12-07

- ``administrators``: each administrator link ever made, as the hash of its token, when it
  was made and when a newer one switched it off (none: it works).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_administrators"
down_revision = "0011_group_play"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "administrators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )


def downgrade() -> None:
    op.drop_table("administrators")
