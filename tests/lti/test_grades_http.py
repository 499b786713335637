"""Completion back in the LMS's gradebook (AGS), over HTTP with the test LMS: a graded
module's launch is tracked, 0 of 1 then 1 of 1 reach the LMS's score address with a token
it issued; while the LMS is down the marks wait, are retried later and later, and arrive
when it is back; the facilitator can see how many wait."""

from __future__ import annotations

import datetime as _dt

import pytest

from commonground.data.lti_marks import FIRST_RETRY, retry_delay
from commonground.lti.grades import outbox_round

from .test_launch_http import _signed_in_as, launch

pytestmark = pytest.mark.server

MODULE = "01_safe_environment"


def test_completion_reaches_the_lms_and_waits_while_it_is_down(store, lms, lti_keys):
    keys_at = lti_keys
    done = launch(lms, who="learner", sub="sub-g", name="Gia", module=MODULE, graded="1")
    person = _signed_in_as(store, done.answer)
    assert store.lti_marks.waiting(person.cohort_id) == {1: 1}
    first = outbox_round(store, keys_at)
    assert (first.sent, first.failed) == (1, [])
    assert [(s["lineitem"], s["userId"], s["scoreGiven"], s["scoreMaximum"],
             s["activityProgress"], s["gradingProgress"]) for s in lms.scores] == [
        (MODULE, "sub-g", 0.0, 1.0, "InProgress", "Pending")]
    assert store.lti_marks.waiting(person.cohort_id) == {}
    # The LMS goes down; the trainee completes the module.
    lms.down = True
    store.progress.visit(person.id, MODULE)
    store.progress.complete(person.id, MODULE)
    tried = outbox_round(store, keys_at)
    assert (tried.queued, tried.sent, tried.failed) == (1, 0, ["Test LMS answered 503"])
    assert store.lti_marks.waiting(person.cohort_id) == {1: 1}
    assert outbox_round(store, keys_at).sent == 0  # not due yet: tried again later
    lms.down = False
    later = _dt.datetime.now(_dt.UTC) + FIRST_RETRY + _dt.timedelta(seconds=5)
    [due] = store.lti_marks.due(later)
    assert due.attempts == 1 and due.score_given == 1.0
    _make_due(store)
    assert outbox_round(store, keys_at).sent == 1
    assert lms.scores[-1]["scoreGiven"] == 1.0 and lms.scores[-1]["activityProgress"] == (
        "Completed") and lms.scores[-1]["gradingProgress"] == "FullyGraded"
    assert store.lti_marks.waiting(person.cohort_id) == {}
    assert outbox_round(store, keys_at).sent == 0  # sent once


def _make_due(store) -> None:
    """Move the clock on for the retry (the test does not wait 30 s)."""
    from sqlalchemy import update

    from commonground.data import _schema

    with store.write() as conn:
        conn.execute(update(_schema.lti_marks).values(next_try_at=_dt.datetime(2000, 1, 1,
                                                                               tzinfo=_dt.UTC)))


def test_retries_come_later_and_later_at_most_an_hour_apart():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert retry_delay(20) == _dt.timedelta(hours=1)


def test_an_ungraded_launch_and_a_teachers_send_no_mark(store, lms):
    launch(lms, who="learner", sub="sub-u", module=MODULE)
    launch(lms, who="instructor", sub="sub-i", module=MODULE, graded="1")
    assert store.lti_marks.tracked() == []
