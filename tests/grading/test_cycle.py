"""The grading cycle as the dashboard runs it: a child process, real nbgrader, its
progress read from a state file; and the plain messages when something is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from commonground import ReflectionModel
from commonground.admin.cli import main
from commonground.grading.cycle import (
    CycleRunner,
    CycleState,
    Step,
    autograde,
    prepare,
    state_path,
)
from commonground.pages.dashboard import Dashboard
from harness.grading import formgrade, share
from tests._cohorts import facilitator_of

MODULE = "01_safe_environment"
POWER = "safe-env-power"


def _finished(runner: CycleRunner, timeout: float = 120) -> CycleState:
    """Poll the state file as the page does, until the run is over."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = runner.state()
        if state is not None and not state.running:
            return state
        time.sleep(0.3)
    raise AssertionError(f"the run did not finish: {runner.state()}")


@pytest.mark.nbgrader
def test_prepare_then_release_in_the_background(store, db_url, course, cohort, trainee,
                                                 other_trainee, course_dir):
    share(store, course, trainee, MODULE, POWER, "Ana on power.")
    share(store, course, other_trainee, MODULE, POWER, "Ben on power.")
    runner = CycleRunner(cohort.name, db_url, course_dir)
    folder = runner.course_dir  # the cohort's own nbgrader course in the course folder
    assert folder.parent.parent == course_dir.resolve()

    started = time.monotonic()
    first = runner.start("prepare")
    assert first.running and time.monotonic() - started < 2  # the page does not wait
    with pytest.raises(Exception, match="already running"):
        runner.start("prepare")
    state = _finished(runner)
    assert state.phase == "done", state
    assert [s.status for s in state.steps] == ["done", "done", "done"]
    assert state.ready == (MODULE,)
    assert "Ready to grade in formgrader: Module 1: " in state.message
    assert (folder / "exchange").is_dir()  # formgrader's warning is gone
    assert (folder / "autograded" / trainee.public_id / MODULE).is_dir()
    written = state_path(folder, cohort.name).read_text(encoding="utf-8")
    for secret in (trainee.public_id, "Ana", cohort.name):
        assert secret not in written  # no pseudonym or name on disk
    words = " ".join([state.message, *state.problems, *(s.detail for s in state.steps)])
    assert MODULE not in words  # what the page shows: words, never ids
    log = state_path(folder, cohort.name).with_suffix(".log").read_text()
    assert "KeyboardInterrupt" not in log  # no kernel is started, so none is stopped

    # Nothing new: says so, and autogrades nothing.
    runner.start("prepare")
    again = _finished(runner)
    assert again.phase == "done" and again.steps[2].status == "skipped"
    assert "Nothing new since the last run" in again.message

    formgrade(folder, MODULE, trainee.public_id, POWER, 1, "Ana: clear.")
    formgrade(folder, MODULE, other_trainee.public_id, POWER, 0, "Ben: more, please.")
    # The facilitator had already answered Ben on the dashboard: that is kept, in words.
    board = Dashboard(store, facilitator_of(store, cohort))
    [ben] = [i for i in board.awaiting_feedback() if i.participant_id == other_trainee.id]
    board.give_feedback(ben, "From the dashboard.", "complete")

    runner.start("release")
    done = _finished(runner)
    assert done.phase == "done", done
    assert done.problems == ()
    assert "Kept the feedback you gave on the dashboard for 1 answer" in done.steps[0].detail
    assert "1 piece(s) of feedback are now in trainees' journals" in done.message
    seen = ReflectionModel(store, trainee, course.prompt(POWER, MODULE)).feedback
    assert [f.comment for f in seen] == ["Ana: clear."]
    seen = ReflectionModel(store, other_trainee, course.prompt(POWER, MODULE)).feedback
    assert [f.comment for f in seen] == ["From the dashboard."]


@pytest.mark.nbgrader
def test_nobody_sharing_and_no_grades_yet_get_plain_messages(store, course, cohort, trainee,
                                                             course_dir):
    from commonground.grading.cycle import release

    share(store, course, trainee, MODULE, POWER, "Just me.", "private")
    state = prepare(store, cohort.name, course_dir, course=course)
    assert state.phase == "done"
    assert "Nobody in this cohort shares a reflection with you yet" in state.message
    state = release(store, cohort.name, course_dir, course=course)
    assert "No grades to bring back yet" in state.message


def test_an_unknown_cohort_is_a_plain_failure(store, course, course_dir):
    state = prepare(store, "Nobody's cohort", course_dir, course=course)
    assert state.phase == "failed"
    assert "There is no cohort called" in state.message
    assert state.steps[1].status == "failed"


@pytest.mark.nbgrader
def test_an_nbgrader_failure_is_said_in_words(course_dir):
    problem = autograde(course_dir, "no_such_module")
    assert problem and "no_such_module" in problem


def test_a_run_that_died_is_reported_as_stopped(cohort, db_url, course_dir):
    runner = CycleRunner(cohort.name, db_url, course_dir)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path = runner.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CycleState("prepare", steps=(Step("Export", "running"),),
                               pid=dead.pid).to_json())
    state = runner.state()
    assert state.phase == "failed" and "stopped before it finished" in state.message
    assert runner.state() is not None and not runner.state().running
    # A state file from this very process (alive) is still running.
    path.write_text(CycleState("prepare", pid=os.getpid()).to_json())
    assert runner.state().running
    assert json.loads(path.read_text())["phase"] == "running"


def test_a_folder_that_is_not_set_up_is_refused_in_words(cohort, db_url, tmp_path):
    with pytest.raises(Exception, match="not set up"):
        CycleRunner(cohort.name, db_url, tmp_path).start("prepare")


def test_the_command_line_says_each_step(made_db, capsys, tmp_path):
    from commonground.data.store import open_store

    store = open_store(made_db, create=False)
    store.people.create_cohort("Quiet cohort", "Robin")
    store.dispose()
    assert main(["grading", "cycle", "Nobody's cohort", "--db", made_db,
                 "--course-dir", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "There is no cohort called" in out
