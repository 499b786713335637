"""Marks on their way to an LMS's gradebook (LTI Assignment and Grade Services): the owner
of the table ``lti_marks``, the course's outbox.

A graded module opened from an LMS is *tracked* (:meth:`LtiMarks.track`): the person,
the module, the LMS's column for it (``lineitem_url``) and the LMS's id for the person.
When the mark to send changes (:meth:`LtiMarks.queue`: complete = 1 of 1, not yet = 0 of
1) it waits; a sender takes the marks that are due (:meth:`due`), and records each try:
:meth:`sent`, or :meth:`failed` with the reason in words and the next try later and
later (30 s, 1, 2, 4 ... minutes, at most an hour apart), so an LMS that is down for a
while gets every mark once it is back. Only marks and completion leave the course, never
anything a person wrote.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from . import _schema as t
from ._db import utcnow
from .people import cohort_members

if TYPE_CHECKING:
    from sqlalchemy import Row

    from ._db import Database

__all__ = ["FIRST_RETRY", "LAST_RETRY", "LtiMarks", "Mark", "retry_delay"]

FIRST_RETRY = _dt.timedelta(seconds=30)
LAST_RETRY = _dt.timedelta(hours=1)


@dataclass(frozen=True)
class Mark:
    participant_id: int
    module_id: str
    platform_id: int
    sub: str
    lineitem_url: str
    score_given: float | None
    score_maximum: float
    state: str
    attempts: int


def retry_delay(attempts: int) -> _dt.timedelta:
    """How long after its ``attempts``-th failed try a mark is tried again."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LAST_RETRY)


def _mark(row: Row) -> Mark:
    return Mark(row.participant_id, row.module_id, row.platform_id, row.sub, row.lineitem_url,
                row.score_given, row.score_maximum, row.state, row.attempts)


class LtiMarks:
    def __init__(self, store: Database):
        self.store = store

    def track(self, participant_id: int, module_id: str, platform_id: int, sub: str,
              lineitem_url: str) -> None:
        """Follow a person's graded module for an LMS's column (again: its column now)."""
        m = t.lti_marks
        values = dict(platform_id=platform_id, sub=sub, lineitem_url=lineitem_url[:1000])
        with self.store.write(participant=participant_id) as conn:
            try:
                with conn.begin_nested():
                    conn.execute(m.insert().values(participant_id=participant_id,
                                                   module_id=module_id, state="waiting",
                                                   attempts=0, score_maximum=1,
                                                   last_error="", **values))
            except IntegrityError:
                conn.execute(update(m).where(m.c.participant_id == participant_id,
                                             m.c.module_id == module_id).values(**values))

    def tracked(self) -> list[Mark]:
        m = t.lti_marks
        with self.store.read() as conn:
            return [_mark(r) for r in conn.execute(select(m))]

    def queue(self, participant_id: int, module_id: str, score_given: float) -> bool:
        """Make ``score_given`` the mark to send, when it is not already; True if so."""
        m = t.lti_marks
        with self.store.write(participant=participant_id) as conn:
            return bool(conn.execute(
                update(m).where(m.c.participant_id == participant_id,
                                m.c.module_id == module_id,
                                (m.c.score_given.is_(None)) | (m.c.score_given != score_given))
                .values(score_given=score_given, state="waiting", attempts=0,
                        next_try_at=utcnow(), last_error="")).rowcount)

    def due(self, now: _dt.datetime | None = None) -> list[Mark]:
        """The waiting marks whose next try is now."""
        m = t.lti_marks
        with self.store.read() as conn:
            rows = conn.execute(select(m).where(
                m.c.state == "waiting", m.c.score_given.is_not(None),
                m.c.next_try_at <= (now or utcnow())).order_by(m.c.next_try_at))
            return [_mark(r) for r in rows]

    def sent(self, mark: Mark) -> None:
        """The LMS has it (unless the mark changed meanwhile: then that one waits)."""
        m = t.lti_marks
        with self.store.write(participant=mark.participant_id) as conn:
            conn.execute(update(m).where(m.c.participant_id == mark.participant_id,
                                         m.c.module_id == mark.module_id,
                                         m.c.score_given == mark.score_given)
                         .values(state="sent", sent_at=utcnow(), last_error=""))

    def failed(self, mark: Mark, reason: str) -> None:
        m = t.lti_marks
        attempts = mark.attempts + 1
        with self.store.write(participant=mark.participant_id) as conn:
            conn.execute(update(m).where(m.c.participant_id == mark.participant_id,
                                         m.c.module_id == mark.module_id,
                                         m.c.score_given == mark.score_given)
                         .values(attempts=attempts, last_error=reason[:300],
                                 next_try_at=utcnow() + retry_delay(attempts)))

    def waiting(self, cohort_id: int) -> dict[int, int]:
        """Platform id -> how many of a cohort's marks wait to reach it."""
        m = t.lti_marks
        with self.store.read() as conn:
            rows = conn.execute(
                select(m.c.platform_id, func.count()).where(
                    m.c.state == "waiting", m.c.score_given.is_not(None),
                    m.c.participant_id.in_(cohort_members(cohort_id)))
                .group_by(m.c.platform_id))
            return {int(r[0]): int(r[1]) for r in rows}
