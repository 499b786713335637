"""Launching the course from an organisation's LMS (LTI 1.3).

Revision ID: 0015_lti
Revises: 0014_room_session
Create Date: 2026-12-07

- ``lti_platforms``: each registered LMS (issuer, client id, deployment ids, its
  endpoints and its public keys).
- ``lti_once``: what LTI uses once (a login's state and nonce, a deep-linking choice).
- ``lti_contexts``: an LMS course -> its cohort (and where its roster is).
- ``lti_people``: a person of an LMS course (issuer, ``sub``, context) -> participant.
- ``lti_marks``: marks for an LMS's gradebook, and whether each reached it (the outbox).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_lti"
down_revision = "0014_room_session"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lti_platforms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("client_id", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("deployment_ids", sa.Text(), nullable=False),
        sa.Column("auth_login_url", sa.String(length=1000), nullable=False),
        sa.Column("auth_token_url", sa.String(length=1000), nullable=False),
        sa.Column("jwks_url", sa.String(length=1000), nullable=False),
        sa.Column("platform_keys", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("issuer", "client_id", name="uq_lti_platforms_issuer_client"),
    )
    op.create_table(
        "lti_once",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=True),
        sa.Column("nonce", sa.String(length=100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platforms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_lti_once_platform_id", "lti_once", ["platform_id"], unique=False)
    op.create_table(
        "lti_contexts",
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=True),
        sa.Column("memberships_url", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohorts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platforms.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("issuer", "context_id"),
    )
    op.create_index("ix_lti_contexts_cohort_id", "lti_contexts", ["cohort_id"], unique=False)
    op.create_table(
        "lti_people",
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("context_id", sa.String(length=255), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("issuer", "sub", "context_id"),
    )
    op.create_index("ix_lti_people_participant_id", "lti_people", ["participant_id"],
                    unique=False)
    op.create_table(
        "lti_marks",
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=100), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("sub", sa.String(length=255), nullable=False),
        sa.Column("lineitem_url", sa.String(length=1000), nullable=False),
        sa.Column("score_given", sa.Float(), nullable=True),
        sa.Column("score_maximum", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platforms.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id", "module_id"),
    )
    op.create_index("ix_lti_marks_platform_id", "lti_marks", ["platform_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_lti_marks_platform_id", table_name="lti_marks")
    op.drop_table("lti_marks")
    op.drop_index("ix_lti_people_participant_id", table_name="lti_people")
    op.drop_table("lti_people")
    op.drop_index("ix_lti_contexts_cohort_id", table_name="lti_contexts")
    op.drop_table("lti_contexts")
    op.drop_index("ix_lti_once_platform_id", table_name="lti_once")
    op.drop_table("lti_once")
    op.drop_table("lti_platforms")
