"""A role-play played in Voila in Chromium: start, choose, reload mid-way, resume, finish."""

from __future__ import annotations

import pytest

from commonground import open_store
from commonground.pages.scenario import get_scenario
from harness.browser import course_server

pytestmark = pytest.mark.browser


def test_play_reload_resume_finish_by_keyboard(tmp_path, browser):

    url = f"sqlite:///{tmp_path / 'c.db'}"
    scenario = get_scenario("hot_desk")
    with course_server(url, tmp_path / "serve.log") as base:
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"{base}/voila/render/06_competition_and_hot_desks.ipynb")
        page.get_by_label("Sam, key worker (youth housing service)").check()
        page.get_by_role("button", name="Start the role-play").click()
        page.get_by_role("button", name="Leave for now").wait_for()
        first = scenario.nodes[scenario.start_for("key_worker")].choices[0]
        page.get_by_role("button", name=first.label).click()
        page.get_by_text("What happened:").wait_for()

        page.reload()
        page.get_by_role("button", name="Leave for now").wait_for()
        assert page.get_by_text("step 2").count() == 1  # resumed after the first choice

        for _ in range(30):  # keep choosing, by keyboard, until an ending
            if page.get_by_role("heading", name="Debrief").count():
                break
            choice = page.locator(".cg-choices button").first
            choice.focus()
            page.keyboard.press("Enter")
            page.wait_for_timeout(400)
        page.get_by_role("heading", name="Debrief").wait_for()
        assert page.get_by_role("button", name="Play again (choose a role)").count() == 1
        context.close()
    store = open_store(url)
    [who] = store.people.self_paced()  # the one browser that played: its own learner
    [finished] = store.plays.finished(who.id, "hot_desk")
    assert finished.role_id == "key_worker" and finished.ending_id
