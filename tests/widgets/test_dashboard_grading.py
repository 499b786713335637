"""The dashboard's grading section: buttons that run the cycle in the background, its
progress in words, the link to formgrader, and plain messages when there is nothing."""

from __future__ import annotations

import html
import time

import pytest

from commonground.grading.cycle import CycleRunner
from harness.grading import share
from tests._cohorts import facilitator_of
from widgets.dashboard import DashboardView
from widgets.dashboard_grading import FORMGRADER_PATH, formgrader_address

MODULE, POWER = "01_safe_environment", "safe-env-power"


def test_the_formgrader_is_the_hubs_service_or_the_course_servers():
    assert formgrader_address("Southside March 2027", on_hub=True) == (
        "/services/formgrader-southside-march-2027/formgrader")
    assert formgrader_address("Southside March 2027", on_hub=False) == FORMGRADER_PATH


@pytest.mark.nbgrader
def test_prepare_from_the_page_shows_progress_then_the_formgrader_link(
        store, db_url, course, cohort, trainee, course_dir, views):
    share(store, course, trainee, MODULE, POWER, "Ana on power.")
    view = views(DashboardView, store, facilitator_of(store, cohort),
                 grading=CycleRunner(cohort.name, db_url, course_dir))
    section = view.grading
    assert "Open formgrader" not in section.progress.value  # nothing prepared yet
    started = time.monotonic()
    section.prepare_button.click()
    assert time.monotonic() - started < 2  # the kernel does not wait for nbgrader
    assert section.prepare_button.disabled  # no second run while one is going
    assert "Grading started" in view.message.value
    state = section.wait(120)
    assert state is not None and state.phase == "done", state
    shown = html.unescape(section.progress.value)
    assert "Grading prepared." in shown and "<strong>Autograde in nbgrader</strong>: done" in shown
    assert f'href="{FORMGRADER_PATH}"' in shown and MODULE not in shown
    assert not section.prepare_button.disabled


def test_a_folder_without_nbgrader_gives_a_plain_message(store, cohort, tmp_path, views):
    view = views(DashboardView, store, facilitator_of(store, cohort),
                 grading=CycleRunner(cohort.name, "sqlite:///nowhere.db", tmp_path))
    view.grading.release_button.click()
    assert "is not set up" in view.message.value
    assert view.grading.state is None
