"""nbgrader's formgrader, in Chromium, on a course folder the bridge exported.

A real `jupyter server` with nbgrader's formgrader extension runs from the exported
folder (as the facilitator guide says), on a free port with a known token.
"""

from __future__ import annotations

import secrets
import sys
import urllib.request
from contextlib import contextmanager

import pytest

from commonground.grading import export_cohort
from harness.browser import free_port, running_server
from harness.grading import course_copy, course_template, nbgrader_env, run_nbgrader, share
from tests.browser._sections import open_section

pytestmark = [pytest.mark.browser, pytest.mark.nbgrader]

MODULE = "01_safe_environment"
TIMEOUT = 60_000


@contextmanager
def formgrader(course_dir, log_path):
    port, token = free_port(), secrets.token_hex(16)
    argv = [sys.executable, "-m", "jupyter", "server", "--no-browser", "--ip=127.0.0.1",
            f"--port={port}", f"--ServerApp.token={token}", f"--ServerApp.root_dir={course_dir}",
            "--allow-root"]  # CI containers run as root
    base = f"http://127.0.0.1:{port}"

    def ready():
        urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5).read()

    with running_server(argv, port, log_path, env=nbgrader_env(), cwd=course_dir, ready=ready):
        yield base, token


@pytest.fixture
def exported(store, course, cohort, trainee, other_trainee, tmp_path):
    third = store.people.get(store.people.add_participant(cohort.id, "Cat Diaz"))
    share(store, course, trainee, MODULE, "safe-env-power", "Ana wrote <b>this</b> & more.")
    share(store, course, other_trainee, MODULE, "safe-env-power", "Ben's reflection.")
    share(store, course, third, MODULE, "safe-env-power", "Cat's private words.", "private")
    course_dir = course_copy(course_template(tmp_path / "t"), tmp_path)
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    run_nbgrader(course_dir, "autograde", MODULE)
    return course_dir, (trainee.public_id, other_trainee.public_id), third.public_id


def test_formgrader_lists_the_exported_submissions_and_grades_them_anonymously(
    exported, tmp_path
, browser):
    course_dir, shared, private = exported
    from playwright.sync_api import expect

    with formgrader(course_dir, tmp_path / "server.log") as (base, token):
        context = browser.new_context(accept_downloads=True)
        # The facilitator's token, sent with every request the pages make.
        context = browser.new_context(extra_http_headers={"Authorization": f"token {token}"})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)

        page.goto(f"{base}/formgrader/manage_submissions/{MODULE}")
        for student in shared:
            expect(page.get_by_role("gridcell", name=student, exact=True)).to_be_visible()
        assert private not in page.content()

        # Manual grading hides who wrote what: "Submission #n", names only on request.
        page.goto(f"{base}/formgrader/gradebook/{MODULE}/reflections")
        expect(page.get_by_role("link", name="Submission #1")).to_be_visible()
        expect(page.get_by_role("link", name="Submission #2")).to_be_visible()
        for student in shared:
            expect(page.get_by_role("link", name=student)).to_be_hidden()

        # The trainee's words show as text in the grading view: no live HTML.
        shown = []
        for n in (1, 2):
            page.goto(f"{base}/formgrader/gradebook/{MODULE}/reflections")
            page.get_by_role("link", name=f"Submission #{n}").click()
            expect(page.get_by_text("What your facilitator looks for: When did you feel")
                   ).to_be_visible()
            shown.append(page.inner_text("body"))
            assert page.locator("b", has_text="this").count() == 0
        assert sum("Ana wrote <b>this</b> & more." in text for text in shown) == 1
        assert sum("Ben's reflection." in text for text in shown) == 1
        assert not any("Cat's private" in text for text in shown)
        context.close()


