"""Email: people's addresses and a record of each email sent.

Revision ID: 0008_messages
Revises: 0007_attendance
Create Date: 2026-12-07

- ``email_addresses``: one address per person, as the facilitator gave it.
- ``messages``: each email the course sent or tried to send (the person, the address,
  sending | sent | failed, the error in words, when); never its text or link.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_messages"
down_revision = "0007_attendance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "email_addresses",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id"),
    )
    op.create_table(
        "messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_messages_participant_id", "messages", ["participant_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_messages_participant_id", table_name="messages")
    op.drop_table("messages")
    op.drop_table("email_addresses")
