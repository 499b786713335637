"""The session a facilitator started in the live room.

Revision ID: 0014_room_session
Revises: 0013_feedback_earlier
Create Date: 2026-12-07

- ``room_state.session``: its name in words ("Session 2: modules 01 and 02"), shown on
  each trainee's banner and the presenter view; "" when none is running.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_room_session"
down_revision = "0013_feedback_earlier"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("room_state") as batch:
        batch.add_column(sa.Column("session", sa.String(length=120), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("room_state") as batch:
        batch.drop_column("session")
