"""Marks on their way to an LMS's gradebook (LTI Assignment and Grade Services): the owner
of the table ``lti_marks``, the course's outbox.

A graded module opened from an LMS is *tracked* (:meth:`LtiMarks.track`): the person,
the module, the LMS's column for it (``lineitem_url``) and the LMS's id for the person.
When the mark to send changes (:meth:`LtiMarks.queue`, an :class:`Outgoing`: the score,
if any, out of its maximum, what it says of the person's work and of its grading, and the
facilitator's comment where they chose to send it) it waits; a sender takes the marks
that are due (:meth:`due`), and records each try:
:meth:`sent`, or :meth:`failed` with the reason in words and the next try later and
later (30 s, 1, 2, 4 ... minutes, at most an hour apart), so an LMS that is down for a
while gets every mark once it is back. Where the cohort says a module complete in the LMS
stays complete, a mark below a complete one already queued or sent is not queued. Only
marks, completion and a facilitator's own comment (when they chose) leave the course,
never anything a trainee wrote.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError

from . import _schema as t
from ._db import utcnow
from .people import cohort_members

if TYPE_CHECKING:
    from sqlalchemy import Row

    from ._db import Database

__all__ = ["COMPLETED", "FIRST_RETRY", "FULLY_GRADED", "LAST_RETRY", "LtiMarks", "Mark",
           "Outgoing", "replaces", "retry_delay"]

COMPLETED, FULLY_GRADED = "Completed", "FullyGraded"

FIRST_RETRY = _dt.timedelta(seconds=30)
LAST_RETRY = _dt.timedelta(hours=1)


@dataclass(frozen=True)
class Outgoing:
    """A mark for an LMS's column (LTI AGS): ``score_given`` (None: no score yet) out of
    ``score_maximum``, ``activity`` (``activityProgress``), ``grading``
    (``gradingProgress``) and ``comment`` (the facilitator's own words, or "")."""

    score_given: float | None
    score_maximum: float
    activity: str
    grading: str
    comment: str = ""

    @property
    def complete(self) -> bool:
        return self.activity == COMPLETED and self.grading == FULLY_GRADED

    @property
    def fraction(self) -> float:
        return (self.score_given or 0) / self.score_maximum if self.score_maximum else 0.0


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
    activity: str = ""
    grading: str = ""
    comment: str = ""
    revision: int = 0

    @property
    def outgoing(self) -> Outgoing | None:
        """The mark to send (None: none made yet)."""
        if not self.grading:
            return None
        return Outgoing(self.score_given, self.score_maximum, self.activity, self.grading,
                        self.comment)


def replaces(before: Outgoing | None, mark: Outgoing, keep_complete: bool) -> bool:
    """Whether ``mark`` is to be sent instead of ``before`` (the mark queued or sent):
    when it differs, except that with ``keep_complete`` nothing below a complete mark
    replaces it."""
    if before == mark:
        return False
    return not (keep_complete and before is not None and before.complete
                and not (mark.complete and mark.fraction >= before.fraction))


def retry_delay(attempts: int) -> _dt.timedelta:
    """How long after its ``attempts``-th failed try a mark is tried again."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LAST_RETRY)


def _mark(row: Row) -> Mark:
    return Mark(row.participant_id, row.module_id, row.platform_id, row.sub, row.lineitem_url,
                row.score_given, row.score_maximum, row.state, row.attempts,
                row.activity_progress, row.grading_progress, row.comment, row.revision)


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

    def tracked_people(self, among: Iterable[int] | None = None) -> Select:
        """The participants with a module tracked for an LMS's gradebook (``among``
        these only, when given), as a query for the other owners."""
        m = t.lti_marks
        query = select(m.c.participant_id).distinct()
        return query if among is None else query.where(m.c.participant_id.in_(list(among)))

    def tracked(self) -> list[Mark]:
        m = t.lti_marks
        with self.store.read() as conn:
            return [_mark(r) for r in conn.execute(select(m))]

    def tracked_for(self, participant_id: int) -> list[Mark]:
        m = t.lti_marks
        with self.store.read() as conn:
            return [_mark(r) for r in conn.execute(
                select(m).where(m.c.participant_id == participant_id))]

    def queue(self, participant_id: int, module_id: str, mark: Outgoing,
              keep_complete: bool = False) -> bool:
        """Make ``mark`` the one to send, when it is not already; True if so. With
        ``keep_complete`` (the cohort's rule), a mark below a complete one already queued
        or sent is not queued: the LMS keeps the complete one."""
        m = t.lti_marks
        with self.store.write(participant=participant_id) as conn:
            row = conn.execute(select(m).where(m.c.participant_id == participant_id,
                                               m.c.module_id == module_id)).first()
            if row is None:
                return False
            if not replaces(_mark(row).outgoing, mark, keep_complete):
                return False
            conn.execute(update(m).where(m.c.participant_id == participant_id,
                                         m.c.module_id == module_id)
                         .values(score_given=mark.score_given,
                                 score_maximum=mark.score_maximum,
                                 activity_progress=mark.activity,
                                 grading_progress=mark.grading, comment=mark.comment,
                                 revision=row.revision + 1, state="waiting", attempts=0,
                                 next_try_at=utcnow(), last_error=""))
            return True

    def due(self, now: _dt.datetime | None = None) -> list[Mark]:
        """The waiting marks whose next try is now."""
        m = t.lti_marks
        with self.store.read() as conn:
            rows = conn.execute(select(m).where(
                m.c.state == "waiting", m.c.grading_progress != "",
                m.c.next_try_at <= (now or utcnow())).order_by(m.c.next_try_at))
            return [_mark(r) for r in rows]

    def sent(self, mark: Mark) -> None:
        """The LMS has it (unless the mark changed meanwhile: then that one waits)."""
        m = t.lti_marks
        with self.store.write(participant=mark.participant_id) as conn:
            conn.execute(update(m).where(m.c.participant_id == mark.participant_id,
                                         m.c.module_id == mark.module_id,
                                         m.c.revision == mark.revision)
                         .values(state="sent", sent_at=utcnow(), last_error=""))

    def failed(self, mark: Mark, reason: str) -> None:
        m = t.lti_marks
        attempts = mark.attempts + 1
        with self.store.write(participant=mark.participant_id) as conn:
            conn.execute(update(m).where(m.c.participant_id == mark.participant_id,
                                         m.c.module_id == mark.module_id,
                                         m.c.revision == mark.revision)
                         .values(attempts=attempts, last_error=reason[:300],
                                 next_try_at=utcnow() + retry_delay(attempts)))

    def graded_in(self, cohort_id: int) -> dict[tuple[int, str], int]:
        """(participant, module) -> platform id, for a cohort's modules tracked for an
        LMS's gradebook."""
        m = t.lti_marks
        with self.store.read() as conn:
            rows = conn.execute(select(m.c.participant_id, m.c.module_id, m.c.platform_id)
                                .where(m.c.participant_id.in_(cohort_members(cohort_id))))
            return {(int(r[0]), str(r[1])): int(r[2]) for r in rows}

    def waiting(self, cohort_id: int) -> dict[int, int]:
        """Platform id -> how many of a cohort's marks wait to reach it."""
        m = t.lti_marks
        with self.store.read() as conn:
            rows = conn.execute(
                select(m.c.platform_id, func.count()).where(
                    m.c.state == "waiting", m.c.grading_progress != "",
                    m.c.participant_id.in_(cohort_members(cohort_id)))
                .group_by(m.c.platform_id))
            return {int(r[0]): int(r[1]) for r in rows}
