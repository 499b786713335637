"""Which modules a participant has visited and completed, and the time spent on each:
the owner of the table ``progress``."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select, update

from . import _schema as t
from ._db import utcnow

if TYPE_CHECKING:
    from ._db import Database

__all__ = ["ModuleProgress", "ModuleVisit", "Progress", "Totals"]


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    visited: bool
    completed: bool


@dataclass(frozen=True)
class ModuleVisit:
    """One person's progress on one module (for cohort-wide counts)."""

    participant_id: int
    module_id: str
    completed: bool


@dataclass(frozen=True)
class Totals:
    visited: int
    completed: int
    seconds: int


class Progress:
    def __init__(self, store: Database):
        self.store = store

    def visit(self, participant_id: int, module_id: str) -> None:
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
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
        with self.store.write(participant=participant_id) as conn:
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
        with self.store.write(participant=participant_id) as conn:
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

    # -- cohort-wide (``members``: :func:`commonground.data.people.cohort_members`) ------------
    def visits(self, members: Select) -> list[ModuleVisit]:
        """Every module visit of the given people."""
        pr = t.progress
        with self.store.read() as conn:
            rows = conn.execute(
                select(pr.c.participant_id, pr.c.module_id, pr.c.completed_at)
                .where(pr.c.participant_id.in_(members))
                .order_by(pr.c.participant_id, pr.c.module_id)
            )
            return [ModuleVisit(r.participant_id, r.module_id, r.completed_at is not None)
                    for r in rows]

    def totals(self, members: Select) -> dict[int, Totals]:
        """Per person: modules visited and completed, and seconds spent (people with no
        visits are left out)."""
        pr = t.progress
        with self.store.read() as conn:
            rows = conn.execute(
                select(pr.c.participant_id, func.count(), func.count(pr.c.completed_at),
                       func.coalesce(func.sum(pr.c.seconds_spent), 0))
                .where(pr.c.participant_id.in_(members))
                .group_by(pr.c.participant_id)
            )
            return {r[0]: Totals(int(r[1]), int(r[2]), int(r[3])) for r in rows}

    def last_seen(self, members: Select) -> dict[int, _dt.datetime]:
        """Per person: when they last opened a module (people never seen are left out)."""
        pr = t.progress
        with self.store.read() as conn:
            rows = conn.execute(
                select(pr.c.participant_id, func.max(pr.c.last_visit_at))
                .where(pr.c.participant_id.in_(members))
                .group_by(pr.c.participant_id)
            )
            return {r[0]: _aware(r[1]) for r in rows if r[1] is not None}

    def fingerprint(self, members: Select) -> tuple:
        """Changes whenever any of these people visits or completes a module."""
        pr = t.progress
        with self.store.read() as conn:
            return tuple(conn.execute(
                select(func.count(), func.count(pr.c.completed_at))
                .where(pr.c.participant_id.in_(members))
            ).one())


def _aware(when: _dt.datetime) -> _dt.datetime:
    """SQLite gives times back without their zone; every time stored is UTC."""
    return when if when.tzinfo else when.replace(tzinfo=_dt.UTC)
