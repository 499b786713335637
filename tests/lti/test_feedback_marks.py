"""Feedback reaches the LMS's gradebook (AGS), over HTTP with the test LMS
(lti1p3platform): a shared reflection awaiting feedback is ``PendingManual``; "not yet" is
0 of 1 and "complete" 1 of 1, ``FullyGraded``; with the scored rubric, the rubric total out
of its maximum; the facilitator's comment goes only when they tick it, and never a word the
trainee wrote; where the cohort says so, a module complete in the LMS stays complete."""

from __future__ import annotations

import json

import pytest

from commonground.errors import StoreError
from commonground.lti.grades import outbox_round, queue_changes
from commonground.pages.dashboard import Dashboard
from commonground.pages.feedback import FeedbackWorkspace

from .test_grades_http import _make_due
from .test_launch_http import _signed_in_as, launch

pytestmark = pytest.mark.server

MODULE = "01_safe_environment"
POWER, INGREDIENTS = "safe-env-power", "safe-env-ingredients"
SECRET = "My own words about the family I work with"


def _people(store, lms, sub: str):
    done = launch(lms, who="learner", sub=sub, name="Gia Tran", module=MODULE, graded="1")
    trainee = _signed_in_as(store, done.answer)
    teacher = _signed_in_as(store, launch(lms, who="instructor", sub="robin",
                                          name="Robin Teacher").answer)
    return trainee, FeedbackWorkspace(store, teacher)


def _sent(store, lms, keys_at) -> list[dict]:
    """One outbox round (the clock moved on for retries); the scores it sent."""
    _make_due(store)
    before = len(lms.scores)
    done = outbox_round(store, keys_at)
    assert done.failed == []
    return lms.scores[before:]


def _progress(score: dict) -> tuple:
    return (score.get("scoreGiven"), score.get("scoreMaximum"), score["activityProgress"],
            score["gradingProgress"], score.get("comment"))


def test_formative_feedback_reaches_the_gradebook_and_the_comment_only_when_ticked(
        store, lms, lti_keys):
    trainee, workspace = _people(store, lms, "sub-f")
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (0.0, 1.0, "InProgress", "Pending", None)]
    store.reflections.submit(trainee.id, MODULE, POWER, SECRET, "facilitator")
    store.progress.visit(trainee.id, MODULE)
    store.progress.complete(trainee.id, MODULE)
    # Waiting for the facilitator: pending a person's grading, no score yet. The server's
    # round queues it (the facilitator sees it waiting), then sends it.
    assert queue_changes(store) == 1
    assert Dashboard(store, workspace.dashboard.facilitator).marks_waiting() == [
        "1 mark waiting to reach Test LMS"]
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (None, None, "Completed", "PendingManual", None)]
    [thread] = workspace.threads()
    assert workspace.lms_for(thread) == "Test LMS"
    workspace.give(thread, "Have another look at who holds the power here.", "not_yet")
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (0.0, 1.0, "InProgress", "FullyGraded", None)]
    store.reflections.submit(trainee.id, MODULE, POWER, SECRET + ", again", "facilitator")
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (None, None, "Completed", "PendingManual", None)]
    [thread] = workspace.threads()
    workspace.give(thread, "Well seen: the family holds more than the file says.",
                   "complete", to_lms=True)
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (1.0, 1.0, "Completed", "FullyGraded",
         "Well seen: the family holds more than the file says.")]
    assert _sent(store, lms, lti_keys) == []  # sent once
    assert store.lti_marks.waiting(trainee.cohort_id) == {}
    everything = json.dumps(lms.scores)
    assert "own words" not in everything and "Have another look" not in everything


def test_the_scored_rubric_sends_the_total_out_of_the_maximum(store, lms, lti_keys):
    trainee, workspace = _people(store, lms, "sub-r")
    workspace.dashboard.change_assessment(scored_rubric=True)
    for prompt in (POWER, INGREDIENTS):
        store.reflections.submit(trainee.id, MODULE, prompt, SECRET, "facilitator")
    _sent(store, lms, lti_keys)
    power = next(t for t in workspace.threads() if t.prompt_id == POWER)
    workspace.give(power, "A good start.", score=2)
    # One of two still awaits feedback: what is there so far, pending a person.
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (2.0, 3.0, "Submitted", "PendingManual", None)]
    # Feedback released from nbgrader (grading import --release) counts the same way.
    store.reflections.give_feedback(trainee.id, INGREDIENTS, 1, "All four, clearly.", 3.0,
                                    3.0, source="nbgrader", mark="complete")
    assert _sent(store, lms, lti_keys) == []  # not released yet: the trainee has not seen it
    store.reflections.release_feedback(trainee.id, INGREDIENTS, 1)
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (5.0, 6.0, "Completed", "FullyGraded", None)]


@pytest.mark.parametrize("keeps", [True, False])
def test_where_the_cohort_says_so_complete_in_the_lms_stays_complete(store, lms, lti_keys,
                                                                     keeps):
    trainee, workspace = _people(store, lms, f"sub-k-{keeps}")
    workspace.dashboard.change_assessment(lms_keeps_complete=keeps)
    assert workspace.dashboard.assessment().describe().endswith(
        "A module complete in the LMS's gradebook stays complete there.") is keeps
    store.reflections.submit(trainee.id, MODULE, POWER, SECRET, "facilitator")
    [thread] = workspace.threads()
    workspace.give(thread, "Complete.", "complete")
    _sent(store, lms, lti_keys)
    assert _progress(lms.scores[-1])[:4] == (1.0, 1.0, "Completed", "FullyGraded")
    # The facilitator corrects it to "not yet"; then the trainee sends a new version.
    [thread] = workspace.threads()
    workspace.give(thread, "On second reading, not yet.", "not_yet")
    corrected = _sent(store, lms, lti_keys)
    store.reflections.submit(trainee.id, MODULE, POWER, SECRET + " (2)", "facilitator")
    again = _sent(store, lms, lti_keys)
    if keeps:
        assert corrected == again == []  # the LMS keeps the complete mark
        assert store.lti_marks.waiting(trainee.cohort_id) == {}
    else:
        assert [_progress(s)[:4] for s in corrected + again] == [
            (0.0, 1.0, "InProgress", "FullyGraded"),
            (None, None, "Submitted", "PendingManual")]
    # A complete mark again is sent either way when it is at least as high.
    [thread] = workspace.threads()
    workspace.give(thread, "Yes.", "complete", to_lms=True)
    assert [_progress(s) for s in _sent(store, lms, lti_keys)] == [
        (1.0, 1.0, "Completed", "FullyGraded", "Yes.")]


def test_a_comment_for_an_lms_where_there_is_none_is_refused_in_words(store, lms):
    done = launch(lms, who="learner", sub="sub-u", name="Uma", module=MODULE)  # ungraded
    trainee = _signed_in_as(store, done.answer)
    teacher = _signed_in_as(store, launch(lms, who="instructor", sub="robin").answer)
    workspace = FeedbackWorkspace(store, teacher)
    store.reflections.submit(trainee.id, MODULE, POWER, SECRET, "facilitator")
    [thread] = workspace.threads()
    assert workspace.lms_for(thread) == ""
    with pytest.raises(StoreError, match="not a graded activity of an LMS"):
        workspace.give(thread, "Good.", "complete", to_lms=True)
    assert store.reflections.feedback_for_facilitator(trainee.id, POWER) == []
    assert store.lti_marks.tracked() == []
