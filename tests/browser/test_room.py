"""The room moves together, by invitation, in Chromium: the facilitator moves the room
from the presenter view, and a trainee's open module page shows the banner within
seconds (nobody is moved), with a link that opens the module the group is at; a pause
and a break show as banners while what the trainee is writing stays in its box; a live
check-in is offered on the page and answered."""

from __future__ import annotations

import time

import pytest

from commonground import open_store
from commonground.admin.cohorts import ensure_facilitator
from harness.browser import course_server

pytestmark = pytest.mark.browser

PLAY = "Role-play — Coming back to a team under strain"


def test_the_room_moves_and_a_trainee_is_invited(tmp_path, browser):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    with course_server(url, tmp_path / "serve.log") as base:
        store = open_store(url, create=False)
        try:
            cohort = store.people.create_cohort("Southside", "Robin Ng")
            ana = store.people.add_participant(cohort.id, "Ana Lee", "Housing")
            lead_token = store.people.issue_link(ensure_facilitator(store, cohort))
            ana_token = store.people.issue_link(ana)
        finally:
            store.dispose()
        lead_context, ana_context = browser.new_context(), browser.new_context()
        lead, trainee = lead_context.new_page(), ana_context.new_page()
        for page in (lead, trainee):
            page.set_default_timeout(90_000)
        trainee.goto(f"{base}/voila/render/00_welcome.ipynb?t={ana_token}")
        box = trainee.get_by_role("textbox").first
        box.wait_for()
        box.fill("Half a thought")
        lead.goto(f"{base}/voila/render/presenter.ipynb?t={lead_token}")
        lead.get_by_label("Move the room to").select_option(label=f"\u00a0\u00a0\u00a0{PLAY}")
        lead.get_by_role("button", name="Move the room").click()
        moved = time.monotonic()
        banner = trainee.get_by_role("status").filter(has_text="The group is now at")
        banner.wait_for(timeout=15_000)
        seconds = time.monotonic() - moved
        print(f"banner shown {seconds:.1f} s after the move")
        assert seconds < 10
        assert f"The group is now at: {PLAY}." in banner.inner_text()
        assert "00_welcome" in trainee.url  # invited, not moved

        lead.get_by_role("button", name="Pause for everyone").click()
        trainee.get_by_text("Your facilitator has paused the group").wait_for(timeout=15_000)
        lead.get_by_role("button", name="Take a break").click()
        trainee.get_by_text("Break: back at").wait_for(timeout=15_000)
        assert box.input_value() == "Half a thought"  # nothing the trainee wrote is lost
        lead.get_by_role("button", name="Carry on").click()
        lead.get_by_role("button", name="Ask how everyone is arriving").click()
        trainee.get_by_text("How are you arriving?").first.wait_for(timeout=15_000)
        trainee.get_by_role("button", name="4", exact=True).click()
        trainee.get_by_label("In one word (optional)").fill("curious")
        trainee.get_by_role("button", name="Send", exact=True).click()
        trainee.get_by_text("your answer is in, without your name").wait_for()
        go = trainee.get_by_role("link", name="Go there")
        go.wait_for(timeout=15_000)
        go.click()
        trainee.wait_for_url("**/03_trauma_informed.ipynb*")
        trainee.get_by_text(f"The group is now at: {PLAY}, on this page.").wait_for()
        lead_context.close()
        ana_context.close()
