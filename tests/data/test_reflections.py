"""The reflections data layer: who sees what, feedback, and many writers at once."""

from __future__ import annotations

import dataclasses
import multiprocessing
import time

import pytest

from commonground import StoreError, for_facilitator, open_store, shared_reflections
from commonground.data import _schema as t
from commonground.data.reflections import SharedReflection, cohort_shared

PROMPT = "welcome-why-here"
MODULE = "00_welcome"


@pytest.fixture
def refl(store):
    return store.reflections


def _submit(refl, person, text, visibility, prompt=PROMPT):
    return refl.submit(person.id, MODULE, prompt, text, visibility)


# -- the cohort's anonymous view ---------------------------------------------------------
def test_shared_reflections_carry_no_author_field():
    assert {f.name for f in dataclasses.fields(SharedReflection)} == {"text", "submitted_at"}


def test_cohort_sees_only_cohort_shared_latest_versions(store, refl, cohort, trainee,
                                                        other_trainee, third_trainee):
    _submit(refl, trainee, "ana private", "private")
    _submit(refl, other_trainee, "ben v1", "cohort")
    _submit(refl, other_trainee, "ben v2", "cohort")
    shared = shared_reflections(store, cohort.id, PROMPT)
    assert [s.text for s in shared] == ["ben v2"]
    assert all(not hasattr(s, "participant_id") for s in shared)


def test_a_pool_opens_only_once_three_people_could_have_written_it(store, refl, cohort,
                                                                    trainee, other_trainee):
    """In a cohort of two, a reflection shared "without your name" is plainly the other
    person's: nobody sees the pool until a third trainee joins."""
    _submit(refl, trainee, "ana shares", "cohort")
    _submit(refl, other_trainee, "ben shares", "cohort")
    assert shared_reflections(store, cohort.id, PROMPT) == []
    assert cohort_shared(store, cohort.id, include_hidden=True) == []
    store.people.add_participant(cohort.id, "Facilitator Two", kind="facilitator")
    assert shared_reflections(store, cohort.id, PROMPT) == []  # facilitators never count
    store.people.add_participant(cohort.id, "Cat Diaz", "Health")
    assert sorted(s.text for s in shared_reflections(store, cohort.id, PROMPT)) == [
        "ana shares", "ben shares"]


def test_a_pool_gives_the_day_only_in_an_order_unrelated_to_time(store, refl, cohort, trainee,
                                                                other_trainee, third_trainee):
    import datetime as _dt

    texts = [f"reflection number {n}" for n in range(12)]
    people = [trainee, other_trainee, third_trainee]
    for n, text in enumerate(texts):  # each person's latest version is what is shared
        _submit(refl, people[n % 3], text, "cohort", prompt=f"prompt-{n // 3}")
    for prompt in {f"prompt-{n // 3}" for n in range(12)}:
        shared = shared_reflections(store, cohort.id, prompt)
        assert all(type(s.submitted_at) is _dt.date for s in shared)
        again = shared_reflections(store, cohort.id, prompt)
        assert [s.text for s in shared] == [s.text for s in again]  # the same order each time
    everything = cohort_shared(store, cohort.id)
    assert [r.prompt_id for r in everything] == sorted(r.prompt_id for r in everything)
    assert all(type(r.submitted_at) is _dt.date for r in everything)
    within = [[r.text for r in everything if r.prompt_id == p] for p in ("prompt-0", "prompt-1",
                                                                         "prompt-2", "prompt-3")]
    assert any(order != sorted(order, key=texts.index) for order in within)  # not by time


def test_latest_version_made_private_hides_earlier_shared_versions(store, refl, cohort, trainee):
    _submit(refl, trainee, "shared once", "cohort")
    _submit(refl, trainee, "now private", "private")
    assert shared_reflections(store, cohort.id, PROMPT) == []


