"""How a cohort's reflections are assessed: formative by default.

Every cohort gets written feedback and a completion mark ("complete" or "not yet") on the
reflections trainees share with their facilitator. Two settings per cohort, set by its
facilitator (``commonground cohort assessment`` or the dashboard):

- ``scored_rubric`` (off by default): also score each shared reflection on the prompt's
  rubric, out of the prompt's ``points``. nbgrader then grades with the rubric's points;
  otherwise with 1 point (1: complete, 0: not yet).
- ``passing_counts`` (on by default): a reflection the trainee passed on, or kept to
  themselves (private, or shared with the cohort without their name), counts as complete
  in their own completion record. Nobody is asked to write in order to complete.
- ``lms_keeps_complete`` (off by default): for a cohort launched from an LMS, a module
  the LMS's gradebook has as complete stays complete there: a later lower mark (a "not
  yet", a lower rubric total, a new version awaiting feedback) is not sent over it.

This module owns the table ``cohort_assessment`` (no row: the defaults).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from commonground.errors import StoreError

from . import _schema as t
from ._db import utcnow
from .people import ARCHIVED_MESSAGE, cohort_archived_at

if TYPE_CHECKING:
    from sqlalchemy import Row

    from ._db import Database
    from .reflections import Feedback, ReflectionRecord

__all__ = [
    "COMPLETE",
    "MARKS",
    "MARK_WORDS",
    "NOT_YET",
    "Assessment",
    "AssessmentSettings",
    "counts_as_complete",
    "mark_for_score",
]

COMPLETE, NOT_YET = "complete", "not_yet"
MARKS = (COMPLETE, NOT_YET)
MARK_WORDS = {COMPLETE: "Complete", NOT_YET: "Not yet complete"}


@dataclass(frozen=True)
class AssessmentSettings:
    scored_rubric: bool = False
    passing_counts: bool = True
    lms_keeps_complete: bool = False

    def describe(self) -> str:
        """The settings in a facilitator's words."""
        scoring = (
            "a completion mark, written feedback and a score on the prompt's rubric"
            if self.scored_rubric else "a completion mark and written feedback (no scores)"
        )
        passing = (
            "a passed or privately kept reflection counts as complete"
            if self.passing_counts
            else "only reflections you mark complete count as complete"
        )
        said = f"Reflections get {scoring}; {passing}."
        if self.lms_keeps_complete:
            said += " A module complete in the LMS's gradebook stays complete there."
        return said


def mark_for_score(score: float | None) -> str | None:
    """The completion mark a grade means: 0 is "not yet", anything above is complete."""
    if score is None:
        return None
    return COMPLETE if score > 0 else NOT_YET


def counts_as_complete(record: ReflectionRecord, released: tuple[Feedback, ...],
                       settings: AssessmentSettings) -> bool:
    """Whether a reflection counts as complete in its author's completion record: the
    facilitator marked its latest version complete, or (where passing counts) the trainee
    passed on it or submitted it without sharing it with the facilitator."""
    latest = record.latest
    if latest is not None and record.visibility == "facilitator":
        # The newest mark decides (an earlier "complete" stays while a new version waits).
        marked = sorted((f for f in released if f.mark), key=lambda f: f.version)
        return bool(marked) and marked[-1].mark == COMPLETE
    if not settings.passing_counts:
        return False
    return record.status == "passed" or latest is not None


def _settings(row: Row) -> AssessmentSettings:
    return AssessmentSettings(bool(row.scored_rubric), bool(row.passing_counts),
                              bool(row.lms_keeps_complete))


class Assessment:
    def __init__(self, store: Database):
        self.store = store

    def settings(self, cohort_id: int | None) -> AssessmentSettings:
        """A cohort's settings (the defaults for a self-paced learner: ``None``)."""
        if cohort_id is None:
            return AssessmentSettings()
        ca = t.cohort_assessment
        with self.store.read() as conn:
            row = conn.execute(select(ca).where(ca.c.cohort_id == cohort_id)).first()
        if row is None:
            return AssessmentSettings()
        return _settings(row)

    def change(self, cohort_id: int, *, scored_rubric: bool | None = None,
               passing_counts: bool | None = None,
               lms_keeps_complete: bool | None = None) -> AssessmentSettings:
        """Change one or more settings of a cohort (refused while it is archived)."""
        ca = t.cohort_assessment
        now = utcnow()
        with self.store.write(cohort=cohort_id) as conn:
            if cohort_archived_at(conn, cohort_id) is not None:
                raise StoreError(ARCHIVED_MESSAGE)
            row = conn.execute(select(ca).where(ca.c.cohort_id == cohort_id)).first()
            before = _settings(row) if row is not None else AssessmentSettings()
            after = AssessmentSettings(
                before.scored_rubric if scored_rubric is None else bool(scored_rubric),
                before.passing_counts if passing_counts is None else bool(passing_counts),
                before.lms_keeps_complete if lms_keeps_complete is None
                else bool(lms_keeps_complete),
            )
            values = dict(scored_rubric=after.scored_rubric,
                          passing_counts=after.passing_counts,
                          lms_keeps_complete=after.lms_keeps_complete, updated_at=now)
            if row is None:
                conn.execute(ca.insert().values(cohort_id=cohort_id, **values))
            else:
                conn.execute(update(ca).where(ca.c.cohort_id == cohort_id).values(**values))
        return after
