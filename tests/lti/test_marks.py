"""What a module's mark in an LMS's gradebook is (``commonground.lti.marks``), case by
case, without an LMS: the HTTP tests (``test_feedback_marks.py``) send them to one."""

from __future__ import annotations

import pytest

from commonground.data.assessment import AssessmentSettings
from commonground.data.reflections import Assessed, Feedback
from commonground.lti.marks import module_mark

M = "01_safe_environment"
FORMATIVE, RUBRIC = AssessmentSettings(), AssessmentSettings(scored_rubric=True)


def _fb(version: int, mark: str | None, score: float | None = None, comment: str = "",
        to_lms: bool = False) -> Feedback:
    return Feedback(version, comment, score, 3.0 if score is not None else None,
                    "facilitator", None, mark, to_lms=to_lms)


def _shared(latest: int, *feedback: Feedback, prompt: str = "p", module: str = M):
    return Assessed(1, module, prompt, latest, tuple(feedback))


def _said(mark) -> tuple:
    return (mark.score_given, mark.score_maximum, mark.activity, mark.grading, mark.comment)


@pytest.mark.parametrize(("done", "records", "settings", "expected"), [
    (False, [], FORMATIVE, (0.0, 1.0, "InProgress", "Pending", "")),
    (True, [], FORMATIVE, (1.0, 1.0, "Completed", "FullyGraded", "")),
    (True, [_shared(1)], FORMATIVE, (None, 1.0, "Completed", "PendingManual", "")),
    (False, [_shared(1)], FORMATIVE, (None, 1.0, "Submitted", "PendingManual", "")),
    (True, [_shared(1, _fb(1, "not_yet"))], FORMATIVE,
     (0.0, 1.0, "InProgress", "FullyGraded", "")),
    (False, [_shared(1, _fb(1, "complete"))], FORMATIVE,
     (1.0, 1.0, "Completed", "FullyGraded", "")),
    # A new version after "not yet" waits for the facilitator again.
    (True, [_shared(2, _fb(1, "not_yet"))], FORMATIVE,
     (None, 1.0, "Completed", "PendingManual", "")),
    # Another module's reflection does not count.
    (True, [_shared(1, module="02_meeting_and_learning")], FORMATIVE,
     (1.0, 1.0, "Completed", "FullyGraded", "")),
    (True, [_shared(1, _fb(1, "complete", 2.0)), _shared(1, prompt="q")], RUBRIC,
     (2.0, 3.0, "Completed", "PendingManual", "")),
    (True, [_shared(1, _fb(1, "complete", 2.0)), _shared(1, _fb(1, "not_yet", 0.0),
                                                          prompt="q")], RUBRIC,
     (2.0, 6.0, "InProgress", "FullyGraded", "")),
    (True, [_shared(1, _fb(1, "complete", 2.0)), _shared(1, _fb(1, "complete", 3.0),
                                                          prompt="q")], RUBRIC,
     (5.0, 6.0, "Completed", "FullyGraded", "")),
])
def test_the_mark_follows_completion_and_released_feedback(done, records, settings,
                                                          expected):
    assert _said(module_mark(M, done, records, settings)) == expected


def test_only_comments_the_facilitator_chose_to_send_go():
    records = [_shared(1, _fb(1, "complete", comment="Kept here.")),
               _shared(1, _fb(1, "complete", comment=" Sent on. ", to_lms=True), prompt="q")]
    assert module_mark(M, True, records, FORMATIVE).comment == "Sent on."
