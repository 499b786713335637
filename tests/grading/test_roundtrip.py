"""The whole grading cycle with nbgrader's real commands.

Trainees write reflections through the reflection box's model; the facilitator exports,
runs `nbgrader autograde`, grades in formgrader (here: the same gradebook fields
formgrader's handlers set), runs `nbgrader generate_feedback`, imports and releases.
Autograde starts a kernel per submission, so these use a few trainees only.
"""

from __future__ import annotations

import json

import pytest

from commonground import ReflectionModel
from commonground.grading import NOTEBOOK, export_cohort, import_feedback, nbgrader_course
from harness.grading import formgrade, run_nbgrader, share

pytestmark = pytest.mark.nbgrader

MODULE = "01_safe_environment"
POWER, INGREDIENTS = "safe-env-power", "safe-env-ingredients"


def seen_by(store, course, person, prompt_id):
    """The feedback a trainee's reflection box shows them (released feedback only)."""
    return ReflectionModel(store, person, course.prompt(prompt_id, MODULE)).feedback


def grade_of(course_dir, person, prompt_id):
    with nbgrader_course(course_dir).gradebook() as gb:
        g = gb.find_grade(prompt_id, NOTEBOOK, MODULE, person.public_id)
        c = gb.find_comment(prompt_id, NOTEBOOK, MODULE, person.public_id)
        return g.manual_score, g.needs_manual_grade, c.manual_comment


def test_round_trip_each_trainee_sees_exactly_their_own_feedback(
    store, course, cohort, course_dir, trainee, other_trainee, third_trainee
):
    share(store, course, trainee, MODULE, POWER,
          "Ana: the chair asked the family first.\nThen we listened.\n\n- *really* listened")
    share(store, course, trainee, MODULE, INGREDIENTS, "Ana: curiosity is the hard one.")
    share(store, course, other_trainee, MODULE, POWER, "Ben: I felt talked over.")
    share(store, course, third_trainee, MODULE, POWER, "Cat: private, for me only.", "private")

    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert sorted(report.written) == sorted(
        [(trainee.public_id, MODULE), (other_trainee.public_id, MODULE)])
    assert report.answers == 3

    log = run_nbgrader(course_dir, "autograde", MODULE)
    assert third_trainee.public_id not in log
    formgrade(course_dir, MODULE, trainee.public_id, POWER, 1, "Ana, a clear account.")
    formgrade(course_dir, MODULE, trainee.public_id, INGREDIENTS, 1, "Ana, a practical step.")
    formgrade(course_dir, MODULE, other_trainee.public_id, POWER, 0, "Ben, say more on power.")

    run_nbgrader(course_dir, "generate_feedback", MODULE)
    html = (course_dir / "feedback" / trainee.public_id / MODULE / f"{NOTEBOOK}.html").read_text()
    assert "Ana, a clear account." in html and "Ben, say more" not in html

    first = import_feedback(store, cohort.name, course_dir, MODULE, course=course)
    assert (first.imported, first.released, first.skipped) == (3, 0, [])
    assert seen_by(store, course, trainee, POWER) == ()  # not released yet

    second = import_feedback(store, cohort.name, course_dir, MODULE, release=True, course=course)
    assert (second.imported, second.unchanged, second.released) == (0, 3, 3)

    (ana_power,) = seen_by(store, course, trainee, POWER)
    # Formative: the 1 is a completion mark, not a score to show anyone.
    assert (ana_power.comment, ana_power.mark, ana_power.score, ana_power.max_score) == (
        "Ana, a clear account.", "complete", None, None)
    assert (ana_power.version, ana_power.source) == (1, "nbgrader")
    assert [f.comment for f in seen_by(store, course, trainee, INGREDIENTS)] == [
        "Ana, a practical step."]
    assert [(f.comment, f.mark, f.grade) for f in seen_by(store, course, other_trainee, POWER)
            ] == [("Ben, say more on power.", "not_yet", "")]
    assert seen_by(store, course, other_trainee, INGREDIENTS) == ()
    assert seen_by(store, course, third_trainee, POWER) == ()


def test_exporting_again_keeps_grades_and_a_changed_answer_goes_back_for_review(
    store, course, cohort, course_dir, trainee, other_trainee
):
    share(store, course, trainee, MODULE, POWER, "Ana, first version.")
    share(store, course, other_trainee, MODULE, POWER, "Ben, first version.")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    run_nbgrader(course_dir, "autograde", MODULE)
    formgrade(course_dir, MODULE, trainee.public_id, POWER, 1, "Ana, good.")
    formgrade(course_dir, MODULE, other_trainee.public_id, POWER, 0, "Ben, first look.")

    again = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert (again.written, again.unchanged) == ([], 2)
    assert grade_of(course_dir, trainee, POWER) == (1, False, "Ana, good.")

    share(store, course, other_trainee, MODULE, POWER, "Ben, second version.")
    changed = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert changed.written == [(other_trainee.public_id, MODULE)]
    assert grade_of(course_dir, other_trainee, POWER) == (0, False, "Ben, first look.")
    assert grade_of(course_dir, trainee, POWER) == (1, False, "Ana, good.")

    # Before autograde runs again, Ben's grade is still about the version it was given on.
    early = import_feedback(store, cohort.name, course_dir, MODULE, course=course)
    assert early.imported == 2
    assert store.reflections.feedback_for_facilitator(other_trainee.id, POWER)[0].version == 1

    # nbgrader keeps the grade but flags the changed answer for review.
    run_nbgrader(course_dir, "autograde", MODULE)
    assert grade_of(course_dir, other_trainee, POWER) == (0, True, "Ben, first look.")
    later = import_feedback(store, cohort.name, course_dir, MODULE, course=course)
    assert (later.unchanged, later.waiting) == (1, 1)

    formgrade(course_dir, MODULE, other_trainee.public_id, POWER, 1, "Ben, much clearer.")
    last = import_feedback(store, cohort.name, course_dir, MODULE, release=True, course=course)
    assert last.imported == 1
    seen = seen_by(store, course, other_trainee, POWER)
    assert [(f.version, f.comment, f.mark) for f in seen] == [
        (1, "Ben, first look.", "not_yet"), (2, "Ben, much clearer.", "complete")]


def test_a_reflection_no_longer_shared_is_taken_back_out_of_nbgrader(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, MODULE, POWER, "Ana, shared for now.")
    share(store, course, trainee, MODULE, INGREDIENTS, "Ana, staying shared.")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    run_nbgrader(course_dir, "autograde", MODULE)
    run_nbgrader(course_dir, "generate_feedback", MODULE)
    formgrade(course_dir, MODULE, trainee.public_id, POWER, 1, "Ana, thank you.")

    ReflectionModel(store, trainee, course.prompt(POWER, MODULE)).set_visibility("private")
    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert report.withdrawn == [(trainee.public_id, MODULE)]
    for step in ("submitted", "autograded"):
        nb = json.loads(
            (course_dir / step / trainee.public_id / MODULE / f"{NOTEBOOK}.ipynb").read_text())
        text = json.dumps(nb)
        assert "shared for now" not in text, step
        assert "staying shared" in text, step
    assert not list((course_dir / "feedback" / trainee.public_id / MODULE).glob("*.html"))
    # The grade stays in the gradebook, but nothing comes back for a private reflection.
    assert grade_of(course_dir, trainee, POWER)[0] == 1
    imported = import_feedback(store, cohort.name, course_dir, MODULE, course=course)
    assert imported.imported == 0
    assert store.reflections.feedback_for_facilitator(trainee.id, POWER) == []
