"""The facilitator's feedback workspace: filters, each reflection's history, corrections,
what awaits feedback per module, and nothing the trainee did not submit for feedback."""

from __future__ import annotations

import pytest

from commonground import ReflectionModel
from commonground.errors import StoreError
from commonground.pages.dashboard import NotFacilitator
from commonground.pages.feedback import FeedbackWorkspace
from commonground.scenario.titles import module_label
from tests._cohorts import facilitator_of

WELCOME, SAFE = "00_welcome", "01_safe_environment"
WHY, POWER, INGREDIENTS = "welcome-why-here", "safe-env-power", "safe-env-ingredients"


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)


@pytest.fixture
def shared(store, trainee, other_trainee, third_trainee):
    r = store.reflections
    r.submit(trainee.id, WELCOME, WHY, "Ana first", "facilitator")
    r.submit(trainee.id, SAFE, POWER, "Ana on power", "facilitator")
    r.submit(other_trainee.id, SAFE, POWER, "Ben on power", "facilitator")
    r.submit(other_trainee.id, SAFE, INGREDIENTS, "Ben keeps this", "private")
    r.submit(third_trainee.id, SAFE, INGREDIENTS, "Cat for the cohort", "cohort")


def test_only_facilitators(store, trainee):
    with pytest.raises(NotFacilitator):
        FeedbackWorkspace(store, trainee)


def test_filters_by_module_prompt_and_person_in_words(store, facilitator, trainee, shared):
    space = FeedbackWorkspace(store, facilitator)
    assert {(t.name, t.prompt_id) for t in space.threads()} == {
        ("Ana Lee", WHY), ("Ana Lee", POWER), ("Ben Cho", POWER)}
    assert [c.label for c in space.modules()] == [module_label(WELCOME), module_label(SAFE)]
    assert module_label(SAFE).startswith("Module 1: ")
    assert {t.name for t in space.threads(module=SAFE)} == {"Ana Lee", "Ben Cho"}
    assert {t.name for t in space.threads(prompt=WHY)} == {"Ana Lee"}
    ana = next(c for c in space.people() if c.label.startswith("Ana"))
    assert ana.label == "Ana Lee (Family Support)"
    assert {t.prompt_id for t in space.threads(person=ana.value)} == {WHY, POWER}
    assert {t.prompt_id for t in space.threads(module=SAFE, person=ana.value)} == {POWER}
    [power] = space.prompts(SAFE)  # the private and cohort-only prompt is not offered
    assert power.value == POWER and power.label != POWER
    # Nothing private or shared with the cohort only.
    texts = {v.text for t in space.threads() for v in t.versions}
    assert texts == {"Ana first", "Ana on power", "Ben on power"}
    assert [c.label for c in space.people()] == ["Ana Lee (Family Support)",
                                                  "Ben Cho (Housing)"]


def test_awaiting_counts_per_module(store, facilitator, trainee, shared):
    space = FeedbackWorkspace(store, facilitator)
    counts = {m.module_id: (m.waiting, m.shared) for m in space.awaiting_by_module()}
    assert counts == {WELCOME: (1, 1), SAFE: (2, 2)}
    [ana_power] = space.threads(module=SAFE, person=str(trainee.id))
    space.give(ana_power, "Clear.", "complete")
    counts = {m.module_id: (m.waiting, m.shared) for m in space.awaiting_by_module()}
    assert counts == {WELCOME: (1, 1), SAFE: (1, 2)}
    assert [t.name for t in space.threads(module=SAFE, awaiting_only=True)] == ["Ben Cho"]
    # Awaiting first.
    assert [t.awaiting for t in space.threads()] == [True, True, False]


def test_earlier_versions_show_with_the_feedback_each_got(store, course, facilitator, trainee):
    r = store.reflections
    r.submit(trainee.id, SAFE, POWER, "v1 for you", "facilitator")
    space = FeedbackWorkspace(store, facilitator)
    [thread] = space.threads()
    space.give(thread, "Say more about power.", "not_yet")
    r.submit(trainee.id, SAFE, POWER, "v2 kept to myself", "private")
    r.submit(trainee.id, SAFE, POWER, "v3 for you", "facilitator")
    [thread] = space.threads()
    # v2 was never submitted for the facilitator: it is not in the history.
    assert [(v.version, v.text) for v in thread.versions] == [(1, "v1 for you"),
                                                              (3, "v3 for you")]
    first, latest = thread.versions
    assert [(f.comment, f.mark) for f in first.feedback] == [("Say more about power.",
                                                             "not_yet")]
    assert thread.awaiting and latest.feedback == ()
    space.give(thread, "Much clearer.", "complete")
    [thread] = space.threads()
    assert not thread.awaiting
    assert thread.latest.latest_feedback.comment == "Much clearer."

    # Made private: the whole reflection leaves the workspace, history and all.
    r.set_visibility(trainee.id, POWER, "private")
    assert space.threads() == []


def test_a_correction_is_a_new_version_of_the_feedback_and_the_trainee_sees_the_latest(
        store, course, facilitator, trainee):
    store.reflections.submit(trainee.id, SAFE, POWER, "My words", "facilitator")
    space = FeedbackWorkspace(store, facilitator)
    [thread] = space.threads()
    space.give(thread, "Not yet: say more.", "not_yet")
    [thread] = space.threads()
    space.give(thread, "Sorry, I misread: this is complete.", "complete")
    [thread] = space.threads()
    history = thread.latest.feedback
    assert [(f.comment, f.mark) for f in history] == [
        ("Not yet: say more.", "not_yet"), ("Sorry, I misread: this is complete.", "complete")]
    assert thread.latest.corrected
    assert all(f.released_at is not None and f.given_at is not None for f in history)
    seen = ReflectionModel(store, trainee, course.prompt(POWER, SAFE)).feedback
    assert [(f.comment, f.mark) for f in seen] == [("Sorry, I misread: this is complete.",
                                                    "complete")]
    # Sending the same words again is no new version.
    space.give(thread, "Sorry, I misread: this is complete.", "complete")
    [thread] = space.threads()
    assert len(thread.latest.feedback) == 2
    # Withdrawn by the trainee: the feedback and its history go with it.
    store.reflections.withdraw(trainee.id, POWER)
    assert space.threads() == []


def test_marks_follow_the_cohorts_settings(store, cohort, facilitator, trainee):
    store.reflections.submit(trainee.id, SAFE, POWER, "My words", "facilitator")
    space = FeedbackWorkspace(store, facilitator)
    [thread] = space.threads()
    with pytest.raises(StoreError, match="Complete"):
        space.give(thread, "No mark given.")
    store.assessment.change(cohort.id, scored_rubric=True)
    with pytest.raises(StoreError, match="score from 0 to 3"):
        space.give(thread, "Good", "complete")
    space.give(thread, "Good", score=2)
    [thread] = space.threads()
    given = thread.latest.latest_feedback
    assert (given.mark, given.score, given.max_score) == ("complete", 2, 3)
    with pytest.raises(StoreError, match="Write some feedback"):
        space.give(thread, "   ", score=1)
    [thread] = space.threads()
    assert len(thread.latest.feedback) == 1  # a refused correction writes nothing


def test_other_cohorts_are_not_seen(store, facilitator, shared):
    from tests._cohorts import other_cohort_trainee

    stranger = other_cohort_trainee(store)
    store.reflections.submit(stranger.id, SAFE, POWER, "Xi's words", "facilitator")
    space = FeedbackWorkspace(store, facilitator)
    assert "Xi's words" not in {v.text for t in space.threads() for v in t.versions}
