"""The scored rubric, with nbgrader's real commands: only for a cohort whose facilitator
turned it on, as a `<module>-scored` assignment worth the rubric's points; a score of 0
is "not yet"; switching over keeps the earlier assignment in step with what is shared."""

from __future__ import annotations

import json

import pytest

from commonground import ReflectionModel
from commonground.admin.cli import main
from commonground.grading import NOTEBOOK, assignment_drift, export_cohort, import_feedback
from commonground.pages.journal import feedback_words
from harness.grading import formgrade, run_nbgrader, share

pytestmark = pytest.mark.nbgrader

MODULE = "01_safe_environment"
SCORED = f"{MODULE}-scored"
POWER, INGREDIENTS = "safe-env-power", "safe-env-ingredients"


def _answer_cells(course_dir, step, student, assignment):
    nb = json.loads((course_dir / step / student / assignment / f"{NOTEBOOK}.ipynb").read_text())
    return {c["id"]: c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")}


def test_a_scored_cohort_is_graded_on_the_rubric(store, course, cohort, course_dir, trainee,
                                                 other_trainee):
    store.assessment.change(cohort.id, scored_rubric=True)
    share(store, course, trainee, MODULE, POWER, "Ana: the chair asked the family first.")
    share(store, course, other_trainee, MODULE, POWER, "Ben: I was talked over.")
    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert report.assignments == [SCORED]
    assert not (course_dir / "submitted" / trainee.public_id / MODULE).exists()
    cells = _answer_cells(course_dir, "submitted", trainee.public_id, SCORED)
    points = course.prompt(POWER, MODULE).points
    assert cells[POWER]["metadata"]["nbgrader"]["points"] == points
    assert assignment_drift(course_dir, course) == []  # generate keeps it in step from now on

    run_nbgrader(course_dir, "autograde", SCORED)
    formgrade(course_dir, SCORED, trainee.public_id, POWER, 2, "Ana, a clear account.")
    formgrade(course_dir, SCORED, other_trainee.public_id, POWER, 0, "Ben, say how.")
    result = import_feedback(store, cohort.name, course_dir, MODULE, release=True,
                             course=course)
    assert (result.imported, result.released, result.skipped) == (2, 2, [])
    (ana,) = ReflectionModel(store, trainee, course.prompt(POWER, MODULE)).feedback
    assert (ana.mark, ana.score, ana.max_score) == ("complete", 2, points)
    assert feedback_words(ana).endswith(f"Complete. Rubric score: 2 out of {points:g}")
    (ben,) = ReflectionModel(store, other_trainee, course.prompt(POWER, MODULE)).feedback
    assert (ben.mark, ben.score) == ("not_yet", 0)


def test_turning_the_rubric_on_later_keeps_the_earlier_assignment_in_step(
        store, course, cohort, course_dir, trainee):
    share(store, course, trainee, MODULE, POWER, "Ana, shared for now.")
    share(store, course, trainee, MODULE, INGREDIENTS, "Ana, staying shared.")
    first = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert first.assignments == [MODULE]
    store.assessment.change(cohort.id, scored_rubric=True)
    ReflectionModel(store, trainee, course.prompt(POWER, MODULE)).set_visibility("private")
    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert report.assignments == [SCORED]
    assert report.withdrawn == [(trainee.public_id, MODULE)]
    earlier = json.dumps(_answer_cells(course_dir, "submitted", trainee.public_id, MODULE))
    assert "shared for now" not in earlier and "staying shared" in earlier
    scored = json.dumps(_answer_cells(course_dir, "submitted", trainee.public_id, SCORED))
    assert "staying shared" in scored and "shared for now" not in scored


def test_generate_writes_the_scored_assignments_when_asked(course_dir, capsys):
    assert main(["grading", "generate", "--scored", "--course-dir", str(course_dir)]) == 0
    assert (course_dir / "source" / SCORED / f"{NOTEBOOK}.ipynb").exists()
    assert main(["grading", "generate", "--check", "--course-dir", str(course_dir)]) == 0
    nb = json.loads((course_dir / "source" / SCORED / f"{NOTEBOOK}.ipynb").read_text())
    rubric = "".join(next(c for c in nb["cells"] if c["id"] == f"{POWER}-rubric")["source"])
    assert "| Not yet | 0 |" in rubric
