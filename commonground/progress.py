"""Which modules a participant has visited and completed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from . import _schema as t
from .store import Store, utcnow


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    visited: bool
    completed: bool


class Progress:
    def __init__(self, store: Store):
        self.store = store

    def visit(self, participant_id: int, module_id: str) -> None:
        now = utcnow()
        with self.store.write() as conn:
            changed = conn.execute(
                update(t.progress)
                .where(
                    t.progress.c.participant_id == participant_id,
                    t.progress.c.module_id == module_id,
                )
                .values(last_visit_at=now)
            ).rowcount
            if not changed:
                conn.execute(
                    t.progress.insert().values(
                        participant_id=participant_id,
                        module_id=module_id,
                        first_visit_at=now,
                        last_visit_at=now,
                    )
                )

    def complete(self, participant_id: int, module_id: str) -> None:
        self.visit(participant_id, module_id)
        with self.store.write() as conn:
            conn.execute(
                update(t.progress)
                .where(
                    t.progress.c.participant_id == participant_id,
                    t.progress.c.module_id == module_id,
                    t.progress.c.completed_at.is_(None),
                )
                .values(completed_at=utcnow())
            )

    def for_participant(self, participant_id: int) -> dict[str, ModuleProgress]:
        with self.store.read() as conn:
            rows = conn.execute(
                select(t.progress).where(t.progress.c.participant_id == participant_id)
            )
            return {
                r.module_id: ModuleProgress(r.module_id, True, r.completed_at is not None)
                for r in rows
            }

    # -- time spent (added up by the open page; see widgets.timer) ---------------------
    def add_time(self, participant_id: int, module_id: str, seconds: int) -> None:
        """Add ``seconds`` to the time spent on a module (recording a visit if needed)."""
        seconds = int(seconds)
        if seconds <= 0:
            return
        with self.store.write() as conn:
            changed = conn.execute(
                update(t.progress)
                .where(
                    t.progress.c.participant_id == participant_id,
                    t.progress.c.module_id == module_id,
                )
                .values(seconds_spent=t.progress.c.seconds_spent + seconds)
            ).rowcount
            if not changed:
                now = utcnow()
                conn.execute(
                    t.progress.insert().values(
                        participant_id=participant_id,
                        module_id=module_id,
                        first_visit_at=now,
                        last_visit_at=now,
                        seconds_spent=seconds,
                    )
                )

    def seconds_spent(self, participant_id: int) -> dict[str, int]:
        """Seconds spent on each visited module."""
        with self.store.read() as conn:
            rows = conn.execute(
                select(t.progress.c.module_id, t.progress.c.seconds_spent).where(
                    t.progress.c.participant_id == participant_id
                )
            )
            return {r.module_id: r.seconds_spent or 0 for r in rows}
