"""`commonground grading export`: what goes into nbgrader, and what never does.

These run nbgrader's own Python API in-process (the gradebook, generate_assignment), but
not `nbgrader autograde`; the round trip with the real commands is in
test_grading_roundtrip.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from commonground.grading import (
    NOTEBOOK,
    GradingError,
    as_markdown_text,
    export_cohort,
    nbgrader_course,
)
from harness.grading import share as _share

MODULE = "01_safe_environment"
POWER, INGREDIENTS = "safe-env-power", "safe-env-ingredients"


def share(store, course, person, prompt_id, text, visibility="facilitator"):
    return _share(store, course, person, MODULE, prompt_id, text, visibility)


def submitted(course_dir, person, assignment=MODULE) -> dict:
    path = course_dir / "submitted" / person.public_id / assignment / f"{NOTEBOOK}.ipynb"
    return json.loads(path.read_text())


def answer(nb: dict, prompt_id: str) -> str:
    return next("".join(c["source"]) for c in nb["cells"] if c["id"] == prompt_id)


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_only_reflections_shared_with_the_facilitator_leave_the_course(
    store, course, cohort, course_dir, trainee, other_trainee, third_trainee
):
    share(store, course, trainee, POWER, "Ana shares this with Robin")
    share(store, course, other_trainee, POWER, "Ben shares this with the cohort", "cohort")
    share(store, course, third_trainee, POWER, "Cat keeps this to herself", "private")
    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert report.written == [(trainee.public_id, MODULE)]
    assert sorted(p.name for p in (course_dir / "submitted").iterdir()) == [trainee.public_id]
    everything = every_byte(course_dir)
    assert b"Ana shares this" in everything
    assert b"Ben shares" not in everything and b"Cat keeps" not in everything
    with nbgrader_course(course_dir).gradebook() as gb:
        assert [s.id for s in gb.students] == [trainee.public_id]
        assert [s.student.id for s in gb.assignment_submissions(MODULE)] == [trainee.public_id]


def test_answers_fill_the_matching_cells_of_the_released_notebook(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, INGREDIENTS, "Curiosity is hard.\nWe rush.")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    nb = submitted(course_dir, trainee)
    released = json.loads((course_dir / "release" / MODULE / f"{NOTEBOOK}.ipynb").read_text())
    assert answer(nb, INGREDIENTS) == as_markdown_text("Curiosity is hard.\nWe rush.")
    assert answer(nb, POWER) == answer(released, POWER)  # not shared: the released stub
    ids = [c["id"] for c in nb["cells"]]
    assert [i for i in ids if i != "scenario-path"] == [c["id"] for c in released["cells"]]
    stamp = (course_dir / "submitted" / trainee.public_id / MODULE / "timestamp.txt").read_text()
    submitted_at = store.reflections.get(trainee.id, INGREDIENTS).latest.submitted_at
    assert dt.datetime.fromisoformat(stamp.strip()).replace(tzinfo=None) == submitted_at.replace(
        tzinfo=None)


def test_names_stay_in_the_course_only_pseudonyms_go_to_nbgrader(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, POWER, "Some words")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    everything = every_byte(course_dir)
    for private in (trainee.display_name, trainee.agency, trainee.role):
        assert private.encode() not in everything
    with nbgrader_course(course_dir).gradebook() as gb:
        student = gb.find_student(trainee.public_id)
        assert (student.first_name, student.last_name, student.email) == (None, None, None)


def test_exporting_again_changes_nothing_when_nothing_changed(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, POWER, "First thoughts")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    folder = course_dir / "submitted" / trainee.public_id / MODULE
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    again = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert (again.written, again.unchanged) == ([], 1)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()} == before


def test_a_new_version_is_exported_with_a_later_timestamp(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, POWER, "First thoughts")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    stamp = course_dir / "submitted" / trainee.public_id / MODULE / "timestamp.txt"
    first = dt.datetime.fromisoformat(stamp.read_text().strip())
    share(store, course, trainee, POWER, "Second thoughts")
    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert report.written == [(trainee.public_id, MODULE)]
    assert answer(submitted(course_dir, trainee), POWER) == "Second thoughts"
    assert dt.datetime.fromisoformat(stamp.read_text().strip()) > first


def test_sharing_an_older_reflection_later_still_moves_the_timestamp_on(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, INGREDIENTS, "Written first, kept private", "private")
    share(store, course, trainee, POWER, "Written second, shared")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    stamp = course_dir / "submitted" / trainee.public_id / MODULE / "timestamp.txt"
    first = dt.datetime.fromisoformat(stamp.read_text().strip())
    store.reflections.set_visibility(trainee.id, INGREDIENTS, "facilitator")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert dt.datetime.fromisoformat(stamp.read_text().strip()) > first
    assert "kept private" in answer(submitted(course_dir, trainee), INGREDIENTS)


def test_unknown_assignment_is_refused_with_the_list(store, course, cohort, course_dir):
    with pytest.raises(GradingError, match=r"no assignment called '99_x'.*01_safe_environment"):
        export_cohort(store, cohort.name, course_dir, "99_x", course)


def test_a_folder_without_nbgrader_config_is_refused(store, course, cohort, tmp_path):
    with pytest.raises(GradingError, match=r"not an nbgrader course folder.*grading generate"):
        export_cohort(store, cohort.name, tmp_path, MODULE, course)


def test_assignments_out_of_date_with_the_prompts_are_refused(
    store, course, cohort, course_dir, trainee
):
    source = course_dir / "source" / MODULE / f"{NOTEBOOK}.ipynb"
    source.write_text(source.read_text().replace('"points": 1', '"points": 2', 1))
    share(store, course, trainee, POWER, "Words")
    with pytest.raises(GradingError, match=r"out of date.*grading generate"):
        export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert not (course_dir / "submitted").exists()
