"""The trainee's role-play path goes beside their reflection, read-only, as evidence."""

from __future__ import annotations

import json

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from commonground.data import _schema as t
from commonground.data.store import utcnow
from commonground.grading import NOTEBOOK, export_cohort
from harness.grading import share, shown

MODULE = "06_competition_and_hot_desks"


def play(store, person, steps, scenario="hot_desk", role="key_worker", status="finished",
         ending=None):
    """Record a play as the scenario player does: one row a choice, in order."""
    now = utcnow()
    with store.write() as conn:
        play_id = conn.execute(t.scenario_plays.insert().values(
            participant_id=person.id, scenario_id=scenario, role_id=role, state_json="{}",
            status=status, ending_id=ending, started_at=now, updated_at=now,
            finished_at=now if status == "finished" else None,
        )).inserted_primary_key[0]
        for seq, (node, choice) in enumerate(steps, start=1):
            conn.execute(t.scenario_steps.insert().values(
                play_id=play_id, seq=seq, node_id=node, choice_id=choice, state_json="{}", at=now,
            ))


def exported_cells(course_dir, person):
    path = course_dir / "submitted" / person.public_id / MODULE / f"{NOTEBOOK}.ipynb"
    return json.loads(path.read_text())["cells"]


@pytest.fixture
def prompt_id(course):
    return next(iter(course.prompts(MODULE)))


def test_choices_are_listed_in_order_beside_the_reflection(
    store, course, cohort, course_dir, trainee, other_trainee, prompt_id
):
    share(store, course, trainee, MODULE, prompt_id, "Ana on competition.")
    share(store, course, other_trainee, MODULE, prompt_id, "Ben on competition.")
    play(store, trainee, [("proposal", "sam_asks_questions"), ("manager_says_no", "__back__"),
                          ("proposal", "sam_not_now")], status="playing")
    play(store, other_trainee, [("proposal", "sam_volunteers"),
                                ("manager_says_no", "sam_drops_it")],
         ending="ending_not_this_time")
    export_cohort(store, cohort.name, course_dir, MODULE, course)

    cells = exported_cells(course_dir, trainee)
    ids = [c["id"] for c in cells]
    assert ids.index("scenario-path") == ids.index(prompt_id) + 1  # right under the answer
    evidence = cells[ids.index("scenario-path")]
    assert evidence["metadata"] == {"editable": False, "deletable": False}
    text = shown("".join(evidence["source"])).splitlines()
    assert text[2:] == [
        "The hot desk, as Sam, key worker (youth housing service): not finished",
        "Ask how it would work in practice before you commit",
        "Went back a step",
        "Say it's not for you right now. Your caseload is full",
    ]
    assert "<ol>" in markdown2html_mistune("".join(evidence["source"]))  # a numbered list
    ben = shown("".join(next(c for c in exported_cells(course_dir, other_trainee)
                             if c["id"] == "scenario-path")["source"]))
    assert "Volunteer to trial a desk" in ben and "Not this time" in ben
    assert "Ask how it would work" not in ben  # only their own path


def test_the_evidence_sits_under_the_first_reflection_the_trainee_shared(
    store, course, cohort, course_dir, trainee
):
    second = list(course.prompts(MODULE))[1]
    share(store, course, trainee, MODULE, second, "Ana on the hot desk only.")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    ids = [c["id"] for c in exported_cells(course_dir, trainee)]
    assert ids.index("scenario-path") == ids.index(second) + 1


def test_a_module_with_a_role_play_not_yet_played_says_so(
    store, course, cohort, course_dir, trainee, prompt_id
):
    share(store, course, trainee, MODULE, prompt_id, "Ana on competition.")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    evidence = next(c for c in exported_cells(course_dir, trainee) if c["id"] == "scenario-path")
    assert "No role-play choices are recorded" in "".join(evidence["source"])


def test_modules_without_role_plays_get_no_evidence_cell(
    store, course, cohort, course_dir, trainee
):
    share(store, course, trainee, "00_welcome", "welcome-why-here", "Why I am here.")
    export_cohort(store, cohort.name, course_dir, "00_welcome", course)
    path = course_dir / "submitted" / trainee.public_id / "00_welcome" / f"{NOTEBOOK}.ipynb"
    assert "scenario-path" not in [c["id"] for c in json.loads(path.read_text())["cells"]]


def test_a_new_choice_updates_the_exported_evidence(
    store, course, cohort, course_dir, trainee, prompt_id
):
    share(store, course, trainee, MODULE, prompt_id, "Ana on competition.")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    play(store, trainee, [("proposal", "sam_volunteers")], status="playing")
    report = export_cohort(store, cohort.name, course_dir, MODULE, course)
    assert report.written == [(trainee.public_id, MODULE)]
    evidence = next(c for c in exported_cells(course_dir, trainee) if c["id"] == "scenario-path")
    assert "Volunteer to trial a desk" in "".join(evidence["source"])
