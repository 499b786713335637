"""Formative assessment: a completion mark and written feedback by default, the scored
rubric only where the cohort's facilitator turns it on, and what "complete" means in a
trainee's own completion record."""

from __future__ import annotations

import pytest

from commonground import load_journal
from commonground.admin.cohorts import archive
from commonground.data.assessment import AssessmentSettings, counts_as_complete, mark_for_score
from commonground.data.reflections import Feedback
from commonground.errors import StoreError
from commonground.pages.dashboard import Dashboard
from commonground.pages.journal import feedback_words
from tests._cohorts import facilitator_of, other_cohort_trainee
from tests._db import row_counts

WELCOME, POWER = "welcome-why-here", "safe-env-power"


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)


def test_a_cohort_starts_formative(store, cohort):
    assert store.assessment.settings(cohort.id) == AssessmentSettings(
        scored_rubric=False, passing_counts=True)
    assert store.assessment.settings(None) == AssessmentSettings()  # self-paced


def test_settings_belong_to_one_cohort(store, cohort):
    other = other_cohort_trainee(store)
    store.assessment.change(cohort.id, scored_rubric=True)
    store.assessment.change(cohort.id, passing_counts=False)
    assert store.assessment.settings(cohort.id) == AssessmentSettings(True, False)
    assert store.assessment.settings(other.cohort_id) == AssessmentSettings()


def test_an_archived_cohort_keeps_its_settings(store, cohort):
    archive(store, cohort.name)
    before = row_counts(store)
    with pytest.raises(StoreError, match="read-only"):
        store.assessment.change(cohort.id, scored_rubric=True)
    assert row_counts(store) == before


@pytest.mark.parametrize("score, mark", [(None, None), (0, "not_yet"), (0.5, "complete"),
                                         (1, "complete"), (3, "complete")])
def test_a_score_means_a_mark(score, mark):
    assert mark_for_score(score) == mark


@pytest.mark.parametrize("feedback, words", [
    (Feedback(1, "", None, None, "facilitator", None, "complete"),
     "Your facilitator, on version 1. Complete"),
    (Feedback(2, "", None, None, "nbgrader", None, "not_yet"),
     "Your facilitator, marking this module's reflections, on version 2. Not yet complete "
     "(the feedback says what would complete it)"),
    (Feedback(1, "", 2, 3, "nbgrader", None, "complete"),
     "Your facilitator, marking this module's reflections, on version 1. Complete. Rubric "
     "score: 2 out of 3"),
    (Feedback(1, "", 4, 5, "facilitator", None), "Your facilitator, on version 1. Grade: 4 out "
     "of 5"),  # feedback from before completion marks reads as it did
])
def test_what_the_trainee_reads(feedback, words):
    assert feedback_words(feedback) == words


def test_marks_are_refused_unless_complete_or_not_yet(store, trainee):
    store.reflections.submit(trainee.id, "00_welcome", WELCOME, "Words", "facilitator")
    with pytest.raises(StoreError, match=r"Complete.*Not yet"):
        store.reflections.give_feedback(trainee.id, WELCOME, 1, "x", mark="passed")
    assert store.reflections.feedback_for_facilitator(trainee.id, WELCOME) == []


# -- what counts as complete in the trainee's own record ---------------------------------
def _marked(store, trainee, prompt, mark, module="00_welcome"):
    version = store.reflections.submit(trainee.id, module, prompt, "Words", "facilitator")
    store.reflections.give_feedback(trainee.id, prompt, version, "Thanks", mark=mark)
    store.reflections.release_feedback(trainee.id, prompt, version)


@pytest.mark.parametrize("passing_counts", [True, False])
def test_complete_in_the_journal(store, course, cohort, trainee, passing_counts):
    store.assessment.change(cohort.id, passing_counts=passing_counts)
    _marked(store, trainee, WELCOME, "complete")
    _marked(store, trainee, POWER, "not_yet", "01_safe_environment")
    store.reflections.pass_prompt(trainee.id, "01_safe_environment", "safe-env-ingredients")
    store.reflections.submit(trainee.id, "02_meeting_and_learning", "meeting-forms",
                             "Mine alone", "private")
    store.reflections.submit(trainee.id, "02_meeting_and_learning",
                             "meeting-learning-together", "Waiting", "facilitator")
    journal = load_journal(store, trainee, course)
    complete = {e.prompt_id for e in journal.entries if e.complete}
    kept_to_themselves = {"safe-env-ingredients", "meeting-forms"}
    assert complete == {WELCOME} | (kept_to_themselves if passing_counts else set())
    assert journal.record.reflections_complete == len(complete)
    passed = next(e for e in journal.entries if e.prompt_id == "safe-env-ingredients")
    assert passed.status_label == ("Passed (this counts as complete)" if passing_counts
                                   else "Passed")


def test_a_new_version_keeps_complete_until_it_is_marked(store, trainee):
    _marked(store, trainee, WELCOME, "complete")
    store.reflections.submit(trainee.id, "00_welcome", WELCOME, "More words", "facilitator")
    record = store.reflections.get(trainee.id, WELCOME)
    assert counts_as_complete(record, record.feedback, AssessmentSettings(passing_counts=False))
    store.reflections.give_feedback(trainee.id, WELCOME, 2, "Say more", mark="not_yet")
    store.reflections.release_feedback(trainee.id, WELCOME, 2)
    record = store.reflections.get(trainee.id, WELCOME)
    assert not counts_as_complete(record, record.feedback, AssessmentSettings())


