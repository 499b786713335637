"""The database tables (SQLAlchemy Core) and the schema version they make up.

When a table changes, bump SCHEMA_VERSION and add an upgrade step to
``commonground.store._UPGRADES`` that brings a database from the previous version.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

SCHEMA_VERSION = 1

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("facilitator_name", String(200), nullable=False, default=""),
    Column("starts_on", String(10)),
    Column("ends_on", String(10)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True)),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    # A stable pseudonym used wherever a participant must be named outside the course
    # (exports, nbgrader student ids).
    Column("public_id", String(32), nullable=False, unique=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE")),
    # How a participant signs in without a link: "self" (self-paced) or "hub:<user>".
    Column("login", String(200), unique=True),
    Column("kind", String(16), nullable=False),  # trainee | facilitator | self | hub
    Column("display_name", String(200), nullable=False, default=""),
    Column("agency", String(200), nullable=False, default=""),
    Column("role", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

progress = Table(
    "progress",
    metadata,
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("module_id", String(100), primary_key=True),
    Column("first_visit_at", DateTime(timezone=True), nullable=False),
    Column("last_visit_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
)

reflections = Table(
    "reflections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("prompt_id", String(100), nullable=False),
    Column("module_id", String(100), nullable=False),
    Column("draft_text", Text, nullable=False, default=""),
    # Bumped on every saved draft: a save based on an older revision is a conflict.
    Column("draft_revision", Integer, nullable=False, default=0),
    Column("draft_saved_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False, default="draft"),  # draft|submitted|passed
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("participant_id", "prompt_id"),
)

reflection_versions = Table(
    "reflection_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "reflection_id",
        ForeignKey("reflections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("visibility", String(16), nullable=False),  # private | facilitator | cohort
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("reflection_id", "version"),
)
