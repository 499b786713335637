"""Sessions a cohort held, and who attended them, as the facilitator confirmed it.

A certificate counts learning time two ways the course can stand behind: the time it
recorded on its own pages, and the face-to-face (or online) sessions a person attended.
Only the facilitator records a session and ticks who was there; a trainee sees their own
sessions in their journal and on their certificate, and nobody else's.

A session is its cohort, its date and its title ("Session 2"); recording the same date
and title again corrects it (its length and who was there), so a facilitator can fix a
slip without a second copy. This module owns the tables ``cohort_sessions`` and
``session_attendance``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update

from commonground.errors import StoreError
from commonground.text import first_control

from . import _schema as t
from ._db import new_id, utcnow
from .people import ARCHIVED_MESSAGE, cohort_archived_at, cohort_members

if TYPE_CHECKING:
    from ._db import Database

__all__ = [
    "LONGEST_MINUTES",
    "SHORTEST_MINUTES",
    "TITLE_LIMIT",
    "Attendance",
    "AttendedSession",
    "CohortSession",
]

TITLE_LIMIT = 80
SHORTEST_MINUTES, LONGEST_MINUTES = 10, 480  # one sitting: ten minutes to a full day


@dataclass(frozen=True)
class CohortSession:
    """A session a cohort held, with who the facilitator ticked as there."""

    id: int
    held_on: _dt.date
    title: str
    minutes: int
    present: frozenset[int]  # participant ids


@dataclass(frozen=True)
class AttendedSession:
    """A session one person attended (what their journal and certificate show)."""

    held_on: _dt.date
    title: str
    minutes: int


def _title(value: str) -> str:
    title = " ".join((value or "").split())
    if not title:
        raise StoreError("Give the session a title, for example “Session 2”. "
                         "Nothing was saved.")
    if len(title) > TITLE_LIMIT:
        raise StoreError(f"The session's title is {len(title):,} characters long; please "
                         f"keep it to {TITLE_LIMIT} or fewer. Nothing was saved.")
    bad = first_control(title)
    if bad is not None:
        raise StoreError(f"The session's title has an invisible control character "
                         f"({bad[1]}). Type it again without it; nothing was saved.")
    return title


def _minutes(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (
            SHORTEST_MINUTES <= value <= LONGEST_MINUTES):
        raise StoreError(f"A session's length is between {SHORTEST_MINUTES} and "
                         f"{LONGEST_MINUTES} minutes (a full day). Nothing was saved.")
    return value


def _held_on(value: _dt.date, today: _dt.date) -> _dt.date:
    if not isinstance(value, _dt.date):
        raise StoreError("Choose the date the session was held. Nothing was saved.")
    if value > today:
        raise StoreError("That date is still to come: record who attended once the "
                         "session has been held. Nothing was saved.")
    return value


class Attendance:
    def __init__(self, store: Database):
        self.store = store

    def record(self, cohort_id: int, held_on: _dt.date, title: str, minutes: int,
               present: Iterable[int], today: _dt.date | None = None) -> CohortSession:
        """Record (or correct) a session and who attended it. ``present`` are trainees of
        the cohort; anyone else is refused and nothing is written."""
        title = _title(title)
        minutes = _minutes(minutes)
        held_on = _held_on(held_on, today or _dt.date.today())
        people = frozenset(int(p) for p in present)
        s, a = t.cohort_sessions, t.session_attendance
        with self.store.write(cohort=cohort_id) as conn:
            if cohort_archived_at(conn, cohort_id) is not None:
                raise StoreError(ARCHIVED_MESSAGE)
            trainees = set(conn.execute(cohort_members(cohort_id, "trainee")).scalars())
            if not people <= trainees:
                raise StoreError("Only trainees of this cohort can be ticked as attending. "
                                 "Nothing was saved.")
            key = (s.c.cohort_id == cohort_id, s.c.held_on == held_on.isoformat(),
                   s.c.title == title)
            session_id = conn.execute(select(s.c.id).where(*key)).scalar()
            if session_id is None:
                session_id = new_id(conn.execute(s.insert().values(
                    cohort_id=cohort_id, held_on=held_on.isoformat(), title=title,
                    minutes=minutes, recorded_at=utcnow())))
            else:
                conn.execute(update(s).where(s.c.id == session_id)
                             .values(minutes=minutes, recorded_at=utcnow()))
                conn.execute(delete(a).where(a.c.session_id == session_id))
            if people:
                conn.execute(a.insert(), [{"session_id": session_id, "participant_id": pid}
                                          for pid in sorted(people)])
        return CohortSession(session_id, held_on, title, minutes, people)

    def remove(self, cohort_id: int, session_id: int) -> None:
        """Take a session (recorded by mistake) off the cohort's record."""
        s = t.cohort_sessions
        with self.store.write(cohort=cohort_id) as conn:
            if cohort_archived_at(conn, cohort_id) is not None:
                raise StoreError(ARCHIVED_MESSAGE)
            gone = conn.execute(delete(s).where(s.c.id == session_id,
                                                s.c.cohort_id == cohort_id)).rowcount
            if not gone:
                raise StoreError("That session is no longer on the cohort's record.")

    def sessions(self, cohort_id: int) -> list[CohortSession]:
        """A cohort's sessions, the newest first, each with who attended."""
        s, a = t.cohort_sessions, t.session_attendance
        with self.store.read() as conn:
            rows = conn.execute(select(s).where(s.c.cohort_id == cohort_id)
                                .order_by(s.c.held_on.desc(), s.c.title)).all()
            present: dict[int, set[int]] = {r.id: set() for r in rows}
            for session_id, pid in conn.execute(
                    select(a.c.session_id, a.c.participant_id)
                    .where(a.c.session_id.in_(list(present)))):
                present[session_id].add(pid)
        return [CohortSession(r.id, _dt.date.fromisoformat(r.held_on), r.title, r.minutes,
                              frozenset(present[r.id])) for r in rows]

    def attended(self, participant_id: int) -> tuple[AttendedSession, ...]:
        """The sessions one person attended, oldest first."""
        s, a = t.cohort_sessions, t.session_attendance
        with self.store.read() as conn:
            rows = conn.execute(
                select(s.c.held_on, s.c.title, s.c.minutes)
                .select_from(a.join(s, s.c.id == a.c.session_id))
                .where(a.c.participant_id == participant_id)
                .order_by(s.c.held_on, s.c.title)).all()
        return tuple(AttendedSession(_dt.date.fromisoformat(r.held_on), r.title, r.minutes)
                     for r in rows)

    def fingerprint(self, cohort_id: int) -> tuple:
        """Changes when a session of the cohort is recorded, corrected or removed."""
        s, a = t.cohort_sessions, t.session_attendance
        with self.store.read() as conn:
            sessions = conn.execute(
                select(func.count(), func.max(s.c.recorded_at))
                .where(s.c.cohort_id == cohort_id)).one()
            ticks = conn.execute(
                select(func.count()).select_from(a.join(s, s.c.id == a.c.session_id))
                .where(s.c.cohort_id == cohort_id)).scalar()
        return (*sessions, ticks)
