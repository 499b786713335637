"""What a module's mark in an LMS's gradebook is (LTI Assignment and Grade Services), from
the person's completion and the feedback released to them: one rule, for the outbox.

- A reflection of the module the trainee shares with their facilitator, whose latest
  version has no feedback released yet: the grading waits for a person
  (``PendingManual``), with the rubric total so far where the cohort scores.
- Otherwise, where the newest mark on such a reflection is "not yet": 0 of 1 (with the
  scored rubric, the rubric total out of its maximum), ``InProgress``/``FullyGraded``.
- Otherwise, where a reflection is marked complete, or the trainee completed the module:
  1 of 1 (with the scored rubric, the total out of its maximum),
  ``Completed``/``FullyGraded``.
- Otherwise 0 of 1, ``InProgress``/``Pending``.

A facilitator's comment goes with the mark only where they ticked "send my comment to the
LMS" on it; a trainee's words never do.
"""

from __future__ import annotations

from collections.abc import Iterable

from commonground.data.assessment import NOT_YET, AssessmentSettings
from commonground.data.lti_marks import COMPLETED, FULLY_GRADED, Outgoing
from commonground.data.reflections import Assessed

__all__ = ["PENDING_MANUAL", "module_mark"]

PENDING_MANUAL = "PendingManual"


def module_mark(module_id: str, done: bool, records: Iterable[Assessed],
                settings: AssessmentSettings) -> Outgoing:
    """The mark for ``module_id``: ``done`` (the trainee completed it), the reflections
    they share with their facilitator (:func:`commonground.data.reflections.assessed`,
    with released feedback only) and the cohort's assessment settings."""
    awaiting = not_yet = marked = False
    given = maximum = 0.0
    comments: list[str] = []
    for record in records:
        if record.module_id != module_id:
            continue
        if not any(f.version == record.latest_version for f in record.feedback):
            awaiting = True
        graded = [f for f in record.feedback if f.mark or f.score is not None]
        if graded:
            newest = max(graded, key=lambda f: f.version)
            marked = True
            not_yet = not_yet or newest.mark == NOT_YET
            if settings.scored_rubric and newest.score is not None and newest.max_score:
                given += newest.score
                maximum += newest.max_score
        words = max(record.feedback, key=lambda f: f.version) if record.feedback else None
        if words is not None and words.to_lms and words.comment.strip():
            comments.append(words.comment.strip())
    comment = "\n\n".join(comments)
    scored = settings.scored_rubric and maximum > 0
    if awaiting:
        return Outgoing(given if scored else None, maximum if scored else 1.0,
                        COMPLETED if done else "Submitted", PENDING_MANUAL, comment)
    if not_yet:
        return Outgoing(given if scored else 0.0, maximum if scored else 1.0, "InProgress",
                        FULLY_GRADED, comment)
    if marked or done:
        return Outgoing(given if scored else 1.0, maximum if scored else 1.0, COMPLETED,
                        FULLY_GRADED, comment)
    return Outgoing(0.0, 1.0, "InProgress", "Pending", comment)
