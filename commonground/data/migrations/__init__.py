"""The course database's schema history, as Alembic revisions (``versions/``).

Reading which revision a database is at needs no Alembic (trainee kernels stay light):
``REVISIONS`` lists every revision id, oldest first, and ``meta.schema_version`` in the
database is the position of its revision in this list (1 for the first). Older
Common Ground releases read only that number, so they refuse a newer database.
``tests/data/test_migrations.py`` checks this list against Alembic's own view of ``versions/``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["HEAD", "LEGACY_V1", "REVISIONS", "SCRIPT_LOCATION", "version_number"]

REVISIONS: tuple[str, ...] = (
    "0001_baseline",
    "0002_reflection_hidden_at",
    "0003_participants_cohort_index",
    "0004_assessment_evaluation",
    "0006_jurisdictions",
    "0007_attendance",
    "0008_messages",
    "0009_room_state",
    "0010_own_jurisdiction",
    "0011_group_play",
    "0012_administrators",
    "0013_feedback_earlier",
    "0014_room_session",
    "0015_lti",
    "0016_hub_service",
    "0017_lti_marks",
)
HEAD = REVISIONS[-1]

# Databases made before Alembic recorded only meta.schema_version = 1. Some of them
# (made before commit 2c804d7) lack reflections.hidden_at; the store tells them apart.
LEGACY_V1 = ("0001_baseline", "0002_reflection_hidden_at")

SCRIPT_LOCATION = str(Path(__file__).resolve().parent)


def version_number(revision: str) -> int:
    """The number written to meta.schema_version for a revision (1 for the first)."""
    return REVISIONS.index(revision) + 1