def test_the_grading_cycle_from_the_dashboard_with_formgrader_behind_the_sign_in(
        exported, store, course, cohort, trainee, other_trainee, db_url, tmp_path, browser):
    """The facilitator's journey in Chromium: prepare grading on the dashboard, open the
    course server's formgrader from its link (started on first use, for the facilitator
    only, nothing but formgrader's own pages passed through), grade, then bring the
    grades back; the trainee sees the comment."""
    from playwright.sync_api import expect

    from commonground import ReflectionModel
    from commonground.grading import NOTEBOOK, nbgrader_course
    from commonground.grading.folders import cohort_folder
    from harness.browser import course_server
    from tests._cohorts import facilitator_of

    course_dir, shared, private = exported
    facilitator = store.people.issue_link(facilitator_of(store, cohort).id)
    elsewhere = store.people.create_cohort("Northside April 2027", "Sam Lee")
    other_facilitator = store.people.issue_link(facilitator_of(store, elsewhere).id)
    learner = store.people.issue_link(trainee.id)
    env = {"COMMONGROUND_GRADING_DIR": str(course_dir)}
    with course_server(db_url, tmp_path / "serve.log", env=env) as base:
        grader = f"{base}/commonground/formgrader/formgrader"
        # A trainee signed in is refused, in words.
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{base}/?t={learner}", wait_until="commit")  # signs in (a cookie)
        answer = page.goto(f"{grader}/manage_submissions/{MODULE}")
        assert answer.status == 403
        expect(page.get_by_role("alert")).to_contain_text("for this cohort's facilitator")
        context.close()

        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(TIMEOUT * 2)
        page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={facilitator}")
        open_section(page, "Feedback")
        page.get_by_role("button", name="Prepare grading in nbgrader").click()
        expect(page.get_by_text("Grading prepared.")).to_be_visible(timeout=120_000)
        link = page.get_by_role("link", name="Open formgrader to grade and comment")
        with context.expect_page() as opened:
            link.click()
        tab = opened.value
        tab.set_default_timeout(TIMEOUT)
        tab.wait_for_load_state()
        assert tab.url.startswith(f"{grader}/")
        answer = tab.goto(f"{grader}/manage_submissions/{MODULE}")
        assert answer.status == 200
        for student in shared:
            expect(tab.get_by_role("gridcell", name=student, exact=True)).to_be_visible()
        assert private not in tab.content()
        # Grading through the door: formgrader's own API (a PUT) reaches the gradebook.
        tab.goto(f"{grader}/gradebook/{MODULE}/reflections")
        tab.get_by_role("link", name="Submission #1").click()
        tab.wait_for_load_state("networkidle")  # formgrader has read the grades
        score = tab.locator("input.score#safe-env-power")
        score.fill("1")
        score.press("Tab")
        tab.locator("textarea#safe-env-power-comment").fill("Graded through the door.")
        tab.locator("textarea#safe-env-power-comment").press("Tab")
        gradebook = nbgrader_course(cohort_folder(course_dir, cohort.name))
        for _ in range(40):  # formgrader saves on change, in the background
            tab.wait_for_timeout(250)
            with gradebook.gradebook() as gb:
                grades = {s: (gb.find_grade("safe-env-power", NOTEBOOK, MODULE, s).manual_score,
                              gb.find_comment("safe-env-power", NOTEBOOK, MODULE, s
                                              ).manual_comment)
                          for s in shared}
            if (1.0, "Graded through the door.") in grades.values():
                break
        assert (1.0, "Graded through the door.") in grades.values(), grades
        # Nothing else of the Jupyter server behind: no kernels, no files.
        for path in ("api/kernels", "api/contents", "tree", "lab"):
            gone = tab.request.get(f"{base}/commonground/formgrader/{path}")
            assert gone.status == 404, path
        tab.close()

        # Another cohort's facilitator gets their own cohort's formgrader: none of these.
        other = browser.new_context()
        theirs = other.new_page()
        theirs.goto(f"{base}/?t={other_facilitator}", wait_until="commit")
        answer = theirs.goto(f"{grader}/manage_submissions/{MODULE}")
        assert answer.status == 200
        theirs.wait_for_load_state("networkidle")
        assert not any(student in theirs.content() for student in (*shared, private))
        listed = theirs.request.get(f"{grader}/api/assignments")
        assert listed.status == 200
        assert all(a.get("num_submissions", 0) == 0 for a in listed.json()), listed.text()
        other.close()

        page.get_by_role("button", name="Bring grades back and show them to trainees").click()
        expect(page.get_by_text("Grades brought back.")).to_be_visible(timeout=120_000)
        expect(page.get_by_text("1 piece(s) of feedback are now in trainees' journals")
               ).to_be_visible()
        context.close()
    [graded] = [s for s, g in grades.items() if g[0] == 1.0]
    who = trainee if graded == trainee.public_id else other_trainee
    seen = ReflectionModel(store, who, course.prompt("safe-env-power", MODULE)).feedback
    assert [f.comment for f in seen] == ["Graded through the door."]
    assert (cohort_folder(course_dir, cohort.name) / "exchange").is_dir()