def test_other_cohorts_and_other_prompts_are_not_included(store, refl, cohort, trainee):
    elsewhere = store.people.create_cohort("Northside", "Sam")
    stranger = store.people.get(store.people.add_participant(elsewhere.id, "Cy", "Health"))
    for name in ("Di", "Ed"):
        store.people.add_participant(elsewhere.id, name, "Health")
    _submit(refl, stranger, "other cohort", "cohort")
    _submit(refl, trainee, "other prompt", "cohort", prompt="another-prompt")
    assert shared_reflections(store, cohort.id, PROMPT) == []
    assert [s.text for s in shared_reflections(store, elsewhere.id, PROMPT)] == ["other cohort"]


def test_withdrawn_reflection_leaves_every_view(store, refl, cohort, trainee, other_trainee):
    _submit(refl, trainee, "ana shares", "cohort")
    _submit(refl, other_trainee, "ben tells facilitator", "facilitator")
    refl.withdraw(trainee.id, PROMPT)
    refl.withdraw(other_trainee.id, PROMPT)
    assert shared_reflections(store, cohort.id, PROMPT) == []
    assert for_facilitator(store, cohort.id) == []


# -- the facilitator's view -------------------------------------------------------------
def test_facilitator_sees_only_what_is_shared_with_them(store, refl, cohort, trainee,
                                                        other_trainee):
    _submit(refl, trainee, "for the facilitator", "facilitator")
    _submit(refl, other_trainee, "anonymous to all", "cohort")
    [copy] = for_facilitator(store, cohort.id, PROMPT)
    assert (copy.participant_id, copy.text, copy.version) == (trainee.id, "for the facilitator", 1)
    refl.set_visibility(trainee.id, PROMPT, "private")
    assert for_facilitator(store, cohort.id, PROMPT) == []


def test_set_visibility_needs_a_submission(refl, trainee):
    refl.save_draft(trainee.id, MODULE, PROMPT, "draft", 0)
    with pytest.raises(StoreError, match="not been submitted"):
        refl.set_visibility(trainee.id, PROMPT, "cohort")
    with pytest.raises(StoreError, match="Unknown visibility"):
        refl.set_visibility(trainee.id, PROMPT, "world")


# -- feedback --------------------------------------------------------------------------
@pytest.mark.parametrize("visibility", ["private", "cohort"])
def test_feedback_is_refused_on_reflections_not_shared_with_the_facilitator(
    refl, trainee, visibility
):
    _submit(refl, trainee, "words", visibility)
    with pytest.raises(StoreError, match="not shared with the facilitator"):
        refl.give_feedback(trainee.id, PROMPT, 1, "nice")
    assert refl.feedback_for_facilitator(trainee.id, PROMPT) == []


def test_feedback_is_replaced_then_released_per_version(refl, trainee):
    _submit(refl, trainee, "v1", "facilitator")
    _submit(refl, trainee, "v2", "facilitator")
    refl.give_feedback(trainee.id, PROMPT, 1, "first try")
    refl.give_feedback(trainee.id, PROMPT, 1, "on v1", score=3, max_score=5, source="nbgrader")
    refl.give_feedback(trainee.id, PROMPT, 2, "on v2")
    assert [f.comment for f in refl.feedback_for_facilitator(trainee.id, PROMPT)] == [
        "on v1", "on v2"
    ]
    assert refl.get(trainee.id, PROMPT).feedback == ()
    assert refl.release_feedback(trainee.id, PROMPT, version=2) == 1
    assert [f.comment for f in refl.get(trainee.id, PROMPT).feedback] == ["on v2"]
    assert refl.release_feedback(trainee.id, PROMPT) == 1
    assert refl.release_feedback(trainee.id, PROMPT) == 0
    first = refl.get(trainee.id, PROMPT).feedback[0]
    assert (first.grade, first.source) == ("3 out of 5", "nbgrader")


@pytest.mark.parametrize(
    ("score", "max_score", "message"),
    [(6, 5, "does not fit"), (-1, None, "does not fit"), (1, 0, "more than 0")],
)
def test_impossible_grades_are_refused(refl, trainee, score, max_score, message):
    _submit(refl, trainee, "words", "facilitator")
    with pytest.raises(StoreError, match=message):
        refl.give_feedback(trainee.id, PROMPT, 1, "", score=score, max_score=max_score)


