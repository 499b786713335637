"""Reflections in the database: drafts (with conflict detection), submissions, passes.

Every query here is scoped to one participant: nothing in this file can read
another person's writing.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, select, update

from . import _schema as t
from .store import Store, StoreError, utcnow

VISIBILITIES = ("private", "facilitator", "cohort")


class DraftConflict(StoreError):
    """The draft was saved elsewhere (another tab or device) since this copy loaded."""

    def __init__(self, theirs: str, revision: int):
        super().__init__("This reflection was changed in another tab or device.")
        self.theirs = theirs
        self.revision = revision


@dataclass(frozen=True)
class Version:
    version: int
    text: str
    visibility: str
    submitted_at: _dt.datetime


@dataclass(frozen=True)
class ReflectionRecord:
    prompt_id: str
    module_id: str
    draft_text: str
    draft_revision: int
    draft_saved_at: _dt.datetime | None
    status: str  # draft | submitted | passed
    versions: tuple[Version, ...] = ()

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None


class Reflections:
    def __init__(self, store: Store):
        self.store = store

    def get(self, participant_id: int, prompt_id: str) -> ReflectionRecord | None:
        with self.store.read() as conn:
            row = _row(conn, participant_id, prompt_id)
            if row is None:
                return None
            versions = conn.execute(
                select(t.reflection_versions)
                .where(t.reflection_versions.c.reflection_id == row.id)
                .order_by(t.reflection_versions.c.version)
            )
            return ReflectionRecord(
                prompt_id=row.prompt_id,
                module_id=row.module_id,
                draft_text=row.draft_text,
                draft_revision=row.draft_revision,
                draft_saved_at=row.draft_saved_at,
                status=row.status,
                versions=tuple(
                    Version(v.version, v.text, v.visibility, v.submitted_at) for v in versions
                ),
            )

    def save_draft(
        self, participant_id: int, module_id: str, prompt_id: str, text: str, base_revision: int
    ) -> int:
        """Save the draft if nobody saved since ``base_revision``; returns the new
        revision. Raises :class:`DraftConflict` (saving nothing) otherwise."""
        now = utcnow()
        with self.store.write() as conn:
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            if row.draft_revision != base_revision:
                raise DraftConflict(row.draft_text, row.draft_revision)
            conn.execute(
                update(t.reflections)
                .where(t.reflections.c.id == row.id)
                .values(
                    draft_text=text,
                    draft_revision=row.draft_revision + 1,
                    draft_saved_at=now,
                    updated_at=now,
                )
            )
            return row.draft_revision + 1

    def submit(
        self, participant_id: int, module_id: str, prompt_id: str, text: str, visibility: str
    ) -> int:
        """Record a new version of the reflection; returns its version number."""
        if visibility not in VISIBILITIES:
            raise StoreError(f"Unknown visibility {visibility!r}; use one of {VISIBILITIES}.")
        now = utcnow()
        with self.store.write() as conn:
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            last = conn.execute(
                select(func.max(t.reflection_versions.c.version)).where(
                    t.reflection_versions.c.reflection_id == row.id
                )
            ).scalar()
            version = (last or 0) + 1
            conn.execute(
                t.reflection_versions.insert().values(
                    reflection_id=row.id,
                    version=version,
                    text=text,
                    visibility=visibility,
                    submitted_at=now,
                )
            )
            conn.execute(
                update(t.reflections)
                .where(t.reflections.c.id == row.id)
                .values(
                    status="submitted",
                    draft_text=text,
                    draft_revision=row.draft_revision + 1,
                    draft_saved_at=now,
                    updated_at=now,
                )
            )
            return version

    def pass_prompt(self, participant_id: int, module_id: str, prompt_id: str) -> None:
        """Record that the trainee chose not to answer. Their draft is kept."""
        now = utcnow()
        with self.store.write() as conn:
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            if row.status == "draft":
                conn.execute(
                    update(t.reflections)
                    .where(t.reflections.c.id == row.id)
                    .values(status="passed", updated_at=now)
                )


def _row(conn: Connection, participant_id: int, prompt_id: str):
    return conn.execute(
        select(t.reflections).where(
            t.reflections.c.participant_id == participant_id,
            t.reflections.c.prompt_id == prompt_id,
        )
    ).first()


def _ensure(conn: Connection, participant_id: int, module_id: str, prompt_id: str, now):
    row = _row(conn, participant_id, prompt_id)
    if row is None:
        conn.execute(
            t.reflections.insert().values(
                participant_id=participant_id,
                prompt_id=prompt_id,
                module_id=module_id,
                draft_text="",
                draft_revision=0,
                status="draft",
                created_at=now,
                updated_at=now,
            )
        )
        row = _row(conn, participant_id, prompt_id)
    return row