def test_self_paced_learners_have_no_marks(store, course):
    from tests._cohorts import self_paced

    me = self_paced(store)
    store.reflections.pass_prompt(me.id, "00_welcome", WELCOME)
    assert load_journal(store, me, course).record.reflections_complete is None


# -- the dashboard ----------------------------------------------------------------------
def _waiting(store, trainee, facilitator):
    store.reflections.submit(trainee.id, "01_safe_environment", POWER, "Words", "facilitator")
    board = Dashboard(store, facilitator)
    [item] = board.awaiting_feedback()
    return board, item


def test_formative_feedback_carries_a_mark_and_no_score(store, trainee, facilitator):
    board, item = _waiting(store, trainee, facilitator)
    board.give_feedback(item, "Clear and practical.", "not_yet", score=2)
    [fb] = store.reflections.get(trainee.id, POWER).feedback
    assert (fb.mark, fb.score, fb.max_score, fb.comment) == ("not_yet", None, None,
                                                             "Clear and practical.")


def test_scored_feedback_needs_a_score_on_the_rubric(store, cohort, course, trainee,
                                                     facilitator):
    store.assessment.change(cohort.id, scored_rubric=True)
    board, item = _waiting(store, trainee, facilitator)
    before = row_counts(store)
    with pytest.raises(StoreError, match="score from 0 to 3"):
        board.give_feedback(item, "Words", "complete")
    with pytest.raises(StoreError, match="does not fit"):
        board.give_feedback(item, "Words", score=4)
    assert row_counts(store) == before
    board.give_feedback(item, "Strong.", score=3)
    [fb] = store.reflections.get(trainee.id, POWER).feedback
    assert (fb.mark, fb.score, fb.max_score) == ("complete", 3, course.prompt(
        POWER, "01_safe_environment").points)


def test_the_dashboard_view_marks_and_scores(store, cohort, trainee, facilitator, views):
    from widgets.dashboard import DashboardView

    store.reflections.submit(trainee.id, "01_safe_environment", POWER, "One", "facilitator")
    store.reflections.submit(trainee.id, "00_welcome", WELCOME, "Two", "facilitator")
    view = views(DashboardView, store, facilitator, live=False)
    assert "no scores" in view.assessment.summary.value
    view.send_feedback(0, "Thanks", mark=None)
    assert "Choose “Complete” or “Not yet” first" in view.message.value
    assert store.reflections.feedback_for_facilitator(trainee.id, POWER) == []
    view.send_feedback(0, "Thanks", mark="complete")
    assert "Feedback sent to Ana Lee" in view.message.value
    view.assessment.scored.value = True  # the facilitator ticks the box
    assert store.assessment.settings(cohort.id).scored_rubric
    assert "a score on the prompt&#x27;s rubric" in view.assessment.summary.value
    view.send_feedback(0, "Good", score=2)
    [fb] = store.reflections.get(trainee.id, WELCOME).feedback
    assert (fb.mark, fb.score, fb.max_score) == ("complete", 2, 3)


def test_the_view_puts_a_refused_setting_back(store, cohort, facilitator, views):
    from widgets.dashboard import DashboardView

    view = views(DashboardView, store, facilitator, live=False)
    archive(store, cohort.name)
    view.assessment.passing.value = False
    assert "read-only" in view.message.value
    assert view.assessment.passing.value is True
    assert store.assessment.settings(cohort.id).passing_counts


# -- the command line --------------------------------------------------------------------
def test_the_cohort_assessment_command(store, db_url, cohort, capsys):
    from commonground.admin.cli import main

    assert main(["cohort", "assessment", cohort.name, "--db", db_url]) == 0
    assert "scored rubric: off   passing counts as complete: on" in capsys.readouterr().out
    assert main(["cohort", "assessment", cohort.name, "--scored-rubric", "on",
                 "--passing-counts", "off", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "scored rubric: on   passing counts as complete: off" in out
    assert "<module>-scored" in out
    assert store.assessment.settings(cohort.id) == AssessmentSettings(True, False)
    assert main(["cohort", "assessment", cohort.name, "--lms-keeps-complete", "on",
                 "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "complete in the LMS stays complete: on" in out
    assert "A module complete in the LMS's gradebook stays complete there." in out
    assert store.assessment.settings(cohort.id) == AssessmentSettings(True, False, True)


def test_the_command_refuses_what_it_cannot_do(store, db_url, cohort, capsys):
    from commonground.admin.cli import main

    with pytest.raises(SystemExit):
        main(["cohort", "assessment", cohort.name, "--scored-rubric", "maybe", "--db", db_url])
    assert "say on or off, not 'maybe'" in capsys.readouterr().err
    archive(store, cohort.name)
    assert main(["cohort", "assessment", cohort.name, "--scored-rubric", "on",
                 "--db", db_url]) != 0
    assert "read-only" in capsys.readouterr().err
    assert store.assessment.settings(cohort.id) == AssessmentSettings()


def test_purging_a_cohort_removes_its_settings(store, cohort):
    from commonground.admin.cohorts import purge

    other = other_cohort_trainee(store)
    store.assessment.change(cohort.id, scored_rubric=True)
    store.assessment.change(other.cohort_id, passing_counts=False)
    report = purge(store, cohort.name, cohort.name)
    assert report.deleted["cohort_assessment"] == 1 and report.remaining == {}
    assert store.assessment.settings(other.cohort_id) == AssessmentSettings(False, False)