def test_feedback_on_a_missing_version_is_refused(refl, trainee):
    _submit(refl, trainee, "words", "facilitator")
    with pytest.raises(StoreError, match="no version 7"):
        refl.give_feedback(trainee.id, PROMPT, 7, "x")


def test_released_feedback_survives_making_the_reflection_private(refl, trainee):
    _submit(refl, trainee, "words", "facilitator")
    refl.give_feedback(trainee.id, PROMPT, 1, "kept for you")
    refl.release_feedback(trainee.id, PROMPT)
    refl.set_visibility(trainee.id, PROMPT, "private")
    assert [f.comment for f in refl.get(trainee.id, PROMPT).feedback] == ["kept for you"]


def test_all_for_lists_only_the_participants_own(refl, trainee, other_trainee):
    _submit(refl, trainee, "mine", "private")
    _submit(refl, other_trainee, "theirs", "private", prompt="another-prompt")
    assert [r.prompt_id for r in refl.all_for(trainee.id)] == [PROMPT]


# -- 30 processes, 100 drafts each, one SQLite file ----------------------------------------
WRITERS, DRAFTS = 30, 100


def _last_text(participant_id: int) -> str:
    return f"participant {participant_id}, draft {DRAFTS - 1}: the last words"


def _write_drafts(db_url, participant_id, prompt, start, results):
    """One trainee kernel: type, save, type, save… as the debounced box does."""
    from commonground import ReflectionModel
    from commonground import open_store as _open

    store = _open(db_url)
    model = ReflectionModel(store, store.people.get(participant_id), prompt)
    failures = 0
    start.wait()
    for i in range(DRAFTS):
        model.edit(f"participant {participant_id}, draft {i}" + (": the last words"
                                                                   if i == DRAFTS - 1 else ""))
        failures += not model.save()
    results.put((participant_id, failures, model.error))
    store.dispose()


def test_thirty_processes_saving_drafts_lose_nothing(db_url, store, cohort, welcome_prompt):
    ids = [store.people.add_participant(cohort.id, f"Writer {i}") for i in range(WRITERS)]
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_write_drafts, args=(db_url, pid, welcome_prompt, start, results))
        for pid in ids
    ]
    for p in procs:
        p.start()
    began = time.monotonic()
    start.set()
    reports = [results.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
    assert all(p.exitcode == 0 for p in procs)
    assert sorted(pid for pid, _, _ in reports) == sorted(ids)
    assert [(pid, f, e) for pid, f, e in reports if f or e] == []
    fresh = open_store(db_url)
    with fresh.read() as conn:
        rows = {r.participant_id: r for r in conn.execute(t.reflections.select())}
    fresh.dispose()
    assert {pid: rows[pid].draft_text for pid in ids} == {pid: _last_text(pid) for pid in ids}
    assert {rows[pid].draft_revision for pid in ids} == {DRAFTS}
    assert time.monotonic() - began < 60


def test_a_draft_save_at_the_pages_revision_checks_all_that_a_save_does(store, cohort,
                                                                       trainee):
    """The one-statement save (the draft there, at the page's revision) still refuses an
    archived cohort and a conflict, saving nothing, as the full save does."""
    from commonground.data.people import CohortArchivedError
    from commonground.data.reflections import DraftConflict

    refl = store.reflections
    assert refl.save_draft(trainee.id, MODULE, PROMPT, "one", 0) == 1  # the row is made
    assert refl.save_draft(trainee.id, MODULE, PROMPT, "two", 1) == 2  # one statement
    with pytest.raises(DraftConflict) as conflict:
        refl.save_draft(trainee.id, MODULE, PROMPT, "stale", 1)
    assert (conflict.value.theirs, conflict.value.revision) == ("two", 2)
    store.people.set_archived(cohort.id, True)
    with pytest.raises(CohortArchivedError):
        refl.save_draft(trainee.id, MODULE, PROMPT, "after the end", 2)
    record = refl.get(trainee.id, PROMPT)
    assert (record.draft_text, record.draft_revision) == ("two", 2)
