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


def test_the_course_server_runs_formgrader_behind_the_facilitators_sign_in(
        exported, store, cohort, trainee, db_url, tmp_path, browser):
    """`commonground serve` starts formgrader on first use, for the facilitator only,
    and passes nothing but formgrader's own pages through."""
    from playwright.sync_api import expect

    from harness.browser import course_server
    from tests._cohorts import facilitator_of

    course_dir, shared, private = exported
    facilitator = store.people.issue_link(facilitator_of(store, cohort).id)
    learner = store.people.issue_link(trainee.id)
    env = {"COMMONGROUND_GRADING_DIR": str(course_dir)}
    with course_server(db_url, tmp_path / "serve.log", env=env) as base:
        grader = f"{base}/commonground/formgrader/formgrader"
        for token, allowed in ((learner, False), (facilitator, True)):
            context = browser.new_context()
            page = context.new_page()
            page.set_default_timeout(TIMEOUT)
            page.goto(f"{base}/?t={token}", wait_until="commit")  # signs in (a cookie)
            answer = page.goto(f"{grader}/manage_submissions/{MODULE}")
            if not allowed:
                assert answer.status == 403
                expect(page.get_by_role("alert")).to_contain_text("for this cohort's facilitator")
                context.close()
                continue
            assert answer.status == 200
            for student in shared:
                expect(page.get_by_role("gridcell", name=student, exact=True)).to_be_visible()
            assert private not in page.content()
            # Grading through the door: formgrader's own API (a PUT) reaches the gradebook.
            page.goto(f"{grader}/gradebook/{MODULE}/reflections")
            page.get_by_role("link", name="Submission #1").click()
            page.wait_for_load_state("networkidle")  # formgrader has read the grades
            score = page.locator("input.score#safe-env-power")
            score.fill("1")
            score.press("Tab")
            page.locator("textarea#safe-env-power-comment").fill("Graded through the door.")
            page.locator("textarea#safe-env-power-comment").press("Tab")
            page.wait_for_timeout(1500)  # formgrader saves on change
            from commonground.grading import NOTEBOOK, nbgrader_course

            with nbgrader_course(course_dir).gradebook() as gb:
                grades = [(gb.find_grade("safe-env-power", NOTEBOOK, MODULE, s).manual_score,
                           gb.find_comment("safe-env-power", NOTEBOOK, MODULE, s).manual_comment)
                          for s in shared]
            assert (1.0, "Graded through the door.") in grades, grades
            # Nothing else of the Jupyter server behind: no kernels, no files.
            for path in ("api/kernels", "api/contents", "tree", "lab"):
                gone = page.request.get(f"{base}/commonground/formgrader/{path}")
                assert gone.status == 404, path
            context.close()
    assert (course_dir / "exchange").is_dir()
