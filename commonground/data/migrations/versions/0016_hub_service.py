"""The course as one JupyterHub service: sign-ins made by the hub's door.

Revision ID: 0016_hub_service
Revises: 0015_lti
Create Date: 2026-12-08

- ``links.session``: true for a sign-in made elsewhere (an LMS launch, the hub's door),
  false for a personal link. Existing rows are personal links, except those LMS
  launches made, which are not told apart (they stay counted as links).
- ``administrators.login``: a hub administrator's sign-in (``hub:<user>``), beside the
  one administrator link (NULL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_hub_service"
down_revision = "0015_lti"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("links") as batch:
        batch.add_column(sa.Column("session", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("administrators") as batch:
        batch.add_column(sa.Column("login", sa.String(length=200), nullable=True))
        batch.create_index("ix_administrators_login", ["login"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("administrators") as batch:
        batch.drop_index("ix_administrators_login")
        batch.drop_column("login")
    with op.batch_alter_table("links") as batch:
        batch.drop_column("session")
